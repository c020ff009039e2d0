"""The decision guides for print, from the model (hooks/veiviser), not from the built pages.

The same data the web pages use: `load_guides` (the trees in decision_trees/, checked the
same way), `routes_by_outcome` and `layout` (the Graphviz diagram). The print templates in
overrides/pdf/ draw them; this module only decides the print-only things: where each link
leads in the one print document, the diagram's page (portrait or landscape) and scale.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

from bs4 import BeautifulSoup
from markupsafe import Markup

from veiviser import (
    NOT_PAGES,
    AnchorIndex,
    Guide,
    GuideError,
    Outcome,
    Question,
    count_paths,
    load_guides,
    routes_by_outcome,
)
from veiviser.diagram import (
    BOX_FONT_SIZE,
    LABEL_FONT_SIZE,
    Diagram,
    DiagramError,
    DiagramPart,
    Look,
    edges_through_labels,
    layout_parts,
)
from veiviser.pages import GUIDE_SECTION
from veiviser.pages import ROLES_PAGE as ROLES_PAGE_SOURCE
from veiviser.paths import OutcomeRoutes
from veiviser.roles import Role, roles_from_config_file
from veiviser.siteconfig import TREES_FOLDER

from .links import HandbookPdfError, LinkMap, attribute_text, page_slug

ROOT = Path(__file__).resolve().parents[2]
GUIDE_FOLDER = GUIDE_SECTION
ROLES_PAGE = ROLES_PAGE_SOURCE.removesuffix(".md") + ".html"  # «Hvem spør jeg?» on the built site

# The text area of an A4 page (trykk.css: margins 22/24 mm top/bottom, 25/18 mm sides), less
# what the guide's title, description and version line take above the diagram and the
# caption below it, in pt (TITLE_BLOCK: one line of title, two of description and caption;
# title_block() counts the lines of each guide).
MM = 72 / 25.4
TITLE_BLOCK = 62 * MM
PORTRAIT = (167 * MM, 251 * MM - TITLE_BLOCK)
LANDSCAPE = (254 * MM, 164 * MM - TITLE_BLOCK)
# Characters per line (portrait, landscape) and line height of the opening page's title (18 pt
# sans bold), description (11 pt serif) and caption (9 pt sans), measured on the PDF and rounded
# down; a 3 mm reserve for what the count misses.
TITLE_LINE = ((42, 66), 8 * MM)
DESCRIPTION_LINE = ((88, 134), 5.5 * MM)
CAPTION_LINE = ((100, 150), 4.5 * MM)
RESERVE = 3 * MM
# A further part of a diagram too big for one page has a page of its own, under a heading.
PART_HEADING = 24 * MM
PORTRAIT_PART = (167 * MM, 251 * MM - PART_HEADING)
LANDSCAPE_PART = (254 * MM, 164 * MM - PART_HEADING)
# Never larger than dot's own size (10 pt text in the boxes, 9 pt on the arrows), and no text
# smaller than 8 pt on paper: a diagram that would be smaller is split by subtree.
MAX_SCALE = 1.0
MIN_TEXT = 8.0
MIN_SCALE = MIN_TEXT / min(BOX_FONT_SIZE, LABEL_FONT_SIZE)
# The layouts a part is tried in (the largest on its page wins): top-down as on the web, with
# boxes closer together, shorter or longer lines, or left to right. Labels are padded so that no arrow runs along one.
LOOKS = (
    Look(label_padding=3),
    Look(label_padding=3, nodesep=0.12),
    Look(label_padding=3, box_chars=20, label_chars=16),
    Look(label_padding=3, box_chars=30, label_chars=26),
    Look(rankdir="LR", label_padding=3, box_chars=20, label_chars=16),
)
# How near (pt on paper) an arrow may come to the text of an answer label.
LABEL_CLEARANCE = 1.0


@dataclass
class PrintDiagram:
    diagram: Diagram
    scale: float
    landscape: bool
    number: int = 1
    total: int = 1
    root: str = ""                  # the question the part starts at
    continues: tuple[int, ...] = ()  # the parts that lead here

    @property
    def width(self) -> float:      # pt
        return round(self.diagram.width * self.scale, 2)

    @property
    def height(self) -> float:     # pt
        return round(self.diagram.height * self.scale, 2)


@dataclass
class PrintSource:
    label: str
    href: str | None


@dataclass
class PrintRole:
    role: Role
    href: str | None              # the role on «Hvem spør jeg?», if that page is printed


@dataclass
class PrintOutcome:
    number: int
    slug: str
    outcome: Outcome
    explanation_html: Markup
    next_steps_html: list[Markup]
    merknad_html: Markup | None
    sources: list[PrintSource]
    related: PrintSource | None
    ask: list[PrintRole]


@dataclass
class PrintQuestion:
    question: Question
    help_html: Markup | None
    merknad_html: Markup | None


@dataclass
class GuideChapter:
    kind = "guide"
    path: str                     # the guide's page in the built site
    slug: str
    title: str
    running_title: str
    guide: Guide
    description_html: Markup
    diagrams: list[PrintDiagram]
    routes: list[OutcomeRoutes]   # per outcome, the answers that lead there (never every path)
    path_count: int
    outcomes: list[PrintOutcome]
    questions: list[PrintQuestion]
    responsible: PrintRole | None

    @property
    def diagram(self) -> PrintDiagram:
        """The diagram on the opening page (the whole one, or its first part)."""
        return self.diagrams[0]

    @property
    def outcome_numbers(self) -> dict[str, int]:
        return {o.outcome.id: o.number for o in self.outcomes}


def trees_folder() -> Path:
    """decision_trees/, or what VEIVISER_MAPPE says (as mkdocs.yml reads it)."""
    folder = Path(os.environ.get("VEIVISER_MAPPE") or TREES_FOLDER)
    return folder if folder.is_absolute() else ROOT / folder


def load(trees: Path | None = None, docs: Path | None = None) -> list[Guide]:
    return load_model(trees, docs)[0]


def load_model(trees: Path | None = None, docs: Path | None = None) -> tuple[list[Guide], dict[str, Role]]:
    """The guides and the roles of mkdocs.yml, loaded and checked as the build does."""
    anchors = AnchorIndex.from_docs(docs or ROOT / "docs", exclude=NOT_PAGES)
    try:
        roles = roles_from_config_file(ROOT / "mkdocs.yml", anchors=anchors)
        return load_guides(trees or trees_folder(), anchors=anchors, roles=roles), roles
    except GuideError as error:
        raise HandbookPdfError(f"Veiviserne kan ikke skrives ut.\n\n{error}") from None


def guide_path(guide_id: str) -> str:
    return f"{GUIDE_FOLDER}/{guide_id}/index.html"


def outcome_path(guide_id: str, step_id: str) -> str:
    return f"{GUIDE_FOLDER}/{guide_id}/{step_id}.html"


def title_block(guide: Guide, split: bool) -> tuple[float, float]:
    """How much more than TITLE_BLOCK the opening page's text takes (portrait, landscape), in pt:
    a long title or description, or the longer caption of a diagram in parts."""
    description = BeautifulSoup(guide.description_html or "", "html.parser").get_text(" ")
    caption = 215 + (140 if split else 0)   # characters, as overrides/pdf/veiviser-kapittel.html has it

    def lines(length: int, per_line: int) -> int:
        return max(1, -(-length // per_line))

    return tuple(
        max(0, lines(len(guide.title), TITLE_LINE[0][side]) - 1) * TITLE_LINE[1]
        + max(0, lines(len(" ".join(description.split())), DESCRIPTION_LINE[0][side]) - 2) * DESCRIPTION_LINE[1]
        + max(0, lines(caption, CAPTION_LINE[0][side]) - 2) * CAPTION_LINE[1] + RESERVE
        for side in (0, 1))  # type: ignore[return-value]


def fit(diagram: Diagram, first: bool = True, extra: tuple[float, float] = (0.0, 0.0)) -> PrintDiagram:
    """The page (portrait or landscape) on which the diagram is largest, and its scale there;
    ``extra``: what the opening page's text takes beyond TITLE_BLOCK (title_block())."""
    def scale(area, less=0.0):
        return min(MAX_SCALE, area[0] / diagram.width, (area[1] - less) / diagram.height)

    portrait, landscape = (scale(PORTRAIT, extra[0]), scale(LANDSCAPE, extra[1])) if first else (
        scale(PORTRAIT_PART), scale(LANDSCAPE_PART))
    return PrintDiagram(diagram, round(max(portrait, landscape), 4), landscape > portrait)


def print_diagrams(guide: Guide) -> list[PrintDiagram]:
    """The guide's diagram for print: on the opening page, or split by subtree into parts
    that each fit a page with text of at least 8 pt and no arrow through or along a label."""
    whole, split = title_block(guide, False), title_block(guide, True)

    def scale(diagram: Diagram, first: bool) -> float:
        # The first part of a split diagram is laid out with `first` but never is the whole.
        return min(fit(diagram, first, whole).scale, fit(diagram, first, split).scale) if first else \
            fit(diagram, False).scale

    def fits(diagram: Diagram, first: bool) -> bool:
        found = scale(diagram, first)
        return found >= MIN_SCALE and not edges_through_labels(diagram, LABEL_CLEARANCE / found)

    parts: list[DiagramPart] = layout_parts(guide, fits, LOOKS, scale)
    found = []
    for part in parts:
        placed = fit(part.diagram, part.number == 1, split if len(parts) > 1 else whole)
        placed.number, placed.total, placed.continues = part.number, len(parts), part.continues
        root = guide.steps[part.root]
        placed.root = root.text if isinstance(root, Question) else ""
        found.append(placed)
    return found


def _docs_href(href: str) -> str:
    """An editor's `side.md#anker` (relative to docs/) as the built page, seen from a guide page."""
    path, _, fragment = href.partition("#")
    if path.endswith(".md"):
        path = "../../" + path[:-3] + ".html"
    return path + (f"#{fragment}" if fragment else "")


def rewrite(html: str | None, links: LinkMap, page: str) -> Markup | None:
    """Links in an editor's Markdown (already safe HTML) made followable in the print document."""
    if not html:
        return None
    return _rewrite(html, links, page)


def _rewrite(html: str, links: LinkMap, page: str) -> Markup:
    soup = BeautifulSoup(html, "html.parser")
    for link in soup.find_all("a", href=True):
        link["href"] = _docs_href(attribute_text(link, "href").strip())
    links.rewrite(page, soup)
    return Markup(str(soup))


def source_href(links: LinkMap, source) -> str | None:
    page = source.page[:-3] + ".html" if source.page.endswith(".md") else source.page
    found = links.target("index.html", f"{page}#{source.anchor}")
    return found[0] if found else None


def register(links: LinkMap, guide: Guide) -> None:
    """Tell the link map where the guide and its outcome pages are in the print document."""
    slug = page_slug(guide_path(guide.id))
    links.add_page(guide_path(guide.id), slug, ids=set())
    links.guide_dirs[f"{GUIDE_FOLDER}/{guide.id}"] = slug
    outcomes = ordered_outcomes(guide)
    for number, outcome in enumerate(outcomes, start=1):
        path = outcome_path(guide.id, outcome.id)
        links.add_page(path, slug, ids=set())
        links.outcome_numbers[path] = number


def ordered_outcomes(guide: Guide) -> list[Outcome]:
    """The outcomes in the order of the table of answers (breadth-first from the start), then any others."""
    order = list(routes_by_outcome(guide))
    order += [o.id for o in guide.outcomes if o.id not in order]
    return [guide.outcome(step_id) for step_id in order]


def _note(step, links: LinkMap, page) -> Markup | None:
    """The editors' note («merknad») of a question or outcome, if it has one."""
    return rewrite(getattr(step, "note_html", None) or getattr(step, "merknad_html", None), links, page)


def _role(links: LinkMap, roles: dict[str, Role], key: str | None) -> PrintRole | None:
    if not key or key not in roles:
        return None
    found = links.target("index.html", f"{ROLES_PAGE}#{key}")
    return PrintRole(roles[key], found[0] if found else None)


def _source_label(source) -> str:
    return f"{source.page_title.rstrip('.')} – {source.title.rstrip(':')}"


def chapter(guide: Guide, links: LinkMap, guides: dict[str, Guide], roles: dict[str, Role] | None = None) -> GuideChapter:
    roles = roles or {}
    page = guide_path(guide.id)
    slug = page_slug(page)
    try:
        diagrams = print_diagrams(guide)
    except DiagramError as error:
        raise HandbookPdfError(f"Diagrammet over veiviseren «{guide.title}» kan ikke lages. {error}") from None
    outcomes = []
    for number, outcome in enumerate(ordered_outcomes(guide), start=1):
        related = None
        if outcome.related_guide and outcome.related_guide in guides:
            other = guides[outcome.related_guide]
            related = PrintSource(other.title, f"#{page_slug(guide_path(other.id))}--top")
        outcomes.append(PrintOutcome(
            number=number,
            slug=page_slug(outcome_path(guide.id, outcome.id)),
            outcome=outcome,
            explanation_html=rewrite(outcome.explanation_html, links, page) or Markup(""),
            next_steps_html=[_rewrite(step, links, page) for step in outcome.next_steps_html],  # the model refuses an empty point
            merknad_html=_note(outcome, links, page),
            sources=[PrintSource(_source_label(s), source_href(links, s)) for s in outcome.sources],
            related=related,
            ask=[r for r in (_role(links, roles, key) for key in getattr(outcome, "ask", ())) if r],
        ))
    questions = [PrintQuestion(q, rewrite(q.help_html, links, page), _note(q, links, page))
                 for q in (guide.question(i) for i in guide.ordered_ids() if isinstance(guide.steps[i], Question))]
    return GuideChapter(
        path=page, slug=slug, title=guide.title, running_title=guide.title, guide=guide,
        description_html=rewrite(guide.description_html, links, page) or Markup(""),
        diagrams=diagrams, routes=list(routes_by_outcome(guide).values()), path_count=count_paths(guide),
        outcomes=outcomes, questions=questions,
        responsible=_role(links, roles, guide.responsible),
    )
