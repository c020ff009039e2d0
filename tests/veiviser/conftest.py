"""Shared fixtures for the veiviser tests."""

from __future__ import annotations

from pathlib import Path

import pytest

import veiviser

HERE = Path(__file__).parent
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
