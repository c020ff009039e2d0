"""
handbok_pdf: the whole handbook as one print-ready A4 PDF, made from the BUILT site.

Not a MkDocs hook (it would slow down `mkdocs serve`): run it after the site build,

    PYTHONPATH=hooks python -m handbok_pdf --site site [--out FILE]

`document.collect()` reads the built pages in the site's navigation order and cleans
their article content for print, and takes the decision guides from the model
(`guides.py`, the same data as their web pages); `render.render_pdf()` puts them through
the Jinja templates in `overrides/pdf/` and the paged-media stylesheet
`overrides/pdf/trykk.css`, and lets WeasyPrint write the PDF in one process.
"""

from .document import Chapter, Handbook, HandbookPdfError, TocEntry, collect
from .guides import GuideChapter, PrintOutcome
from .render import PDF_NAME, build_pdf, render_html, render_pdf

__all__ = [
    "PDF_NAME",
    "Chapter",
    "GuideChapter",
    "Handbook",
    "HandbookPdfError",
    "PrintOutcome",
    "TocEntry",
    "build_pdf",
    "collect",
    "render_html",
    "render_pdf",
]
