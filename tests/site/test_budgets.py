"""Budgets for what the site ships: deterministic byte counts, checked on every build."""

from __future__ import annotations


def test_no_source_maps_or_unused_search_languages(site):
    assert not list(site.rglob("*.map"))
    lunr = sorted(p.name for p in (site / "assets/javascripts/lunr").rglob("*.js"))
    assert lunr == ["lunr.no.min.js", "lunr.stemmer.support.min.js"]
