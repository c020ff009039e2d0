"""
The sources of an outcome (``kilder:``): a reference ``side.md#anker`` resolved to a passage of the
handbook, through the anchors of ``docs/`` (:class:`~veiviser.anchors.AnchorIndex`).
"""

from __future__ import annotations

from . import format as fmt
from .anchors import AnchorIndex
from .fields import close
from .model import Source

__all__ = ["RE_SOURCE", "resolve_source"]

RE_SOURCE = fmt.python_pattern(fmt.SOURCE_PATTERN)
README = "decision_trees/README.md"


def resolve_source(ref: str, anchors: AnchorIndex | None) -> Source | tuple[str, str]:
    """The handbook passage a ``kilder`` item (``side.md#anker``) names, or (message, fix) saying why not.

    Without ``anchors`` only the form is checked, and the titles are left empty.
    """

    match = RE_SOURCE.match(ref)
    if match is None:
        return (
            f"Kilden «{ref}» har feil form. En kilde skal se slik ut: side.md#anker "
            "(filnavnet til siden i docs/, så #, så ankeret til overskriften).",
            "Skriv for eksempel  - pa-vegne-av-kommunen.md#svar-alltid  uten mellomrom. "
            f"Se «Slik viser du til håndboka» i {README}.",
        )
    page, anchor = match.group(1), match.group(2)
    if anchors is None:
        return Source(page=page, anchor=anchor, title="", page_title="")
    if not anchors.has(page):
        guess = close(page, anchors.pages())
        hint = f"Mente du «{guess}»? " if guess else ""
        return (
            f"Kilden «{ref}» viser til siden «{page}», men den siden finnes ikke i håndboka (docs/).",
            f"{hint}Skriv filnavnet til en side som finnes, med mappe hvis siden ligger i en undermappe.",
        )
    if not anchors.has(page, anchor):
        available = anchors.anchors(page)
        guess = close(anchor, available)
        hint = f"Mente du «{page}#{guess}»? " if guess else ""
        listed = ", ".join(available[:12]) + (" …" if len(available) > 12 else "")
        return (
            f"Kilden «{ref}» viser til ankeret «{anchor}», men siden «{page}» har ingen overskrift med det ankeret.",
            f"{hint}Ankre som finnes på siden: {listed or '(ingen)'}.",
        )
    return Source(
        page=page,
        anchor=anchor,
        title=anchors.title(page, anchor),
        page_title=anchors.page_title(page),
    )
