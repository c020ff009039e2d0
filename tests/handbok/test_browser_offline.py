"""Offline after one visit: the service worker (Workbox, sw.js at the site's root) precaches the
handbook and every guide; a new deploy replaces the cache as a whole and the open page says so;
no service worker from disk; the site is installable (web app manifest)."""

from __future__ import annotations

import functools
import http.server
import json
import os
import re
import shutil
import threading
from pathlib import Path
from urllib.parse import urlsplit

import pytest

from support import ROOT, SUB_PATH, QuietServer, mkdocs_build

pytestmark = pytest.mark.browser

NEWS = "Det finnes en nyere versjon av håndboka."
CHANGED_PAGE = "hovedmal.md"
ADDED = "Denne setningen kom med den nye versjonen."


class _Server:
    """The site under the sub-path, from a folder that can be swapped (a new deploy) or stopped."""

    def __init__(self, folder: Path) -> None:
        server = self

        class Handler(http.server.SimpleHTTPRequestHandler):
            def translate_path(self, path: str) -> str:
                path = urlsplit(path).path
                if not path.startswith(SUB_PATH):
                    return str(server.folder / "__outside_sub_path__")
                self.directory = str(server.folder)
                return super().translate_path("/" + path[len(SUB_PATH):])

            def log_message(self, *args) -> None:
                pass

        self.folder = folder
        self.httpd = QuietServer(("127.0.0.1", 0), functools.partial(Handler, directory=str(folder)))
        threading.Thread(target=self.httpd.serve_forever, daemon=True).start()
        self.url = f"http://127.0.0.1:{self.httpd.server_port}{SUB_PATH}"

    def stop(self) -> None:
        self.httpd.shutdown()
        self.httpd.server_close()


@pytest.fixture
def server(site):
    running = _Server(site)
    yield running
    running.stop()


@pytest.fixture(scope="module")
def next_deploy(tmp_path_factory) -> Path:
    """A second real build of the project, with one page changed: the next deploy."""
    copy = tmp_path_factory.mktemp("neste")
    for name in ("docs", "hooks", "overrides", "decision_trees"):
        shutil.copytree(ROOT / name, copy / name, ignore=shutil.ignore_patterns("__pycache__"))
    shutil.copy(ROOT / "mkdocs.yml", copy / "mkdocs.yml")
    os.symlink(ROOT / "node_modules", copy / "node_modules")
    page = copy / "docs" / CHANGED_PAGE
    page.write_text(page.read_text(encoding="utf-8") + f"\n{ADDED}\n", encoding="utf-8")
    site = copy / "site"
    mkdocs_build(site, config=copy / "mkdocs.yml", publish=True)
    return site


def precache_revisions(site: Path) -> dict[str, str]:
    """url -> revision of every file in sw.js's precache list (None: the name has a hash)."""
    text = (site / "sw.js").read_text(encoding="utf-8")
    found = re.findall(r'\{url:"([^"]+)",revision:(?:"([0-9a-f]+)"|null)\}', text)
    assert len(found) > 100
    return {url: revision or None for url, revision in found}


def wait_until_offline_ready(page) -> None:
    """The worker is active (so its precache is complete) and controls the page."""
    page.evaluate("navigator.serviceWorker.ready.then(() => true)")
    page.wait_for_function("() => navigator.serviceWorker.controller !== null", timeout=30000)


def cached_urls(page) -> list[str]:
    return page.evaluate("""async () => {
        const urls = []
        for (const name of await caches.keys())
            for (const request of await (await caches.open(name)).keys()) urls.push(request.url)
        return urls
    }""")


def practice_cases(site: Path) -> list[str]:
    return sorted(p.relative_to(site).as_posix() for p in (site / "ov-deg").glob("*.html") if p.name != "index.html")


def test_the_precache_holds_every_page_and_guide_but_not_the_pdf(site):
    """Everything but the practice cases (about 100 KB each; kept once opened), the guides' pages
    «Hele veiviseren på én gang» (their guide's page shows the same from its precached steps file;
    kept once opened) and the PDF."""
    listed = set(precache_revisions(site))
    cases = set(practice_cases(site))
    overviews = {p.relative_to(site).as_posix() for p in site.glob("veivisere/*/oversikt.html")}
    pages = {p.relative_to(site).as_posix() for p in site.rglob("*.html") if p.name != "404.html"} - cases - overviews
    assert pages <= listed, sorted(pages - listed)[:5]
    assert overviews and not overviews & listed
    assert "ov-deg/index.html" in listed and not cases & listed
    assert "search/search_index.json" in listed
    assert not [u for u in listed if u.endswith((".pdf", ".gz", ".br", ".map")) or u == "sw.js"]
    assert all((site / url).is_file() for url in listed)


def test_pages_never_opened_load_offline_after_one_visit(context, server, site):
    page = context.new_page()
    page.goto(server.url + "index.html")
    wait_until_offline_ready(page)
    case = practice_cases(site)[0]
    page.goto(server.url + case)  # a practice case is kept once it has been opened
    context.set_offline(True)
    server.stop()  # the network is gone for real, not only emulated

    page.goto(server.url + "ov-deg/index.html")
    page.goto(server.url + case)
    assert page.locator("[data-veiviser]").count() == 1

    page.goto(server.url + "pa-vegne-av-kommunen.html")
    assert "på vegne av Hattfjelldal kommune" in page.locator("article h1").inner_text()
    # A guide, run with JavaScript, to an outcome
    page.goto(server.url + "veivisere/svare-pa-innlegg/index.html")
    for _ in range(10):
        if page.locator("[data-dokumentasjon]").is_visible():
            break
        page.locator("[data-steg-plass] input[name=svar]").first.check()
        page.get_by_role("button", name="Neste").click()
    assert page.locator("[data-dokumentasjon-tekst]").text_content().startswith("Veiviser: ")
    # Its overview, from the precached steps file
    page.locator("details.veiviser-oversikt > summary").click()
    page.locator("details.veiviser-oversikt svg").wait_for()
    assert page.locator("details.veiviser-oversikt table.veiviser-stier").is_visible()
    # A step page of another guide, and a search
    page.goto(server.url + "veivisere/samtykke-bilde/index.html")
    assert page.locator("article h1").is_visible()
    page.locator("input.md-search__input").click()
    page.locator("input.md-search__input").press_sequentially("taushetsplikt", delay=20)
    # The first hit that carries the highlight (a page whose hits are its glossary terms heads its group
    # with its own link).
    result = page.locator(".md-search-result__item > a[href*='?h=taushetsplikt']").first
    result.wait_for(timeout=15000)
    target = result.get_attribute("href")
    assert "?h=taushetsplikt" in target
    result.click()
    page.wait_for_url("**" + target.split("/")[-1])
    page.locator("article mark").first.wait_for(timeout=15000)  # highlighted: the index works here too


# Holds back the first contentful paint's entry until the test releases it, and notes when the page
# registers its service worker.
HOLD_PAINT = """(() => {
    const Real = window.PerformanceObserver
    window.__paint = []
    window.PerformanceObserver = function (callback) {
        const real = new Real(callback)
        return { disconnect: () => real.disconnect(), observe(options) {
            if (options.type !== "paint") return real.observe(options)
            window.__paint.push(() => callback({ getEntriesByName: name =>
                performance.getEntriesByName(name) }, { disconnect() {} }))
        } }
    }
    window.PerformanceObserver.supportedEntryTypes = Real.supportedEntryTypes
    const register = ServiceWorkerContainer.prototype.register
    ServiceWorkerContainer.prototype.register = function () {
        window.__registered = true
        return register.apply(this, arguments)
    }
})()"""


def test_the_service_worker_waits_for_the_first_paint(context, server):
    """Registering (and so the whole precache) waits for the load event and the first contentful
    paint, so it never competes with drawing the first page."""
    page = context.new_page()
    page.add_init_script(HOLD_PAINT)
    page.goto(server.url + "index.html")
    page.wait_for_load_state("load")
    page.wait_for_timeout(1000)
    assert page.evaluate("window.__paint.length") == 1, "handbok.js watches for the first paint"
    assert not page.evaluate("window.__registered === true"), "registered before the first paint"
    page.evaluate("window.__paint.forEach(release => release())")
    wait_until_offline_ready(page)
    assert page.evaluate("window.__registered === true")


def test_a_new_deploy_replaces_the_cache_when_the_reader_chooses(context, server, site, next_deploy):
    old, new = precache_revisions(site), precache_revisions(next_deploy)
    assert old[CHANGED_PAGE.replace(".md", ".html")] != new[CHANGED_PAGE.replace(".md", ".html")]
    page = context.new_page()
    page.goto(server.url + "hovedmal.html")
    wait_until_offline_ready(page)
    assert page.locator("[data-ny-versjon-tekst]").text_content() == ""
    assert not page.get_by_role("button", name="Vis den nye versjonen").is_visible()

    server.folder = next_deploy  # the new version is deployed
    page.reload()
    notice = page.locator("[data-ny-versjon-tekst]")
    notice.filter(has_text=NEWS).wait_for(timeout=30000)
    assert notice.get_attribute("role") == "status"
    # Until the reader chooses, every page is the old version, also ones not opened yet
    assert ADDED not in page.locator("article").inner_text()
    other = context.new_page()
    other.goto(server.url + "innledning.html")
    assert other.evaluate("document.documentElement.outerHTML").count(ADDED) == 0
    other.close()

    page.get_by_role("button", name="Vis den nye versjonen").click()
    page.get_by_text(ADDED).wait_for(timeout=30000)
    # The cache holds the new deploy only: each URL once, with the new revision
    cached = cached_urls(page)
    revisions = {}
    for url in cached:
        parts = urlsplit(url)
        name = parts.path.removeprefix(SUB_PATH)
        match = re.search(r"__WB_REVISION__=([0-9a-f]+)", parts.query)
        assert name not in revisions, f"{name} twice in the cache"
        revisions[name] = match.group(1) if match else None
    assert set(revisions) == set(new)
    assert all(revisions[u] == new[u] for u in new)
    assert [u for u in new if revisions[u] is not None and revisions[u] != old.get(u)]


def test_no_service_worker_from_disk(page, site):
    # Count the page's attempts to register a worker (the browser would refuse them anyway).
    page.add_init_script("""window.__registrations = 0
        if (navigator.serviceWorker) navigator.serviceWorker.register = function () {
            window.__registrations++; return new Promise(() => {}) }""")
    page.goto((site / "index.html").as_uri())
    page.wait_for_load_state("load")
    page.wait_for_timeout(1000)
    assert page.evaluate("window.__registrations") == 0
    assert page.context.service_workers == []


def test_installable_with_the_municipalitys_name_and_icon(context, server, site):
    page = context.new_page()
    page.goto(server.url + "index.html")
    wait_until_offline_ready(page)
    href = page.locator("link[rel=manifest]").get_attribute("href")
    manifest = json.loads((site / href).read_text(encoding="utf-8"))
    assert "Hattfjelldal kommune" in manifest["name"] and manifest["lang"] == "nb"
    assert all((site / icon["src"]).is_file() for icon in manifest["icons"])
    session = context.new_cdp_session(page)
    errors = session.send("Page.getInstallabilityErrors")["installabilityErrors"]
    # Playwright's contexts are incognito windows, where nothing installs; anything else is ours.
    assert [e for e in errors if e["errorId"] != "in-incognito"] == [], errors


def test_a_practice_case_never_opened_shows_the_sites_own_offline_page(context, server, site):
    """Not «This site can't be reached»: the precached page says what works without the network."""
    assert "frakoblet.html" in precache_revisions(site)
    page = context.new_page()
    page.goto(server.url + "index.html")
    wait_until_offline_ready(page)
    context.set_offline(True)
    server.stop()
    page.goto(server.url + practice_cases(site)[-1])
    assert page.locator("article h1").inner_text().startswith("Du er uten nett")
    assert page.locator("article a[href$='veivisere/index.html']").count() == 1
