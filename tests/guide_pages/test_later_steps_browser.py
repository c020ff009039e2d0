"""A guide's first page holds only its first step; the later steps come from `steg-<hash>.js`
(hooks/veiviser_steg.py). In Chromium: the guide goes on when the file comes late, from disk
(file://, under the page's security policy), from an address with answers in it, and without the
file it goes on as links, to the step's own page."""

from __future__ import annotations

import re

import pytest
from bs4 import BeautifulSoup

pytestmark = pytest.mark.browser

GUIDE = "svare-pa-innlegg"
STEPS_FILE = re.compile(r".*/veivisere/svare-pa-innlegg/steg-[0-9a-f]{10}\.js$")


def first_answer(guides) -> tuple[str, str]:
    """The heading the guide's first answer leads to, and that step's id."""
    guide = next(g for g in guides if g.id == GUIDE)
    target = guide.steps[guide.start].answers[0].target
    step = guide.steps[target]
    return getattr(step, "text", None) or step.verdict, target


def answer_first(page) -> None:
    page.locator("form.veiviser-skjema input[name=svar]").first.check()
    page.locator("form.veiviser-skjema button[type=submit]").click()


def test_the_page_carries_one_step_and_the_file_the_rest(site, guides):
    html = (site / f"veivisere/{GUIDE}/index.html").read_text(encoding="utf-8")
    soup = BeautifulSoup(html, "html.parser")
    guide = next(g for g in guides if g.id == GUIDE)
    assert not soup.select("template[data-steg]")
    assert soup.select_one("[data-steg-plass] form")["data-sporsmal"] == guide.start
    name = soup.select_one("[data-veiviser]")["data-steg-fil"]
    assert re.fullmatch(r"steg-[0-9a-f]{10}\.js", name) and (site / f"veivisere/{GUIDE}/{name}").is_file()
    # Offline too: the service worker precaches it.
    assert f"veivisere/{GUIDE}/{name}" in (site / "sw.js").read_text(encoding="utf-8")


def test_an_answer_given_before_the_file_has_come_waits_for_it(page, base_url, guides):
    held: list = []
    page.route(STEPS_FILE, lambda route: held.append(route))
    page.goto(f"{base_url}veivisere/{GUIDE}/index.html", wait_until="domcontentloaded")
    page.locator("form.veiviser-skjema").wait_for()
    page.wait_for_function("() => document.readyState === 'complete'")
    for _ in range(50):  # the request reaches the route handler while Playwright waits
        if held:
            break
        page.wait_for_timeout(100)
    assert len(held) == 1, "the file is asked for once the page has loaded"
    answer_first(page)
    expected, _ = first_answer(guides)
    # Still the first question while the file is on its way, marked busy, and nothing broken.
    assert page.locator("[data-steg-plass] h2").first.inner_text() != expected
    assert page.locator("[data-steg-plass]").get_attribute("aria-busy") == "true"
    # An impatient second «Neste» on the same question does not count as a second answer.
    page.locator("form.veiviser-skjema button[type=submit]").click()
    held[0].continue_()
    page.wait_for_function("t => document.querySelector('[data-steg-plass] h2').textContent === t", arg=expected)
    assert page.evaluate("document.activeElement.tagName") == "H2"
    assert page.url.endswith("#svar=0")
    assert page.locator("[data-oppsummering-liste] dt").count() == 1
    assert page.locator("[data-steg-plass]").get_attribute("aria-busy") is None


def test_an_address_with_answers_opens_at_that_step(page, base_url, guides):
    expected, _ = first_answer(guides)
    page.goto(f"{base_url}veivisere/{GUIDE}/index.html#svar=0")
    page.wait_for_function("t => (document.querySelector('[data-steg-plass] h2') || {}).textContent === t",
                           arg=expected)
    assert page.locator("[data-uten-js]").is_hidden()


def test_without_the_file_the_guide_goes_on_to_the_steps_own_page(page, base_url, guides):
    page.route(STEPS_FILE, lambda route: route.abort())
    page.goto(f"{base_url}veivisere/{GUIDE}/index.html")
    answer_first(page)
    _, target = first_answer(guides)
    page.wait_for_url(re.compile(rf".*/veivisere/{GUIDE}/{target}\.html$"))


def test_from_disk_the_guide_goes_past_its_first_question(browser, site, guides):
    context = browser.new_context()
    page = context.new_page()
    problems: list[str] = []
    page.on("pageerror", lambda error: problems.append(str(error)))
    page.on("console", lambda m: "Content Security Policy" in m.text and problems.append(m.text))
    page.goto((site / f"veivisere/{GUIDE}/index.html").as_uri())
    answer_first(page)
    expected, _ = first_answer(guides)
    page.wait_for_function("t => document.querySelector('[data-steg-plass] h2').textContent === t", arg=expected)
    # The overview's diagram and table come from the same file.
    page.locator("details.veiviser-oversikt > summary").click()
    page.locator("details.veiviser-oversikt svg").wait_for()
    assert page.locator("details.veiviser-oversikt table.veiviser-stier").is_visible()
    context.close()
    assert not problems, problems
