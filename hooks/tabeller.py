"""Tables on a phone: each table in a box of its own that scrolls sideways when the table is wider than
the screen, with a shadow at the edge that has more (kommune.css, `.tabell`). The box is a named
region a keyboard can reach and scroll («Tabell: …», from the table's caption or its heading).

Text-level (regular expressions), so the rest of the page, such as a guide's data block, stays byte
for byte as it was."""

from __future__ import annotations

import html
import re

_TABLE = re.compile(r"<table\b.*?</table>", re.S | re.I)
_CAPTION = re.compile(r"<caption\b[^>]*>(.*?)</caption>", re.S | re.I)
_HEADING = re.compile(r"<h[1-6]\b[^>]*>(.*?)</h[1-6]>", re.S | re.I)
_TAG = re.compile(r"<[^>]+>")


def _text(fragment: str) -> str:
    return " ".join(html.unescape(_TAG.sub(" ", fragment)).replace("¶", " ").split())


def wrap_tables(page_html: str) -> str:
    """`page_html` with every table in a scrolling region named after the table."""

    def wrap(match: re.Match) -> str:
        caption = _CAPTION.search(match.group(0))
        headings = _HEADING.findall(page_html, 0, match.start())
        name = _text(caption.group(1)) if caption else _text(headings[-1]) if headings else ""
        label = html.escape(f"Tabell: {name}" if name else "Tabell")
        return f'<div class="tabell" role="region" tabindex="0" aria-label="{label}">{match.group(0)}</div>'

    return _TABLE.sub(wrap, page_html) if "<table" in page_html else page_html


def on_page_content(html_text: str, *, page, config, files) -> str:
    return wrap_tables(html_text)
