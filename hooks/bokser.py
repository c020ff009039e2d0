"""The handbook's kinds of box: every box in a page is one of them and shows its kind's name.

The kinds' colours and icons are in overrides/assets/stylesheets/bokser.css; their names (the label
a reader sees, not only a colour) are here. A box whose title does not start with its kind's name
gets the name before the title («Tips: Hvor står reglene forklart?»); a box without a title gets the
name as its title. A box of another kind (Material's `note`, `tip`, `warning` …) in a handbook page
stops the build with a Norwegian message that names the kinds to use.
"""

from __future__ import annotations

import html
import re
from pathlib import Path

import sidefeil
from sidefeil import Problem

# kind (the CSS class and the word after «!!!») → the label shown in the box
KINDS = {
    "regel": "Fra retningslinjene",
    "merknad": "Merknad fra redaksjonen",
    "tips": "Tips",
    "advarsel": "Advarsel",
    "situasjon": "Situasjonen",
    "resultat": "Resultat",
}

BOX = re.compile(r'<div class="admonition ([^"]*)">(\s*<p class="admonition-title[^"]*"[^>]*>(.*?)</p>)?', re.S)
TAG = re.compile(r"<[^>]+>")


def _plain(markup: str) -> str:
    return " ".join(html.unescape(TAG.sub("", markup)).split())


def label_boxes(content: str) -> tuple[str, list[str]]:
    """`content` with every box labelled by its kind, and the kinds found that the handbook lacks."""
    unknown: list[str] = []

    def label(match: re.Match) -> str:
        classes = match.group(1).split()
        kind = classes[0] if classes else ""
        if kind not in KINDS:
            unknown.append(kind)
            return match.group(0)
        name = KINDS[kind]
        if match.group(2) is None:
            return f'{match.group(0)}\n<p class="admonition-title">{name}</p>'
        if _plain(match.group(3)).casefold().startswith(name.casefold()):
            return match.group(0)
        head = match.group(0)[: match.start(3) - match.start(0)]
        return f'{head}<span class="boks-etikett">{name}:</span> {match.group(3)}</p>'

    return BOX.sub(label, content), unknown


def _line_of(markdown: str, kind: str) -> int | None:
    """The line of the first box of `kind` in a page's Markdown (`!!! kind` or a written-out div)."""
    pattern = re.compile(rf'^\s*(?:(?:!!!|\?\?\?)\+?\s+{re.escape(kind)}\b|.*class="admonition {re.escape(kind)}\b)')
    for number, line in enumerate(markdown.splitlines(), 1):
        if pattern.match(line):
            return number
    return None


def on_page_content(content: str, *, page, config, files) -> str:
    content, unknown = label_boxes(content)
    name = f"{Path(config.docs_dir).name}/{page.file.src_uri}"
    source = page.file.content_string if page.file.generated_by is None else ""
    for kind in dict.fromkeys(unknown):
        sidefeil.found.append(Problem(
            name, _line_of(source, kind),
            f"Boksen «!!! {kind}» er ikke en av håndbokas bokstyper ({', '.join(KINDS)}).",
            "Bruk en av dem, for eksempel «!!! tips \"Tittel\"» eller «!!! advarsel». Farger og ikoner for "
            "hver type står i overrides/assets/stylesheets/bokser.css."))
    return content
