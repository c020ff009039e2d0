"""Sizes and encodings: what would make the build hang or end with a message that names no file
is refused with a Norwegian message about the size or the encoding, naming the file. Real builds
(each stops early, at the first check that finds something)."""

from __future__ import annotations

import pytest
import sidefeil
from test_sidefeil import build, project_copy


def _stops(project) -> str:
    result = build(project)
    output = result.stdout + result.stderr
    assert result.returncode != 0 and "Traceback" not in output, output
    assert "feil som håndboka ikke kjenner igjen" not in output
    return output


def test_a_latin1_synonym_list_names_the_file_and_the_encoding(tmp_path):
    project = project_copy(tmp_path)
    (project / "docs/includes/synonymer.txt").write_bytes("sjef, leiar = leder\nbål = brann\n".encode("latin-1"))
    said = _stops(project)
    assert "docs/includes/synonymer.txt, linje 2: Filen er ikke lagret som UTF-8" in said, said


def test_a_synonym_list_of_a_megabyte_is_refused_for_its_size(tmp_path):
    project = project_copy(tmp_path)
    (project / "docs/includes/synonymer.txt").write_text("sjef = leder\n" * 80_000, encoding="utf-8")
    said = _stops(project)
    assert "docs/includes/synonymer.txt, linje 1: Listen er 1040 kB, men høyst 100 kB er tillatt" in said, said


def test_big_pages_and_glossaries_and_odd_encodings(tmp_path):
    """A BOM in the synonym list is read; a latin-1 snippet, a page with thousands of nested
    brackets and a glossary of 3 000 terms are named with what is wrong."""
    project = project_copy(tmp_path)
    docs = project / "docs"
    synonyms = docs / "includes/synonymer.txt"
    synonyms.write_bytes(b"\xef\xbb\xbf" + synonyms.read_bytes())
    (docs / "includes/latin1-snutt.txt").write_bytes("Bål og brann.\n".encode("latin-1"))
    (docs / "snutt.md").write_text('# Snutt\n\n--8<-- "latin1-snutt.txt"\n', encoding="utf-8")
    (docs / "klammer.md").write_text("# Klammer\n\nTekst.\n\n" + "[" * 5000 + "x" + "]" * 5000 + "\n", encoding="utf-8")
    glossary = docs / "includes/begreper.md"
    glossary.write_text(glossary.read_text(encoding="utf-8") + "".join(
        f"*[Begrep{i}]: Forklaring nummer {i}.\n" for i in range(3000)), encoding="utf-8")
    said = _stops(project)
    assert "synonymer.txt" not in said, said
    assert "docs/includes/latin1-snutt.txt, linje 1: Filen er ikke lagret som UTF-8" in said, said
    assert "docs/klammer.md, linje 5: Avsnittet har 5000 hakeparenteser" in said, said
    assert "docs/includes/begreper.md: Filen forklarer 3023 ord" in said or "docs/includes/begreper.md: Filen forklarer" in said, said


def test_the_size_rules_leave_the_real_pages_alone():
    from support import ROOT

    for path in (ROOT / "docs").rglob("*.md"):
        assert sidefeil.size_problems(str(path), path.read_text(encoding="utf-8")) == [], path


@pytest.mark.parametrize("source", ["[" * 301, "x\n\n" + "[x](a) " * 301, "*[a]: b\n" * 301, "x" * 500_001])
def test_each_size_rule(source):
    assert sidefeil.size_problems("docs/x.md", source)


def test_a_synonym_list_that_is_a_symbolic_link_is_not_read(tmp_path):
    import sok

    outside = tmp_path / "utenfor.txt"
    outside.write_text("hemmelig = leder\n", encoding="utf-8")
    link = tmp_path / "synonymer.txt"
    link.symlink_to(outside)
    with pytest.raises(sok.SynonymError) as raised:
        sok.read_synonyms(link, "docs/includes/synonymer.txt")
    assert "snarvei (symbolsk lenke)" in str(raised.value) and "hemmelig" not in str(raised.value)
