"""Key terms explained on focus too: the first occurrence of each term on a page can be reached
with Tab, and Material's tooltip shows the explanation (abbreviations from docs/includes/begreper.md).

Material's tooltip shows an explanation as HTML: an explanation with < or > stops the build."""

from __future__ import annotations

import html as html_text
import re
from pathlib import Path

import sidefeil
from sidefeil import Problem, line_of

ABBR = re.compile(r"<abbr title=\"([^\"]*)\">([^<]+)</abbr>")
GLOSSARY = "includes/begreper.md"


def _markup(term: str, explanation: str, page, config) -> Problem:
    docs = Path(config.docs_dir)
    written = f"*[{html_text.unescape(term)}]:"
    where = GLOSSARY
    for candidate in (page.file.src_uri, GLOSSARY):
        path = docs / candidate
        if path.is_file() and written in path.read_text(encoding="utf-8-sig", errors="replace"):
            where = candidate
            break
    source = (docs / where).read_text(encoding="utf-8-sig", errors="replace") if (docs / where).is_file() else ""
    return Problem(f"{docs.name}/{where}", line_of(source, written),
                   f"Forklaringen av «{html_text.unescape(term)}» har tegnene < eller >. Forklaringen vises som "
                   f"HTML når leseren holder over ordet, så det er ikke tillatt.",
                   "Skriv forklaringen som vanlig tekst, uten HTML og uten < og >.")


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
        if re.search(r"[<>]", html_text.unescape(match.group(1))):
            sidefeil.found.append(_markup(match.group(2), match.group(1), page, config))
        return f'<abbr tabindex="0" title="{match.group(1)}">{match.group(2)}</abbr>'

    return ABBR.sub(focusable, html)
