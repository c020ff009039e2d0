"""Byte budgets for the search: the index, and what the Norwegian search adds to the browser.

Measured 2026-12-01 (9 guides, 68 practice cases): index 215 KB (41 KB gzip); with every guide
step as entries of their own it would be 319 KB (47 KB gzip). The search worker's language file
grows by 10.9 KB gzip (lemma map 8.2 KB, synonyms, norsk_sok.js); the page script sok.js is 0.8 KB
gzip."""

from __future__ import annotations

import gzip
import importlib.resources
from pathlib import Path

INDEX_BUDGET_KB = 240
WORKER_ADDED_BUDGET_KB = 14
PAGE_SCRIPT_BUDGET_KB = 1.5
LUNR_NO = "assets/javascripts/lunr/min/lunr.no.min.js"


def gzipped(data: bytes) -> int:
    return len(gzip.compress(data, compresslevel=6, mtime=0))


def test_the_search_index_stays_within_budget(site):
    for name in ("search/search_index.json", "search/search_index.js"):
        size = (site / name).stat().st_size
        print(f"{name}: {size / 1024:.1f} KB, {gzipped((site / name).read_bytes()) / 1024:.1f} KB gzip")
        assert size <= INDEX_BUDGET_KB * 1024, f"{name}: {size / 1024:.1f} KB"


def test_what_the_norwegian_search_adds_to_the_worker_stays_within_budget(site):
    material = Path(str(importlib.resources.files("material"))) / "templates" / LUNR_NO
    added = gzipped((site / LUNR_NO).read_bytes()) - gzipped(material.read_bytes())
    print(f"{LUNR_NO}: +{added / 1024:.1f} KB gzip")
    assert 0 < added <= WORKER_ADDED_BUDGET_KB * 1024, f"+{added / 1024:.1f} KB"


def test_the_page_script_of_the_search_stays_within_budget(site):
    size = gzipped((site / "assets/javascripts/sok.js").read_bytes())
    print(f"sok.js: {size / 1024:.1f} KB gzip")
    assert size <= PAGE_SCRIPT_BUDGET_KB * 1024
