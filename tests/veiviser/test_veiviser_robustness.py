"""Hostile and unlucky input that cannot be a fixture file (symlinks, odd file names, huge
graphs built in memory), the grouped paths API, and links in guide texts."""

from __future__ import annotations

import dataclasses
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

import veiviser
from veiviser import enumerate_paths, routes_by_outcome
from veiviser.anchors import page_link_problem, resolve_page_link
from veiviser.markup import page_links
from veiviser.pages import generated_pages, page_collisions
from veiviser.paths import count_paths, max_remaining_depth

HERE = Path(__file__).parent
GOOD = HERE / "fixtures" / "good"
DOCS = HERE / "fixtures" / "docs"
BASE = HERE / "fixtures" / "bad" / "step-index.yml"


def _good_tree(folder: Path) -> Path:
    folder.mkdir()
    shutil.copy(GOOD / "svare-pa-innlegg.yml", folder)
    shutil.copy(GOOD / "samtykke-bilde.yml", folder)
    return folder


def _problems(folder: Path, anchors) -> list[str]:
    with pytest.raises(veiviser.GuideError) as info:
        veiviser.load_guides(folder, anchors=anchors)
    text = str(info.value)
    text.encode("utf-8")  # printable: no lone surrogates reach a message
    assert "Traceback" not in text and "Slik retter du det" in text
    return [str(p) for p in info.value.problems]


# ----------------------------------------------------------------------
# Files that are not what they seem


@pytest.mark.parametrize("target", ["/dev/zero", "outside"])
def test_a_symlinked_guide_is_refused_without_reading_it(tmp_path, anchors, target):
    trees = _good_tree(tmp_path / "trees")
    secret = tmp_path / "hemmelig.txt"
    secret.write_text("tittel: HEMMELIG INNHOLD\n", encoding="utf-8")
    (trees / "lenke.yml").symlink_to(secret if target == "outside" else Path(target))
    problems = _problems(trees, anchors)
    assert len(problems) == 1
    assert "lenke.yml" in problems[0] and "snarvei (symbolsk lenke)" in problems[0]
    assert "HEMMELIG" not in problems[0]


def test_a_folder_named_like_a_guide_is_reported(tmp_path, anchors):
    trees = _good_tree(tmp_path / "trees")
    (trees / "mappe.yml").mkdir()
    (problem,) = _problems(trees, anchors)
    assert "mappe.yml" in problem and "Filen kunne ikke leses" in problem


@pytest.mark.parametrize("name, shown", [
    ("krise.YML", "krise.YML"),
    ("krise.yml ", "krise.yml "),
    ("tv\n.yml", "tv\\n.yml"),
    ("krise.yml\u200b", "krise.yml\\u200b"),
    ("Krise.Yaml", "Krise.Yaml"),
])
def test_file_names_that_only_look_like_guides_are_refused(tmp_path, anchors, name, shown):
    trees = _good_tree(tmp_path / "trees")
    shutil.copy(GOOD / "samtykke-bilde.yml", trees / name)
    (problem,) = _problems(trees, anchors)
    assert f"Filnavnet «{shown}» følger ikke regelen for filnavn" in problem
    assert "Slik retter du det: Gi filen et nytt navn, for eksempel «krise.yml»" in problem or "tv" in name


def test_odd_practice_case_file_names_are_refused(tmp_path, good_guides):
    folder = tmp_path / "ovelser"
    folder.mkdir()
    source = HERE / "fixtures" / "ovelser" / "good" / "klage-enkeltsak.yml"
    shutil.copy(source, folder / "klage.YML")
    with pytest.raises(veiviser.GuideError) as info:
        veiviser.load_cases(folder, list(good_guides.values()))
    assert "Filnavnet «klage.YML» følger ikke regelen for filnavn" in str(info.value)
    assert "som øvelse" in str(info.value)


def test_surrogate_pair_escapes_are_joined_into_one_character(tmp_path, anchors):
    text = (GOOD / "samtykke-bilde.yml").read_text(encoding="utf-8")
    title = next(line for line in text.splitlines() if line.startswith("tittel:"))
    path = tmp_path / "emoji.yml"
    path.write_text(text.replace(title, 'tittel: "Bilder \\ud83d\\udcf7"'), encoding="utf-8")
    guide = veiviser.load_guide(path, anchors=anchors)
    assert guide.title == "Bilder 📷"


# ----------------------------------------------------------------------
# Pages in docs/ that the guides would overwrite


def test_pages_in_docs_that_collide_with_generated_pages_are_refused(tmp_path, good_guides):
    docs = tmp_path / "docs"
    shutil.copytree(DOCS, docs)
    guides = list(good_guides.values())
    assert page_collisions(docs, guides, ["klage"]) == []
    pages = generated_pages(guides, ["klage"])
    assert {"veivisere/index.md", "veivisere/svare-pa-innlegg/index.md", "veivisere/svare-pa-innlegg/klage.md",
            "ov-deg/index.md", "ov-deg/klage.md", "kildegrunnlag/svare-pa-innlegg.md"} <= set(pages)
    (docs / "veivisere").mkdir()
    (docs / "veivisere" / "index.md").write_text("# Mine veivisere\n", encoding="utf-8")
    (docs / "ov-deg").mkdir()
    (docs / "ov-deg" / "index.md").write_text("# Øv\n", encoding="utf-8")
    (docs / "kildegrunnlag").mkdir()
    (docs / "kildegrunnlag" / "svare-pa-innlegg.md").write_text("# Kilder\n", encoding="utf-8")
    problems = page_collisions(docs, guides, ["klage"])
    assert sorted(p.file.relative_to(docs).as_posix() for p in problems) == [
        "kildegrunnlag/svare-pa-innlegg.md", "ov-deg/index.md", "veivisere/index.md"]
    assert "samme adresse som en side som lages av veiviserne" in str(problems[0])


@pytest.mark.slow  # starts a process; page_collisions is checked in-process above
def test_make_check_refuses_a_colliding_page(tmp_path):
    shutil.copytree(GOOD, tmp_path / "decision_trees")
    shutil.copytree(DOCS, tmp_path / "docs")
    (tmp_path / "docs" / "veivisere").mkdir()
    (tmp_path / "docs" / "veivisere" / "index.md").write_text("# Mine veivisere\n", encoding="utf-8")
    result = subprocess.run([sys.executable, "-m", "veiviser"], cwd=tmp_path, capture_output=True, text=True,
                            timeout=60)
    assert result.returncode == 1 and "Alt i orden" not in result.stdout
    assert "docs/veivisere/index.md" in result.stderr and "Slik retter du det" in result.stderr


# ----------------------------------------------------------------------
# Links in guide texts


def test_page_links_are_found_and_checked(anchors):
    text = "Se [a](pa-vegne-av-kommunen.md#kort), [b](https://example.org), [c](#her) og [d](mailto:x@y.no)."
    assert page_links(text) == ["pa-vegne-av-kommunen.md#kort"]
    assert resolve_page_link("undermappe/../pa-vegne-av-kommunen.md#kort") == ("pa-vegne-av-kommunen.md", "kort")
    assert resolve_page_link("../utenfor.md") is None
    assert page_link_problem("pa-vegne-av-kommunen.md#kort", anchors) is None
    assert page_link_problem("undermappe/side.md#detaljer", anchors) is None
    assert page_link_problem("pa-vegne-av-kommunen.md", anchors) is None
    message, fix = page_link_problem("pa-vegne-av-kommunen.md#kortt", anchors)
    assert "ingen overskrift med det ankeret" in message and "Mente du «pa-vegne-av-kommunen.md#kort»?" in fix


# ----------------------------------------------------------------------
# Paths grouped per outcome, and walking without recursion


def test_routes_by_outcome_exact(guide):
    q = "hva-slags-innlegg"
    routes = routes_by_outcome(guide)
    assert list(routes) == ["svar-alltid", "positivt", "spor-informasjonsmedarbeider", "ikke-svar-offentlig"]
    assert routes["svar-alltid"] == veiviser.OutcomeRoutes("svar-alltid", 2, ((q, (0, 2)), ("klage", (1,))))
    assert routes["spor-informasjonsmedarbeider"].answers == ((q, (None,)),)
    assert routes["ikke-svar-offentlig"].paths == 1


def _chain(guide: veiviser.Guide, length: int, *, diamond: bool) -> veiviser.Guide:
    """A guide of ``length`` questions in a row, built in memory (past the validator's limits)."""
    question = guide.questions[0]
    outcome = guide.outcomes[0]
    answer = question.answers[0]
    steps: dict = {}
    for i in range(length):
        nxt = f"q{i + 1}" if i + 1 < length else outcome.id
        other = nxt if diamond else outcome.id
        steps[f"q{i}"] = dataclasses.replace(question, id=f"q{i}", unsure_target=None, answers=(
            dataclasses.replace(answer, text="Ja", text_html="Ja", target=nxt),
            dataclasses.replace(answer, text="Nei", text_html="Nei", target=other)))
    steps[outcome.id] = outcome
    return dataclasses.replace(guide, start="q0", steps=steps)


@pytest.mark.slow  # a 5000-step stress test
def test_long_chains_are_walked_without_recursion(guide):
    long = _chain(guide, 5000, diamond=False)
    assert max_remaining_depth(long)["q0"] == 5000
    assert count_paths(long) == 5001  # the last question's two answers both end there
    assert len(enumerate_paths(long)) == 5001
    assert len(routes_by_outcome(long)[guide.outcomes[0].id].answers) == 5000


def test_diamonds_are_counted_not_listed(guide):
    wide = _chain(guide, 64, diamond=True)
    assert count_paths(wide) == 2**64
    route = routes_by_outcome(wide)[guide.outcomes[0].id]
    assert route.paths == 2**64 and len(route.answers) == 64
    assert all(options == (0, 1) for _, options in route.answers)


def test_the_editors_guide_states_the_limits():
    from veiviser import limits

    readme = (HERE.parent.parent / "decision_trees" / "README.md").read_text(encoding="utf-8")
    section = readme.split("### Grenser", 1)[1].split("\n## ", 1)[0]
    section = " ".join(section.split())
    for number in (limits.MAX_STEPS, limits.MAX_ANSWERS, limits.MAX_DEPTH, limits.TEXT_LIMITS["tittel"],
                   limits.TEXT_LIMITS["spørsmål"], limits.TEXT_LIMITS["tekst"], limits.TEXT_LIMITS["resultat"]):
        assert f" {number} " in section, number
    for number in (limits.MAX_PATHS, limits.MAX_TEXT):
        assert f"{number:,}".replace(",", " ") in section, number
