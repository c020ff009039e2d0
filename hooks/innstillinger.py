"""Insert settings from mkdocs.yml (`extra.kommune`) into pages: `{{ kommune.navn }}`.

A Markdown extension does it, so a placeholder in code (`` `{{ kommune.navn }}` `` or a code block)
stays as written, the value is text (never markup), and it works in link targets
(`[tekst]({{ kommune.adresse }})`) and as a link of its own (`<{{ kommune.kontakt_epost }}>`).
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as etree
from pathlib import Path

from markdown import Extension
from markdown.inlinepatterns import InlineProcessor
from markdown.treeprocessors import Treeprocessor
from markdown.util import AtomicString

import sidefeil
from sidefeil import Problem

PLACEHOLDER = r"\{\{\s*kommune\.([A-Za-z_]\w*)\s*\}\}"
ATTRIBUTES = ("href", "title", "alt")


class _Settings(Extension):
    """Replaces placeholders with the settings; remembers the names it does not know."""

    def __init__(self) -> None:
        super().__init__()
        self.settings: dict = {}
        self.unknown: list[str] = []

    def value(self, name: str) -> str | None:
        if name not in self.settings:
            self.unknown.append(name)
            return None
        return str(self.settings[name])

    def extendMarkdown(self, md) -> None:
        # After links (160), so a link target is left for the tree processor below.
        md.inlinePatterns.register(_Inline(rf"(<)?{PLACEHOLDER}(>)?", self), "kommune", 105)
        md.treeprocessors.register(_Attributes(md, self), "kommune_attributter", 15)


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
    _extension.settings = config.extra.get("kommune") or {}
    config.markdown_extensions.append(_extension)
    return config


def on_page_markdown(markdown: str, *, page, config, files) -> str:
    _extension.unknown.clear()
    return markdown


# An unknown name stops the build (once all pages are rendered), with the line it is written on.
def on_page_content(html: str, *, page, config, files) -> str:
    source = Path(page.file.abs_src_path).read_text(encoding="utf-8-sig") if page.file.abs_src_path else ""
    known = ", ".join(sorted(_extension.settings)) or "(ingen)"
    for name in dict.fromkeys(_extension.unknown):
        line = next((n for n, text in enumerate(source.split("\n"), 1)
                     if any(m.group(1) == name for m in re.finditer(PLACEHOLDER, text))), None)
        sidefeil.found.append(Problem(
            f"{Path(config.docs_dir).name}/{page.file.src_uri}", line,
            f"Innstillingen «kommune.{name}» finnes ikke i mkdocs.yml.",
            f"Bruk en av disse: {known}, eller legg den til under «extra: kommune:» i mkdocs.yml."))
    return html
