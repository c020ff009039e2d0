"""Shared fixtures: one real strict build per session (and its PDF, for the tests that ask for it),
a local web server under a sub-path, and Playwright driving Debian's Chromium."""

from __future__ import annotations

import contextlib
import functools
import subprocess
import sys
import threading
from pathlib import Path

import pytest

from support import CHROMIUM, CHROMIUM_ARGS, ROOT, SUB_PATH, QuietServer, SubPathHandler, build_with_collapsible_boxes


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Tests that need the built site are marked `site`, so `make test-fast` can leave them out.
    Under pytest-xdist (`make test`, --dist loadgroup) the tests that read the PDF run in one
    process, so the PDF is made once."""
    for item in items:
        fixtures = getattr(item, "fixturenames", ())
        if "site" in fixtures:
            item.add_marker(pytest.mark.site)
        if "handbook_pdf" in fixtures:
            item.add_marker(pytest.mark.xdist_group("pdf"))


@pytest.fixture(scope="session")
def site(tmp_path_factory) -> Path:
    """The real site for publishing, built once per test session by `make site` itself (so the tests
    of the service worker and the precompressed copies prove that `make build` writes them; its
    PDF: `handbook_pdf`)."""
    site_dir = tmp_path_factory.mktemp("site")
    result = subprocess.run(["make", "--no-print-directory", "-s", "-o", ".venv/.site-deps", "site", f"SITE={site_dir}",
                             f"BIN={Path(sys.executable).parent}"],
                            cwd=ROOT, capture_output=True, text=True, timeout=900)
    assert result.returncode == 0, f"make site failed:\n{result.stdout}\n{result.stderr}"
    return site_dir


@pytest.fixture(scope="session")
def handbook_pdf(site) -> subprocess.CompletedProcess:
    """`python -m handbok_pdf` run once into the session's site, as `make build` does after the site.

    Only the tests that need the PDF ask for it (tests/pdf, and the links to it): it takes a minute.
    No other test reads or lists the PDF, so the site is the same to them with it or without it.
    """
    result = subprocess.run([sys.executable, "-m", "handbok_pdf", "--site", str(site)], cwd=ROOT,
                            capture_output=True, text=True, timeout=600)
    assert result.returncode == 0, f"handbok_pdf failed:\n{result.stdout}\n{result.stderr}"
    return result


@pytest.fixture(scope="session")
def pages(site) -> list[Path]:
    """Every HTML page of the built site (404 page excluded)."""
    return sorted(p for p in site.rglob("*.html") if p.name != "404.html")


# -----------------------------------------------------------------------------
# Web server: the site under a sub-path, as on the intranet
# -----------------------------------------------------------------------------

@contextlib.contextmanager
def served(folder: Path):
    """A built site served under the intranet's sub-path; yields its address."""
    server = QuietServer(("127.0.0.1", 0), functools.partial(SubPathHandler, directory=str(folder)))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        yield f"http://127.0.0.1:{server.server_port}{SUB_PATH}"
    finally:
        server.shutdown()


@pytest.fixture(scope="session")
def base_url(site) -> str:
    with served(site) as url:
        yield url


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
    # A Content Security Policy violation is an error too: something the site needs was blocked.
    page.on("console", lambda m: "Content Security Policy" in m.text and errors.append(m.text))
    page.js_errors = errors
    yield page
    assert not errors, f"JavaScript errors on the page: {errors}"


# -----------------------------------------------------------------------------
# Boxes that can be closed: the handbook with one page more
# -----------------------------------------------------------------------------

@pytest.fixture(scope="session")
def collapsible_site(tmp_path_factory) -> Path:
    """The handbook built for real with the page of boxes that can be closed (support.COLLAPSIBLE_PAGE,
    docs/lukkbare.md, in the menu); for the browser and PDF tests of those boxes."""
    return build_with_collapsible_boxes(tmp_path_factory.mktemp("lukkbare"))


@pytest.fixture(scope="session")
def collapsible_url(collapsible_site) -> str:
    """docs/lukkbare.md's page in that site, served under the sub-path."""
    with served(collapsible_site) as url:
        yield url + "lukkbare.html"
