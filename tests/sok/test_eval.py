"""Everyday queries (tests/sok/eval_queries.yml) typed into the real search in Chromium, all in
one browser session: the pages that fit are among the first five results (recall at five, at
least 95 %), and no practice case comes before a chapter or guide that fits.

A query that finds nothing is followed the way a reader would: through «Mente du …?», if the
search offers it."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

pytestmark = pytest.mark.browser

QUERIES = yaml.safe_load(Path(__file__).with_name("eval_queries.yml").read_text(encoding="utf-8"))
RECALL_NEEDED = 0.95
PRACTICE = "ov-deg/"

# Types a query into Material's search field the way sok.js does for «Mente du …?» (the value,
# then the keyup Material listens to and the input event sok.js listens to); returns the result pages, in order, once
# the answer to this query is shown. The field is emptied first, so an old answer never counts.
SEARCH = """async query => {
  const input = document.querySelector(".md-search__input")
  const meta = document.querySelector(".md-search-result__meta")
  const until = test => new Promise((done, fail) => {
    const start = Date.now()
    const tick = () => test() ? done() : Date.now() - start > 15000 ? fail(new Error(query)) : setTimeout(tick, 10)
    tick()
  })
  const type = value => {
    input.value = value
    input.dispatchEvent(new KeyboardEvent("keyup", { bubbles: true }))
    input.dispatchEvent(new Event("input", { bubbles: true }))
  }
  type("")
  await until(() => !document.querySelector(".md-search-result__item") && !/Starter søk|Initialiserer/.test(meta.textContent)
    && document.querySelector("[data-sok-tomt]").hidden)
  type(query)
  await until(() => document.querySelector(".md-search-result__item") || !document.querySelector("[data-sok-tomt]").hidden)
  const guess = document.querySelector("[data-sok-mente]")
  if (!document.querySelector(".md-search-result__item") && !guess.hidden) {
    const meant = guess.querySelector("button").textContent
    guess.querySelector("button").click()
    await until(() => input.value === meant && document.querySelector(".md-search-result__item"))
  }
  return [...document.querySelectorAll(".md-search-result__item > a:first-child")].map(a => a.href)
}"""


def run_queries(page, base_url: str) -> dict[str, list[str]]:
    page.goto(base_url + "index.html")
    page.locator("input.md-search__input").click()
    results = {}
    for case in QUERIES:
        hrefs = page.evaluate(SEARCH, case["query"])
        results[case["query"]] = [h.split("?")[0].split("#")[0].removeprefix(base_url) for h in hrefs]
    return results


def recall_at_five(found: list[str], fits: list[str]) -> float:
    return len(set(fits) & set(found[:5])) / min(len(fits), 5)


def practice_before_fitting(found: list[str], fits: list[str]) -> list[str]:
    """Practice cases ranked above a fitting chapter or guide."""
    wrong = []
    for fit in (f for f in fits if not f.startswith(PRACTICE) and f in found):
        wrong += [name for name in found[:found.index(fit)] if name.startswith(PRACTICE)]
    return sorted(set(wrong))


def test_the_set_is_large_and_points_at_real_pages(site):
    assert len(QUERIES) >= 60
    assert len({case["query"] for case in QUERIES}) == len(QUERIES)
    for case in QUERIES:
        assert case["situation"].strip() and case["fits"], case
        for name in case["fits"]:
            assert (site / name).is_file(), f"«{case['query']}»: {name} is not a page of the site"


def test_everyday_queries_find_the_pages_that_fit(page, base_url):
    results = run_queries(page, base_url)
    report, recalls, crowded = [], [], {}
    for case in QUERIES:
        found, fits = results[case["query"]], case["fits"]
        recalls.append(recall_at_five(found, fits))
        if recalls[-1] < 1:
            report.append(f"  «{case['query']}»: missing {sorted(set(fits) - set(found[:5]))}; first five {found[:5]}")
        if wrong := practice_before_fitting(found, fits):
            crowded[case["query"]] = wrong
    recall = sum(recalls) / len(recalls)
    print(f"recall@5 over {len(QUERIES)} everyday queries: {recall:.1%}", *report, sep="\n")
    assert recall >= RECALL_NEEDED, f"recall@5 {recall:.1%} < {RECALL_NEEDED:.0%}:\n" + "\n".join(report)
    assert crowded == {}, f"practice cases before a fitting chapter or guide: {crowded}"
