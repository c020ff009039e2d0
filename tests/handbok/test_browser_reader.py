"""What a reader's browser does with the site opened from disk: no failed requests."""

from __future__ import annotations

import pytest

pytestmark = pytest.mark.browser


def test_opened_from_disk_no_request_fails_and_no_manifest_is_asked_for(page, site):
    failed: list[str] = []
    page.on("requestfailed", lambda request: failed.append(request.url))
    page.goto((site / "index.html").as_uri())
    page.wait_for_load_state("networkidle")
    assert page.locator("link[rel=manifest]").count() == 0
    assert not failed, failed


def test_over_http_the_manifest_is_linked(page, base_url):
    page.goto(base_url + "index.html")
    page.wait_for_load_state("networkidle")
    assert page.locator("link[rel=manifest]").get_attribute("href") == "manifest.webmanifest"


def test_the_standard_reply_copy_button_is_a_44px_target_beside_the_text(browser, base_url):
    context = browser.new_context(viewport={"width": 360, "height": 800}, locale="nb-NO")
    page = context.new_page()
    page.goto(base_url + "pa-vegne-av-kommunen.html")
    block = page.locator(".standardsvar").first
    button = block.locator(".md-code__button").first
    block.scroll_into_view_if_needed()
    box = button.bounding_box()
    assert box["width"] >= 44 and box["height"] >= 44, box
    text = block.locator("code").first.evaluate("""c => { const r = document.createRange(); r.selectNodeContents(c);
        return [...r.getClientRects()].map(x => [x.left, x.top, x.right, x.bottom]) }""")
    overlap = [t for t in text if t[0] < box["x"] + box["width"] and t[2] > box["x"]
               and t[1] < box["y"] + box["height"] and t[3] > box["y"]]
    assert not overlap, f"the button covers text: {overlap}"
    context.close()
