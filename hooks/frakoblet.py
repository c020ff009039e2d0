"""Offline after one visit and installable: a web app manifest and a service worker.

`sw.js` at the site's root (so it controls every page, under any sub-path) is written by Workbox
(npm `workbox-build`, hooks/frakoblet.mjs) after the build. Only in a build for publishing (hooks/bygg.py): never under `mkdocs serve`,
where editors must always see the page they just saved. The pages register the worker (handbok.js) only over
http(s).
"""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path

import bygg
from mkdocs.exceptions import PluginError
from mkdocs.plugins import event_priority

SCRIPT = Path(__file__).with_name("frakoblet.mjs")
MANIFEST = "manifest.webmanifest"


def _manifest(config) -> dict:
    kommune = config.extra.get("kommune") or {}
    return {
        "name": f"{config.site_name} – {kommune.get('navn', config.site_author)}",
        "short_name": "SoMe-håndbok",
        "description": config.site_description,
        "lang": "nb",
        "dir": "ltr",
        "start_url": "index.html",
        "scope": "./",
        "display": "standalone",
        "background_color": "#ffffff",
        "theme_color": "#1d4f63",
        "icons": [
            {"src": "assets/images/ikon.svg", "sizes": "any", "type": "image/svg+xml"},
            {"src": "assets/images/ikon-192.png", "sizes": "192x192", "type": "image/png"},
            {"src": "assets/images/ikon-512.png", "sizes": "512x512", "type": "image/png"},
            {"src": "assets/images/ikon-512.png", "sizes": "512x512", "type": "image/png", "purpose": "maskable"},
        ],
    }


# -----------------------------------------------------------------------------
# Hooks
# -----------------------------------------------------------------------------

# Templates register the service worker only in a build for publishing.
def on_config(config):
    config.extra["tjenestearbeider"] = bygg.publishing(config)
    return config


# After the other hooks and the offline plugin (-100) have written their files: manifest, then sw.js.
@event_priority(-150)
def on_post_build(*, config) -> None:
    site = Path(config.site_dir)
    (site / MANIFEST).write_text(json.dumps(_manifest(config), ensure_ascii=False, indent=1), encoding="utf-8")
    if not bygg.publishing(config):
        return
    root = Path(config.config_file_path).parent
    node = shutil.which("node")
    if node is None or not (root / "node_modules/workbox-build").is_dir():
        raise PluginError(
            "Service workeren (frakoblet bruk) kan ikke lages: "
            + ("Node.js (node) finnes ikke." if node is None else "node_modules/workbox-build mangler.")
            + "\n  Slik retter du det: Kjør «make build» (installerer Node.js og Workbox), "
              "eller «npm ci» i prosjektmappen."
        )
    result = subprocess.run([node, str(SCRIPT), str(site)], cwd=root, capture_output=True, text=True)
    if result.returncode != 0:
        raise PluginError(f"Workbox kunne ikke lage sw.js:\n{result.stderr.strip()}")
