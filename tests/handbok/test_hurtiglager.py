"""The build's cache (.cache/: lemma entries, compiled templates, Brotli copies) can never make a
wrong site: a clean build, a build from the cache and a build from a damaged cache publish
byte-identical sites."""

from __future__ import annotations

import filecmp
import os
import subprocess
import sys
from pathlib import Path

import pytest

from support import ROOT

pytestmark = pytest.mark.slow  # three builds for publishing


def _make_site(site: Path, cache: Path) -> None:
    env = {**os.environ, "HANDBOK_HURTIGLAGER": str(cache), "NO_MKDOCS_2_WARNING": "1"}
    result = subprocess.run(["make", "--no-print-directory", "-s", "-o", ".venv/.site-deps", "site", f"SITE={site}",
                             f"BIN={Path(sys.executable).parent}"],
                            cwd=ROOT, env=env, capture_output=True, text=True, timeout=900)
    assert result.returncode == 0, result.stdout + result.stderr


def _differences(a: Path, b: Path) -> list[str]:
    files_a = sorted(p.relative_to(a) for p in a.rglob("*") if p.is_file())
    files_b = sorted(p.relative_to(b) for p in b.rglob("*") if p.is_file())
    if files_a != files_b:
        return [f"file lists differ: {set(files_a) ^ set(files_b)}"]
    return [str(f) for f in files_a if not filecmp.cmp(a / f, b / f, shallow=False)]


def test_clean_cached_and_damaged_cache_builds_are_identical(tmp_path):
    cache = tmp_path / "hurtiglager"
    _make_site(tmp_path / "ren", cache)
    entries = [p for p in cache.rglob("*") if p.is_file()]
    kinds = {p.relative_to(cache).parts[0] for p in entries}
    assert kinds == {"sok", "jinja", "komprimer"}, kinds

    _make_site(tmp_path / "fra-hurtiglager", cache)
    assert _differences(tmp_path / "ren", tmp_path / "fra-hurtiglager") == []

    for entry in entries:  # every entry cut off halfway, as by a full disk or a killed build
        data = entry.read_bytes()
        entry.write_bytes(data[: len(data) // 2])
    _make_site(tmp_path / "skadet", cache)
    assert _differences(tmp_path / "ren", tmp_path / "skadet") == []


def test_a_build_not_for_publishing_skips_what_only_a_web_server_needs(tmp_path):
    # `make serve` and the tests' own builds: no service worker, no .br/.gz, Material's stylesheets whole.
    from support import mkdocs_build

    site = tmp_path / "site"
    mkdocs_build(site)
    assert not (site / "sw.js").exists()
    # (sitemap.xml.gz is MkDocs' own, written by every build)
    assert not list(site.rglob("*.br")) and [p.name for p in site.rglob("*.gz")] == ["sitemap.xml.gz"]
    assert "data-tjenestearbeider" not in (site / "index.html").read_text(encoding="utf-8")
    assert (site / "veivisere/krise/index.html").exists()
