"""The shape of a loaded guide, and the Problem / GuideError formatting."""

from __future__ import annotations

import dataclasses
import datetime
from pathlib import Path

import pytest

import veiviser
import veiviser.diagram
from veiviser import Answer, Guide, GuideError, Outcome, Problem, Question, Source


def test_guide_fields(guide: Guide):
    assert guide.id == "svare-pa-innlegg"
    assert guide.path.name == "svare-pa-innlegg.yml"
    assert guide.title == "Skal jeg svare på dette innlegget?"
    assert guide.description_html == "<p>Kort forklaring av <strong>når</strong> veiviseren brukes.</p>"
    assert guide.version == "1"
    assert guide.date == datetime.date(2026, 11, 25)
    assert guide.responsible == "informasjonsmedarbeideren"
    assert guide.start == "hva-slags-innlegg"
    # steps keep file order
    assert list(guide.steps) == [
        "hva-slags-innlegg",
        "klage",
        "svar-alltid",
        "positivt",
        "ikke-svar-offentlig",
        "spor-informasjonsmedarbeider",
    ]


def test_string_version_and_quoted_date(good_guides):
    other = good_guides["samtykke-bilde"]
    assert other.version == "1.2"
    assert other.date == datetime.date(2026, 11, 20)
    assert other.responsible is None


def test_question_shape(guide: Guide):
    q = guide.question("hva-slags-innlegg")
    assert isinstance(q, Question)
    assert q.line == 9
    assert q.text == "Hva slags innlegg er det?"
    assert q.help_html == "<p>Valgfri hjelpetekst i <strong>Markdown</strong>.</p>"
    assert q.unsure_target == "spor-informasjonsmedarbeider"
    assert [a.target for a in q.answers] == ["svar-alltid", "positivt", "klage"]
    assert q.answers[1] == Answer(
        text="Det er et *positivt* innlegg",
        text_html="Det er et <em>positivt</em> innlegg",
        target="positivt",
        line=15,
    )
    # «Jeg er usikker» is not one of the answers
    assert all(a.text != veiviser.UNSURE_LABEL for a in q.answers)
    assert q.targets() == ("svar-alltid", "positivt", "klage", "spor-informasjonsmedarbeider")
    assert guide.question("klage").help_html is None
    assert guide.question("klage").unsure_target is None


def test_outcome_shape(guide: Guide):
    o = guide.outcome("svar-alltid")
    assert isinstance(o, Outcome)
    assert o.line == 27
    assert o.verdict == "Svar alltid"
    assert o.explanation_html == "<p>Feil og misforståelser skal rettes opp raskt.</p>"
    assert o.next_steps_html == ("Svar samme dag.", "Vær <strong>saklig</strong> og vennlig.")
    assert o.sources == (
        Source(
            page="pa-vegne-av-kommunen.md",
            anchor="svar-alltid-når",
            title="Svar alltid når:",
            page_title="6. På vegne av kommunen",
        ),
    )
    assert o.sources[0].ref == "pa-vegne-av-kommunen.md#svar-alltid-når"
    assert o.copy_text == "Takk for innlegget. Vi vil gjerne rette opp en misforståelse: …"
    assert o.related_guide is None
    p = guide.outcome("positivt")
    assert p.related_guide == "samtykke-bilde"
    assert [s.page_title for s in p.sources] == ["6. På vegne av kommunen", "Bilder og video (fra front matter)"]
    assert guide.outcome("spor-informasjonsmedarbeider").sources[0].page == "undermappe/side.md"


def test_helpers(guide: Guide):
    assert [q.id for q in guide.questions] == ["hva-slags-innlegg", "klage"]
    assert [o.id for o in guide.outcomes] == [
        "svar-alltid",
        "positivt",
        "ikke-svar-offentlig",
        "spor-informasjonsmedarbeider",
    ]
    with pytest.raises(KeyError):
        guide.question("svar-alltid")
    with pytest.raises(KeyError):
        guide.outcome("klage")
    with pytest.raises(KeyError):
        guide.outcome("finnes-ikke")


def test_ordered_ids_is_breadth_first(guide: Guide):
    assert guide.ordered_ids() == [
        "hva-slags-innlegg",
        "svar-alltid",
        "positivt",
        "klage",
        "spor-informasjonsmedarbeider",
        "ikke-svar-offentlig",
    ]


def test_dataclasses_are_frozen(guide: Guide):
    with pytest.raises(dataclasses.FrozenInstanceError):
        guide.title = "x"  # type: ignore[misc]
    with pytest.raises(dataclasses.FrozenInstanceError):
        guide.question("klage").text = "x"  # type: ignore[misc]
    hash(guide)  # steps dict is excluded from the hash


def test_problem_format(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    file = tmp_path / "decision_trees" / "svare-pa-innlegg.yml"
    p = Problem(file, 14, "hva-slags-innlegg", "Noe er galt.", "Gjør det riktig.")
    assert str(p) == (
        "decision_trees/svare-pa-innlegg.yml, linje 14, steg «hva-slags-innlegg»: Noe er galt.\n"
        "  Slik retter du det: Gjør det riktig."
    )
    assert str(Problem(Path("a.yml"), None, None, "M.", "F.")) == "a.yml: M.\n  Slik retter du det: F."
    assert str(Problem(Path("a.yml"), 3, None, "M.", "F.", column=7)).startswith("a.yml, linje 3, kolonne 7: M.")
    outside = Path("/elsewhere/a.yml")
    assert str(Problem(outside, 1, None, "M.", "F.")).startswith("/elsewhere/a.yml, linje 1")


def test_veiviserfeil_lists_all_problems_sorted():
    problems = [
        Problem(Path("b.yml"), 2, None, "Andre.", "Fiks b."),
        Problem(Path("a.yml"), 9, "x", "Første.", "Fiks a."),
        Problem(Path("a.yml"), 1, None, "Null.", "Fiks null."),
    ]
    exc = GuideError(problems)
    assert isinstance(exc, Exception)
    assert [p.message for p in exc.problems] == ["Null.", "Første.", "Andre."]
    text = str(exc)
    assert text.startswith("Fant 3 feil i veiviserne (2 filer):")
    for p in problems:
        assert str(p) in text
    assert text.index("Null.") < text.index("Første.") < text.index("Andre.")


def test_the_old_error_name_still_works_for_scripts_written_against_it():
    assert veiviser.VeiviserFeil is veiviser.GuideError
    assert veiviser.diagram.DiagramFeil is veiviser.diagram.DiagramError
