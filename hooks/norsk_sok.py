"""Norwegian search that finds what employees type, and never hands out a guide's outcome alone.

Before Material's search plugin writes its index, this hook folds each guide's steps into the
guide's own entry (`sok.fold_guides`), makes each glossary term and each practice case one short,
labelled hit (`sok.split_glossaries`, `sok.fold_cases`), checks the editors' synonym list against the handbook's
words, and builds a lemma map for the index's words. Material loads `lunr.no.min.js` into its
search worker when `search.lang` is `no`; the hook appends `norsk_sok.js` with the lemma map and
the synonyms to that file in the built site, so they run in the worker on both the index side
and the query side.
"""

from __future__ import annotations

import functools
import hashlib
import inspect
import json
import re
from pathlib import Path
from types import MethodType

import bygg
import hurtiglager
import sok
from mkdocs.exceptions import PluginError
from mkdocs.plugins import event_priority

PATCH = Path(__file__).with_name("norsk_sok.js")
TARGET = Path("assets/javascripts/lunr/min/lunr.no.min.js")
MARKER = "/* Norwegian search that understands inflection"
SYNONYMS = "docs/includes/synonymer.txt"
FIELDS = ("title", "text", "steps", "keywords")

_steps: dict[str, str] = {}
_guides: dict[str, dict] = {}
_cases: set[str] = set()
_glossaries: dict[str, list[sok.Term]] = {}
_synonyms: list[sok.Synonym] = []
_shown_as = SYNONYMS


def _search_plugin(config):
    search = config.plugins.get("material/search") or config.plugins.get("search")
    if search is None or not hasattr(search, "search_index"):
        raise PluginError("Norsk søk krever Materials søk: «- search:» under «plugins:» i mkdocs.yml.")
    return search


def _toc(items) -> list:
    """What Material's index reads of a page's table of contents."""
    return [[item.id, item.url, item.title, _toc(item.children)] for item in items]


@functools.lru_cache(maxsize=1)
def _search_code() -> str:
    from material.plugins.search import plugin  # type: ignore[import-untyped]

    return hurtiglager.code_version([plugin.__file__, __file__], ["mkdocs-material"])


def cache_entries(index, config) -> None:
    """Material's search entries of a page (it parses the whole page) are taken from the cache when
    the page's content, table of contents, address, title, tags and search settings are the same
    (keyed on those, Material's search code and version, and this hook's code)."""
    if getattr(index.add_entry_from_context, "cached", False):
        return
    from material.plugins.search import plugin

    add = index.add_entry_from_context
    results = hurtiglager.store(config, "sokeindeks", _search_code())

    def add_entry_from_context(self, page) -> None:
        try:
            key = hurtiglager.digest(page.content, _toc(page.toc), page.url, page.title, page.meta.get("title"),
                                     page.meta.get("tags"), page.meta.get("search"), plugin.jieba is not None)
        except hurtiglager.Uncacheable:
            add(page)
            return
        found = results.get(key)
        if isinstance(found, list):
            self.entries.extend(json.loads(json.dumps(found)))  # fresh copies: later hooks change entries
            return
        before = len(self.entries)
        add(page)
        results.put(key, json.loads(json.dumps(self.entries[before:])))

    add_entry_from_context.cached = True  # type: ignore[attr-defined]
    index.add_entry_from_context = MethodType(add_entry_from_context, index)


# -----------------------------------------------------------------------------
# Hooks
# -----------------------------------------------------------------------------

# Read the editors' synonym list; a mistake in it stops the build with a Norwegian message.
def on_config(config):
    _steps.clear()
    _guides.clear()
    _cases.clear()
    _glossaries.clear()
    global _shown_as
    root = Path(config.config_file_path).parent
    path = root / config.extra.get("sok_synonymer", SYNONYMS)
    _shown_as = path.relative_to(root).as_posix() if path.is_relative_to(root) else str(path)
    if not path.is_file():
        raise PluginError(f"Fant ikke synonymlisten for søket, {_shown_as}. Lag filen (den kan være tom).")
    try:
        _synonyms[:] = sok.read_synonyms(path, _shown_as)
    except sok.SynonymError as error:
        raise PluginError(str(error)) from None
    return config


#: Material's `SearchPlugin.on_page_context` (9.8.2), which `lighter_page_context` stands in for.
_MATERIAL_PAGE_CONTEXT = "33eb62fd1688be4d99a4e7bf8fc51c1be3d37602b63ad5327c9be3abf5dc8d50"
_DATA_SEARCH = re.compile(r"data-search-\w+=\"[^\"]+\"")  # Material's pattern, without its leading `\s?`


def strip_data_search(text: str) -> str:
    r"""`re.sub(r'\s?data-search-\w+="[^"]+"', "", text)` (Material's), found by its literal start:
    the optional space in front made the pattern try every character of every page."""
    parts, last = [], 0
    for match in _DATA_SEARCH.finditer(text):
        start = match.start()
        if start > last and text[start - 1].isspace():  # the space before it, unless the last match ended there
            start -= 1
        parts.append(text[last:start])
        last = match.end()
    parts.append(text[last:])
    return "".join(parts)


def lighter_page_context(search, config) -> None:
    """Material's search indexes each page and then removes its `data-search-…="…"` attributes with a
    pattern that tries every character of the page; the same work, the attributes found by their
    literal start (`strip_data_search`). Only for the Material code it was written against: after an
    upgrade that changes it, Material's own runs (tests/handbok/test_hurtig_bygg.py compares the two)."""
    method = type(search).on_page_context
    if hashlib.sha256(inspect.getsource(method).encode()).hexdigest() != _MATERIAL_PAGE_CONTEXT:
        return

    def on_page_context(context, *, page, config, nav):
        if not search.config.enabled:
            return None
        search.search_index.add_entry_from_context(page)
        if "data-search-" in page.content:
            page.content = strip_data_search(page.content)
        return None

    events = config.plugins.events["page_context"]
    events[:] = [on_page_context if getattr(event, "__func__", None) is method and event.__self__ is search
                 else event for event in events]


# Material made its index in on_config; its entries come from the cache where a page did not change.
def on_files(files, *, config):
    search = _search_plugin(config)
    cache_entries(search.search_index, config)
    lighter_page_context(search, config)
    return files


# A glossary (a definition list with an anchor on every term) leaves its page's search entry;
# each term becomes an entry of its own in on_post_build.
def on_page_content(html: str, *, page, config, files) -> str:
    if "<dl" not in html:
        return html
    html, terms = sok.glossaries(html)
    if terms:
        _glossaries[page.url] = terms
    return html


# Note which pages are guides and which are their steps (Material has indexed them by now);
# hooks/veivisere.py says which in `guide_page` (a handbook page cannot set it).
def on_page_context(context, *, page, config, nav):
    kind = page.meta.get("guide_page") if page.file.generated_by is not None else None
    if kind == "step":
        _steps[page.url] = sok.guide_page(page.url)
    elif kind == "case":
        _cases.add(page.url)
    elif kind == "guide":
        _guides[page.url] = {"description": page.meta.get("description") or "",
                             "keywords": [str(k) for k in page.meta.get("keywords") or []]}
    return context


# Before the search plugin writes the index: one entry per guide, synonyms checked, and the
# lemma map and synonyms added to the Norwegian language file of the search worker.
@event_priority(50)
def on_post_build(*, config) -> None:
    index = _search_plugin(config).search_index
    index.entries = sok.fold_guides(index.entries, _steps, _guides)
    index.entries = sok.split_glossaries(sok.fold_cases(index.entries, _cases), _glossaries)
    handbook_words = sok.vocabulary(index.entries, FIELDS)
    try:
        sok.check_synonyms(_synonyms, handbook_words, _shown_as)
    except sok.SynonymError as error:
        raise PluginError(str(error)) from None
    typed = {word for synonym in _synonyms for word in synonym.words}
    data = {
        "lemma": sok.encode_lemmas(sok.lemma_map(handbook_words | typed, cache=bygg.cache_folder(config) / "sok")),
        "synonymer": sok.synonym_targets(_synonyms),
    }
    target = Path(config.site_dir) / TARGET
    if not target.exists():
        raise PluginError(
            f"Fant ikke {TARGET} i det bygde nettstedet. Norsk søk krever "
            "«lang: [\"no\"]» under «plugins: search:» i mkdocs.yml."
        )
    text = target.read_text(encoding="utf-8").split(MARKER)[0].rstrip()
    patch = PATCH.read_text(encoding="utf-8").replace("/*DATA*/null", json.dumps(data, ensure_ascii=False))
    target.write_text(text + "\n" + patch, encoding="utf-8")
