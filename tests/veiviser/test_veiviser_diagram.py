"""The guides' diagrams: laid out by Graphviz, checked on the geometry dot gives back and on the SVG
the template draws from it (no edge through a box, no labels on top of each other, safe SVG)."""

from __future__ import annotations

import dataclasses
import html
import xml.etree.ElementTree as ET
from pathlib import Path

import jinja2
import pytest

import veiviser
from veiviser import diagram as diagrams
from veiviser.diagram import DiagramError, layout

ROOT = Path(__file__).resolve().parents[2]
SVG = "{http://www.w3.org/2000/svg}"


def render_svg(guide, diagram) -> str:
    env = jinja2.Environment(loader=jinja2.FileSystemLoader(str(ROOT / "overrides")), autoescape=True,
                             undefined=jinja2.StrictUndefined)
    return env.get_template("veiviser/diagram-svg.html").render(guide=guide, diagram=diagram)


def _inside(point, rect, margin: float = 1.0) -> bool:
    x, y = point
    left, top, width, height = rect
    return left + margin < x < left + width - margin and top + margin < y < top + height - margin


def _overlap(a, b) -> bool:
    return a[0] < b[0] + b[2] and b[0] < a[0] + a[2] and a[1] < b[1] + b[3] and b[1] < a[1] + a[3]


def edges_through_boxes(diagram) -> list[str]:
    found = []
    for arrow in diagram.arrows:
        for box in diagram.boxes:
            if box.id in (arrow.source, arrow.target):
                continue
            rect = (box.x, box.y, box.width, box.height)
            if any(_inside(p, rect) for p in diagrams.samples(arrow)):
                found.append(f"{arrow.source} → {arrow.target} crosses «{box.id}»")
    return found


def overlapping_labels(diagram) -> list[tuple]:
    labels = diagram.labels
    return [(a, b) for i, a in enumerate(labels) for b in labels[i + 1:] if _overlap(a, b)]


# -----------------------------------------------------------------------------
# Geometry of every real guide
# -----------------------------------------------------------------------------

@pytest.mark.slow  # Graphviz for every real guide
def test_every_step_is_a_box_and_every_answer_an_arrow(real_guides):
    for guide in real_guides:
        d = layout(guide)
        assert [b.id for b in d.boxes] == guide.ordered_ids()
        assert {b.id for b in d.boxes if b.kind == "sporsmal"} == {q.id for q in guide.questions}
        answers = [(q.id, a.target, a.text) for q in guide.questions for a in q.answers]
        unsure = [(q.id, q.unsure_target, veiviser.UNSURE_LABEL) for q in guide.questions if q.unsure_target]
        assert sorted((a.source, a.target, a.label) for a in d.arrows if not a.unsure) == sorted(answers)
        assert sorted((a.source, a.target, a.label) for a in d.arrows if a.unsure) == sorted(unsure)
        for arrow in d.arrows:
            assert " ".join(line.text for line in arrow.lines) == " ".join(arrow.label.split())


@pytest.mark.slow  # Graphviz for every real guide
def test_no_edge_passes_through_a_box(real_guides):
    for guide in real_guides:
        assert not edges_through_boxes(layout(guide)), guide.id


@pytest.mark.slow  # Graphviz for every real guide
def test_no_two_labels_overlap_and_no_label_covers_a_box(real_guides):
    for guide in real_guides:
        d = layout(guide)
        assert not overlapping_labels(d), guide.id
        for label in d.labels:
            for box in d.boxes:
                assert not _overlap(label, (box.x, box.y, box.width, box.height)), (guide.id, box.id)


@pytest.mark.slow  # Graphviz for every real guide
def test_text_fits_its_box_and_everything_fits_the_drawing(real_guides):
    for guide in real_guides:
        d = layout(guide)
        for box in d.boxes:
            assert box.x >= 0 and box.y >= 0 and box.x + box.width <= d.width and box.y + box.height <= d.height
            for line in box.lines:
                assert box.x < line.x - line.width / 2 and line.x + line.width / 2 < box.x + box.width, (box.id, line)
                assert box.y < line.y < box.y + box.height
        for left, top, width, height in d.labels:
            assert left >= 0 and top >= 0 and left + width <= d.width + 1 and top + height <= d.height + 1


def test_the_checks_can_fail(real_guides):
    d = layout(real_guides[0])
    box = next(b for b in d.boxes if b.kind == "resultat")
    arrow = d.arrows[0]
    # An arrow drawn straight through an unrelated box, and two labels at the same place.
    through = dataclasses.replace(arrow, points=((box.x - 5, box.y + box.height / 2), (box.x, box.y + box.height / 2),
                                                 (box.x + box.width, box.y + box.height / 2),
                                                 (box.x + box.width + 5, box.y + box.height / 2)),
                                  source="x", target="y")
    assert edges_through_boxes(dataclasses.replace(d, arrows=(through,)))
    labelled = [a for a in d.arrows if a.lines]
    twice = dataclasses.replace(d, arrows=(labelled[0], labelled[0]))
    assert overlapping_labels(twice)


def _advance(font_file: Path, text: str, size: float) -> float:
    from fontTools.ttLib import TTFont

    font = TTFont(font_file)
    cmap, metrics = font.getBestCmap(), font["hmtx"]
    return sum(metrics[cmap[ord(c)]][0] for c in text) / font["head"].unitsPerEm * size


def test_the_text_is_measured_in_the_projects_font(real_guides):
    # dot measured the glyphs of IBM Plex Sans (pango, through a fontconfig that lists only the
    # project's fonts): every line is as wide as the font file says, give or take kerning and
    # rounding (3 %; DejaVu Sans, the fallback of a fresh machine, is some 15 % wider).
    fonts = diagrams.FONTS
    guide = next(g for g in real_guides if g.id == "kan-jeg-publisere")
    d = layout(guide)
    for box in d.boxes:
        face = "700" if box.kind == "resultat" else "400"
        for line in box.lines:
            expected = _advance(fonts / f"ibm-plex-sans-latin-{face}-normal.woff2", line.text, d.box_font_size)
            assert abs(line.width - expected) <= 1 + 0.03 * expected, (line.text, line.width, expected)
    conf = diagrams._font_config().read_text(encoding="utf-8")
    assert "/etc/fonts" not in conf, "dot must see only the project's fonts"


# -----------------------------------------------------------------------------
# Cache and errors
# -----------------------------------------------------------------------------

def test_dot_runs_once_per_tree_content(guide, monkeypatch):
    calls = []
    real = diagrams._run_dot
    monkeypatch.setattr(diagrams, "_run_dot", lambda source: calls.append(source) or real(source))
    diagrams._cache.clear()
    first = layout(guide)
    assert layout(guide) is first and len(calls) == 1
    question = guide.questions[0]
    changed = dataclasses.replace(guide, steps={**guide.steps, question.id: dataclasses.replace(
        question, text=question.text + " (endret)")})
    assert layout(changed) is not first and len(calls) == 2
    assert "(endret)" in " ".join(line.text for line in layout(changed).boxes[0].lines)


def test_without_graphviz_the_message_is_norwegian(guide, monkeypatch):
    monkeypatch.setattr(diagrams.shutil, "which", lambda name: None)
    diagrams._cache.clear()
    with pytest.raises(DiagramError, match="Fant ikke programmet «dot» \\(Graphviz\\).*apt-get install graphviz"):
        layout(guide)


# -----------------------------------------------------------------------------
# The SVG
# -----------------------------------------------------------------------------

def test_the_svg_is_safe_with_hostile_text(guide):
    hostile = '<script>alert("x")</script> & «quotes» " \' \\n'
    question = guide.questions[0]
    answer = dataclasses.replace(question.answers[0], text=hostile, text_html=html.escape(hostile))
    evil = dataclasses.replace(guide, title='Tittel "med" <b>', steps={**guide.steps, question.id: dataclasses.replace(
        question, text=hostile, answers=(answer, *question.answers[1:]))})
    svg = render_svg(evil, layout(evil))
    root = ET.fromstring(svg)                        # well-formed XML
    names = {element.tag.removeprefix(SVG) for element in root.iter()}
    assert names <= {"svg", "title", "g", "path", "polygon", "rect", "text"}, names
    assert not [a for element in root.iter() for a in element.attrib if a.lower().startswith("on")]
    texts = [element.text for element in root.iter(f"{SVG}text")]
    assert "".join(texts).count("alert") == 2        # box and label, as plain text
    assert '<script>alert' not in svg and "&lt;script&gt;" in svg
    assert root.find(f"{SVG}title").text.startswith('Diagram over veiviseren «Tittel "med" <b>»')


@pytest.mark.slow  # Graphviz for every real guide
def test_ids_carry_the_guides_id(real_guides):
    seen = []
    for guide in real_guides:
        root = ET.fromstring(render_svg(guide, layout(guide)))
        ids = [element.get("id") for element in root.iter() if element.get("id")]
        assert ids and all(i.startswith(f"{guide.id}--") for i in ids)
        seen += ids
    assert len(seen) == len(set(seen)), "the same id in two diagrams (the PDF has them all in one document)"


def test_unsure_answers_are_dashed_and_outcomes_rounded_and_bold(real_guides):
    guide = next(g for g in real_guides if any(q.unsure_target for q in g.questions))
    d = layout(guide)
    root = ET.fromstring(render_svg(guide, d))
    paths = list(root.find(f"{SVG}g[@class='piler']"))
    assert len(paths) == len(d.arrows)
    for arrow, path in zip(d.arrows, paths, strict=False):
        assert ("stroke-dasharray" in path.attrib) == arrow.unsure
    for group in root.iter(f"{SVG}g"):
        if group.get("class", "").startswith("boks "):
            rect = group.find(f"{SVG}rect")
            outcome = "boks--resultat" in group.get("class")
            assert float(rect.get("rx")) == (8 if outcome else 2)
            assert all((t.get("font-weight") == "bold") == outcome for t in group.iter(f"{SVG}text"))
