"""Decision guides ("veivisere"): the YAML trees in decision_trees/ become pages at build time.

A thin adapter: the `veiviser` package loads and validates the trees (without MkDocs); this hook
adds one generated page per guide and per step, and renders them with the Jinja templates in
overrides/veiviser/. Editors' mistakes stop the build with the model's Norwegian message.

Each build's state is one `GuideBuild` (made in `on_files`). Every page the hook adds has a
`GeneratedPage` record, keyed by its `src_uri`: the page knows what it is from that record, never
from its front matter, so a handbook page cannot turn itself into a guide page.
"""

from __future__ import annotations

import base64
import functools
import html
import logging
import pickle
import posixpath
import re
import shutil
from dataclasses import dataclass, field, replace
from pathlib import Path
from types import MethodType
from typing import Any, Literal

import bygg
import hurtiglager
import jinja2
from mkdocs.exceptions import PluginError
from mkdocs.plugins import BasePlugin, event_priority
from mkdocs.structure.files import File, Files, InclusionLevel
from mkdocs.structure.pages import Page
from mkdocs.structure.toc import get_toc
from mkdocs.utils import get_relative_url

import veiviser.passages as passages_module
from veiviser import (
    CASES_FOLDER,
    UNSURE_LABEL,
    AnchorIndex,
    Case,
    Guide,
    GuideError,
    Outcome,
    Problem,
    Question,
    Source,
    count_paths,
    load_cases,
    load_guides,
    norwegian_date,
    routes_by_outcome,
)
from veiviser.anchors import NOT_PAGES, SiteMarkdown, resolve_page_link
from veiviser.diagram import DiagramError, layout
from veiviser.limits import MAP_PAGE
from veiviser.ovelser import check_coverage
from veiviser.pages import (
    GROUNDS_PAGE,
    GUIDE_SECTION,
    PRACTICE_SECTION,
    REGISTER_PAGE,
    ROLES_PAGE,
    grounds_page,
    page_collisions,
)
from veiviser.paths import max_remaining_depth
from veiviser.regler import RULES_FILE, Rule, RuleUse, gaps, load_rules, register
from veiviser.roles import Role, contact_notices, load_roles, switchboard_problems
from veiviser.siteconfig import TREES_FOLDER
from veiviser.templates import add_template_names

log = logging.getLogger("mkdocs.hooks.veivisere")

TREES = TREES_FOLDER
PRACTICE_TITLE = "Øv deg"
SECTION = GUIDE_SECTION
PRACTICE = PRACTICE_SECTION
#: The page meta key that tells templates and other hooks which kind of generated page this is.
KIND_KEY = "guide_page"

Kind = Literal["overview", "guide", "map", "step", "practice", "case", "roles", "grounds", "register"]


# -----------------------------------------------------------------------------
# Page addresses (relative to the site root; templates pass them through `url`)
# -----------------------------------------------------------------------------

def guide_src(guide_id: str) -> str:
    return f"{SECTION}/{guide_id}/index.md"


def map_src(guide_id: str) -> str:
    """The guide at a glance (diagram and every answer); «oversikt» is no step's name (RESERVED_STEP_IDS)."""
    return f"{SECTION}/{guide_id}/{MAP_PAGE}.md"


def step_src(guide_id: str, step_id: str) -> str:
    return f"{SECTION}/{guide_id}/{step_id}.md"


def case_src(case_id: str) -> str:
    return f"{PRACTICE}/{case_id}.md"


class Links:
    """Addresses of guide pages and handbook sections, for the templates."""

    def __init__(self, files: Files) -> None:
        self.files = files

    def _url(self, src: str) -> str:
        file = self.files.get_file_from_path(src)
        if file is None:
            raise PluginError(f"Fant ikke siden {src}.")
        return file.url

    def guide(self, guide_id: str) -> str:
        return self._url(guide_src(guide_id))

    def step(self, guide_id: str, step_id: str) -> str:
        return self._url(step_src(guide_id, step_id))

    def map(self, guide_id: str) -> str:
        return self._url(map_src(guide_id))

    def source(self, source) -> str:
        return f"{self._url(source.page)}#{source.anchor}"

    def index(self) -> str:
        return self._url(f"{SECTION}/index.md")

    def practice(self) -> str:
        return self._url(f"{PRACTICE}/index.md")

    def case(self, case_id: str) -> str:
        return self._url(case_src(case_id))

    def roles(self) -> str:
        return self._url(ROLES_PAGE)

    def register(self) -> str:
        return self._url(REGISTER_PAGE)

    def grounds(self, guide_id: str | None = None) -> str:
        return self._url(grounds_page(guide_id) if guide_id else GROUNDS_PAGE)

    def rule_source(self, rule: Rule) -> str:
        return f"{self._url(rule.page)}#{rule.anchor}"

    def role_source(self, role: Role) -> str:
        return f"{self._url(role.source_page)}#{role.source_anchor}"


# -----------------------------------------------------------------------------
# What the hook builds: one record per generated page, one state per build
# -----------------------------------------------------------------------------

@dataclass(frozen=True)
class GeneratedPage:
    """One page this hook adds: what it is (rendering dispatches on `kind`) and what it shows."""

    kind: Kind
    title: str  # plain text; escaped for page.meta (Material prints meta titles unescaped)
    sources: tuple[str, ...]  # the files it is made from, relative to the project
    description: str | None = None  # plain text
    guide: Guide | None = None  # guide, step and case pages
    step_id: str | None = None  # step pages
    case: Case | None = None  # case pages
    parent_title: str | None = None  # shown after the title in the browser tab (steps, cases)
    keywords: tuple[str, ...] = ()  # the guide's «nokkelord», for the search hook
    searchable: bool = True
    in_nav: bool = True

    def meta(self) -> dict[str, Any]:
        """What Material, the templates in overrides/ and the other hooks read on ``page.meta``
        (sidefeil.RESERVED keeps handbook pages from setting the same fields)."""
        meta: dict[str, Any] = {"title": html.escape(self.title), KIND_KEY: self.kind}
        if self.description is not None:
            meta["description"] = html.escape(self.description)
        if self.parent_title is not None:
            meta["guide_title"] = html.escape(self.parent_title)
        if self.keywords:
            meta["keywords"] = list(self.keywords)
        if not self.searchable:
            meta["search"] = {"exclude": True}
        # One source is named in the footer («kilde: …»); pages made from many name none.
        if self.kind in ("overview", "practice", "grounds", "register"):
            meta["source_files"] = list(self.sources)
        else:
            meta["source_file"] = self.sources[0]
        return meta


@dataclass
class GuideBuild:
    """Everything one build knows about the guides (made anew in every `on_files`)."""

    env: jinja2.Environment  # the theme's, escaping everything
    config: Any  # MkDocs' configuration (templates pass it to partials)
    files: Files
    roles: dict[str, Role]
    guides: dict[str, Guide]
    cases: list[Case]
    rules: list[RuleUse] = field(default_factory=list)  # the rule register, derived from the trees
    routes: dict[str, dict] = field(default_factory=dict)
    pages: dict[str, GeneratedPage] = field(default_factory=dict)  # src_uri → record
    passages: dict[tuple[str, str], str] = field(default_factory=dict)  # (page, anchor) → HTML
    common: str | None = None  # the key of what every page's rendering reads (None: not cached)
    texts: dict[str, str] = field(default_factory=dict)  # guide id → SHA-256 of the guide as text, for keys
    everything: str | None = None  # SHA-256 of every guide, case and rule use as text (pages listing all)

    def template(self, name: str) -> jinja2.Template:
        return self.env.get_template(name)

    def context(self, page: Page) -> dict[str, Any]:
        return {"page": page, "base_url": "", "config": self.config, "links": Links(self.files), "all_guides": self.guides,
                "roles": self.roles}


_build: GuideBuild | None = None


def _state() -> GuideBuild:
    assert _build is not None, "on_files makes the build's state first"
    return _build


# -----------------------------------------------------------------------------
# Helpers
# -----------------------------------------------------------------------------

def _relative(path: Path, config) -> str:
    root = Path(config.config_file_path).parent
    return path.relative_to(root).as_posix() if path.is_relative_to(root) else str(path)


def _plain(html_text: str) -> str:
    return html.unescape(re.sub(r"<[^>]+>", "", html_text)).strip()


def _record(page: Page) -> GeneratedPage | None:
    """The page's record if this hook added it (only those are guide pages, whatever their meta)."""
    if page.file.generated_by is None or _build is None:
        return None
    return _build.pages.get(page.file.src_uri)


def _step_title(step) -> str:
    return step.text if isinstance(step, Question) else step.verdict


def trees_folder(config) -> Path:
    root = Path(config.config_file_path).parent
    return root / config.extra.get("veiviser_mappe", TREES)


def _load_cached(config) -> tuple[dict[str, Role], dict[str, Guide], list[Case], list[RuleUse]]:
    """`_load`, from the cache when the handbook's pages, the trees, the settings and the code are
    as they were (the whole folders, byte for byte: the anchors, titles and passages the trees
    cite come from docs/). Only a model that loaded without a problem is kept."""
    try:
        key = hurtiglager.digest(
            hurtiglager.folder_digest(Path(config.docs_dir)), hurtiglager.folder_digest(trees_folder(config)),
            {key: config[key] for key in config if key not in _NOT_CONTENT})
    except hurtiglager.Uncacheable:
        return _load(config)
    models = hurtiglager.store(config, "veiviser-modell", _render_code())
    found = models.get(key)
    if isinstance(found, str):
        try:
            return pickle.loads(base64.b64decode(found))
        except Exception:  # noqa: BLE001 – written by other code: made anew
            pass
    loaded = _load(config)
    models.put(key, base64.b64encode(pickle.dumps(loaded)).decode("ascii"))
    return loaded


class _KeyedStore:
    """A store whose keys also carry what every entry depends on (`AnchorIndex`'s page cache)."""

    def __init__(self, store: hurtiglager.Store, common: str) -> None:
        self.store, self.common = store, common

    def get(self, key: str) -> Any | None:
        return self.store.get(self.common + key)

    def put(self, key: str, value: Any) -> None:
        self.store.put(self.common + key, value)


def _converted_pages(config, markdown_config: SiteMarkdown) -> _KeyedStore | None:
    """The handbook's pages as the guides' model converted them, keyed on each page's text and on
    the Markdown settings, the snippets' folders, the converting code and the libraries' versions."""
    root = Path(config.config_file_path).parent
    snippets = (markdown_config.configs.get("pymdownx.snippets") or {}).get("base_path") or []
    folders = [root / folder for folder in ([snippets] if isinstance(snippets, str) else snippets)]
    try:
        common = hurtiglager.digest(markdown_config.extensions, dict(markdown_config.configs),
                                    [hurtiglager.folder_digest(f) if f.is_dir() else None for f in folders])
    except hurtiglager.Uncacheable:
        return None
    code = hurtiglager.code_version([Path(passages_module.__file__).with_name("anchors.py")],
                                    ["markdown", "pymdown-extensions", "pyyaml", "pygments"])
    return _KeyedStore(hurtiglager.store(config, "sider", code), common[:32])


def _load(config) -> tuple[dict[str, Role], dict[str, Guide], list[Case], list[RuleUse]]:
    # The ids the pages will have: converted with the site's own Markdown configuration.
    markdown_config = SiteMarkdown(tuple(config.markdown_extensions), config.mdx_configs)
    anchors = AnchorIndex.from_docs(Path(config.docs_dir), exclude=NOT_PAGES, markdown_config=markdown_config,
                                    cache=_converted_pages(config, markdown_config))
    unreachable: list[Problem] = []  # nobody to reach: reported with every other problem
    try:
        kommune = config.extra.get("kommune") or {}
        unreachable = switchboard_problems(kommune, config_file=Path(config.config_file_path))
        roles = load_roles(kommune.get("roller"), config_file=Path(config.config_file_path), anchors=anchors)
        rules = load_rules(trees_folder(config) / RULES_FILE, anchors=anchors)
        guides = load_guides(trees_folder(config), anchors=anchors, roles=roles, rules=rules)
        cases = load_cases(trees_folder(config) / CASES_FOLDER, guides, anchors=anchors)
        if (trees_folder(config) / CASES_FOLDER).is_dir():  # a folder of trees without practice cases has none to check
            check_coverage(guides, cases)
        collisions = page_collisions(Path(config.docs_dir), guides, [c.id for c in cases])
        if collisions or unreachable:
            raise GuideError(collisions)
    except GuideError as error:
        raise PluginError(f"Veiviserne kan ikke bygges.\n\n{GuideError(unreachable + error.problems)}") from None
    return roles, {guide.id: guide for guide in guides}, cases, register(rules, guides)


#: Settings that do not change what a page shows.
_NOT_CONTENT = {"plugins", "hooks", "site_dir", "dev_addr", "watch", "strict"}


@functools.lru_cache(maxsize=1)
def _render_code() -> str:
    """The code that loads the model and renders the pages (this hook, the model's package) and
    the libraries' versions."""
    model = sorted(Path(passages_module.__file__).parent.glob("*.py"))
    return hurtiglager.code_version([__file__, *model], [
        "mkdocs", "mkdocs-material", "jinja2", "markupsafe", "markdown", "pymdown-extensions", "pyyaml",
        "beautifulsoup4"])


def _common(config, files: Files, roles: dict[str, Role]) -> str | None:
    """What the rendering of every generated page reads besides the guides: the roles, the
    settings, the site's files and their addresses, the theme's own templates and files (the
    diagrams' fonts are among them), and the `dot` program that lays out the diagrams. None when
    something has no text that is the same in every process."""
    dot = shutil.which("dot")
    stat = Path(dot).stat() if dot else None
    custom = config.theme.custom_dir
    try:
        return hurtiglager.digest(
            repr(roles),
            {key: config[key] for key in config if key not in _NOT_CONTENT},
            {name: dict(plugin.config) for name, plugin in config.plugins.items() if isinstance(plugin, BasePlugin)},
            [(file.src_uri, file.url) for file in files],
            hurtiglager.folder_digest(Path(custom)) if custom else None,
            [dot, stat.st_size, stat.st_mtime_ns] if stat else None,
        )
    except hurtiglager.Uncacheable:
        return None


def _model_text(build: GuideBuild, record: GeneratedPage) -> str:
    """The part of the model a page is made from, as text (frozen dataclasses: the same in every
    process). A guide's, a step's or a case's page is given its own guide and the guides its
    outcomes lead on to (`_render` gives it no others), so a change in another tree leaves it as
    it was; the pages that list everything depend on everything."""
    if record.guide is None:
        if build.everything is None:  # once per build
            uses = [(use.rule, [(guide.id, outcome.id) for guide, outcome in use.outcomes]) for use in build.rules]
            build.everything = hurtiglager.digest(repr((build.guides, build.cases, uses)))
        return repr((record.kind, build.everything))
    neighbours: tuple = ()
    if record.case is not None:
        index = next(i for i, c in enumerate(build.cases) if c.id == record.case.id)
        neighbours = (index, len(build.cases), build.cases[index - 1] if index else None,
                      build.cases[index + 1] if index + 1 < len(build.cases) else None)
    if not build.texts:  # each guide's text once per build
        build.texts.update({key: hurtiglager.digest(repr(guide)) for key, guide in build.guides.items()})
    given = [(key, build.texts[key]) for key in _given_guides(build, record.guide)]
    return repr((replace(record, guide=None), given, neighbours))


def _given_guides(build: GuideBuild, guide: Guide) -> dict[str, Guide]:
    """The guides a guide's pages may name: itself and those its outcomes lead on to."""
    wanted = {guide.id} | {o.related_guide for o in guide.outcomes if o.related_guide}
    return {key: value for key, value in build.guides.items() if key in wanted}


def _pages(guides: dict[str, Guide], cases: list[Case], config) -> dict[str, GeneratedPage]:
    """The record of every page the guides get, in the order they are added."""
    trees = tuple(_relative(g.path, config) for g in guides.values())
    pages = {f"{SECTION}/index.md": GeneratedPage(
        "overview", "Veivisere", trees, description="Veivisere for vanlige situasjoner i sosiale medier.")}
    for guide in guides.values():
        source = (_relative(guide.path, config),)
        pages[guide_src(guide.id)] = GeneratedPage(
            "guide", guide.title, source, description=_plain(guide.description_html), guide=guide,
            keywords=tuple(guide.keywords), in_nav=False)
        pages[map_src(guide.id)] = GeneratedPage(
            "map", "Hele veiviseren på én gang", source, guide=guide, parent_title=guide.title,
            searchable=False, in_nav=False)
        for step in guide.steps.values():
            pages[step_src(guide.id, step.id)] = GeneratedPage(
                "step", _step_title(step), source, guide=guide, step_id=step.id, parent_title=guide.title,
                in_nav=False)
    if cases:
        pages[f"{PRACTICE}/index.md"] = GeneratedPage(
            "practice", PRACTICE_TITLE, tuple(_relative(c.path, config) for c in cases),
            description="Øv på vanlige situasjoner med veiviserne.")
    for case in cases:
        pages[case_src(case.id)] = GeneratedPage(
            "case", case.title, (_relative(case.path, config),), guide=guides[case.guide], case=case,
            parent_title=PRACTICE_TITLE, in_nav=False)
    pages[ROLES_PAGE] = GeneratedPage(
        "roles", "Hvem spør jeg?", (_relative(Path(config.config_file_path), config),),
        description="Rollene retningslinjene nevner, hva de har ansvar for, og hvordan du når dem.")
    pages[GROUNDS_PAGE] = GeneratedPage(
        "grounds", "Kildegrunnlag for veiviserne", trees,
        description="Rådene i hvert resultat ved siden av teksten i retningslinjene de bygger på.",
        searchable=False, in_nav=False)
    docs = _relative(Path(config.docs_dir), config)
    for guide in guides.values():  # each guide's part of «Kildegrunnlag»: its tree and the pages it cites
        cited = dict.fromkeys(f"{docs}/{s.page}" for o in guide.outcomes for s in o.sources)
        pages[grounds_page(guide.id)] = GeneratedPage(
            "grounds", f"Kildegrunnlag: {guide.title}", (_relative(guide.path, config), *cited),
            description=f"Rådene i hvert resultat i veiviseren «{guide.title}» ved siden av teksten i "
                        "retningslinjene de bygger på.",
            guide=guide, searchable=False, in_nav=False)
    pages[REGISTER_PAGE] = GeneratedPage(
        "register", "Regelregister", trees + (f"{_relative(trees_folder(config), config)}/{RULES_FILE}",),
        description="Hver regel i retningslinjene og resultatene i veiviserne som gir den.",
        searchable=False, in_nav=False)
    return pages


def guide_data(guide: Guide) -> dict:
    """Everything the browser script needs to run a guide, as plain JSON-able data."""
    depth = max_remaining_depth(guide)
    steps = {}
    for step in guide.steps.values():
        if isinstance(step, Question):
            steps[step.id] = {
                "type": "question", "text": step.text, "remaining": depth[step.id],
                "answers": [{"text": a.plain, "target": a.target} for a in step.answers],
                "unsure": step.unsure_target,
            }
        else:
            steps[step.id] = {
                "type": "outcome", "text": step.verdict,
                "sources": [f"{s.page_title.rstrip('.')} – {s.title.rstrip(':')}" for s in step.sources],
            }
    return {
        "id": guide.id, "title": guide.title, "version": guide.version,
        "date": norwegian_date(guide.date), "start": guide.start, "steps": steps,
        "unsure_label": UNSURE_LABEL,
    }


_RE_PAGE_HREF = re.compile(r'href="([^":?#]+\.md)(#[^"]*)?"')


def page_links(html_text: str, page: Page, files: Files) -> str:
    """Links to handbook pages in guide texts (``side.md#anker``, relative to docs/), made relative
    to ``page`` the way MkDocs makes a page's own links (the model checked that they exist)."""
    def rewrite(match: re.Match) -> str:
        found = resolve_page_link(html.unescape(match.group(1)))
        target = files.get_file_from_path(found[0]) if found else None
        if target is None:
            return match.group(0)
        return f'href="{html.escape(target.url_relative_to(page.file))}{match.group(2) or ""}"'
    return _RE_PAGE_HREF.sub(rewrite, html_text)


def _notices(kommune: dict, roles: dict[str, Role], rules: list[RuleUse]) -> None:
    """Tell the editors (not a failure) which roles readers cannot reach yet and which rules no guide gives."""
    for notice in contact_notices(kommune, roles):
        log.info("Veivisere: %s", notice.removeprefix("Merk: "))
    missing = gaps(rules)
    if missing:
        log.info("Veivisere: %d regler i regelregisteret gir ingen veiviser (se siden «Regelregister» eller "
                 "make check): %s.", len(missing), ", ".join(rule.id for rule in missing))


# -----------------------------------------------------------------------------
# Hooks
# -----------------------------------------------------------------------------

# Load and validate the trees, then add a page for each guide and each step.
def on_files(files: Files, *, config) -> Files:
    global _build
    # Our own environment, once per build: it escapes everything (text from YAML is never
    # markup), and `is question` tells questions from outcomes.
    env = add_template_names(config.theme.get_env())
    env.autoescape = True
    env.bytecode_cache = bygg.template_cache(bygg.cache_folder(config) / "jinja")
    passages_module.cache = hurtiglager.store(config, "passasjer", hurtiglager.code_version(
        [passages_module.__file__, Path(passages_module.__file__).with_name("passage_cut.py")], ["beautifulsoup4"]))
    env.tests["question"] = lambda step: isinstance(step, Question)
    roles, guides, cases, rules = _load_cached(config)
    _notices(config.extra.get("kommune") or {}, roles, rules)
    _build = GuideBuild(env=env, config=config, files=files, roles=roles, guides=guides, cases=cases, rules=rules,
                        routes={guide.id: routes_by_outcome(guide) for guide in guides.values()},
                        pages=_pages(guides, cases, config))
    for src_uri, record in _build.pages.items():
        # MkDocs makes a page of any Markdown; the record, not this text, says what it is.
        files.append(File.generated(config, src_uri, content="",
                                    inclusion=InclusionLevel.UNDEFINED if record.in_nav else InclusionLevel.NOT_IN_NAV))
    _build.common = _common(config, files, roles)
    return files


# The templates of the whole site know «Jeg er usikker» and the date format too.
def on_env(env: jinja2.Environment, *, config, files) -> jinja2.Environment:
    return add_template_names(env)


def _render_empty(page: Page, config, files: Files) -> None:
    """`Page.render` of a generated page whose Markdown is empty, without a Markdown instance (one
    per page was most of MkDocs' own time for the guides' pages): what `Page.render` sets for "".
    Anything in the Markdown (another hook may add some) goes through MkDocs as usual."""
    if (page.markdown or "").strip():
        Page.render(page, config, files)
        return
    page.content = ""
    page.toc = get_toc([])
    page._title_from_render = None
    page.present_anchor_ids = set()
    page.links_to_anchors = {}


# A generated page's content comes from the templates (on_page_content).
def on_pre_page(page: Page, *, config, files) -> Page:
    if _record(page) is not None:
        page.render = MethodType(_render_empty, page)  # type: ignore[method-assign]
    return page


# Generated pages get their title, description and source files from their record (first, so the
# other hooks' on_page_markdown see them); handbook pages that a guide cites get links to it.
@event_priority(100)
def on_page_markdown(markdown: str, *, page: Page, config, files) -> str:
    record = _record(page)
    if record is not None:
        page.meta = record.meta()
        return markdown
    if page.file.generated_by is not None:
        return markdown
    cited = [g for g in _state().guides.values()
             if any(s.page == page.file.src_uri for o in g.outcomes for s in o.sources)]
    if cited:
        links = Links(files)
        page.meta["related_guides"] = [{"title": g.title, "url": links.guide(g.id)} for g in cited]
    return markdown


# Render guide, step and overview pages from the templates in overrides/veiviser/.
def on_page_content(html: str, *, page: Page, config, files) -> str:
    record = _record(page)
    if record is None:  # front matter in a handbook page never turns it into a guide
        if page.file.generated_by is None:
            _collect_passages(html, page)
        return html
    if record.kind == "grounds":
        return html  # filled in by on_page_context, when every handbook page has been read
    build = _state()
    if build.common is None:
        return page_links(_render(record, page), page, files)
    # A page whose part of the model, settings, templates and address did not change is as it was.
    rendered = hurtiglager.store(config, "veivisere", _render_code())
    key = hurtiglager.digest(build.common, _model_text(build, record), page.file.src_uri, page.url)
    found = rendered.get(key)
    if isinstance(found, str):
        return found
    made = page_links(_render(record, page), page, files)
    rendered.put(key, made)
    return made


def _render(record: GeneratedPage, page: Page) -> str:
    build = _state()
    context = build.context(page)
    if record.guide is not None:  # what `_model_text` keys the page on
        context["all_guides"] = _given_guides(build, record.guide)
    if record.kind == "roles":
        return build.template("veiviser/roller.html").render(**context)
    if record.kind == "register":
        chapters: dict[str, list[RuleUse]] = {}  # the handbook's chapters, in the rules file's order
        for use in build.rules:
            chapters.setdefault(use.rule.page_title, []).append(use)
        return build.template("veiviser/regelregister.html").render(
            uses=build.rules, gaps=gaps(build.rules), chapters=list(chapters.items()), **context)
    if record.kind == "overview":
        return build.template("veiviser/oversikt.html").render(guides=list(build.guides.values()), **context)
    if record.kind == "practice":
        return build.template("veiviser/ovelser.html").render(cases=build.cases, **context)
    guide = record.guide
    assert guide is not None, "guide, step and case pages have their guide"
    if record.kind == "case":
        cases = build.cases
        assert record.case is not None
        index = next(i for i, c in enumerate(cases) if c.id == record.case.id)
        return build.template("veiviser/ovelse.html").render(
            guide=guide, data=guide_data(guide), first=guide.steps[guide.start], case=record.case,
            number=index + 1, total=len(cases), previous=cases[index - 1] if index else None,
            next=cases[index + 1] if index + 1 < len(cases) else None, **context)
    if record.kind in ("guide", "map"):
        try:
            diagram = layout(guide)
        except DiagramError as error:
            raise PluginError(f"Diagrammet over veiviseren «{guide.title}» kan ikke lages.\n\n{error}") from None
        return build.template(f"veiviser/{'veiviser' if record.kind == 'guide' else 'hele'}.html").render(
            guide=guide, data=guide_data(guide), first=guide.steps[guide.start],
            diagram=diagram, routes=build.routes[guide.id], path_count=count_paths(guide), **context)
    assert record.step_id is not None
    return build.template("veiviser/steg.html").render(
        guide=guide, step=guide.steps[record.step_id], route=build.routes[guide.id].get(record.step_id), **context)


def _collect_passages(html_text: str, page: Page) -> None:
    """Remember the passages that the guides cite on this handbook page, as they were rendered."""
    build = _state()
    wanted = {s.anchor for g in build.guides.values() for o in g.outcomes for s in o.sources
              if s.page == page.file.src_uri}
    wanted |= {r.source_anchor for r in build.roles.values() if r.source_page == page.file.src_uri}
    if wanted:
        from veiviser.passages import passages

        for anchor, fragment in passages(html_text, wanted, page.file.url).items():
            build.passages[(page.file.src_uri, anchor)] = fragment


# The review pages need every handbook page read first: MkDocs renders all pages' content
# before it renders any template.
def on_page_context(context, *, page: Page, config, nav):
    record = _record(page)
    if record is not None and record.kind == "grounds":
        page.content = page_links(_render_grounds(record, page), page, _state().files)
    return context


def _render_grounds(record: GeneratedPage, page: Page) -> str:
    """«Kildegrunnlag»: the list of guides, or one guide's outcomes beside the passages they cite,
    each passage quoted once (beside the first outcome that cites it; later ones link to it)."""
    build = _state()
    context = build.context(page)
    if record.guide is None:
        return build.template("veiviser/kildegrunnlag.html").render(guides=list(build.guides.values()), **context)
    # Per outcome: each source it cites, with the passage when this is its first quote on the page,
    # or None and the outcome beside which it is quoted.
    citations: dict[str, list[tuple[Source, str | None, Outcome]]] = {}
    first: dict[tuple[str, str], Outcome] = {}
    for outcome in record.guide.outcomes:
        rows: list[tuple[Source, str | None, Outcome]] = citations.setdefault(outcome.id, [])
        for source in outcome.sources:
            key = (source.page, source.anchor)
            if key in first:
                rows.append((source, None, first[key]))
                continue
            first[key] = outcome
            handbook = build.files.get_file_from_path(source.page)
            passage = _rebase(build.passages.get(key, ""), handbook.url if handbook else "", page.url)
            rows.append((source, passage, outcome))
    return build.template("veiviser/kildegrunnlag-veiviser.html").render(
        guide=record.guide, citations=citations, quote_id=_quote_id, **context)


def _quote_id(source: Source) -> str:
    """The id of a passage's quote on a guide's «Kildegrunnlag» page."""
    return f"sitat--{source.page.removesuffix('.md').replace('/', '-')}--{source.anchor}"


_RE_RELATIVE = re.compile(r'\b(href|src)="(?![a-zA-Z][a-zA-Z0-9+.-]*:|/|#)([^"]+)"')


def _rebase(fragment: str, from_url: str, to_url: str) -> str:
    """A passage cut from the handbook page at ``from_url`` with its relative links made to work
    on the page at ``to_url``."""
    folder = posixpath.dirname(from_url)

    def rewrite(match: re.Match) -> str:
        target = posixpath.normpath(posixpath.join(folder, html.unescape(match.group(2))))
        return f'{match.group(1)}="{html.escape(get_relative_url(target, to_url))}"'
    return _RE_RELATIVE.sub(rewrite, fragment)


# `mkdocs serve` rebuilds when a tree changes, wherever the trees folder is.
def on_serve(server, *, config, builder):
    server.watch(str(trees_folder(config)))
    return server
