"""Shared fixtures: one real strict build per session, a local web server under a sub-path,
and Playwright driving Debian's Chromium."""

from __future__ import annotations

import functools
import http.server
import os
import shutil
import subprocess
import sys
import threading
from pathlib import Path
from urllib.parse import urlsplit

import pytest

ROOT = Path(__file__).resolve().parent.parent
SUB_PATH = "/intranett/sosiale-medier/"
CHROMIUM = os.environ.get("CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
]


def mkdocs_build(site_dir: Path, *, config: Path = ROOT / "mkdocs.yml", tool: str = "mkdocs",
                 check: bool = True) -> subprocess.CompletedProcess:
    """Run a real strict build, the way `make build` does."""
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "PYTHONPATH": str(ROOT / "hooks")}
    exe = Path(sys.executable).with_name(tool)
    result = subprocess.run(
        [str(exe), "build", "--strict", "-q", "-f", str(config), "-d", str(site_dir)],
        cwd=ROOT, env=env, capture_output=True, text=True, timeout=600,
    )
    if check and result.returncode != 0:
        pytest.fail(f"{tool} build --strict failed:\n{result.stdout}\n{result.stderr}")
    return result


@pytest.fixture(scope="session")
def site(tmp_path_factory) -> Path:
    """The real site, built once per test session."""
    site_dir = tmp_path_factory.mktemp("site")
    mkdocs_build(site_dir)
    return site_dir


@pytest.fixture(scope="session")
def pages(site) -> list[Path]:
    """Every HTML page of the built site (404 page excluded)."""
    return sorted(p for p in site.rglob("*.html") if p.name != "404.html")


# -----------------------------------------------------------------------------
# Web server: the site under a sub-path, as on the intranet
# -----------------------------------------------------------------------------

class _SubPathHandler(http.server.SimpleHTTPRequestHandler):
    def translate_path(self, path: str) -> str:
        path = urlsplit(path).path
        if not path.startswith(SUB_PATH):
            return str(Path(self.directory) / "__outside_sub_path__")
        return super().translate_path("/" + path[len(SUB_PATH):])

    def log_message(self, *args) -> None:
        pass


@pytest.fixture(scope="session")
def base_url(site) -> str:
    handler = functools.partial(_SubPathHandler, directory=str(site))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_port}{SUB_PATH}"
    server.shutdown()


# -----------------------------------------------------------------------------
# Browser
# -----------------------------------------------------------------------------

@pytest.fixture(scope="session")
def browser(tmp_path_factory):
    if not Path(CHROMIUM).exists():
        pytest.fail(f"Chromium not found at {CHROMIUM}: run `make test`, which installs it.")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


class RequestLog:
    """Every request a page made, to prove nothing leaves the site's origin."""

    def __init__(self) -> None:
        self.urls: list[str] = []

    def foreign(self, origin: str) -> list[str]:
        return [u for u in self.urls
                if not (u.startswith(origin) or u.startswith(("data:", "blob:", "about:")))]


@pytest.fixture
def context(browser):
    context = browser.new_context(locale="nb-NO", viewport={"width": 1280, "height": 900})
    context.request_log = RequestLog()
    context.on("request", lambda request: context.request_log.urls.append(request.url))
    yield context
    context.close()


@pytest.fixture
def page(context):
    page = context.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    page.js_errors = errors
    yield page
    assert not errors, f"JavaScript errors on the page: {errors}"


def run_axe(page) -> list[dict]:
    """axe-core violations of the page as it is now (all rules of WCAG 2.1 A/AA + best practices)."""
    from axe_playwright_python.sync_playwright import Axe

    return Axe().run(page).response["violations"]


def describe_violations(violations: list[dict]) -> str:
    return "\n".join(
        f"{v['id']} ({v['impact']}): {v['help']} – {[n['target'] for n in v['nodes']][:5]}"
        for v in violations
    )
