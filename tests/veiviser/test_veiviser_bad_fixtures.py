"""Data-driven tests: one broken guide per rule in fixtures/bad/.

``<rule>.yml`` is a guide with exactly one kind of mistake; ``<rule>.expected``
lists substrings, one per line, that one single problem's message must all
contain.  A line starting with ``!`` is a substring that must appear nowhere
in the error (to catch follow-up noise); ``=N`` says the file gives exactly N
problems (one cause, one message).
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

import veiviser

BAD = Path(__file__).parent / "fixtures" / "bad"

CASES = sorted(p.stem for p in BAD.glob("*.yml"))


def _expected(name: str) -> tuple[list[str], list[str], int | None]:
    lines = [ln for ln in (BAD / f"{name}.expected").read_text(encoding="utf-8").splitlines() if ln.strip()]
    counts = [int(ln[1:]) for ln in lines if ln.startswith("=")]
    return ([ln for ln in lines if not ln.startswith(("!", "="))], [ln[1:] for ln in lines if ln.startswith("!")],
            counts[0] if counts else None)


def test_every_fixture_has_expectations():
    assert len(CASES) >= 40
    for name in CASES:
        assert (BAD / f"{name}.expected").is_file(), name


@pytest.mark.parametrize("name", CASES)
def test_bad_fixture(name: str, tmp_path: Path, anchors, monkeypatch):
    shutil.copy(BAD / f"{name}.yml", tmp_path)
    monkeypatch.chdir(tmp_path)  # paths in messages are relative to the working directory
    with pytest.raises(veiviser.GuideError) as info:
        veiviser.load_guides(Path("."), anchors=anchors)
    text = str(info.value)
    must, must_not, count = _expected(name)
    assert f"{name}.yml" in text
    assert "Traceback" not in text
    assert info.value.problems, "GuideError without problems"
    problems = [str(p) for p in info.value.problems]
    assert any(all(s in p for s in must) for p in problems), (
        f"no single problem contains all of {must!r}:\n{text}"
    )
    for s in must_not:
        assert s not in text, f"unexpected {s!r} in:\n{text}"
    if count is not None:
        assert len(info.value.problems) == count, text
    for problem in info.value.problems:
        assert problem.message.strip() and problem.fix.strip()
        assert "\n  Slik retter du det: " in str(problem)
        assert str(problem).startswith(f"{name}.yml")


@pytest.mark.parametrize("name", CASES)
def test_bad_fixture_fails_alone_with_load_guide(name: str, anchors):
    # load_guide checks everything but references to other guides.
    if name == "unknown-guide":
        guide = veiviser.load_guide(BAD / f"{name}.yml", anchors=anchors)
        assert guide.outcome("positivt").related_guide == "samtykke-bilde"
        return
    with pytest.raises(veiviser.GuideError):
        veiviser.load_guide(BAD / f"{name}.yml", anchors=anchors)
