"""Render the collected handbook: Jinja templates -> one HTML document -> WeasyPrint PDF.

One process, one layout: WeasyPrint numbers the pages itself (`target-counter`,
`counter(page)`/`counter(pages)` in trykk.css).
"""

from __future__ import annotations

import datetime as dt
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

ROOT = Path(__file__).resolve().parents[2]
TEMPLATES = ROOT / "overrides" / "pdf"
CHANGES = ROOT / "docs" / "endringer.md"
CONFIG = ROOT / "mkdocs.yml"
TEMPLATE = "handbok.html"
STYLESHEET = TEMPLATES / "trykk.css"
PDF_NAME = "sosiale-medier-handboka.pdf"


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


def local_fetcher(*folders: Path):
    """A WeasyPrint URL fetcher that reads only files inside `folders` (after following links) and
    data: URLs: nothing from other hosts, and nothing outside the built site and the print styles
    (a picture path like ../../../etc/… or a link in the site to elsewhere is not read)."""
    from urllib.parse import unquote, urlsplit

    from weasyprint.urls import URLFetcher

    roots = [folder.resolve() for folder in folders]

    class LocalFetcher(URLFetcher):
        def fetch(self, url, headers=None):
            parts = urlsplit(url)
            if parts.scheme == "data":
                return super().fetch(url, headers)
            path = Path(unquote(parts.path)).resolve() if parts.scheme == "file" and not parts.netloc else None
            if path is None or not any(path.is_relative_to(root) for root in roots):
                raise ValueError(f"PDF-en henter ikke {url[:80]!r}: bare filer i det bygde nettstedet.")
            return super().fetch(path.as_uri(), headers)

    return LocalFetcher(allowed_protocols={"file", "data"})


def render_document(html: str, site_dir: Path):
    """Lay out the print document with trykk.css."""
    import weasyprint  # imported late: the CLI answers quickly when the site is missing
    from weasyprint.text.fonts import FontConfiguration

    # The @font-face rules of trykk.css need a font configuration shared with the layout.
    fonts = FontConfiguration()
    fetcher = local_fetcher(site_dir, TEMPLATES.parent)
    return weasyprint.HTML(string=html, base_url=f"{site_dir.resolve()}/", url_fetcher=fetcher).render(
        stylesheets=[weasyprint.CSS(filename=str(STYLESHEET), font_config=fonts, url_fetcher=fetcher)],
        font_config=fonts,
    )


def render_pdf(handbook: Handbook, site_dir: Path, out: Path) -> int:
    """Lay out and write the PDF (atomically); the number of pages."""
    out.parent.mkdir(parents=True, exist_ok=True)
    with tempfile.NamedTemporaryFile(dir=out.parent, prefix=".handbok-", suffix=".pdf", delete=False) as tmp:
        temporary = Path(tmp.name)
    try:
        document = render_document(render_html(handbook), site_dir)
        # PDF/UA-1: a tagged PDF with document title and language, for screen readers.
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
    pages = render_pdf(collect(site_dir), site_dir, out)
    return Result(path=out, pages=pages, seconds=time.perf_counter() - start)
