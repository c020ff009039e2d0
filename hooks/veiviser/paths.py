"""
Walking a validated guide: all paths, depth for progress bars, and following
a given list of answers (used for practice cases).

All functions expect a guide that passed validation (every target exists,
no cycles).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from .model import UNSURE_LABEL, Guide, Outcome, Question

__all__ = [
    "Choice",
    "GuidePath",
    "FollowResult",
    "enumerate_paths",
    "count_paths",
    "max_remaining_depth",
    "follow",
]

#: (question id, answer index, or ``None`` for «Jeg er usikker»)
Choice = tuple[str, int | None]


@dataclass(frozen=True)
class GuidePath:
    """One way through a guide: the choices made, and the outcome reached."""

    choices: tuple[tuple[str, int | None], ...]
    outcome: str

    @property
    def question_ids(self) -> tuple[str, ...]:
        """The questions on the path, in order."""

        return tuple(q for q, _ in self.choices)

    def step_ids(self) -> tuple[str, ...]:
        """All steps on the path, ending with the outcome."""

        return self.question_ids + (self.outcome,)


def _next(question: Question, choice: int | None) -> str:
    if choice is None:
        assert question.unsure_target is not None
        return question.unsure_target
    return question.answers[choice].target


def _options(question: Question) -> list[int | None]:
    options: list[int | None] = list(range(len(question.answers)))
    if question.unsure_target:
        options.append(None)
    return options


def enumerate_paths(guide: Guide) -> list[GuidePath]:
    """Every path from ``start`` to an outcome, depth-first.

    Order: answers in file order, «Jeg er usikker» last, at every question.
    The number of paths can grow quickly in large guides; use
    :func:`count_paths` when only the number is needed.
    """

    paths: list[GuidePath] = []

    def walk(step_id: str, choices: tuple[tuple[str, int | None], ...]) -> None:
        step = guide.steps[step_id]
        if isinstance(step, Outcome):
            paths.append(GuidePath(choices, step_id))
            return
        for option in _options(step):
            walk(_next(step, option), choices + ((step_id, option),))

    walk(guide.start, ())
    return paths


def count_paths(guide: Guide) -> int:
    """The number of paths :func:`enumerate_paths` would return, computed cheaply."""

    memo: dict[str, int] = {}

    def count(step_id: str) -> int:
        if step_id not in memo:
            step = guide.steps[step_id]
            if isinstance(step, Outcome):
                memo[step_id] = 1
            else:
                memo[step_id] = sum(count(_next(step, o)) for o in _options(step))
        return memo[step_id]

    return count(guide.start)


def max_remaining_depth(guide: Guide) -> dict[str, int]:
    """For every step: questions still to answer on the longest way to an outcome.

    A question counts itself, so the start question of a guide whose longest
    path has 3 questions gets 3, and every outcome gets 0.
    """

    memo: dict[str, int] = {}

    def depth(step_id: str) -> int:
        if step_id not in memo:
            step = guide.steps[step_id]
            if isinstance(step, Outcome):
                memo[step_id] = 0
            else:
                memo[step_id] = 1 + max(depth(t) for t in step.targets())
        return memo[step_id]

    for step_id in guide.steps:
        depth(step_id)
    return {step_id: memo[step_id] for step_id in guide.steps}


Status = Literal["reached", "incomplete", "unknown_answer", "too_many_answers"]


@dataclass(frozen=True)
class FollowResult:
    """Where a list of answers leads.

    ``status`` is one of

    * ``"reached"``: all answers used and an outcome reached (``outcome``);
    * ``"incomplete"``: the answers ran out at question ``step``;
    * ``"unknown_answer"``: answer number ``index`` (0-based) does not fit
      question ``step``;
    * ``"too_many_answers"``: outcome ``step`` was reached with answers left over.

    ``message`` explains anything but ``"reached"`` in Norwegian.
    """

    status: Status
    step: str
    outcome: str | None
    choices: tuple[tuple[str, int | None], ...]
    index: int | None = None
    message: str = ""

    @property
    def reached(self) -> bool:
        """Whether an outcome was reached with exactly the given answers."""

        return self.status == "reached"

    @property
    def visited(self) -> tuple[str, ...]:
        """The steps passed, including the one where the walk stopped."""

        return tuple(q for q, _ in self.choices) + (self.step,)


def _norm(text: str) -> str:
    return " ".join(text.split()).casefold()


def _match(question: Question, answer: str | int | None) -> int | None | Literal[False]:
    """The option an answer selects: an answer index, None for unsure, False if no match."""

    if answer is None:
        return None if question.unsure_target else False
    if isinstance(answer, bool):
        return False
    if isinstance(answer, int):
        return answer if 0 <= answer < len(question.answers) else False
    for i, a in enumerate(question.answers):
        if a.text == answer:
            return i
    wanted = _norm(answer)
    for i, a in enumerate(question.answers):
        if _norm(a.text) == wanted:
            return i
    if question.unsure_target and wanted == _norm(UNSURE_LABEL):
        return None
    return False


def follow(guide: Guide, answers: list[str | int] | tuple[str | int, ...]) -> FollowResult:
    """Walk from ``start`` giving ``answers`` in turn.

    An answer is the answer's text (exact, or ignoring case and extra
    spaces), its 0-based index, or «Jeg er usikker» / ``None`` for the
    unsure answer.
    """

    step_id = guide.start
    choices: list[tuple[str, int | None]] = []
    for index, answer in enumerate(answers):
        step = guide.steps[step_id]
        if isinstance(step, Outcome):
            return FollowResult(
                "too_many_answers",
                step_id,
                step_id,
                tuple(choices),
                index,
                f"Resultatet «{step_id}» er nådd etter {index} svar, men det er gitt {len(answers)} svar.",
            )
        option = _match(step, answer)
        if option is False:
            valid = ", ".join(f"«{a.text}»" for a in step.answers)
            if step.unsure_target:
                valid += f", «{UNSURE_LABEL}»"
            return FollowResult(
                "unknown_answer",
                step_id,
                None,
                tuple(choices),
                index,
                f"Svar nr. {index + 1} («{answer}») passer ikke til spørsmålet «{step.text}» "
                f"(steg «{step_id}»). Mulige svar: {valid}.",
            )
        choices.append((step_id, option))
        step_id = _next(step, option)
    step = guide.steps[step_id]
    if isinstance(step, Outcome):
        return FollowResult("reached", step_id, step_id, tuple(choices))
    return FollowResult(
        "incomplete",
        step_id,
        None,
        tuple(choices),
        len(answers),
        f"Svarene tok slutt ved spørsmålet «{step.text}» (steg «{step_id}»); det trengs flere svar.",
    )
