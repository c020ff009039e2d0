"""Practice cases («øvelser»): the real cases, broken cases, the JSON Schema, and tree edits.

Broken cases are data-driven, like ``test_veiviser_bad_fixtures.py``:
``fixtures/ovelser/bad/<name>.yml`` is a case with exactly one kind of mistake, checked
against the small guides in ``fixtures/good``; ``<name>.expected`` lists substrings, one per
line, that one single problem's message must all contain (a line starting with ``!`` must
appear nowhere in the error).
"""

from __future__ import annotations

import dataclasses
import json
import re
import shutil
from pathlib import Path

import pytest
import yaml
from support import jsonable, schema_validator, yaml_as_json

import veiviser
from veiviser.__main__ import main
from veiviser.ovelser import ALLOWED, REQUIRED

HERE = Path(__file__).parent
ROOT = HERE.parent.parent
TREES = ROOT / "decision_trees"
REAL = TREES / veiviser.CASES_FOLDER
DOCS = ROOT / "docs"
README = TREES / "README.md"
SCHEMA_FILE = TREES / "ovelse.schema.json"
FIXTURES = HERE / "fixtures" / "ovelser"
BAD = FIXTURES / "bad"
GOOD = FIXTURES / "good"

BAD_NAMES = sorted(p.stem for p in BAD.glob("*.yml"))
REAL_IDS = sorted(p.stem for p in REAL.glob("*.yml") if not p.name.startswith("_"))


@pytest.fixture(scope="module")
def real_guides() -> list[veiviser.Guide]:
    return veiviser.load_guides(TREES, anchors=veiviser.AnchorIndex.from_docs(DOCS, exclude=["includes"]))


@pytest.fixture(scope="module")
def real_cases(real_guides) -> list[veiviser.Case]:
    return veiviser.load_cases(REAL, real_guides)


@pytest.fixture()
def fixture_guides(good_guides) -> list[veiviser.Guide]:
    return list(good_guides.values())


def _by_id(guides: list[veiviser.Guide]) -> dict[str, veiviser.Guide]:
    return {g.id: g for g in guides}


# ----------------------------------------------------------------------
# The real cases in decision_trees/ovelser/


def test_every_real_case_passes(real_guides, real_cases):
    assert len(real_cases) >= 14
    assert sorted(c.id for c in real_cases) == REAL_IDS
    guides = _by_id(real_guides)
    for case in real_cases:
        assert veiviser.is_valid_id(case.id) and case.id.isascii(), case.id
        result = veiviser.follow(guides[case.guide], list(case.answers))
        assert result.reached and result.outcome == case.outcome, case.id
        assert result.choices == case.choices
        assert case.title and case.situation_html and case.reasoning_html


def test_real_cases_cover_every_guide(real_guides, real_cases):
    assert {c.guide for c in real_cases} == {g.id for g in real_guides}


def test_real_cases_are_numbered_in_order(real_cases):
    numbers = [c.number for c in real_cases]
    assert all(n >= 1 for n in numbers)
    assert len(set(numbers)) == len(numbers)
    assert numbers == sorted(numbers)


def test_real_cases_include_unsure_and_tempting_wrong_choices(real_cases):
    assert any(veiviser.UNSURE_LABEL in c.answers for c in real_cases)
    tempting = [c for c in real_cases if "Fristende feilvalg" in c.reasoning_html]
    assert len(tempting) >= 2


def test_real_case_files_point_editors_to_the_schema():
    for case_id in REAL_IDS:
        first = (REAL / f"{case_id}.yml").read_text(encoding="utf-8").splitlines()[0]
        assert first == "# yaml-language-server: $schema=../ovelse.schema.json", case_id


def test_cli_reports_the_cases(capsys):
    assert main([str(TREES), "--docs", str(DOCS)]) == 0
    out = capsys.readouterr().out
    assert f"{len(REAL_IDS)} øvelser i «ovelser/» stemmer med veiviserne." in out


# ----------------------------------------------------------------------
# Valid fixture cases, and what is read


def test_good_fixture_cases_load_in_order(fixture_guides):
    cases = veiviser.load_cases(GOOD, fixture_guides)
    # _utkast.yml (broken YAML) and notater.txt are not read; cases without nr come last.
    assert [c.id for c in cases] == ["usikker", "klage-enkeltsak", "bilde-uten-nr"]
    usikker, klage, bilde = cases
    assert usikker.answers == ("Jeg er usikker",)
    assert usikker.choices == (("hva-slags-innlegg", None),)
    assert klage.number == 2 and klage.guide == "svare-pa-innlegg" and klage.outcome == "ikke-svar-offentlig"
    assert klage.choices == (("hva-slags-innlegg", 2), ("klage", 0))
    assert "<strong>sin egen</strong>" in klage.situation_html
    assert klage.path == GOOD / "klage-enkeltsak.yml"
    assert bilde.number == 0


def test_missing_folder_means_no_cases(tmp_path, fixture_guides):
    assert veiviser.load_cases(tmp_path / "finnes-ikke", fixture_guides) == []


def test_answers_ignore_case_and_spaces(tmp_path, fixture_guides):
    text = (GOOD / "klage-enkeltsak.yml").read_text(encoding="utf-8")
    (tmp_path / "klage.yml").write_text(text.replace("- Det er en klage", "-   det er en  KLAGE"), encoding="utf-8")
    [case] = veiviser.load_cases(tmp_path, fixture_guides)
    assert case.choices == (("hva-slags-innlegg", 2), ("klage", 0))


# ----------------------------------------------------------------------
# Broken cases (data-driven)


def _expected(name: str) -> tuple[list[str], list[str]]:
    lines = [l for l in (BAD / f"{name}.expected").read_text(encoding="utf-8").splitlines() if l.strip()]
    return [l for l in lines if not l.startswith("!")], [l[1:] for l in lines if l.startswith("!")]


def test_every_bad_fixture_has_expectations():
    assert len(BAD_NAMES) >= 25
    for name in BAD_NAMES:
        assert (BAD / f"{name}.expected").is_file(), name
    assert not set(p.stem for p in BAD.glob("*.expected")) - set(BAD_NAMES)


@pytest.mark.parametrize("name", BAD_NAMES)
def test_bad_case(name: str, tmp_path: Path, fixture_guides, monkeypatch):
    shutil.copy(BAD / f"{name}.yml", tmp_path)
    monkeypatch.chdir(tmp_path)  # paths in messages are relative to the working directory
    with pytest.raises(veiviser.VeiviserFeil) as info:
        veiviser.load_cases(Path("."), fixture_guides)
    text = str(info.value)
    must, must_not = _expected(name)
    assert "Traceback" not in text
    assert info.value.problems, "VeiviserFeil without problems"
    problems = [str(p) for p in info.value.problems]
    assert any(all(s in p for s in must) for p in problems), f"no single problem contains all of {must!r}:\n{text}"
    for s in must_not:
        assert s not in text, f"unexpected {s!r} in:\n{text}"
    for problem in info.value.problems:
        assert problem.message.strip() and problem.fix.strip()
        assert str(problem).startswith(f"{name}.yml")  # the message names the case file


def test_all_broken_cases_are_reported_at_once(tmp_path, fixture_guides):
    for path in BAD.glob("*.yml"):
        shutil.copy(path, tmp_path)
    shutil.copy(GOOD / "usikker.yml", tmp_path)
    with pytest.raises(veiviser.VeiviserFeil) as info:
        veiviser.load_cases(tmp_path, fixture_guides)
    named = {p.file.name for p in info.value.problems}
    assert named == {f"{name}.yml" for name in BAD_NAMES}


def test_file_name_with_aeoa(tmp_path, fixture_guides):
    shutil.copy(GOOD / "usikker.yml", tmp_path / "brøyting-på-vei.yml")
    with pytest.raises(veiviser.VeiviserFeil) as info:
        veiviser.load_cases(tmp_path, fixture_guides)
    [problem] = info.value.problems
    assert "Filnavnet «brøyting-på-vei.yml» kan ikke brukes" in problem.message
    assert "«broyting-pa-vei.yml»" in problem.fix


def test_two_files_with_the_same_name(tmp_path, fixture_guides):
    shutil.copy(GOOD / "usikker.yml", tmp_path / "usikker.yml")
    shutil.copy(GOOD / "usikker.yml", tmp_path / "usikker.yaml")
    with pytest.raises(veiviser.VeiviserFeil) as info:
        veiviser.load_cases(tmp_path, fixture_guides)
    [problem] = info.value.problems
    assert "to øvelser med navnet «usikker»" in problem.message


def test_cli_stops_on_a_broken_case(tmp_path, capsys):
    trees = tmp_path / "decision_trees"
    shutil.copytree(TREES, trees)
    shutil.copy(BAD / "svar-not-list.yml", trees / veiviser.CASES_FOLDER)
    assert main([str(trees), "--docs", str(DOCS)]) == 1
    err = capsys.readouterr().err
    assert "svar-not-list.yml" in err and "Feltet «svar» må være en liste" in err
    assert "Traceback" not in err


# ----------------------------------------------------------------------
# A change in a real tree breaks the real case that depends on it


def _redirect(guide: veiviser.Guide, question_id: str, choice: int | None, target: str) -> veiviser.Guide:
    """A copy of ``guide`` where one answer (None: «Jeg er usikker») leads to ``target``."""
    question = guide.question(question_id)
    if choice is None:
        changed = dataclasses.replace(question, unsure_target=target)
    else:
        answers = list(question.answers)
        answers[choice] = dataclasses.replace(answers[choice], target=target)
        changed = dataclasses.replace(question, answers=tuple(answers))
    return dataclasses.replace(guide, steps={**guide.steps, question_id: changed})


def _target(question: veiviser.Question, choice: int | None) -> str:
    return question.unsure_target if choice is None else question.answers[choice].target


def _other_option(question: veiviser.Question, choice: int | None) -> int | None | bool:
    """Another option of ``question`` that leads somewhere else (False if there is none)."""
    options: list[int | None] = list(range(len(question.answers))) + ([None] if question.unsure_target else [])
    for option in options:
        if option != choice and _target(question, option) != _target(question, choice):
            return option
    return False


def _swap(guide: veiviser.Guide, question_id: str, a: int | None, b: int | None) -> veiviser.Guide:
    question = guide.question(question_id)
    ta, tb = _target(question, a), _target(question, b)
    return _redirect(_redirect(guide, question_id, a, tb), question_id, b, ta)


def _failures(error: veiviser.VeiviserFeil, case: veiviser.Case) -> list[str]:
    return [p.message for p in error.problems if p.file.name == case.path.name]


@pytest.mark.parametrize("case_id", REAL_IDS)
def test_swapping_the_last_answer_breaks_the_case(case_id, real_guides, real_cases):
    case = next(c for c in real_cases if c.id == case_id)
    guide = _by_id(real_guides)[case.guide]
    question_id, choice = case.choices[-1]
    other = _other_option(guide.question(question_id), choice)
    assert other is not False, f"{case_id}: the last question offers no other way"
    mutated = _swap(guide, question_id, choice, other)
    guides = [mutated if g.id == guide.id else g for g in real_guides]
    with pytest.raises(veiviser.VeiviserFeil) as info:
        veiviser.load_cases(REAL, guides)
    [message] = _failures(info.value, case)
    assert f"veiviseren «{guide.id}»" in message
    now = _target(guide.question(question_id), other)
    if isinstance(guide.steps[now], veiviser.Outcome):
        assert f"men øvelsen venter «{case.outcome}»" in message
        assert f"Veiene skilles ved steget «{question_id}»" in message
        assert f"fører nå til «{now}»" in message
    else:  # the answer now leads to another question: the answers run out there
        assert f"Svarene stopper ved spørsmålet «{guide.steps[now].text}» (steg «{now}»)" in message


def test_outcome_no_longer_reachable(real_guides, real_cases):
    # In memory only: a real edit like this is already stopped by the tree check (unreachable step).
    case = real_cases[0]
    guide = _by_id(real_guides)[case.guide]
    other_outcome = next(o.id for o in guide.outcomes if o.id != case.outcome)
    mutated = guide
    for question in guide.questions:
        for i, answer in enumerate(question.answers):
            if answer.target == case.outcome:
                mutated = _redirect(mutated, question.id, i, other_outcome)
        if question.unsure_target == case.outcome:
            mutated = _redirect(mutated, question.id, None, other_outcome)
    guides = [mutated if g.id == guide.id else g for g in real_guides]
    with pytest.raises(veiviser.VeiviserFeil) as info:
        veiviser.load_cases(REAL, guides)
    [message] = _failures(info.value, case)
    assert f"kan ikke lenger nås fra det første spørsmålet («{guide.start}»)" in message


def _edit_candidate(real_guides, real_cases):
    """A real case whose last answer has a plain ``- tekst:`` line and an alternative with another target."""
    guides = _by_id(real_guides)
    for case in real_cases:
        guide = guides[case.guide]
        question_id, choice = case.choices[-1]
        question = guide.question(question_id)
        other = _other_option(question, choice)
        if choice is None or other is None or other is False:
            continue
        lines = guide.path.read_text(encoding="utf-8").splitlines(keepends=True)
        if all(f"tekst: {question.answers[i].text}" in lines[question.answers[i].line - 1] for i in (choice, other)):
            return case, guide, question, choice, other
    pytest.fail("no real case suits the file edit")


def _til_line(lines: list[str], answer: veiviser.Answer) -> int:
    index = answer.line - 1
    while not re.match(r"\s*-?\s*til:", lines[index]):
        index += 1
    return index


def test_editing_a_tree_file_breaks_the_case(tmp_path, real_guides, real_cases, capsys):
    case, guide, question, choice, other = _edit_candidate(real_guides, real_cases)
    trees = tmp_path / "decision_trees"
    shutil.copytree(TREES, trees)
    tree = trees / guide.path.name
    lines = tree.read_text(encoding="utf-8").splitlines(keepends=True)
    a, b = _til_line(lines, question.answers[choice]), _til_line(lines, question.answers[other])
    lines[a], lines[b] = (lines[a].replace(question.answers[choice].target, question.answers[other].target),
                          lines[b].replace(question.answers[other].target, question.answers[choice].target))
    tree.write_text("".join(lines), encoding="utf-8")

    anchors = veiviser.AnchorIndex.from_docs(DOCS, exclude=["includes"])
    edited = veiviser.load_guides(trees, anchors=anchors)  # the edited tree itself is still valid
    with pytest.raises(veiviser.VeiviserFeil) as info:
        veiviser.load_cases(trees / veiviser.CASES_FOLDER, edited)
    [message] = _failures(info.value, case)
    assert f"Veiene skilles ved steget «{question.id}»" in message

    assert main([str(trees), "--docs", str(DOCS)]) == 1
    err = capsys.readouterr().err
    assert f"{case.id}.yml" in err and f"Veiene skilles ved steget «{question.id}»" in err


def test_renaming_an_answer_breaks_the_case(tmp_path, real_guides, real_cases):
    case, guide, question, choice, _ = _edit_candidate(real_guides, real_cases)
    trees = tmp_path / "decision_trees"
    shutil.copytree(TREES, trees)
    tree = trees / guide.path.name
    lines = tree.read_text(encoding="utf-8").splitlines(keepends=True)
    old = question.answers[choice].text
    lines[question.answers[choice].line - 1] = lines[question.answers[choice].line - 1].replace(
        f"tekst: {old}", f"tekst: {old} (ny tekst)")
    tree.write_text("".join(lines), encoding="utf-8")

    anchors = veiviser.AnchorIndex.from_docs(DOCS, exclude=["includes"])
    edited = veiviser.load_guides(trees, anchors=anchors)
    with pytest.raises(veiviser.VeiviserFeil) as info:
        veiviser.load_cases(trees / veiviser.CASES_FOLDER, edited)
    [message] = _failures(info.value, case)
    assert f"«{old}» finnes ikke lenger på steget «{question.id}»" in message
    assert f"veiviseren «{guide.id}»" in message and "skilles" in message


# ----------------------------------------------------------------------
# The README example and the JSON Schema


def _readme_case() -> str:
    blocks = re.findall(r"```yaml\n(.*?)```", README.read_text(encoding="utf-8"), flags=re.S)
    return next(b for b in blocks if "begrunnelse:" in b and "situasjon:" in b)


def test_readme_example_case_passes(tmp_path, real_guides):
    (tmp_path / "readme-eksempel.yml").write_text(_readme_case(), encoding="utf-8")
    [case] = veiviser.load_cases(tmp_path, real_guides)
    assert case.outcome == "svar-pa-kritikk"


@pytest.fixture(scope="module")
def validator():
    return schema_validator(SCHEMA_FILE)


def test_schema_mirrors_the_checker():
    schema = json.loads(SCHEMA_FILE.read_text(encoding="utf-8"))
    assert schema["$schema"] == "https://json-schema.org/draft/2020-12/schema"
    assert schema["additionalProperties"] is False
    assert set(schema["required"]) == set(REQUIRED)
    assert set(schema["properties"]) == set(ALLOWED)
    assert schema["description"]
    for key, prop in schema["properties"].items():
        assert prop.get("description"), key


@pytest.mark.parametrize("case_id", REAL_IDS)
def test_schema_accepts_real_case(validator, case_id):
    errors = list(validator.iter_errors(yaml_as_json(REAL / f"{case_id}.yml")))
    assert errors == [], [e.message for e in errors]


def test_schema_accepts_good_fixtures_and_readme_example(validator):
    for path in GOOD.glob("[!_]*.yml"):
        assert list(validator.iter_errors(yaml_as_json(path))) == [], path.name
    assert list(validator.iter_errors(jsonable(yaml.safe_load(_readme_case())))) == []


SCHEMA_REJECTS = [
    "svar-not-list",
    "svar-empty-list",
    "svar-empty-item",
    "svar-nested-list",
    "unknown-field",
    "misspelled-field",
    "missing-begrunnelse",
    "missing-svar",
    "missing-veiviser",
    "tittel-not-text",
    "empty-situasjon",
    "nr-not-integer",
    "nr-bool",
    "nr-zero",
    "not-mapping",
    "empty-file",
]

# The schema cannot follow the answers through a guide; only `make check` can.
SCHEMA_CANNOT_SEE = ["answer-gone", "other-outcome", "too-many-answers", "too-few-answers", "unknown-guide", "unknown-outcome"]


@pytest.mark.parametrize("name", SCHEMA_REJECTS)
def test_schema_rejects_bad_case(validator, name):
    assert list(validator.iter_errors(yaml_as_json(BAD / f"{name}.yml"))), name


@pytest.mark.parametrize("name", SCHEMA_CANNOT_SEE)
def test_schema_cannot_see_paths(validator, name):
    assert list(validator.iter_errors(yaml_as_json(BAD / f"{name}.yml"))) == [], name
