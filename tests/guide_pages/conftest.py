"""Fixtures for the generated guide pages: the real guides, loaded by the model."""

from __future__ import annotations

import pytest

from support import real_guides


@pytest.fixture(scope="session")
def guides():
    return list(real_guides())  # the same objects as support.all_paths(): loaded once
