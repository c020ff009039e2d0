"""Collect the handbook for print: the chapters from the built pages, the guides from the model.

The chapters come from the BUILT site (the HTML MkDocs wrote), not from the Markdown: what is
printed is exactly what the site shows, hooks and snippets included. The decision guides come
from the model (hooks/veiviser, see guides.py), the same data their web pages are made from.

- Page order: the primary navigation of `index.html`, in document order; the decision
  guides, in the order of the list on `veivisere/index.html`, follow that page (or come
  last if it is not in the navigation).
- Each page's `article.md-content__inner` is cleaned of screen-only chrome (permalinks,
  «sist endret», buttons, forms, scripts, the interactive guide, related-guides box …).
- Every id is prefixed with the page's slug (`pa-vegne-av-kommunen--svar-alltid`) and
  every internal link `page.html#anchor` becomes `#page--anchor`, so the print document
  is one HTML file whose links stay inside it. Each page's top is `#<slug>--top`.
"""

from __future__ import annotations

import posixpath
import re
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import unquote, urlsplit

from bs4 import BeautifulSoup, Comment, Tag
from bs4.element import AttributeValueList
from markupsafe import Markup

from veiviser.pages import GUIDE_SECTION, PRACTICE_SECTION

ARTICLE_START = '<article class="md-content__inner'
NOT_PRINTED_SOURCE = re.compile(r"<(template|script)\b.*?</\1\s*>", re.DOTALL | re.IGNORECASE)
GUIDE_LIST_PAGE = f"{GUIDE_SECTION}/index.html"
# Navigation entries left out of the print: the practice cases («Øv deg») only work on
# screen, where the reader walks a guide and the answer is revealed at the end.
LEFT_OUT = (f"{PRACTICE_SECTION}/",)

# Screen-only parts of a page: never printed. (Matched by hand, not with CSS selectors:
# soupsieve is slow enough to matter here.)
DROP_TAGS = frozenset({"button", "form", "template", "script", "style", "input", "select", "textarea"})
DROP_CLASSES = frozenset({
    "headerlink", "md-source-file", "sist-endret", "md-code__nav", "relaterte-veivisere",
    "veiviser-overtittel", "veiviser-start-igjen", "veiviser-veier", "visuelt-skjult",
    "pdf-lenke",                                  # «Last ned håndboka som PDF» – this PDF
    "meld-fra", "ny-versjon",                     # «Meld fra om feil» (e-mail), «Ny versjon» (offline)
    "bare-skjerm",                                # an editor's «screen only» (e.g. the link to «Øv deg»)
})
DROP_ATTRIBUTES = ("data-app", "data-veiviser", "hidden")
# Attributes that only make sense on screen.
SCREEN_ATTRIBUTES = ("tabindex", "data-search-exclude", "data-md-component")
# Attributes that refer to ids (space-separated lists).
ID_REFERENCES = ("aria-labelledby", "aria-describedby", "aria-controls", "for", "headers")
CSS_URL_REF = re.compile(r"url\(#([^)]+)\)")

class HandbookPdfError(Exception):
    """A problem the editor can fix; the message is Norwegian and shown as is."""


@dataclass
class TocEntry:
    title: str
    href: str
    level: int          # 1 = chapter, 2 = section or guide


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
    parts: list

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
    def guides(self) -> list:
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


def attribute_text(tag: Tag, name: str) -> str:
    """The value of a single-valued attribute (href, src, id, start, content …); "" if it is absent.

    bs4 types every value as `str | AttributeValueList`, because `class`, `rel`, `headers` and a
    few more are lists; html.parser gives all others as one string, which this returns as it is.
    """
    value = tag.get(name)
    if value is None:
        return ""
    return value if isinstance(value, str) else " ".join(value)


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

    def meta(self, name: str) -> str:
        tag = self.soup("index.html").find("meta", attrs={"name": name})
        return attribute_text(tag, "content").strip() if tag else ""

    def navigation(self) -> list[tuple[str, str]]:
        """(page path, label) of the primary navigation, in order, without duplicates."""
        seen: dict[str, str] = {}
        soup = self.soup("index.html")
        primary = soup.find("nav", class_="md-nav--primary")
        links = primary.find_all("a", class_="md-nav__link", href=True) if primary else []
        for link in links:
            href = attribute_text(link, "href")
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
            path = resolve_path(GUIDE_LIST_PAGE, urlsplit(attribute_text(link, "href")).path)
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
        _add_class(details, "utvidet")
        for summary in details.find_all("summary", recursive=False):
            summary.name = "p"
            summary["class"] = AttributeValueList(["utvidet-tittel"])
    for element in root.find_all(True):
        for attribute in SCREEN_ATTRIBUTES:
            element.attrs.pop(attribute, None)
    for numbered in root.find_all("ol", start=True):
        # WeasyPrint honours `start` only with presentational hints: say it in CSS.
        start = attribute_text(numbered, "start")
        if start.strip().lstrip("-").isdigit():
            numbered["style"] = f"counter-reset: list-item {int(start) - 1}"


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
            old = attribute_text(element, "id")
            renamed[old] = prefix + old
            element["id"] = renamed[old]
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
        self.add_page(path, part, {attribute_text(el, "id") for el in article.find_all(id=True)})

    def add_page(self, path: str, part: str, ids: set[str]) -> None:
        self.slugs[path] = page_slug(path)
        self.parts[path] = part
        self.ids[path] = ids

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
            href = attribute_text(link, "href").strip()
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
            src = attribute_text(image, "src")
            if not is_external(src) and not src.startswith("data:"):
                image["src"] = resolve_path(page, src)


def _add_class(tag: Tag, name: str) -> None:
    tag["class"] = AttributeValueList([*tag.get_attribute_list("class"), name])


# -----------------------------------------------------------------------------
# Collecting
# -----------------------------------------------------------------------------

def _inner_html(tag: Tag | None) -> Markup:
    return Markup("".join(str(child) for child in tag.contents)) if tag is not None else Markup("")


def collect(site_dir: Path | str, trees: Path | None = None, docs: Path | None = None) -> Handbook:
    """Read the built site and the guides' model; return the cleaned handbook, in print order."""
    from . import guides as print_guides

    site = Site(Path(site_dir))
    navigation = site.navigation()
    in_navigation = {path for path, _ in navigation}
    loaded, roles = print_guides.load_model(trees, docs)
    model = {guide.id: guide for guide in loaded}
    listed = [path for path in site.guide_pages() if path not in in_navigation]
    ordered = [print_guides.guide_path(g) for g in model]
    guides = sorted((p for p in ordered if p not in in_navigation),
                    key=lambda p: listed.index(p) if p in listed else len(listed))

    order: list[tuple[str, str | None]] = []
    for path, title in navigation:
        order.append((path, title))
        if path == GUIDE_LIST_PAGE:
            order.extend((g, None) for g in guides)
    if GUIDE_LIST_PAGE not in in_navigation:
        order.extend((g, None) for g in guides)

    # First every page's place and ids, so that links can point forward.
    links = LinkMap()
    by_path = {print_guides.guide_path(g.id): g for g in model.values()}
    for path, _ in order:
        if path in by_path:
            print_guides.register(links, by_path[path])
        else:
            links.add(path, site.article(path), page_slug(path))

    parts: list = []
    for path, label in order:
        if path in by_path:
            parts.append(print_guides.chapter(by_path[path], links, model, roles))
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
