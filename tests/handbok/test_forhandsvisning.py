"""The editors' preview (`make serve`, hooks/forhandsvisning.py) in a real browser: a saved change
reloads the page (the reload script is allowed by the pages' security policy), a mistake in a tree
shows its Norwegian message in the tab the editor is looking at, and fixing the file brings the
page back."""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

from support import ROOT

pytestmark = pytest.mark.browser


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture
def preview(tmp_path):
    """`mkdocs serve` on a copy of the project (its pages and trees may be edited), and its address."""
    project = tmp_path / "prosjekt"
    for name in ("docs", "decision_trees", "overrides", "hooks"):
        shutil.copytree(ROOT / name, project / name, ignore=shutil.ignore_patterns("__pycache__"))
    shutil.copy(ROOT / "mkdocs.yml", project / "mkdocs.yml")
    port = _free_port()
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "HANDBOK_HURTIGLAGER": str(ROOT / ".cache")}
    env.pop("VEIVISER_MAPPE", None)
    server = subprocess.Popen([str(Path(sys.executable).with_name("mkdocs")), "serve", "-a", f"127.0.0.1:{port}"],
                              cwd=project, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    base = f"http://127.0.0.1:{port}/"
    deadline = time.monotonic() + 120
    while True:
        try:
            urllib.request.urlopen(base + "index.html", timeout=30).read()
            break
        except OSError:
            assert server.poll() is None and time.monotonic() < deadline, "mkdocs serve did not start"
            time.sleep(0.3)
    yield project, base
    server.terminate()
    server.wait(timeout=10)


def _wait_for(page, predicate, what: str, seconds: float = 90) -> None:
    # Polled from Python: the pages' policy forbids the string evaluation wait_for_function uses.
    deadline = time.monotonic() + seconds
    while not predicate():
        assert time.monotonic() < deadline, what
        time.sleep(0.1)


def _text(page) -> str:
    try:
        return page.locator("body").inner_text(timeout=2000)
    except Exception:  # the page is reloading
        return ""


def _heading(page) -> str:
    try:
        return page.locator("h1").first.inner_text(timeout=2000)
    except Exception:
        return ""


def test_a_mistake_shows_in_the_browser_and_goes_away_when_fixed(preview, page):
    project, base = preview
    page.goto(base + "krisekommunikasjon.html")
    assert "Lagret i testen" not in _text(page)

    # A saved page reloads by itself (the page's policy allows the reload script: no CSP error).
    chapter = project / "docs/krisekommunikasjon.md"
    chapter.write_text(chapter.read_text(encoding="utf-8") + "\nLagret i testen.\n", encoding="utf-8")
    _wait_for(page, lambda: "Lagret i testen" in _text(page), "the saved page was not reloaded")

    tree = project / "decision_trees/krise.yml"
    original = tree.read_text(encoding="utf-8")
    tree.write_text(original.replace("start: ", "start: finnes-ikke\n# ", 1), encoding="utf-8")
    _wait_for(page, lambda: _heading(page) == "Håndboka kunne ikke bygges", "no message in the browser")
    message = page.locator("[role=alert]").inner_text()
    assert "krise.yml, linje" in message and "finnes-ikke" in message and "Slik retter du det" in message
    assert "Traceback" not in message
    # Every address of the preview shows it, not only the page that was open.
    other = page.context.new_page()
    other.goto(base + "veivisere/krise/index.html")
    assert other.locator("h1").first.inner_text() == "Håndboka kunne ikke bygges"
    other.close()

    tree.write_text(original, encoding="utf-8")
    _wait_for(page, lambda: "Lagret i testen" in _text(page), "the page did not come back when the tree was fixed")
    assert _heading(page).startswith("9. Krisekommunikasjon")


def test_the_preview_looks_for_saved_files_more_often_than_mkdocs_does(tmp_path):
    # The same watches, on a polling observer that looks every POLL_SECONDS instead of every 0.5 s.
    from mkdocs.livereload import LiveReloadServer

    sys.path.insert(0, str(ROOT / "hooks"))
    try:
        import forhandsvisning
    finally:
        sys.path.remove(str(ROOT / "hooks"))
    (tmp_path / "docs").mkdir()
    (tmp_path / "trees").mkdir()
    server = LiveReloadServer(builder=lambda: None, host="127.0.0.1", port=0, root=str(tmp_path / "site"))
    try:
        server.watch(str(tmp_path / "docs"))
        server.watch(str(tmp_path / "docs"))  # two plugins asking for the same folder: counted twice
        server.watch(str(tmp_path / "trees"))
        assert server.observer.timeout == 0.5  # MkDocs' own
        forhandsvisning._look_more_often(server)
        assert server.observer.timeout == forhandsvisning.POLL_SECONDS < 0.5
        assert server._watched_paths == {str(tmp_path / "docs"): 2, str(tmp_path / "trees"): 1}
        assert sorted(emitter.watch.path for emitter in server.observer.emitters) == sorted(server._watched_paths)
    finally:
        server.server_close()
