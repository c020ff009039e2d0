"""
``mkdocs.yml`` read without MkDocs, for ``python -m veiviser`` and the PDF: the same file the
site's build reads, so the roles, the council's decision and the Markdown settings have one home.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml

__all__ = ["TREES_FOLDER", "read_config_file", "municipality"]

#: The folder with the trees, beside mkdocs.yml (its ``extra: veiviser_mappe:`` can point elsewhere).
TREES_FOLDER = "decision_trees"


class _TolerantLoader(yaml.SafeLoader):
    """Reads mkdocs.yml without running its ``!ENV`` and ``!!python`` tags (their values are not needed)."""


_TolerantLoader.add_multi_constructor("", lambda loader, suffix, node: None)


def read_config_file(config_file: Path | str) -> Any:
    """The parsed ``mkdocs.yml`` (tags read as ``None``). Raises ``OSError``, ``UnicodeDecodeError``
    or ``yaml.YAMLError`` when it cannot be read."""

    return yaml.load(Path(config_file).read_text(encoding="utf-8"), Loader=_TolerantLoader)


def municipality(config: Any) -> dict[str, Any]:
    """``extra: kommune:`` of a parsed ``mkdocs.yml``; empty when it has none."""

    extra = config.get("extra") if isinstance(config, dict) else None
    kommune = extra.get("kommune") if isinstance(extra, dict) else None
    return kommune if isinstance(kommune, dict) else {}
