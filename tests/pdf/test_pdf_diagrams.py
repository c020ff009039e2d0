"""The guides' diagrams on paper: every character on a diagram page at least 8 pt as printed
(read from the PDF itself, through every transformation WeasyPrint applies to the SVG), and
no arrow through a box or an answer's label in the layouts the PDF draws."""

from __future__ import annotations

import dataclasses
import importlib.util
import math

import pytest
from pypdf import PdfReader
from pypdf.generic import ContentStream

from support import ROOT

PDF_NAME = "sosiale-medier-handboka.pdf"
MIN_TEXT = 8.0        # pt on paper
CLEARANCE = 0.5       # pt on paper between an arrow and the text of a label


def _module(name: str, path: str):
    spec = importlib.util.spec_from_file_location(name, ROOT / path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


# The web diagram's geometry checks (edges through boxes, labels on each other), reused at print size.
web_checks = _module("veiviser_diagram_checks", "tests/veiviser/test_veiviser_diagram.py")


def flat(text: str) -> str:
    return " ".join(text.split())


# -----------------------------------------------------------------------------
# Text sizes as printed: a small interpreter of the page's content stream
# -----------------------------------------------------------------------------

def _multiply(m, n):
    a, b, c, d, e, f = m
    A, B, C, D, E, F = n
    return (a * A + b * C, a * B + b * D, c * A + d * C, c * B + d * D, e * A + f * C + E, e * B + f * D + F)


def printed_text_sizes(reader: PdfReader, index: int) -> list[float]:
    """The size on paper (pt) of every text shown on the page: the font size times the scale of
    the text matrix and of every `cm` and form XObject (WeasyPrint draws an SVG as one) above it."""
    sizes: list[float] = []

    def run(stream, resources, ctm) -> None:
        saved = []
        text_matrix, size = (1, 0, 0, 1, 0, 0), 0.0
        for operands, op in ContentStream(stream, reader).operations:
            if op == b"q":
                saved.append(ctm)
            elif op == b"Q":
                ctm = saved.pop()
            elif op == b"cm":
                ctm = _multiply(tuple(float(v) for v in operands), ctm)
            elif op == b"BT":
                text_matrix = (1, 0, 0, 1, 0, 0)
            elif op == b"Tf":
                size = float(operands[1])
            elif op == b"Tm":
                text_matrix = tuple(float(v) for v in operands)
            elif op in (b"Td", b"TD"):
                text_matrix = _multiply((1, 0, 0, 1, float(operands[0]), float(operands[1])), text_matrix)
            elif op in (b"Tj", b"TJ", b"'", b'"'):
                a, b, c, d, _, _ = _multiply(text_matrix, ctm)
                sizes.append(size * math.sqrt(abs(a * d - b * c)))
            elif op == b"Do":
                xobject = resources["/XObject"][operands[0]].get_object()
                if xobject["/Subtype"] == "/Form":
                    matrix = tuple(float(v) for v in xobject.get("/Matrix", (1, 0, 0, 1, 0, 0)))
                    run(xobject, xobject.get("/Resources", resources), _multiply(matrix, ctm))

    page = reader.pages[index]
    run(page.get_contents(), page["/Resources"], (1, 0, 0, 1, 0, 0))
    return sizes


# -----------------------------------------------------------------------------
# Fixtures
# -----------------------------------------------------------------------------

@pytest.fixture(scope="module")
def reader(handbook_pdf, site) -> PdfReader:
    return PdfReader(site / PDF_NAME)


@pytest.fixture(scope="module")
def print_guides():
    from handbok_pdf.guides import load, print_diagrams

    return [(guide, print_diagrams(guide)) for guide in load()]


@pytest.fixture(scope="module")
def diagram_pages(reader, print_guides):
    """(guide, part, page index) for every diagram part in the PDF: the guide's opening page
    («VEIVISER» and its title) and the pages right after it."""
    texts = [flat(page.extract_text()) for page in reader.pages]
    found = []
    for guide, pieces in print_guides:
        opening = [i for i, text in enumerate(texts) if f"VEIVISER {flat(guide.title)}" in text]
        assert len(opening) == 1, (guide.title, opening)
        for offset, piece in enumerate(pieces):
            index = opening[0] + offset
            heading = "Diagram" if piece.total == 1 else f"Diagram, del {piece.number} av {piece.total}"
            assert heading in texts[index], (guide.title, piece.number, index + 1)
            found.append((guide, piece, index))
    return found


# -----------------------------------------------------------------------------
# 8 pt on paper
# -----------------------------------------------------------------------------

def test_every_character_on_a_diagram_page_is_at_least_8_pt(reader, diagram_pages):
    assert len({guide.id for guide, _, _ in diagram_pages}) >= 9
    small = []
    for guide, piece, index in diagram_pages:
        sizes = printed_text_sizes(reader, index)
        # The diagram is on the page: at least one text per line of its boxes and labels.
        lines = sum(len(box.lines) for box in piece.diagram.boxes) + sum(len(a.lines) for a in piece.diagram.arrows)
        assert len(sizes) >= lines, (guide.id, piece.number)
        if min(sizes) < MIN_TEXT - 0.01:
            small.append(f"«{guide.title}», del {piece.number} (side {index + 1}): {min(sizes):.2f} pt")
    assert not small, "diagram text below 8 pt on paper:\n" + "\n".join(small)


def test_the_text_size_check_sees_the_svgs_scale(reader, diagram_pages):
    """The interpreter follows the SVG's transformation: the smallest text on a diagram page drawn
    at less than full size is the diagram's answer labels, at their size times the part's scale."""
    guide, piece, index = min(diagram_pages, key=lambda item: item[1].scale)
    assert piece.scale < 1, "no part is scaled: the check would not see a scale"
    expected = min(piece.diagram.label_font_size, piece.diagram.box_font_size) * piece.scale
    assert min(printed_text_sizes(reader, index)) == pytest.approx(min(expected, 8.5), abs=0.05), guide.id


# -----------------------------------------------------------------------------
# No arrow through a box or a label, at print size
# -----------------------------------------------------------------------------

def arrows_through_labels(diagram, clearance: float) -> list[str]:
    """Arrows that run through the text of an answer label (their own or another's) or come
    nearer to it than ``clearance``."""
    found = []
    labelled = [arrow for arrow in diagram.arrows if arrow.lines]
    for arrow in diagram.arrows:
        points = list(web_checks.diagrams.bezier(arrow.points))
        for other, (left, top, width, height) in zip(labelled, diagram.labels, strict=True):
            grown = (left - clearance, top - clearance, width + 2 * clearance, height + 2 * clearance)
            if any(web_checks._inside(point, grown, margin=0) for point in points):
                found.append(f"{arrow.source} → {arrow.target} through «{other.label}»")
    return found


def test_no_arrow_crosses_a_box_or_a_label_and_no_label_covers_another(print_guides):
    problems = []
    for guide, pieces in print_guides:
        for piece in pieces:
            d = piece.diagram
            where = f"«{guide.title}», del {piece.number}"
            problems += [f"{where}: {p}" for p in web_checks.edges_through_boxes(d)]
            problems += [f"{where}: {p}" for p in arrows_through_labels(d, CLEARANCE / piece.scale)]
            problems += [f"{where}: labels overlap {pair}" for pair in web_checks.overlapping_labels(d)]
            for label in d.labels:
                problems += [f"{where}: a label covers «{box.id}»" for box in d.boxes
                             if web_checks._overlap(label, (box.x, box.y, box.width, box.height))]
            for box in d.boxes:
                for line in box.lines:
                    if not (box.x < line.x - line.width / 2 and line.x + line.width / 2 < box.x + box.width
                            and box.y < line.y < box.y + box.height):
                        problems.append(f"{where}: «{line.text}» sticks out of its box")
    assert not problems, "\n".join(problems)


def test_the_label_check_can_fail(print_guides):
    guide, pieces = print_guides[0]
    d = pieces[0].diagram
    arrow = next(a for a in d.arrows if a.lines)
    left, top, width, height = d.labels[[a for a in d.arrows if a.lines].index(arrow)]
    middle = top + height / 2
    # A straight arrow drawn through the middle of a label, and one that only grazes its text.
    through = dataclasses.replace(arrow, points=((left - 5, middle), (left, middle), (left + width, middle),
                                                 (left + width + 5, middle)))
    assert arrows_through_labels(dataclasses.replace(d, arrows=(through,)), 0)
    grazing = dataclasses.replace(arrow, points=((left - 0.3, top - 20), (left - 0.3, top),
                                                 (left - 0.3, top + height), (left - 0.3, top + height + 20)))
    assert arrows_through_labels(dataclasses.replace(d, arrows=(grazing,)), CLEARANCE)
    assert not arrows_through_labels(dataclasses.replace(d, arrows=(grazing,)), 0)

