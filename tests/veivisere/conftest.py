"""Fixtures for the generated guide pages: the real guides, loaded by the model."""

from __future__ import annotations

import pytest

from support import ROOT
from veiviser import AnchorIndex, load_guides


@pytest.fixture(scope="session")
def guides():
    return load_guides(ROOT / "decision_trees", anchors=AnchorIndex.from_docs(ROOT / "docs", exclude=["includes"]))
