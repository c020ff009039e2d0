"""Editors' mistakes in the handbook pages (docs/), as Norwegian messages with file and line.

Plain functions without MkDocs, so they can be tested on their own: `check_source` finds what is
wrong in one page's source before MkDocs reads it, `translate` turns MkDocs' English link and
anchor warnings into the same kind of message. The hook `sidekontroll.py` connects them to the build.
"""

from __future__ import annotations

import difflib
import math
import re
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

import yaml

# -----------------------------------------------------------------------------
# Messages
# -----------------------------------------------------------------------------


@dataclass(frozen=True)
class Problem:
    """One mistake: where it is, what is wrong and how to fix it."""

    file: str
    line: int | None
    what: str
    fix: str

    def __str__(self) -> str:
        where = f"{self.file}, linje {self.line}" if self.line else self.file
        return f"{where}: {self.what}\n  Slik retter du det: {self.fix}"


#: Problems the hooks find while MkDocs renders the pages, reported together once all pages are
#: rendered (hooks/sidekontroll.py), so an editor sees every mistake in one go.
found: list[Problem] = []


def report(problems: Iterable[Problem]) -> str:
    """All problems as one message, the way the guides' validator reports."""
    problems = list(dict.fromkeys(problems))
    files = {p.file for p in problems}
    count = "én feil" if len(problems) == 1 else f"{len(problems)} feil"
    where = "én side" if len(files) == 1 else f"{len(files)} sider"
    return f"Fant {count} i håndboka ({where}):\n\n" + "\n\n".join(str(p) for p in problems)


def suggestion(word: str, known: Iterable[str], *, prefix: str = "Mente du") -> str:
    """« Mente du «x»?» for the closest known word, or ''."""
    close = difflib.get_close_matches(word, list(known), n=1, cutoff=0.6)
    return f"{prefix} «{close[0]}»? " if close else ""


# -----------------------------------------------------------------------------
# Lines: where a text is in a page's source
# -----------------------------------------------------------------------------

# The front matter as MkDocs finds it (mkdocs.utils.meta.YAML_RE; a test keeps them equal).
FRONT_MATTER = re.compile(r'^-{3}[ \t]*\n(.*?\n)(?:\.{3}|-{3})[ \t]*\n', re.UNICODE | re.DOTALL)


def body_offset(source: str) -> int:
    """How many source lines come before the Markdown MkDocs renders (front matter and the blank
    lines after it, which MkDocs strips)."""
    match = FRONT_MATTER.match(source)
    if not match:
        return 0
    rest = source[match.end():]
    return source.count("\n", 0, match.end()) + (len(rest) - len(rest.lstrip("\n")))


def line_of(source: str, *needles: str, ignore_case: bool = False) -> int | None:
    """The first line (1-based) that holds the first needle found, trying needles in order."""
    lines = source.split("\n")
    for needle in needles:
        if not needle:
            continue
        for number, line in enumerate(lines, 1):
            if (needle.lower() in line.lower()) if ignore_case else (needle in line):
                return number
    return None


def link_line(source: str, link: str) -> int | None:
    """The line where a link target is written: inline, reference definition, HTML or bare."""
    return line_of(source, f"({link})", f"({link} ", f"]: {link}", f'"{link}"', f"'{link}'", f"<{link}>", link)


# -----------------------------------------------------------------------------
# A page's source
# -----------------------------------------------------------------------------

#: Front matter a handbook page may not have: the fields hooks/veivisere.py sets on the pages it
#: generates (GeneratedPage.meta) and hooks/sist_endret.py sets on every page, the names of the
#: guides' own data (what a guide page once said about itself in its front matter), and
#: `template`, which picks a developer's template. What a page *is* never comes from its front
#: matter (the build keeps its own record of the pages it generates); these would only make a
#: handbook page look like one, or show a wrong source, title or date.
RESERVED = {
    "guide_page": "hører til sidene bygget lager for veiviserne",
    "veiviser": "hører til sidene bygget lager for veiviserne",
    "veiviser_oversikt": "hører til oversikten over veiviserne, som bygget lager",
    "veiviser_tittel": "hører til sidene bygget lager for veiviserne",
    "steg": "hører til stegene i veiviserne, som bygget lager",
    "ovelser": "hører til oversikten over øvelsene, som bygget lager",
    "ovelse": "hører til øvelsene, som bygget lager",
    "kilde_fil": "hører til sidene bygget lager for veiviserne",
    "kilde_filer": "hører til sidene bygget lager for veiviserne",
    "relaterte_veivisere": "settes av bygget",
    "roller": "hører til «Hvem spør jeg?», som bygget lager",
    "kildegrunnlag": "hører til «Kildegrunnlag for veiviserne», som bygget lager",
    "nokkelord": "hører til sidene bygget lager for veiviserne (søkeord)",
    "guide_title": "hører til sidene bygget lager for veiviserne",
    "source_file": "hører til sidene bygget lager for veiviserne",
    "source_files": "hører til sidene bygget lager for veiviserne",
    "related_guides": "settes av bygget",
    "keywords": "hører til sidene bygget lager for veiviserne (søkeord)",
    "revision_date": "settes av bygget («Sist endret»)",
    "template": "velger en mal for utviklere",
}

#: The only fields a handbook page's front matter may have. Material prints others into the page
#: without escaping (`author`, `subtitle`, `status` …), so any other field stops the build.
FIELDS = {
    "title": "sidens tittel", "description": "en kort beskrivelse for søkemotorer",
    "hide": "hva som skjules: toc, navigation …", "search": "exclude: true eller boost: 2",
    "sjekkliste": "true på «Ny i kommunen»", "icon": "et ikon fra temaet, material/…",
}

#: What Material's `hide:` can hide.
HIDE = {"navigation", "toc", "footer", "path", "tags", "feedback"}

#: Front matter fields that are printed as text: Material prints them without escaping.
TEXT_FIELDS = ("title", "description")

YAML_PROBLEMS = {
    "mapping values are not allowed here": "et kolon står der YAML ikke venter det",
    "found character '\\t' that cannot start any token": "linjen har et tabulatortegn",
    "could not find expected ':'": "et felt mangler kolon",
    "found undefined alias": "teksten har en * som leses som en YAML-henvisning",
    "expected <block end>, but found": "innrykket stemmer ikke",
    "did not find expected key": "innrykket stemmer ikke",
    "expected ',' or ']'": "en klamme [ lukkes aldri",
    "expected ',' or '}'": "en krøllparentes { lukkes aldri",
    "found unexpected end of stream": "et anførselstegn eller en klamme lukkes aldri",
    "found duplicate anchor": "teksten har en & som leses som et YAML-anker",
}


def check_bytes(path: str, data: bytes) -> tuple[str | None, list[Problem]]:
    """The text of a file saved as UTF-8, or a problem naming the first line that is not."""
    try:
        return data.decode("utf-8-sig"), []
    except UnicodeDecodeError as error:
        line = data.count(b"\n", 0, error.start) + 1
        return None, [Problem(
            path, line,
            f"Filen er ikke lagret som UTF-8: tegnet (byte 0x{data[error.start]:02x}) på linje {line} kan ikke "
            f"leses. Filen er trolig lagret som «Latin-1»/«Windows-1252».",
            "Lagre filen på nytt med tegnkodingen UTF-8 (i VS Code: klikk på tegnkodingen nederst til høyre, "
            "velg «Save with Encoding» og «UTF-8»). Sjekk etterpå at æ, ø og å ser riktige ut.")]


def front_matter(path: str, source: str) -> tuple[dict, list[Problem]]:
    """The page's front matter (between the --- lines at the top) and what is wrong with it."""
    source = source.replace("\r\n", "\n")
    match = FRONT_MATTER.match(source)
    if not match:
        if re.match(r"-{3}[ \t]*\n", source):
            return {}, [Problem(
                path, 1, "Siden begynner med «---», men innstillingene øverst (front matter) avsluttes aldri "
                "med en linje med «---». Da vises de som tekst på siden.",
                "Sett en linje med bare «---» etter innstillingene, eller fjern «---» på linje 1.")]
        return {}, []
    alias = _first_alias(match.group(1))
    if alias is not None:
        return {}, [Problem(
            path, alias + 2,
            "Innstillingene øverst på siden (mellom linjene med «---») har en * eller & som leses som en "
            "YAML-henvisning. Slike henvisninger er ikke tillatt her (de kan gjøre innstillingene enorme).",
            "Sett verdien i anførselstegn, for eksempel title: \"*Viktig* om bilder\", eller skriv den uten * og &.")]
    try:
        meta = yaml.safe_load(match.group(1))
    except yaml.YAMLError as error:
        mark = getattr(error, "problem_mark", None)
        if mark and mark.line >= match.group(1).count("\n"):  # at the end: point at where it began
            mark = getattr(error, "context_mark", None) or mark
        line = mark.line + 2 if mark else 2
        problem = getattr(error, "problem", "") or ""
        explained = next((no for en, no in YAML_PROBLEMS.items() if problem.startswith(en)), None)
        detail = explained or f"YAML sier: «{problem or error}»"
        return {}, [Problem(
            path, line,
            f"Innstillingene øverst på siden (mellom linjene med «---») er ikke gyldig YAML: {detail}. Da "
            f"vises de som tekst på siden.",
            "Skriv hver innstilling som «navn: verdi» på én linje. Står det kolon, # eller anførselstegn i "
            "verdien, sett hele verdien i anførselstegn, for eksempel title: \"Bilder: hva gjelder?\".")]
    if meta is None:
        return {}, []
    if not isinstance(meta, dict):
        return {}, [Problem(
            path, 2, "Innstillingene øverst på siden (mellom linjene med «---») må være felt med navn, "
            "som «title: Bilder og video».",
            "Skriv hver innstilling som «navn: verdi» på én linje, eller fjern linjene med «---».")]
    return meta, _check_fields(path, source, meta)


def _first_alias(text: str) -> int | None:
    """The line (0-based) of the first YAML alias or anchor in `text`; read as events, so an
    «alias bomb» is never expanded."""
    try:
        for event in yaml.parse(text, Loader=yaml.SafeLoader):
            if (isinstance(event, yaml.AliasEvent) or getattr(event, "anchor", None)) and event.start_mark:
                return event.start_mark.line
    except yaml.YAMLError:
        return None  # reported with its own message when the text is read
    return None


def _field_line(source: str, key: str) -> int:
    return line_of(source.split("\n---", 1)[0], f"{key}:") or 1


def _check_fields(path: str, source: str, meta: dict) -> list[Problem]:
    problems = []
    for key, value in meta.items():
        key = str(key)
        if key in RESERVED:
            problems.append(Problem(
                path, _field_line(source, key),
                f"Feltet «{key}» i innstillingene øverst på siden {RESERVED[key]}. Det er ikke tillatt på "
                f"sidene i håndboka.",
                "Fjern linjen. Vil du vise til en veiviser, skriv en lenke, for eksempel "
                "[Krisekommunikasjon](veivisere/krise/index.md)."))
        elif key not in FIELDS:
            problems.append(Problem(
                path, _field_line(source, key),
                f"Feltet «{key}» i innstillingene øverst på siden kjenner ikke håndboka. Temaet ville satt det "
                f"inn i siden uten kontroll, eller oversett det.",
                f"{suggestion(key, FIELDS)}Fjern linjen. Feltene en side kan ha: "
                + ", ".join(f"«{name}» ({what})" for name, what in FIELDS.items()) + "."))
        elif key in TEXT_FIELDS and not isinstance(value, str):
            problems.append(Problem(
                path, _field_line(source, key), f"Feltet «{key}» må være en tekst.",
                f"Skriv teksten etter kolon, gjerne i anførselstegn: {key}: \"…\"."))
        elif key in TEXT_FIELDS and re.search(r"[<>]", value):
            problems.append(Problem(
                path, _field_line(source, key),
                f"Feltet «{key}» inneholder «<» eller «>». Teksten settes inn som HTML i hver side, så det "
                f"er ikke tillatt.",
                "Skriv teksten uten HTML og uten tegnene < og >."))
        elif key == "hide" and not (isinstance(value, list) and set(map(str, value)) <= HIDE):
            problems.append(Problem(
                path, _field_line(source, key),
                "Feltet «hide» må være en liste med det som skal skjules: " + ", ".join(sorted(HIDE)) + ".",
                "Skriv for eksempel hide: [toc] (innholdslisten) eller hide: [navigation, toc]."))
        elif key == "search" and not (isinstance(value, dict) and set(value) <= {"exclude", "boost"}
                                      and isinstance(value.get("exclude", False), bool)
                                      and _finite(value.get("boost", 1))):
            problems.append(Problem(
                path, _field_line(source, key),
                "Feltet «search» må ha «exclude: true» (siden vises ikke i søket) eller «boost: 2» (siden "
                "kommer høyere opp i søket; et tall over 0 og høyst 1000).",
                "Skriv for eksempel search: {exclude: true} eller search: {boost: 2}."))
        elif key == "icon" and not _icon_exists(value):
            problems.append(Problem(
                path, _field_line(source, key),
                f"Feltet «icon» viser til ikonet «{str(value)[:60]}», som ikke finnes blant temaets ikoner.",
                "Skriv navnet på et ikon fra Material for MkDocs, for eksempel icon: material/camera "
                "(se https://squidfunk.github.io/mkdocs-material/reference/icons-emojis/), eller fjern linjen."))
        elif key == "sjekkliste" and not isinstance(value, bool):
            problems.append(Problem(
                path, _field_line(source, key), "Feltet «sjekkliste» må være true eller false.",
                "Skriv sjekkliste: true (eller fjern linjen)."))
    return problems


_ICON = re.compile(r"[a-z0-9-]+(?:/[a-z0-9-]+){1,3}")


def _icon_exists(name: object) -> bool:
    """Whether a page's `icon:` names one of the theme's icons (only plain names: no «..»)."""
    if not isinstance(name, str) or not _ICON.fullmatch(name):
        return False
    import material  # type: ignore[import-untyped]

    return (Path(material.__file__).parent / "templates/.icons" / f"{name}.svg").is_file()


def _finite(number: object) -> bool:
    """A number a search index can hold (JSON has no NaN or infinity)."""
    return isinstance(number, (int, float)) and not isinstance(number, bool) and math.isfinite(number) \
        and 0 < number <= 1000


#: Square brackets in one paragraph: Python-Markdown's link search takes time by their square
#: (3 000 take 7 s, 10 000 a minute). The handbook's pages have at most a few dozen.
MAX_BRACKETS = 300
#: Explanations (*[ord]: …) in one file: Python-Markdown looks for every one in every page's text
#: (1 000 make a build take minutes). The glossary has a few dozen.
MAX_TERMS = 300
#: The largest page or snippet.
MAX_PAGE_BYTES = 500_000
_TERM = re.compile(r"^\*\[[^\]\n]+\]:", re.M)


#: Characters that turn the direction of the text after them (it would read backwards).
_BIDI = re.compile("[\u202a-\u202e\u2066-\u2069]")


def size_problems(path: str, source: str) -> list[Problem]:
    """What in a page or snippet is too large for the build to handle in reasonable time, or
    would read backwards."""
    problems = []
    bidi = _BIDI.search(source)
    if bidi:
        line = source.count("\n", 0, bidi.start()) + 1
        problems.append(Problem(path, line, f"Linjen har et usynlig tegn som snur skriveretningen (U+{ord(bidi.group()):04X}), "
                                "så teksten ville blitt lest baklengs.",
                                "Slett tegnet (det kommer ofte med når tekst kopieres), eller skriv linjen inn på nytt."))
    size = len(source.encode("utf-8"))
    if size > MAX_PAGE_BYTES:
        problems.append(Problem(path, None, f"Filen er {size // 1000} kB, men høyst {MAX_PAGE_BYTES // 1000} kB "
                                "er tillatt for en side (den ville blitt tung å åpne på mobilen).",
                                "Del teksten opp i flere sider, og lenk mellom dem."))
    line = 1
    for block in re.split(r"(\n[ \t]*\n)", source):
        if block.count("[") > MAX_BRACKETS:
            problems.append(Problem(path, line, f"Avsnittet har {block.count('[')} hakeparenteser ([), men høyst "
                                    f"{MAX_BRACKETS} er tillatt i ett avsnitt (flere gjør bygget svært tregt).",
                                    "Fjern hakeparentesene som ikke er lenker, eller del avsnittet opp."))
            break
        line += block.count("\n")
    terms = len(_TERM.findall(source))
    if terms > MAX_TERMS:
        problems.append(Problem(path, None, f"Filen forklarer {terms} ord (linjer som *[ord]: …), men høyst "
                                f"{MAX_TERMS} er tillatt (hver forklaring søkes etter på hver side, og bygget "
                                f"ville tatt mange minutter).",
                                "Behold forklaringene av ordene som trenger det mest, og fjern resten."))
    return problems


def mistaken_metadata(path: str, source: str, meta: dict) -> list[Problem]:
    """Python-Markdown reads «Navn: tekst» lines at the very top of a page without front matter as
    metadata, and they vanish from the page: MkDocs gives them back in `meta`."""
    if FRONT_MATTER.match(source.replace("\r\n", "\n")) or not meta:
        return []
    first = source.split("\n", 1)[0].strip()
    return [Problem(
        path, 1, f"Den første linjen («{first[:60]}») leses som en innstilling, fordi den begynner med et ord "
        f"og kolon, og vises ikke på siden.",
        "Begynn siden med en overskrift (# Tittel), eller sett en tom linje øverst.")]


def snippet_problem(path: str, source: str, offset: int, missing: str) -> Problem:
    """A `--8<--` line names a file that is not there."""
    body = source.split("\n")
    line = next((n for n, text in enumerate(body, 1) if missing in text and "--8<--" in text), None)
    line = line or line_of(source, missing)
    return Problem(
        path, line,
        f"Teksten som skal settes inn fra «{missing}» (med --8<--), finnes ikke.",
        "Filene som kan settes inn, ligger i docs/includes/. Rett filnavnet, eller legg filen der.")


# -----------------------------------------------------------------------------
# MkDocs' warnings
# -----------------------------------------------------------------------------

_DOC = r"Doc file '(?P<page>.+?)' contains "
WARNINGS = [
    ("anchor_here", re.compile(_DOC + r"a link '(?P<link>.+?)', but there is no such anchor on this page\.")),
    ("anchor", re.compile(_DOC + r"a link '(?P<link>.+?)', but the doc '(?P<target>.+?)' does not contain an "
                                 r"anchor '#(?P<anchor>.+?)'\.")),
    ("not_found", re.compile(_DOC + r"a link '(?P<link>.+?)', but the target(?: '(?P<target>.+?)')? is not found "
                                    r"among documentation files\.(?: Did you mean '(?P<suggest>.+?)'\?)?")),
    ("unrecognized", re.compile(_DOC + r"an unrecognized relative link '(?P<link>.+?)', it was left as is\.")),
    ("absolute", re.compile(_DOC + r"an absolute link '(?P<link>.+?)', it was left as is\.")),
    ("excluded", re.compile(_DOC + r"a link to '(?P<link>.+?)' which is excluded from the built site\.")),
    ("nav", re.compile(r"A reference to '(?P<link>.+?)' is included in the 'nav' configuration, which is not "
                       r"found in the documentation files\.")),
]

#: Where MkDocs' «nav» warnings are: the configuration, not a page.
CONFIG = "mkdocs.yml"


@dataclass(frozen=True)
class LinkWarning:
    """One of MkDocs' link warnings, read back from its English text."""

    kind: str
    page: str
    link: str
    target: str | None = None
    anchor: str | None = None
    suggest: str | None = None


def parse_warning(message: str) -> LinkWarning | None:
    for kind, pattern in WARNINGS:
        match = pattern.match(message)
        if match:
            groups = match.groupdict()
            return LinkWarning(kind, groups.get("page", CONFIG), groups["link"], groups.get("target"),
                               groups.get("anchor"), groups.get("suggest"))
    return None


def translate(warning: LinkWarning, *, file: str, source: str, pages: list[str],
              anchors: dict[str, list[str]]) -> Problem:
    """A link warning as a Norwegian problem. `file` is how to name the page, `source` its text,
    `pages` all pages of the site and `anchors` the ids on each page."""
    line = link_line(source, warning.link)
    link = warning.link
    if warning.kind in ("anchor", "anchor_here"):
        target = warning.target or warning.page
        anchor = warning.anchor or link.split("#", 1)[-1]
        known = anchors.get(target, [])
        where = "denne siden" if warning.kind == "anchor_here" else f"siden «{target}»"
        if anchor.startswith("fnref:"):
            return Problem(file, line, f"Lenken «{link}» viser til en fotnote som aldri brukes i teksten.",
                           "Sett inn fotnoten i teksten ([^navn]), eller fjern fotnoten.")
        listed = ", ".join(known[:12]) + (" …" if len(known) > 12 else "") if known else "(ingen)"
        return Problem(
            file, line, f"Lenken «{link}» viser til ankeret «#{anchor}», men {where} har ikke det ankeret.",
            f"{suggestion(anchor, known)}Ankre som finnes på {where}: {listed}. Ankeret er overskriften "
            f"med små bokstaver og bindestrek, for eksempel «## Bilder av barn» → #bilder-av-barn.")
    if warning.kind == "not_found":
        target = warning.target or link.split("#", 1)[0]
        hint = f"Mente du «{warning.suggest}»? " if warning.suggest else suggestion(
            target.rsplit("/", 1)[-1], [p.rsplit("/", 1)[-1] for p in pages])
        return Problem(
            file, line, f"Lenken «{link}» viser til en side som ikke finnes i håndboka.",
            f"{hint}Skriv filnavnet til siden i docs/, for eksempel [bilder og video](bilder-og-video.md).")
    if warning.kind == "nav":
        hint = suggestion(link, pages)
        return Problem(
            file, line_of(source, link), f"Menyen («nav:») viser til siden «{link}», som ikke finnes i docs/.",
            f"{hint}Skriv filnavnet slik det står i docs/, for eksempel «- 7. Bilder og video: bilder-og-video.md».")
    if warning.kind == "excluded":
        return Problem(file, line, f"Lenken «{link}» viser til en fil som ikke publiseres (docs/includes/).",
                       "Lenk til en side i håndboka i stedet.")
    if warning.kind == "absolute":
        return Problem(
            file, line, f"Lenken «{link}» begynner med «/». Den virker ikke når håndboka ligger i en "
            f"undermappe eller åpnes fra disk.",
            "Skriv lenken til en annen side med filnavnet, for eksempel [bilder og video](bilder-og-video.md).")
    return Problem(
        file, line, f"Lenken «{link}» viser ikke til en side i håndboka (den mangler filnavnet med .md).",
        "Skriv filnavnet til siden i docs/, for eksempel [bilder og video](bilder-og-video.md).")


# -----------------------------------------------------------------------------
# Files in docs/ that are not pages
# -----------------------------------------------------------------------------

#: The largest picture: the service worker keeps every picture for reading offline, and pages are
#: read on phones (the same limit as `maximumFileSizeToCacheInBytes` in hooks/frakoblet.mjs).
MAX_PICTURE = 1024 * 1024
#: The largest PDF document (fetched only when opened).
MAX_DOCUMENT = 10 * 1024 * 1024
#: What docs/ may hold besides pages: pictures and PDF documents, by their ending, and how large.
STATIC_KINDS = {
    ".png": ("bilde", MAX_PICTURE), ".jpg": ("bilde", MAX_PICTURE), ".jpeg": ("bilde", MAX_PICTURE),
    ".gif": ("bilde", MAX_PICTURE), ".webp": ("bilde", MAX_PICTURE), ".svg": ("bilde", MAX_PICTURE),
    ".pdf": ("PDF-dokument", MAX_DOCUMENT),
}
#: Endings MkDocs reads as pages besides «.md»: their pages would clash with ours, or be lost.
OTHER_PAGE_ENDINGS = (".markdown", ".mdown", ".mkdn", ".mkd", ".mdwn", ".mdtxt", ".mdtext")
#: What an SVG picture may not hold: script, event handlers, and anything fetched from elsewhere.
_SVG_ACTIVE = re.compile(
    r"<\s*(?:script|foreignObject|iframe|embed|object|handler|listener)\b|\son[a-z]+\s*=|javascript\s*:"
    r"|<!ENTITY|<\?xml-stylesheet|@import|\bhref\s*=\s*[\"']?\s*(?!#)|url\(\s*[\"']?\s*(?!#)",
    re.I)
_MB = 1024 * 1024
#: How each kind's content begins (a «picture» that is really a web page is refused).
_MAGIC = {".png": (b"\x89PNG\r\n\x1a\n",), ".jpg": (b"\xff\xd8\xff",), ".jpeg": (b"\xff\xd8\xff",),
          ".gif": (b"GIF87a", b"GIF89a"), ".webp": (b"RIFF",), ".pdf": (b"%PDF-",)}


def _megabytes(size: int) -> str:
    return f"{size / _MB:.1f}".replace(".", ",") + " MB"


def docs_file_problems(name: str, src_uri: str, *, size: int, published: bool, head: bytes = b"",
                       theme_file: bool = False) -> list[Problem]:
    """What is wrong with a file in docs/ that is not a page (`src_uri`, named `name` in messages):
    a kind docs/ may not hold, a file too large, an SVG with script, or a theme file it would replace.
    `published` is False for files the site leaves out (docs/includes/); `head` is the file's
    content for the kinds whose content is checked (SVG)."""
    suffix = "." + src_uri.rsplit(".", 1)[-1].lower() if "." in src_uri.rsplit("/", 1)[-1] else ""
    if suffix in OTHER_PAGE_ENDINGS or (suffix == ".md" and not src_uri.endswith(".md")):
        stem = src_uri.rsplit("/", 1)[-1].rsplit(".", 1)[0]
        fate = ("publisert som rå tekst, ikke som en side" if suffix == ".md" else
                "lest som en side med samme adresse som en side med «.md», og den ene ville forsvunnet")
        return [Problem(name, None, f"Sidene i håndboka må ha filendelsen «.md» (med små bokstaver). Denne filen "
                        f"ville blitt {fate}.",
                        f"Gi filen navnet «{stem}.md» (og pass på at ingen annen side heter det).")]
    if not published:
        return []
    if theme_file:
        return [Problem(name, None, "Filen har samme navn og mappe som en av temaets egne filer, og ville "
                        "erstattet den på alle sidene.",
                        "Flytt filen til en egen mappe, for eksempel docs/bilder/, og gi den et eget navn.")]
    allowed = ", ".join(sorted({e for e in STATIC_KINDS}))
    if suffix not in STATIC_KINDS:
        return [Problem(name, None, f"Filer av typen «{suffix or '(uten endelse)'}» kan ikke ligge i docs/. Bare "
                        f"sider (.md), bilder og PDF-dokumenter publiseres ({allowed}); andre filer (nettsider, "
                        f"skript, video, lyd, Office-filer) kan kjøre skript, eller er for store for mobilen.",
                        "Fjern filen. Er det en video eller et dokument, legg den på kommunens nettsted eller "
                        "intranett og lenk til den; et bilde lagrer du som PNG eller JPG.")]
    kind, limit = STATIC_KINDS[suffix]
    if size > limit:
        return [Problem(name, None, f"Filen er {_megabytes(size)}. Et {kind} i håndboka kan være høyst "
                        f"{_megabytes(limit)}: håndboka lastes ned til mobilen for bruk uten nett.",
                        "Gjør bildet mindre (for eksempel 1600 punkter bredt, lagret som JPG med kvalitet 80)."
                        if kind == "bilde" else "Del dokumentet opp, eller lenk til det på kommunens nettsted.")]
    if suffix in _MAGIC and not any(head.startswith(magic) for magic in _MAGIC[suffix]) \
            or suffix == ".webp" and head[8:12] != b"WEBP":
        return [Problem(name, None, f"Filen heter «…{suffix}», men innholdet er ikke et {kind} av den typen (det kan "
                        f"være en nettside eller noe annet med nytt navn).",
                        f"Lagre {kind}et på nytt fra programmet det ble laget i, som {suffix[1:].upper()}.")]
    if suffix == ".svg" and _SVG_ACTIVE.search(head.decode("utf-8", "replace")):
        return [Problem(name, None, "SVG-bildet har skript, hendelser (on…=) eller lenker og innhold fra "
                        "andre steder. Det ville kjørt eller hentet noe når bildet åpnes.",
                        "Lagre bildet som PNG, eller som en enkel SVG uten skript og lenker (i Inkscape: "
                        "«Lagre som» → «Optimert SVG»).")]
    return []


def same_names(src_uris: Iterable[str]) -> dict[str, list[str]]:
    """Files whose names differ only in Unicode form or in upper and lower case («bål.md» written
    two ways, «Rutiner.md» and «rutiner.md»): the same address on many computers."""
    import unicodedata

    groups: dict[str, list[str]] = {}
    for uri in src_uris:
        groups.setdefault(unicodedata.normalize("NFC", uri).casefold(), []).append(uri)
    return {key: sorted(uris) for key, uris in groups.items() if len(uris) > 1}
