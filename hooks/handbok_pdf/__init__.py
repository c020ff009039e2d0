"""
handbok_pdf: the whole handbook as one print-ready A4 PDF, made from the BUILT site.

Not a MkDocs hook (it would slow down `mkdocs serve`): run it after the site build,

    PYTHONPATH=hooks python -m handbok_pdf --site site [--out FILE] [--prosesser N]

`document.collect()` reads the built pages in the site's navigation order and cleans
their article content for print; `render.render_pdf()` puts them through the Jinja
template `overrides/pdf/handbok.html` and the paged-media stylesheet
`overrides/pdf/trykk.css`, and lets WeasyPrint write the PDF: `parallel.py` lays the
book out in shares, one process per CPU core, and `merge.py` joins them into one PDF.
"""

from .document import Chapter, Guide, Handbook, HandbookPdfError, Outcome, TocEntry, collect
from .render import PDF_NAME, build_pdf, render_html, render_pdf

__all__ = [
    "PDF_NAME",
    "Chapter",
    "Guide",
    "Handbook",
    "HandbookPdfError",
    "Outcome",
    "TocEntry",
    "build_pdf",
    "collect",
    "render_html",
    "render_pdf",
]
