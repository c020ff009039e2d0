"""Show on every page when its source was last changed (git, else the file's time)."""

from __future__ import annotations

import datetime as dt
import os
import subprocess
from pathlib import Path

from veiviser.dates import norwegian_date

_dates: dict[str, dt.date] = {}
_root: list[Path] = []


# -----------------------------------------------------------------------------
# Helpers
# -----------------------------------------------------------------------------

# Last commit date of every tracked file, from one `git log` call.
def _git_dates(root: Path) -> dict[str, dt.date]:
    try:
        out = subprocess.run(
            ["git", "log", "--format=%x00%cs", "--name-only", "--", "docs", "decision_trees"],
            cwd=root, capture_output=True, text=True, check=True, timeout=30,
        ).stdout
    except (OSError, subprocess.SubprocessError):
        return {}
    dates: dict[str, dt.date] = {}
    for entry in out.split("\x00")[1:]:
        day, *names = entry.strip().splitlines()
        for name in names:
            path = str((root / name).resolve())
            dates.setdefault(path, dt.date.fromisoformat(day))
    return dates


def _changed_locally(root: Path) -> set[str]:
    try:
        out = subprocess.run(
            ["git", "status", "--porcelain", "--", "docs", "decision_trees"],
            cwd=root, capture_output=True, text=True, check=True, timeout=30,
        ).stdout
    except (OSError, subprocess.SubprocessError):
        return set()
    return {str((root / line[3:].strip()).resolve()) for line in out.splitlines()}


def revision_date(path: str) -> dt.date:
    """The date a source file was last changed."""
    resolved = str(Path(path).resolve())
    if resolved in _dates:
        return _dates[resolved]
    return dt.date.fromtimestamp(os.path.getmtime(path))


# -----------------------------------------------------------------------------
# Hooks
# -----------------------------------------------------------------------------

# Read the dates once per build; files with uncommitted changes use their own time.
def on_pre_build(*, config) -> None:
    root = Path(config.config_file_path).parent
    _root[:] = [root]
    _dates.clear()
    _dates.update(_git_dates(root))
    for path in _changed_locally(root):
        _dates.pop(path, None)


# Generated pages (the guides) name their source file, or files, in `source_file`/`source_files`.
def on_page_markdown(markdown: str, *, page, config, files) -> str:
    sources = [page.file.abs_src_path] if page.file.abs_src_path else [
        str(_root[0] / name) for name in page.meta.get("source_files") or [page.meta.get("source_file")]
        if name and _root]
    dates = [revision_date(source) for source in sources if os.path.exists(source)]
    if dates:
        page.meta.setdefault("revision_date", norwegian_date(max(dates)))
    return markdown
