"""Norwegian search in a real browser: inflected and base forms find the pages that use the
other forms, suggestions and highlighting work, and it works from disk too."""

from __future__ import annotations

import pytest

pytestmark = pytest.mark.browser

# query -> pages that must be among the results (they use other forms of the word)
INFLECTED = {
    "samtykket": ["bilder-og-video.html"],          # page has «samtykke»
    "samtykke": ["bilder-og-video.html"],           # the full word must work too
    "bildene": ["bilder-og-video.html"],            # «bilder», «bildet»
    "taushetsplikten": ["pa-vegne-av-kommunen.html"],  # «taushetsplikt»
    "retningslinjene": ["pa-vegne-av-kommunen.html", "privat-bruk.html"],  # «retningslinjer»
    "arkivverdige": ["pa-vegne-av-kommunen.html"],  # «arkivverdig»
    "journalføres": ["pa-vegne-av-kommunen.html"],  # «journalføring»
    "kriseledelsens": ["krisekommunikasjon.html"],  # «kriseledelsen»
    "venneforespørslene": [],                       # no such word: must not crash
}


def search(page, query: str) -> list[str]:
    """Type a query into Material's search; return the result pages relative to the site root."""
    root = page.url.rsplit("/", 1)[0] + "/"  # every test starts from the site's index.html
    field = page.locator("input.md-search__input")
    field.click()
    field.fill("")
    field.press_sequentially(query, delay=15)
    meta = page.locator(".md-search-result__meta")
    page.wait_for_function(
        "q => { const m = document.querySelector('.md-search-result__meta');"
        " return m && !/Initialiserer|Skriv/i.test(m.textContent) && document.querySelector('.md-search__input').value === q }",
        arg=query, timeout=15000)
    # The worker answers each keystroke; wait until the result count stops changing.
    previous = None
    while (current := meta.text_content()) != previous:
        previous = current
        page.wait_for_timeout(400)
    # Material shows ten results at a time and more on scrolling: scroll until all are there.
    groups = page.locator(".md-search-result__list > .md-search-result__item")
    seen, stable = -1, 0
    while stable < 3 and groups.count():
        stable = stable + 1 if groups.count() == seen else 0
        seen = groups.count()
        groups.last.scroll_into_view_if_needed()
        page.mouse.wheel(0, 2000)
        page.wait_for_timeout(150)
    items = page.locator(".md-search-result__item > a")
    hrefs = items.evaluate_all("els => els.map(e => e.href)")
    meta.text_content()
    return [h.split("?")[0].split("#")[0].removeprefix(root) for h in hrefs]


@pytest.mark.parametrize("query,expected", INFLECTED.items())
def test_inflected_queries_find_the_other_forms(page, base_url, query, expected):
    page.goto(base_url + "index.html")
    found = search(page, query)
    for name in expected:
        assert name in found, f"«{query}» did not find {name}; got {found}"


def test_a_word_not_in_the_handbook_finds_nothing(page, base_url):
    page.goto(base_url + "index.html")
    assert search(page, "fotballkamp") == []


def test_results_highlight_the_matched_forms(page, base_url):
    page.goto(base_url + "index.html")
    search(page, "bildene")
    marks = page.locator(".md-search-result mark").all_text_contents()
    assert any(m.lower().startswith("bild") for m in marks), marks


def test_suggestions_are_shown(page, base_url):
    page.goto(base_url + "index.html")
    search(page, "krisekom")
    suggest = page.locator(".md-search__suggest")
    assert "krisekommunikasjon" in suggest.text_content().lower()


def test_search_works_from_disk(page, site):
    page.goto((site / "index.html").as_uri())
    found = search(page, "taushetsplikten")
    assert "pa-vegne-av-kommunen.html" in found


def test_without_the_query_stemming_full_words_are_missed(page, site, tmp_path):
    # The control: the same site without hooks/norsk_sok.js misses what the tests above find.
    import shutil

    copy = tmp_path / "site"
    shutil.copytree(site, copy)
    lunr_no = copy / "assets/javascripts/lunr/min/lunr.no.min.js"
    text = lunr_no.read_text(encoding="utf-8")
    lunr_no.write_text(text.split("/* Norwegian search that understands inflection")[0], encoding="utf-8")
    page.goto((copy / "index.html").as_uri())
    assert "bilder-og-video.html" not in search(page, "bildene")
