"""The kinds of box on paper: the printed handbook names each box's kind in its title, and the print
stylesheet draws each kind with a border of its own (pattern, not only colour: the council may print
in grey)."""

from __future__ import annotations

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
