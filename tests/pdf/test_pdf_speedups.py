"""The shortcuts through WeasyPrint and pydyf (hooks/handbok_pdf/speedups.py) make the same PDF, only
faster, and only with the library versions they were checked against."""

from __future__ import annotations

import gc
import io
from pathlib import Path

import pydyf
import pytest
import weasyprint
from pypdf import PdfReader

from handbok_pdf import speedups
from handbok_pdf.render import STYLESHEET

# Lists, links, a table, headings (bookmarks, tags): what the handbook is made of, on a few pages.
SAMPLE = """<!doctype html><html lang="nb"><head><title>Prøve</title>
<style>@page { size: A6; margin: 10mm } a::after { content: " (side " target-counter(attr(href), page) ")" }</style>
</head><body>""" + "".join(
    f"""<h1 id="k{n}">Kapittel {n}</h1><p>Tekst med <a href="#k{(n + 1) % 6}">en lenke</a> og
<strong>uthevet</strong> tekst som brytes over flere linjer i en smal spalte.</p>
<ol><li>Første punkt</li><li>Andre punkt med <em>kursiv</em></li></ol>
<table><tr><th>Regel</th><td>Hvor den står</td></tr><tr><th>To</th><td>Tre</td></tr></table>"""
    for n in range(6)) + "</body></html>"


def pdf(html_class, *, faster: bool) -> bytes:
    document = html_class(string=SAMPLE).render()
    out = io.BytesIO()
    if faster:
        with speedups.faster_pdf_writing():
            document.write_pdf(out, pdf_variant="pdf/ua-1")
    else:
        document.write_pdf(out, pdf_variant="pdf/ua-1")
    return out.getvalue()


def structure(data: bytes) -> tuple:
    """What a reader gets: every page's drawing (decompressed), the outline, and the tag tree with the
    page of every tagged element."""
    reader = PdfReader(io.BytesIO(data))
    pages = {page.indirect_reference.idnum: number for number, page in enumerate(reader.pages)}

    def tags(node) -> list:
        node = node.get_object()
        if not isinstance(node, dict):
            return [node]
        kids = node.get("/K")
        kids = kids if isinstance(kids, list) else [] if kids is None else [kids]
        page = node.get("/Pg")
        return [str(node.get("/S")), pages.get(page.idnum) if page is not None else None,
                [tags(kid) for kid in kids]]

    return ([page.get_contents().get_data() for page in reader.pages],
            [(item.title, reader.get_destination_page_number(item)) for item in reader.outline],
            tags(reader.trailer["/Root"]["/StructTreeRoot"]))


def test_the_shortcuts_are_checked_against_the_installed_versions():
    assert speedups.pinned(), (
        f"WeasyPrint {weasyprint.__version__} / pydyf {pydyf.__version__}: the PDF's shortcuts "
        f"(hooks/handbok_pdf/speedups.py) were checked against {speedups.PINNED}; check them again "
        "(the user-agent stylesheet, PDF.page_references, the compression level) and update PINNED.")


def test_the_handbook_gets_the_user_agent_stylesheet_without_notes():
    html_class = speedups.html_class(STYLESHEET)
    assert html_class is not weasyprint.HTML
    sheets = html_class(string="<p>x</p>")._ua_stylesheets()
    assert len(sheets) == 1 and sheets[0] is not weasyprint.HTML(string="<p>x</p>")._ua_stylesheets()[0]


def test_a_print_stylesheet_with_footnotes_keeps_the_stock_user_agent_stylesheet(tmp_path):
    stylesheet = tmp_path / "trykk.css"
    stylesheet.write_text(".fotnote { float: footnote }", encoding="utf-8")
    assert speedups.trimmed_ua_stylesheet(stylesheet) is None
    assert speedups.html_class(stylesheet) is weasyprint.HTML


def test_the_same_pdf_with_and_without_the_shortcuts():
    stock = pdf(weasyprint.HTML, faster=False)
    faster = pdf(speedups.html_class(STYLESHEET), faster=True)
    assert structure(faster) == structure(stock)
    assert len(PdfReader(io.BytesIO(stock)).pages) > 3


def test_the_shortcuts_are_undone_after_writing():
    stock = pydyf.PDF.page_references
    with speedups.faster_pdf_writing():
        assert pydyf.PDF.page_references is not stock
    assert pydyf.PDF.page_references is stock and pydyf.zlib.compressobj is speedups.zlib.compressobj


def test_kept_page_references_follow_new_pages():
    with speedups.faster_pdf_writing():
        document = pydyf.PDF()
        references = []
        for _ in range(3):
            document.add_page(pydyf.Dictionary({"Type": "/Page"}))
            references.append(document.page_references)
    assert [len(r) for r in references] == [1, 2, 3]
    assert references[2][:2] == references[1]


@pytest.mark.parametrize("level", [9, 6])
def test_streams_are_compressed_at_level_6(level):
    data = b"BT /F1 12 Tf (Sosiale medier) Tj ET\n" * 2000
    with speedups.faster_pdf_writing():
        written = pydyf.Stream([data], compress=True).data
    compressor = speedups.zlib.compressobj(level)
    expected = compressor.compress(data) + compressor.flush()
    assert (expected in written) == (level == 6)


def test_the_cycle_collector_rests_while_the_pdf_is_made(tmp_path, monkeypatch):
    from handbok_pdf import render

    seen = []

    class Document:
        pages = [None]

        def write_pdf(self, target, **options):
            seen.append(("write", gc.isenabled(), speedups.pydyf_patched()))
            Path(target).write_bytes(b"%PDF-1.7\n")

    def render_document(html, site_dir, cache):
        seen.append(("layout", gc.isenabled(), None))
        return Document()

    monkeypatch.setattr(render, "render_html", lambda handbook: "<p>x</p>")
    monkeypatch.setattr(render, "render_document", render_document)
    assert gc.isenabled()
    assert render.render_pdf(None, tmp_path, tmp_path / "ut.pdf", cache=tmp_path) == 1
    assert seen == [("layout", False, None), ("write", False, True)]
    assert gc.isenabled(), "the collector runs again afterwards"


def test_a_paused_collector_is_left_paused():
    from handbok_pdf.render import cycle_collector_paused

    gc.disable()
    try:
        with cycle_collector_paused():
            assert not gc.isenabled()
        assert not gc.isenabled()
    finally:
        gc.enable()
