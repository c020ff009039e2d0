"""
The data model of a decision guide ("veiviser") and of validation problems.

Everything here is plain, immutable data: the validator checks the files and
:mod:`veiviser.build` builds it, the MkDocs hook and the templates read it.
Markdown fields are already rendered to safe HTML (``*_html``); the other strings are plain
text and must be escaped by whoever puts them into HTML.
"""

from __future__ import annotations

import datetime
import html
import re
from collections import deque
from dataclasses import dataclass, field
from pathlib import Path

__all__ = [
    "UNSURE_LABEL",
    "Answer",
    "Question",
    "Source",
    "Outcome",
    "Step",
    "Guide",
    "Case",
    "Problem",
    "GuideError",
    "VeiviserFeil",
]

_RE_TAG = re.compile(r"<[^>]*>")


def plain_text(html_text: str) -> str:
    """The text of rendered (safe) HTML, with spaces collapsed."""

    return " ".join(html.unescape(_RE_TAG.sub("", html_text)).split())


#: Fixed label of the extra answer that leads to a question's «usikker» step.
UNSURE_LABEL = "Jeg er usikker"


@dataclass(frozen=True)
class Answer:
    """One answer of a question: its text and the step it leads to."""

    text: str
    text_html: str
    target: str
    line: int

    @property
    def plain(self) -> str:
        """The answer as plain text (its Markdown removed), for lists, diagrams and scripts."""

        return plain_text(self.text_html)


@dataclass(frozen=True)
class Question:
    """A step that asks something."""

    id: str
    line: int
    text: str
    help_html: str | None
    answers: tuple[Answer, ...]
    unsure_target: str | None
    note_html: str | None = None  # «merknad»: the editors' note, shown apart from the advice

    def targets(self) -> tuple[str, ...]:
        """The steps this question leads to: answers in order, then «usikker»."""

        found = tuple(a.target for a in self.answers)
        return found + ((self.unsure_target,) if self.unsure_target else ())


@dataclass(frozen=True)
class Source:
    """A reference to a handbook section (``page.md#anchor``)."""

    page: str
    anchor: str
    title: str
    page_title: str

    @property
    def ref(self) -> str:
        """The reference as the editor wrote it: ``page.md#anchor``."""

        return f"{self.page}#{self.anchor}"


@dataclass(frozen=True)
class Outcome:
    """A step that gives the answer (the verdict) and what to do next."""

    id: str
    line: int
    verdict: str
    explanation_html: str
    next_steps_html: tuple[str, ...]
    sources: tuple[Source, ...]
    copy_text: str | None
    related_guide: str | None
    ask: tuple[str, ...] = ()  # «spør»: role keys of whom to ask
    note_html: str | None = None  # «merknad»: the editors' note, shown apart from the advice
    rules: tuple[str, ...] = ()  # «regler»: ids of the rules (decision_trees/regler.yml) it gives

    def targets(self) -> tuple[str, ...]:
        """Outcomes lead nowhere."""

        return ()


Step = Question | Outcome


@dataclass(frozen=True)
class Guide:
    """A whole decision guide, loaded from one YAML file."""

    id: str
    path: Path
    title: str
    description_html: str
    version: str
    date: datetime.date
    responsible: str | None  # a role key
    start: str
    steps: dict[str, Step] = field(hash=False)
    keywords: tuple[str, ...] = ()  # «nokkelord»: words the search should find the guide by

    def step(self, step_id: str) -> Step:
        """The step with ``step_id`` (``KeyError`` if there is none)."""

        return self.steps[step_id]

    def question(self, step_id: str) -> Question:
        """The question with ``step_id`` (``KeyError`` if it is not a question)."""

        step = self.steps.get(step_id)
        if not isinstance(step, Question):
            raise KeyError(step_id)
        return step

    def outcome(self, step_id: str) -> Outcome:
        """The outcome with ``step_id`` (``KeyError`` if it is not an outcome)."""

        step = self.steps.get(step_id)
        if not isinstance(step, Outcome):
            raise KeyError(step_id)
        return step

    @property
    def questions(self) -> tuple[Question, ...]:
        """All questions, in file order."""

        return tuple(s for s in self.steps.values() if isinstance(s, Question))

    @property
    def outcomes(self) -> tuple[Outcome, ...]:
        """All outcomes, in file order."""

        return tuple(s for s in self.steps.values() if isinstance(s, Outcome))

    def ordered_ids(self) -> list[str]:
        """Step ids breadth-first from ``start`` (answers in order, then «usikker»).

        Steps that cannot be reached (never the case in a validated guide)
        follow at the end in file order.
        """

        seen: dict[str, None] = {}
        queue = deque([self.start] if self.start in self.steps else [])
        while queue:
            step_id = queue.popleft()
            if step_id in seen:
                continue
            seen[step_id] = None
            queue.extend(t for t in self.steps[step_id].targets() if t in self.steps and t not in seen)
        for step_id in self.steps:
            seen.setdefault(step_id, None)
        return list(seen)


@dataclass(frozen=True)
class Case:
    """One practice case, checked against its guide."""

    id: str
    path: Path
    number: int
    title: str
    situation_html: str
    guide: str
    answers: tuple[str, ...]
    choices: tuple[tuple[str, int | None], ...]
    outcome: str
    reasoning_html: str


# ----------------------------------------------------------------------
# Problems


def display_path(path: Path | str) -> str:
    """``path`` relative to the working directory when it lies below it, posix style."""

    p = Path(path)
    if not p.is_absolute():
        return p.as_posix()
    try:
        cwd = Path.cwd()
        try:
            return p.relative_to(cwd).as_posix()
        except ValueError:
            return p.resolve().relative_to(cwd.resolve()).as_posix()
    except (ValueError, OSError, RuntimeError):
        return p.as_posix()


@dataclass(frozen=True)
class Problem:
    """One thing wrong in a guide file, explained for editors (in Norwegian)."""

    file: Path
    line: int | None
    step: str | None
    message: str
    fix: str
    column: int | None = None

    def location(self) -> str:
        """``fil, linje N, kolonne M, steg «id»`` (the parts that are known)."""

        parts = [display_path(self.file)]
        if self.line is not None:
            parts.append(f"linje {self.line}")
            if self.column is not None:
                parts.append(f"kolonne {self.column}")
        if self.step is not None:
            parts.append(f"steg «{self.step}»")
        return ", ".join(parts)

    def sort_key(self) -> tuple[str, int, int, str]:
        return (display_path(self.file), self.line or 0, self.column or 0, self.message)

    def __str__(self) -> str:
        return f"{self.location()}: {self.message}\n  Slik retter du det: {self.fix}"


class GuideError(Exception):
    """One or more guide files are broken; ``problems`` lists every problem found."""

    def __init__(self, problems: list[Problem]) -> None:
        self.problems = sorted(problems, key=Problem.sort_key)
        super().__init__(self._format())

    def _format(self) -> str:
        count = len(self.problems)
        files = len({display_path(p.file) for p in self.problems})
        where = "én fil" if files == 1 else f"{files} filer"
        head = f"Fant {count} feil i veiviserne ({where}):"
        return "\n\n".join([head, *(str(p) for p in self.problems)])

    def __str__(self) -> str:
        return self._format()


#: The name before 02.12.2026, kept for scripts written against it.
VeiviserFeil = GuideError
