"""
Index of the handbook's pages and heading anchors.

Outcomes cite handbook sections as ``side.md#anker``.  To check those
references at build time we need to know which anchors MkDocs will give
each heading.  The site uses Python-Markdown's ``toc`` extension with
``pymdownx.slugs.slugify(case="lower")`` plus ``attr_list``, so this
module finds the headings with a small line scanner (skipping front
matter and fenced code, following admonition/details/tab indentation) and
then runs exactly those headings through Python-Markdown with the same
``toc`` configuration.  That way inline markup, explicit ``{ #id }``
attributes and duplicate-slug suffixes (``_1``, ``_2``) come out the same
as on the built site.
"""

from __future__ import annotations

import difflib
import html
import posixpath
import re
from urllib.parse import unquote, urlsplit
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path

import markdown
import yaml
from pymdownx.slugs import slugify as _make_slugify

__all__ = ["AnchorIndex", "Heading", "PageInfo", "slugify", "resolve_page_link", "page_link_problem"]

#: The slug function the site's ``toc`` extension is configured with.
slugify = _make_slugify(case="lower")

RE_FENCE = re.compile(r"^(?P<fence>`{3,}|~{3,})")
RE_CONTAINER = re.compile(r"^(?:!!!|\?\?\?\+?|===)(?:\s|$)")
RE_LIST_ITEM = re.compile(r"^(?:[-*+]|[0-9]+[.)])(?:\s|$)")
RE_HEADING = re.compile(r"^#{1,6}(?!#)")
RE_QUOTE_MARKS = re.compile(r"^(?:>\s?)+")
RE_BLOCK_ATTR = re.compile(r"^\{:?[ ]*([^}\n]*)\}\s*$")
RE_TRAILING_ATTR = re.compile(r"\s\{:?[ ]*([^}\n]*)\}\s*$")
RE_FENCE_ATTR = re.compile(r"\{([^}\n]*)\}")
RE_ATTR_ID = re.compile(r"(?:^|\s)#([^\s}#]+)")
RE_HTML_ID = re.compile(r"""\bid\s*=\s*(?:"([^"]+)"|'([^']+)')""")
RE_FOOTNOTE_REF = re.compile(r"\[\^[^\]]+\]")
RE_BOLD_LEAD = re.compile(r"^\*\*([^*]+?)\*\*")
RE_FENCE_TITLE = re.compile(r'\btitle\s*=\s*"([^"]*)"')


@dataclass(frozen=True)
class Heading:
    """One heading on a page: its level, anchor id and plain-text title."""

    level: int
    anchor: str
    title: str
    line: int


@dataclass(frozen=True)
class PageInfo:
    """What the index knows about one page."""

    path: str
    title: str
    headings: tuple[Heading, ...]
    extra_ids: tuple[str, ...] = ()
    extra_titles: tuple[tuple[str, str], ...] = ()  # (id, short title) of ids on blocks

    def anchor_ids(self) -> list[str]:
        """All anchors on the page, headings first, in document order."""

        ids = [h.anchor for h in self.headings]
        ids.extend(i for i in self.extra_ids if i not in ids)
        return ids


@dataclass
class AnchorIndex:
    """Pages (paths relative to ``docs/``, posix style) and their anchors."""

    pages_by_path: dict[str, PageInfo] = field(default_factory=dict)

    # -- construction -------------------------------------------------

    @classmethod
    def from_docs(cls, docs_dir: Path, *, exclude: Iterable[str] = ()) -> AnchorIndex:
        """Scan ``docs_dir/**/*.md``.

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
        return cls.from_sources(sources)

    @classmethod
    def from_sources(cls, sources: Mapping[str, str]) -> AnchorIndex:
        """Build the index from ``{page path: Markdown source}``."""

        index = cls()
        for path, text in sources.items():
            index.pages_by_path[path] = scan_page(path, text)
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


# ----------------------------------------------------------------------
# Scanning


def _split_front_matter(lines: list[str]) -> tuple[dict, int]:
    """Return (front matter mapping, index of the first body line)."""

    if not lines or lines[0].rstrip() != "---":
        return {}, 0
    for i in range(1, len(lines)):
        if lines[i].rstrip() in ("---", "..."):
            try:
                meta = yaml.safe_load("\n".join(lines[1:i]))
            except (yaml.YAMLError, ValueError, RecursionError):
                meta = None
            return (meta if isinstance(meta, dict) else {}), i + 1
    return {}, 0


def _indent(line: str) -> int:
    expanded = line.expandtabs(4)
    return len(expanded) - len(expanded.lstrip(" "))


def _next_line(lines: list[str], number: int) -> str:
    """The next non-blank line after ``number`` ('' if none)."""

    for line in lines[number + 1 :]:
        if line.strip():
            return line
    return ""


def _block_title(lines: list[str], attr_line: int, start: int) -> str:
    """A short title for the block that an attribute line closes."""

    first = attr_line
    while first > start and lines[first - 1].strip() and not RE_LIST_ITEM.match(lines[first - 1].strip()):
        first -= 1
    if first > start and RE_LIST_ITEM.match(lines[first - 1].strip()):
        first -= 1
    text = " ".join(line.strip().lstrip(">").strip() for line in lines[first:attr_line])
    text = RE_LIST_ITEM.sub("", text, count=1).strip()
    lead = RE_BOLD_LEAD.match(text)
    if lead:
        return lead.group(1).rstrip(":").strip()
    words = re.sub(r"[*_`]|\[([^\]]*)\]\([^)]*\)", lambda m: m.group(1) or "", text).split()
    return " ".join(words[:8]) + (" …" if len(words) > 8 else "")


def _scan_lines(lines: list[str], start: int) -> tuple[list[tuple[int, str]], list[str], list[tuple[str, str]]]:
    """Find heading lines (with 1-based line numbers), explicit block ids and their titles."""

    headings: list[tuple[int, str]] = []
    block_ids: list[str] = []
    block_titles: list[tuple[str, str]] = []
    containers: list[int] = []  # content indent of open admonitions/details/tabs/list items
    fence: tuple[str, int] | None = None  # (fence char, length) while inside code

    for number in range(start, len(lines)):
        raw = lines[number]
        if not raw.strip():
            continue
        ind = _indent(raw)
        stripped = raw.expandtabs(4).strip()

        if fence is not None:
            m = RE_FENCE.match(stripped)
            if m and m.group("fence")[0] == fence[0] and len(m.group("fence")) >= fence[1] and not stripped[len(m.group("fence")):].strip():
                fence = None
            continue

        while containers and ind < containers[-1]:
            containers.pop()
        relative = ind - (containers[-1] if containers else 0)
        if relative >= 4:
            continue  # indented code block

        m = RE_FENCE.match(stripped)
        if m:
            fence = (m.group("fence")[0], len(m.group("fence")))
            for attrs in RE_FENCE_ATTR.findall(stripped[m.end() :]):  # ``` { .text #id }
                ids = RE_ATTR_ID.findall(attrs)
                block_ids.extend(ids)
                title = RE_FENCE_TITLE.search(attrs)
                block_titles.extend((i, title.group(1) if title else "") for i in ids)
            continue
        if RE_CONTAINER.match(stripped) or RE_LIST_ITEM.match(stripped):
            containers.append(ind + 4)
            continue
        if RE_HEADING.match(stripped):
            headings.append((number + 1, stripped))
            continue
        m = RE_BLOCK_ATTR.match(RE_QUOTE_MARKS.sub("", stripped))  # also "> { #id }" in a quotation
        if m:
            ids = RE_ATTR_ID.findall(m.group(1))
            block_ids.extend(ids)
            block_titles.extend((i, _block_title(lines, number, start)) for i in ids)
            continue
        m = RE_TRAILING_ATTR.search(stripped)
        if m and _next_line(lines, number).lstrip().startswith(":"):  # definition term { #id }
            ids = RE_ATTR_ID.findall(m.group(1))
            block_ids.extend(ids)
            block_titles.extend((i, stripped[: m.start()].strip()) for i in ids)
            continue
        if stripped.startswith("<"):
            block_ids.extend(a or b for a, b in RE_HTML_ID.findall(stripped))
    return headings, block_ids, block_titles


def _toc_markdown() -> markdown.Markdown:
    return markdown.Markdown(
        extensions=["attr_list", "toc"],
        extension_configs={"toc": {"slugify": slugify}},
    )


def _flatten(tokens: list[dict]) -> Iterable[dict]:
    for token in tokens:
        yield token
        yield from _flatten(token.get("children", []))


def scan_page(path: str, text: str) -> PageInfo:
    """Index one page's Markdown source."""

    lines = text.splitlines()
    meta, body_start = _split_front_matter(lines)
    found, block_ids, block_titles = _scan_lines(lines, body_start)

    # Build a document holding only the headings (and the block ids, which
    # toc treats as taken), so that toc itself computes the final ids.
    parts = []
    for _line, heading in found:
        parts.append(RE_FOOTNOTE_REF.sub("", heading))
    for block_id in block_ids:
        parts.append(f"x\n{{: #{block_id} }}")
    md = _toc_markdown()
    md.convert("\n\n".join(parts))
    tokens = list(_flatten(md.toc_tokens))

    headings = tuple(
        Heading(level=t["level"], anchor=html.unescape(t["id"]), title=html.unescape(t["name"]), line=line)
        for t, (line, _h) in zip(tokens, found)
    )
    title = meta.get("title") if isinstance(meta.get("title"), str) else ""
    if not title:
        title = next((h.title for h in headings if h.level == 1), "")
    return PageInfo(path=path, title=title, headings=headings, extra_ids=tuple(block_ids),
                    extra_titles=tuple(block_titles))
