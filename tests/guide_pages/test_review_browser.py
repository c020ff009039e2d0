"""The review pages «Kildegrunnlag» in Chromium: a short list of the guides whose links lead to each
guide's page, old links into the one long page (#guide, #guide--outcome) still arrive, an outcome's
quotes left-aligned beside it, the standard reply as text (not inline code), a later citation's link
leads to the quote, zero axe violations."""

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
#: The guide with the most outcomes and quotes: the largest review page.
LARGEST = "svare-pa-innlegg"


def test_review_overview_is_short_and_leads_to_each_guide_s_page(browser, base_url, guides):
    context = browser.new_context(locale="nb-NO", viewport=PHONE)
    page = context.new_page()
    page.goto(base_url + "kildegrunnlag.html")
    height = page.evaluate("document.documentElement.scrollHeight")
    assert height < 3000, f"{height} px tall at 360 px"
    contents = page.get_by_role("navigation", name="Veiviserne").get_by_role("link")
    assert contents.all_inner_texts() == [guide.title for guide in guides]
    guide = guides[-1]
    page.get_by_role("navigation", name="Veiviserne").get_by_role("link", name=guide.title, exact=True).click()
    page.wait_for_url(f"**/kildegrunnlag/{guide.id}.html")
    assert page.get_by_role("heading", level=1).inner_text() == f"Kildegrunnlag: {guide.title}"
    context.close()


@pytest.mark.parametrize("width", [360, 1280])
def test_an_old_link_to_an_outcome_arrives_on_the_guide_s_page(browser, base_url, guides, width):
    guide = next(g for g in guides if g.id == "arkivverdig")
    outcome = guide.outcomes[-1]
    context = browser.new_context(locale="nb-NO", viewport={"width": width, "height": 800})
    page = context.new_page()
    page.goto(base_url + f"kildegrunnlag.html#{guide.id}--{outcome.id}")
    page.wait_for_url(f"**/kildegrunnlag/{guide.id}.html#{guide.id}--{outcome.id}")
    heading = page.locator(f"h2[id='{guide.id}--{outcome.id}']")
    heading.wait_for()
    assert heading.is_visible() and heading.evaluate(IN_VIEW)
    # An old link to a guide's part stays on the list, at that guide's link.
    page.goto(base_url + f"kildegrunnlag.html#{guide.id}")
    assert page.locator(f"li[id='{guide.id}'] a").evaluate(IN_VIEW)
    assert page.url.endswith(f"kildegrunnlag.html#{guide.id}")
    context.close()


@pytest.mark.parametrize("width", [360, 1280])
def test_quotes_are_left_aligned_text_and_a_later_citation_leads_to_its_quote(browser, base_url, guides, width):
    guide = next(g for g in guides if g.id == LARGEST)
    context = browser.new_context(locale="nb-NO", viewport={"width": width, "height": 800})
    page = context.new_page()
    page.goto(base_url + f"kildegrunnlag/{guide.id}.html")
    assert page.locator("details").count() == 0, "everything shows without a click"
    alignments = page.evaluate(ALIGNMENTS)
    assert alignments and set(alignments) <= {"left", "start"}, set(alignments)
    # The standard reply of chapter 6 is quoted as text, not broken into inline code.
    reply = page.locator(".kildegrunnlag__kodeblokk").first
    assert "Vi takker for henvendelsen" in reply.inner_text()
    assert page.locator("blockquote code").count() == 0
    assert reply.evaluate("e => getComputedStyle(e.querySelector('span')).fontFamily") == \
        page.evaluate("getComputedStyle(document.querySelector('.md-typeset p')).fontFamily")
    # Side by side on a wide screen, one under the other on a phone.
    pair = page.locator(".kildegrunnlag__par").first
    columns = pair.evaluate("e => getComputedStyle(e).gridTemplateColumns.split(' ').length")
    assert columns == (2 if width >= 1200 else 1)
    back = page.locator(".kildegrunnlag__sitert a[href^='#sitat--']").last
    target = back.get_attribute("href")
    back.click()
    quote = page.locator(f"figure[id='{target[1:]}']")
    assert quote.evaluate(IN_VIEW) or quote.locator("figcaption").evaluate(IN_VIEW)
    context.close()


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_review_pages_have_zero_axe_violations(browser, base_url, scheme):
    context = browser.new_context(locale="nb-NO", viewport={"width": 1280, "height": 900}, color_scheme=scheme)
    page = context.new_page()
    for address in ("kildegrunnlag.html", f"kildegrunnlag/{LARGEST}.html"):
        page.goto(base_url + address)
        violations = run_axe(page)
        assert not violations, f"{address}:\n{describe_violations(violations)}"
    context.close()
