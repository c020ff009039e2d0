"""The site navigation of a page that is not in it (a guide's step, a practice case) is the same for
every such page in one folder: its links are relative to the folder, and nothing in it is marked as
the current page. Material renders it on every page; this renders it once per folder and build
(about 190 of the 219 pages are not in the navigation).

What the navigation reads is found in its templates (the variables they use, their includes' and
imports' too); the key is those values and the page's folder. Only Material's own templates are
trusted to read nothing more of the page than where it is (and its table of contents when it is in
the navigation): with an override of any of them in overrides/, every page renders its own.

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
_MATERIAL = Path(material.__file__).parent.resolve()
#: What Material's navigation reads of the page: its table of contents, only when the page is in it.
_PAGE_FIELDS = {"toc"}

_rendered: dict[tuple, str] = {}  # (folder, values the navigation reads) → its HTML, for one build
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
    if not (path and Path(path).resolve().is_relative_to(_MATERIAL)):
        raise LookupError(f"{name} is not Material's own ({path})")  # an override may read anything
    ast = env.parse(source)
    names = set(jinja2.meta.find_undeclared_variables(ast))
    for field in ast.find_all(jinja2.nodes.Getattr):
        if isinstance(field.node, jinja2.nodes.Name) and field.node.name == "page" and field.attr not in _PAGE_FIELDS:
            raise LookupError(f"{name} reads page.{field.attr}")
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
    template = env.get_template(NAV)
    render = getattr(template.root_render_func, "uncached", template.root_render_func)
    try:
        # `url` (MkDocs) makes links relative to the page's folder; `base_url` is the way back from it
        reads = sorted(_reads(env, NAV) - {"page"} | {"base_url"})
    except LookupError:
        return env  # cannot tell what it reads: Material renders it on every page
    in_nav: dict[int, set[int]] = {}  # id(nav) → ids of its pages

    def root_render_func(context):
        page, nav = context.get("page"), context.get("nav")
        if page is None or nav is None or getattr(page, "url", None) is None:
            yield from render(context)
            return
        pages = in_nav.setdefault(id(nav), {id(p) for p in nav.pages})
        if id(page) in pages:  # marked as current, with its table of contents: its own
            yield from render(context)
            return
        try:
            key = (posixpath.dirname(page.url),
                   tuple((name, _value_key(env, context.get(name), context)) for name in reads))
        except LookupError:
            yield from render(context)
            return
        if key not in _rendered:
            _rendered[key] = "".join(render(context))
        yield _rendered[key]

    root_render_func.uncached = render  # type: ignore[attr-defined]
    template.root_render_func = root_render_func
    return env
