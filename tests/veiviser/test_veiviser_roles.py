"""Roles as data (mkdocs.yml extra.kommune.roller) and editors' notes (merknad) in the trees."""

from __future__ import annotations

import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

import veiviser
from veiviser.roles import load_roles, roles_from_config_file

ROOT = Path(__file__).resolve().parents[2]
GUIDELINE_ROLES = {"radmannen", "informasjonsmedarbeideren", "webansvarlig", "avdelingsleder",
                   "kriseledelsen", "postmottak"}


@pytest.fixture(scope="module")
def roles(real_anchors):
    return roles_from_config_file(ROOT / "mkdocs.yml", anchors=real_anchors)


def test_the_roles_are_the_ones_the_guidelines_name(roles, real_anchors):
    assert set(roles) == GUIDELINE_ROLES
    for role in roles.values():
        assert role.title and role.responsibility
        assert real_anchors.has(role.source_page, role.source_anchor), role.source
    assert roles["postmottak"].email == "postmottak@hattfjelldal.kommune.no"
    assert roles["informasjonsmedarbeideren"].lower_title == "informasjonsmedarbeideren"


def test_every_real_tree_names_known_roles(roles, real_anchors):
    guides = veiviser.load_guides(ROOT / "decision_trees", anchors=real_anchors, roles=roles)
    assert all(g.responsible in roles for g in guides)
    asked = {key for g in guides for o in g.outcomes for key in o.ask}
    assert asked <= set(roles)


def _problems(data, anchors=None) -> str:
    with pytest.raises(veiviser.GuideError) as info:
        load_roles(data, config_file=Path("mkdocs.yml"), anchors=anchors)
    text = str(info.value)
    assert "Traceback" not in text and "Slik retter du det" in text
    return text


@pytest.mark.parametrize("data, expected", [
    (None, "«extra → kommune → roller» mangler i mkdocs.yml"),
    ("informasjonsmedarbeideren", "skal være en liste med roller"),
    ({"Informasjons medarbeider": {}}, "navnet kan bare ha små bokstaver"),
    ({"webansvarlig": "Webansvarlig"}, "skal ha feltene «tittel»"),
    ({"webansvarlig": {"ansvar": "x", "kilde": "sammendrag.md#sporsmal-eller-tvil"}}, "mangler feltet «tittel»"),
    ({"webansvarlig": {"tittel": "W", "ansvar": "x", "kilde": "sammendrag"}}, "er ikke en henvisning til håndboka"),
    ({"webansvarlig": {"tittel": "W", "ansvar": "x", "kilde": "sammendrag.md#s", "epost": "ikke en adresse"}},
     "er ikke en e-postadresse"),
    ({"webansvarlig": {"tittel": "W", "ansvar": "x", "kilde": "sammendrag.md#s", "epsot": "a@b.no"}},
     "ukjent felt «epsot». Mente du «epost»?"),
    ({"webansvarlig": {"tittel": ["W"], "ansvar": "x", "kilde": "sammendrag.md#s"}}, "feltet «tittel» skal være en tekst"),
])
def test_broken_role_definitions_get_a_norwegian_message(data, expected):
    assert expected in _problems(data)


def test_a_role_source_must_exist_in_the_handbook(real_anchors):
    text = _problems({"webansvarlig": {"tittel": "W", "ansvar": "x", "kilde": "sammendrag.md#finnes-ikke"}},
                     real_anchors)
    assert "kilden «sammendrag.md#finnes-ikke» finnes ikke i håndboka" in text


TREE = """\
tittel: Test
beskrivelse: Test.
versjon: 1
dato: 2026-12-01
ansvarlig: {ansvarlig}
start: q
steg:
  q:
    spørsmål: Hva?
    merknad: Loven er **endret**.
    svar:
      - tekst: Ja
        til: a
      - tekst: Nei
        til: b
  a:
    resultat: A
    forklaring: A.
    kilder: [side.md#a]
    spør: {spor}
    merknad: >-
      Ny lov fra 2026.
  b:
    resultat: B
    forklaring: B.
    kilder: [side.md#a]
"""


def _load(tmp_path, roles, **fields):
    path = tmp_path / "test.yml"
    path.write_text(TREE.format(**{"ansvarlig": "webansvarlig", "spor": "postmottak", **fields}), encoding="utf-8")
    return veiviser.load_guide(path, roles=roles)


def test_roles_and_notes_reach_the_model(tmp_path, roles):
    guide = _load(tmp_path, roles, spor="[postmottak, webansvarlig, postmottak]")
    assert guide.responsible == "webansvarlig"
    assert guide.outcome("a").ask == ("postmottak", "webansvarlig")
    assert guide.outcome("b").ask == () and guide.outcome("b").note_html is None
    assert guide.question("q").note_html == "<p>Loven er <strong>endret</strong>.</p>"
    assert "Ny lov fra 2026." in guide.outcome("a").note_html


@pytest.mark.parametrize("fields, expected, line", [
    ({"ansvarlig": "informasjonsmedarbeidern"}, "Mente du «informasjonsmedarbeideren»?", 5),
    ({"ansvarlig": "nærmeste leder"}, "«nærmeste leder» i feltet «ansvarlig» er ikke en av rollene", 5),
    ({"spor": "arkivansvarlig"}, "«arkivansvarlig» i feltet «spør» er ikke en av rollene", 20),
    ({"spor": "[postmottak, sjefen]"}, "«sjefen» i feltet «spør»", 20),
    ({"spor": "[]"}, "Feltet «spør» er en tom liste", 20),
    ({"spor": "{a: b}"}, "Feltet «spør» skal være navnet på en rolle", 20),
])
def test_unknown_or_malformed_roles_stop_with_the_line(tmp_path, roles, fields, expected, line):
    with pytest.raises(veiviser.GuideError) as info:
        _load(tmp_path, roles, **fields)
    [problem] = info.value.problems
    assert expected in str(problem) and problem.line == line
    assert "Slik retter du det" in str(problem)


def test_merknad_must_be_text(tmp_path, roles):
    path = tmp_path / "test.yml"
    path.write_text(TREE.format(ansvarlig="webansvarlig", spor="postmottak").replace(
        "merknad: Loven er **endret**.", "merknad: [a, b]"), encoding="utf-8")
    with pytest.raises(veiviser.GuideError) as info:
        veiviser.load_guide(path, roles=roles)
    assert "Feltet «merknad» skal være en tekst" in str(info.value)


@pytest.mark.slow  # starts three processes; the roles fixture reads mkdocs.yml in-process
def test_make_check_reads_the_roles_from_mkdocs_yml(tmp_path):
    (tmp_path / "trees").mkdir()
    (tmp_path / "trees" / "test.yml").write_text(TREE.format(ansvarlig="sjefen", spor="postmottak"), encoding="utf-8")
    (tmp_path / "docs").mkdir()
    (tmp_path / "docs" / "side.md").write_text("# Side\n\n## A { #a }\n", encoding="utf-8")
    config = tmp_path / "mkdocs.yml"
    config.write_text(textwrap.dedent("""\
        site_name: x
        extra:
          flagg: !ENV [FLAGG, false]
          kommune:
            hovedadresse: post@kommune.no
            roller:
              postmottak: {tittel: Postmottak, ansvar: x, kilde: side.md#a}
              webansvarlig: {tittel: Webansvarlig, ansvar: x, kilde: side.md#a}
        """), encoding="utf-8")
    run = [sys.executable, "-m", "veiviser", str(tmp_path / "trees"), "--docs", str(tmp_path / "docs"),
           "--config", str(config)]
    result = subprocess.run(run, cwd=ROOT, capture_output=True, text=True)
    assert result.returncode == 1, result.stdout
    assert "«sjefen» i feltet «ansvarlig» er ikke en av rollene" in result.stderr
    assert "Traceback" not in result.stderr
    (tmp_path / "trees" / "test.yml").write_text(TREE.format(ansvarlig="webansvarlig", spor="postmottak"),
                                                 encoding="utf-8")
    assert subprocess.run(run, cwd=ROOT, capture_output=True, text=True).returncode == 0
    missing = subprocess.run(run[:-1] + [str(tmp_path / "finnes-ikke.yml")], cwd=ROOT, capture_output=True, text=True)
    assert missing.returncode == 2 and "Fant ikke filen" in missing.stderr
