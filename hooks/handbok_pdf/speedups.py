"""Three shortcuts through WeasyPrint and pydyf for the handbook's PDF, each measured (README «Ytelse»).

They change how fast the PDF is made, not what it says: the same text, pages, fonts, outline and
tags. They reach into the libraries, so they are checked against the pinned versions
(requirements/*.txt); with any other version the libraries' own code runs, only slower, and
tests/pdf/test_pdf_speedups.py fails until someone has looked again.

- The user-agent stylesheet without footnotes and notes: WeasyPrint's own (html5_ua.css) gives
  every element `::footnote-call`, `::footnote-marker`, `::note-call`, `::note-marker` and
  `::note-callback` styles, six pseudo-element styles per element (42 000 for the handbook), for
  boxes that only exist where a stylesheet floats an element into a footnote or note. trykk.css
  does neither; should it ever, the stock stylesheet is used (`trimmed_ua_stylesheet`).
- pydyf builds the list of all page references anew each time it is asked, and WeasyPrint's PDF
  tagging asks once per tagged element (19 000 × 134 pages): kept while no page is added.
- pydyf compresses every stream at zlib's slowest level 9 (0.5 s); level 6, zlib's default, takes
  a quarter of the time for a file 3 % larger.
"""

from __future__ import annotations

import contextlib
import re
import zlib
from pathlib import Path

PINNED = {"weasyprint": "70.0", "pydyf": "0.13.0"}
COMPRESSION_LEVEL = 6
# A stylesheet that uses footnotes or notes needs the user agent's rules for them.
USES_NOTES = re.compile(r"footnote|\bnote-|::note|float\s*:\s*note", re.IGNORECASE)
NOTE_RULES = re.compile(r"^::(?:footnote|note)-[a-z]+\s*\{[^}]*\}\s*\n", re.MULTILINE)


def pinned() -> bool:
    """The libraries are the versions these shortcuts were checked against."""
    import pydyf  # type: ignore[import-untyped]
    import weasyprint

    return weasyprint.__version__ == PINNED["weasyprint"] and pydyf.__version__ == PINNED["pydyf"]


def trimmed_ua_stylesheet(stylesheet: Path):
    """WeasyPrint's user-agent stylesheet without the footnote and note rules, or None where the
    stock one must be used (another version, or a print stylesheet that uses notes)."""
    from weasyprint import CSS
    from weasyprint import html as weasyprint_html

    if not pinned() or USES_NOTES.search(stylesheet.read_text(encoding="utf-8")):
        return None
    trimmed, removed = NOTE_RULES.subn("", weasyprint_html.UA)
    if removed != 5:
        return None
    return CSS(string=trimmed, counter_style=weasyprint_html.UA_COUNTER_STYLE)


def html_class(stylesheet: Path):
    """weasyprint.HTML, with the trimmed user-agent stylesheet where it may be used."""
    import weasyprint

    sheet = trimmed_ua_stylesheet(stylesheet)
    if sheet is None:
        return weasyprint.HTML

    class PrintHTML(weasyprint.HTML):
        def _ua_stylesheets(self, forms=False):
            return [sheet, *super()._ua_stylesheets(forms)[1:]]

    return PrintHTML


class _Zlib:
    """pydyf's view of zlib: the same module, with the default compression level."""

    def __getattr__(self, name):
        return getattr(zlib, name)

    @staticmethod
    def compressobj(level=COMPRESSION_LEVEL, *args, **kwargs):
        return zlib.compressobj(COMPRESSION_LEVEL, *args, **kwargs)


@contextlib.contextmanager
def faster_pdf_writing():
    """While the PDF is written: page references kept, streams compressed at level 6."""
    import pydyf

    if not pinned():
        yield
        return
    stock = pydyf.PDF.page_references

    def page_references(pdf):
        kids = pdf.pages["Kids"]
        kept = pdf.__dict__.get("_kept_page_references")
        if kept is None or kept[0] != len(kids):
            kept = (len(kids), stock.fget(pdf))
            pdf.__dict__["_kept_page_references"] = kept
        return kept[1]

    pydyf.PDF.page_references = property(page_references)
    pydyf.zlib = _Zlib()
    try:
        yield
    finally:
        pydyf.PDF.page_references = stock
        pydyf.zlib = zlib


def pydyf_patched() -> bool:
    """Whether faster_pdf_writing() is in force (for the tests)."""
    import pydyf

    return isinstance(pydyf.zlib, _Zlib)
