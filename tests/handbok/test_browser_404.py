"""The 404 page in Chromium, as a web server shows it (at the missing address, at any depth under the
handbook's sub-path) and opened from disk: styled by its own stylesheets, nothing fetched that fails,
its links lead into the handbook."""

from __future__ import annotations

import functools
import threading
from pathlib import Path

import pytest

from support import SUB_PATH, QuietServer, SubPathHandler, describe_violations, run_axe

pytestmark = pytest.mark.browser

HEADER_COLOUR = "rgb(29, 79, 99)"  # the municipal colour, from kommune.css


class _ErrorPageHandler(SubPathHandler):
    """The site under SUB_PATH; a missing address gets 404.html, as a server's ErrorDocument does."""

    def send_error(self, code, message=None, explain=None):
        if code != 404:
            return super().send_error(code, message, explain)
        body = (Path(self.directory) / "404.html").read_bytes()
        self.send_response(404)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)


@pytest.fixture(scope="module")
def error_server(site):
    server = QuietServer(("127.0.0.1", 0), functools.partial(_ErrorPageHandler, directory=str(site)))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{server.server_port}"
    server.shutdown()


def open_and_record(page, url: str):
    """Open `url`; the failed requests (no answer, or an error status) other than the page itself."""
    failed: list[str] = []
    page.on("requestfailed", lambda request: failed.append(f"{request.url} ({request.failure})"))
    page.on("response", lambda response: response.status >= 400 and not response.request.is_navigation_request()
            and failed.append(f"{response.url} ({response.status})"))
    response = page.goto(url)
    page.wait_for_load_state("networkidle")
    return response, failed


def assert_styled(page) -> None:
    sheets = page.evaluate("[...document.styleSheets].map(s => s.href).filter(Boolean)")
    assert any("kommune.css" in s for s in sheets) and any("main." in s for s in sheets), sheets
    assert page.locator(".md-header").evaluate("e => getComputedStyle(e).backgroundColor") == HEADER_COLOUR
    logo = page.locator(".md-header .md-logo img")
    assert logo.evaluate("e => e.complete && e.naturalWidth > 0"), "the logo did not load"


@pytest.mark.parametrize("missing", ["finnes-ikke.html", "veivisere/krise/gammelt-steg.html", "veivisere/borte/",
                                     "ov-deg/gammel-ovelse.html?fra=epost#svar"])
@pytest.mark.parametrize("width", [360, 1280])
def test_404_page_under_a_sub_path_is_styled_and_fetches_nothing_that_fails(browser, error_server, missing, width):
    context = browser.new_context(locale="nb-NO", viewport={"width": width, "height": 800})
    page = context.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    page.on("console", lambda m: m.type == "error" and errors.append(m.text))
    url = error_server + SUB_PATH + missing
    response, failed = open_and_record(page, url)
    assert response.status == 404
    assert_styled(page)
    assert not failed, failed
    assert not [e for e in errors if "404" not in e], errors  # the page's own 404 is logged by Chromium
    assert page.locator("h1").inner_text() == "Siden finnes ikke"
    assert page.locator("html").get_attribute("lang") == "nb"
    # Its links lead into the handbook under the sub-path.
    assert page.get_by_role("link", name="Gå til forsiden av håndboka").evaluate("e => e.href") == \
        error_server + SUB_PATH + "index.html"
    home = page.locator(".md-header a.md-logo")
    assert home.evaluate("e => e.href") == error_server + SUB_PATH + "index.html"
    context.close()


def test_404_page_opened_from_disk_is_styled_and_fetches_nothing_that_fails(page, site):
    url = (site / "404.html").as_uri()
    _, failed = open_and_record(page, url)
    assert_styled(page)
    assert not failed, failed
    assert not run_axe(page), describe_violations(run_axe(page))
    assert page.locator(".md-header a.md-logo").evaluate("e => e.href") == (site / "index.html").as_uri()


@pytest.mark.parametrize("missing", ["finnes-ikke/heller-ikke/side/", "finnes-ikke/heller-ikke/side.html"])
def test_404_page_in_folders_the_handbook_never_had_is_styled(browser, error_server, missing):
    """No top folder of the handbook in the address: the page asks the server, folder by folder
    upwards, for the handbook's 404.html, and takes the first folder that has it as the root. Those
    questions (HEAD …/404.html) are the only requests that may fail."""
    context = browser.new_context(locale="nb-NO", viewport={"width": 360, "height": 800})
    page = context.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    page.on("console", lambda m: m.type == "error" and errors.append(m.text))
    response, failed = open_and_record(page, error_server + SUB_PATH + missing)
    assert response.status == 404
    assert_styled(page)
    probes = [f for f in failed if f.split(" ")[0].endswith("/404.html")]
    assert not [f for f in failed if f not in probes], failed
    assert len(probes) <= missing.count("/"), probes
    assert not [e for e in errors if "404" not in e and "Content Security Policy" not in e], errors
    assert not [e for e in errors if "Content Security Policy" in e], errors
    assert page.get_by_role("link", name="Gå til forsiden av håndboka").evaluate("e => e.href") == \
        error_server + SUB_PATH + "index.html"
    assert page.locator(".md-header a.md-logo").evaluate("e => e.href") == error_server + SUB_PATH + "index.html"
    assert not run_axe(page), describe_violations(run_axe(page))
    context.close()
