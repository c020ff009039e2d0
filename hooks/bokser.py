"""The handbook's kinds of box: every box in a page is one of them and shows its kind's name.

The kinds' colours and icons are in overrides/assets/stylesheets/bokser.css; their names (the label
a reader sees, not only a colour) are here. A box whose title does not start with its kind's name
gets the name before the title («Tips: Hvor står reglene forklart?»); a box without a title, or
with the title Markdown gives it (`!!! merknad` → «Merknad»), gets the name as its title. A box of
another kind (Material's `note`, `tip`, `warning` …) in a handbook page stops the build with a
Norwegian message that names the kinds to use.

A collapsible box (`??? tips`, open at first with `???+ tips`; pymdownx.details) is a box of the
same kinds: a native <details>, given the classes of a box (`admonition KIND`, `admonition-title`
on its <summary>) so it looks, is labelled and is printed like one (the PDF shows it open). In a
handbook page every <details> is such a box; the guides' pages make <details> of their own
(overrides/veiviser/), which are not boxes and are left alone.
"""

from __future__ import annotations

import html
import re
from pathlib import Path

import sidefeil
from sidefeil import Problem

# kind (the CSS class and the word after «!!!» or «???») → the label shown in the box
KINDS = {
    "regel": "Fra retningslinjene",
    "merknad": "Merknad fra redaksjonen",
    "tips": "Tips",
    "advarsel": "Advarsel",
    "situasjon": "Situasjonen",
    "resultat": "Resultat",
}

BOX = re.compile(r'<div class="admonition ([^"]*)">(\s*<p class="admonition-title[^"]*"[^>]*>(.*?)</p>)?', re.S)
DETAILS = re.compile(r'<details(?P<attrs>\s[^>]*)?>(?P<head>\s*<summary(?P<sattrs>\s[^>]*)?>(?P<title>.*?)</summary>)?',
                     re.S)
CLASS = re.compile(r'\bclass="([^"]*)"')
TAG = re.compile(r"<[^>]+>")

#: How an editor writes a box: `!!! tips` is always open, `??? tips` can be closed (`???+ tips`: open at first).
OPEN, COLLAPSIBLE = "!!!", "???"


def _plain(markup: str) -> str:
    return " ".join(html.unescape(TAG.sub("", markup)).split())


def _label(kind: str, title: str | None) -> str | None:
    """The box's title with its kind's name, or None when `title` (markup) already starts with it."""
    name = KINDS[kind]
    plain = _plain(title or "")
    if not plain or plain == kind.capitalize():  # no title, or the one Markdown made from the kind
        return name
    if plain.casefold().startswith(name.casefold()):
        return None
    return f'<span class="boks-etikett">{name}:</span> {title}'


def label_boxes(content: str, *, collapsible_only_boxes: bool = False) -> tuple[str, list[tuple[str, str]]]:
    """`content` with every box labelled by its kind, and the boxes found of kinds the handbook lacks,
    as (form, kind): ("!!!", "note"), ("???+", "note"), ("???", "") for a collapsible box without a kind.

    `collapsible_only_boxes`: every <details> is a box (a handbook page); otherwise only those of a
    known kind are (the guides' pages have <details> of their own)."""
    unknown: list[tuple[str, str]] = []

    def label(match: re.Match) -> str:
        classes = match.group(1).split()
        kind = classes[0] if classes else ""
        if kind not in KINDS:
            unknown.append((OPEN, kind))
            return match.group(0)
        title = _label(kind, match.group(3))
        if match.group(2) is None:
            return f'{match.group(0)}\n<p class="admonition-title">{title}</p>'
        if title is None:
            return match.group(0)
        head = match.group(0)[: match.start(3) - match.start(0)]
        return f"{head}{title}</p>"

    def label_details(match: re.Match) -> str:
        attrs = match.group("attrs") or ""
        found = CLASS.search(attrs)
        classes = found.group(1).split() if found else []
        kinds = [c for c in classes if c != "admonition"]
        kind = kinds[0] if kinds else ""
        if kind not in KINDS:
            if collapsible_only_boxes:
                opened = re.search(r"\sopen\b", attrs)
                unknown.append((COLLAPSIBLE + "+" if opened else COLLAPSIBLE, kind))
            return match.group(0)
        value = " ".join(["admonition", *kinds])
        attrs = CLASS.sub(lambda _: f'class="{value}"', attrs, count=1)
        title = _label(kind, match.group("title"))
        if match.group("head") is None:
            return f'<details{attrs}>\n<summary class="admonition-title">{title}</summary>'
        sattrs = match.group("sattrs") or ""
        own = CLASS.search(sattrs)
        if own is None:
            sattrs = f' class="admonition-title"{sattrs}'
        elif "admonition-title" not in own.group(1).split():
            sattrs = CLASS.sub(lambda m: f'class="admonition-title {m.group(1)}"', sattrs, count=1)
        head = match.group("head")
        space = head[: head.index("<summary")]
        return f'<details{attrs}>{space}<summary{sattrs}>{match.group("title") if title is None else title}</summary>'

    content = BOX.sub(label, content)
    return DETAILS.sub(label_details, content), unknown


def _line_of(markdown: str, form: str, kind: str) -> int | None:
    """The line of the first box of `kind` written in `form` in a page's Markdown: `!!! kind` or a
    written-out <div class="admonition kind">; `??? kind`, `???+ kind` or <details class="kind">
    (kind "": `??? "Tittel"` or a <details> without a class)."""
    if form == OPEN:
        pattern = rf'!!!\s+{re.escape(kind)}\b|.*class="admonition {re.escape(kind)}\b'
    elif kind:
        pattern = rf'\?\?\?\+?\s+{re.escape(kind)}\b|.*<details\b[^>]*\bclass="(?:admonition )?{re.escape(kind)}\b'
    else:
        pattern = r'\?\?\?\+?\s*(?:"|$)|.*<details\b(?![^>]*\bclass=)'
    compiled = re.compile(rf"^\s*(?:{pattern})")
    for number, line in enumerate(markdown.splitlines(), 1):
        if compiled.match(line):
            return number
    return None


KIND_LIST = ", ".join(KINDS)


def problem(name: str, source: str, form: str, kind: str) -> Problem:
    """The message for a box of a kind the handbook lacks, written in `form`."""
    line = _line_of(source, form, kind)
    both = ("Det samme gjelder bokser som kan lukkes: «??? tips \"Tittel\"» er lukket til leseren åpner den, "
            "«???+ tips \"Tittel\"» er åpen fra start, og i PDF-en er de alltid åpne.")
    colours = "Farger og ikoner for hver type står i overrides/assets/stylesheets/bokser.css."
    if form == OPEN:
        return Problem(name, line, f"Boksen «!!! {kind}» er ikke en av håndbokas bokstyper ({KIND_LIST}).",
                       f"Bruk en av dem, for eksempel «!!! tips \"Tittel\"» eller «!!! advarsel». {both} {colours}")
    if kind:
        return Problem(name, line, f"Boksen «{form} {kind}» er ikke en av håndbokas bokstyper ({KIND_LIST}).",
                       f"Bruk en av dem, for eksempel «??? tips \"Tittel\"» (lukket) eller «???+ advarsel» (åpen). "
                       f"Typene er de samme som for «!!!»-boksene. {colours}")
    return Problem(name, line, f"Boksen som kan lukkes («??? \"Tittel\"» eller <details>) har ingen bokstype. "
                               f"I håndboka er den en av bokstypene ({KIND_LIST}).",
                   "Skriv typen foran tittelen, for eksempel «??? tips \"Tittel\"» (lukket) eller «???+ merknad» "
                   f"(åpen), eller <details class=\"tips\"> i HTML. {colours}")


def on_page_content(content: str, *, page, config, files) -> str:
    handbook_page = page.file.generated_by is None
    content, unknown = label_boxes(content, collapsible_only_boxes=handbook_page)
    name = f"{Path(config.docs_dir).name}/{page.file.src_uri}"
    source = page.file.content_string if handbook_page else ""
    for form, kind in dict.fromkeys(unknown):
        sidefeil.found.append(problem(name, source, form, kind))
    return content
