"""Norwegian search: stem the query side the way the index is stemmed.

Material loads `lunr.no.min.js` into its search worker when `search.lang` is `no`; this hook
appends `norsk_sok.js` to that file in the built site, so the patch runs in the worker.
"""

from __future__ import annotations

from pathlib import Path

from mkdocs.exceptions import PluginError

PATCH = Path(__file__).with_name("norsk_sok.js")
TARGET = Path("assets/javascripts/lunr/min/lunr.no.min.js")
MARKER = "/* Norwegian search that understands inflection"


# -----------------------------------------------------------------------------
# Hooks
# -----------------------------------------------------------------------------

# Append the query-stemming patch to the Norwegian language file, once.
def on_post_build(*, config) -> None:
    target = Path(config.site_dir) / TARGET
    if not target.exists():
        raise PluginError(
            f"Fant ikke {TARGET} i det bygde nettstedet. Norsk søk krever "
            "«lang: [\"no\"]» under «plugins: search:» i mkdocs.yml."
        )
    text = target.read_text(encoding="utf-8")
    if MARKER not in text:
        target.write_text(text.rstrip() + "\n" + PATCH.read_text(encoding="utf-8"), encoding="utf-8")
