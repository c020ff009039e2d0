"""
The passages of the handbook that the guides cite, cut out of a rendered page by their anchors,
for the review page «Kildegrunnlag» (advice beside the text it rests on).
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable
from typing import Any, Protocol

__all__ = ["passages", "Cache"]


class Cache(Protocol):
    """Where a build keeps results between runs (hooks/bygg.py's `Store`, keyed on this module's
    code and BeautifulSoup's version): a damaged or missing entry is ``None``."""

    def get(self, key: str) -> Any | None: ...

    def put(self, key: str, value: Any) -> None: ...


#: Set by the build (hooks/veivisere.py); without it every call cuts its passages anew.
cache: Cache | None = None


def passages(page_html: str, anchors: Iterable[str], page_url: str = "") -> dict[str, str]:
    """``anchor → passage HTML`` for each of ``anchors`` found in ``page_html`` (the page at ``page_url``);
    from the `cache` when the same page was cut for the same anchors before."""
    anchors = list(anchors)
    if cache is None:
        return _cut(page_html, anchors, page_url)
    key = hashlib.sha256(json.dumps([page_html, sorted(anchors), page_url]).encode("utf-8")).hexdigest()
    found = cache.get(key)
    if not (isinstance(found, dict) and all(isinstance(v, str) for v in found.values())):
        found = _cut(page_html, anchors, page_url)
        cache.put(key, found)
    return {anchor: found[anchor] for anchor in anchors if anchor in found}


def _cut(page_html: str, anchors: list[str], page_url: str) -> dict[str, str]:
    from .passage_cut import cut  # BeautifulSoup only when something is cut: its import is slow

    return cut(page_html, anchors, page_url)
