"""Key terms explained on focus too: the first occurrence of each term on a page can be reached
with Tab, and Material's tooltip shows the explanation (abbreviations from docs/includes/begreper.md)."""

from __future__ import annotations

import re

ABBR = re.compile(r"<abbr title=\"([^\"]*)\">([^<]+)</abbr>")


# -----------------------------------------------------------------------------
# Hooks
# -----------------------------------------------------------------------------

# Make the first <abbr> of each explanation focusable; later ones stay out of the tab order.
def on_page_content(html: str, *, page, config, files) -> str:
    seen: set[str] = set()

    def focusable(match: re.Match) -> str:
        if match.group(1) in seen:
            return match.group(0)
        seen.add(match.group(1))
        return f'<abbr tabindex="0" title="{match.group(1)}">{match.group(2)}</abbr>'

    return ABBR.sub(focusable, html)
