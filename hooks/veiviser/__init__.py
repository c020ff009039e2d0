"""
Veiviser: load, validate and walk the handbook's decision guides.

Plain Python (no MkDocs): the build hook, the templates' data and the
``python -m veiviser`` check all use this package.

    from veiviser import AnchorIndex, load_guides, GuideError

    try:
        guides = load_guides("decision_trees", anchors=AnchorIndex.from_docs(Path("docs")))
    except GuideError as exc:
        print(exc)  # every problem, in Norwegian
"""

from .anchors import NOT_PAGES, AnchorIndex, slugify
from .dates import norwegian_date
from .markup import is_safe_href, render_markdown
from .model import (
    UNSURE_LABEL,
    Answer,
    Guide,
    GuideError,
    Outcome,
    Problem,
    Question,
    Source,
    Step,
    VeiviserFeil,
)
from .ovelser import CASES_FOLDER, Case, load_cases
from .paths import (
    FollowResult,
    GuidePath,
    OutcomeRoutes,
    count_paths,
    enumerate_paths,
    follow,
    max_remaining_depth,
    routes_by_outcome,
)
from .validate import guide_files, is_valid_id, load_guide, load_guides

__all__ = [
    "NOT_PAGES",
    "UNSURE_LABEL",
    "AnchorIndex",
    "Answer",
    "CASES_FOLDER",
    "Case",
    "FollowResult",
    "Guide",
    "GuidePath",
    "OutcomeRoutes",
    "Outcome",
    "Problem",
    "Question",
    "Source",
    "Step",
    "GuideError",
    "VeiviserFeil",  # the old name of GuideError
    "count_paths",
    "enumerate_paths",
    "follow",
    "guide_files",
    "is_safe_href",
    "is_valid_id",
    "load_guide",
    "load_cases",
    "load_guides",
    "max_remaining_depth",
    "norwegian_date",
    "render_markdown",
    "routes_by_outcome",
    "slugify",
]
