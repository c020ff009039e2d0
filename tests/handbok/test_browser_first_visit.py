"""A first visit fetches only what the page needs: search (its worker and the index) waits until
the reader first uses it, and nothing is fetched from another host."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

pytestmark = pytest.mark.browser

PAGES = ["index.html", "pa-vegne-av-kommunen.html", "veivisere/svare-pa-innlegg/index.html",
         "veivisere/svare-pa-innlegg/send-til-postmottak.html"]
SEARCH_FILES = ("search/search_index.json", "/workers/search.")


def search_requests(context) -> list[str]:
    return [u for u in context.request_log.urls if any(part in u for part in SEARCH_FILES)]


@pytest.mark.parametrize("name", PAGES)
def test_search_is_not_fetched_until_it_is_used(context, base_url, name):
    page = context.new_page()
    page.goto(base_url + name)
    page.wait_for_load_state("networkidle")
    page.wait_for_timeout(500)
    assert search_requests(context) == []
    assert context.request_log.foreign(base_url.split("/intranett")[0]) == []


def test_search_starts_on_first_use_and_finds(context, base_url):
    page = context.new_page()
    page.goto(base_url + "index.html")
    page.wait_for_load_state("networkidle")
    field = page.locator("input.md-search__input")
    page.keyboard.press("s")  # Material's shortcut focuses the search field
    if not field.evaluate("element => element === document.activeElement"):
        field.click()  # the shortcut can arrive before Material's script listens (slow machine)
    field.press_sequentially("samtykke", delay=20)
    # Results (which pages, and in what order, is the search tests' business). The first search
    # starts the worker and fetches the index, which takes long on a loaded machine.
    # A locator assertion, not wait_for_function: a string predicate is eval'ed in the page, which
    # the site's CSP forbids (no 'unsafe-eval').
    expect(page.locator(".md-search-result__meta")).to_contain_text(re.compile(r"\d+ treff"), timeout=45000)
    assert page.locator(".md-search-result__item > a").count() > 0
    assert any("search_index.json" in u for u in search_requests(context))


def test_a_page_opened_from_a_search_result_highlights_at_once(context, base_url):
    page = context.new_page()
    page.goto(base_url + "bilder-og-video.html?h=samtykke")
    page.wait_for_selector("article mark", timeout=15000)
    assert "samtykke" in page.locator("article mark").first.text_content().lower()
