"""Decision guides ("veivisere"): the YAML trees in decision_trees/ become pages at build time.

A thin adapter: the `veiviser` package loads and validates the trees (without MkDocs); this hook
adds one generated page per guide and per step, and renders them with the Jinja templates in
overrides/veiviser/. Editors' mistakes stop the build with the model's Norwegian message.
"""

from __future__ import annotations

import html
import re
from pathlib import Path

import jinja2
import yaml
from mkdocs.exceptions import PluginError
from mkdocs.structure.files import File, Files, InclusionLevel
from mkdocs.structure.pages import Page

from veiviser import (
    CASES_FOLDER,
    AnchorIndex,
    Case,
    Guide,
    Question,
    VeiviserFeil,
    count_paths,
    load_cases,
    load_guides,
    routes_by_outcome,
)
from veiviser.anchors import SiteMarkdown, resolve_page_link
from veiviser.diagram import DiagramFeil, layout
from veiviser.ovelser import check_coverage
from veiviser.pages import GUIDE_SECTION, PRACTICE_SECTION, page_collisions
from veiviser.paths import max_remaining_depth
from veiviser.roles import Role, load_roles

TREES = "decision_trees"
SECTION = GUIDE_SECTION
PRACTICE = PRACTICE_SECTION
ROLES_PAGE = "hvem-spor-jeg.md"
GROUNDS_PAGE = "kildegrunnlag.md"

_guides: dict[str, Guide] = {}
_cases: list[Case] = []
_routes: dict[str, dict] = {}
_roles: dict[str, Role] = {}
_passages: dict[tuple[str, str], str] = {}  # (page, anchor) → the handbook passage as HTML
_site_files: list[Files] = []  # this build's files, for links on the review page
_env: jinja2.Environment | None = None  # the theme's, set by on_config


# -----------------------------------------------------------------------------
# Page addresses (relative to the site root; templates pass them through `url`)
# -----------------------------------------------------------------------------

def guide_src(guide_id: str) -> str:
    return f"{SECTION}/{guide_id}/index.md"


def step_src(guide_id: str, step_id: str) -> str:
    return f"{SECTION}/{guide_id}/{step_id}.md"


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

    def source(self, source) -> str:
        return f"{self._url(source.page)}#{source.anchor}"

    def index(self) -> str:
        return self._url(f"{SECTION}/index.md")

    def practice(self) -> str:
        return self._url(f"{PRACTICE}/index.md")

    def case(self, case_id: str) -> str:
        return self._url(f"{PRACTICE}/{case_id}.md")

    def roles(self) -> str:
        return self._url(ROLES_PAGE)

    def role_source(self, role: Role) -> str:
        return f"{self._url(role.source_page)}#{role.source_anchor}"


# -----------------------------------------------------------------------------
# Helpers
# -----------------------------------------------------------------------------

def _front_matter(*, title: str, **meta) -> str:
    # Material prints a page's title and description unescaped: escape text from YAML here.
    meta = {"title": html.escape(title), **meta}
    return "---\n" + yaml.safe_dump(meta, allow_unicode=True, sort_keys=False) + "---\n"


def _relative(path: Path, config) -> str:
    root = Path(config.config_file_path).parent
    return path.relative_to(root).as_posix() if path.is_relative_to(root) else str(path)


def _plain(html_text: str) -> str:
    return html.unescape(re.sub(r"<[^>]+>", "", html_text)).strip()


def _generated(page: Page) -> bool:
    """Whether the page is one this hook added (only those may carry the guides' front matter)."""
    return page.file.generated_by is not None


def _step_title(step) -> str:
    return step.text if isinstance(step, Question) else step.verdict


def trees_folder(config) -> Path:
    root = Path(config.config_file_path).parent
    return root / config.extra.get("veiviser_mappe", TREES)


def _load(config) -> tuple[dict[str, Role], dict[str, Guide], list[Case]]:
    # The ids the pages will have: converted with the site's own Markdown configuration.
    anchors = AnchorIndex.from_docs(Path(config.docs_dir), exclude=["includes"], markdown_config=SiteMarkdown(
        tuple(config.markdown_extensions), config.mdx_configs))
    try:
        roles = load_roles((config.extra.get("kommune") or {}).get("roller"),
                           config_file=Path(config.config_file_path), anchors=anchors)
        guides = load_guides(trees_folder(config), anchors=anchors, roles=roles)
        cases = load_cases(trees_folder(config) / CASES_FOLDER, guides, anchors=anchors)
        if (trees_folder(config) / CASES_FOLDER).is_dir():  # a folder of trees without practice cases has none to check
            check_coverage(guides, cases)
        collisions = page_collisions(Path(config.docs_dir), guides, [c.id for c in cases],
                                     extra=(ROLES_PAGE, GROUNDS_PAGE))
        if collisions:
            raise VeiviserFeil(collisions)
    except VeiviserFeil as error:
        raise PluginError(f"Veiviserne kan ikke bygges.\n\n{error}") from None
    return roles, {guide.id: guide for guide in guides}, cases


def guide_data(guide: Guide) -> dict:
    """Everything the browser script needs to run a guide, as plain JSON-able data."""
    depth = max_remaining_depth(guide)
    steps = {}
    for step in guide.steps.values():
        if isinstance(step, Question):
            steps[step.id] = {
                "type": "sporsmal", "tekst": step.text, "igjen": depth[step.id],
                "svar": [{"tekst": a.plain, "til": a.target} for a in step.answers],
                "usikker": step.unsure_target,
            }
        else:
            steps[step.id] = {
                "type": "resultat", "tekst": step.verdict,
                "kilder": [f"{s.page_title.rstrip('.')} – {s.title.rstrip(':')}" for s in step.sources],
            }
    return {
        "id": guide.id, "tittel": guide.title, "versjon": guide.version,
        "dato": guide.date.strftime("%d.%m.%Y"), "start": guide.start, "steg": steps,
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


# -----------------------------------------------------------------------------
# Hooks
# -----------------------------------------------------------------------------

# Load and validate the trees, then add a page for each guide and each step.
def on_files(files: Files, *, config) -> Files:
    global _env
    # Our own environment, once per build: it escapes everything (text from YAML is never
    # markup), and `is sporsmal` tells questions from outcomes.
    _env = config.theme.get_env()
    _env.autoescape = True
    _env.tests["sporsmal"] = lambda step: isinstance(step, Question)
    roles, guides, cases = _load(config)
    _site_files[:] = [files]
    _roles.clear()
    _roles.update(roles)
    _passages.clear()
    _guides.clear()
    _guides.update(guides)
    _cases[:] = cases
    _routes.clear()
    _routes.update({guide.id: routes_by_outcome(guide) for guide in _guides.values()})
    files.append(File.generated(config, f"{SECTION}/index.md", content=_front_matter(
        title="Veivisere", description="Veivisere for vanlige situasjoner i sosiale medier.",
        veiviser_oversikt=True, kilde_filer=[_relative(g.path, config) for g in _guides.values()])))
    for guide in _guides.values():
        source = _relative(guide.path, config)
        files.append(File.generated(config, guide_src(guide.id), content=_front_matter(
            title=guide.title, description=html.escape(_plain(guide.description_html)),
            veiviser=guide.id, kilde_fil=source, nokkelord=list(guide.keywords)),
            inclusion=InclusionLevel.NOT_IN_NAV))
        for step in guide.steps.values():
            files.append(File.generated(config, step_src(guide.id, step.id), content=_front_matter(
                title=_step_title(step), veiviser_tittel=html.escape(guide.title), veiviser=guide.id,
                steg=step.id, kilde_fil=source), inclusion=InclusionLevel.NOT_IN_NAV))
    if _cases:
        files.append(File.generated(config, f"{PRACTICE}/index.md", content=_front_matter(
            title="Øv deg", description="Øv på vanlige situasjoner med veiviserne.", ovelser=True,
            kilde_filer=[_relative(c.path, config) for c in _cases])))
    for case in _cases:
        files.append(File.generated(config, f"{PRACTICE}/{case.id}.md", content=_front_matter(
            title=case.title, veiviser_tittel="Øv deg", veiviser=case.guide, ovelse=case.id,
            kilde_fil=_relative(case.path, config)), inclusion=InclusionLevel.NOT_IN_NAV))
    files.append(File.generated(config, ROLES_PAGE, content=_front_matter(
        title="Hvem spør jeg?", description="Rollene retningslinjene nevner, hva de har ansvar for, "
        "og hvordan du når dem.", roller=True, kilde_fil=_relative(Path(config.config_file_path), config))))
    files.append(File.generated(config, GROUNDS_PAGE, content=_front_matter(
        title="Kildegrunnlag for veiviserne", description="Rådene i hvert resultat ved siden av "
        "teksten i retningslinjene de bygger på.", kildegrunnlag=True, search={"exclude": True},
        kilde_filer=[_relative(g.path, config) for g in _guides.values()]),
        inclusion=InclusionLevel.NOT_IN_NAV))
    return files


# Handbook pages that a guide cites get links to that guide.
def on_page_markdown(markdown: str, *, page: Page, config, files) -> str:
    if _generated(page):
        return markdown
    cited = [g for g in _guides.values()
             if any(s.page == page.file.src_uri for o in g.outcomes for s in o.sources)]
    if cited:
        links = Links(files)
        page.meta["relaterte_veivisere"] = [{"tittel": g.title, "url": links.guide(g.id)} for g in cited]
    return markdown


# Render guide, step and overview pages from the templates in overrides/veiviser/.
def on_page_content(html: str, *, page: Page, config, files) -> str:
    if not _generated(page):  # front matter in a handbook page never turns it into a guide
        _collect_passages(html, page)
        return html
    rendered = _render(html, page=page, config=config, files=files)
    return rendered if rendered is html else page_links(rendered, page, files)


def _template(name: str) -> jinja2.Template:
    assert _env is not None, "on_config sets the template environment first"
    return _env.get_template(name)


def _render(html: str, *, page: Page, config, files) -> str:
    context = {"page": page, "base_url": "", "config": config, "links": Links(files), "all_guides": _guides,
               "roles": _roles}
    if page.meta.get("roller"):
        return _template("veiviser/roller.html").render(**context)
    if page.meta.get("kildegrunnlag"):
        return html  # filled in by on_page_context, when every handbook page has been read
    if page.meta.get("veiviser_oversikt"):
        return _template("veiviser/oversikt.html").render(guides=list(_guides.values()), **context)
    if page.meta.get("ovelser"):
        return _template("veiviser/ovelser.html").render(cases=_cases, **context)
    guide = _guides.get(page.meta.get("veiviser", ""))
    if guide is None:
        return html
    if page.meta.get("ovelse"):
        index = next(i for i, c in enumerate(_cases) if c.id == page.meta["ovelse"])
        return _template("veiviser/ovelse.html").render(
            guide=guide, data=guide_data(guide), first=guide.steps[guide.start], case=_cases[index],
            number=index + 1, total=len(_cases), previous=_cases[index - 1] if index else None,
            next=_cases[index + 1] if index + 1 < len(_cases) else None, **context)
    step_id = page.meta.get("steg")
    if step_id is None:
        try:
            diagram = layout(guide)
        except DiagramFeil as error:
            raise PluginError(f"Diagrammet over veiviseren «{guide.title}» kan ikke lages.\n\n{error}") from None
        return _template("veiviser/veiviser.html").render(
            guide=guide, data=guide_data(guide), first=guide.steps[guide.start],
            diagram=diagram, routes=_routes[guide.id], path_count=count_paths(guide), **context)
    step = guide.steps[step_id]
    return _template("veiviser/steg.html").render(
        guide=guide, step=step, route=_routes[guide.id].get(step_id), **context)


def _collect_passages(html_text: str, page: Page) -> None:
    """Remember the passages that the guides cite on this handbook page, as they were rendered."""
    wanted = {s.anchor for g in _guides.values() for o in g.outcomes for s in o.sources
              if s.page == page.file.src_uri}
    wanted |= {r.source_anchor for r in _roles.values() if r.source_page == page.file.src_uri}
    if wanted:
        from veiviser.passages import passages

        for anchor, fragment in passages(html_text, wanted, page.file.url).items():
            _passages[(page.file.src_uri, anchor)] = fragment


# The review page needs every handbook page read first: MkDocs renders all pages' content
# before it renders any template.
def on_page_context(context, *, page: Page, config, nav):
    if _generated(page) and page.meta.get("kildegrunnlag"):
        page.content = _template("veiviser/kildegrunnlag.html").render(
            guides=list(_guides.values()), passages=_passages, roles=_roles, page=page, config=config,
            base_url="", links=Links(_site_files[0]), all_guides=_guides)
        page.content = page_links(page.content, page, _site_files[0])
    return context


# `mkdocs serve` rebuilds when a tree changes, wherever the trees folder is.
def on_serve(server, *, config, builder):
    server.watch(str(trees_folder(config)))
    return server
