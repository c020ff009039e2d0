"""A guide's first page does not move when veiviser.js takes over (Lighthouse's «Cumulative Layout
Shift»). The script is deferred, so a phone may draw the page before it runs: then the form must
already be where the script leaves it. In Chromium on a 360 px phone with the CPU slowed down 6×
(as Lighthouse's mobile run), and veiviser.js held back until the page has been drawn once, the
browser's own layout-shift entries must add up to 0. Without JavaScript the links are shown instead."""

from __future__ import annotations

import re

import pytest

pytestmark = pytest.mark.browser

PHONE = {"width": 360, "height": 740}
PAGES = ["veivisere/svare-pa-innlegg/index.html"]

# Every layout shift since the page began (buffered), with the elements that moved.
SHIFTS = """() => new Promise(resolve => {
  const seen = []
  new PerformanceObserver(list => seen.push(...list.getEntries()))
    .observe({type: "layout-shift", buffered: true})
  setTimeout(() => resolve(seen.map(entry => ({
    value: entry.value,
    moved: entry.sources.map(source => source.node ? source.node.className || source.node.nodeName : "?"),
  }))), 300)
})"""
PAINTED = "() => performance.getEntriesByType('paint').some(e => e.name === 'first-contentful-paint')"


@pytest.mark.parametrize("name", PAGES)
def test_the_page_does_not_move_when_the_script_takes_over(browser, base_url, name):
    context = browser.new_context(viewport=PHONE, locale="nb-NO", has_touch=True, is_mobile=True)
    page = context.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    page.context.new_cdp_session(page).send("Emulation.setCPUThrottlingRate", {"rate": 6})
    held: list = []
    page.route(re.compile(r".*/assets/javascripts/veiviser\.js$"), lambda route: held.append(route))
    page.goto(base_url + name, wait_until="commit")
    page.wait_for_function(PAINTED, polling=50)
    for _ in range(100):  # the request reaches the route handler while Playwright waits
        if held:
            break
        page.wait_for_timeout(50)
    assert held, "veiviser.js was asked for"
    form_first = page.locator(".veiviser-app form.veiviser-skjema").is_visible()
    held[0].continue_()
    page.wait_for_function("() => document.querySelector('[data-uten-js]').hidden")  # the script has run
    page.wait_for_load_state("load")
    shifts = page.evaluate(SHIFTS)
    context.close()
    assert not errors, errors
    assert sum(s["value"] for s in shifts) == 0, shifts
    assert form_first, "the form is drawn before the script runs"


@pytest.mark.parametrize("name", PAGES)
def test_without_javascript_the_links_show_and_the_form_does_not(browser, base_url, name):
    context = browser.new_context(viewport=PHONE, locale="nb-NO", java_script_enabled=False)
    page = context.new_page()
    page.goto(base_url + name)
    assert page.locator(".veiviser-svarlenker a").first.is_visible()
    assert page.locator(".veiviser-app").is_hidden()
    context.close()


def test_an_answer_ticked_before_the_script_runs_is_kept(page, base_url, guides):
    """veiviser.js takes the form over as it stands: the answer stays ticked, and «Neste» follows it."""
    guide = next(g for g in guides if g.id == "svare-pa-innlegg")
    held: list = []
    page.route(re.compile(r".*/assets/javascripts/veiviser\.js$"), lambda route: held.append(route))
    page.goto(base_url + PAGES[0], wait_until="commit")
    page.locator(".veiviser-app form.veiviser-skjema input[name=svar]").nth(1).check()
    for _ in range(100):
        if held:
            break
        page.wait_for_timeout(50)
    held[0].continue_()
    page.wait_for_function("() => document.querySelector('[data-uten-js]').hidden")
    assert page.locator("form.veiviser-skjema input[name=svar]").nth(1).is_checked()
    page.locator("form.veiviser-skjema button[type=submit]").click()
    target = guide.steps[guide.steps[guide.start].answers[1].target]
    expected = getattr(target, "text", None) or target.verdict
    page.wait_for_function("t => document.querySelector('[data-steg-plass] h2').textContent === t", arg=expected)
    # Back at the start the first question is blank again (its template is a clean copy).
    page.locator("[data-start]").click()
    page.wait_for_function("s => (document.querySelector('[data-steg-plass] form') || {}).dataset?.sporsmal === s",
                           arg=guide.start)
    assert not page.locator("form.veiviser-skjema input[name=svar]:checked").count()
