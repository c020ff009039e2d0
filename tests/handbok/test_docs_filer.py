"""What docs/ may hold: nothing from outside the project is read into the site or the PDF (symbolic
links are refused), files other than pages are pictures and PDF documents of a limited size, no
file replaces the theme's, and no two names clash. One real build of a project with every case
in it: the build names each file in Norwegian."""

from __future__ import annotations

import os
import unicodedata

import pytest
import sidefeil
from test_sidefeil import build, project_copy

SECRET = "HEMMELIG-UTENFOR-PROSJEKTET"
PNG = bytes.fromhex("89504e470d0a1a0a0000000d4948445200000001000000010806000000"
                    "1f15c4890000000d49444154789c6300010000000500010d0a2db40000000049454e44ae426082")


@pytest.fixture(scope="module")
def said(tmp_path_factory) -> str:
    tmp = tmp_path_factory.mktemp("docsfiler")
    outside = tmp / "utenfor"
    (outside / "mappe").mkdir(parents=True)
    (outside / "side.md").write_text(f"# Utenfra\n\n{SECRET}\n", encoding="utf-8")
    (outside / "bilde.png").write_bytes(PNG)
    (outside / "mappe/inni.md").write_text(f"# Inni\n\n{SECRET}\n", encoding="utf-8")
    (outside / "snutt.md").write_text(f"{SECRET}\n", encoding="utf-8")
    project = project_copy(tmp)
    docs = project / "docs"
    (docs / "bilder").mkdir()
    (docs / "lenket-side.md").symlink_to(outside / "side.md")
    (docs / "bilder/lenket.png").symlink_to(outside / "bilde.png")
    (docs / "lenket-mappe").symlink_to(outside / "mappe")
    (docs / "includes/lenket-snutt.md").symlink_to(outside / "snutt.md")
    (docs / "snutt-side.md").write_text('# Snutt\n\n--8<-- "lenket-snutt.md"\n', encoding="utf-8")
    (docs / "side.html").write_text("<script>alert(1)</script>", encoding="utf-8")
    (docs / "bilder/skript.svg").write_text(
        '<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>', encoding="utf-8")
    (docs / "bilder/hendelse.svg").write_text(
        '<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"><rect width="1" height="1"/></svg>',
        encoding="utf-8")
    (docs / "bilder/riktig.svg").write_text(
        '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 1 1"><rect width="1" height="1"/></svg>',
        encoding="utf-8")
    (docs / "assets/javascripts").mkdir(parents=True)
    (docs / "assets/javascripts/handbok.js").write_text("alert(1)", encoding="utf-8")
    with open(docs / "video.mp4", "wb") as video:  # 60 MB, sparse: no disk used
        video.truncate(60 * 1024 * 1024)
    (docs / "bilder/stort.png").write_bytes(PNG + bytes(2 * 1024 * 1024))
    (docs / "bilder/lite.png").write_bytes(PNG)
    (docs / "bilder/forkledd.png").write_text("<html><script>alert(1)</script></html>", encoding="utf-8")
    (docs / "dokument.pdf").write_bytes(b"%PDF-1.4\n%%EOF\n")
    (docs / "README").write_text("tekst", encoding="utf-8")
    (docs / "Rutiner.MD").write_text("# Rutiner\n", encoding="utf-8")
    (docs / "hvem-spor-jeg.markdown").write_text("# Hvem\n", encoding="utf-8")
    (docs / unicodedata.normalize("NFC", "bål.md")).write_text("# Bål\n", encoding="utf-8")
    (docs / unicodedata.normalize("NFD", "bål.md")).write_text("# Bål\n", encoding="utf-8")
    result = build(project)
    output = result.stdout + result.stderr
    assert result.returncode != 0 and "Traceback" not in output, output
    assert not (project / "site").exists() or SECRET not in "".join(
        p.read_text(encoding="utf-8", errors="replace") for p in (project / "site").rglob("*.html"))
    return output


def _block(said: str, name: str) -> str:
    return "\n\n".join(b for b in said.split("\n\n") if b.startswith(f"docs/{name}"))


@pytest.mark.parametrize("name", ["lenket-side.md", "bilder/lenket.png", "lenket-mappe", "includes/lenket-snutt.md"])
def test_a_symbolic_link_in_docs_is_refused(said, name):
    block = _block(said, name)
    assert "er en snarvei (symbolsk lenke)" in block and "Slik retter du det" in block, said
    assert ("Mappen" if name == "lenket-mappe" else "Filen") in block


def test_a_picture_that_is_really_something_else_is_refused(said):
    assert "Filen heter «….png», men innholdet er ikke et bilde" in _block(said, "bilder/forkledd.png"), said


@pytest.mark.parametrize("name", ["side.html", "video.mp4"])
def test_a_kind_docs_may_not_hold_is_refused(said, name):
    block = _block(said, name)
    assert f"Filer av typen «.{name.rsplit('.', 1)[1]}» kan ikke ligge i docs/" in block, said


@pytest.mark.parametrize("name", ["bilder/skript.svg", "bilder/hendelse.svg"])
def test_an_svg_with_script_is_refused(said, name):
    assert "SVG-bildet har skript" in _block(said, name), said


def test_a_file_that_would_replace_the_themes_is_refused(said):
    assert "samme navn og mappe som en av temaets egne filer" in _block(said, "assets/javascripts/handbok.js"), said


def test_a_picture_too_large_is_refused_in_norwegian(said):
    assert "Filen er 2,0 MB. Et bilde i håndboka kan være høyst 1,0 MB" in _block(said, "bilder/stort.png"), said
    assert "Workbox" not in said


def test_page_names_must_end_in_md(said):
    for name in ("Rutiner.MD", "hvem-spor-jeg.markdown"):
        assert "må ha filendelsen «.md»" in _block(said, name), said


def test_names_that_differ_only_in_unicode_form_are_refused(said):
    assert "har samme navn, skrevet på ulike måter" in said


def test_allowed_files_are_not_named(said):
    assert "«(uten endelse)»" in _block(said, "README")
    for name in ("bilder/lite.png", "bilder/riktig.svg", "snutt-side.md", "dokument.pdf"):
        assert f"docs/{name}" not in said


# -----------------------------------------------------------------------------
# The rules, without a build
# -----------------------------------------------------------------------------

def test_excluded_files_are_not_checked_for_kind_but_page_endings_are():
    assert sidefeil.docs_file_problems("docs/includes/synonymer.txt", "includes/synonymer.txt", size=10,
                                       published=False) == []
    assert sidefeil.docs_file_problems("docs/includes/x.markdown", "includes/x.markdown", size=10, published=False)


@pytest.mark.parametrize("svg", [
    '<svg><a href="https://example.org">x</a></svg>', "<svg><foreignObject/></svg>",
    '<svg><image xlink:href="data:image/png;base64,AA"/></svg>', '<svg><style>@import "x.css";</style></svg>',
    '<svg style="background:url(https://x.org/a.png)"/>', '<!DOCTYPE svg [<!ENTITY x "y">]><svg/>'])
def test_svg_that_fetches_or_runs_something_is_refused(svg):
    assert sidefeil.docs_file_problems("docs/x.svg", "x.svg", size=len(svg), published=True, head=svg.encode())


# -----------------------------------------------------------------------------
# The PDF reads nothing outside the site
# -----------------------------------------------------------------------------

def test_the_pdf_reads_no_picture_outside_the_site(tmp_path):
    from handbok_pdf.render import local_fetcher, render_document

    site = tmp_path / "site"
    site.mkdir()
    (tmp_path / "utenfor.png").write_bytes(PNG)
    (site / "inni.png").write_bytes(PNG)
    os.symlink(tmp_path / "utenfor.png", site / "lenke.png")
    fetch = local_fetcher(site)
    assert fetch.fetch((site / "inni.png").as_uri())
    for url in [(tmp_path / "utenfor.png").as_uri(), (site / "lenke.png").as_uri(), "https://example.org/x.png",
                (site / "../utenfor.png").as_uri()]:
        with pytest.raises(ValueError):
            fetch.fetch(url)

    def images(html: str) -> int:
        return render_document(html, site).write_pdf().count(b"/Subtype /Image")

    assert images('<p><img src="inni.png" alt="x"></p>') > 0
    assert images('<p><img src="../utenfor.png" alt="x"><img src="lenke.png" alt="y"></p>') == 0
