"""What the hooks share about the kind of build: publishing or not, and the cache folder.

A build for publishing (`make build`, which sets HANDBOK_PUBLISERING=1 for `extra.publisering`)
also writes what only a web server needs: the service worker (frakoblet.py) and the precompressed
copies (komprimer.py). `mkdocs serve` and a plain `mkdocs build` leave them out, so the editors'
preview and the tests' builds do not pay for them.
"""

from __future__ import annotations

from pathlib import Path



def enabled(config) -> bool:
    """True for a build for publishing (`make build`; `make serve` never sets it)."""
    return str(config.extra.get("publisering", False)).strip().lower() in {"1", "true"}


def cache_folder(config) -> Path:
    """Where work whose input did not change is kept between builds (`extra.hurtiglager`)."""
    return Path(config.config_file_path).parent / str(config.extra.get("hurtiglager", ".cache"))
