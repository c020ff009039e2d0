"""
The passages of the handbook that the guides cite, cut out of a rendered page by their anchors,
for the review page «Kildegrunnlag» (advice beside the text it rests on).
"""

from __future__ import annotations

from collections.abc import Iterable

from bs4 import BeautifulSoup, Tag

__all__ = ["passages"]

HEADINGS = ("h1", "h2", "h3", "h4", "h5", "h6")


def _strip(fragment: Tag) -> str:
    """The fragment as HTML without permalinks and ids (they belong to the handbook page)."""
    for link in fragment.select("a.headerlink"):
        link.decompose()
    for element in [fragment, *fragment.find_all(True)]:
        element.attrs.pop("id", None)
    return str(fragment)


def _section(heading: Tag) -> str:
    """A heading and what follows it up to the next heading of the same or a higher level."""
    level = int(heading.name[1])
    parts = [_strip(BeautifulSoup(str(heading), "html.parser"))]
    for sibling in heading.find_next_siblings():
        if sibling.name in HEADINGS:
            break  # the next section, or a subsection with an anchor of its own
        if _is_note(sibling):
            continue
        parts.append(_strip(BeautifulSoup(str(sibling), "html.parser")))
    return "\n".join(parts)


def passages(page_html: str, anchors: Iterable[str]) -> dict[str, str]:
    """``anchor → passage HTML`` for each of ``anchors`` found in ``page_html``."""
    soup = BeautifulSoup(page_html, "html.parser")
    found: dict[str, str] = {}
    for anchor in anchors:
        element = soup.find(id=anchor)
        if not isinstance(element, Tag):
            continue
        if element.name in HEADINGS:
            found[anchor] = _section(element)
        elif element.name == "p":
            found[anchor] = _paragraph(element)
        else:
            found[anchor] = _strip(BeautifulSoup(str(element), "html.parser"))
    return found


def _ends_passage(element: Tag) -> bool:
    """A heading, a block with an anchor of its own, or an editors' note ends a cited paragraph."""
    if element.name in HEADINGS or (element.name in ("p", "li", "blockquote") and element.get("id")):
        return True
    return _is_note(element)


def _is_note(element: Tag) -> bool:
    """An editors' note or other admonition: not the guidelines' own text."""
    return "admonition" in (element.get("class") or []) or element.name == "details"


def _paragraph(paragraph: Tag) -> str:
    """A cited paragraph and what belongs to it: the lists, quotations and paragraphs that follow
    up to the next anchored block (a rule such as «Journalføring og arkivering» goes on in a list)."""
    parts = [_strip(BeautifulSoup(str(paragraph), "html.parser"))]
    for sibling in paragraph.find_next_siblings():
        if _ends_passage(sibling):
            break
        parts.append(_strip(BeautifulSoup(str(sibling), "html.parser")))
    return "\n".join(parts)
