"""
The steps of a guide as a graph: references between steps, cycles and steps nobody reaches.

Runs after the fields of every step are checked (:mod:`veiviser.validate`); the size limits of
a sound graph are in :mod:`veiviser.limits`.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from pathlib import Path

from .fields import close
from .limits import graph_problems
from .loader import YNode
from .model import Outcome, Problem, Question, Step

__all__ = ["reachable", "graph_check"]


def reachable(start: str, targets: Callable[[str], Iterable[str]]) -> set[str]:
    """The steps that can be reached from ``start`` (itself included), ``targets`` giving each step's next steps."""

    seen = {start}
    todo = [start]
    while todo:
        for target in targets(todo.pop()):
            if target not in seen:
                seen.add(target)
                todo.append(target)
    return seen


def graph_check(
    path: Path,
    root: YNode,
    start: str | None,
    steps: dict[str, Step],
    step_nodes: dict[str, YNode],
    *,
    complete: bool,
    clean: bool,
) -> list[Problem]:
    """Problems with the references between steps of one file.

    ``steps`` are the steps whose fields were fine; ``complete`` says that every step was
    (else steps nobody reaches are not reported: the broken step may be the way there);
    ``clean`` that the file has no other problems (only then are the size limits checked).
    """

    checker = _Graph(path, complete, clean)
    checker.references(root, start, steps, step_nodes)
    return checker.problems


class _Graph:
    def __init__(self, path: Path, complete: bool, clean: bool) -> None:
        self.path = path
        self.graph_complete = complete
        self.clean = clean
        self.problems: list[Problem] = []

    def add(self, line: int | None, step: str | None, message: str, fix: str) -> None:
        self.problems.append(Problem(self.path, line, step, message, fix))

    def references(self, root: YNode, start: str | None, steps: dict[str, Step], step_nodes: dict[str, YNode]) -> None:
        known = list(step_nodes)
        suggested: set[str] = set()
        broken_refs = 0

        def dangling(line: int, step_id: str | None, what: str, target: str) -> None:
            nonlocal broken_refs
            broken_refs += 1
            guess = close(target, known)
            if guess:
                suggested.add(guess)
            hint = f" (mente du «{guess}»?)" if guess else ""
            self.add(
                line,
                step_id,
                f"{what} går til «{target}», men det finnes ikke noe steg med det navnet.",
                f"Skriv navnet på et steg som finnes{hint}, eller legg til steget under «steg:».",
            )

        start_ok = False
        if start is not None and step_nodes:
            if start in step_nodes:
                start_ok = True
            else:
                guess = close(start, known)
                hint = f"Mente du «{guess}»? " if guess else ""
                self.add(
                    root.value["start"].where,
                    None,
                    f"Feltet «start» er «{start}», men det finnes ikke noe steg med det navnet.",
                    f"{hint}Skriv navnet på det første steget (spørsmålet) etter «start:».",
                )

        edges: dict[str, list[tuple[str, int]]] = {}
        for step_id, step in steps.items():
            if not isinstance(step, Question):
                continue
            out: list[tuple[str, int]] = []
            items = step_nodes[step_id].value["svar"].value
            for index, answer in enumerate(step.answers):
                if answer.target in step_nodes:
                    out.append((answer.target, answer.line))
                else:
                    til = items[index].value["til"].where if index < len(items) else answer.line
                    dangling(til, step_id, f"Svaret «{answer.text}»", answer.target)
            if step.unsure_target is not None:
                unsure_line = step_nodes[step_id].value["usikker"].where
                if step.unsure_target in step_nodes:
                    out.append((step.unsure_target, unsure_line))
                else:
                    dangling(unsure_line, step_id, "«usikker» (svaret «Jeg er usikker»)", step.unsure_target)
            edges[step_id] = out

        if start_ok and start is not None and isinstance(steps.get(start), Outcome):
            self.add(
                root.value["start"].where,
                None,
                f"Veiviseren begynner med resultatet «{start}». En veiviser må begynne med et spørsmål.",
                "Skriv navnet på et spørsmål etter «start:». Trengs ingen spørsmål, hører teksten hjemme i håndboka.",
            )
            return
        before = len(self.problems)
        self.cycles(edges, step_nodes)
        cyclic = len(self.problems) > before
        # A wrong «til:» makes the steps behind it unreachable: one cause, one message.
        if start_ok and start is not None and self.graph_complete and not broken_refs:
            self.unreachable(start, edges, steps, step_nodes, skip=suggested)
        if start_ok and self.graph_complete and not broken_refs and not cyclic and not self.problems and self.clean:
            assert start is not None
            self.problems.extend(
                graph_problems(
                    self.path,
                    start,
                    steps,
                    {step_id: node.where for step_id, node in step_nodes.items()},
                    root.value["start"].where,
                    root.value["steg"].where,
                )
            )

    def cycles(self, edges: dict[str, list[tuple[str, int]]], step_nodes: dict[str, YNode]) -> None:
        """Report every cycle (one per strongly connected group of steps)."""

        order = {s: i for i, s in enumerate(step_nodes)}
        for group in _strongly_connected(edges, order):
            members = set(group)
            first = min(group, key=order.__getitem__)
            if len(group) == 1 and not any(t == first for t, _ in edges.get(first, [])):
                continue
            cycle = _find_cycle(first, edges, members)
            last = cycle[-2]
            line = next(line for t, line in edges[last] if t == first)
            ring = " → ".join(cycle)
            self.add(
                line,
                last,
                f"Veiviseren går i ring: {ring}. Da kan leseren havne i en evig løkke og aldri få et resultat.",
                "Endre ett av svarene i ringen slik at det går videre til et nytt steg eller til et resultat.",
            )

    def unreachable(
        self,
        start: str,
        edges: dict[str, list[tuple[str, int]]],
        steps: dict[str, Step],
        step_nodes: dict[str, YNode],
        *,
        skip: set[str],
    ) -> None:
        """Report steps that cannot be reached (except ``skip``: already suggested as a fix)."""

        seen = reachable(start, lambda step_id: (t for t, _ in edges.get(step_id, [])))
        incoming: dict[str, list[str]] = {}
        for source, out in edges.items():
            for target, _ in out:
                incoming.setdefault(target, []).append(source)
        for step_id, step in steps.items():
            if step_id in seen or step_id in skip:
                continue
            from_steps = incoming.get(step_id)
            if from_steps and all(s not in seen for s in from_steps):
                continue  # a consequence: the step it comes from is reported
            line = step_nodes[step_id].where
            via = (
                f" Bare steg som selv ikke kan nås ({', '.join(f'«{s}»' for s in from_steps)}) går hit."
                if from_steps
                else f" Ingen svar har «til: {step_id}» eller «usikker: {step_id}»."
            )
            if isinstance(step, Outcome):
                message = f"Ingen kan komme fram til dette resultatet.{via}"
            else:
                message = f"Ingen kan komme fram til dette spørsmålet fra start-steget «{start}».{via}"
            self.add(
                line,
                step_id,
                message,
                f"La et svar i et av spørsmålene gå hit med  til: {step_id}  , eller slett steget hvis det ikke trengs.",
            )


# graphlib finds one cycle; these give one message per group of steps, its ring spelled out from
# the group's first step in file order.
def _strongly_connected(edges: dict[str, list[tuple[str, int]]], order: dict[str, int]) -> list[list[str]]:
    """Tarjan's algorithm, iterative; groups in a deterministic order."""

    index: dict[str, int] = {}
    low: dict[str, int] = {}
    on_stack: set[str] = set()
    stack: list[str] = []
    groups: list[list[str]] = []
    counter = 0

    for root in sorted(order, key=order.__getitem__):
        if root in index:
            continue
        work = [(root, 0)]
        while work:
            node, i = work.pop()
            if i == 0:
                index[node] = low[node] = counter
                counter += 1
                stack.append(node)
                on_stack.add(node)
            targets = [t for t, _ in edges.get(node, [])]
            recurse = False
            while i < len(targets):
                target = targets[i]
                i += 1
                if target not in index:
                    work.append((node, i))
                    work.append((target, 0))
                    recurse = True
                    break
                if target in on_stack:
                    low[node] = min(low[node], index[target])
            if recurse:
                continue
            if low[node] == index[node]:
                group = []
                while True:
                    member = stack.pop()
                    on_stack.discard(member)
                    group.append(member)
                    if member == node:
                        break
                groups.append(group)
            if work:
                parent = work[-1][0]
                low[parent] = min(low[parent], low[node])
    groups.sort(key=lambda g: min(order[s] for s in g))
    return groups


def _find_cycle(first: str, edges: dict[str, list[tuple[str, int]]], members: set[str]) -> list[str]:
    """A shortest cycle ``first → … → first`` inside one strongly connected group."""

    previous: dict[str, str] = {}
    queue = [first]
    for node in queue:
        for target, _ in edges.get(node, []):
            if target not in members:
                continue
            if target == first:
                path = [node]
                while path[-1] != first:
                    path.append(previous[path[-1]])
                return [*reversed(path), first]
            if target not in previous:
                previous[target] = node
                queue.append(target)
    return [first, first]  # pragma: no cover - a group always has a cycle


