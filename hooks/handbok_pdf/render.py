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
from endringslogg import Endringslogg, EndringsloggFeil
from endringslogg import read as read_changes

from .document import Handbook, HandbookPdfError, collect

ROOT = Path(__file__).resolve().parents[2]
TEMPLATES = ROOT / "overrides" / "pdf"
CHANGES = ROOT / "docs" / "endringer.md"
TEMPLATE = "handbok.html"
STYLESHEET = TEMPLATES / "trykk.css"
# Page numbers as placeholders, filled in after layout (the fast build).
PLACEHOLDER_STYLESHEET = TEMPLATES / "sidetall.css"
PDF_NAME = "sosiale-medier-handboka.pdf"

# sidetall.css prints «00» for a page number (two digits: up to 99 pages; a longer book
# is laid out with more, see `placeholder`), and the character that stands in for a
# missing digit (as wide as a digit).
DIGITS = 2
FIGURE_SPACE = "\u2007"


def placeholder(digits: int) -> str:
    return "0" * digits


def footer_placeholder(digits: int) -> str:
    return f"Side {placeholder(digits)} av {placeholder(digits)}"


def digits_for(total: int) -> int:
    """How many digits the page numbers of a book of `total` pages need (at least DIGITS)."""
    return max(DIGITS, len(str(total)))


@dataclass
class Rendered:
    pages: int
    shares: int = 1             # laid out in this many processes at once
    fallback: str = ""          # why not in shares (or not fast), if it was asked for


@dataclass
class Result:
    path: Path
    pages: int
    seconds: float
    shares: int = 1


def project_version(pyproject: Path = ROOT / "pyproject.toml") -> str:
    try:
        return tomllib.loads(pyproject.read_text(encoding="utf-8"))["project"]["version"]
    except (OSError, KeyError, tomllib.TOMLDecodeError):
        return ""


def change_log(path: Path = CHANGES) -> Endringslogg | None:
    """The editors' change log (the site's build has checked it); None if there is none."""
    try:
        return read_changes(path, name="docs/endringer.md")
    except (OSError, EndringsloggFeil):
        return None


def build_date() -> dt.date:
    """Today, or SOURCE_DATE_EPOCH for reproducible builds."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH", "").strip()
    if epoch.isdigit():
        return dt.datetime.fromtimestamp(int(epoch), tz=dt.timezone.utc).date()
    return dt.date.today()


def render_html(handbook: Handbook, *, parts: list | None = None, front_matter: bool = True,
                version: str | None = None, date: dt.date | None = None) -> str:
    """The print document as one HTML string: all of the handbook, or the given parts
    (with or without the cover and the contents, which always list the whole handbook)."""
    environment = jinja2.Environment(
        loader=jinja2.FileSystemLoader(str(TEMPLATES)),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    date = date or build_date()
    changes = change_log()
    if version is None:
        version = changes.gjeldende.nummer if changes else project_version()
    return environment.get_template(TEMPLATE).render(
        changes=changes,
        handbook=handbook,
        parts=handbook.parts if parts is None else parts,
        front_matter=front_matter,
        version=version,
        date=date.strftime("%d.%m.%Y"),
        date_iso=date.isoformat(),
    )


def first_pages_of(document, first_page: int = 1) -> dict[str, int]:
    """The page number of every anchor (id) of a laid-out document (the first if repeated)."""
    anchors: dict[str, int] = {}
    for number, page in enumerate(document.pages, start=first_page):
        for name in page.anchors:
            anchors.setdefault(name, number)
    return anchors


def fill_in_page_numbers(document, *, anchors: dict[str, int] | None = None, first_page: int = 1,
                         total: int | None = None, digits: int = DIGITS) -> bool:
    """Write the real page numbers into the «00» placeholders of a laid-out document:
    after the links, in the contents and in the footers («Side 00 av 00»).

    `anchors` (page number of every id), `first_page` and `total` are the whole book's
    when the document is one share of it (parallel.py); by default the document's own.
    `digits`: the placeholders' digits (the document was laid out with them); False if
    the page numbers need more.

    This touches WeasyPrint's laid-out boxes (`Page._page_box`, `TextBox.text`, and the
    text of its Pango layout), which are not public API: WeasyPrint is pinned in
    pyproject.toml, the tests check the numbers, and on anything unexpected this returns
    False and the caller renders again with the CSS counters of trykk.css instead.
    """
    from weasyprint.formatting_structure.boxes import MarginBox, TextBox

    pages = document.pages
    anchors = first_pages_of(document, first_page) if anchors is None else anchors
    total = len(pages) if total is None else total
    if digits_for(total) > digits:
        return False                      # the page numbers do not fit
    number_placeholder, footer = placeholder(digits), footer_placeholder(digits)
    try:
        found = []
        for number, page in enumerate(pages, start=first_page):
            for box in page._page_box.children:
                if isinstance(box, MarginBox):
                    for text in box.descendants():
                        if isinstance(text, TextBox) and footer in text.text:
                            found.append((text, _footer(text.text, number, total, box.at_keyword, digits)))
                    continue
                for text in box.descendants():
                    if (isinstance(text, TextBox) and (text.element_tag or "").endswith("::after")
                            and number_placeholder in text.text):
                        href = (text.element.get("href") or "") if text.element is not None else ""
                        if not href.startswith("#"):
                            continue             # a printed web address that contains «00»
                        target = anchors.get(href[1:])
                        if target is None:
                            return False
                        found.append((text, _reference(text.text, target, digits)))
        if not found:
            return False
        for box, text in found:
            box.text = text
            box.pango_layout.text = text
    except AttributeError:
        return False
    return True


def _padded(number: int, digits: int) -> tuple[str, str]:
    """The digits, and the figure spaces that make up for the missing ones."""
    shown = str(number)
    return shown, FIGURE_SPACE * (digits - len(shown))


def _reference(text: str, target: int, digits: int) -> str:
    shown, filler = _padded(target, digits)
    if text.rstrip().endswith(")"):      # «(side 00)»: keep the gap before «(»
        return filler + text.replace(placeholder(digits), shown, 1)
    return text.replace(placeholder(digits), filler + shown, 1)   # contents: right-aligned after the leader


def _footer(text: str, number: int, total: int, margin: str | None, digits: int) -> str:
    page, page_filler = _padded(number, digits)
    pages, pages_filler = _padded(total, digits)
    footer = text.replace(footer_placeholder(digits), f"Side {page} av {pages}", 1)
    filler = page_filler + pages_filler
    # The footer keeps its outer edge: the filler goes on the side towards the text.
    return filler + footer if (margin or "").endswith("right") else footer + filler


@dataclass
class Stylesheets:
    """trykk.css, and sidetall.css for the fast build (each parsed once)."""
    print: object
    placeholders: dict[int, object]      # digits -> sidetall.css with that many

    def for_build(self, fill_in: bool, digits: int = DIGITS) -> list:
        if not fill_in:
            return [self.print]
        if digits not in self.placeholders:
            import weasyprint

            source = PLACEHOLDER_STYLESHEET.read_text(encoding="utf-8")
            self.placeholders[digits] = weasyprint.CSS(
                string=source.replace(f'"{placeholder(DIGITS)}"', f'"{placeholder(digits)}"'),
                base_url=str(PLACEHOLDER_STYLESHEET))
        return [self.print, self.placeholders[digits]]


def stylesheets() -> Stylesheets:
    import weasyprint   # imported late: the CLI answers quickly when the site is missing

    return Stylesheets(weasyprint.CSS(filename=str(STYLESHEET)),
                       {DIGITS: weasyprint.CSS(filename=str(PLACEHOLDER_STYLESHEET))})


def render_document(html: str, site_dir: Path, css: list | None = None):
    """Lay out the print document (`css`: the stylesheets; by default trykk.css alone)."""
    import weasyprint

    return weasyprint.HTML(string=html, base_url=f"{site_dir.resolve()}/").render(
        stylesheets=css if css is not None else stylesheets().for_build(False),
    )


def write_pdf(document, path: Path) -> None:
    # PDF/UA-1: a tagged PDF with document title and language, for screen readers.
    document.write_pdf(str(path), pdf_variant="pdf/ua-1")


def render_pdf(handbook: Handbook, site_dir: Path, out: Path, *, fast: bool = True,
               css: Stylesheets | None = None, processes: int | None = None,
               digits: int = DIGITS) -> Rendered:
    """Lay out, fill in page numbers, write the PDF (atomically).

    Fast: the book is laid out in `processes` shares at once (default: one per CPU core,
    see parallel.py) with placeholder page numbers of `digits` digits filled in afterwards
    (once more with enough digits if the book turns out longer); if that cannot be done, in
    one process, and if the placeholders cannot be filled in, with the CSS counters alone
    (slowest, but WeasyPrint does all of it).
    """
    from .parallel import MoreDigits, NotInShares, default_processes, render_in_shares

    css = css or stylesheets()
    out.parent.mkdir(parents=True, exist_ok=True)
    with tempfile.NamedTemporaryFile(dir=out.parent, prefix=".handbok-", suffix=".pdf", delete=False) as tmp:
        temporary = Path(tmp.name)
    try:
        rendered = None
        fallback = ""
        processes = default_processes() if processes is None else processes
        if fast and processes > 1:
            try:
                try:
                    pages, shares = render_in_shares(handbook, site_dir, temporary, css, processes, digits)
                except MoreDigits as more:
                    digits = more.digits
                    pages, shares = render_in_shares(handbook, site_dir, temporary, css, processes, digits)
                rendered = Rendered(pages, shares)
            except NotInShares as exc:
                fallback = str(exc)
        if rendered is None:
            document = None
            if fast:
                document = render_document(render_html(handbook), site_dir, css.for_build(True, digits))
                if digits_for(len(document.pages)) > digits:
                    digits = digits_for(len(document.pages))
                    document = render_document(render_html(handbook), site_dir, css.for_build(True, digits))
                if not fill_in_page_numbers(document, digits=digits):
                    document = None
                    fallback += "; the page numbers could not be filled in"
            if document is None:            # page numbers by CSS counters alone
                document = render_document(render_html(handbook), site_dir, css.for_build(False))
            write_pdf(document, temporary)
            rendered = Rendered(len(document.pages), 1, fallback.strip("; "))
        # A temporary file is private (0600); the PDF is for the web server to hand out.
        temporary.chmod(0o666 & ~_umask())
        temporary.replace(out)
    finally:
        temporary.unlink(missing_ok=True)
    return rendered


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


def build_pdf(site_dir: Path | str, out: Path | str | None = None, *, fast: bool = True,
              processes: int | None = None) -> Result:
    """Collect the built site and write the handbook PDF (default: into the site folder)."""
    start = time.perf_counter()
    site_dir = Path(site_dir)
    out = Path(out) if out else site_dir / PDF_NAME
    if not all(file.is_file() for file in (TEMPLATES / TEMPLATE, STYLESHEET, PLACEHOLDER_STYLESHEET)):
        raise HandbookPdfError(f"Fant ikke malen for PDF-en i «{TEMPLATES}».")
    handbook, css = _collect_while_loading_weasyprint(site_dir)
    rendered = render_pdf(handbook, site_dir, out, fast=fast, css=css, processes=processes)
    return Result(path=out, pages=rendered.pages, seconds=time.perf_counter() - start,
                  shares=rendered.shares)


def _collect_while_loading_weasyprint(site_dir: Path):
    """`collect()` in a forked process while this one imports WeasyPrint and parses the
    stylesheet: both take most of a second, and the machine has two cores. Where fork is
    not available, one after the other."""
    if "fork" not in multiprocessing.get_all_start_methods():
        return collect(site_dir), stylesheets()
    from concurrent.futures import ProcessPoolExecutor

    with ProcessPoolExecutor(max_workers=1, mp_context=multiprocessing.get_context("fork")) as pool:
        pending = pool.submit(collect, site_dir)
        css = stylesheets()
        load_hyphenation()
        return pending.result(), css


def load_hyphenation(lang: str = "nb") -> None:
    """Load the hyphenation dictionary now (a third of a second), once for all the
    processes that lay out shares of the book: pyphen keeps it for the process."""
    import pyphen

    fallback = pyphen.language_fallback(lang)
    if fallback:
        pyphen.Pyphen(lang=fallback)
