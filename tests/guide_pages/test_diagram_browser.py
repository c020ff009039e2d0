"""The guides' diagrams in Chromium at 360 px and 1280 px: the diagram fits the column or scrolls
inside its own focusable box (the page itself never scrolls sideways), keeps its text
alternative, is drawn in the project's font, and the page has zero axe violations."""

from __future__ import annotations

import re
import time

import pytest

from support import describe_violations, run_axe
from veiviser import routes_by_outcome

pytestmark = pytest.mark.browser

GUIDES = ["kan-jeg-publisere", "svare-pa-innlegg", "krise"]


@pytest.mark.parametrize("width", [360, 1280])
@pytest.mark.parametrize("guide", GUIDES)
def test_the_diagram_fits_or_scrolls_in_its_own_box(browser, base_url, guide, width):
    context = browser.new_context(locale="nb-NO", viewport={"width": width, "height": 900})
    page = context.new_page()
    page.goto(f"{base_url}veivisere/{guide}/index.html")
    page.locator("details.veiviser-oversikt > summary").click()
    box = page.locator(".veiviser-diagram__rulle")
    box.scroll_into_view_if_needed()
    page.evaluate("document.fonts.ready")
    sizes = box.evaluate("""e => ({client: e.clientWidth, scroll: e.scrollWidth,
        svg: e.querySelector('svg').getBoundingClientRect().width,
        natural: e.querySelector('svg').width.baseVal.value,
        page: document.documentElement.scrollWidth - document.documentElement.clientWidth,
        font: getComputedStyle(e.querySelector('text')).fontFamily,
        loaded: document.fonts.check('10px "IBM Plex Sans"')})""")
    assert sizes["page"] <= 0, f"the page scrolls sideways at {width}px"
    assert sizes["svg"] >= 0.8 * sizes["natural"] - 1, "the text is shrunk below 80 %"
    if sizes["scroll"] > sizes["client"]:
        # Wider than the column: the box scrolls, and a keyboard can reach it and scroll it.
        assert box.get_attribute("tabindex") == "0"
        box.evaluate("e => { e.scrollLeft = 0 }")  # it opens scrolled to the start question
        box.focus()
        page.keyboard.press("ArrowRight")
        page.wait_for_function("e => e.scrollLeft > 0", arg=box.element_handle())
    else:
        assert sizes["svg"] <= sizes["client"] + 1
    assert "IBM Plex Sans" in sizes["font"] and sizes["loaded"]
    # Text alternatives: the group is named by the caption, the image by its title.
    caption = page.locator(".veiviser-diagram figcaption")
    assert box.get_attribute("aria-labelledby") == caption.get_attribute("id")
    svg = page.locator(".veiviser-diagram svg")
    assert svg.get_attribute("role") == "img"
    title = page.locator(f"[id='{svg.get_attribute('aria-labelledby')}']")
    assert title.text_content().startswith("Diagram over veiviseren")
    violations = run_axe(page)
    assert not violations, describe_violations(violations)
    context.close()


def test_the_closed_diagram_fetches_no_font(context, base_url):
    # The font is only for the diagram, which is closed when the page opens.
    page = context.new_page()
    page.goto(f"{base_url}veivisere/kan-jeg-publisere/index.html")
    page.wait_for_load_state("networkidle")
    assert not [u for u in context.request_log.urls if u.endswith(".woff2")]
    page.locator("details.veiviser-oversikt > summary").click()
    # Polled from Python: wait_for_function's polling evaluates a string, which the page's CSP forbids.
    deadline = time.monotonic() + 15
    while not page.evaluate("document.fonts.check('10px \"IBM Plex Sans\"')"):
        assert time.monotonic() < deadline, "the diagram's font did not load"
        time.sleep(0.1)
    page.wait_for_load_state("networkidle")
    assert [u for u in context.request_log.urls if u.endswith(".woff2")]


@pytest.mark.parametrize("width", [360, 1280])
def test_the_start_question_and_the_answers_table_are_readable(browser, base_url, guides, width):
    """The diagram opens with its start question inside the visible box; the «Alle svar» table has
    row lines, and no word in it is broken across two lines."""
    context = browser.new_context(locale="nb-NO", viewport={"width": width, "height": 900})
    page = context.new_page()
    for guide in guides:
        page.goto(f"{base_url}veivisere/{guide.id}/index.html")
        page.locator("details.veiviser-oversikt > summary").click()
        figure = page.locator(".veiviser-diagram").first
        figure.scroll_into_view_if_needed()
        seen = figure.evaluate("""f => {
            const box = f.querySelector('.veiviser-diagram__rulle').getBoundingClientRect()
            const start = f.querySelector('.boks--start').getBoundingClientRect()
            return {box: [box.left, box.right], start: [start.left, start.right]}}""")
        assert seen["box"][0] - 1 <= seen["start"][0] and seen["start"][1] <= seen["box"][1] + 1, \
            f"{guide.id} at {width}px: the start question is cut off: {seen}"
        table = page.locator("table.veiviser-stier")
        lines = table.locator("td").first.evaluate("""e => Math.max(
            parseFloat(getComputedStyle(e).borderBottomWidth), parseFloat(getComputedStyle(e.parentElement).borderBottomWidth))""")
        assert lines >= 1, f"{guide.id} at {width}px: the rows have no lines between them"
        broken = table.evaluate("""t => {
            const broken = []
            const walker = document.createTreeWalker(t.tBodies[0], NodeFilter.SHOW_TEXT)
            // A line may break after a hyphen («Facebook-/gruppe»), never inside a word.
            for (let node = walker.nextNode(); node; node = walker.nextNode()) {
              for (const match of node.data.matchAll(/[^\\s\u2192-]+/gu)) {
                const range = document.createRange()
                range.setStart(node, match.index)
                range.setEnd(node, match.index + match[0].length)
                const lines = new Set([...range.getClientRects()].map(r => Math.round(r.top)))
                if (lines.size > 1) broken.push(match[0])
              }
            }
            return broken}""")
        assert not broken, f"{guide.id} at {width}px: words broken across lines: {broken}"
    context.close()


@pytest.mark.parametrize("guide", GUIDES)
def test_without_javascript_the_overview_is_one_link_away(browser, base_url, guides, guide):
    """The first page's disclosure holds a link to the page «Hele veiviseren på én gang» (its diagram
    and table come from the steps file only with JavaScript); there the diagram and every answer are
    on a phone, and each row's result leads to its outcome."""
    model = next(g for g in guides if g.id == guide)
    context = browser.new_context(locale="nb-NO", viewport={"width": 360, "height": 800}, java_script_enabled=False)
    page = context.new_page()
    page.goto(f"{base_url}veivisere/{guide}/index.html")
    page.locator("details.veiviser-oversikt > summary").click()
    assert page.locator("details.veiviser-oversikt svg").count() == 0
    page.locator("details.veiviser-oversikt a").click()
    page.wait_for_url(re.compile(rf".*/veivisere/{guide}/oversikt\.html$"))
    assert page.locator("article h1").inner_text() == "Hele veiviseren på én gang"
    assert page.locator(".veiviser-diagram svg g.boks").count() == len(model.steps)
    assert page.locator(".veiviser-diagram svg").is_visible()
    rows = page.locator("table.veiviser-stier tbody tr")
    assert rows.count() == len(routes_by_outcome(model))
    rows.first.locator("td").last.locator("a").click()
    page.wait_for_url(re.compile(rf".*/veivisere/{guide}/[a-z0-9-]+\.html$"))
    assert page.locator(".veiviser-resultat h1").is_visible()
    context.close()
    # With JavaScript (Material's header is wider than a phone without it): the page does not scroll
    # sideways, and has no axe violations.
    context = browser.new_context(locale="nb-NO", viewport={"width": 360, "height": 800})
    page = context.new_page()
    page.goto(f"{base_url}veivisere/{guide}/oversikt.html")
    assert page.evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth") <= 0
    violations = run_axe(page)
    context.close()
    assert not violations, describe_violations(violations)
