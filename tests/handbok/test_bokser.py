"""hooks/bokser.py without a build: every box shows its kind's name once, other kinds are named."""

from __future__ import annotations

import bokser
import pytest


@pytest.mark.parametrize(("before", "after"), [
    # A title of its own: the kind's name before it.
    ('<div class="admonition tips">\n<p class="admonition-title">Hvor står det?</p>',
     '<div class="admonition tips">\n<p class="admonition-title"><span class="boks-etikett">Tips:</span> Hvor står det?</p>'),
    # The title is the name already (any case), or starts with it: unchanged.
    ('<div class="admonition merknad">\n<p class="admonition-title">Merknad fra redaksjonen</p>', None),
    ('<div class="admonition advarsel">\n<p class="admonition-title">ADVARSEL: brann</p>', None),
    # Extra classes and attributes on the title (the guides' templates).
    ('<div class="admonition situasjon veiviser-situasjon">\n  <p class="admonition-title" data-search-exclude>Situasjonen</p>', None),
    ('<div class="admonition resultat veiviser-resultat">\n<p class="admonition-title veiviser-resultat__etikett">Resultat</p>', None),
    # No title (!!! tips ""): the name becomes the title.
    ('<div class="admonition regel">\n<p>Tekst</p>',
     '<div class="admonition regel">\n<p class="admonition-title">Fra retningslinjene</p>\n<p>Tekst</p>'),
])
def test_every_box_shows_its_kind_once(before, after):
    labelled, unknown = bokser.label_boxes(before)
    assert (labelled, unknown) == (after or before, [])
    assert bokser.label_boxes(labelled)[0] == labelled  # labelling twice changes nothing


def test_other_kinds_are_named_and_left_alone():
    content = '<div class="admonition note">\n<p class="admonition-title">Merk</p></div><div class="admonition warning"><p>x</p></div>'
    assert bokser.label_boxes(content) == (content, ["note", "warning"])


def test_the_line_of_a_box_in_markdown():
    markdown = '---\ntitle: x\n---\n\n# X\n\n!!! note "Merk"\n    Tekst.\n\n<div class="admonition farlig" markdown>\n'
    assert bokser._line_of(markdown, "note") == 7
    assert bokser._line_of(markdown, "farlig") == 10
    assert bokser._line_of(markdown, "tips") is None
