"""
Build the model from checked field values: the presentation step that renders Markdown.

The checkers (:mod:`veiviser.validate`, :mod:`veiviser.ovelser`) only decide whether the text
an editor wrote is acceptable; this module turns that text into the model's ``*_html`` fields
(safe HTML from :func:`veiviser.markup.render_markdown`).  Plain-text fields are kept as written.
"""

from __future__ import annotations

import datetime
from pathlib import Path

from .markup import render_markdown
from .model import Answer, Case, Guide, Outcome, Question, Source, Step

__all__ = ["answer", "question", "outcome", "guide", "case", "optional_html"]


def optional_html(text: str | None) -> str | None:
    """An optional Markdown field, rendered (``None`` stays ``None``)."""

    return render_markdown(text) if text is not None else None


def answer(text: str, target: str, line: int) -> Answer:
    """An answer; its text is rendered inline (it is shown as a button)."""

    return Answer(text=text, text_html=render_markdown(text, inline=True), target=target, line=line)


def question(
    step_id: str, line: int, text: str, help_text: str | None, answers: list[Answer], unsure: str | None,
    note: str | None,
) -> Question:
    return Question(
        id=step_id,
        line=line,
        text=text,
        help_html=optional_html(help_text),
        answers=tuple(answers),
        unsure_target=unsure,
        note_html=optional_html(note),
    )


def outcome(
    step_id: str,
    line: int,
    *,
    verdict: str,
    explanation: str,
    next_steps: tuple[str, ...],
    sources: list[Source],
    copy_text: str | None,
    related: str | None,
    ask: tuple[str, ...],
    note: str | None,
    rules: tuple[str, ...] = (),
) -> Outcome:
    return Outcome(
        id=step_id,
        line=line,
        verdict=verdict,
        explanation_html=render_markdown(explanation),
        next_steps_html=tuple(render_markdown(v, inline=True) for v in next_steps),
        sources=tuple(sources),
        copy_text=copy_text,
        related_guide=related,
        ask=ask,
        note_html=optional_html(note),
        rules=rules,
    )


def guide(
    guide_id: str,
    path: Path,
    *,
    title: str,
    description: str,
    version: str,
    date: datetime.date,
    responsible: str | None,
    start: str,
    steps: dict[str, Step],
    keywords: tuple[str, ...],
) -> Guide:
    return Guide(
        id=guide_id,
        path=path,
        title=title,
        description_html=render_markdown(description),
        version=version,
        date=date,
        responsible=responsible,
        start=start,
        steps=steps,
        keywords=keywords,
    )


def case(
    path: Path,
    *,
    number: int,
    title: str,
    situation: str,
    guide: str,
    answers: tuple[str, ...],
    choices: tuple[tuple[str, int | None], ...],
    outcome: str,
    reasoning: str,
) -> Case:
    """A practice case; its situation and reasoning are rendered."""

    return Case(
        id=path.stem, path=path, number=number, title=title, situation_html=render_markdown(situation),
        guide=guide, answers=answers, choices=choices, outcome=outcome, reasoning_html=render_markdown(reasoning),
    )
