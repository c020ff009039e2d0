"""Insert settings from mkdocs.yml (`extra.kommune`) into pages: `{{ kommune.navn }}`.

A Markdown extension does it, so a placeholder in code (`` `{{ kommune.navn }}` `` or a code block)
stays as written, the value is text (never markup), and it works in link targets
(`[tekst]({{ kommune.adresse }})`) and as a link of its own (`<{{ kommune.kontakt_epost }}>`).

Every setting the site shows is checked first, by its kind (`check_settings`): a key ending in
«epost» is an e-mail address, one ending in «telefon» a phone number, a value with an address type
(«https:», «javascript:» …) a web address; no value holds markup. New keys fit the same rules.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as etree
from pathlib import Path

import sidefeil
from markdown import Extension
from markdown.inlinepatterns import InlineProcessor
from markdown.treeprocessors import Treeprocessor
from markdown.util import AtomicString
from mkdocs.exceptions import PluginError
from sidefeil import Problem

# -----------------------------------------------------------------------------
# The settings the site shows
# -----------------------------------------------------------------------------

CONFIG = "mkdocs.yml"
EMAIL = re.compile(r"[\w.%+'-]+@[\w-]+(?:\.[\w-]+)*\.[^\W\d_]{2,}")
PHONE = re.compile(r"\+?[0-9][0-9 ()-]{1,22}[0-9]")
SCHEME = re.compile(r"\s*([A-Za-z][A-Za-z0-9+.-]*):(?!\s)")
WEB = re.compile(r"https?://[^\s<>\"'`]+")
#: Characters no setting may hold: markup, control characters, and those that turn text around.
FORBIDDEN = re.compile(r"[<>\x00-\x08\x0b-\x1f\x7f\u202a-\u202e\u2066-\u2069]")
#: Keys whose value must be a web address even without «https:» written.
WEB_KEYS = {"tilgjengelighetserklaering"}
#: Address types a browser follows without «//» after the colon.
LINK_SCHEMES = {"javascript", "vbscript", "data", "blob", "file", "mailto", "tel", "sms", "about", "http", "https"}


def is_address(text: str) -> bool:
    """Whether a text is written as an address a browser would follow («https://…», «javascript:…»)."""
    scheme = SCHEME.match(text)
    if scheme is None:
        return False
    return text[scheme.end():].startswith("/") or scheme.group(1).lower() in LINK_SCHEMES


def config_line(source: str, path: tuple[str, ...]) -> int | None:
    """The line in mkdocs.yml where the key at `path` (extra → kommune → …) is written."""
    lines, start = source.split("\n"), 0
    found = None
    for key in path:
        found = next((n for n in range(start, len(lines))
                      if re.match(rf"\s*-?\s*['\"]?{re.escape(key)}['\"]?\s*:", lines[n])), None)
        if found is None:
            return None
        start = found + 1
    return None if found is None else found + 1


def _kind_problem(key: str, value: str) -> tuple[str, str] | None:
    """What is wrong with one setting's text, judged by its key and its form; None if nothing."""
    if FORBIDDEN.search(value):
        return ("har tegn som ikke er tillatt (< eller >, eller usynlige styretegn). Verdien vises som tekst på "
                "sidene.", "Skriv verdien som vanlig tekst, uten HTML.")
    text = value.strip()
    if not text:
        return None
    if key.endswith("epost"):
        if not EMAIL.fullmatch(text):
            return (f"«{text[:60]}» er ikke en e-postadresse (bare adressen, uten «mailto:», «?cc=» eller «?bcc=»).",
                    "Skriv bare adressen, for eksempel postmottak@hattfjelldal.kommune.no.")
        return None
    if key.endswith("telefon"):
        if not PHONE.fullmatch(text):
            return (f"«{text[:60]}» er ikke et telefonnummer.",
                    "Skriv bare tall, mellomrom og eventuelt + foran, for eksempel 75 18 50 00 eller +47 75 18 50 00.")
        return None
    if key in WEB_KEYS or is_address(text):
        if not WEB.fullmatch(text):
            return (f"«{text[:60]}» er ikke en nettadresse som håndboka kan lenke til (bare https: og http:).",
                    "Skriv hele adressen, for eksempel https://uustatus.no/nb/erklaringer/publisert/….")
    return None


def check_settings(kommune, *, source: str = "", path: tuple[str, ...] = ("extra", "kommune")) -> list[Problem]:
    """Every setting under «extra: kommune:» checked by its kind; a problem per wrong setting."""
    problems: list[Problem] = []
    written = " → ".join(path[1:] if path[0] == "extra" else path)
    if not isinstance(kommune, dict):
        problems.append(Problem(
            CONFIG, config_line(source, path),
            f"«{written}» skal være en liste med innstillinger (navn: verdi), ikke {_kind_name(kommune)}.",
            "Rykk inn innstillingene under «kommune:», for eksempel «  navn: Hattfjelldal kommune»."))
        return problems
    for key, value in kommune.items():
        here = (*path, str(key))
        name = " → ".join(here[1:])
        if isinstance(value, dict):
            problems += check_settings(value, source=source, path=here)
            continue
        if value is None or isinstance(value, bool) or not isinstance(value, (str, int, float)):
            if value is None:
                continue
            problems.append(Problem(CONFIG, config_line(source, here),
                                    f"Innstillingen «{name}» skal være en tekst, ikke {_kind_name(value)}.",
                                    "Skriv verdien etter kolon, gjerne i anførselstegn."))
            continue
        wrong = _kind_problem(str(key), str(value))
        if wrong:
            problems.append(Problem(CONFIG, config_line(source, here), f"Innstillingen «{name}»: {wrong[0]}",
                                    wrong[1]))
    return problems


def _kind_name(value) -> str:
    if isinstance(value, list):
        return "en liste"
    if isinstance(value, bool):
        return "sann/usann"
    if isinstance(value, dict):
        return "en liste med innstillinger"
    return "en enkelt verdi" if value is not None else "tom"


#: The site's own texts, which the theme prints into every page's <head> without escaping.
SITE_TEXTS = ("site_name", "site_description", "site_author", "copyright")


def check_site_texts(config, *, source: str = "") -> list[Problem]:
    """The site's name, description, author and copyright: plain text without < > or "."""
    problems = []
    for key in SITE_TEXTS:
        value = config.get(key)
        if value is not None and (not isinstance(value, str) or FORBIDDEN.search(value) or '"' in value):
            problems.append(Problem(
                CONFIG, config_line(source, (key,)),
                f"Innstillingen «{key}» må være vanlig tekst uten <, > og \" (den settes inn i hver side).",
                "Skriv teksten uten HTML; bruk «» som anførselstegn."))
    return problems


def check_local_files(config, *, source: str = "") -> list[Problem]:
    """Style sheets, scripts, logo and icon come from the site itself: nothing is fetched from other
    hosts (the policy would block it, and the reader would get a broken page)."""
    theme = config.get("theme")
    named = [("extra_css", item) for item in config.get("extra_css") or []]
    named += [("extra_javascript", getattr(item, "path", item)) for item in config.get("extra_javascript") or []]
    named += [("extra → polyfills", item) for item in (config.get("extra") or {}).get("polyfills") or []]
    named += [(f"theme → {key}", theme.get(key)) for key in ("logo", "favicon") if theme is not None and theme.get(key)]
    return [Problem(CONFIG, sidefeil.line_of(source, str(value)),
                    f"«{key}» viser til «{str(value)[:60]}», som hentes fra et annet nettsted. Håndboka henter "
                    f"ingenting utenfra (det blokkeres, og siden ville mangle noe).",
                    "Legg filen i overrides/assets/ og skriv stien dit, for eksempel assets/stylesheets/kommune.css.")
            for key, value in named if isinstance(value, str) and (SCHEME.match(value) or value.lstrip().startswith(("//", "\\")))]


def check_nav(nav, *, source: str = "") -> list[Problem]:
    """Links in the menu («nav:») to other sites: only https: and http:."""
    problems: list[Problem] = []
    items = nav if isinstance(nav, list) else [nav]
    for item in items:
        values = item.values() if isinstance(item, dict) else [item]
        for title in (item if isinstance(item, dict) else []):
            if not isinstance(title, str) or FORBIDDEN.search(title):
                problems.append(Problem(
                    CONFIG, sidefeil.line_of(source, str(title)),
                    f"Menyen («nav:») har overskriften «{str(title)[:60]}» med tegn som ikke er tillatt (< eller >, "
                    "eller usynlige styretegn). Overskriftene settes inn i hver side som de er.",
                    "Skriv overskriften som vanlig tekst, uten HTML."))
        for value in values:
            if isinstance(value, (list, dict)):
                problems += check_nav(value, source=source)
            elif isinstance(value, str) and is_address(value) and not WEB.fullmatch(value.strip()):
                problems.append(Problem(
                    CONFIG, sidefeil.line_of(source, value),
                    f"Menyen («nav:») har lenken «{value[:60]}», som ikke er en nettadresse (bare https: og http:).",
                    "Skriv en side i docs/ (for eksempel bilder-og-video.md) eller en adresse som begynner med https://."))
    return problems


PLACEHOLDER = r"\{\{\s*kommune\.([A-Za-z_]\w*(?:\.[A-Za-z_][\w-]*)*)\s*\}\}"
#: Anything else written like a placeholder: it would be printed as written.
OTHER = r"\{\{.*?\}\}|\{%.*?%\}"
ATTRIBUTES = ("href", "title", "alt")


class _Settings(Extension):
    """Replaces placeholders with the settings; remembers the names it cannot fill in."""

    def __init__(self) -> None:
        super().__init__()
        self.settings: dict = {}
        self.unknown: list[str] = []

    def lookup(self, name: str) -> object:
        """The setting at a dotted name («roller.webansvarlig.tittel»); None if there is none."""
        value: object = self.settings
        for part in name.split("."):
            if not isinstance(value, dict) or part not in value:
                return None
            value = value[part]
        return value

    def value(self, name: str) -> str | None:
        """The setting `name` as text; None if there is none, or if it is a group of settings."""
        value = self.lookup(name)
        if isinstance(value, (dict, list)) or value is None:
            self.unknown.append(name)
            return None
        return str(value)

    def known(self, name: str) -> list[str]:
        """The names that can be written where `name` is: beside it, or under it if it is a group."""
        group: object = self.settings
        prefix = ""
        for part in name.split("."):
            if isinstance(group, dict) and isinstance(group.get(part), dict):
                group, prefix = group[part], f"{prefix}{part}."
            else:
                break
        return [f"{prefix}{key}" for key in group] if isinstance(group, dict) else []

    def extendMarkdown(self, md) -> None:
        # After links (160), so a link target is left for the tree processor below.
        md.inlinePatterns.register(_Inline(rf"(<)?{PLACEHOLDER}(>)?", self), "kommune", 105)
        md.inlinePatterns.register(_Other(OTHER, self), "kommune_annet", 104)
        md.treeprocessors.register(_Attributes(md, self), "kommune_attributter", 15)


class _Other(InlineProcessor):
    def __init__(self, pattern: str, settings: _Settings) -> None:
        super().__init__(pattern)
        self.settings = settings

    def handleMatch(self, m, data):
        if not re.fullmatch(PLACEHOLDER, m.group(0)):  # a known form is reported by its name
            self.settings.unknown.append(m.group(0))
        return None, None, None


class _Inline(InlineProcessor):
    def __init__(self, pattern: str, settings: _Settings) -> None:
        super().__init__(pattern)
        self.settings = settings

    def handleMatch(self, m, data):
        value = self.settings.value(m.group(2))
        if value is None:
            return None, None, None
        if m.group(1) and m.group(3):  # <{{ kommune.x }}>: a link, like <adresse>
            link = etree.Element("a", href=value if re.match(r"\w+:", value) or "@" not in value
                                 else f"mailto:{value}")
            link.text = AtomicString(value)
            return link, m.start(0), m.end(0)
        return AtomicString((m.group(1) or "") + value + (m.group(3) or "")), m.start(0), m.end(0)


class _Attributes(Treeprocessor):
    def __init__(self, md, settings: _Settings) -> None:
        super().__init__(md)
        self.settings = settings

    def run(self, root) -> None:
        for element in root.iter():
            for name in ATTRIBUTES:
                if name in element.attrib:
                    element.set(name, re.sub(PLACEHOLDER, lambda m: self.settings.value(m.group(1)) or m.group(0),
                                             element.get(name)))


_extension = _Settings()


# -----------------------------------------------------------------------------
# Hooks
# -----------------------------------------------------------------------------

# Add the extension, with the settings of this build.
def on_config(config):
    try:
        source = Path(config.config_file_path).read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError):
        source = ""
    problems = (check_settings(config.extra.get("kommune"), source=source) + check_nav(config.nav, source=source)
                + check_site_texts(config, source=source) + check_local_files(config, source=source))
    if problems:
        raise PluginError(sidefeil.report(problems))
    _extension.settings = config.extra.get("kommune") or {}
    config.markdown_extensions.append(_extension)
    return config


def on_page_markdown(markdown: str, *, page, config, files) -> str:
    _extension.unknown.clear()
    return markdown


# An unknown name stops the build (once all pages are rendered), with the line it is written on.
def on_page_content(html: str, *, page, config, files) -> str:
    source = Path(page.file.abs_src_path).read_text(encoding="utf-8-sig") if page.file.abs_src_path else ""
    for name in dict.fromkeys(_extension.unknown):
        written = name if name.startswith("{") else None
        line = next((n for n, text in enumerate(source.split("\n"), 1)
                     if (written and written in text)
                     or any(m.group(1) == name for m in re.finditer(PLACEHOLDER, text))), None)
        if written:
            what = (f"«{written[:60]}» ser ut som en innstilling, men bare «{{{{ kommune.navn }}}}» og andre navn "
                    f"under «extra: kommune:» i mkdocs.yml settes inn; dette ville stått som det er skrevet.")
            fix = "Skriv for eksempel {{ kommune.navn }}, uten filtre (|) eller andre ord."
        elif isinstance(_extension.lookup(name), (dict, list)):
            what = f"«kommune.{name}» er en gruppe av innstillinger i mkdocs.yml, ikke én verdi."
            fix = "Velg én av dem: " + ", ".join(f"kommune.{k}" for k in _extension.known(name)[:12]) + "."
        else:
            known = ", ".join(f"kommune.{k}" for k in sorted(_extension.known(name))) or "(ingen)"
            what = f"Innstillingen «kommune.{name}» finnes ikke i mkdocs.yml."
            fix = f"Bruk en av disse: {known}, eller legg den til under «extra: kommune:» i mkdocs.yml."
        sidefeil.found.append(Problem(f"{Path(config.docs_dir).name}/{page.file.src_uri}", line, what, fix))
    return html
