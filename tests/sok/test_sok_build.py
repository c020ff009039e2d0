"""The hook: a synonym that points at no word of the handbook stops the real build with a
Norwegian message (file, line, fix), never a traceback."""

from __future__ import annotations

import os

import pytest

from support import mkdocs_build


@pytest.mark.parametrize("text,expected", [
    ("sjef = leder\nlokalavis = avisa\n", ["linje 2: Ordet «avisa» står ikke i håndboka", "Slik retter du det"]),
    ("sjef leder\n", ["linje 1: Linjen «sjef leder» skal ha nøyaktig ett «=»", "Slik retter du det"]),
])
def test_a_bad_synonym_stops_the_build_with_file_line_and_fix(tmp_path, text, expected):
    synonyms = tmp_path / "synonymer.txt"
    synonyms.write_text(text, encoding="utf-8")
    os.environ["SOK_SYNONYMER"] = str(synonyms)
    try:
        result = mkdocs_build(tmp_path / "site", check=False)
    finally:
        del os.environ["SOK_SYNONYMER"]
    output = result.stdout + result.stderr
    assert result.returncode != 0
    assert "Traceback" not in output
    assert f"{synonyms}, " in output
    for part in expected:
        assert part in output, output
