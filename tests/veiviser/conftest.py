"""Shared fixtures for the veiviser tests."""

from __future__ import annotations

from pathlib import Path

import pytest

import veiviser

HERE = Path(__file__).parent
ROOT = HERE.parent.parent
FIXTURES = HERE / "fixtures"
DOCS = FIXTURES / "docs"
GOOD = FIXTURES / "good"
BAD = FIXTURES / "bad"


@pytest.fixture(scope="session")
def anchors() -> veiviser.AnchorIndex:
    """The anchor index of the fake docs folder."""

    return veiviser.AnchorIndex.from_docs(DOCS)


@pytest.fixture(scope="session")
def good_guides(anchors) -> dict[str, veiviser.Guide]:
    """The valid fixture guides, by id."""

    return {g.id: g for g in veiviser.load_guides(GOOD, anchors=anchors)}


@pytest.fixture(scope="session")
def guide(good_guides) -> veiviser.Guide:
    """The small valid guide most tests use."""

    return good_guides["svare-pa-innlegg"]


@pytest.fixture(scope="session")
def real_anchors() -> veiviser.AnchorIndex:
    """The anchor index of the handbook's own docs/ (as the build sees it), built once: it takes ~0.5 s."""

    return veiviser.AnchorIndex.from_docs(ROOT / "docs", exclude=veiviser.NOT_PAGES)


@pytest.fixture(scope="session")
def real_guides(real_anchors) -> list[veiviser.Guide]:
    """The handbook's own guides in decision_trees/, loaded once (tests read them, none changes them)."""

    return veiviser.load_guides(ROOT / "decision_trees", anchors=real_anchors)
