"""The print document's shared ground: its error, slugs and paths, and where every link leads.

Used by document.py (the chapters from the built pages) and guides.py (the guides from the model);
neither imports the other's internals through here, so the two have no import circle.
"""

from __future__ import annotations

import posixpath
import re
from urllib.parse import unquote, urlsplit

from bs4 import Tag
from bs4.element import AttributeValueList


class HandbookPdfError(Exception):
    """A problem the editor can fix; the message is Norwegian and shown as is."""


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
                    add_class(link, "ekstern")
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
                add_class(link, "til-resultat")
                link["data-resultat"] = str(number)
            elif same_part:
                add_class(link, "lokal")       # within the chapter: no page number needed
            else:
                add_class(link, "intern")      # another chapter or guide: «(side N)»
        for image in root.find_all("img", src=True):
            src = attribute_text(image, "src")
            if not is_external(src) and not src.startswith("data:"):
                image["src"] = resolve_path(page, src)


def add_class(tag: Tag, name: str) -> None:
    tag["class"] = AttributeValueList([*tag.get_attribute_list("class"), name])
