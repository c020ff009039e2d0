"""Keep the deployed site lean: no source maps, no search languages the site does not use, and
none of Material's style rules that no page uses (PurgeCSS, hooks/rydd.mjs; only in a build for
publishing, hooks/bygg.py)."""

from __future__ import annotations

import hashlib
import re
import shutil
import subprocess
from pathlib import Path

import bygg
from mkdocs.exceptions import PluginError

LUNR = Path("assets/javascripts/lunr")
ALWAYS = {"lunr.stemmer.support.min.js"}
STYLES = Path("assets/stylesheets")
MATERIAL_CSS = re.compile(r"(main|palette)\.[0-9a-f]{8}\.min\.css")
PURGE = Path(__file__).with_name("rydd.mjs")


def purge_stylesheets(site: Path, root: Path) -> None:
    """Shrink Material's stylesheets to the rules the site uses; each gets a new name with its
    content hash (the old names promised fixed content), and every page links to the new name."""
    sheets = sorted(p for p in (site / STYLES).glob("*.min.css") if MATERIAL_CSS.fullmatch(p.name))
    if not sheets:
        return
    node = shutil.which("node")
    if node is None or not (root / "node_modules/purgecss").is_dir():
        raise PluginError(
            "Stilarkene kan ikke ryddes: " + ("Node.js (node) finnes ikke." if node is None
                                             else "node_modules/purgecss mangler.")
            + "\n  Slik retter du det: Kjør «make build» (installerer Node.js og verktøyene i "
              "package.json), eller «npm ci» i prosjektmappen.")
    result = subprocess.run([node, str(PURGE), str(site), *map(str, sheets)], cwd=root,
                            capture_output=True, text=True)
    if result.returncode != 0:
        raise PluginError(f"PurgeCSS kunne ikke rydde stilarkene:\n{result.stderr.strip()}")
    renamed = {}
    for sheet in sheets:
        digest = hashlib.sha256(sheet.read_bytes()).hexdigest()[:8]
        new = sheet.with_name(MATERIAL_CSS.sub(rf"\g<1>.{digest}.min.css", sheet.name))
        sheet.rename(new)
        renamed[sheet.name] = new.name
    pattern = re.compile("|".join(map(re.escape, renamed)))
    for page in site.rglob("*.html"):
        text = page.read_text(encoding="utf-8")
        changed = pattern.sub(lambda m: renamed[m.group(0)], text)
        if changed != text:
            page.write_text(changed, encoding="utf-8")


# -----------------------------------------------------------------------------
# Hooks
# -----------------------------------------------------------------------------

# Delete source maps and the lunr language files of languages not in `search.lang`; purge the
# stylesheets (after every page is written, before the service worker lists the files).
def on_post_build(*, config) -> None:
    site = Path(config.site_dir)
    if bygg.publishing(config):
        purge_stylesheets(site, Path(config.config_file_path).parent)
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
