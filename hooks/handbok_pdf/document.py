"""Collect the built site's pages in navigation order and clean them for print.

Everything here works on the BUILT site (the HTML MkDocs wrote), not on the Markdown:
what is printed is exactly what the site shows, hooks and snippets included.

- Page order: the primary navigation of `index.html`, in document order; the decision
  guides listed on `veivisere/index.html` follow that page (or come last if it is not in
  the navigation).
- Each page's `article.md-content__inner` is cleaned of screen-only chrome (permalinks,
  «sist endret», buttons, forms, scripts, the interactive guide, related-guides box …).
- Every id is prefixed with the page's slug (`pa-vegne-av-kommunen--svar-alltid`) and
  every internal link `page.html#anchor` becomes `#page--anchor`, so the print document
  is one HTML file whose links stay inside it. Each page's top is `#<slug>--top`.
"""

from __future__ import annotations

import base64
import copy
import posixpath
import re
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import unquote, urlsplit

from bs4 import BeautifulSoup, Comment, Tag
from markupsafe import Markup

ARTICLE_START = '<article class="md-content__inner'
OUTCOME_MARK = 'class="veiviser-resultat"'
NOT_PRINTED_SOURCE = re.compile(r"<(template|script)\b.*?</\1\s*>", re.DOTALL | re.IGNORECASE)
GUIDE_LIST_PAGE = "veivisere/index.html"
# Navigation entries left out of the print: the practice cases («Øv deg») only work on
# screen, where the reader walks a guide and the answer is revealed at the end.
LEFT_OUT = ("ov-deg/",)

# Screen-only parts of a page: never printed. (Matched by hand, not with CSS selectors:
# soupsieve is slow enough to matter here.)
DROP_TAGS = frozenset({"button", "form", "template", "script", "style", "input", "select", "textarea"})
DROP_CLASSES = frozenset({
    "headerlink", "md-source-file", "sist-endret", "md-code__nav", "relaterte-veivisere",
    "veiviser-overtittel", "veiviser-start-igjen", "veiviser-veier", "visuelt-skjult",
    "pdf-lenke",                                  # «Last ned håndboka som PDF» – this PDF
})
DROP_ATTRIBUTES = ("data-app", "data-veiviser", "hidden")
# Attributes that only make sense on screen.
SCREEN_ATTRIBUTES = ("tabindex", "data-search-exclude", "data-md-component")
# Attributes that refer to ids (space-separated lists).
ID_REFERENCES = ("aria-labelledby", "aria-describedby", "aria-controls", "for", "headers")
CSS_URL_REF = re.compile(r"url\(#([^)]+)\)")

# Widest part of a decision diagram printed in one piece, in SVG px. A landscape A4 page
# holds about 960 px at full size; wider diagrams are printed in parts so the text stays
# readable (about 9 pt) instead of being shrunk to a few points.
MAX_DIAGRAM_PART = 1000
# The text width of a landscape page (297 mm − 25 mm − 18 mm, see @page in trykk.css) and
# the height a diagram part may take under the guide's title and description.
DIAGRAM_TEXT_WIDTH_MM = 254
DIAGRAM_MAX_HEIGHT_MM = 105
# Width given to a label (SVG px); it is centred (or aligned) on the text's x.
LABEL_WIDTH = 400

# The HTML parser lower-cases attribute and tag names; a stand-alone SVG (XML) needs
# them in their SVG spelling again (the HTML standard's «adjust SVG attributes» table,
# the names the diagrams can use).
SVG_ATTRIBUTE_CASE = {name.lower(): name for name in (
    "viewBox", "preserveAspectRatio", "markerWidth", "markerHeight", "markerUnits", "refX",
    "refY", "textLength", "lengthAdjust", "startOffset", "pathLength", "gradientUnits",
    "gradientTransform", "patternUnits", "patternContentUnits", "patternTransform",
    "clipPathUnits", "maskUnits", "maskContentUnits", "spreadMethod", "stdDeviation",
)}
SVG_TAG_CASE = {name.lower(): name for name in (
    "linearGradient", "radialGradient", "clipPath", "textPath", "foreignObject", "feGaussianBlur",
)}


class HandbookPdfError(Exception):
    """A problem the editor can fix; the message is Norwegian and shown as is."""


@dataclass
class TocEntry:
    title: str
    href: str
    level: int          # 1 = chapter, 2 = section or guide


@dataclass
class Outcome:
    slug: str
    number: int
    title: str
    html: Markup


@dataclass
class DiagramLabel:
    """A text of a diagram, placed over the diagram's shapes (all lengths in mm)."""
    left: float
    top: float
    width: float
    font_size: float
    line_height: float
    align: str                       # left, center, right
    color: str
    lines: list[tuple[str, bool]]    # (text, bold)


@dataclass
class DiagramPart:
    src: str            # data: URL of a stand-alone SVG with the shapes
    alt: str
    number: int
    total: int
    width: float        # mm; every part of a guide's diagram has the same scale
    height: float       # mm
    labels: list[DiagramLabel]


@dataclass
class Guide:
    kind = "guide"
    path: str
    slug: str
    title: str
    running_title: str
    html: Markup                     # title, description and version line
    diagram: list[DiagramPart]
    diagram_caption: str
    paths_table: Markup
    outcomes: list[Outcome]


@dataclass
class Chapter:
    kind = "chapter"
    path: str
    slug: str
    title: str
    running_title: str
    html: Markup
    sections: list[TocEntry] = field(default_factory=list)


@dataclass
class Handbook:
    site_name: str
    author: str
    description: str
    parts: list[Chapter | Guide]

    @property
    def toc(self) -> list[TocEntry]:
        entries: list[TocEntry] = []
        for part in self.parts:
            level = 2 if part.kind == "guide" else 1
            entries.append(TocEntry(part.title, f"#{part.slug}--top", level))
            if part.kind == "chapter":
                entries.extend(part.sections)
        return entries

    @property
    def chapters(self) -> list[Chapter]:
        return [p for p in self.parts if p.kind == "chapter"]

    @property
    def guides(self) -> list[Guide]:
        return [p for p in self.parts if p.kind == "guide"]


# -----------------------------------------------------------------------------
# Paths and slugs
# -----------------------------------------------------------------------------

def page_slug(path: str) -> str:
    """`veivisere/krise/index.html` -> `veivisere-krise`; `index.html` -> `index`."""
    stem = path.removesuffix(".html")
    if stem.endswith("/index"):
        stem = stem[: -len("/index")]
    return stem.replace("/", "-")


def resolve_path(page: str, href_path: str) -> str:
    """A relative URL path seen from `page`, as a path relative to the site root."""
    target = posixpath.normpath(posixpath.join(posixpath.dirname(page), unquote(href_path)))
    if href_path.endswith("/") or target in (".", ""):
        target = posixpath.join(target, "index.html").removeprefix("./")
    return target


def is_external(href: str) -> bool:
    parts = urlsplit(href)
    return bool(parts.scheme or parts.netloc)


def text_of(tag: Tag) -> str:
    return re.sub(r"\s+", " ", tag.get_text(" ")).strip()


# -----------------------------------------------------------------------------
# Reading the site
# -----------------------------------------------------------------------------

class Site:
    """The built site: parsed pages, cached."""

    def __init__(self, root: Path) -> None:
        self.root = root
        self._soups: dict[str, BeautifulSoup] = {}
        self._articles: dict[str, Tag] = {}
        if not root.is_dir():
            raise HandbookPdfError(
                f"Fant ikke nettstedet i «{root}». Bygg det først med «make site» "
                f"(eller «mkdocs build -d {root}»)."
            )
        if not (root / "index.html").is_file():
            raise HandbookPdfError(
                f"«{root}» ser ikke ut som et bygget nettsted (index.html mangler). "
                "Bygg det først med «make site»."
            )

    def text(self, path: str) -> str:
        file = self.root / path
        if not file.is_file():
            raise HandbookPdfError(f"Siden «{path}» finnes ikke i «{self.root}». Bygg nettstedet på nytt.")
        return file.read_text(encoding="utf-8")

    def soup(self, path: str) -> BeautifulSoup:
        """The whole page (only needed for the home page's navigation and metadata)."""
        if path not in self._soups:
            self._soups[path] = BeautifulSoup(self.text(path), "html.parser")
        return self._soups[path]

    def article(self, path: str) -> Tag:
        """The page's article, parsed once. Only the article's own source is parsed, and
        without <template>/<script> (the interactive guide's steps and data, never printed):
        Python's HTML parser is slow, and this keeps the whole PDF build fast."""
        if path not in self._articles:
            source = self.text(path)
            start = source.find(ARTICLE_START)
            end = source.rfind("</article>")
            if start < 0 or end < start:
                raise HandbookPdfError(f"Fant ikke innholdet (article) på siden «{path}».")
            source = NOT_PRINTED_SOURCE.sub("", source[start:end + len("</article>")])
            article = BeautifulSoup(source, "html.parser").find("article", class_="md-content__inner")
            if article is None:
                raise HandbookPdfError(f"Fant ikke innholdet (article) på siden «{path}».")
            self._articles[path] = article
        return self._articles[path]

    def has_outcome(self, path: str) -> bool:
        return OUTCOME_MARK in self.text(path)

    def meta(self, name: str) -> str:
        tag = self.soup("index.html").find("meta", attrs={"name": name})
        return tag.get("content", "").strip() if tag else ""

    def navigation(self) -> list[tuple[str, str]]:
        """(page path, label) of the primary navigation, in order, without duplicates."""
        seen: dict[str, str] = {}
        soup = self.soup("index.html")
        primary = soup.find("nav", class_="md-nav--primary")
        links = primary.find_all("a", class_="md-nav__link", href=True) if primary else []
        for link in links:
            href = link["href"]
            if is_external(href) or not urlsplit(href).path:
                continue                      # the home page's own table of contents
            path = resolve_path("index.html", urlsplit(href).path)
            if not path.startswith(LEFT_OUT):
                seen.setdefault(path, text_of(link))
        if not seen:
            raise HandbookPdfError("Fant ingen navigasjon i index.html. Bygg nettstedet på nytt.")
        return list(seen.items())

    def guide_pages(self) -> list[str]:
        """The guides' start pages, in the order of the guide list."""
        if not (self.root / GUIDE_LIST_PAGE).is_file():
            return []
        paths: list[str] = []
        listing = self.article(GUIDE_LIST_PAGE).find(class_="veiviser-liste")
        for link in listing.find_all("a", href=True) if listing else []:
            path = resolve_path(GUIDE_LIST_PAGE, urlsplit(link["href"]).path)
            if path not in paths:
                paths.append(path)
        return paths


# -----------------------------------------------------------------------------
# Cleaning
# -----------------------------------------------------------------------------

def _screen_only(tag: Tag) -> bool:
    return (tag.name in DROP_TAGS
            or any(attribute in tag.attrs for attribute in DROP_ATTRIBUTES)
            or not DROP_CLASSES.isdisjoint(tag.get("class") or ()))


def clean(root: Tag) -> None:
    """Remove screen-only chrome in place."""
    for comment in root.find_all(string=lambda s: isinstance(s, Comment)):
        comment.extract()
    for element in root.find_all(_screen_only):
        if not element.decomposed:
            element.decompose()
    for abbr in root.find_all("abbr"):        # the glossary explains the words on paper
        abbr.unwrap()
    for details in root.find_all("details"):  # everything is shown on paper
        details.name = "div"
        details["class"] = [*details.get("class", []), "utvidet"]
        for summary in details.find_all("summary", recursive=False):
            summary.name = "p"
            summary["class"] = ["utvidet-tittel"]
    for element in root.find_all(True):
        for attribute in SCREEN_ATTRIBUTES:
            element.attrs.pop(attribute, None)
    for numbered in root.find_all("ol", start=True):
        # WeasyPrint honours `start` only with presentational hints: say it in CSS.
        if str(numbered["start"]).strip().lstrip("-").isdigit():
            numbered["style"] = f"counter-reset: list-item {int(numbered['start']) - 1}"


def shift_headings(root: Tag, by: int) -> None:
    """h1 -> h(1+by) …; never deeper than h6."""
    for heading in root.find_all(re.compile(r"^h[1-6]$")):
        heading.name = f"h{min(6, int(heading.name[1]) + by)}"


def prefix_ids(root: Tag, prefix: str) -> None:
    """Give every id in `root` the prefix, and update what refers to them (not links)."""
    renamed: dict[str, str] = {}
    elements = [root, *root.find_all(True)]
    for element in elements:
        if element.has_attr("id"):
            renamed[element["id"]] = prefix + element["id"]
            element["id"] = renamed[element["id"]]
    for element in elements:
        for attribute in ID_REFERENCES:
            if element.has_attr(attribute):
                value = element[attribute]
                tokens = value if isinstance(value, list) else str(value).split()
                element[attribute] = " ".join(renamed.get(t, t) for t in tokens)
        for attribute, value in list(element.attrs.items()):
            if isinstance(value, str) and "url(#" in value:
                element[attribute] = CSS_URL_REF.sub(lambda m: f"url(#{renamed.get(m.group(1), m.group(1))})", value)


# -----------------------------------------------------------------------------
# Links
# -----------------------------------------------------------------------------

class LinkMap:
    """Where every page of the site ends up in the print document."""

    def __init__(self) -> None:
        self.slugs: dict[str, str] = {}          # page path -> its id prefix
        self.parts: dict[str, str] = {}          # page path -> slug of the part that prints it
        self.ids: dict[str, set[str]] = {}       # page path -> its ids (before prefixing)
        self.outcome_numbers: dict[str, int] = {}  # outcome page -> its number in the guide
        self.guide_dirs: dict[str, str] = {}     # guide folder -> guide slug

    def add(self, path: str, article: Tag, part: str) -> None:
        self.slugs[path] = page_slug(path)
        self.parts[path] = part
        self.ids[path] = {el["id"] for el in article.find_all(id=True)}

    def target(self, page: str, href: str) -> tuple[str, str] | None:
        """(in-document href, path of the page it leads to) for a link on `page`, or None
        if it leads to nothing that is printed."""
        parts = urlsplit(href)
        path = resolve_path(page, parts.path) if parts.path else page
        fragment = unquote(parts.fragment)
        if path in self.slugs:
            slug = self.slugs[path]
            if fragment and fragment in self.ids.get(path, set()):
                return f"#{slug}--{fragment}", path
            return f"#{slug}--top", path
        folder = posixpath.dirname(path)
        if folder in self.guide_dirs:            # a question page of a guide: the guide itself
            guide = self.guide_dirs[folder]
            return f"#{guide}--top", f"{folder}/index.html"
        return None

    def rewrite(self, page: str, root: Tag) -> None:
        """Make every link followable on paper (the stylesheet prints page numbers/URLs)."""
        for link in root.find_all("a", href=True):
            href = link["href"].strip()
            if href.startswith(("mailto:", "tel:")):
                continue
            if is_external(href):
                shown = text_of(link).rstrip("/")
                # Print the address after the text, unless the text already is the address.
                if shown != href.rstrip("/"):
                    _add_class(link, "ekstern")
                continue
            found = self.target(page, href)
            if found is None:
                link.unwrap()
                continue
            link["href"], target = found
            number = self.outcome_numbers.get(target)
            same_part = self.parts.get(target) == self.parts.get(page)
            if number is not None and same_part:
                # An outcome of the same guide: it follows in the list of outcomes.
                _add_class(link, "til-resultat")
                link["data-resultat"] = str(number)
            elif same_part:
                _add_class(link, "lokal")       # within the chapter: no page number needed
            else:
                _add_class(link, "intern")      # another chapter or guide: «(side N)»
        for image in root.find_all("img", src=True):
            if not is_external(image["src"]) and not image["src"].startswith("data:"):
                image["src"] = resolve_path(page, image["src"])


def _add_class(tag: Tag, name: str) -> None:
    tag["class"] = [*tag.get("class", []), name]


# -----------------------------------------------------------------------------
# Diagrams
# -----------------------------------------------------------------------------

def _number(value: str | None, default: float = 0.0) -> float:
    try:
        return float(value) if value is not None else default
    except ValueError:
        return default


def diagram_windows(width: float, columns: list[tuple[float, float]], max_width: float) -> list[tuple[float, float]]:
    """Horizontal windows (x, width) that cut a wide diagram between its columns of boxes.

    Each window after the first starts with the last column of the one before, so every
    arrow can be followed from one part to the next.
    """
    if width <= max_width or len(columns) < 2:
        return [(0.0, width)]
    margin = max(0.0, columns[0][0])
    windows: list[tuple[float, float]] = []
    first = 0
    while True:
        start = max(0.0, columns[first][0] - margin)
        last = first
        while last + 1 < len(columns) and columns[last + 1][1] + margin - start <= max_width:
            last += 1
        end = width if last + 1 >= len(columns) else columns[last][1] + margin
        windows.append((start, end - start))
        if last + 1 >= len(columns):
            return windows
        first = last if last > first else last + 1


def _svg_document(svg: Tag) -> bytes:
    """The SVG element as a stand-alone SVG file (XML, SVG spelling of names restored)."""
    for element in [svg, *svg.find_all(True)]:
        element.name = SVG_TAG_CASE.get(element.name, element.name)
        for name in [n for n in element.attrs if n in SVG_ATTRIBUTE_CASE]:
            element.attrs[SVG_ATTRIBUTE_CASE[name]] = element.attrs.pop(name)
    svg.attrs.setdefault("xmlns", "http://www.w3.org/2000/svg")
    return str(svg).encode("utf-8")


PATH_NUMBERS = re.compile(r"-?\d+(?:\.\d+)?")


def _x_extent(element: Tag) -> tuple[float, float] | None:
    """Horizontal extent of a diagram element (box, label or arrow), if it can be read."""
    if element.name == "path":
        xs = [float(n) for n in PATH_NUMBERS.findall(element.get("d", ""))[0::2]]
        return (min(xs), max(xs)) if xs else None
    rect = element.find("rect")
    if rect is not None and rect.has_attr("x"):
        x = _number(rect.get("x"))
        return x, x + _number(rect.get("width"))
    return None


def _keep_window(svg: Tag, x: float, width: float) -> None:
    """Drop the boxes, labels and arrows that lie wholly outside the window (they would
    be drawn, clipped, in every part)."""
    for element in svg.find_all(["g", "path"], recursive=False):
        extent = _x_extent(element)
        if extent is not None and (extent[1] < x or extent[0] > x + width):
            element.decompose()


def _label(text: Tag, x0: float, scale: float) -> DiagramLabel | None:
    """An SVG <text> (with <tspan> lines) as a positioned HTML label, in mm."""
    size = _number(text.get("font-size"), 12.0)
    lines: list[tuple[str, bool]] = []
    steps: list[float] = []
    spans = text.find_all("tspan", recursive=False)
    for span in spans or [text]:
        content = re.sub(r"\s+", " ", span.get_text()).strip()
        if content:
            lines.append((content, (span.get("font-weight") or text.get("font-weight")) in ("bold", "700")))
            steps.append(_number(span.get("dy")))
    if not lines:
        return None
    line_height = next((step for step in steps[1:] if step > 0), size * 1.25)
    anchor = text.get("text-anchor", "start")
    x = _number(text.get("x")) - x0
    baseline = _number(text.get("y")) + (steps[0] if steps else 0.0)
    # Where the first baseline sits in an HTML line box of this height (the font's ascent
    # and descent: Liberation Sans, 0.905 and 0.212 em).
    top = baseline - ((line_height - 1.117 * size) / 2 + 0.905 * size)
    width = LABEL_WIDTH
    left = {"middle": x - width / 2, "end": x - width}.get(anchor, x)
    return DiagramLabel(
        left=round(left * scale, 2), top=round(top * scale, 2), width=round(width * scale, 2),
        font_size=round(size * scale, 3), line_height=round(line_height * scale, 3),
        align={"middle": "center", "end": "right"}.get(anchor, "left"),
        color=text.get("fill") or "#111", lines=lines,
    )


def diagram_parts(svg: Tag, max_width: float = MAX_DIAGRAM_PART) -> list[DiagramPart]:
    """The guide's static SVG diagram, cut into readable parts if it is wide.

    Each part is the diagram's shapes as an SVG image, with its texts laid over it as
    positioned HTML: WeasyPrint draws SVG text letter by letter (a second per build for
    these diagrams), and HTML text is also proper text in the PDF.
    """
    box = (svg.get("viewbox") or "").split()
    width = _number(box[2] if len(box) == 4 else svg.get("width"))
    height = _number(box[3] if len(box) == 4 else svg.get("height"))
    title = svg.find("title", recursive=False)
    alt = text_of(title) if title else "Diagram over veiviseren."
    columns = sorted({(_number(r.get("x")), _number(r.get("x")) + _number(r.get("width")))
                      for box in svg.find_all("g", class_="boks") for r in box.find_all("rect", recursive=False)})
    windows = diagram_windows(width, columns, max_width) if width and height else [(0.0, width)]
    for attribute in ("aria-labelledby", "role", "class", "id"):
        svg.attrs.pop(attribute, None)
    # One scale for all parts: a part as wide as max_width fills the landscape text
    # width, and no part is taller than what fits under the guide's title.
    scale = min(DIAGRAM_TEXT_WIDTH_MM / max_width, DIAGRAM_MAX_HEIGHT_MM / height) if height else 0.25
    parts = []
    for number, (x, w) in enumerate(windows, start=1):
        part = copy.copy(svg)
        if len(windows) > 1:
            _keep_window(part, x, w)
        labels = [label for text in part.find_all("text") if (label := _label(text, x, scale))]
        for element in part.find_all(["text", "title"]):
            element.decompose()
        if width and height:
            part["viewbox"] = f"{x:g} 0 {w:g} {height:g}"
            part["width"] = f"{w:g}"
            part["height"] = f"{height:g}"
        source = base64.b64encode(_svg_document(part)).decode("ascii")
        parts.append(DiagramPart(
            src=f"data:image/svg+xml;base64,{source}",
            alt=alt if len(windows) == 1 else f"{alt} Del {number} av {len(windows)}.",
            number=number,
            total=len(windows),
            width=round(w * scale, 2),
            height=round(height * scale, 2),
            labels=labels,
        ))
    return parts


# -----------------------------------------------------------------------------
# Collecting
# -----------------------------------------------------------------------------

def _inner_html(tag: Tag | None) -> Markup:
    return Markup("".join(str(child) for child in tag.contents)) if tag is not None else Markup("")


def _outcome_pages(site: Site, guide_path: str) -> list[str]:
    """The guide's outcome pages: in the order of its table of paths, then any others."""
    folder = posixpath.dirname(guide_path)
    ordered: list[str] = []
    table = site.article(guide_path).find("table", class_="veiviser-stier")
    if table is not None:
        for link in table.find_all("a", href=True):
            path = resolve_path(guide_path, urlsplit(link["href"]).path)
            if path not in ordered and posixpath.dirname(path) == folder and site.has_outcome(path):
                ordered.append(path)
    for file in sorted((site.root / folder).glob("*.html")):
        path = f"{folder}/{file.name}"
        if path != guide_path and path not in ordered and site.has_outcome(path):
            ordered.append(path)
    return ordered


def collect(site_dir: Path | str) -> Handbook:
    """Read the built site and return the cleaned handbook, in print order."""
    site = Site(Path(site_dir))
    navigation = site.navigation()
    in_navigation = {path for path, _ in navigation}
    guides = [g for g in site.guide_pages() if g not in in_navigation]

    order: list[tuple[str, str | None]] = []
    for path, label in navigation:
        order.append((path, label))
        if path == GUIDE_LIST_PAGE:
            order.extend((g, None) for g in guides)
    if GUIDE_LIST_PAGE not in in_navigation:
        order.extend((g, None) for g in guides)

    # First every page's place and ids, so that links can point forward.
    links = LinkMap()
    outcomes: dict[str, list[str]] = {}
    for path, _ in order:
        slug = page_slug(path)
        links.add(path, site.article(path), slug)
        if path in guides:
            links.guide_dirs[posixpath.dirname(path)] = slug
            outcomes[path] = _outcome_pages(site, path)
            for number, outcome in enumerate(outcomes[path], start=1):
                links.add(outcome, site.article(outcome), slug)
                links.outcome_numbers[outcome] = number

    parts: list[Chapter | Guide] = []
    for path, label in order:
        if path in guides:
            parts.append(_guide(site, links, path, outcomes[path]))
        else:
            parts.append(_chapter(site, links, path, label))
    return Handbook(
        site_name=_title_of(site),
        author=site.meta("author"),
        description=site.meta("description"),
        parts=parts,
    )


def _title_of(site: Site) -> str:
    topic = site.soup("index.html").find(class_="md-header__topic")
    name = topic.find(class_="md-ellipsis") if topic else None
    return text_of(name) if name else "Sosiale medier-håndboka"


def _chapter(site: Site, links: LinkMap, path: str, label: str | None) -> Chapter:
    article = site.article(path)
    clean(article)
    heading = article.find("h1")
    title = text_of(heading) if heading else (label or path)
    slug = page_slug(path)
    # The navigation's short label runs in the page header (the home page's label
    # «Forside» means nothing on paper: its title is used there).
    running = label if label and path != "index.html" else title
    if heading is not None:
        heading["data-lopetittel"] = running
        _add_class(heading, "kapittel-tittel")
    links.rewrite(path, article)
    prefix_ids(article, f"{slug}--")
    sections = [TocEntry(text_of(h2), f"#{h2['id']}", 2) for h2 in article.find_all("h2") if h2.has_attr("id")]
    return Chapter(path=path, slug=slug, title=title, running_title=running,
                   html=_inner_html(article), sections=sections)


def _guide(site: Site, links: LinkMap, path: str, outcome_paths: list[str]) -> Guide:
    slug = page_slug(path)
    article = site.article(path)
    overview = article.find("details", class_="veiviser-oversikt")
    figure = overview.find(class_="veiviser-diagram") if overview else None
    svg = figure.find("svg") if figure else None
    caption = figure.find("figcaption") if figure else None
    table = overview.find("table", class_="veiviser-stier") if overview else None
    if svg is None or table is None:
        raise HandbookPdfError(f"Veiviseren «{path}» mangler diagrammet eller tabellen over alle svar.")
    table = table.extract()
    diagram = diagram_parts(svg.extract())
    overview.decompose()
    clean(article)

    heading = article.find("h1")
    title = text_of(heading) if heading else path
    if heading is not None:
        heading["data-lopetittel"] = title
        _add_class(heading, "kapittel-tittel")
        _add_class(heading, "veiviser-tittel")
    links.rewrite(path, article)
    prefix_ids(article, f"{slug}--")
    clean(table)
    links.rewrite(path, table)
    prefix_ids(table, f"{slug}--stier--")

    outcomes = []
    for number, outcome_path in enumerate(outcome_paths, start=1):
        result = site.article(outcome_path).find(class_="veiviser-resultat")
        clean(result)
        outcome_heading = result.find("h1")
        outcome_title = text_of(outcome_heading) if outcome_heading else outcome_path
        shift_headings(result, 2)          # h1 -> h3 (under the guide's h1 and «Resultatene» h2)
        links.rewrite(outcome_path, result)
        outcome_slug = page_slug(outcome_path)
        prefix_ids(result, f"{outcome_slug}--")
        outcomes.append(Outcome(slug=outcome_slug, number=number, title=outcome_title,
                                html=_inner_html(result)))

    return Guide(
        path=path, slug=slug, title=title, running_title=title,
        html=_inner_html(article),
        diagram=diagram,
        diagram_caption=text_of(caption) if caption else "",
        paths_table=Markup(str(table)),
        outcomes=outcomes,
    )
