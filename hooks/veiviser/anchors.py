"""
Index of the handbook's pages and heading anchors.

Outcomes cite handbook sections as ``side.md#anker``.  To check those
references at build time we need the ids each page will have on the built
site.  Rather than guessing them with a parser of our own, every page is
converted with the site's own Markdown configuration (the extensions of
``mkdocs.yml``; the build hands over its configuration, and
:func:`site_markdown` mirrors it for the stand-alone check), and the ids are
read from the result, the way MkDocs validates anchors: ``toc`` gives the
headings (Unicode slugs, ``{ #id }`` attributes, ``_1`` suffixes for
duplicates), and every other element with an ``id``, in the Markdown or in
raw HTML, counts too.  A heading inside an HTML comment or a ``<div>``
without ``markdown`` is no heading on the built page, and so is none here.
"""

from __future__ import annotations

import difflib
import hashlib
import html
import posixpath
import re
import xml.etree.ElementTree as etree
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path
from typing import Any, Protocol
from urllib.parse import unquote, urlsplit

import markdown
from markdown.treeprocessors import Treeprocessor
from markdown.util import ETX, STX
from pymdownx.slugs import slugify as _make_slugify

__all__ = ["INCLUDES_FOLDER", "NOT_PAGES", "AnchorIndex", "Heading", "PageInfo", "SiteMarkdown", "site_markdown", "slugify", "resolve_page_link",
           "page_link_problem"]

#: The folder below ``docs/`` with the snippets (``pymdownx.snippets``): read into pages, no page itself.
INCLUDES_FOLDER = "includes"
#: Folders below ``docs/`` that are not published as pages (``exclude`` of :meth:`AnchorIndex.from_docs`).
NOT_PAGES: tuple[str, ...] = (INCLUDES_FOLDER,)

#: The slug function of the site's ``toc`` extension: ``mkdocs.yml`` names this one
#: (``slugify: !!python/name:veiviser.anchors.slugify``), so ids and anchors cannot drift.
slugify = _make_slugify(case="lower")

# The front matter as MkDocs finds it (mkdocs.utils.meta.YAML_RE).
RE_FRONT_MATTER = re.compile(r"^-{3}[ \t]*\n(.*?\n)(?:\.{3}|-{3})[ \t]*\n", re.UNICODE | re.DOTALL)
RE_PLACEHOLDER = re.compile(f"{STX}[^{ETX}]*{ETX}")
RE_FILENAME = re.compile(r'<span class="filename">(.*?)</span>', re.S)
RE_HEADING_LINE = re.compile(r"^\s{0,3}#{1,6}\s")


@dataclass(frozen=True)
class Heading:
    """One heading on a page: its level, anchor id and plain-text title."""

    level: int
    anchor: str
    title: str
    line: int  # the source line it is written on, 0 if it comes from an inserted file


@dataclass(frozen=True)
class PageInfo:
    """What the index knows about one page."""

    path: str
    title: str
    headings: tuple[Heading, ...]
    extra_ids: tuple[str, ...] = ()
    extra_titles: tuple[tuple[str, str], ...] = ()  # (id, short title) of ids on blocks
    html: str = field(default="", repr=False, compare=False)  # the page as rendered (rules quote it)

    def anchor_ids(self) -> list[str]:
        """All anchors on the page, headings first, in document order."""

        ids = [h.anchor for h in self.headings]
        ids.extend(i for i in self.extra_ids if i not in ids)
        return ids


class PageCache(Protocol):
    """Where a build keeps pages it converted (hooks/veivisere.py: keyed also on the Markdown settings,
    the snippets folder, this module and the libraries' versions); a missing or damaged entry is ``None``."""

    def get(self, key: str) -> Any | None: ...

    def put(self, key: str, value: Any) -> None: ...


def _info_to(info: PageInfo) -> dict[str, Any]:
    return {"path": info.path, "title": info.title, "html": info.html, "extra_ids": list(info.extra_ids),
            "extra_titles": [list(t) for t in info.extra_titles],
            "headings": [[h.level, h.anchor, h.title, h.line] for h in info.headings]}


def _info_from(value: Any) -> PageInfo | None:
    """A cached page, or None when the entry is not one (written by other code, damaged)."""
    try:
        return PageInfo(path=str(value["path"]), title=str(value["title"]), html=str(value["html"]),
                        extra_ids=tuple(str(i) for i in value["extra_ids"]),
                        extra_titles=tuple((str(i), str(t)) for i, t in value["extra_titles"]),
                        headings=tuple(Heading(level=int(level), anchor=str(anchor), title=str(title), line=int(line))
                                       for level, anchor, title, line in value["headings"]))
    except (TypeError, KeyError, ValueError):
        return None


@dataclass(frozen=True)
class SiteMarkdown:
    """The Markdown extensions (names or instances) and their settings that the site renders with."""

    extensions: tuple[str, ...]
    configs: Mapping[str, Any] = field(default_factory=dict)


def site_markdown(docs_dir: Path | str | None = None) -> SiteMarkdown:
    """The site's Markdown configuration as in ``mkdocs.yml`` (a test keeps the two equal), with
    MkDocs' own extensions (toc, tables, fenced_code) first. Snippets are read from
    ``docs_dir/includes`` (none without ``docs_dir``); a missing one is left out."""

    includes = [str(Path(docs_dir) / INCLUDES_FOLDER)] if docs_dir is not None else []
    return SiteMarkdown(
        extensions=("toc", "tables", "fenced_code", "abbr", "admonition", "attr_list", "def_list", "footnotes",
                    "md_in_html", "sane_lists", "pymdownx.details", "pymdownx.highlight", "pymdownx.superfences",
                    "pymdownx.snippets"),
        configs={"tables": {"use_align_attribute": True},
                 "toc": {"slugify": slugify},  # permalinks add no ids: mkdocs.yml's settings for them are not needed
                 "pymdownx.snippets": {"base_path": includes, "check_paths": False,
                                       "auto_append": ["begreper.md"] if includes else []}},
    )


@dataclass
class AnchorIndex:
    """Pages (paths relative to ``docs/``, posix style) and their anchors."""

    pages_by_path: dict[str, PageInfo] = field(default_factory=dict)
    #: Every section of a page, cut out once per page (:meth:`section_html`).
    _sections: dict[str, dict[str, str]] = field(default_factory=dict, repr=False, compare=False)

    # -- construction -------------------------------------------------

    @classmethod
    def from_docs(cls, docs_dir: Path, *, exclude: Iterable[str] = (),
                  markdown_config: SiteMarkdown | None = None, cache: PageCache | None = None) -> AnchorIndex:
        """Convert ``docs_dir/**/*.md`` with the site's Markdown.

        ``exclude`` holds path prefixes relative to ``docs_dir`` (for example
        ``"includes/"``) that are not published and therefore not indexed.
        Files that cannot be read are skipped.
        """

        docs_dir = Path(docs_dir)
        prefixes = tuple(p.strip("/") + "/" for p in exclude)
        sources: dict[str, str] = {}
        for file in sorted(docs_dir.rglob("*.md")):
            rel = file.relative_to(docs_dir).as_posix()
            if prefixes and (rel + "/").startswith(prefixes):
                continue
            try:
                sources[rel] = file.read_bytes().decode("utf-8-sig", errors="replace")
            except OSError:
                continue
        return cls.from_sources(sources, markdown_config=markdown_config or site_markdown(docs_dir), cache=cache)

    @classmethod
    def from_sources(cls, sources: Mapping[str, str], *,
                     markdown_config: SiteMarkdown | None = None, cache: PageCache | None = None) -> AnchorIndex:
        """Build the index from ``{page path: Markdown source}``; a page whose source is in ``cache``
        (keyed on its path and text, and by the cache on everything else it is converted with) is not
        converted again."""

        index = cls()
        converter: _Converter | None = None
        for path, text in sources.items():
            key = hashlib.sha256(f"{len(path)}:{path}{text}".encode()).hexdigest() if cache is not None else ""
            info = _info_from(cache.get(key)) if cache is not None else None
            if info is None:
                converter = converter or _Converter(markdown_config or site_markdown())
                info = scan_page(path, text, converter=converter)
                if cache is not None:
                    cache.put(key, _info_to(info))
            index.pages_by_path[path] = info
        return index

    # -- queries --------------------------------------------------------

    def pages(self) -> list[str]:
        """All page paths, sorted."""

        return sorted(self.pages_by_path)

    def has(self, page: str, anchor: str | None = None) -> bool:
        """Whether ``page`` exists (and, if given, has ``anchor``)."""

        info = self.pages_by_path.get(page)
        if info is None:
            return False
        return anchor is None or anchor in info.anchor_ids()

    def anchors(self, page: str) -> list[str]:
        """The anchors on ``page`` in document order (empty if unknown)."""

        info = self.pages_by_path.get(page)
        return info.anchor_ids() if info else []

    def title(self, page: str, anchor: str) -> str:
        """Heading text for ``anchor`` on ``page``; for an id on a paragraph or list item its bold
        lead-in («**Lederansvar:** …» → «Lederansvar») or its first words ('' if unknown)."""

        info = self.pages_by_path.get(page)
        if info:
            for heading in info.headings:
                if heading.anchor == anchor:
                    return heading.title
            return dict(info.extra_titles).get(anchor, "")
        return ""

    def page_title(self, page: str) -> str:
        """The page's title (front matter ``title:`` or first h1; '' if unknown)."""

        info = self.pages_by_path.get(page)
        return info.title if info else ""

    def section_html(self, page: str, anchor: str) -> str | None:
        """The rendered section or block ``anchor`` stands on (as «Kildegrunnlag» quotes it), editors'
        notes left out; ``None`` if the page or anchor is unknown."""

        from .passages import passages

        info = self.pages_by_path.get(page)
        if info is None or not info.html:
            return None
        if page not in self._sections:
            self._sections[page] = passages(info.html, info.anchor_ids())
        return self._sections[page].get(anchor)

    def headings(self, page: str) -> tuple[Heading, ...]:
        """The page's headings (empty if unknown)."""

        info = self.pages_by_path.get(page)
        return info.headings if info else ()


# ----------------------------------------------------------------------
# Links in guide texts


def resolve_page_link(href: str) -> tuple[str, str] | None:
    """``(page, anchor)`` for a link written in a guide text, or ``None`` if it leaves ``docs/``.

    Guide texts do not live in ``docs/``, so their links are read as the
    editors write ``kilder``: relative to ``docs/`` (``side.md#anker``,
    ``mappe/side.md``).  ``anchor`` is ``''`` when there is none.
    """

    parts = urlsplit(href)
    page = posixpath.normpath(unquote(parts.path)) if parts.path else ""
    if not page or page.startswith(("..", "/")) or page == ".":
        return None
    return page, unquote(parts.fragment)


def page_link_problem(href: str, anchors: AnchorIndex) -> tuple[str, str] | None:
    """What is wrong with the link ``href`` in a guide text (message, fix), or ``None``."""

    example = "Skriv lenken som  [teksten](side.md#anker)  med filnavnet til en side i docs/, som i «kilder»."
    found = resolve_page_link(href)
    if found is None:
        return f"Lenken «{href}» går ut av håndboka (docs/).", example
    page, anchor = found
    if not page.endswith(".md"):
        return f"Lenken «{href}» viser ikke til en side i håndboka (filnavnet skal slutte på .md).", example
    if not anchors.has(page):
        guess = difflib.get_close_matches(page, anchors.pages(), n=1, cutoff=0.6)
        hint = f"Mente du «{guess[0]}»? " if guess else ""
        return (
            f"Lenken «{href}» viser til siden «{page}», men den siden finnes ikke i håndboka (docs/).",
            f"{hint}Skriv filnavnet til en side som finnes, med mappe hvis siden ligger i en undermappe.",
        )
    if anchor and not anchors.has(page, anchor):
        available = anchors.anchors(page)
        guess = difflib.get_close_matches(anchor, available, n=1, cutoff=0.6)
        hint = f"Mente du «{page}#{guess[0]}»? " if guess else ""
        listed = ", ".join(available[:12]) + (" …" if len(available) > 12 else "")
        return (
            f"Lenken «{href}» viser til ankeret «{anchor}», men siden «{page}» har ingen overskrift med det ankeret.",
            f"{hint}Ankre som finnes på siden: {listed or '(ingen)'}.",
        )
    return None


# Converting a page


def _text(element: etree.Element) -> str:
    return " ".join(RE_PLACEHOLDER.sub("", "".join(element.itertext())).split())


def _block_title(element: etree.Element) -> str:
    """A short title for a block with an id: its bold lead-in, else its first eight words."""

    while not (element.text or "").strip() and len(element) and element[0].tag in ("p", "blockquote"):
        element = element[0]
    first = element[0] if len(element) else None
    if first is not None and first.tag in ("strong", "b") and not (element.text or "").strip():
        return _text(first).rstrip(":").strip()
    words = _text(element).split()
    return " ".join(words[:8]) + (" …" if len(words) > 8 else "")


class _Collect(Treeprocessor):
    """Runs last: notes the title of every element with an id."""

    def __init__(self, md: markdown.Markdown) -> None:
        super().__init__(md)
        self.titles: dict[str, str] = {}

    def run(self, root: etree.Element) -> None:
        for element in root.iter():
            anchor = element.get("id")
            if anchor and anchor not in self.titles:
                self.titles[anchor] = _block_title(element)


class _Ids(HTMLParser):
    """Every id (and <a name>) in HTML, in document order, as MkDocs counts them."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.ids: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        found = dict(attrs)
        for value in (found.get("id"), found.get("name") if tag == "a" else None):
            if value and value not in self.ids:
                self.ids.append(value)


def _flatten(tokens: list[dict[str, Any]]) -> Iterable[dict[str, Any]]:
    for token in tokens:
        yield token
        yield from _flatten(token.get("children", []))


def _heading_lines(lines: list[str], titles: list[str]) -> list[int]:
    """The source line of each heading, matched in order (0 where none is found)."""

    found, start = [], 0
    for title in titles:
        words = title.split()[:3]
        for number in range(start, len(lines)):
            line = lines[number]
            if (RE_HEADING_LINE.match(line) or (number + 1 < len(lines) and re.match(r"^\s*(=+|-+)\s*$", lines[number + 1])
                                               and line.strip())) and all(w in line for w in words):
                found.append(number + 1)
                start = number + 1
                break
        else:
            found.append(0)
    return found


class _Converter:
    """One Markdown instance for many pages (setting up the extensions is the slow part)."""

    def __init__(self, config: SiteMarkdown) -> None:
        self.md = markdown.Markdown(extensions=list(config.extensions), extension_configs=dict(config.configs))
        self.collect = _Collect(self.md)
        self.md.treeprocessors.register(self.collect, "veiviser_ankre", -100)

    def convert(self, text: str) -> str:
        self.md.reset()
        self.collect.titles.clear()
        return self.md.convert(text)


def scan_page(path: str, text: str, *, markdown_config: SiteMarkdown | None = None,
              converter: _Converter | None = None) -> PageInfo:
    """Index one page's Markdown source by converting it with the site's Markdown."""

    text = text.replace("\r\n", "\n")
    converter = converter or _Converter(markdown_config or site_markdown())
    meta: dict[str, Any] = {}
    offset = 0
    match = RE_FRONT_MATTER.match(text)
    if match:
        try:
            import yaml

            loaded = yaml.safe_load(match.group(1))
            meta = loaded if isinstance(loaded, dict) else {}
        except Exception:  # broken front matter: the build reports it (hooks/sidefeil.py)
            meta = {}
        if meta:
            offset = text.count("\n", 0, match.end())
            text = text[match.end():]

    md, collect = converter.md, converter.collect
    try:
        output = converter.convert(text)
    except Exception:  # a missing snippet and the like: the build reports it (hooks/sidekontroll.py)
        return PageInfo(path=path, title=str(meta.get("title") or ""), headings=())
    parser = _Ids()
    parser.feed(output)
    parser.close()

    tokens = list(_flatten(md.toc_tokens))  # type: ignore[attr-defined]  # set by the toc extension
    titles = [html.unescape(t["name"]) for t in tokens]
    lines = _heading_lines(text.split("\n"), titles)
    headings = tuple(
        Heading(level=t["level"], anchor=html.unescape(t["id"]), title=title, line=line + offset if line else 0)
        for t, title, line in zip(tokens, titles, lines, strict=False)
    )
    heading_ids = {h.anchor for h in headings}
    extra_ids = tuple(i for i in parser.ids if i not in heading_ids and not i.startswith(("fn:", "fnref:")))
    raw_titles: dict[str, str] = {}
    for block in md.htmlStash.rawHtmlBlocks:  # a fenced block's title="…" becomes its filename
        block = block if isinstance(block, str) else etree.tostring(block, encoding="unicode")
        ids, name = _Ids(), RE_FILENAME.search(block)
        ids.feed(block)
        for anchor in ids.ids:
            raw_titles.setdefault(anchor, html.unescape(name.group(1)) if name else "")
    extra_titles = tuple((i, collect.titles.get(i, raw_titles.get(i, ""))) for i in extra_ids)

    title = meta.get("title") if isinstance(meta.get("title"), str) else ""
    if not title:
        title = next((h.title for h in headings if h.level == 1), "")
    return PageInfo(path=path, title=title, headings=headings, extra_ids=extra_ids, extra_titles=extra_titles,
                    html=output)
