"""
The pages the build generates for the guides and practice cases, and
handbook pages in ``docs/`` that would collide with them.

The MkDocs hook adds these pages; a page in ``docs/`` with the same path
would be silently replaced (or replace ours), so both the build and
``python -m veiviser`` refuse it.
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

from .limits import MAP_PAGE
from .model import Guide, Problem

__all__ = ["GUIDE_SECTION", "PRACTICE_SECTION", "GROUNDS_SECTION", "ROLES_PAGE", "GROUNDS_PAGE", "REGISTER_PAGE",
           "OTHER_PAGES", "grounds_page", "generated_pages", "page_collisions"]

#: Folder of the guides' pages on the site, and of the practice cases' pages.
GUIDE_SECTION = "veivisere"
PRACTICE_SECTION = "ov-deg"
#: Folder of each guide's part of «Kildegrunnlag» (the page GROUNDS_PAGE lists them).
GROUNDS_SECTION = "kildegrunnlag"
#: Single pages the hook generates at the top of the site: «Hvem spør jeg?», «Kildegrunnlag», «Regelregister».
ROLES_PAGE = "hvem-spor-jeg.md"
GROUNDS_PAGE = "kildegrunnlag.md"
#: «Regelregister»: every rule of the guidelines and the outcomes that give it (beside «Kildegrunnlag»).
REGISTER_PAGE = "regelregister.md"
OTHER_PAGES = (ROLES_PAGE, GROUNDS_PAGE, REGISTER_PAGE)


def grounds_page(guide_id: str) -> str:
    """A guide's «Kildegrunnlag» page below ``docs/`` (``kildegrunnlag/krise.md``)."""
    return f"{GROUNDS_SECTION}/{guide_id}.md"


def generated_pages(guides: Iterable[Guide], case_ids: Iterable[str], extra: Iterable[str] = OTHER_PAGES) -> list[str]:
    """Every page the hook generates, as a path below ``docs/`` (``veivisere/krise/index.md``)."""

    pages = [*extra, f"{GUIDE_SECTION}/index.md"]
    for guide in guides:
        pages.append(f"{GUIDE_SECTION}/{guide.id}/index.md")
        pages.append(f"{GUIDE_SECTION}/{guide.id}/{MAP_PAGE}.md")
        pages.extend(f"{GUIDE_SECTION}/{guide.id}/{step_id}.md" for step_id in guide.steps)
        if GROUNDS_PAGE in extra:
            pages.append(grounds_page(guide.id))
    case_ids = list(case_ids)
    if case_ids:
        pages.append(f"{PRACTICE_SECTION}/index.md")
        pages.extend(f"{PRACTICE_SECTION}/{case_id}.md" for case_id in case_ids)
    return pages


def page_collisions(
    docs_dir: Path, guides: Iterable[Guide], case_ids: Iterable[str], extra: Iterable[str] = OTHER_PAGES
) -> list[Problem]:
    """A problem for every file in ``docs_dir`` whose page the guides would generate themselves."""

    docs_dir = Path(docs_dir)
    problems = []
    for page in generated_pages(guides, case_ids, extra):
        for candidate in (page, page[: -len(".md")] + ".html"):
            path = docs_dir / candidate
            if path.exists() or path.is_symlink():
                problems.append(
                    Problem(
                        path,
                        None,
                        None,
                        f"Siden «{candidate}» i håndboka har samme adresse som en side som lages av veiviserne "
                        f"(mappene «{GUIDE_SECTION}/», «{PRACTICE_SECTION}/» og «{GROUNDS_SECTION}/» og sidene "
                        f"{', '.join(f'«{p}»' for p in extra)} lages ved byggingen).",
                        "Gi filen et annet navn eller flytt den til en annen mappe, og rett lenkene til den.",
                    )
                )
    return problems
