"""
Safe Markdown rendering for text written in guide files.

Guide texts are written by editors, not developers, and end up inside the
site's pages.  They get ordinary Markdown (emphasis, lists, links), but:

* raw HTML is switched off: ``<script>`` comes out as visible text;
* links may only use ``http:``, ``https:`` or ``mailto:``, or be relative
  (``side.md#anker``, ``#anker``); any other scheme (``javascript:``,
  ``data:``, ``vbscript:`` ..., however it is disguised with case,
  whitespace, entities or escapes) loses its link and becomes plain text;
* images are replaced by their alt text, because the site must not load
  anything from elsewhere;
* ``attr_list`` is not enabled, so ``{: onclick=... }`` stays text.
"""

from __future__ import annotations

import html
import re
import threading
import xml.etree.ElementTree as etree

import markdown
from markdown.treeprocessors import Treeprocessor
from markdown.util import AMP_SUBSTITUTE, STX, ETX

__all__ = ["render_markdown", "is_safe_href", "page_links", "ALLOWED_SCHEMES"]

#: URL schemes a link may use; links without a scheme are relative and allowed.
ALLOWED_SCHEMES = frozenset({"http", "https", "mailto"})

_RE_PLACEHOLDER = re.compile(f"{STX}([0-9]+){ETX}")
_RE_IGNORED = re.compile(r"[\x00-\x20\x7f-\x9f\s]+")
_RE_SCHEME = re.compile(r"^([a-z][a-z0-9+.\-]*):")


def is_safe_href(href: str) -> bool:
    """Whether a link target is relative or uses an allowed scheme.

    The target is decoded the way a browser would see it (Markdown escapes,
    HTML entities, stripped whitespace and control characters) before the
    scheme is checked.
    """

    value = href.replace(AMP_SUBSTITUTE, "&")
    value = _RE_PLACEHOLDER.sub(lambda m: chr(int(m.group(1))), value)
    # Decode twice: one level for the page, one for anything double-encoded
    # that a lenient consumer might decode again.
    value = html.unescape(html.unescape(value))
    value = _RE_IGNORED.sub("", value).lower()
    match = _RE_SCHEME.match(value)
    if match is None:
        return ":" not in value.split("/", 1)[0].split("?", 1)[0].split("#", 1)[0]
    return match.group(1) in ALLOWED_SCHEMES


class _Sanitize(Treeprocessor):
    """Drop unsafe links and replace images by their alt text."""

    def run(self, root: etree.Element) -> None:
        for parent in list(root.iter()):
            for child in list(parent):
                if child.tag == "img":
                    _replace_with_text(parent, child, child.get("alt", ""))
                elif child.tag == "a":
                    href = child.get("href")
                    if href is not None and not is_safe_href(href):
                        child.tag = "span"
                        child.attrib.clear()
                    elif href is not None and _is_page_link(href):
                        self.md.veiviser_links.append(href)
                elif not isinstance(child.tag, str):
                    continue
                else:
                    for name in list(child.attrib):
                        if name.lower().startswith("on") or name.lower() in ("style", "src", "srcset"):
                            del child.attrib[name]


def _is_page_link(href: str) -> bool:
    """Whether ``href`` points at another file of the site (not a scheme, a ``#anchor`` or ``/`` path)."""

    return bool(href) and not href.startswith(("#", "/")) and _RE_SCHEME.match(href.lower()) is None


def _replace_with_text(parent: etree.Element, child: etree.Element, text: str) -> None:
    """Remove ``child`` from ``parent``, leaving ``text`` (and its tail) in its place."""

    text = text + (child.tail or "")
    children = list(parent)
    index = children.index(child)
    if index == 0:
        parent.text = (parent.text or "") + text
    else:
        previous = children[index - 1]
        previous.tail = (previous.tail or "") + text
    parent.remove(child)


def _make_markdown() -> markdown.Markdown:
    md = markdown.Markdown(extensions=["sane_lists"], output_format="html")
    md.preprocessors.deregister("html_block")
    md.inlinePatterns.deregister("html")
    # After the built-in "unescape" (priority 0), so hrefs are fully decoded.
    md.treeprocessors.register(_Sanitize(md), "veiviser_sanitize", -10)
    return md


_local = threading.local()


def _markdown() -> markdown.Markdown:
    md = getattr(_local, "md", None)
    if md is None:
        md = _local.md = _make_markdown()
    md.veiviser_links = []
    return md.reset()


def render_markdown(text: str, *, inline: bool = False) -> str:
    """Render editor Markdown to safe HTML.

    With ``inline=True`` a single wrapping ``<p>…</p>`` is removed, for
    texts shown inside other elements (answer buttons, list items).
    """

    result = _markdown().convert(text).strip()
    if inline and result.startswith("<p>") and result.endswith("</p>") and result.count("<p>") == 1:
        result = result[3:-4]
    return result


def page_links(text: str) -> list[str]:
    """The relative links (``side.md#anker``, ``bilde.png``) in editor Markdown ``text``, as written."""

    md = _markdown()
    md.convert(text)
    return list(md.veiviser_links)
