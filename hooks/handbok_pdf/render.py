"""Render the collected handbook: Jinja templates -> one HTML document -> WeasyPrint PDF.

One process. The page numbers a link or the table of contents prints must be the real ones.
WeasyPrint's `target-counter()` (trykk.css) lays out again every page that shows one, twice
over, and it can leave a number from an earlier pass (a heading that moved to the next page).
So the page of every link target is written into the link (`data-side`) as a guess: the pages
of the last build (kept in `.cache/pdf/`), or UNKNOWN_PAGE. After the layout the guess is checked
against the pages the targets are on; if any was wrong, the document is laid out again with the
pages found. A cached build takes one layout, a clean one two; should the pages never settle,
WeasyPrint's own `target-counter()` decides, as before.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import gc
import hashlib
import json
import os
import tempfile
import time
import tomllib
from dataclasses import dataclass
from pathlib import Path

import jinja2
import yaml
from endringslogg import ChangeLog, ChangeLogError
from endringslogg import read as read_changes

from veiviser import norwegian_date
from veiviser.siteconfig import municipality, read_config_file
from veiviser.templates import add_template_names

from .document import Handbook, HandbookPdfError, collect
from .speedups import faster_pdf_writing, html_class

ROOT = Path(__file__).resolve().parents[2]
TEMPLATES = ROOT / "overrides" / "pdf"
CHANGES = ROOT / "docs" / "endringer.md"
CONFIG = ROOT / "mkdocs.yml"
TEMPLATE = "handbok.html"
STYLESHEET = TEMPLATES / "trykk.css"
PDF_NAME = "sosiale-medier-handboka.pdf"
# The links that print the page of their target (trykk.css: `attr(data-side)`, else `target-counter`).
PAGE_ATTRIBUTE = "data-side"
# Layouts with guessed page numbers before WeasyPrint's own target-counter() decides.
GUESSES = 3
# The first guess for a target no earlier build has seen: three digits, as wide as most.
UNKNOWN_PAGE = 100


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


def change_log(path: Path = CHANGES) -> ChangeLog | None:
    """The editors' change log (the site's build has checked it); None if there is none."""
    try:
        return read_changes(path, name="docs/endringer.md")
    except (OSError, ChangeLogError):
        return None


def site_municipality(path: Path | None = None) -> dict:
    """``extra: kommune:`` of mkdocs.yml (the council's decision, the guidelines' date); the site's
    build has read the same file."""
    try:
        return municipality(read_config_file(path or CONFIG))
    except (OSError, UnicodeDecodeError, yaml.YAMLError):
        return {}


def build_date() -> dt.date:
    """Today, or SOURCE_DATE_EPOCH for reproducible builds."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH", "").strip()
    if epoch.isdigit():
        return dt.datetime.fromtimestamp(int(epoch), tz=dt.UTC).date()
    return dt.date.today()


def render_html(handbook: Handbook, *, version: str | None = None, date: dt.date | None = None) -> str:
    """The print document as one HTML string. The guides' diagrams are the web's own SVG
    template (overrides/veiviser/diagram-svg.html)."""
    environment = add_template_names(jinja2.Environment(
        loader=jinja2.FileSystemLoader([str(TEMPLATES), str(ROOT / "overrides")]),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    ))
    date = date or build_date()
    changes = change_log()
    if version is None:
        version = changes.current.number if changes else project_version()
    return environment.get_template(TEMPLATE).render(
        changes=changes,
        handbook=handbook,
        kommune=site_municipality(),
        version=version,
        date=norwegian_date(date),
        date_iso=date.isoformat(),
    )


def local_fetcher(*folders: Path, fonts: Path | None = None):
    """A WeasyPrint URL fetcher that reads only files inside `folders` (after following links) and
    data: URLs: nothing from other hosts, and nothing outside the built site and the print styles
    (a picture path like ../../../etc/… or a link in the site to elsewhere is not read).
    With `fonts` (a cache folder), a WOFF2 font comes already decompressed (`decompressed_font`)."""
    from urllib.parse import unquote, urlsplit

    from weasyprint.urls import URLFetcher, URLFetcherResponse

    roots = [folder.resolve() for folder in folders]

    class LocalFetcher(URLFetcher):
        def fetch(self, url, headers=None):
            parts = urlsplit(url)
            if parts.scheme == "data":
                return super().fetch(url, headers)
            path = Path(unquote(parts.path)).resolve() if parts.scheme == "file" and not parts.netloc else None
            if path is None or not any(path.is_relative_to(root) for root in roots):
                raise ValueError(f"PDF-en henter ikke {url[:80]!r}: bare filer i det bygde nettstedet.")
            if fonts and path.suffix == ".woff2" and (font := decompressed_font(path, fonts)):
                return URLFetcherResponse(path.as_uri(), body=font)
            return super().fetch(path.as_uri(), headers)

    return LocalFetcher(allowed_protocols={"file", "data"})


def decompressed_font(path: Path, folder: Path) -> bytes | None:
    """The WOFF2 font as the OpenType data WeasyPrint would decompress it to (a quarter of a second
    for the nine fonts, every build), kept in `folder` keyed on the font and fontTools' version.
    A kept file starts with the SHA-256 of the rest: a damaged one is made anew. None if the
    font cannot be read or decompressed (WeasyPrint then tries, and says what is wrong)."""
    from io import BytesIO

    from fontTools import version as fonttools_version
    from fontTools.ttLib import woff2

    try:
        source = path.read_bytes()
    except OSError:
        return None
    key = hashlib.sha256(fonttools_version.encode() + b"\0" + source).hexdigest()
    file = folder / f"{key}.otf"
    try:
        kept = file.read_bytes()
        if hashlib.sha256(kept[32:]).digest() == kept[:32]:
            return kept[32:]
    except OSError:
        pass
    out = BytesIO()
    try:
        woff2.decompress(BytesIO(source), out)
    except Exception:  # noqa: BLE001 – a damaged font: WeasyPrint reports it
        return None
    font = out.getvalue()
    try:
        folder.mkdir(parents=True, exist_ok=True)
        temporary = file.with_name(f".{file.name}.{os.getpid()}")
        temporary.write_bytes(hashlib.sha256(font).digest() + font)
        temporary.replace(file)
    except OSError:
        pass  # a cache that cannot be written only costs time
    return font


def cache_folder() -> Path:
    """The PDF's part of the build's cache folder (mkdocs.yml: `hurtiglager: !ENV [HANDBOK_HURTIGLAGER, .cache]`)."""
    return ROOT / (os.environ.get("HANDBOK_HURTIGLAGER") or ".cache") / "pdf"


class PageGuess:
    """The page of every link target in the last PDF made with the same stylesheet and WeasyPrint.

    Only a guess (render_document checks it), so a stale one costs a layout, never a wrong number;
    a damaged or foreign file is no guess."""

    def __init__(self, folder: Path | None) -> None:
        import weasyprint

        self.file = folder / "sidetall.json" if folder else None
        self.key = hashlib.sha256(weasyprint.__version__.encode() + b"\0" + STYLESHEET.read_bytes()).hexdigest()

    def load(self) -> dict[str, int]:
        try:
            stored = json.loads(self.file.read_text(encoding="utf-8")) if self.file else {}
            pages = stored["sider"] if stored.get("nøkkel") == self.key else {}
            return {str(anchor): page for anchor, page in pages.items() if type(page) is int}
        except (OSError, ValueError, AttributeError, KeyError, TypeError):
            return {}

    def save(self, pages: dict[str, int]) -> None:
        if self.file is None:
            return
        try:
            self.file.parent.mkdir(parents=True, exist_ok=True)
            temporary = self.file.with_name(f".{self.file.name}.{os.getpid()}")
            temporary.write_text(json.dumps({"nøkkel": self.key, "sider": pages}), encoding="utf-8")
            temporary.replace(self.file)
        except OSError:
            pass  # a guess that cannot be kept only costs time next time


def page_links(root) -> list:
    """The links that print their target's page: `a.intern`, and those of the table of contents."""
    contents = [nav for nav in root.iter("nav") if "innhold" in (nav.get("class") or "").split()]
    return [*(a for nav in contents for a in nav.iter("a")),
            *(a for a in root.iter("a") if "intern" in (a.get("class") or "").split())]


def link_target(link) -> str:
    return (link.get("href") or "").removeprefix("#")


def anchor_pages(document) -> dict[str, int]:
    """Every anchor's page in the laid-out document: where it starts, as `target-counter(…, page)`
    counts (trykk.css never resets the page counter)."""
    found: dict[str, int] = {}
    for number, page in enumerate(document.pages, start=1):
        for anchor in page.anchors:
            found.setdefault(anchor, number)
    return found


@contextlib.contextmanager
def cycle_collector_paused():
    """WeasyPrint makes millions of small objects that all live until the PDF is written, and
    Python's cyclic garbage collector walks them again and again while they are made: 2.2 s of
    the 12 s the whole handbook took. Reference counting still frees what is no longer used; only
    reference cycles wait until the collector runs again (about 10 MB here)."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


def render_document(html: str, site_dir: Path, cache: Path | None = None):
    """Lay out the print document with trykk.css; `cache`: where the page guesses are kept."""
    return paginate(html, site_dir, cache)[0]


def paginate(html: str, site_dir: Path, cache: Path | None = None):
    """The laid-out document, and how many layouts it took."""
    import weasyprint  # imported late: the CLI answers quickly when the site is missing
    from weasyprint.text.fonts import FontConfiguration

    # The @font-face rules of trykk.css need a font configuration shared with the layout.
    fonts = FontConfiguration()
    fetcher = local_fetcher(site_dir, TEMPLATES.parent, fonts=cache / "fonter" if cache else None)
    stylesheet = weasyprint.CSS(filename=str(STYLESHEET), font_config=fonts, url_fetcher=fetcher)
    html_document = html_class(STYLESHEET)

    def layout(guess: dict[str, int], first: bool):
        """Laid out with the guessed pages written into the links; and the targets of those links.
        In the first layout a target the guess does not know (that is in the document) gets
        UNKNOWN_PAGE; after that, a target no layout found is left to target-counter()."""
        document = html_document(string=html, base_url=f"{site_dir.resolve()}/", url_fetcher=fetcher)
        links = page_links(document.etree_element)
        if first:
            ids = {element.get("id") for element in document.etree_element.iter() if element.get("id")}
            guess.update({link_target(a): UNKNOWN_PAGE for a in links
                          if link_target(a) in ids and link_target(a) not in guess})
        for link in links:
            if link_target(link) in guess:
                link.set(PAGE_ATTRIBUTE, str(guess[link_target(link)]))
        return document.render(stylesheets=[stylesheet], font_config=fonts), {link_target(a) for a in links}

    guesses = PageGuess(cache)
    guess = guesses.load()
    for layouts in range(1, GUESSES + 1):
        document, targets = layout(guess, first=layouts == 1)
        found = anchor_pages(document)
        right = all(found.get(target) == guess[target] for target in targets if target in guess)
        guess = {target: found[target] for target in sorted(targets) if target in found}
        guesses.save(guess)
        if right:
            return document, layouts
        # The layout is thrown away: its boxes refer to each other, so only the collector frees them.
        del document
        gc.collect()
    # No guess held: WeasyPrint's target-counter() finds every page.
    return layout({}, first=False)[0], GUESSES + 1


def render_pdf(handbook: Handbook, site_dir: Path, out: Path, cache: Path | None = None) -> int:
    """Lay out and write the PDF (atomically); the number of pages. `cache`: the cache folder
    (default: `.cache/pdf/`)."""
    out.parent.mkdir(parents=True, exist_ok=True)
    with tempfile.NamedTemporaryFile(dir=out.parent, prefix=".handbok-", suffix=".pdf", delete=False) as tmp:
        temporary = Path(tmp.name)
    try:
        with cycle_collector_paused():
            document = render_document(render_html(handbook), site_dir, cache or cache_folder())
            # PDF/UA-1: a tagged PDF with document title and language, for screen readers.
            with faster_pdf_writing():
                document.write_pdf(str(temporary), pdf_variant="pdf/ua-1")
        # A temporary file is private (0600); the PDF is for the web server to hand out.
        temporary.chmod(0o666 & ~_umask())
        temporary.replace(out)
    finally:
        temporary.unlink(missing_ok=True)
    return len(document.pages)


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


def build_pdf(site_dir: Path | str, out: Path | str | None = None) -> Result:
    """Collect the built site and the guides and write the handbook PDF (default: into the site folder)."""
    start = time.perf_counter()
    site_dir = Path(site_dir)
    out = Path(out) if out else site_dir / PDF_NAME
    if not all(file.is_file() for file in (TEMPLATES / TEMPLATE, STYLESHEET)):
        raise HandbookPdfError(f"Fant ikke malen for PDF-en i «{TEMPLATES}».")
    with cycle_collector_paused():  # reading the site's pages makes many small objects too
        pages = render_pdf(collect(site_dir), site_dir, out)
    return Result(path=out, pages=pages, seconds=time.perf_counter() - start)
