"""What the build's hooks share: whether it is a build for publishing, and the cache folder.

A build for publishing (`make build`, which sets HANDBOK_PUBLISERING=1 for `extra.publisering`)
also writes what only a web server needs: the service worker (frakoblet.py), the purged stylesheets
(rydd.py) and the precompressed copies (komprimer.py). `mkdocs serve` and a plain `mkdocs build`
leave them out, so the editors' preview and the tests' builds do not pay for them.

Work whose input did not change is kept in the cache folder (`extra.hurtiglager`, `.cache/`):
each entry is keyed on everything its result depends on, and a damaged entry is made anew.
hurtiglager.py keeps such results in one file per kind of work. As a hook, this module also keeps
the compiled Jinja templates there, and saves the results when the build is done.
"""

from __future__ import annotations

from pathlib import Path

import hurtiglager
from jinja2 import BytecodeCache, FileSystemBytecodeCache
from jinja2.bccache import Bucket
from mkdocs.plugins import event_priority


def publishing(config) -> bool:
    """True for a build for publishing (`make build`; `make serve` never sets it)."""
    return str(config.extra.get("publisering", False)).strip().lower() in {"1", "true"}


def cache_folder(config) -> Path:
    """Where work whose input did not change is kept between builds."""
    return Path(config.config_file_path).parent / str(config.extra.get("hurtiglager", ".cache"))


class _TemplateCache(FileSystemBytecodeCache):
    """Jinja's own cache of compiled templates (keyed on the template's source, Jinja's and
    Python's versions), where a damaged file is compiled anew instead of stopping the build."""

    def load_bytecode(self, bucket: Bucket) -> None:
        try:
            super().load_bytecode(bucket)
        except Exception:  # noqa: BLE001 – truncated or foreign: marshal raises several kinds
            bucket.reset()

    def dump_bytecode(self, bucket: Bucket) -> None:
        try:
            Path(self.directory).mkdir(parents=True, exist_ok=True)
            super().dump_bytecode(bucket)
        except OSError:
            pass  # a cache that cannot be written only costs time


def template_cache(folder: Path) -> BytecodeCache:
    return _TemplateCache(str(folder))


# -----------------------------------------------------------------------------
# Hooks
# -----------------------------------------------------------------------------

def on_config(config):
    hurtiglager.begin()  # a new build (mkdocs serve rebuilds in the same process)
    return config


def on_env(env, *, config, files):
    env.bytecode_cache = template_cache(cache_folder(config) / "jinja")
    return env


# Last: every store the build used is written once, when all pages are done.
@event_priority(-100)
def on_post_build(*, config):
    hurtiglager.save()
