"""The kinds of box on paper: the printed handbook names each box's kind in its title, and the print
stylesheet draws each kind with a border of its own (pattern, not only colour: the council may print
in grey). A box that can be closed (`??? kind`) is printed open, as the box of its kind."""

from __future__ import annotations

import dataclasses
import re

import bokser
import pytest
import tinycss2
from pypdf import PdfReader

from support import ROOT

PDF_NAME = "sosiale-medier-handboka.pdf"
PRINT_CSS = ROOT / "overrides/pdf/trykk.css"

# Boxes the printed pages hold (the practice cases and the related-guides box are screen only).
PRINTED = {"merknad": "MERKNAD FRA REDAKSJONEN", "tips": "TIPS: Hvor står reglene forklart?",
           "advarsel": "ADVARSEL: Er det en krise?", "regel": "Fra retningslinjene, kapittel 2, Sammendrag"}


@pytest.fixture(scope="module")
def text(handbook_pdf, site) -> str:
    reader = PdfReader(site / PDF_NAME)
    return " ".join(" ".join((page.extract_text() or "").split()) for page in reader.pages)


@pytest.mark.parametrize("kind", sorted(PRINTED))
def test_each_printed_box_names_its_kind(text, kind):
    assert PRINTED[kind] in text


def _borders() -> dict[str, str]:
    """Each kind's border declarations in the print stylesheet."""
    found: dict[str, str] = {}
    for rule in tinycss2.parse_stylesheet(PRINT_CSS.read_text(encoding="utf-8"), skip_comments=True):
        if rule.type != "qualified-rule":
            continue
        for selector in tinycss2.serialize(rule.prelude).split(","):
            match = re.fullmatch(r"\s*\.admonition\.([\w-]+)\s*", selector)
            if match:
                borders = [d for d in tinycss2.parse_declaration_list(rule.content, skip_whitespace=True,
                                                                       skip_comments=True)
                           if d.type == "declaration" and d.name.startswith("border")]
                found[match.group(1)] = found.get(match.group(1), "") + ";".join(
                    f"{d.name}:{tinycss2.serialize(d.value).strip()}" for d in borders)
    return found


def test_every_kind_has_a_border_of_its_own_in_print():
    borders = _borders()
    printed = {kind: borders.get(kind) for kind in PRINTED}
    assert all(printed.values()), printed
    patterns = {kind: tuple(re.findall(r"\b(solid|dashed|dotted|double)\b", value)) for kind, value in printed.items()}
    assert len(set(patterns.values())) == len(patterns), patterns
    assert set(PRINTED) <= set(bokser.KINDS)


# -----------------------------------------------------------------------------
# Boxes that can be closed, printed open (the page tests/handbok/fixtures/bokser/lukkbare.md)
# -----------------------------------------------------------------------------

# The words inside each box on the fixture page; the boxes that can be closed come first.
INSIDE = {"tips": "Innholdet i den lukkede tipsboksen: les reglene før du svarer.",
          "advarsel": "Innholdet i den åpne advarselen: vent på kriseledelsen.",
          "merknad": "Innholdet i merknaden: redaksjonen har skrevet dette."}


@pytest.fixture(scope="module")
def collapsible_print(collapsible_site, tmp_path_factory):
    """The fixture page printed as the PDF prints a chapter (the real cleaning, template, trykk.css and
    WeasyPrint), without the rest of the handbook (a whole PDF takes a minute): the laid-out
    document and the PDF's text."""
    from handbok_pdf.document import collect
    from handbok_pdf.render import render_document, render_html

    handbook = collect(collapsible_site)
    parts = [part for part in handbook.parts if getattr(part, "path", None) == "lukkbare.html"]
    assert len(parts) == 1, "the fixture page is in the menu, so the PDF has it"
    folder = tmp_path_factory.mktemp("lukkbare-pdf")
    document = render_document(render_html(dataclasses.replace(handbook, parts=parts)), collapsible_site, folder)
    document.write_pdf(folder / "lukkbare.pdf")
    reader = PdfReader(folder / "lukkbare.pdf")
    return document, " ".join(" ".join((page.extract_text() or "").split()) for page in reader.pages)


def _printed_boxes(document) -> list[tuple[str, list[str], str, str]]:
    """(tag, classes, left border style, top border style) of every box laid out on the pages."""
    def walk(box):
        yield box
        for child in getattr(box, "children", None) or ():
            yield from walk(child)
    found = []
    for page in document.pages:
        for box in walk(page._page_box):
            element = getattr(box, "element", None)
            classes = (element.get("class") or "").split() if element is not None else []
            if "admonition" in classes and box.element_tag in ("div", "details"):
                found.append((box.element_tag, classes, box.style["border_left_style"], box.style["border_top_style"]))
    return found


def test_a_box_that_can_be_closed_is_printed_open_with_its_kind(collapsible_print):
    _, text = collapsible_print
    for inside in INSIDE.values():
        assert text.count(inside) == 1, inside
    assert "Tips " + INSIDE["tips"] in text
    assert "ADVARSEL: Pass på ved kriser " + INSIDE["advarsel"] in text
    assert "MERKNAD FRA REDAKSJONEN: EN LANG TITTEL" in text


def test_a_box_that_can_be_closed_has_the_border_of_its_kind_on_paper(collapsible_print):
    document, _ = collapsible_print
    boxes = _printed_boxes(document)
    collapsible = [box for box in boxes if "utvidet" in box[1]]
    open_boxes = {box[1][1]: box[2:] for box in boxes if "utvidet" not in box[1]}
    assert [(tag, classes[:2]) for tag, classes, *_ in collapsible] == [
        ("div", ["admonition", kind]) for kind in INSIDE], "printed as a <div>, open"
    for _, classes, *borders in collapsible:
        assert tuple(borders) == open_boxes[classes[1]], (classes, borders)
    assert len({tuple(b) for b in open_boxes.values()}) == len(open_boxes), open_boxes
