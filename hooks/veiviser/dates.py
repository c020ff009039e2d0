"""
The one date format the handbook shows: Norwegian ``dd.mm.yyyy`` (``09.05.2026``).

The guides' pages, the PDF, «Sist endret» and the change log (which editors write in the
same format) all use it from here; templates get it as the ``dato`` filter.
"""

from __future__ import annotations

import datetime as dt

__all__ = ["DATE_FORMAT", "norwegian_date", "parse_norwegian_date"]

#: ``strftime``/``strptime`` format of a date as the handbook writes it.
DATE_FORMAT = "%d.%m.%Y"


def norwegian_date(day: dt.date) -> str:
    """``day`` as the handbook shows it: ``09.05.2026``."""

    return day.strftime(DATE_FORMAT)


def parse_norwegian_date(text: str) -> dt.date:
    """The date in ``text`` (``09.05.2026``); ``ValueError`` if it is none."""

    return dt.datetime.strptime(text, DATE_FORMAT).date()
