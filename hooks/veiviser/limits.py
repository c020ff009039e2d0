"""
Limits that keep every accepted guide small, fast and readable.

A guide's pages grow with its steps and answers, and some inputs make the
Markdown renderer slow or make it recurse deeply.  Instead of finding out
during the build, the validator refuses such guides with a Norwegian
message and a fix.  The numbers are far above what a real guide needs (the
largest has 15 steps, 7 questions on its longest way and 14 paths).
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Mapping
from pathlib import Path

from .model import Problem, Question, Step
from .paths import outcome_routes, path_counts, topological_order

__all__ = [
    "MAX_STEPS",
    "MAX_ANSWERS",
    "MAX_DEPTH",
    "MAX_PATHS",
    "MAX_OVERVIEW",
    "MAX_OVERVIEW_TEXT",
    "MAX_TEXT",
    "TEXT_LIMITS",
    "MAX_BRACKETS",
    "MAX_NESTING",
    "RESERVED_IDS",
    "MAP_PAGE",
    "RESERVED_STEP_IDS",
    "text_problem",
    "graph_problems",
]

#: Steps in one guide (questions and outcomes).
MAX_STEPS = 100
#: Answers in one question (not counting «Jeg er usikker»).
MAX_ANSWERS = 8
#: Questions on the longest way through a guide.
MAX_DEPTH = 30
#: Different ways through a guide (sixteen yes/no questions in a row give 65 536).
MAX_PATHS = 100_000
#: Lines in the overview «Svarene som fører til hvert resultat» (outcomes × questions on the way).
MAX_OVERVIEW = 500
#: Characters of question and answer text in that overview.
MAX_OVERVIEW_TEXT = 150_000

#: Characters in a text field, by field name; other fields get MAX_TEXT.
MAX_TEXT = 4_000
TEXT_LIMITS = {"tittel": 150, "spørsmål": 300, "tekst": 150, "resultat": 200, "ansvarlig": 200}
#: Square brackets in one text (Python-Markdown needs quadratic time for many unclosed ones).
MAX_BRACKETS = 100
#: Lists and quotes inside each other in one text.
MAX_NESTING = 6

#: Names that the generated pages use themselves (``index.md`` of a guide or of «Øv deg»).
RESERVED_IDS = frozenset({"index"})
#: A guide's page with its diagram and every answer (``veivisere/<guide>/oversikt.html``).
MAP_PAGE = "oversikt"
#: Names a step cannot have: its page would be one of the guide's own.
RESERVED_STEP_IDS = RESERVED_IDS | {MAP_PAGE}

_RE_NESTING = re.compile(r"(?:[-*+]|[0-9]{1,9}[.)]|>)(?=[ \t]|$)[ \t]*")
_ALLOWED_CONTROLS = "\n\t"


def _visible(text: str) -> bool:
    """Whether ``text`` has a character that is neither white space nor invisible formatting."""

    return any(not ch.isspace() and unicodedata.category(ch) not in ("Cf", "Cc", "Zl", "Zp") for ch in text)


def _nesting(text: str) -> int:
    """An upper estimate of how deeply lists and quotes are nested in Markdown ``text``."""

    deepest = 0
    for line in text.splitlines():
        stripped = line.lstrip(" ")
        level = (len(line) - len(stripped)) // 4
        position = 0
        while True:
            match = _RE_NESTING.match(stripped, position)
            if match is None or match.end() == position:
                break
            level += 1
            position = match.end()
        deepest = max(deepest, level)
    return deepest


#: The only characters whose category can be Cc (controls) or Cs (surrogate halves): checked without a per-character loop.
_RE_SUSPECT = re.compile("[\x00-\x1f\x7f-\x9f\ud800-\udfff]")


#: Characters that turn the direction of text (the text would read backwards).
_RE_BIDI = re.compile("[\u202a-\u202e\u2066-\u2069\u200e\u200f\u061c]")
#: A placeholder like {{ kommune.navn }}: only the handbook's pages fill them in. (Other text
#: between {{ }} is shown as written: nothing in a tree is a template.)
_RE_PLACEHOLDER = re.compile(r"\{\{\s*kommune\b.*?\}\}", re.S)


def comparable(text: str) -> str:
    """A text as a reader sees it: the same letters in either Unicode form (NFC/NFD), without
    invisible characters (zero-width space, soft hyphen …), spaces collapsed, case ignored."""

    text = unicodedata.normalize("NFKC", text)
    text = "".join(ch for ch in text if unicodedata.category(ch) != "Cf")
    return " ".join(text.split()).casefold()


def text_problem(text: str, *, label: str, key: str | None = None, markdown: bool = True) -> tuple[str, str] | None:
    """What is wrong with an editor's ``text`` (message, fix), or ``None``.

    ``label`` names the field in the message («Feltet «tittel»»); ``key`` picks
    the length limit; ``markdown`` adds the checks for text that is rendered.
    """

    for match in _RE_SUSPECT.finditer(text):
        ch = match.group()
        category = unicodedata.category(ch)
        if category == "Cs":
            return (
                f"{label} inneholder et ugyldig tegn (U+{ord(ch):04X}, halvparten av et tegnpar fra en "
                "\\u-kode som ikke er fullstendig).",
                "Skriv tegnet direkte i stedet for som \\u-kode, eller bruk enkle anførselstegn ('…') rundt teksten.",
            )
        if category == "Cc" and ch not in _ALLOWED_CONTROLS:
            return (
                f"{label} inneholder et usynlig kontrolltegn (U+{ord(ch):04X}).",
                "Slett tegnet (det kommer ofte med når tekst kopieres, eller fra en \\x- eller \\u-kode i "
                "doble anførselstegn), eller skriv teksten inn på nytt.",
            )
    bidi = _RE_BIDI.search(text)
    if bidi:
        return (
            f"{label} inneholder et usynlig tegn som snur skriveretningen (U+{ord(bidi.group()):04X}), så teksten "
            "ville blitt lest baklengs.",
            "Slett tegnet (det kommer ofte med når tekst kopieres), eller skriv teksten inn på nytt.",
        )
    placeholder = _RE_PLACEHOLDER.search(text)
    if placeholder:
        return (
            f"{label} inneholder «{placeholder.group()[:40]}». Innstillinger fra mkdocs.yml settes bare inn på "
            "sidene i docs/, ikke i veiviserne, så teksten ville stått som den er skrevet.",
            "Skriv navnet rett inn (for eksempel «Hattfjelldal kommune»), eller vis til en rolle med «spør:».",
        )
    if not _visible(text):
        return (
            f"{label} inneholder bare usynlige tegn.",
            "Skriv en tekst som kan leses, eller fjern feltet hvis det ikke er påkrevd.",
        )
    limit = TEXT_LIMITS.get(key or "", MAX_TEXT)
    if len(text) > limit:
        return (
            f"{label} er for lang: {len(text)} tegn, men høyst {limit} er tillatt.",
            "Kort ned teksten. Lange forklaringer hører hjemme i håndboka; vis til den med «kilder».",
        )
    if not markdown:
        return None
    brackets = text.count("[") + text.count("]")
    if brackets > MAX_BRACKETS:
        return (
            f"{label} har {brackets} hakeparenteser ([ ]), men høyst {MAX_BRACKETS} er tillatt.",
            "Fjern hakeparentesene som ikke er lenker. En lenke skrives [teksten](side.md#anker).",
        )
    depth = _nesting(text)
    if depth > MAX_NESTING:
        return (
            f"{label} har lister eller sitater inni hverandre i {depth} nivåer, men høyst {MAX_NESTING} er tillatt.",
            "Skriv listen med færre nivåer: fjern innrykk og «-», «*», «1.» eller «>» som står etter hverandre.",
        )
    return None


# ----------------------------------------------------------------------
# The shape of the whole guide


def graph_problems(
    path: Path,
    start: str,
    steps: Mapping[str, Step],
    lines: Mapping[str, int],
    start_line: int | None,
    steps_line: int | None,
) -> list[Problem]:
    """Problems with the size and shape of a guide whose references are all valid and acyclic.

    ``lines`` gives the line of each step, ``start_line`` that of «start:»
    and ``steps_line`` that of «steg:».  The numbers are computed from the
    steps (never by listing the paths), so this is cheap for any guide.
    """

    problems: list[Problem] = []

    def add(line: int | None, step: str | None, message: str, fix: str) -> None:
        problems.append(Problem(path, line, step, message, fix))

    if not isinstance(steps.get(start), Question):
        return problems  # reported by the validator: a guide starts with a question
    if len(steps) > MAX_STEPS:
        add(
            steps_line,
            None,
            f"Veiviseren har {len(steps)} steg, men høyst {MAX_STEPS} er tillatt.",
            "Del veiviseren i flere veivisere (et resultat kan gå videre til en annen veiviser med «veiviser:»).",
        )
    for step in steps.values():
        if isinstance(step, Question) and len(step.answers) > MAX_ANSWERS:
            add(
                lines.get(step.id),
                step.id,
                f"Spørsmålet har {len(step.answers)} svar, men høyst {MAX_ANSWERS} er tillatt.",
                "Slå sammen svar som fører til det samme, eller del spørsmålet i to.",
            )
    if problems:
        return problems

    depth: dict[str, int] = {}
    for step_id in reversed(topological_order(steps, [start])):
        step = steps[step_id]
        depth[step_id] = 1 + max(depth[t] for t in step.targets()) if isinstance(step, Question) else 0
    if depth[start] > MAX_DEPTH:
        add(
            start_line,
            None,
            f"Den lengste veien gjennom veiviseren har {depth[start]} spørsmål, men høyst {MAX_DEPTH} er tillatt.",
            "Gjør veiviseren kortere, eller del den i flere veivisere (med «veiviser:» i et resultat).",
        )
        return problems
    paths = path_counts(steps, start)[start]
    if paths > MAX_PATHS:
        add(
            start_line,
            None,
            f"Veiviseren har {paths} forskjellige veier fra start til et resultat, men høyst {MAX_PATHS} er tillatt.",
            "La flere svar gå til samme resultat tidligere, eller del veiviseren i flere veivisere.",
        )
        return problems
    routes = outcome_routes(steps, start, list(steps))
    overview = sum(len(r.answers) for r in routes.values())
    weight = 0
    for route in routes.values():
        for question_id, options in route.answers:
            question = steps[question_id]
            assert isinstance(question, Question)
            weight += len(question.text) + sum(len(question.answers[o].text) if o is not None else 15 for o in options)
    if overview <= MAX_OVERVIEW and weight > MAX_OVERVIEW_TEXT:
        add(
            steps_line,
            None,
            f"Oversikten over svarene som fører til hvert resultat blir {weight} tegn lang, men høyst "
            f"{MAX_OVERVIEW_TEXT} er tillatt (lange spørsmål og svar gjentas for hvert resultat de fører til).",
            "Gjør spørsmålene og svarene kortere, eller del veiviseren i flere veivisere.",
        )
    if overview > MAX_OVERVIEW:
        add(
            steps_line,
            None,
            f"Oversikten over svarene som fører til hvert resultat blir {overview} linjer lang, men høyst "
            f"{MAX_OVERVIEW} er tillatt (for mange resultater kan nås fra for mange spørsmål).",
            "Del veiviseren i flere veivisere, eller la færre spørsmål føre til hvert resultat.",
        )
    return problems
