"""The rule register (decision_trees/regler.yml, veiviser.regler): every quote word for word in its section,
unique ids, only known ids in the trees, the register derived from the trees, and make check's notices."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from jinja2 import Environment, FileSystemLoader

import veiviser
from veiviser.regler import RULES_FILE, gaps, load_rules, register
from veiviser.roles import roles_from_config_file

HERE = Path(__file__).parent
ROOT = HERE.parent.parent
TREES = ROOT / "decision_trees"


@pytest.fixture(scope="module")
def rules(real_anchors):
    return load_rules(TREES / RULES_FILE, anchors=real_anchors)


def _rules_file(tmp_path: Path, body: str) -> Path:
    path = tmp_path / RULES_FILE
    path.write_text("regler:\n" + body, encoding="utf-8")
    return path


def _problems(path: Path, anchors) -> list[veiviser.Problem]:
    with pytest.raises(veiviser.GuideError) as error:
        load_rules(path, anchors=anchors)
    return error.value.problems


# -- the rules file ---------------------------------------------------------------------------------


def test_every_rule_of_the_register_is_quoted_from_its_section(rules, real_anchors):
    assert len(rules) >= 90, "every normative sentence of the guidelines has a rule"
    for rule in rules.values():
        section = veiviser.model.plain_text(real_anchors.section_html(rule.page, rule.anchor) or "")
        assert " ".join(rule.quote.split()) in " ".join(section.split()), rule.id
        assert rule.section_title and rule.page_title, rule.id
    reasons = [r for r in rules.values() if r.only_in_handbook]
    assert reasons and all(len(r.only_in_handbook) > 20 for r in reasons), "«bare i håndboka» comes with a reason"


def test_a_quote_may_differ_in_whitespace_only(tmp_path, real_anchors):
    path = _rules_file(tmp_path, "  - id: svar-samme-dag\n    sitat: >-\n      Innlegg bør besvares   samme dag\n"
                                 "      som de er publisert.\n    kilde: pa-vegne-av-kommunen.md#svartid\n")
    assert list(load_rules(path, anchors=real_anchors)) == ["svar-samme-dag"]
    changed = _rules_file(tmp_path, "  - id: svar-samme-dag\n    sitat: Innlegg skal besvares samme dag som de er "
                                    "publisert.\n    kilde: pa-vegne-av-kommunen.md#svartid\n")
    [problem] = _problems(changed, real_anchors)
    assert problem.line == 3 and problem.file == changed
    assert problem.message == "Sitatet i regelen «svar-samme-dag» står ikke ordrett i «pa-vegne-av-kommunen.md#svartid» i håndboka."
    assert "Kopier setningen ordrett fra håndboka" in problem.fix


def test_a_quote_from_another_section_names_the_section_it_stands_in(tmp_path, real_anchors):
    path = _rules_file(tmp_path, "  - id: slett-aldri\n    kilde: pa-vegne-av-kommunen.md#svartid\n"
                                 "    sitat: Vi sletter aldri slike innlegg.\n")
    [problem] = _problems(path, real_anchors)
    assert problem.line == 4
    assert "står ikke ordrett i «pa-vegne-av-kommunen.md#svartid»" in problem.message
    assert problem.fix.startswith("Setningen står i «pa-vegne-av-kommunen.md#negativ-omtale»: rett «kilde» dit.")
    text = str(veiviser.GuideError([problem]))
    assert text.startswith(f"Fant 1 feil i veiviserne (én fil):\n\n{path.as_posix()}, linje 4: Sitatet")
    assert "Slik retter du det:" in text


def test_an_editors_note_is_no_source_of_a_rule(tmp_path, real_anchors):
    # The note under «Journalføring og arkivering» is the editors', not the guidelines' text.
    path = _rules_file(tmp_path, "  - id: nasjonalarkivet\n    sitat: Arkivverket heter nå Nasjonalarkivet.\n"
                                 "    kilde: pa-vegne-av-kommunen.md#journalforing\n")
    [problem] = _problems(path, real_anchors)
    assert "står ikke ordrett" in problem.message


def test_a_rule_id_used_twice_stops_the_build(tmp_path, real_anchors):
    rule = "  - id: svar-samme-dag\n    sitat: Innlegg bør besvares samme dag som de er publisert.\n" \
           "    kilde: pa-vegne-av-kommunen.md#svartid\n"
    path = _rules_file(tmp_path, rule + rule)
    [problem] = _problems(path, real_anchors)
    assert problem.line == 5
    assert problem.message == "Regelen «svar-samme-dag» står to ganger (linje 2 og linje 5)."
    assert "Gi den ene regelen et annet navn" in problem.fix


@pytest.mark.parametrize("body,expected", [
    ("  - id: svar\n    sitat: Noe.\n", "Regelen mangler feltet «kilde»."),
    ("  - id: Svar Samme\n    sitat: Noe.\n    kilde: a.md#b\n", "«Svar Samme» kan ikke brukes som navn på en regel"),
    ("  - id: svar\n    sitat: Innlegg bør besvares samme dag som de er publisert.\n    kilde: pa-vegne-av-kommunen.md#svartidd\n",
     "Kilden «pa-vegne-av-kommunen.md#svartidd» til regelen «svar» finnes ikke i håndboka."),
    ("  - id: svar\n    sitat: Noe.\n    kilde: a.md#b\n    grunn: x\n", "Ukjent felt «grunn» i en regel."),
    ("  - Noe\n", "En regel skal ha feltene «id», «sitat» og «kilde»"),
])
def test_a_broken_rule_is_explained(tmp_path, real_anchors, body, expected):
    problems = _problems(_rules_file(tmp_path, body), real_anchors)
    assert any(p.message.startswith(expected) for p in problems), [p.message for p in problems]
    assert all(p.line and p.fix for p in problems)


def test_no_rules_file_is_an_empty_register(tmp_path, real_anchors):
    assert load_rules(tmp_path / RULES_FILE, anchors=real_anchors) == {}


def test_the_rules_file_is_no_guide():
    assert TREES / RULES_FILE not in veiviser.guide_files(TREES)


# -- the trees name the rules ---------------------------------------------------------------------------


def _copy_trees(tmp_path: Path) -> Path:
    trees = tmp_path / "decision_trees"
    shutil.copytree(TREES, trees)
    return trees


def test_an_unknown_rule_in_a_tree_stops_the_build(tmp_path, real_anchors, rules):
    trees = _copy_trees(tmp_path)
    path = trees / "svare-pa-innlegg.yml"
    text = path.read_text(encoding="utf-8")
    edited = text.replace("regler: [positive-valgfritt,", "regler: [positive-valgfri,", 1)
    assert edited != text
    path.write_text(edited, encoding="utf-8")
    line = edited.splitlines().index(next(s for s in edited.splitlines() if "positive-valgfri," in s)) + 1
    with pytest.raises(veiviser.GuideError) as error:
        veiviser.load_guides(trees, anchors=real_anchors, rules=rules)
    [problem] = error.value.problems
    assert (problem.file, problem.line, problem.step) == (path, line, "positivt-innlegg")
    assert problem.message.startswith("Regelen «positive-valgfri» under «regler» finnes ikke i regelregisteret")
    assert problem.fix.startswith("Mente du «positive-valgfritt»?")


def test_the_register_is_derived_from_the_trees(tmp_path, real_anchors, rules, real_guides):
    uses = {u.rule.id: u for u in register(rules, real_guides)}
    assert list(uses) == list(rules)
    for guide in real_guides:
        for outcome in guide.outcomes:
            for rule_id in outcome.rules:
                assert (guide.id, outcome.id) in [(g.id, o.id) for g, o in uses[rule_id].outcomes]
    # One outcome stops naming a rule that only it gives: the register changes, and the rule is a gap.
    only = next(u for u in uses.values() if len(u.outcomes) == 1)
    guide, outcome = only.outcomes[0]
    trees = _copy_trees(tmp_path)
    path = trees / f"{guide.id}.yml"
    text = path.read_text(encoding="utf-8")
    edited = re.sub(rf"^(    regler: \[.*?)\b{only.rule.id}\b(, )?", r"\1", text, count=1, flags=re.M)
    edited = edited.replace(", ]", "]")
    assert edited != text
    path.write_text(edited, encoding="utf-8")
    changed = {u.rule.id: u for u in register(rules, veiviser.load_guides(trees, anchors=real_anchors, rules=rules))}
    assert changed[only.rule.id].outcomes == ()
    assert only.rule in gaps(changed.values())
    assert only.rule not in gaps(uses.values())
    def ids(found):
        return {i: [(g.id, o.id) for g, o in u.outcomes] for i, u in found.items() if i != only.rule.id}

    assert ids(changed) == ids(uses), "the other rules keep their outcomes"


def test_a_rule_marked_only_in_the_handbook_is_no_gap(rules, real_guides):
    uses = register(rules, real_guides)
    for use in uses:
        if not use.outcomes:
            assert use.is_gap == (use.rule.only_in_handbook is None)
    assert {r.id for r in gaps(uses)} == {u.rule.id for u in uses if not u.outcomes and not u.rule.only_in_handbook}


# -- make check's notices ------------------------------------------------------------------------------


def run_check(*args: str, cwd: Path) -> subprocess.CompletedProcess:
    env = {k: v for k, v in os.environ.items() if k != "VEIVISER_DEBUG"}
    result = subprocess.run([sys.executable, "-m", "veiviser", *args], cwd=cwd, env=env, capture_output=True,
                            text=True, timeout=120)
    assert "Traceback" not in result.stdout + result.stderr
    return result


def test_make_check_prints_the_gaps_and_the_roles_without_contact_but_passes(rules, real_guides):
    result = run_check(cwd=ROOT)
    assert result.returncode == 0, result.stderr
    missing = gaps(register(rules, real_guides))
    assert f"Regelregisteret: {len(rules)} regler" in result.stdout
    if missing:
        assert "Merk: Disse reglene gir ingen veiviser" in result.stdout
        for rule in missing:
            assert f"  {rule.id} ({rule.source}): {rule.quote}" in result.stdout
    roles = roles_from_config_file(ROOT / "mkdocs.yml")
    empty = [r.key for r in roles.values() if not (r.email or r.phone)]
    assert empty, "the roles are not filled in yet"
    notice = next(line for line in result.stdout.splitlines() if "mangler kontaktinformasjon" in line)
    assert notice.startswith("Merk: ") and notice.endswith(f"hovedadresse: {', '.join(empty)}.")
    from veiviser.siteconfig import municipality, read_config_file

    kommune = municipality(read_config_file(ROOT / "mkdocs.yml"))
    placeholder = "Merk: «Meld fra om feil» går til kommunens hovedadresse til redaksjonens egen adresse er fylt inn"
    assert (placeholder in result.stdout) == (kommune["redaksjon_epost"] == kommune["hovedadresse"])
    assert ("sentralbordets telefonnummer er ikke fylt inn" in result.stdout) == (not kommune["sentralbord"])


def test_make_check_refuses_a_municipality_nobody_can_be_reached_at(tmp_path):
    trees = _copy_trees(tmp_path)
    shutil.copytree(ROOT / "docs", tmp_path / "docs")
    config = (ROOT / "mkdocs.yml").read_text(encoding="utf-8")
    edited = config.replace("hovedadresse: &hovedadresse postmottak@hattfjelldal.kommune.no",
                            "hovedadresse: &hovedadresse \"\"")
    assert edited != config
    (tmp_path / "mkdocs.yml").write_text(edited, encoding="utf-8")
    result = run_check(str(trees), cwd=tmp_path)
    assert result.returncode == 1
    assert "Både «sentralbord» og «hovedadresse» under «extra: kommune:» i mkdocs.yml mangler" in result.stderr
    assert "Slik retter du det: Fyll inn minst én av dem" in result.stderr


# -- the switchboard fallback, rendered ------------------------------------------------------------------


@pytest.fixture(scope="module")
def contact():
    env = Environment(loader=FileSystemLoader(str(ROOT / "overrides")), autoescape=True)
    return env.get_template("partials/kontakt.html").module


def test_a_role_without_contact_gets_the_switchboard_and_the_main_address(contact):
    html = str(contact.reserve({"sentralbord": "12 34 56 78", "hovedadresse": "post@kommune.no"}, "Webansvarlig"))
    assert '<a href="tel:12345678">12 34 56 78</a>' in html
    assert '<a href="mailto:post@kommune.no">post@kommune.no</a>' in html
    text = " ".join(re.sub(r"<[^>]+>", "", html).split())
    assert text == ("Kontaktinformasjon er ikke fylt inn ennå. Ring kommunens sentralbord på 12 34 56 78 eller skriv "
                    "til kommunens hovedadresse post@kommune.no, og spør etter webansvarlig.")


def test_without_a_switchboard_number_the_main_address_is_given(contact):
    html = str(contact.reserve({"sentralbord": "", "hovedadresse": "post@kommune.no"}, "Kriseledelsen"))
    assert "tel:" not in html and "sentralbord" not in html
    assert " ".join(re.sub(r"<[^>]+>", "", html).split()).endswith(
        "Skriv til kommunens hovedadresse post@kommune.no, og spør etter kriseledelsen.")
