"""The Content Security Policy in Chromium: what the site needs works under it without a single
violation (search over http and from disk, the guides, the copy button, tooltips, the checklist),
and script that got into a page anyway (an inline script, a handler, a javascript: link) does not run."""

from __future__ import annotations

import re
import shutil

import pytest

from support import send_answer

pytestmark = pytest.mark.browser

# Every violation the policy reports, in any frame (the iframe-worker's iframe too).
WATCH = """
window.__brudd = [];
document.addEventListener("securitypolicyviolation",
  e => window.__brudd.push(`${e.violatedDirective} ${e.blockedURI} ${e.sample}`));
"""


@pytest.fixture
def watched(browser):
    context = browser.new_context(locale="nb-NO", viewport={"width": 1280, "height": 900})
    context.grant_permissions(["clipboard-read", "clipboard-write"])
    context.add_init_script(WATCH)
    page = context.new_page()
    page.console_csp = []
    page.on("console", lambda m: "Content Security Policy" in m.text and page.console_csp.append(m.text))
    errors = []
    page.on("pageerror", lambda e: errors.append(str(e)))
    yield page
    context.close()
    assert not errors, errors


def violations(page) -> list[str]:
    found = list(page.console_csp)
    for frame in page.frames:
        try:
            found += frame.evaluate("window.__brudd || []")
        except Exception:  # a frame that went away
            pass
    return found


def search(page, query: str) -> int:
    page.locator("input.md-search__input").click()
    page.locator("input.md-search__input").press_sequentially(query, delay=20)
    page.locator(".md-search-result__item").first.wait_for(timeout=20000)
    return page.locator(".md-search-result__item").count()


def test_every_page_has_a_policy_without_inline_script_allowances(site, pages):
    for path in pages + [site / "404.html"]:
        html = path.read_text(encoding="utf-8")
        policy = re.search(r'<meta http-equiv="Content-Security-Policy" content="([^"]+)"', html)
        assert policy, path
        assert html.index("Content-Security-Policy") < html.index("<script"), path  # before any script
        assert "'unsafe-inline'" not in policy.group(1) and "'unsafe-eval'" not in policy.group(1)
        assert "script-src 'self' 'sha256-" in policy.group(1)


def test_search_guides_copy_tooltips_and_checklist_work_over_http(watched, base_url):
    page = watched
    page.goto(base_url + "index.html")
    assert search(page, "samtykke") > 0
    # The copy button of a code block.
    page.goto(base_url + "pa-vegne-av-kommunen.html")
    page.locator("#standardsvar button.md-code__button[data-md-type=copy]").click()
    assert page.evaluate("navigator.clipboard.readText()").startswith("Vi takker for henvendelsen")
    # «Back to top» appears when scrolling up a long page; the table of contents follows.
    page.mouse.wheel(0, 4000)
    page.wait_for_timeout(300)
    page.mouse.wheel(0, -800)
    page.locator(".md-top").wait_for(state="visible")
    # A key term's tooltip.
    page.wait_for_load_state("networkidle")
    page.locator("article abbr").nth(2).hover()
    page.locator(".md-tooltip2--active").first.wait_for(state="visible")
    # A guide, clicked through to an outcome.
    page.goto(base_url + "veivisere/krise/index.html")
    page.locator("[data-start]").click()
    while not page.locator(".veiviser-resultat h2").count():
        form = page.locator("form.veiviser-skjema")
        form.locator("input[name=svar]").first.check()
        send_answer(page, form)
    assert page.locator(".veiviser-resultat h2").first.inner_text()
    # The «Ny i kommunen» checklist keeps its ticks.
    page.goto(base_url + "ny-i-kommunen.html")
    page.locator("#sjekk-1").check()
    page.reload()
    assert page.locator("#sjekk-1").is_checked()
    assert violations(page) == []


def test_search_works_from_disk_under_the_policy(watched, site):
    page = watched
    page.goto((site / "index.html").as_uri())
    assert search(page, "samtykke") > 0
    assert any(frame.url == "about:blank" for frame in page.frames)  # the iframe-worker ran
    assert violations(page) == []


# -----------------------------------------------------------------------------
# Script that got into a page anyway
# -----------------------------------------------------------------------------

HOSTILE = ('<p><script>window.__hack = "script"</script>'
           '<button id="hack-knapp" onclick="window.__hack = \'onclick\'">Knapp</button>'
           '<a id="hack-lenke" href="javascript:void(window.__hack = \'javascript\')">Lenke</a>'
           '<img src="finnes-ikke.png" alt="" onerror="window.__hack = \'onerror\'"></p>')


@pytest.fixture(scope="module")
def hostile_site(site, tmp_path_factory):
    """Copies of the built site with hostile markup written into a page after the build: one with
    the policy, one without it (to prove the markup would run there)."""
    copies = {}
    for name, keep_policy in (("med", True), ("uten", False)):
        copy = tmp_path_factory.mktemp(f"fiendtlig-{name}")
        shutil.copytree(site, copy, dirs_exist_ok=True)
        page = copy / "innledning.html"
        html = page.read_text(encoding="utf-8").replace('<article class="md-content__inner md-typeset">',
                                                        '<article class="md-content__inner md-typeset">' + HOSTILE, 1)
        if not keep_policy:
            html = re.sub(r'<meta http-equiv="Content-Security-Policy"[^>]*>', "", html)
        page.write_text(html, encoding="utf-8")
        copies[name] = page
    return copies


def run_hostile(browser, page_path) -> tuple[list[str], list[str]]:
    context = browser.new_context()
    context.add_init_script(WATCH)
    page = context.new_page()
    hacks = []
    page.goto(page_path.as_uri())
    page.wait_for_load_state("load")
    hacks.append(page.evaluate("window.__hack || ''"))
    page.locator("#hack-knapp").click()
    hacks.append(page.evaluate("window.__hack || ''"))
    page.evaluate("window.__hack = ''")
    page.locator("#hack-lenke").click()
    page.wait_for_timeout(300)
    hacks.append(page.evaluate("window.__hack || ''"))
    found = page.evaluate("window.__brudd")
    context.close()
    return hacks, found


def test_injected_script_handler_and_javascript_link_do_not_run(browser, hostile_site):
    hacks, found = run_hostile(browser, hostile_site["med"])
    assert hacks == ["", "", ""]
    assert len(found) >= 3 and all(v.startswith("script-src") for v in found), found


def test_without_the_policy_the_same_markup_would_run(browser, hostile_site):
    hacks, _ = run_hostile(browser, hostile_site["uten"])
    assert hacks[0] in ("script", "onerror") and hacks[1] == "onclick" and hacks[2] == "javascript"
