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

import re
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

from bs4 import BeautifulSoup, Comment, Tag
from markupsafe import Markup

from veiviser.pages import GUIDE_SECTION, PRACTICE_SECTION, REGISTER_PAGE

from . import guides as print_guides
from .links import (  # defined here once: `from handbok_pdf.document import page_slug` still works
    HandbookPdfError,
    LinkMap,
    add_class,
    attribute_text,
    is_external,
    page_slug,
    resolve_path,
    text_of,
)

ARTICLE_START = '<article class="md-content__inner'
NOT_PRINTED_SOURCE = re.compile(r"<(template|script)\b.*?</\1\s*>", re.DOTALL | re.IGNORECASE)
GUIDE_LIST_PAGE = f"{GUIDE_SECTION}/index.html"
# «Regelregister» is in no menu, but the council adopts the rules: it ends the print, after the menu's pages.
REGISTER = REGISTER_PAGE.removesuffix(".md") + ".html"
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
        details.attrs.pop("open", None)
        add_class(details, "utvidet")
        for summary in details.find_all("summary", recursive=False):
            summary.name = "p"
            add_class(summary, "utvidet-tittel")  # a collapsible box's keeps admonition-title
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
# Collecting
# -----------------------------------------------------------------------------

def _inner_html(tag: Tag | None) -> Markup:
    return Markup("".join(str(child) for child in tag.contents)) if tag is not None else Markup("")


def collect(site_dir: Path | str, trees: Path | None = None, docs: Path | None = None) -> Handbook:
    """Read the built site and the guides' model; return the cleaned handbook, in print order."""
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
    if REGISTER not in in_navigation and (site.root / REGISTER).is_file():
        order.append((REGISTER, "Regelregister"))

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
        add_class(heading, "kapittel-tittel")
    links.rewrite(path, article)
    prefix_ids(article, f"{slug}--")
    sections = [TocEntry(text_of(h2), f"#{h2['id']}", 2) for h2 in article.find_all("h2") if h2.has_attr("id")]
    return Chapter(path=path, slug=slug, title=title, running_title=running,
                   html=_inner_html(article), sections=sections)
