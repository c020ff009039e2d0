"""The review page «Kildegrunnlag» in Chromium: light on a phone (each guide's outcomes closed until
asked for), a contents list by guide whose links open the guide's part, a link into an outcome opens
it, quotes left-aligned, the standard reply as text (not inline code), zero axe violations."""

from __future__ import annotations

import pytest

from support import describe_violations, run_axe

pytestmark = pytest.mark.browser

PHONE = {"width": 360, "height": 800}
# Every quoted block of text and its list items: how each is aligned.
ALIGNMENTS = """() => [...document.querySelectorAll(
  ".kildegrunnlag__kilde, .kildegrunnlag__kilde figcaption, .kildegrunnlag__kilde blockquote > *, .kildegrunnlag__kilde li")]
  .filter(e => e.getClientRects().length).map(e => getComputedStyle(e).textAlign)"""
IN_VIEW = "e => { const r = e.getBoundingClientRect(); return r.top >= 0 && r.bottom <= innerHeight }"


def test_review_page_is_short_on_a_phone_and_its_contents_open_each_guide(browser, base_url, guides):
    context = browser.new_context(locale="nb-NO", viewport=PHONE)
    page = context.new_page()
    page.goto(base_url + "kildegrunnlag.html")
    height = page.evaluate("document.documentElement.scrollHeight")
    assert height < 8000, f"{height} px tall at 360 px (was 141,000 with every outcome open)"
    assert page.locator("details.kildegrunnlag__del[open]").count() == 0
    contents = page.get_by_role("navigation", name="Veiviserne på denne siden").get_by_role("link")
    assert contents.all_inner_texts() == [guide.title for guide in guides]
    for guide in (guides[0], guides[-1]):
        page.get_by_role("navigation", name="Veiviserne på denne siden").get_by_role(
            "link", name=guide.title, exact=True).click()
        part = page.locator(f"details[data-apnes-av='{guide.id}']")
        assert part.evaluate("e => e.open"), guide.id
        first = part.locator("article h3").first
        assert first.is_visible()
    # The summary opens and closes a part by keyboard as well.
    summary = page.locator(f"details[data-apnes-av='{guides[1].id}'] > summary")
    summary.focus()
    page.keyboard.press("Enter")
    assert summary.evaluate("e => e.parentElement.open")
    assert summary.evaluate("e => e.getBoundingClientRect().height") >= 44
    context.close()


@pytest.mark.parametrize("width", [360, 1280])
def test_a_link_into_an_outcome_opens_it_with_quotes_left_aligned(browser, base_url, guides, width):
    guide = next(g for g in guides if g.id == "arkivverdig")
    outcome = guide.outcomes[0]
    context = browser.new_context(locale="nb-NO", viewport={"width": width, "height": 800})
    page = context.new_page()
    page.goto(base_url + f"kildegrunnlag.html#{guide.id}--{outcome.id}")
    heading = page.locator(f"h3[id='{guide.id}--{outcome.id}']")
    heading.wait_for()
    assert heading.is_visible() and heading.evaluate(IN_VIEW)
    assert page.locator("details.kildegrunnlag__del[open]").count() == 1
    alignments = page.evaluate(ALIGNMENTS)
    assert alignments and set(alignments) <= {"left", "start"}, set(alignments)
    # The standard reply of chapter 6 is quoted as text, not broken into inline code.
    reply = page.locator("details[open] .kildegrunnlag__kodeblokk").first
    assert "Vi takker for henvendelsen" in reply.inner_text()
    assert page.locator("details[open] blockquote code").count() == 0
    assert reply.evaluate("e => getComputedStyle(e.querySelector('span')).fontFamily") == \
        page.evaluate("getComputedStyle(document.querySelector('.md-typeset p')).fontFamily")
    context.close()


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_review_page_with_every_part_open_has_zero_axe_violations(browser, base_url, scheme):
    context = browser.new_context(locale="nb-NO", viewport={"width": 1280, "height": 900}, color_scheme=scheme)
    page = context.new_page()
    page.goto(base_url + "kildegrunnlag.html")
    assert not run_axe(page), describe_violations(run_axe(page))
    page.evaluate("document.querySelectorAll('details.kildegrunnlag__del').forEach(d => d.open = true)")
    violations = run_axe(page)
    assert not violations, describe_violations(violations)
    context.close()
