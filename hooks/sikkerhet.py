"""No live script from any content, in two layers.

1. Every page's content is sanitised with nh3 (the Ammonia sanitiser) against an allow-list of what
   the handbook uses. If a page has something the sanitiser removes (a <script>, an `onclick`
   attribute, a `javascript:` link, an <iframe> …), the build stops with a Norwegian message
   naming the line: editors learn about it instead of it vanishing silently. What is published
   is always the sanitiser's output.
2. Every page carries a Content Security Policy (overrides/main.html) that allows scripts from the
   site's own files and only those inline scripts that come from the templates in
   `partials/javascripts/` (Material's and ours), by hash, computed for each page at build time.

Runs last among the hooks, so it sees the content the other hooks made.
"""

from __future__ import annotations

import base64
import hashlib
import html
import json
import re
from collections import Counter
from pathlib import Path

import hurtiglager
import jinja2.meta
import jinja2.nodes
import nh3
import sidefeil
from mkdocs.exceptions import PluginError
from sidefeil import Problem, line_of

# -----------------------------------------------------------------------------
# What content may contain
# -----------------------------------------------------------------------------

SVG_TAGS = {"svg", "g", "path", "polygon", "polyline", "ellipse", "circle", "rect", "line", "text", "tspan",
            "title", "defs", "marker", "desc"}
TAGS = {
    "a", "abbr", "b", "blockquote", "br", "caption", "cite", "code", "col", "colgroup", "dd", "del", "details",
    "dfn", "div", "dl", "dt", "em", "figcaption", "figure", "h1", "h2", "h3", "h4", "h5", "h6", "hr", "i",
    "img", "ins", "kbd", "li", "mark", "ol", "p", "pre", "q", "s", "samp", "small", "span", "strong", "sub",
    "summary", "sup", "table", "tbody", "td", "tfoot", "th", "thead", "time", "tr", "u", "ul", "var", "wbr",
    "section", "aside", "nav", "header", "footer", "article", "main",
    "form", "fieldset", "legend", "label", "input", "button", "output", "progress",
} | SVG_TAGS
SVG_PRESENTATION = {"fill", "stroke", "stroke-width", "stroke-dasharray", "stroke-linecap", "stroke-linejoin",
                    "opacity", "fill-opacity", "stroke-opacity", "transform", "font-family", "font-size",
                    "font-weight", "font-style", "text-anchor", "dominant-baseline", "marker-end", "marker-start"}
ATTRIBUTES = {
    "*": {"id", "class", "title", "lang", "dir", "hidden", "role", "tabindex"},
    "a": {"href", "name", "download", "hreflang", "type", "target", "rel"},
    "img": {"src", "alt", "width", "height", "loading"},
    "ol": {"start", "type", "reversed"},
    "li": {"value"},
    "td": {"colspan", "rowspan", "align"},
    "th": {"colspan", "rowspan", "align", "scope"},
    "col": {"span"}, "colgroup": {"span"},
    "details": {"open"},
    "time": {"datetime"},
    "blockquote": {"cite"}, "q": {"cite"}, "del": {"cite", "datetime"}, "ins": {"cite", "datetime"},
    "form": {"novalidate"},
    "label": {"for"},
    "input": {"type", "name", "value", "checked", "disabled", "required", "autocomplete", "placeholder"},
    "button": {"type", "name", "value", "disabled"},
    "output": {"for", "name"}, "progress": {"value", "max"},
    "svg": {"xmlns", "viewBox", "width", "height", "preserveAspectRatio", "focusable"} | SVG_PRESENTATION,
    "g": SVG_PRESENTATION,
    "path": {"d"} | SVG_PRESENTATION,
    "polygon": {"points"} | SVG_PRESENTATION,
    "polyline": {"points"} | SVG_PRESENTATION,
    "ellipse": {"cx", "cy", "rx", "ry"} | SVG_PRESENTATION,
    "circle": {"cx", "cy", "r"} | SVG_PRESENTATION,
    "rect": {"x", "y", "width", "height", "rx", "ry"} | SVG_PRESENTATION,
    "line": {"x1", "y1", "x2", "y2"} | SVG_PRESENTATION,
    "text": {"x", "y", "dx", "dy"} | SVG_PRESENTATION,
    "tspan": {"x", "y", "dx", "dy"} | SVG_PRESENTATION,
    "marker": {"viewBox", "refX", "refY", "markerWidth", "markerHeight", "orient", "markerUnits"},
}
URL_SCHEMES = {"http", "https", "mailto", "tel"}
PREFIXES = {"data-", "aria-"}

# The guides' pages hold their steps in <template> elements and their data in a JSON block, which
# the sanitiser would empty: both are taken out, checked on their own and put back.
_TEMPLATE = re.compile(r"<template\b([^>]*)>(.*?)</template>", re.S)
_DATA = re.compile(r'<script type="application/json"([^>]*)>(.*?)</script>', re.S)
# A picture from elsewhere: any address type («https:example.org/…» too), or «//» and «\\» first.
_REMOTE = re.compile(r'<img\b[^>]*\ssrc="((?:[a-zA-Z][\w+.-]*:|\s*[\\/]{2})[^"]*)"', re.I)
_HOLE = re.compile(r'<div data-sikkerhet-plass="(\d+)"([^>]*)></div>')


def _clean(html: str) -> str:
    return nh3.clean(html, tags=TAGS, attributes=ATTRIBUTES, generic_attribute_prefixes=PREFIXES,
                     url_schemes=URL_SCHEMES, link_rel=None, strip_comments=True)


def sanitise(content: str, *, generated: bool = False) -> str:
    """The content with everything outside the allow-list removed."""
    if not generated:
        return _clean(content)
    kept: list[str] = []

    def hole(markup: str, attributes: str = "") -> str:
        kept.append(markup)
        return f'<div data-sikkerhet-plass="{len(kept) - 1}"{attributes}></div>'

    def data(match: re.Match) -> str:
        body = match.group(2)
        json.loads(body)  # tojson's output: valid JSON, and «<» is always escaped
        return hole(match.group(0) if "<" not in body else "")

    def template(match: re.Match) -> str:
        return hole(sanitise(match.group(2), generated=True), match.group(1))

    cleaned = _clean(_TEMPLATE.sub(template, _DATA.sub(data, content)))

    def restore(match: re.Match) -> str:
        inner = kept[int(match.group(1))]
        if inner.startswith("<script"):
            return inner
        return f"<template{match.group(2)}>{inner}</template>"

    return _HOLE.sub(restore, cleaned)


_COMMENT = re.compile(r"<!--.*?-->", re.S)
# A browser also reads «/» between a tag's name and its attributes as a space (<script/src=…>).
_START_TAG = re.compile(r"<([a-zA-Z][\w:-]*)((?:[\s/]+[^\s=>/]+(?:\s*=\s*(?:\"[^\"]*\"|'[^']*'|[^\s>]+))?)*)[\s/]*>")
_ATTRIBUTE = re.compile(r"""([^\s=>/]+)(?:\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s>]+)))?""")


def _facts(html_text: str) -> Counter:
    """Elements (tag,) and attributes (tag, name, value) of some HTML, to see what the sanitiser
    took away (a regular expression over start tags: the same on both sides, and fast)."""
    facts: Counter = Counter()
    for tag in _START_TAG.finditer(_COMMENT.sub("", html_text)):
        name = tag.group(1).lower()
        facts[(name,)] += 1
        for attribute in _ATTRIBUTE.finditer(tag.group(2)):
            value = next((v for v in attribute.groups()[1:] if v is not None), "")
            facts[(name, attribute.group(1).lower(), html.unescape(value))] += 1
    return facts


def removed(before: str, after: str) -> list[tuple]:
    """What the sanitiser removed: elements (tag,) and attributes (tag, name, value)."""
    gone = _facts(before) - _facts(after)
    # An attribute of a removed element is not a finding of its own.
    tags = {fact[0] for fact in gone if len(fact) == 1}
    return [fact for fact in gone if len(fact) == 1 or fact[0] not in tags]


def explain(fact: tuple, file: str, source: str) -> Problem:
    """A Norwegian message for one thing the sanitiser removed from a handbook page."""
    if len(fact) == 1:
        tag = fact[0]
        line = line_of(source, f"<{tag}", ignore_case=True)
        if tag == "script":
            return Problem(file, line, "Siden har et <script>-element. Skript i teksten er ikke tillatt: de "
                           "ville kjørt med rettighetene til hele intranettet.",
                           "Fjern <script>…</script>. Trenger siden noe som virker med JavaScript, må en utvikler "
                           "legge det i overrides/.")
        return Problem(file, line, f"Siden har et <{tag}>-element, som ikke er tillatt i håndboka (det kan "
                       f"hente innhold fra andre steder eller kjøre skript).",
                       f"Fjern <{tag}>. Vil du vise til noe på en annen side, bruk en vanlig lenke: [tekst](https://…).")
    tag, name, value = fact
    if name.startswith("on"):
        line = line_of(source, f"{name}=", name, ignore_case=True)
        return Problem(file, line, f"Siden har attributtet «{name}» (på <{tag}>), som kjører skript når noen "
                       f"klikker eller laster siden. Det er ikke tillatt.",
                       f"Fjern {name}=… (også i {{: … }} etter et avsnitt eller en overskrift).")
    if name in ("href", "src"):
        line = line_of(source, value, ignore_case=True) or line_of(source, value.split(":", 1)[0] + ":",
                                                                   ignore_case=True)
        return Problem(file, line, f"Lenken «{value[:60]}» bruker en adressetype som ikke er tillatt (bare "
                       f"https:, http:, mailto:, tel: og lenker til sider i håndboka).",
                       "Skriv en vanlig lenke, for eksempel [tekst](https://…) eller [tekst](bilder-og-video.md).")
    line = line_of(source, f"{name}=", name, ignore_case=True)
    hint = ("Bruk en klasse ({: .klasse }) og CSS i overrides/assets/stylesheets/kommune.css."
            if name == "style" else f"Fjern {name}=… .")
    return Problem(file, line, f"Siden har attributtet «{name}» på <{tag}>, som ikke er tillatt i håndboka.", hint)


def remote_pictures(clean: str, file: str, source: str) -> list[Problem]:
    """Pictures from other hosts: the policy blocks them, so the page would show none."""
    return [Problem(file, line_of(source, m.group(1)),
                    f"Bildet «{m.group(1)[:60]}» hentes fra et annet nettsted. Håndboka henter ingenting "
                    f"utenfra (det blokkeres, og bildet vises ikke).",
                    "Legg bildet i docs/ (for eksempel docs/bilder/) og vis til det med "
                    "![Beskrivelse](bilder/navn.png).")
            for m in _REMOTE.finditer(clean)]


def checked(config, content: str, *, generated: bool) -> tuple[str, list[tuple]]:
    """`sanitise` and `removed` of some content, from the cache when the same content was checked
    before (keyed on the content, the kind of page, this module's code and nh3's version)."""
    results = hurtiglager.store(config, "sikkerhet", _code())
    key = hurtiglager.digest(content, generated)
    found = results.get(key)
    if isinstance(found, list) and len(found) == 2 and isinstance(found[0], str):
        return found[0], [tuple(fact) for fact in found[1]]
    clean = sanitise(content, generated=generated)
    gone = removed(content, clean)
    results.put(key, [clean, gone])
    return clean, gone


_code_version: list[str] = []


def _code() -> str:
    if not _code_version:  # the code this process runs, read once
        _code_version.append(hurtiglager.code_version([__file__], ["nh3"]))
    return _code_version[0]


# -----------------------------------------------------------------------------
# Content Security Policy
# -----------------------------------------------------------------------------

#: Templates whose inline scripts the policy allows (Material's convention; ours are there too).
TRUSTED_SCRIPTS = "partials/javascripts/"
_SCRIPT = re.compile(r"<script\b([^>]*)>(.*?)</script>", re.S | re.I)
_SRC_OR_DATA = re.compile(r"""\bsrc\s*=|\btype\s*=\s*["']?application/(?:ld\+)?json""", re.I)

POLICY = ("default-src 'self'; script-src 'self' {hashes}; style-src 'self'; img-src 'self' data:; "
          "font-src 'self'; connect-src 'self'; worker-src 'self'; frame-src 'self'; manifest-src 'self'; "
          "object-src 'none'; base-uri 'self'; form-action 'self'")


def inline_scripts(html: str) -> list[str]:
    """The bodies of the inline scripts a browser would run (not src=, not JSON data)."""
    return [m.group(2) for m in _SCRIPT.finditer(html) if not _SRC_OR_DATA.search(m.group(1))]


def script_hash(body: str) -> str:
    return "'sha256-" + base64.b64encode(hashlib.sha256(body.encode("utf-8")).digest()).decode() + "'"


def _reads(env, name: str) -> frozenset[str] | None:
    """The context variables a template reads, its includes' too; None when it may read anything
    (a filter, test or function handed the whole context, such as MkDocs' `url`, or a computed include)."""
    ast = env.parse(env.loader.get_source(env, name)[0])
    for node in ast.find_all((jinja2.nodes.Filter, jinja2.nodes.Test)):
        table = env.filters if isinstance(node, jinja2.nodes.Filter) else env.tests
        if getattr(table.get(node.name), "jinja_pass_arg", None) is not None:
            return None
    names = set(jinja2.meta.find_undeclared_variables(ast))
    if any(getattr(env.globals.get(n), "jinja_pass_arg", None) is not None for n in names):
        return None
    for included in jinja2.meta.find_referenced_templates(ast):
        inner = _reads(env, included) if included is not None else None
        if inner is None:
            return None
        names |= inner
    return frozenset(names)


def _value_key(value) -> object:
    """A value of the context as part of a key within one build (the settings are one object)."""
    if value is None or isinstance(value, (str, int, float, bool)):
        return value
    if isinstance(value, (list, tuple)) and all(isinstance(v, str) for v in value):
        return tuple(value)
    return ("object", id(value))


def _trusted_hashes(env, context: dict) -> list[str]:
    context = {"features": context["config"].theme.get("features") or [], **context}
    if not _trusted:  # once per build, from the theme's folders (env.list_templates walks every icon)
        names = {f"{TRUSTED_SCRIPTS}{path.name}" for folder in context["config"].theme.dirs
                 for path in Path(folder, TRUSTED_SCRIPTS).glob("*.html")}
        _trusted.extend(sorted(names))
    hashes = []
    for name in _trusted:
        if name not in _reads_by_name:
            _reads_by_name[name] = _reads(env, name)
        reads = _reads_by_name[name]
        key = None if reads is None else (name, tuple((n, _value_key(context.get(n))) for n in sorted(reads)))
        found = _hashes_by_context.get(key) if key is not None else None
        if found is None:  # the scripts' hashes for this template and these values
            found = [script_hash(body) for body in inline_scripts(env.get_template(name).render(context))]
            if key is not None:
                _hashes_by_context[key] = found
        hashes.extend(found)
    return sorted(set(hashes))


# -----------------------------------------------------------------------------
# Hooks
# -----------------------------------------------------------------------------

_env: list = []
_trusted: list[str] = []
_reads_by_name: dict[str, frozenset[str] | None] = {}  # template → the context variables it reads
_hashes_by_context: dict[tuple, list[str]] = {}  # (template, values it reads) → its scripts' hashes
_published: dict[str, str] = {}  # each page's sanitised content, to notice content set later


def _with_policy(context, config):
    env = _env[0] if _env else config.theme.get_env()
    context["innholdssikkerhet"] = POLICY.format(hashes=" ".join(_trusted_hashes(env, context)))
    return context


def on_config(config):
    _published.clear()
    return config


def on_env(env, *, config, files):
    _env[:] = [env]
    _trusted.clear()
    _reads_by_name.clear()
    _hashes_by_context.clear()
    return env


# Sanitise the content; a handbook page with something to remove stops the build.
def on_page_content(html: str, *, page, config, files) -> str:
    generated = page.file.generated_by is not None
    try:
        clean, gone = checked(config, html, generated=generated)
    except ValueError as error:  # the guides' data block is not JSON
        raise PluginError(f"{page.file.src_uri}: Veiviserens data kan ikke leses ({error}).") from None
    if gone and generated:
        found = ", ".join(f"<{f[0]}>" if len(f) == 1 else f"«{f[1]}»" for f in gone[:5])
        sidefeil.found.append(Problem(
            page.meta.get("source_file") or page.file.src_uri, None,
            f"Teksten til siden {page.file.src_uri} har HTML som ikke er tillatt: {found}.",
            "Skriv teksten uten HTML (se «Slik lager du en veiviser» i decision_trees/README.md)."))
    elif gone or _REMOTE.search(clean):
        source = Path(page.file.abs_src_path).read_text(encoding="utf-8-sig")
        name = f"{Path(config.docs_dir).name}/{page.file.src_uri}"
        sidefeil.found.extend(explain(fact, name, source) for fact in gone)
        sidefeil.found.extend(remote_pictures(clean, name, source))
    _published[page.file.src_uri] = clean
    return clean


# The page's policy: its trusted inline scripts by hash. Content another hook set after
# on_page_content (the guides' «Kildegrunnlag» page) is sanitised here.
def on_page_context(context, *, page, config, nav):
    if page.content is not None and page.content is not _published.get(page.file.src_uri):
        clean, gone = checked(config, page.content, generated=page.file.generated_by is not None)
        if gone:
            raise PluginError(f"{page.file.src_uri}: Siden har HTML som ikke er tillatt: "
                              + ", ".join(f"<{f[0]}>" if len(f) == 1 else f"«{f[1]}»" for f in gone[:5]))
        page.content = clean
    return _with_policy(context, config)


# Every inline script on the page must be allowed by its policy (else it would not run).
def on_post_page(output: str, *, page, config) -> str:
    policy = re.search(r'http-equiv="Content-Security-Policy" content="([^"]*)"', output)
    if policy is None:
        raise PluginError(f"{page.file.src_uri}: Siden mangler Content-Security-Policy (overrides/main.html).")
    for body in inline_scripts(output):
        if script_hash(body) not in policy.group(1):
            raise PluginError(
                f"{page.file.src_uri}: Siden har et innebygd skript som ikke kommer fra en mal i "
                f"{TRUSTED_SCRIPTS} ({body[:60]!r} …), så nettleseren ville ikke kjørt det.\n"
                f"  Slik retter du det: Legg skriptet i en egen fil under overrides/assets/javascripts/, eller "
                f"i en mal under overrides/{TRUSTED_SCRIPTS}.")
    return output


# The theme's own pages (404.html) get the same policy.
def on_template_context(context, *, template_name, config):
    return _with_policy(context, config) if template_name.endswith(".html") else context
