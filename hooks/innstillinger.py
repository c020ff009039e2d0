"""Insert settings from mkdocs.yml (`extra.kommune`) into pages: `{{ kommune.navn }}`."""

from __future__ import annotations

import re

from mkdocs.exceptions import PluginError

PLACEHOLDER = re.compile(r"\{\{\s*kommune\.([A-Za-z_]\w*)\s*\}\}")


# -----------------------------------------------------------------------------
# Hooks
# -----------------------------------------------------------------------------

# Replace each placeholder with its setting; an unknown name stops the build.
def on_page_markdown(markdown: str, *, page, config, files) -> str:
    settings = config.extra.get("kommune") or {}

    def replace(match: re.Match) -> str:
        name = match.group(1)
        if name not in settings:
            line = markdown.count("\n", 0, match.start()) + 1
            known = ", ".join(sorted(settings)) or "(ingen)"
            raise PluginError(
                f"{page.file.src_uri}, linje {line}: Innstillingen «kommune.{name}» finnes ikke "
                f"i mkdocs.yml.\n  Slik retter du det: Bruk en av disse: {known}, "
                f"eller legg den til under «extra: kommune:» i mkdocs.yml."
            )
        return str(settings[name])

    return PLACEHOLDER.sub(replace, markdown)
