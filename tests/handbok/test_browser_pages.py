"""Every page in a real browser: zero axe violations, nothing fetched from other hosts, works
from a sub-path and from disk, readable on a 360 px phone, prints without navigation."""

from __future__ import annotations

import pytest

from support import PARTS, describe_violations, part_of, run_axe

pytestmark = pytest.mark.browser


def relative(site, page_path) -> str:
    return page_path.relative_to(site).as_posix()


@pytest.mark.parametrize("part", range(PARTS), ids=lambda n: f"part{n + 1}of{PARTS}")
def test_every_page_has_zero_axe_violations_and_stays_on_its_origin(context, site, pages, base_url, part):
    # All parts together check every page; axe runs once the page has loaded and run its scripts
    # (`goto` waits for the load event; run_axe for running transitions to end).
    origin = base_url.split("/intranett")[0]
    page = context.new_page()
    failures = []
    checked = part_of(pages, part)
    for path in checked:
        page.goto(base_url + relative(site, path))
        violations = run_axe(page)
        if violations:
            failures.append(f"{relative(site, path)}:\n{describe_violations(violations)}")
    assert checked and not failures, "\n\n".join(failures)
    assert not context.request_log.foreign(origin), context.request_log.foreign(origin)
    assert len(context.request_log.urls) > len(checked)


def test_search_dialog_open_has_zero_axe_violations(page, base_url):
    page.goto(base_url + "index.html")
    page.locator("input.md-search__input").click()
    page.locator("input.md-search__input").press_sequentially("samtykke")
    page.locator(".md-search-result__item").first.wait_for()
    assert not run_axe(page), describe_violations(run_axe(page))


def test_pages_work_opened_from_disk(page, site):
    page.goto((site / "index.html").as_uri())
    page.get_by_role("link", name="Bilder og video").first.click()
    page.wait_for_load_state()
    assert page.url.endswith("bilder-og-video.html")
    assert page.locator("h1").inner_text().startswith("7. Bilder og video")
    assert page.locator("link[rel=stylesheet]").count() >= 2
    # The stylesheet really applied: the header has the municipal colour.
    colour = page.locator(".md-header").evaluate("e => getComputedStyle(e).backgroundColor")
    assert colour == "rgb(29, 79, 99)"


def test_no_cookies_are_set(context, base_url):
    page = context.new_page()
    page.goto(base_url + "index.html")
    page.wait_for_load_state("networkidle")
    assert context.cookies() == []


@pytest.mark.parametrize("name", ["index.html", "pa-vegne-av-kommunen.html", "bilder-og-video.html"])
def test_readable_on_a_360px_phone(browser, base_url, name):
    context = browser.new_context(viewport={"width": 360, "height": 740}, device_scale_factor=2, is_mobile=True)
    page = context.new_page()
    page.goto(base_url + name)
    overflow = page.evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth")
    assert overflow <= 0, f"{name} scrolls sideways by {overflow}px at 360px"
    assert page.locator("article p").first.evaluate("e => parseFloat(getComputedStyle(e).fontSize)") >= 14
    context.close()


def test_printing_a_page_shows_the_text_without_navigation(page, base_url):
    page.goto(base_url + "vedlegg.html")
    page.emulate_media(media="print")
    for selector in [".md-header", ".md-sidebar--primary", ".md-footer", ".md-search"]:
        assert not page.locator(selector).first.is_visible(), selector
    assert page.locator("article h1").is_visible()
    after = page.locator("article a[href^='http']").first.evaluate(
        "e => getComputedStyle(e, '::after').content")
    assert "depsosialemedier" in after


def test_keyboard_only_skip_link_search_and_copy_button(context, base_url):
    context.grant_permissions(["clipboard-read", "clipboard-write"])
    page = context.new_page()
    page.goto(base_url + "pa-vegne-av-kommunen.html")
    page.keyboard.press("Tab")
    skip = page.evaluate("document.activeElement.textContent.trim()")
    assert skip.lower().startswith("gå til")
    page.keyboard.press("Enter")
    # Tab on to the copy button of the standard reply and press it.
    button = page.locator("#standardsvar button.md-code__button[data-md-type=copy]")
    button.wait_for(state="attached")
    for _ in range(200):
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement === document.querySelector('#standardsvar button.md-code__button[data-md-type=copy]')"):
            break
    else:
        pytest.fail("the copy button of the standard reply cannot be reached with Tab")
    page.keyboard.press("Enter")
    copied = page.evaluate("navigator.clipboard.readText()")
    assert copied.startswith("Vi takker for henvendelsen. Den er sendt videre til postmottak")
    # Search from the keyboard.
    page.keyboard.press("/")
    page.keyboard.type("saksbehandling")
    page.locator(".md-search-result__item").first.wait_for()
    page.keyboard.press("ArrowDown")
    focused = page.evaluate("document.activeElement.closest('.md-search-result__item') !== null")
    assert focused, "ArrowDown does not move focus to the first search result"
    page.keyboard.press("Enter")
    page.wait_for_function("() => !document.querySelector('#__search').checked")
    assert page.locator("article h1").first.is_visible()


def test_key_terms_explain_themselves_on_hover_and_keyboard_focus(page, base_url):
    page.goto(base_url + "pa-vegne-av-kommunen.html")
    page.wait_for_load_state("networkidle")  # Material mounts its tooltips after loading
    term = page.locator("article abbr[tabindex='0']").first
    term.wait_for()
    for _ in range(300):
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement.tagName") == "ABBR":
            break
    else:
        pytest.fail("no key term can be reached with Tab")
    page.wait_for_function("() => document.activeElement.getAttribute('aria-describedby')")
    tooltip_id = page.evaluate("document.activeElement.getAttribute('aria-describedby')")
    tooltip = page.locator(f"[id='{tooltip_id}']")
    tooltip.wait_for(state="visible")
    assert len(tooltip.inner_text()) > 20
    # Each explanation is a tab stop once per page, not at every occurrence.
    focusable = page.locator("article abbr[tabindex='0']").count()
    assert 0 < focusable < page.locator("article abbr").count()
    page.mouse.move(0, 0)
    page.locator("article abbr").nth(3).hover()
    page.locator(".md-tooltip2--active").first.wait_for(state="visible")
