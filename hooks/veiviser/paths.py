"""
Walking a validated guide: all paths, the answers that lead to each outcome,
depth for progress bars, and following a given list of answers (used for
practice cases).

All functions expect a guide that passed validation (every target exists,
no cycles) and walk it iteratively, so a long chain of questions cannot
exhaust Python's recursion limit.  The number of paths can grow
exponentially with the number of questions (a chain of «diamonds» doubles
it at every question); :func:`count_paths` and :func:`routes_by_outcome`
work on the steps, never on the paths, so they stay cheap for any guide.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from graphlib import TopologicalSorter
from typing import Literal

from .model import UNSURE_LABEL, Guide, Outcome, Question, Step

__all__ = [
    "Choice",
    "GuidePath",
    "OutcomeRoutes",
    "FollowResult",
    "enumerate_paths",
    "count_paths",
    "path_counts",
    "paths_to",
    "routes_by_outcome",
    "outcome_routes",
    "topological_order",
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


@dataclass(frozen=True)
class OutcomeRoutes:
    """The answers that lead to one outcome, grouped by question.

    ``answers`` lists, for every question that lies on some path to the
    outcome (in :meth:`Guide.ordered_ids` order), the options given there on
    at least one such path: answer indexes in file order, ``None`` («Jeg er
    usikker») last.  Its size is bounded by the number of answers in the
    guide, however many paths there are; ``paths`` is that number of paths.
    """

    outcome: str
    paths: int
    answers: tuple[tuple[str, tuple[int | None, ...]], ...]


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


def _targets(step: Step) -> tuple[str, ...]:
    return step.targets() if isinstance(step, Question) else ()


def topological_order(steps: Mapping[str, Step], roots: list[str] | tuple[str, ...]) -> list[str]:
    """The steps reachable from ``roots``, every step before the steps it leads to.

    ``steps`` must have no cycles (else :class:`graphlib.CycleError`); targets that are not in
    ``steps`` are left out.  The callers need only some such order, not a particular one.
    """

    leads_to: dict[str, tuple[str, ...]] = {}
    todo = [root for root in roots if root in steps]
    while todo:
        step_id = todo.pop()
        if step_id not in leads_to:
            leads_to[step_id] = tuple(t for t in _targets(steps[step_id]) if t in steps)
            todo.extend(leads_to[step_id])
    # TopologicalSorter puts a node after the nodes it is given, here the steps it leads to
    order = list(TopologicalSorter(leads_to).static_order())
    order.reverse()
    return order


def path_counts(steps: Mapping[str, Step], start: str) -> dict[str, int]:
    """For every step reachable from ``start``: the number of paths from it to an outcome."""

    counts: dict[str, int] = {}
    for step_id in reversed(topological_order(steps, [start])):
        step = steps[step_id]
        if isinstance(step, Question):
            counts[step_id] = sum(counts[_next(step, o)] for o in _options(step))
        else:
            counts[step_id] = 1
    return counts


def paths_to(steps: Mapping[str, Step], start: str) -> dict[str, int]:
    """For every step reachable from ``start``: the number of paths from ``start`` to it."""

    counts: dict[str, int] = {}
    for step_id in topological_order(steps, [start]):
        here = counts.setdefault(step_id, 1 if step_id == start else 0)
        step = steps[step_id]
        if isinstance(step, Question):
            for option in _options(step):
                target = _next(step, option)
                counts[target] = counts.get(target, 0) + here
    return counts


def count_paths(guide: Guide) -> int:
    """The number of paths :func:`enumerate_paths` would return, without enumerating them."""

    return path_counts(guide.steps, guide.start)[guide.start]


def enumerate_paths(guide: Guide) -> list[GuidePath]:
    """Every path from ``start`` to an outcome, depth-first.

    Order: answers in file order, «Jeg er usikker» last, at every question.
    The list has :func:`count_paths` items, which can be very many; pages
    show :func:`routes_by_outcome` instead.
    """

    paths: list[GuidePath] = []
    # (step, choices so far); pushed in reverse so the first answer is walked first
    stack: list[tuple[str, tuple[tuple[str, int | None], ...]]] = [(guide.start, ())]
    while stack:
        step_id, choices = stack.pop()
        step = guide.steps[step_id]
        if isinstance(step, Outcome):
            paths.append(GuidePath(choices, step_id))
            continue
        for option in reversed(_options(step)):
            stack.append((_next(step, option), choices + ((step_id, option),)))
    return paths


def routes_by_outcome(guide: Guide) -> dict[str, OutcomeRoutes]:
    """For every outcome (in :meth:`Guide.ordered_ids` order): the answers that lead there.

    An answer is listed for an outcome when at least one path to the
    outcome gives it.  Costs (outcomes × answers), never (paths).
    """

    return outcome_routes(guide.steps, guide.start, guide.ordered_ids())


def outcome_routes(steps: Mapping[str, Step], start: str, order: list[str]) -> dict[str, OutcomeRoutes]:
    """:func:`routes_by_outcome` for bare steps, questions listed in ``order``."""

    reachable = set(topological_order(steps, [start]))
    counts = paths_to(steps, start)
    incoming: dict[str, list[str]] = {}
    for step_id in reachable:
        for target in _targets(steps[step_id]):
            incoming.setdefault(target, []).append(step_id)

    routes: dict[str, OutcomeRoutes] = {}
    for outcome_id in order:
        if outcome_id not in reachable or not isinstance(steps[outcome_id], Outcome):
            continue
        leads_there = {outcome_id}
        todo = [outcome_id]
        while todo:
            for source in incoming.get(todo.pop(), []):
                if source not in leads_there:
                    leads_there.add(source)
                    todo.append(source)
        answers = []
        for step_id in order:
            step = steps[step_id]
            if step_id not in leads_there or not isinstance(step, Question):
                continue
            chosen = tuple(o for o in _options(step) if _next(step, o) in leads_there)
            answers.append((step_id, chosen))
        routes[outcome_id] = OutcomeRoutes(outcome_id, counts.get(outcome_id, 0), tuple(answers))
    return routes


def max_remaining_depth(guide: Guide) -> dict[str, int]:
    """For every step: questions still to answer on the longest way to an outcome.

    A question counts itself, so the start question of a guide whose longest
    path has 3 questions gets 3, and every outcome gets 0.
    """

    depth: dict[str, int] = {}
    for step_id in reversed(topological_order(guide.steps, list(guide.steps))):
        step = guide.steps[step_id]
        if isinstance(step, Question):
            depth[step_id] = 1 + max(depth[t] for t in step.targets())
        else:
            depth[step_id] = 0
    return {step_id: depth[step_id] for step_id in guide.steps}


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
        if _norm(a.text) == wanted or _norm(a.plain) == wanted:
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
