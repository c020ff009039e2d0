"""Parts of a page that are the same on many pages, rendered once per folder and build instead of
once per page (about 190 of the 238 pages are a guide's steps or practice cases):

- the site navigation (Material's partials/nav.html) of a page that is not in it: its links are
  relative to the folder, and nothing in it is marked as the current page;
- the search box (partials/search.html), the colour switch (partials/palette.html) and the footer
  text (partials/copyright.html), which read nothing of the page at all.

What such a part reads is found in its templates (the variables they use, their includes' and
imports' too); the key is those values and the page's folder. Material's own templates are trusted to
read nothing more of the page than where it is (and its table of contents when it is in the
navigation); a template of ours (or an override of Material's) may not read the page at all, nor use
a filter or function that is handed the whole context (other than `url`): else every page renders
its own.

MkDocs' `url` filter, which every template calls for every address, is likewise worked out once per
address and folder.
"""

from __future__ import annotations

import posixpath
from pathlib import Path

import jinja2.meta
import jinja2.nodes
import material  # type: ignore[import-untyped]
from jinja2.environment import TemplateModule
from mkdocs.utils.templates import url_filter

NAV = "partials/nav.html"
SHARED = (NAV, "partials/search.html", "partials/palette.html", "partials/copyright.html")
_MATERIAL = Path(material.__file__).parent.resolve()
#: What Material's navigation reads of the page: its table of contents, only when the page is in it.
_PAGE_FIELDS = {"toc"}

_rendered: dict[tuple, str] = {}  # (template, folder, values it reads) → its HTML, for one build
_reads_by_name: dict[str, set[str]] = {}  # template → the context variables it reads, for one build
_urls: dict[tuple[str, str, str], str] = {}  # (address, folder or base) → `url` of it, for one build


def _icon(expression: jinja2.nodes.Expr) -> bool:
    """A computed name of one of Material's icons (``".icons/" ~ name ~ ".svg"``): SVG files that
    read nothing from the context."""
    first = expression
    while isinstance(first, jinja2.nodes.Concat):
        first = first.nodes[0]
    return isinstance(first, jinja2.nodes.Const) and str(first.value).startswith(".icons/")


def _reads(env: jinja2.Environment, name: str, seen: set[str] | None = None) -> set[str]:
    """The context variables a template and the templates it includes or imports with context use
    (a template imported without context cannot read it)."""
    if seen is None:
        if name not in _reads_by_name:
            _reads_by_name[name] = _reads(env, name, set())
        return _reads_by_name[name]
    seen.add(name)
    assert env.loader is not None
    source, path, _ = env.loader.get_source(env, name)
    ast = env.parse(source)
    names = set(jinja2.meta.find_undeclared_variables(ast))
    if path and Path(path).resolve().is_relative_to(_MATERIAL):
        for field in ast.find_all(jinja2.nodes.Getattr):
            if isinstance(field.node, jinja2.nodes.Name) and field.node.name == "page" and field.attr not in _PAGE_FIELDS:
                raise LookupError(f"{name} reads page.{field.attr}")
    else:  # ours, or an override: not the page, and nothing handed the whole context but `url`
        if "page" in names:
            raise LookupError(f"{name} reads the page")
        for node in ast.find_all((jinja2.nodes.Filter, jinja2.nodes.Test)):
            table = env.filters if isinstance(node, jinja2.nodes.Filter) else env.tests
            if node.name != "url" and getattr(table.get(node.name), "jinja_pass_arg", None) is not None:
                raise LookupError(f"{name} uses «{node.name}», which is handed the whole context")
        if any(getattr(env.globals.get(n), "jinja_pass_arg", None) is not None for n in names):
            raise LookupError(f"{name} calls a function that is handed the whole context")
    for inclusion in ast.find_all((jinja2.nodes.Include, jinja2.nodes.Import, jinja2.nodes.FromImport)):
        assert isinstance(inclusion, (jinja2.nodes.Include, jinja2.nodes.Import, jinja2.nodes.FromImport))
        if not inclusion.with_context:
            continue
        if isinstance(inclusion.template, jinja2.nodes.Const) and isinstance(inclusion.template.value, str):
            if inclusion.template.value not in seen:
                names |= _reads(env, inclusion.template.value, seen)
        elif not _icon(inclusion.template):
            raise LookupError(f"{name} includes a template whose name is computed")
    return names


def _value_key(env: jinja2.Environment, value, context) -> object:
    """A value of the context within one build: text as it is; a template imported as a module
    (Material's `lang`) by its name and what it reads; anything else (the settings, the navigation)
    as the one object it is during the build."""
    if value is None or isinstance(value, (str, int, float, bool)):
        return value
    if isinstance(value, (list, tuple)) and all(isinstance(v, str) for v in value):
        return tuple(value)
    if isinstance(value, TemplateModule) and value.__name__:
        reads = sorted(_reads(env, value.__name__) - {"page"})
        return ("module", value.__name__, tuple((n, _value_key(env, context.get(n), context)) for n in reads))
    return ("object", id(value))


def _folder(url: str) -> str:
    """What `mkdocs.utils.get_relative_url` reads of the page's address: its folder (a last part
    with a dot is a file's name)."""
    folder, _, name = url.rpartition("/")
    return folder if "." in name else url


@jinja2.pass_context
def _url(context, value) -> str:
    """MkDocs' `url` filter, once per address and folder (a page calls it some 25 times, mostly with
    the same addresses as every other page in its folder)."""
    page = context["page"]
    key = (str(value), "page", _folder(page.url)) if page is not None else (str(value), "base", context["base_url"])
    if key not in _urls:
        _urls[key] = url_filter(context, value)
    return _urls[key]


def on_env(env: jinja2.Environment, *, config, files) -> jinja2.Environment:
    _rendered.clear()
    _reads_by_name.clear()
    _urls.clear()
    if env.filters.get("url") is url_filter:
        env.filters["url"] = _url
    in_nav: dict[int, set[int]] = {}  # id(nav) → ids of its pages
    for name in SHARED:
        _share(env, name, in_nav)
    return env


def _share(env: jinja2.Environment, name: str, in_nav: dict[int, set[int]]) -> None:
    """Render the template `name` once per folder and values it reads (see the module's text)."""
    try:
        template = env.get_template(name)
        # `url` (MkDocs) makes links relative to the page's folder; `base_url` is the way back from it
        reads = _reads(env, name)
    except (LookupError, jinja2.TemplateError):
        return  # cannot tell what it reads: rendered on every page
    render = getattr(template.root_render_func, "uncached", template.root_render_func)
    marks_page = "page" in reads  # the navigation: the current page and its table of contents
    keyed = sorted(reads - {"page"} | {"base_url"})

    def root_render_func(context):
        page, nav = context.get("page"), context.get("nav")
        if page is None or getattr(page, "url", None) is None or (marks_page and nav is None):
            yield from render(context)
            return
        if marks_page and id(page) in in_nav.setdefault(id(nav), {id(p) for p in nav.pages}):
            yield from render(context)  # marked as current, with its table of contents: its own
            return
        try:
            key = (name, posixpath.dirname(page.url),
                   tuple((n, _value_key(env, context.get(n), context)) for n in keyed))
        except LookupError:
            yield from render(context)
            return
        if key not in _rendered:
            _rendered[key] = "".join(render(context))
        yield _rendered[key]

    root_render_func.uncached = render  # type: ignore[attr-defined]
    template.root_render_func = root_render_func
