"""load_guide / load_guides beyond the one-rule-per-fixture tests."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

import veiviser
from veiviser import GuideError, load_guide, load_guides
from veiviser.validate import guide_files, is_valid_id, suggest_id

FIXTURES = Path(__file__).parent / "fixtures"
GOOD = FIXTURES / "good"
BAD = FIXTURES / "bad"


def test_load_guides_sorted_and_ignores_other_files(good_guides):
    assert list(good_guides) == ["samtykke-bilde", "svare-pa-innlegg"]
    assert [p.name for p in guide_files(GOOD)] == ["samtykke-bilde.yml", "svare-pa-innlegg.yml"]


def test_without_anchor_index_sources_are_not_checked(tmp_path):
    text = (BAD / "kilde-unknown-anchor.yml").read_text(encoding="utf-8")
    f = tmp_path / "uten-ankre.yml"
    f.write_text(text, encoding="utf-8")
    guide = load_guide(f, anchors=None)
    source = guide.outcome("svar-alltid").sources[0]
    assert (source.page, source.anchor, source.title, source.page_title) == (
        "pa-vegne-av-kommunen.md",
        "svar-alltid-nar",
        "",
        "",
    )
    # the form of a source is still checked
    with pytest.raises(GuideError, match="har feil form"):
        load_guide(BAD / "kilde-format.yml", anchors=None)


def test_all_problems_in_all_files_are_listed(tmp_path, anchors):
    for name in ("dangling-til", "yaml-tab", "missing-tittel", "unknown-key-top"):
        shutil.copy(BAD / f"{name}.yml", tmp_path)
    shutil.copy(GOOD / "samtykke-bilde.yml", tmp_path)
    with pytest.raises(GuideError) as info:
        load_guides(tmp_path, anchors=anchors)
    text = str(info.value)
    assert text.startswith("Fant 4 feil i veiviserne (4 filer):")
    for name in ("dangling-til", "yaml-tab", "missing-tittel", "unknown-key-top"):
        assert f"{name}.yml" in text
    assert "samtykke-bilde.yml" not in text
    assert text.count("Slik retter du det") == 4


def test_several_problems_in_one_file(tmp_path):
    f = tmp_path / "mange-feil.yml"
    f.write_text(
        "tittel: ''\nversjon: [1]\ndato: i går\nstart: a\nsteg:\n"
        "  a:\n    spørsmål: Hva?\n    svar:\n      - tekst: Ja\n        til: b\n"
        "  b:\n    resultat: Ok\n    forklaring: Fordi.\n    kilder: [feil]\n",
        encoding="utf-8",
    )
    with pytest.raises(GuideError) as info:
        load_guide(f)
    messages = [p.message for p in info.value.problems]
    assert len(messages) == 6, messages
    assert [p.line for p in info.value.problems] == [None, 1, 2, 3, 8, 14]


def test_cross_guide_reference_ok(good_guides):
    assert good_guides["svare-pa-innlegg"].outcome("positivt").related_guide in good_guides


def test_invalid_file_name(tmp_path):
    shutil.copy(GOOD / "samtykke-bilde.yml", tmp_path / "Samtykke Bilde.yml")
    with pytest.raises(GuideError) as info:
        load_guides(tmp_path)
    text = str(info.value)
    assert "Filnavnet «Samtykke Bilde.yml» kan ikke brukes" in text
    assert "«samtykke-bilde.yml»" in text


def test_duplicate_guide_ids(tmp_path):
    shutil.copy(GOOD / "samtykke-bilde.yml", tmp_path / "samtykke-bilde.yml")
    shutil.copy(GOOD / "samtykke-bilde.yml", tmp_path / "samtykke-bilde.yaml")
    with pytest.raises(GuideError, match="to veivisere med navnet «samtykke-bilde»"):
        load_guides(tmp_path)


def test_os_error_is_a_problem(tmp_path):
    (tmp_path / "mappe.yml").mkdir()
    with pytest.raises(GuideError, match="kunne ikke leses") as info:
        load_guides(tmp_path)
    assert "mappe.yml" in str(info.value)


def test_missing_folder(tmp_path):
    with pytest.raises(GuideError, match="finnes ikke"):
        load_guides(tmp_path / "borte")


def test_empty_folder(tmp_path):
    assert load_guides(tmp_path) == []


@pytest.mark.parametrize(
    "value, valid",
    [("a", True), ("svar-alltid", True), ("2", True), ("a" * 60, True), ("a" * 61, False), ("Svar", False),
     ("spør", False), ("a b", False), ("-a", False), ("a_b", False), ("", False)],
)
def test_is_valid_id(value, valid):
    assert is_valid_id(value) is valid


def test_suggest_id():
    assert suggest_id("Spør informasjonsmedarbeider") == "spor-informasjonsmedarbeider"
    assert suggest_id("Bære  Åpen") == "baere-apen"
    assert suggest_id("???") == "nytt-steg"
    assert is_valid_id(suggest_id("x" * 100))


def test_plain_scalars_are_taken_as_written(tmp_path):
    f = tmp_path / "tall.yml"
    f.write_text(
        "tittel: 2024\nbeskrivelse: yes\nversjon: 1.10\ndato: 2026-11-25 10:00:00\nstart: 1\nsteg:\n"
        "  1:\n    spørsmål: Ja eller nei?\n    svar:\n      - tekst: yes\n        til: 2\n      - tekst: no\n        til: 2\n"
        "  2:\n    resultat: on\n    forklaring: off\n    kilder: [a.md#b]\n",
        encoding="utf-8",
    )
    guide = load_guide(f)
    assert guide.title == "2024" and guide.version == "1.10" and guide.start == "1"
    assert [a.text for a in guide.question("1").answers] == ["yes", "no"]
    assert guide.outcome("2").verdict == "on"


def test_markdown_in_fields_is_sanitised(tmp_path):
    f = tmp_path / "farlig.yml"
    f.write_text(
        "tittel: <script>alert(1)</script>\nbeskrivelse: '[x](javascript:alert(1))'\nversjon: 1\ndato: 2026-01-01\n"
        "start: a\nsteg:\n  a:\n    spørsmål: Hva?\n    hjelp: <img src=x onerror=alert(1)>\n    svar:\n"
        "      - tekst: <b>Ja</b>\n        til: b\n      - tekst: Nei\n        til: b\n"
        "  b:\n    resultat: Ok\n    forklaring: '![sporing](https://x.no/p.png)'\n"
        "    neste: ['<script>x</script>']\n    kilder: [a.md#b]\n    kopier: <b>kopier</b>\n",
        encoding="utf-8",
    )
    guide = load_guide(f)
    assert guide.title == "<script>alert(1)</script>"  # plain text: templates escape it
    assert "javascript" not in guide.description_html
    assert "<img" not in guide.question("a").help_html
    assert guide.question("a").answers[0].text_html == "&lt;b&gt;Ja&lt;/b&gt;"
    assert guide.outcome("b").explanation_html == "<p>sporing</p>"
    assert guide.outcome("b").next_steps_html == ("&lt;script&gt;x&lt;/script&gt;",)
    assert guide.outcome("b").copy_text == "<b>kopier</b>"  # verbatim, never Markdown


def test_problem_paths_relative_to_cwd(tmp_path, monkeypatch):
    (tmp_path / "decision_trees").mkdir()
    shutil.copy(BAD / "dangling-til.yml", tmp_path / "decision_trees")
    monkeypatch.chdir(tmp_path)
    with pytest.raises(GuideError) as info:
        load_guides(tmp_path / "decision_trees")
    assert str(info.value.problems[0]).startswith("decision_trees/dangling-til.yml, linje 11, steg «hva-slags-innlegg»: ")


def test_public_api():
    for name in ("load_guide", "load_guides", "GuideError", "Problem", "AnchorIndex", "render_markdown",
                 "enumerate_paths", "max_remaining_depth", "follow", "Guide", "Question", "Outcome", "Answer",
                 "Source", "GuidePath", "FollowResult"):
        assert hasattr(veiviser, name), name
    assert issubclass(veiviser.GuideError, Exception)
