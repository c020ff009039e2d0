"""Two guides with the same title (also written with invisible differences) are refused: in the
overview they would stand side by side and the reader could not tell them apart."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

import veiviser

BAD = Path(__file__).parent / "fixtures" / "bad"


@pytest.mark.parametrize("second_title", ["Testveiviser", "Test\u00adveiviser", "TESTVEIVISER "])
def test_two_guides_with_the_same_title_are_refused(tmp_path, anchors, monkeypatch, second_title):
    source = (BAD / "answer-markdown-duplicate.yml").read_text(encoding="utf-8").replace("tekst: '**Ja**'", "tekst: Nei")
    (tmp_path / "forste.yml").write_text(source, encoding="utf-8")
    (tmp_path / "andre.yml").write_text(source.replace("tittel: Testveiviser", f'tittel: "{second_title}"'),
                                        encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    with pytest.raises(veiviser.GuideError) as info:
        veiviser.load_guides(Path("."), anchors=anchors)
    problems = [str(p) for p in info.value.problems]
    assert len(problems) == 1 and problems[0].startswith("forste.yml, linje 1"), problems
    assert "samme tittel" in problems[0] and "andre.yml" in problems[0]


def test_guides_with_different_titles_load(tmp_path, anchors, monkeypatch):
    shutil.copy(BAD / "answer-markdown-duplicate.yml", tmp_path / "a.yml")
    source = (BAD / "answer-markdown-duplicate.yml").read_text(encoding="utf-8").replace("tekst: '**Ja**'", "tekst: Nei")
    (tmp_path / "a.yml").write_text(source, encoding="utf-8")
    (tmp_path / "b.yml").write_text(source.replace("tittel: Testveiviser", "tittel: Annen veiviser"), encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    assert len(veiviser.load_guides(Path("."), anchors=anchors)) == 2
