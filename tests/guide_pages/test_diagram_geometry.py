"""The guides' diagrams as the built pages draw them: read from each guide's page «Hele veiviseren på
én gang» (the SVG itself, not the layout model), no arrow runs through the text of another answer
or through a box it does not start or end at."""

from __future__ import annotations

import functools
import re
from pathlib import Path

from bs4 import BeautifulSoup

from support import ROOT
from veiviser.diagram import bezier

FONTS = ROOT / "overrides/assets/fonts"
TOLERANCE = 1.0   # pt: an arrow may graze a box's or a text's outer edge by this much
STEPS = 24        # points sampled on each Bézier segment

Rect = tuple[float, float, float, float]  # left, top, right, bottom


@functools.cache
def _advances(bold: bool) -> tuple[dict[int, str], dict[str, int], float]:
    from fontTools.ttLib import TTFont

    font = TTFont(FONTS / f"ibm-plex-sans-latin-{700 if bold else 400}-normal.woff2")
    return font.getBestCmap(), {name: width for name, (width, _) in font["hmtx"].metrics.items()}, \
        font["head"].unitsPerEm


def text_box(text, size: float, bold: bool) -> Rect:
    """A <text>'s box: its width from the font file's advances (the font dot measured it in), from the
    baseline up 0.8 and down 0.25 of the font size."""
    cmap, widths, em = _advances(bold)
    width = sum(widths[cmap[ord(c)]] for c in text.get_text()) / em * size
    x, y = float(text["x"]), float(text["y"])
    assert text.find_parent("g", attrs={"text-anchor": "middle"}), "the diagram's text is centred"
    return x - width / 2, y - 0.8 * size, x + width / 2, y + 0.25 * size


def _inherited(element, name: str) -> str:
    while element is not None and not element.get(name):
        element = element.parent
    assert element is not None, f"no {name} on the diagram's text"
    return element[name]


def union(rects: list[Rect]) -> Rect:
    return min(r[0] for r in rects), min(r[1] for r in rects), max(r[2] for r in rects), max(r[3] for r in rects)


def bezier_points(d: str) -> list[list[tuple[float, float]]]:
    """Points along a path of absolute «M x,y» and «C x1,y1 x2,y2 x,y» commands (what the template
    draws), one list per subpath."""
    tokens = re.findall(r"[A-Za-z]|-?[\d.]+", d)
    pieces: list[list[tuple[float, float]]] = []
    i = 0
    while i < len(tokens):
        command = tokens[i]
        assert command in ("M", "C"), f"unexpected path command {command!r} in {d!r}"
        numbers = []
        i += 1
        while i < len(tokens) and not tokens[i].isalpha():
            numbers.append(float(tokens[i]))
            i += 1
        pairs = list(zip(numbers[::2], numbers[1::2], strict=True))
        if command == "M":
            pieces.append([pairs[0]])
            continue
        assert len(pairs) % 3 == 0, d
        pieces[-1].extend(pairs)  # dot's control points: the start, then three per segment
    return [list(bezier(tuple(points), STEPS)) for points in pieces]


def depth(point: tuple[float, float], rect: Rect) -> float:
    """How far inside the rectangle a point is (negative: outside)."""
    x, y = point
    return min(x - rect[0], rect[2] - x, y - rect[1], rect[3] - y)


def near(point: tuple[float, float], rect: Rect, distance: float) -> bool:
    return depth(point, rect) > -distance


def crossings(svg) -> list[tuple[str, float]]:
    """(what an arrow passes through, how deep in pt) for every arrow of the drawn diagram."""
    paths = svg.select("g.piler > path")
    labels = svg.select("g.etiketter > g.etikett")
    assert len(paths) == len(labels) > 0, "one label group per arrow, in the same order"
    label_boxes = []
    for label in labels:
        size = float(_inherited(label, "font-size"))
        label_boxes.append(union([text_box(t, size, False) for t in label.find_all("text")]))
    boxes = []
    for group in svg.select("g.bokser > g.boks"):
        rect = group.find("rect")
        x, y, w, h = (float(rect[a]) for a in ("x", "y", "width", "height"))
        name = " ".join(t.get_text() for t in group.find_all("text"))
        boxes.append((name, (x, y, x + w, y + h)))
    found = []
    for index, path in enumerate(paths):
        pieces = bezier_points(path["d"])
        start, end = pieces[0][0], pieces[-1][-1]
        answer = " ".join(t.get_text() for t in labels[index].find_all("text"))
        # Its own question and next step: the box its path starts on, and the one its arrowhead
        # (at most 10 pt long) touches.
        ends = {name for name, rect in boxes if near(start, rect, 2) or near(end, rect, 12)}
        assert ends, f"the arrow «{answer}» neither starts nor ends at a box"
        obstacles = [(f"the box «{name}»", rect) for name, rect in boxes if name not in ends]
        obstacles += [(f"the answer «{' '.join(t.get_text() for t in labels[other].find_all('text'))}»", rect)
                      for other, rect in enumerate(label_boxes) if other != index]
        for what, rect in obstacles:
            deepest = max(depth(p, rect) for piece in pieces for p in piece)
            if deepest > TOLERANCE:
                found.append((f"the arrow «{answer}» passes through {what}", round(deepest, 1)))
    return found


def diagrams(site: Path):
    for page in sorted(site.glob("veivisere/*/oversikt.html")):
        svg = BeautifulSoup(page.read_text(encoding="utf-8"), "html.parser").select_one("svg.veiviser-diagram__svg")
        assert svg is not None, page
        yield page.parent.name, svg


def test_no_arrow_passes_through_another_answer_or_a_box(site, guides):
    drawn = dict(diagrams(site))
    assert set(drawn) == {g.id for g in guides}
    problems = [f"{guide}: {what} ({deep} pt deep)" for guide, svg in drawn.items() for what, deep in crossings(svg)]
    assert not problems, "\n".join(problems)


def test_the_check_finds_an_arrow_drawn_through_a_label(site):
    # The same check on a diagram with one arrow moved: straight across the middle of another
    # answer's text, and across a box on the way.
    guide, svg = next(diagrams(site))
    labels = svg.select("g.etiketter > g.etikett")
    size = float(_inherited(labels[1], "font-size"))
    left, top, right, bottom = union([text_box(t, size, False) for t in labels[1].find_all("text")])
    middle = (top + bottom) / 2
    path = svg.select("g.piler > path")[0]
    first = bezier_points(path["d"])[0][0]
    path["d"] = (f"M{first[0]},{first[1]} C{first[0]},{middle} {left - 20},{middle} {left - 10},{middle} "
                 f"C{left},{middle} {right},{middle} {right + 10},{middle}")
    assert any("passes through the answer" in what for what, _ in crossings(svg)), guide
