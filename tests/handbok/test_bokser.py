"""hooks/bokser.py without a build: every box shows its kind's name once, other kinds are named;
a collapsible box (`??? kind`, `???+ kind`) is a box of the same kinds."""

from __future__ import annotations

import bokser
import markdown
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
    # The title Markdown makes from the kind (!!! merknad): the name instead, not «Merknad fra redaksjonen: Merknad».
    ('<div class="admonition merknad">\n<p class="admonition-title">Merknad</p>',
     '<div class="admonition merknad">\n<p class="admonition-title">Merknad fra redaksjonen</p>'),
])
def test_every_box_shows_its_kind_once(before, after):
    labelled, unknown = bokser.label_boxes(before)
    assert (labelled, unknown) == (after or before, [])
    assert bokser.label_boxes(labelled)[0] == labelled  # labelling twice changes nothing


def test_other_kinds_are_named_and_left_alone():
    content = '<div class="admonition note">\n<p class="admonition-title">Merk</p></div><div class="admonition warning"><p>x</p></div>'
    assert bokser.label_boxes(content) == (content, [("!!!", "note"), ("!!!", "warning")])


# -----------------------------------------------------------------------------
# Boxes that can be closed
# -----------------------------------------------------------------------------

def _html(source: str) -> str:
    """Markdown as the handbook renders it (mkdocs.yml: admonition, pymdownx.details, md_in_html)."""
    return markdown.markdown(source, extensions=["admonition", "pymdownx.details", "md_in_html"])


@pytest.mark.parametrize(("source", "box", "title"), [
    # Closed, Markdown's own title («Tips»): the name.
    ("??? tips\n    Tekst.", '<details class="admonition tips">', "Tips"),
    # Open at first, a title of its own: the name before it.
    ('???+ advarsel "Pass på"\n    Tekst.', '<details class="admonition advarsel" open="open">',
     '<span class="boks-etikett">Advarsel:</span> Pass på'),
    # No title, or Markdown's («Merknad»): the name.
    ('??? merknad ""\n    Tekst.', '<details class="admonition merknad">', "Merknad fra redaksjonen"),
    ("??? merknad\n    Tekst.", '<details class="admonition merknad">', "Merknad fra redaksjonen"),
    # More classes after the kind, and a title that starts with the name: kept.
    ('??? regel ekstra "Fra retningslinjene, kapittel 6"\n    Tekst.', '<details class="admonition regel ekstra">',
     "Fra retningslinjene, kapittel 6"),
    # Written out in HTML, without a <summary>: the browser would say «Details»; the name instead.
    ('<details class="situasjon" markdown>\nTekst.\n</details>', '<details class="admonition situasjon">',
     "Situasjonen"),
])
def test_a_collapsible_box_is_a_box_of_its_kind(source, box, title):
    labelled, unknown = bokser.label_boxes(_html(source), collapsible_only_boxes=True)
    assert unknown == []
    assert labelled.startswith(f'{box}\n<summary class="admonition-title">{title}</summary>\n<p>Tekst.</p>'), labelled
    assert bokser.label_boxes(labelled, collapsible_only_boxes=True) == (labelled, [])


@pytest.mark.parametrize(("source", "found"), [
    ("??? note\n    Tekst.", [("???", "note")]),
    ('???+ warning "Obs"\n    Tekst.', [("???+", "warning")]),
    ('??? "Bare en tittel"\n    Tekst.', [("???", "")]),
    ("<details><summary>Mer</summary>Tekst.</details>", [("???", "")]),
])
def test_a_collapsible_box_of_another_kind_or_none_is_named_in_a_handbook_page(source, found):
    content = _html(source)
    assert bokser.label_boxes(content, collapsible_only_boxes=True) == (content, found)


def test_the_guides_own_details_are_left_alone():
    """The guides' pages (overrides/veiviser/) make <details> that are not boxes; a box's kind still counts."""
    content = ('<details class="veiviser-veier">\n    <summary>Svarene som fører hit</summary></details>'
               '<details class="kildegrunnlag__del" data-apnes-av="krise"><summary>Vis</summary></details>'
               "<details><summary>Uten klasse</summary></details>")
    assert bokser.label_boxes(content) == (content, [])
    labelled, unknown = bokser.label_boxes('<details class="tips"><summary>Se også</summary></details>')
    assert (labelled, unknown) == ('<details class="admonition tips"><summary class="admonition-title">'
                                   '<span class="boks-etikett">Tips:</span> Se også</summary></details>', [])


def test_the_line_of_a_box_in_markdown():
    source = ('---\ntitle: x\n---\n\n# X\n\n!!! note "Merk"\n    Tekst.\n\n<div class="admonition farlig" markdown>\n'
              '\n??? note\n    Tekst.\n\n- punkt\n\n    ???+ obs "Inni en liste"\n        Tekst.\n\n'
              '??? "Uten type"\n    Tekst.\n\n<details class="feil">\n')
    assert bokser._line_of(source, "!!!", "note") == 7
    assert bokser._line_of(source, "!!!", "farlig") == 10
    assert bokser._line_of(source, "!!!", "tips") is None
    assert bokser._line_of(source, "???", "note") == 12
    assert bokser._line_of(source, "???+", "obs") == 17
    assert bokser._line_of(source, "???", "") == 20
    assert bokser._line_of(source, "???", "feil") == 23


def test_the_messages_name_the_form_the_editor_wrote_and_the_kinds():
    source = "# X\n\n???+ note\n    Tekst.\n"
    message = str(bokser.problem("docs/x.md", source, "???+", "note"))
    assert message.startswith("docs/x.md, linje 3: Boksen «???+ note» er ikke en av håndbokas bokstyper "
                              "(regel, merknad, tips, advarsel, situasjon, resultat).")
    assert "«??? tips \"Tittel\"» (lukket) eller «???+ advarsel» (åpen)" in message
    open_box = str(bokser.problem("docs/x.md", "!!! note\n", "!!!", "note"))
    assert open_box.startswith("docs/x.md, linje 1: Boksen «!!! note» er ikke en av håndbokas bokstyper")
    assert "«??? tips \"Tittel\"»" in open_box  # both forms: the kinds are the same
    no_kind = str(bokser.problem("docs/x.md", '??? "Mer"\n', "???", ""))
    assert no_kind.startswith("docs/x.md, linje 1: Boksen som kan lukkes («??? \"Tittel\"» eller <details>) har ingen bokstype.")
