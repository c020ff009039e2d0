"""Keep the deployed site lean: no source maps, no search languages the site does not use."""

from __future__ import annotations

from pathlib import Path

LUNR = Path("assets/javascripts/lunr")
ALWAYS = {"lunr.stemmer.support.min.js"}


# -----------------------------------------------------------------------------
# Hooks
# -----------------------------------------------------------------------------

# Delete source maps and the lunr language files of languages not in `search.lang`.
def on_post_build(*, config) -> None:
    site = Path(config.site_dir)
    for source_map in site.rglob("*.map"):
        source_map.unlink()
    search = config.plugins.get("material/search") or config.plugins.get("search")
    languages = list(search.config.lang) if search else []
    keep = ALWAYS | {f"lunr.{lang}.min.js" for lang in languages}
    if len(languages) > 1:
        keep.add("lunr.multi.min.js")
    for script in (site / LUNR / "min").glob("*.js"):
        if script.name not in keep:
            script.unlink()
    for segmenter in ("tinyseg.js", "wordcut.js"):
        if not {"ja", "hi", "th"} & set(languages):
            (site / LUNR / segmenter).unlink(missing_ok=True)
