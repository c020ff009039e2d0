"""Render the collected handbook: Jinja template -> one HTML document -> WeasyPrint PDF."""

from __future__ import annotations

import datetime as dt
import multiprocessing
import os
import tempfile
import time
import tomllib
from dataclasses import dataclass
from pathlib import Path

import jinja2

from .document import Handbook, HandbookPdfError, collect

ROOT = Path(__file__).resolve().parents[2]
TEMPLATES = ROOT / "overrides" / "pdf"
TEMPLATE = "handbok.html"
STYLESHEET = TEMPLATES / "trykk.css"
PDF_NAME = "sosiale-medier-handboka.pdf"

# The placeholder trykk.css prints for a page number in the fast build, and the
# characters that may stand in for a missing digit (same width as a digit).
PLACEHOLDER = "00"
FIGURE_SPACE = "\u2007"


@dataclass
class Result:
    path: Path
    pages: int
    seconds: float


def project_version(pyproject: Path = ROOT / "pyproject.toml") -> str:
    try:
        return tomllib.loads(pyproject.read_text(encoding="utf-8"))["project"]["version"]
    except (OSError, KeyError, tomllib.TOMLDecodeError):
        return ""


def build_date() -> dt.date:
    """Today, or SOURCE_DATE_EPOCH for reproducible builds."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH", "").strip()
    if epoch.isdigit():
        return dt.datetime.fromtimestamp(int(epoch), tz=dt.timezone.utc).date()
    return dt.date.today()


def render_html(handbook: Handbook, *, version: str | None = None, date: dt.date | None = None,
                fill_in_page_numbers: bool = False) -> str:
    """The print document as one HTML string."""
    environment = jinja2.Environment(
        loader=jinja2.FileSystemLoader(str(TEMPLATES)),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    date = date or build_date()
    return environment.get_template(TEMPLATE).render(
        handbook=handbook,
        version=project_version() if version is None else version,
        date=date.strftime("%d.%m.%Y"),
        date_iso=date.isoformat(),
        fill_in_page_numbers=fill_in_page_numbers,
    )


def fill_in_page_numbers(document) -> bool:
    """Write the real page numbers into the «00» placeholders of a laid-out document.

    Why: WeasyPrint (70) lays out every page that contains a `target-counter()` three
    times (once, then again when the targets' pages are known, then again because the
    page count changed). With page references in the contents, the chapters and every
    outcome of every guide, that is almost twice the layout work of the whole book – the
    largest part of the build time. The placeholders have the width of two digits
    (tabular figures), so putting the numbers in changes no line or page break.

    This touches WeasyPrint's laid-out boxes (`Page._page_box`, `TextBox.text`, and the
    text of its Pango layout), which are not public API: WeasyPrint is pinned in
    pyproject.toml, the tests check the numbers, and on anything unexpected this returns
    False and the caller renders again with the CSS `target-counter()` rules instead.
    """
    from weasyprint.formatting_structure.boxes import TextBox

    pages = document.pages
    if len(str(len(pages))) > len(PLACEHOLDER):
        return False                      # three-digit page numbers do not fit
    anchors: dict[str, int] = {}
    for number, page in enumerate(pages, start=1):
        for name in page.anchors:
            anchors.setdefault(name, number)
    try:
        found = []
        for page in pages:
            for box in page._page_box.descendants():
                if (isinstance(box, TextBox) and (box.element_tag or "").endswith("::after")
                        and PLACEHOLDER in box.text):
                    href = (box.element.get("href") or "") if box.element is not None else ""
                    if not href.startswith("#"):
                        continue                 # a printed web address that contains «00»
                    target = anchors.get(href[1:])
                    if target is None:
                        return False
                    found.append((box, target))
        if not found:
            return False
        for box, target in found:
            digits = str(target)
            filler = FIGURE_SPACE * (len(PLACEHOLDER) - len(digits))
            if box.text.rstrip().endswith(")"):   # «(side 00)»: keep the gap before «(»
                text = filler + box.text.replace(PLACEHOLDER, digits, 1)
            else:                                  # contents: right-aligned after the leader
                text = box.text.replace(PLACEHOLDER, filler + digits, 1)
            box.text = text
            box.pango_layout.text = text
    except AttributeError:
        return False
    return True


def stylesheet():
    import weasyprint   # imported late: the CLI answers quickly when the site is missing

    return weasyprint.CSS(filename=str(STYLESHEET))


def render_document(html: str, site_dir: Path, css=None):
    import weasyprint

    return weasyprint.HTML(string=html, base_url=f"{site_dir.resolve()}/").render(
        stylesheets=[css or stylesheet()],
    )


def render_pdf(handbook: Handbook, site_dir: Path, out: Path, *, fast: bool = True, css=None) -> int:
    """Lay out, fill in page numbers, write the PDF (atomically); return the page count."""
    css = css or stylesheet()
    document = None
    if fast:
        document = render_document(render_html(handbook, fill_in_page_numbers=True), site_dir, css)
        if not fill_in_page_numbers(document):
            document = None
    if document is None:                  # page numbers by CSS target-counter() alone
        document = render_document(render_html(handbook), site_dir, css)

    out.parent.mkdir(parents=True, exist_ok=True)
    with tempfile.NamedTemporaryFile(dir=out.parent, prefix=".handbok-", suffix=".pdf", delete=False) as tmp:
        temporary = Path(tmp.name)
    try:
        # PDF/UA-1: a tagged PDF with document title and language, for screen readers.
        document.write_pdf(str(temporary), pdf_variant="pdf/ua-1")
        temporary.replace(out)
    finally:
        temporary.unlink(missing_ok=True)
    return len(document.pages)


def build_pdf(site_dir: Path | str, out: Path | str | None = None, *, fast: bool = True) -> Result:
    """Collect the built site and write the handbook PDF (default: into the site folder)."""
    start = time.perf_counter()
    site_dir = Path(site_dir)
    out = Path(out) if out else site_dir / PDF_NAME
    if not TEMPLATES.joinpath(TEMPLATE).is_file() or not STYLESHEET.is_file():
        raise HandbookPdfError(f"Fant ikke malen for PDF-en i «{TEMPLATES}».")
    handbook, css = _collect_while_loading_weasyprint(site_dir)
    pages = render_pdf(handbook, site_dir, out, fast=fast, css=css)
    return Result(path=out, pages=pages, seconds=time.perf_counter() - start)


def _collect_while_loading_weasyprint(site_dir: Path):
    """`collect()` in a forked process while this one imports WeasyPrint and parses the
    stylesheet: both take most of a second, and the machine has two cores. Where fork is
    not available, one after the other."""
    if "fork" not in multiprocessing.get_all_start_methods():
        return collect(site_dir), stylesheet()
    from concurrent.futures import ProcessPoolExecutor

    with ProcessPoolExecutor(max_workers=1, mp_context=multiprocessing.get_context("fork")) as pool:
        pending = pool.submit(collect, site_dir)
        css = stylesheet()
        return pending.result(), css
