"""The build's cache (.cache/: lemma entries, compiled templates, Brotli copies, sanitised content,
search entries, cited passages, the guides' pages) can never make a wrong site: a clean build, a
build from the cache and a build from a damaged cache publish byte-identical sites, and a changed
input reaches every page it shows on."""

from __future__ import annotations

import filecmp
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from support import ROOT

pytestmark = pytest.mark.slow  # three builds for publishing



def test_a_key_tells_its_parts_apart():
    sys.path.insert(0, str(ROOT / "hooks"))
    try:
        import hurtiglager
    finally:
        sys.path.remove(str(ROOT / "hooks"))
    digest = hurtiglager.digest
    assert digest("ab", "c") != digest("a", "bc") != digest("abc")
    assert digest("1") != digest(1) and digest(["a"]) != digest("a") and digest(None) != digest("null")
    assert digest("æ", {"b": 1, "a": [2]}) == digest("æ", {"a": [2], "b": 1})  # the same input, the same key
    with pytest.raises(hurtiglager.Uncacheable):
        digest(object())


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
    assert kinds == {"sok", "jinja", "komprimer", "sikkerhet", "sokeindeks", "passasjer", "veivisere",
                     "veiviser-modell", "sider"}, kinds

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


# -----------------------------------------------------------------------------
# A changed input reaches the site through every cache (no stale page)
# -----------------------------------------------------------------------------

# Builds a copy of the project, then (with --edit) changes a chapter and a tree and builds again in
# the same process, as `mkdocs serve` does: the second build takes what it can from the caches in
# memory and on disk.
_BUILD = """
import logging, sys
from pathlib import Path
logging.disable(logging.WARNING)
from mkdocs.commands.build import build
from mkdocs.config import load_config

def once(site):
    build(load_config("mkdocs.yml", site_dir=site, strict=True))

once(sys.argv[1])
if len(sys.argv) > 2:
    chapter, tree = Path("docs/krisekommunikasjon.md"), Path("decision_trees/krise.yml")
    chapter.write_text(chapter.read_text(encoding="utf-8").replace(
        "gjeldende budskapet.", "gjeldende budskapet. Prøvesetning for hurtiglageret.", 1), encoding="utf-8")
    tree.write_text(tree.read_text(encoding="utf-8").replace(
        "tittel: Det er en krise – hva gjør jeg i sosiale medier?",
        "tittel: Det er en krise – hva gjør jeg nå i sosiale medier?", 1), encoding="utf-8")
    once(sys.argv[2])
"""
NEW_WORD = "hurtiglageret"  # ASCII: the search index escapes other letters
NEW_TITLE = "Det er en krise – hva gjør jeg nå i sosiale medier?"


def _project(tmp: Path) -> Path:
    project = tmp / "prosjekt"
    for name in ("docs", "decision_trees", "overrides", "hooks"):
        shutil.copytree(ROOT / name, project / name, ignore=shutil.ignore_patterns("__pycache__"))
    shutil.copy(ROOT / "mkdocs.yml", project / "mkdocs.yml")
    return project


def _build(project: Path, cache: Path, *sites: Path) -> None:
    env = {**os.environ, "HANDBOK_HURTIGLAGER": str(cache), "NO_MKDOCS_2_WARNING": "1", "HANDBOK_PUBLISERING": ""}
    result = subprocess.run([sys.executable, "-c", _BUILD, *map(str, sites)], cwd=project, env=env,
                            capture_output=True, text=True, timeout=900)
    assert result.returncode == 0, result.stdout + result.stderr


def _text(site: Path, page: str) -> str:
    return (site / page).read_text(encoding="utf-8")


def test_a_changed_chapter_and_tree_reach_every_page_through_the_caches(tmp_path):
    project = _project(tmp_path)
    cache = tmp_path / "hurtiglager"
    before, after = tmp_path / "for", tmp_path / "etter"
    _build(project, cache, before, after)  # the second build after the edit, in the same process
    kinds = {p.relative_to(cache).parts[0] for p in cache.rglob("*.marshal")}
    assert {"sikkerhet", "sokeindeks", "passasjer", "veivisere", "veiviser-modell", "sider"} <= kinds, kinds

    clean = tmp_path / "ren"
    _build(project, tmp_path / "tomt-hurtiglager", clean)  # the edited project, no cache
    assert _differences(clean, after) == []
    from_disk = tmp_path / "fra-disk"
    _build(project, cache, from_disk)  # the edited project, a new process: the caches on disk
    assert _differences(clean, from_disk) == []

    # The changes are there: the chapter, its search entry (sanitiser and search caches), the passage
    # the guides cite from it (passages), and the new title of a guide on a step of another guide
    # that leads on to it (rendered guide pages are keyed on the guides they name).
    for page in ("krisekommunikasjon.html", "search/search_index.js", "kildegrunnlag/krise.html"):
        assert NEW_WORD not in _text(before, page) and NEW_WORD in _text(after, page), page
    for page in ("veivisere/krise/index.html", "veivisere/kan-jeg-publisere/krise.html", "veivisere/index.html",
                 "kildegrunnlag.html", "kildegrunnlag/krise.html"):
        assert NEW_TITLE not in _text(before, page) and NEW_TITLE in _text(after, page), page
    # … and only there: a guide that names neither is as it was.
    assert _text(before, "veivisere/samtykke-bilde/index.html") == _text(after, "veivisere/samtykke-bilde/index.html")
