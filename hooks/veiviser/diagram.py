"""
Lay out a guide as a left-to-right diagram: steps as boxes, answers as labelled arrows.

Plain geometry only; ``overrides/veiviser/diagram.svg`` turns it into a static SVG. No
Graphviz binary, no JavaScript: the layout is a small layered (Sugiyama-style) placement.
"""

from __future__ import annotations

import textwrap
from dataclasses import dataclass, replace

from .model import UNSURE_LABEL, Guide, Outcome, Question

__all__ = ["Box", "Arrow", "Diagram", "layout"]

BOX_WIDTH = 190
LINE_HEIGHT = 15
BOX_PADDING = 10
CHARS_PER_LINE = 27
COLUMN_GAP = 190
ROW_GAP = 34
LABEL_CHARS = 28
LABEL_LINE_HEIGHT = 13
MARGIN = 12


@dataclass(frozen=True)
class Box:
    """One step: its place, its wrapped text lines and its kind."""

    id: str
    kind: str  # "sporsmal" or "resultat"
    x: float
    y: float
    width: float
    height: float
    lines: tuple[str, ...]

    @property
    def text_y(self) -> float:
        return self.y + BOX_PADDING + LINE_HEIGHT - 3


@dataclass(frozen=True)
class Arrow:
    """One answer: a curve from a question to the next step, with its label."""

    source: str
    target: str
    path: str
    label: tuple[str, ...]
    full_label: str
    label_x: float
    label_y: float
    label_width: float


@dataclass(frozen=True)
class Diagram:
    width: float
    height: float
    boxes: tuple[Box, ...]
    arrows: tuple[Arrow, ...]


def _wrap(text: str, width: int, max_lines: int) -> tuple[str, ...]:
    lines = textwrap.wrap(text, width) or [""]
    if len(lines) > max_lines:
        lines = lines[:max_lines]
        lines[-1] = lines[-1][: width - 1].rstrip() + "…"
    return tuple(lines)


def _edges(guide: Guide) -> list[tuple[str, str, str]]:
    edges = []
    for step in guide.steps.values():
        if isinstance(step, Question):
            edges += [(step.id, a.target, a.plain) for a in step.answers]
            if step.unsure_target:
                edges.append((step.id, step.unsure_target, UNSURE_LABEL))
    return edges


def _columns(guide: Guide, edges: list[tuple[str, str, str]]) -> list[list[str]]:
    """Longest distance from start decides the column, so every arrow points right."""
    order = guide.ordered_ids()
    rank = {step: 0 for step in order}
    for _ in order:  # relax until stable (the guide has no cycles)
        changed = False
        for source, target, _label in edges:
            if rank[target] < rank[source] + 1:
                rank[target] = rank[source] + 1
                changed = True
        if not changed:
            break
    columns: list[list[str]] = [[] for _ in range(max(rank.values()) + 1)]
    for step in order:
        columns[rank[step]].append(step)
    # Barycentre ordering: put each step near the steps that lead to it.
    parents: dict[str, list[str]] = {}
    for source, target, _label in edges:
        parents.setdefault(target, []).append(source)
    for _ in range(3):
        position = {step: i for column in columns for i, step in enumerate(column)}
        for column in columns[1:]:
            column.sort(key=lambda s: sum(position[p] for p in parents.get(s, [s])) / len(parents.get(s, [s])))
    return columns


def _separate_labels(arrows: list[Arrow]) -> list[Arrow]:
    """Push labels in the same gap apart, keeping their order, so none overlaps another."""
    placed: dict[int, Arrow] = {}
    by_gap: dict[int, list[int]] = {}
    for index, arrow in enumerate(arrows):
        by_gap.setdefault(round(arrow.label_x), []).append(index)
    for indices in by_gap.values():
        indices.sort(key=lambda i: arrows[i].label_y)
        bottom = float("-inf")
        for i in indices:
            arrow = arrows[i]
            top = max(arrow.label_y - 10, bottom + 3)
            placed[i] = replace(arrow, label_y=top + 10)
            bottom = top + len(arrow.label) * LABEL_LINE_HEIGHT + 4
    return [placed[i] for i in range(len(arrows))]


def _bezier(points, t: float) -> tuple[float, float]:
    (x0, y0), (x1, y1), (x2, y2), (x3, y3) = points
    u = 1 - t
    return (u**3 * x0 + 3 * u * u * t * x1 + 3 * u * t * t * x2 + t**3 * x3,
            u**3 * y0 + 3 * u * u * t * y1 + 3 * u * t * t * y2 + t**3 * y3)


def layout(guide: Guide) -> Diagram:
    """Place every step and every answer of ``guide``."""
    edges = _edges(guide)
    columns = _columns(guide, edges)
    texts = {
        step.id: _wrap(step.text if isinstance(step, Question) else step.verdict, CHARS_PER_LINE, 5)
        for step in guide.steps.values()
    }
    heights = {step: len(lines) * LINE_HEIGHT + 2 * BOX_PADDING for step, lines in texts.items()}
    column_heights = [sum(heights[s] for s in col) + ROW_GAP * (len(col) - 1) for col in columns]
    height = max(column_heights) + 2 * MARGIN
    boxes: dict[str, Box] = {}
    for index, column in enumerate(columns):
        x = MARGIN + index * (BOX_WIDTH + COLUMN_GAP)
        y = MARGIN + (height - 2 * MARGIN - column_heights[index]) / 2
        for step in column:
            kind = "sporsmal" if isinstance(guide.steps[step], Question) else "resultat"
            boxes[step] = Box(step, kind, x, y, BOX_WIDTH, heights[step], texts[step])
            y += heights[step] + ROW_GAP
    arrows = []
    for source, target, label in edges:
        a, b = boxes[source], boxes[target]
        x1, y1 = a.x + a.width, a.y + a.height / 2
        x2, y2 = b.x, b.y + b.height / 2
        bend = max(40.0, (x2 - x1) / 2)
        path = f"M{x1:.1f},{y1:.1f} C{x1 + bend:.1f},{y1:.1f} {x2 - bend:.1f},{y2:.1f} {x2 - 6:.1f},{y2:.1f}"
        lines = _wrap(label, LABEL_CHARS, 2)
        label_width = max(len(line) for line in lines) * 5.6 + 8
        # The label sits on the curve in the gap right after the question, clear of other boxes.
        controls = ((x1, y1), (x1 + bend, y1), (x2 - bend, y2), (x2 - 6, y2))
        label_x = x1 + COLUMN_GAP / 2
        _, label_y = min((_bezier(controls, t / 80) for t in range(81)), key=lambda p: abs(p[0] - label_x))
        arrows.append(Arrow(source, target, path, lines, label, label_x, label_y, label_width))
    arrows = _separate_labels(arrows)
    height = max([height] + [a.label_y + len(a.label) * LABEL_LINE_HEIGHT + MARGIN for a in arrows])
    width = MARGIN * 2 + len(columns) * BOX_WIDTH + (len(columns) - 1) * COLUMN_GAP
    return Diagram(width, height, tuple(boxes[s] for c in columns for s in c), tuple(arrows))
