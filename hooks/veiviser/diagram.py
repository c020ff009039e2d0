"""
Lay out a guide as a top-to-bottom diagram with Graphviz ``dot``: questions and outcomes as
boxes, answers as labelled arrows («Jeg er usikker» dashed). On the web each answer's text is a
node of its own on its arrow, so that dot routes the other arrows around it (an edge label is
only placed beside its edge, and other arrows can run through it); the PDF keeps edge labels
and tries layouts until no arrow crosses one (handbok_pdf/guides.py).

``dot`` does the layout (ranks, crossings, edge routing around boxes, label placement) and
measures the text in the project's own font (IBM Plex Sans, overrides/assets/fonts), so a
diagram is the same on every machine. This module only turns a guide into DOT and dot's
answer (``-Tjson``) into plain geometry; the templates draw it (overrides/veiviser/
diagram.html on the web, overrides/pdf/ in print). Layouts are cached by the DOT text, so a
rebuild in ``mkdocs serve`` only runs ``dot`` for a guide that changed.
"""

from __future__ import annotations

import functools
import hashlib
import html
import json
import os
import shutil
import subprocess
import tempfile
import textwrap
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

from .model import UNSURE_LABEL, Guide, Question

__all__ = ["Box", "Arrow", "Line", "Diagram", "DiagramPart", "DiagramError", "FONTS", "Look", "WEB", "dot_source",
           "layout", "layout_parts", "edges_through_labels", "samples", "bezier"]

#: The project's fonts (woff2 for the web and the PDF; dot gets TrueType copies).
FONTS = Path(__file__).resolve().parents[2] / "overrides" / "assets" / "fonts"
FONT = "IBM Plex Sans"
BOX_FONT_SIZE = 10
LABEL_FONT_SIZE = 9
BOX_CHARS = 24
LABEL_CHARS = 22

_cache: dict[str, Diagram] = {}


@dataclass(frozen=True)
class Look:
    """How dot lays a diagram out: direction, line lengths, spacing (inches, as dot takes them).
    ``label_padding`` (pt) keeps arrows off their own label's text: dot otherwise draws an
    arrow right along the edge of its label."""

    rankdir: str = "TB"
    box_chars: int = BOX_CHARS
    label_chars: int = LABEL_CHARS
    nodesep: float = 0.22
    ranksep: float = 0.32
    label_font_size: float = LABEL_FONT_SIZE
    label_padding: int = 0
    #: Each answer's text as a small node of its own on its arrow (question — text → next step), as
    #: Graphviz's maintainers advise: dot routes arrows around nodes, but not around edge labels.
    answer_nodes: bool = False
    #: Decimals of the coordinates drawn (pt); on the web 0.1 pt is 0.13 px, and every byte is fetched.
    decimals: int = 2


#: The web page's diagram (overrides/veiviser/diagram.html); the PDF tries others (handbok_pdf/guides.py).
WEB = Look(answer_nodes=True, ranksep=0.2, decimals=1)


class DiagramError(Exception):
    """The diagram could not be made (no Graphviz, or dot failed); the message is Norwegian."""


#: The name before 02.12.2026, kept for scripts written against it.
DiagramFeil = DiagramError


@dataclass(frozen=True)
class Line:
    """One line of text, centred on ``x`` with its baseline at ``y``; ``width`` as dot measured it."""

    text: str
    x: float
    y: float
    width: float


@dataclass(frozen=True)
class Box:
    """One step: its rectangle (top left corner, size) and its text lines."""

    id: str
    kind: str  # "sporsmal", "resultat", or "henvisning" (a question drawn in another part)
    x: float
    y: float
    width: float
    height: float
    lines: tuple[Line, ...]


@dataclass(frozen=True)
class Arrow:
    """One answer: a cubic B-spline path from a question to the next step, its arrowhead
    and its label lines. With answer nodes (Look.answer_nodes) the path has two pieces, ``points``
    up to the answer's text and ``after`` from it on."""

    source: str
    target: str
    unsure: bool
    path: str
    points: tuple[tuple[float, float], ...]
    head: tuple[tuple[float, float], ...]
    label: str
    lines: tuple[Line, ...]
    font_size: float
    to_reference: bool = False     # leads to a reference box (the step is in another part)
    after: tuple[tuple[float, float], ...] = ()

    @property
    def pieces(self) -> tuple[tuple[tuple[float, float], ...], ...]:
        return (self.points, self.after) if self.after else (self.points,)


@dataclass(frozen=True)
class Diagram:
    width: float
    height: float
    boxes: tuple[Box, ...]
    arrows: tuple[Arrow, ...]
    box_font_size: float = BOX_FONT_SIZE
    label_font_size: float = LABEL_FONT_SIZE

    @property
    def labels(self) -> list[tuple[float, float, float, float]]:
        """Every arrow label as a rectangle (x, y, width, height)."""
        rects = []
        for arrow in self.arrows:
            if arrow.lines:
                left = min(line.x - line.width / 2 for line in arrow.lines)
                right = max(line.x + line.width / 2 for line in arrow.lines)
                top = min(line.y for line in arrow.lines) - arrow.font_size * 0.8
                bottom = max(line.y for line in arrow.lines) + arrow.font_size * 0.25
                rects.append((left, top, right - left, bottom - top))
        return rects


@dataclass(frozen=True)
class DiagramPart:
    """One piece of a diagram too big for one page: the steps from ``root`` down, with the
    questions drawn in other parts as reference boxes («Fortsetter i del N»)."""

    number: int
    root: str
    diagram: Diagram
    references: dict[str, int]       # step id -> number of the part it is drawn in
    continues: tuple[int, ...]       # the parts that refer to this one


# ----------------------------------------------------------------------
# DOT


def _quote(text: str) -> str:
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


def _wrap(text: str, width: int) -> str:
    # Never shortened: the diagram shows every text in full.
    lines = textwrap.wrap(" ".join(text.split()), width, break_long_words=False, break_on_hyphens=False) or [""]
    # Each line its own escString; «\n» centres it.
    return "\\n".join(line.replace("\\", "\\\\").replace('"', '\\"') for line in lines)


def edges(guide: Guide) -> list[tuple[str, str, str, bool]]:
    """(question, next step, answer text, is «Jeg er usikker») for every answer, in order."""
    found = []
    for step in guide.steps.values():
        if isinstance(step, Question):
            found += [(step.id, a.target, a.plain, False) for a in step.answers]
            if step.unsure_target:
                found.append((step.id, step.unsure_target, UNSURE_LABEL, True))
    return found


REFERENCE = "henvisning--"
ANSWER = "svar--"


def reference_text(step_text: str, part: int) -> str:
    return f"Fortsetter i del {part}: {step_text}"


def _padded_label(text: str, width: int, padding: int) -> str:
    """An HTML-like label: the same centred lines in a cell with ``padding`` pt around them."""
    lines = textwrap.wrap(" ".join(text.split()), width, break_long_words=False, break_on_hyphens=False) or [""]
    body = "<BR/>".join(html.escape(line, quote=False) for line in lines)
    return (f'<<TABLE BORDER="0" CELLBORDER="0" CELLSPACING="0" CELLPADDING="{padding}">'
            f"<TR><TD>{body}</TD></TR></TABLE>>")


def dot_source(guide: Guide, rankdir: str | None = None, steps: list[str] | None = None,
               references: dict[str, int] | None = None, look: Look = WEB) -> str:
    """The guide as a DOT graph: what dot lays out, and the cache key. With ``steps``, only
    those steps; answers leading to a step in ``references`` end at a reference box."""
    if rankdir is not None:
        look = replace(look, rankdir=rankdir)
    steps = guide.ordered_ids() if steps is None else steps
    references = references or {}
    included = set(steps)
    out = [
        "digraph veiviser {",
        f'  graph [rankdir={look.rankdir}, nodesep={look.nodesep}, ranksep={look.ranksep}, pad=0.06, '
        f'fontname={_quote(FONT)}];',
        f'  node [shape=box, fontname={_quote(FONT)}, fontsize={BOX_FONT_SIZE}, margin="0.1,0.05"];',
        f'  edge [fontname={_quote(FONT)}, fontsize={_number(look.label_font_size)}, arrowsize=0.7];',
    ]
    for step_id in steps:
        step = guide.steps[step_id]
        if isinstance(step, Question):
            out.append(f'  {_quote(step.id)} [label="{_wrap(step.text, look.box_chars)}"];')
        else:
            out.append(f'  {_quote(step.id)} [label="{_wrap(step.verdict, look.box_chars)}", style=rounded, '
                       f'fontname={_quote(FONT + " Bold")}];')
    for step_id, part in references.items():
        text = reference_text(guide.question(step_id).text, part)
        out.append(f'  {_quote(REFERENCE + step_id)} [label="{_wrap(text, look.box_chars)}", style=dashed];')
    for number, (source, target, text, unsure) in enumerate(edges(guide)):
        if source not in included:
            continue
        if target not in included:
            if target not in references:
                continue
            target = REFERENCE + target
        style = ", style=dashed" if unsure else ""
        if look.answer_nodes:
            answer = _quote(f"{ANSWER}{number}")
            out.append(f'  {answer} [label="{_wrap(text, look.label_chars)}", shape=plaintext, width=0, height=0, '
                       f'margin="0.03,0.03", fontsize={_number(look.label_font_size)}];')
            out.append(f'  {_quote(source)} -> {answer} [id="e{number}a", arrowhead=none{style}];')
            out.append(f'  {answer} -> {_quote(target)} [id="e{number}"{style}];')
            continue
        label = (_padded_label(text, look.label_chars, look.label_padding) if look.label_padding
                 else f'"{_wrap(text, look.label_chars)}"')
        out.append(f'  {_quote(source)} -> {_quote(target)} [id="e{number}", label={label}{style}];')
    out.append("}")
    return "\n".join(out) + "\n"


# ----------------------------------------------------------------------
# Running dot


@functools.cache
def _font_config() -> Path:
    """(Once per process.) A fontconfig file that shows dot only the project's fonts (TrueType copies of the
    woff2 files, which pango cannot read), so text is measured the same everywhere."""
    from fontTools.ttLib import TTFont

    files = sorted(FONTS.glob("*.woff2"))
    if not files:
        raise DiagramError(f"Fant ingen skrifter i «{FONTS}». Skriftfilene hører til prosjektet; hent dem fra git.")
    digest = hashlib.sha256(b"".join(f.name.encode() + f.read_bytes() for f in files)).hexdigest()[:16]
    folder = Path(tempfile.gettempdir()) / f"handbok-skrifter-{os.getuid() if hasattr(os, 'getuid') else 0}-{digest}"
    conf = folder / "fonts.conf"
    if conf.is_file():
        return conf
    folder.mkdir(parents=True, exist_ok=True)
    for file in files:
        font = TTFont(file)
        font.flavor = None
        font.save(folder / (file.stem + ".ttf"))
    temporary = folder / "fonts.conf.tmp"
    temporary.write_text(
        '<?xml version="1.0"?>\n<!DOCTYPE fontconfig SYSTEM "urn:fontconfig:fonts.dtd">\n'
        f"<fontconfig><dir>{folder}</dir><cachedir>{folder / 'cache'}</cachedir></fontconfig>\n",
        encoding="utf-8")
    temporary.replace(conf)
    return conf


def _run_dot(source: str) -> dict[str, Any]:
    dot = shutil.which("dot")
    if dot is None:
        raise DiagramError("Fant ikke programmet «dot» (Graphviz), som tegner diagrammene over veiviserne. "
                          "Kjør «make serve» eller «make build», som installerer det, eller installer det selv "
                          "med «sudo apt-get install graphviz».")
    conf = _font_config()
    # dot's answers are kept on disk next to the fonts they were measured in, by the DOT text and
    # the dot program: the PDF tries several layouts per guide, and a rebuild runs dot only for what changed.
    key = hashlib.sha256(f"{dot}\0{os.stat(dot).st_mtime_ns}\0{source}".encode()).hexdigest()
    saved = conf.parent / "layouts" / f"{key}.json"
    if saved.is_file():
        try:
            cached: dict[str, Any] = json.loads(saved.read_text(encoding="utf-8"))
            return cached
        except ValueError:
            pass
    env = {**os.environ, "FONTCONFIG_FILE": str(conf)}
    result = subprocess.run([dot, "-Tjson"], input=source, capture_output=True, text=True, env=env, timeout=120)
    if result.returncode != 0:
        raise DiagramError(f"Graphviz («dot») kunne ikke tegne diagrammet: {result.stderr.strip()}")
    data: dict[str, Any] = json.loads(result.stdout)
    saved.parent.mkdir(exist_ok=True)
    temporary = saved.with_suffix(f".{os.getpid()}.tmp")
    temporary.write_text(result.stdout, encoding="utf-8")
    temporary.replace(saved)
    return data


# ----------------------------------------------------------------------
# dot's answer -> geometry (y downwards, origin top left)


def _number(value: float) -> str:
    return f"{value:g}"


def _lines(draw: list[dict[str, Any]], height: float, decimals: int = 2) -> tuple[Line, ...]:
    # A plain label's line is centred on its point; an HTML-like label's starts at it.
    return tuple(Line(op["text"], round(op["pt"][0] + (op["width"] / 2 if op.get("align") == "l" else 0), decimals),
                      round(height - op["pt"][1], decimals), float(op["width"]))
                 for op in draw if op.get("op") == "T")


def _path(points: list[tuple[float, float]], decimals: int = 2) -> str:
    head, rest = points[0], points[1:]
    n = decimals
    parts = [f"M{head[0]:.{n}f},{head[1]:.{n}f}"]
    for i in range(0, len(rest) - 2, 3):
        (x1, y1), (x2, y2), (x3, y3) = rest[i:i + 3]
        parts.append(f"C{x1:.{n}f},{y1:.{n}f} {x2:.{n}f},{y2:.{n}f} {x3:.{n}f},{y3:.{n}f}")
    return " ".join(parts)


def _geometry(data: dict[str, Any], guide: Guide, look: Look = WEB) -> Diagram:
    _, _, width, height = (float(v) for v in data["bb"].split(","))

    def flip(p: list[float]) -> tuple[float, float]:
        return round(float(p[0]), look.decimals), round(height - float(p[1]), look.decimals)

    boxes = []
    names = {}
    answer_lines: dict[int, tuple[Line, ...]] = {}
    for node in data.get("objects", []):
        names[node["_gvid"]] = node["name"]
        if node["name"].startswith(ANSWER):
            answer_lines[int(node["name"][len(ANSWER):])] = _lines(node.get("_ldraw_", []), height, look.decimals)
            continue
        x, y = (float(v) for v in node["pos"].split(","))
        w, h = float(node["width"]) * 72, float(node["height"]) * 72
        name = node["name"]
        if name.startswith(REFERENCE):
            name, kind = name[len(REFERENCE):], "henvisning"
        else:
            kind = "sporsmal" if isinstance(guide.steps[name], Question) else "resultat"
        n = look.decimals
        boxes.append(Box(name, kind, round(x - w / 2, n), round(height - y - h / 2, n), round(w, n),
                         round(h, n), _lines(node.get("_ldraw_", []), height, n)))
    def spline(edge: dict[str, Any]) -> tuple[tuple[float, float], ...]:
        return tuple(flip(p) for p in next(op["points"] for op in edge["_draw_"] if op["op"] == "b"))

    arrows = []
    answers = edges(guide)
    # With answer nodes an answer is two edges: «e<n>a» to its text, «e<n>» from it (with the arrowhead).
    to_text = {int(e["id"][1:-1]): e for e in data.get("edges", []) if e["id"].endswith("a")}
    for edge in sorted((e for e in data.get("edges", []) if not e["id"].endswith("a")), key=lambda e: int(e["id"][1:])):
        number = int(edge["id"][1:])
        source, target, text, unsure = answers[number]
        head_name = names[edge["head"]]
        first = to_text.get(number)
        tail_name = names[(first or edge)["tail"]]
        assert tail_name == source and head_name.removeprefix(REFERENCE) == target
        head: list[list[float]] = next((op["points"] for op in edge.get("_hdraw_", []) if op["op"] in ("P", "p")), [])
        after: tuple[tuple[float, float], ...] = ()
        if first is None:
            points, lines = spline(edge), _lines(edge.get("_ldraw_", []), height, look.decimals)
            path = _path(list(points), look.decimals)
        else:
            points, after, lines = spline(first), spline(edge), answer_lines[number]
            path = _path(list(points), look.decimals) + " " + _path(list(after), look.decimals)
        arrows.append(Arrow(source, target, unsure, path, points, tuple(flip(p) for p in head), text, lines,
                            look.label_font_size, head_name.startswith(REFERENCE), after))
    order = {step: i for i, step in enumerate(guide.ordered_ids())}
    boxes.sort(key=lambda b: (b.kind == "henvisning", order[b.id]))
    return Diagram(round(width, 2), round(height, 2), tuple(boxes), tuple(arrows),
                   label_font_size=look.label_font_size)


def layout(guide: Guide, steps: list[str] | None = None, references: dict[str, int] | None = None,
           look: Look = WEB) -> Diagram:
    """The laid-out diagram of ``guide`` (or of some of its steps; dot runs once per distinct
    DOT text, that is per guide content)."""
    source = dot_source(guide, steps=steps, references=references, look=look)
    key = hashlib.sha256(f"{look.decimals}\0{source}".encode()).hexdigest()  # the DOT text and what dot does not see
    if key not in _cache:
        _cache[key] = _geometry(_run_dot(source), guide, look)
    return _cache[key]


def samples(arrow: Arrow, steps: int = 24) -> Iterator[tuple[float, float]]:
    """Points along every piece of an arrow's path."""
    for piece in arrow.pieces:
        yield from bezier(piece, steps)


def bezier(points: tuple[tuple[float, float], ...], steps: int = 24) -> Iterator[tuple[float, float]]:
    """Points along dot's cubic B-spline (start, then 3 points per segment)."""
    for i in range(0, len(points) - 3, 3):
        (x0, y0), (x1, y1), (x2, y2), (x3, y3) = points[i:i + 4]
        for n in range(steps + 1):
            t = n / steps
            u = 1 - t
            yield (u ** 3 * x0 + 3 * u * u * t * x1 + 3 * u * t * t * x2 + t ** 3 * x3,
                   u ** 3 * y0 + 3 * u * u * t * y1 + 3 * u * t * t * y2 + t ** 3 * y3)


def edges_through_labels(diagram: Diagram, clearance: float = 0.0) -> list[str]:
    """Arrows that come nearer than ``clearance`` to the text of an answer label (their own
    or another's); the print layout is chosen so that there are none."""
    found = []
    labelled = [arrow for arrow in diagram.arrows if arrow.lines]
    for arrow in diagram.arrows:
        points = list(samples(arrow))
        for other, (left, top, width, height) in zip(labelled, diagram.labels, strict=True):
            if any(left - clearance < x < left + width + clearance and top - clearance < y < top + height + clearance
                   for x, y in points):
                found.append(f"{arrow.source} → {arrow.target} crosses the label «{other.label}»")
    return found


def _within(guide: Guide, root: str, depth: int, stop: set[str]) -> list[str]:
    """Steps at most ``depth`` answers below ``root`` (not through ``stop``), and the outcomes
    their questions lead to, in the guide's order."""
    found = {root: 0}
    queue = [root]
    while queue:
        step = queue.pop(0)
        if found[step] >= depth or (step in stop and step != root):
            continue
        for target in guide.steps[step].targets():
            if target not in found and target not in stop:
                found[target] = found[step] + 1
                queue.append(target)
    for step in list(found):
        if isinstance(guide.steps[step], Question) and (step == root or step not in stop):
            for target in guide.steps[step].targets():
                if not isinstance(guide.steps[target], Question):
                    found.setdefault(target, found[step] + 1)
    return [s for s in guide.ordered_ids() if s in found]


def layout_parts(guide: Guide, fits: Callable[[Diagram, bool], bool], looks: Sequence[Look] = (WEB,),
                 score: Callable[[Diagram, bool], float] | None = None) -> list[DiagramPart]:
    """The diagram in as few parts as ``fits(diagram, first)`` allows, split by subtree: a
    part holds a question and the steps below it, as deep as fits; the questions below that
    start parts of their own and appear as reference boxes. No arrow is cut: each ends at a
    step or at a reference box. Each part is laid out in each of ``looks``; of those that fit,
    the one with the highest ``score`` is taken (the first, without one)."""

    def best(steps: list[str] | None, references: dict[str, int] | None, first: bool) -> Diagram | None:
        fitting = [d for d in (layout(guide, steps, references, look) for look in looks) if fits(d, first)]
        if not fitting:
            return None
        return max(fitting, key=lambda d: score(d, first)) if score else fitting[0]

    whole = best(None, None, True)
    if whole is not None:
        return [DiagramPart(1, guide.start, whole, {}, ())]
    order = guide.ordered_ids()
    roots = [guide.start]
    numbers = {guide.start: 1}
    made: list[tuple[str, list[str], dict[str, int], Diagram]] = []
    index = 0
    while index < len(roots):
        root = roots[index]
        index += 1
        stop = set(numbers) - {root}
        # The distinct pieces from the question alone (depth 0) to its whole subtree; a deeper one is
        # larger, so the deepest that fits is found by halving, not by trying every depth.
        candidates: list[tuple[list[str], dict[str, int]]] = []
        for depth in range(len(guide.steps) + 1):
            steps = _within(guide, root, depth, stop)
            if candidates and steps == candidates[-1][0]:
                break
            pending = {t for s in steps if isinstance(guide.steps[s], Question) for t in guide.steps[s].targets()
                       if t not in steps}
            new = [t for t in order if t in pending and t not in numbers]
            candidates.append((steps, {t: numbers[t] if t in numbers else len(numbers) + 1 + new.index(t)
                                       for t in order if t in pending}))
        first = index == 1

        def fitting(candidate: tuple[list[str], dict[str, int]], first: bool = first) -> bool:
            return any(fits(layout(guide, *candidate, look), first) for look in looks)

        # The whole subtree first (it fits most often); else halve between the question alone and it.
        deepest = len(candidates) - 1
        if not fitting(candidates[deepest]):
            low, high, deepest = 0, deepest - 1, -1
            while low <= high:
                middle = (low + high) // 2
                if fitting(candidates[middle]):
                    deepest, low = middle, middle + 1
                else:
                    high = middle - 1
        # Not even the question alone fits: it gets the smallest piece all the same.
        steps, references = candidates[max(deepest, 0)]
        chosen = (steps, references, best(steps, references, first) or layout(guide, steps, references, looks[0]))
        assert chosen is not None  # the loop runs at least once: a guide has steps
        steps, references, diagram = chosen
        for target in references:
            if target not in numbers:
                numbers[target] = len(numbers) + 1
                roots.append(target)
        final = {t: numbers[t] for t in references}
        if final != references:   # a number guessed before the split was settled: lay it out again
            diagram = best(steps, final, first) or layout(guide, steps, final, looks[0])
        made.append((root, steps, final, diagram))
    parts = []
    for number, (root, _, references, diagram) in enumerate(made, start=1):
        continues = tuple(n for n, (_, _, refs, _) in enumerate(made, start=1) if root in refs)
        parts.append(DiagramPart(number, root, diagram, references, continues))
    return parts
