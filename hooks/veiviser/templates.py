"""
What the Jinja templates in ``overrides/`` get from the model, whoever renders them: the site's
build (``hooks/veivisere.py``, for its own pages and Material's) and the PDF (``handbok_pdf``).
"""

from __future__ import annotations

from typing import Any

from .dates import norwegian_date
from .model import UNSURE_LABEL

__all__ = ["TEMPLATE_GLOBALS", "TEMPLATE_FILTERS", "add_template_names"]

#: Names every template may use: ``{{ UNSURE_LABEL }}``.
TEMPLATE_GLOBALS: dict[str, Any] = {"UNSURE_LABEL": UNSURE_LABEL}
#: Filters every template may use: ``{{ guide.date | dato }}`` (``09.05.2026``).
TEMPLATE_FILTERS: dict[str, Any] = {"dato": norwegian_date}


def add_template_names(env: Any) -> Any:
    """Add the names and filters to a ``jinja2.Environment``; return it."""

    env.globals.update(TEMPLATE_GLOBALS)
    env.filters.update(TEMPLATE_FILTERS)
    return env
