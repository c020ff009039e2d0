"""One definition of the formats (veiviser.format): the schemas, the README's tables and the
validator must say the same about every field, and a hand edit of any of them fails here."""

from __future__ import annotations

import copy
import dataclasses
import json
import re
import shutil
from pathlib import Path

import jsonschema
import pytest
import yaml

import veiviser
from support import jsonable
from veiviser import format as fmt
from veiviser import generate
from veiviser.format import Kind, Place

ROOT = Path(__file__).resolve().parent.parent.parent
TREES = ROOT / "decision_trees"
GOOD = Path(__file__).parent / "fixtures" / "good"

# A guide with every field of the format, and a case with every field.
FULL_GUIDE = {
    "tittel": "Tittel", "beskrivelse": "Om *dette*.", "versjon": 1, "dato": "2026-11-25",
    "ansvarlig": "webansvarlig", "start": "q", "nokkelord": ["sint kommentar"],
    "steg": {
        "q": {"spørsmål": "Hva?", "hjelp": "Hjelp.", "merknad": "Merk.", "usikker": "b",
              "svar": [{"tekst": "Ja", "til": "a"}, {"tekst": "Nei", "til": "b"}]},
        "a": {"resultat": "A", "forklaring": "Fordi.", "neste": ["Gjør det."], "kilder": ["side.md#anker"],
              "kopier": "Tekst.", "veiviser": "annen", "spør": ["webansvarlig"], "merknad": "Merk.",
              "regler": ["svar-samme-dag"]},
        "b": {"resultat": "B", "forklaring": "Fordi.", "kilder": ["side.md#anker"]},
    },
}
FULL_CASE = {
    "tittel": "Klage", "situasjon": "En klage.", "veiviser": "svare-pa-innlegg",
    "vei": ["hva-slags-innlegg", "klage"], "resultat": "ikke-svar-offentlig", "begrunnelse": "Fordi.", "nr": 2,
}
PATHS = {Place.TOP: (), Place.QUESTION: ("steg", "q"), Place.ANSWER: ("steg", "q", "svar", 0),
         Place.OUTCOME: ("steg", "a"), Place.CASE: ()}


def _node(data, place):
    for part in PATHS[place]:
        data = data[part]
    return data


def _tree(size: int) -> dict:
    """Steps «q», «s1» … forming an 8-ary tree of ``size`` steps: questions inside, outcomes at the leaves."""
    names = ["q"] + [f"s{n}" for n in range(1, size)]
    steps: dict = {}
    for n, name in enumerate(names):
        children = names[8 * n + 1:8 * n + 9]
        steps[name] = ({"spørsmål": f"Spørsmål {n}?", "svar": [{"tekst": f"Svar {c}", "til": c} for c in children]}
                       if children else {"resultat": f"Resultat {n}", "forklaring": "Fordi.", "kilder": ["side.md#anker"]})
    return steps


def _answers(count: int) -> list[dict]:
    return [{"tekst": f"Svar {n}", "til": "ab"[n % 2]} for n in range(count)]


def _probes(f: fmt.Field, example: object) -> list[tuple[str, object, bool]]:
    """Values worth trying in field ``f`` (``example``: its value in the full example): (what it is, the
    value, whether both must accept it)."""
    kind, longest = f.kind, fmt.max_length(f.key)
    found: list[tuple[str, object, bool]] = []
    if kind in fmt.TEXT_KINDS:
        found += [("an empty text", "", False), ("a blank text", "  ", False),
                  (f"a text of {longest} characters", "x" * longest, True),
                  (f"a text of {longest + 1} characters", "x" * (longest + 1), False)]
    if kind in (Kind.STEP_ID, Kind.GUIDE_ID):
        found += [("an id with a capital and a space", "Ikke gyldig", False),
                  (f"an id of {fmt.MAX_ID_LENGTH + 1} characters", "a" * (fmt.MAX_ID_LENGTH + 1), False)]
    if kind in (Kind.ROLE, Kind.ROLES):
        found += [("a role that is not in mkdocs.yml", "ukjent-rolle", False)]
    if kind in (Kind.TEXTS, Kind.MARKDOWN_LIST):
        found += [("a list with an empty item", ["Noe.", ""], False),
                  (f"an item of {fmt.max_length(None) + 1} characters", ["x" * (fmt.max_length(None) + 1)], False)]
    if kind is Kind.SOURCES:
        found += [("a source without an anchor", ["side.md"], False)]
    if kind is Kind.RULES:
        found += [("a rule name with a capital and a space", ["Svar Samme Dag"], False),
                  (f"a rule name of {fmt.MAX_ID_LENGTH + 1} characters", ["a" * (fmt.MAX_ID_LENGTH + 1)], False)]
    if kind is Kind.VERSION:
        found += [("version 0", 0, False), ("version «1.2»", "1.2", True), ("version «1.x»", "1.x", False)]
    if kind is Kind.DATE:
        found += [("a date written 25.11.2026", "25.11.2026", False)]
    if kind is Kind.NUMBER:
        found += [("the number 0", 0, False), ("a number in quotes", "3", False)]
    if kind is Kind.ANSWERS:
        found += [(f"{n} answers", _answers(n), n <= veiviser.limits.MAX_ANSWERS)
                  for n in (veiviser.limits.MAX_ANSWERS, veiviser.limits.MAX_ANSWERS + 1)]
    if kind is Kind.STEPS:
        found += [(f"{n} steps", _tree(n), n <= veiviser.limits.MAX_STEPS)
                  for n in (veiviser.limits.MAX_STEPS, veiviser.limits.MAX_STEPS + 1)]
        found += [("a step id with a capital", {"Q": {"resultat": "R", "forklaring": "F.", "kilder": ["a.md#b"]}}, False)]
    if kind in (Kind.TEXTS, Kind.MARKDOWN_LIST, Kind.SOURCES, Kind.ANSWERS, Kind.ROUTE, Kind.ROLES, Kind.STEPS,
                Kind.RULES):
        # every list: the empty one, and one item short of the minimum
        found.append(("an empty list" if kind is not Kind.STEPS else "no steps", {} if kind is Kind.STEPS else [],
                      not f.min_items))
        if f.min_items and f.min_items > 1:
            assert isinstance(example, list) and len(example) >= f.min_items
            found.append((f"{f.min_items - 1} item(s)", example[:f.min_items - 1], False))
    return found


def _wrong_value(kind: Kind):
    """A value of the wrong shape for ``kind``."""
    if kind in (Kind.STEPS,):
        return ["x"]
    if kind in (Kind.TEXTS, Kind.MARKDOWN_LIST, Kind.SOURCES, Kind.ANSWERS, Kind.ROUTE, Kind.ROLES, Kind.RULES):
        return {"x": "y"}
    return ["x", "y"]


class _Validator:
    """The tree validator (and the case checker) on data written as YAML."""

    def __init__(self, tmp: Path, guides: list[veiviser.Guide]) -> None:
        self.tmp, self.guides, self.count = tmp, guides, 0
        self.roles = veiviser.roles.roles_from_config_file(ROOT / "mkdocs.yml")

    def problems(self, place: Place, data: dict) -> list[str] | None:
        """The validator's messages for ``data`` (``None``: accepted)."""
        self.count += 1
        folder = self.tmp / f"t{self.count}"
        folder.mkdir()
        path = folder / "svare-pa-innlegg.yml"
        path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
        try:
            if place is Place.CASE:
                veiviser.load_cases(folder, self.guides)
            else:
                veiviser.load_guide(path, roles=self.roles)
        except veiviser.GuideError as exc:
            return [p.message for p in exc.problems]
        return None


def readme_required(text: str) -> dict[Place, dict[str, bool]]:
    """The «Må være med?» column of each generated table in the README."""
    found: dict[Place, dict[str, bool]] = {}
    for name, body in re.findall(r"<!-- felt:start (\w+) -->\n(.*?)<!-- felt:slutt -->", text, re.S):
        rows = re.findall(r"^\| `([^`]+)` \| (ja|nei) \|", body, re.M)
        found[generate.TABLES[name]] = {key: answer == "ja" for key, answer in rows}
    return found


def disagreements(guide_schema: dict, case_schema: dict, readme: str, validator: _Validator) -> list[str]:
    """Where the schemas, the README's tables and the validator disagree about a field (empty: nowhere)."""
    found: list[str] = []
    tables = readme_required(readme)
    checks = [jsonschema.Draft202012Validator(s) for s in (guide_schema, case_schema)]
    for place in Place:
        full = FULL_CASE if place is Place.CASE else FULL_GUIDE
        schema = checks[place is Place.CASE]
        keys = fmt.keys(place)
        if validator.problems(place, full) is not None or not schema.is_valid(jsonable(full)):
            found.append(f"{place.name}: the example with every field ({', '.join(keys)}) is refused")
        if list(tables.get(place, {})) != list(keys):
            found.append(f"{place.name}: README lists {list(tables.get(place, {}))}, the format {list(keys)}")
        for key in keys:
            data = copy.deepcopy(full)
            del _node(data, place)[key]
            by_validator = validator.problems(place, data) is not None
            by_schema = not schema.is_valid(jsonable(data))
            by_readme = tables.get(place, {}).get(key)
            if not by_validator == by_schema == by_readme:
                found.append(f"{place.name}.{key} without it: validator rejects={by_validator}, "
                             f"schema rejects={by_schema}, README «må være med»={by_readme}")
            wrong = copy.deepcopy(full)
            _node(wrong, place)[key] = _wrong_value(fmt.field(place, key).kind)
            if validator.problems(place, wrong) is None or schema.is_valid(jsonable(wrong)):
                found.append(f"{place.name}.{key}: a value of the wrong kind is accepted by the validator or schema")
            for what, value, accept in _probes(fmt.field(place, key), _node(full, place)[key]):
                probe = copy.deepcopy(full)
                _node(probe, place)[key] = value
                by_validator = validator.problems(place, probe) is None
                by_schema = schema.is_valid(jsonable(probe))
                if not accept == by_validator == by_schema:
                    found.append(f"{place.name}.{key} = {what}: validator accepts={by_validator}, "
                                 f"schema accepts={by_schema}, both should {'accept' if accept else 'refuse'}")
        unknown = copy.deepcopy(full)
        _node(unknown, place)["ukjent"] = "x"
        messages = validator.problems(place, unknown) or []
        if not any("Ukjent felt «ukjent»" in m for m in messages) or schema.is_valid(jsonable(unknown)):
            found.append(f"{place.name}: an unknown key is not refused by both")
    return found


@pytest.fixture()
def validator(tmp_path, good_guides) -> _Validator:
    return _Validator(tmp_path, list(good_guides.values()))


def _committed() -> tuple[dict, dict, str]:
    return (json.loads((TREES / generate.GUIDE_SCHEMA).read_text(encoding="utf-8")),
            json.loads((TREES / generate.CASE_SCHEMA).read_text(encoding="utf-8")),
            (TREES / "README.md").read_text(encoding="utf-8"))


def test_full_examples_are_valid(validator):
    guide_schema, case_schema, _ = _committed()
    assert validator.problems(Place.TOP, FULL_GUIDE) is None
    assert validator.problems(Place.CASE, FULL_CASE) is None
    assert jsonschema.Draft202012Validator(guide_schema).is_valid(FULL_GUIDE)
    assert jsonschema.Draft202012Validator(case_schema).is_valid(FULL_CASE)


def test_schema_validator_and_readme_agree(validator):
    assert disagreements(*_committed(), validator) == []


@pytest.mark.slow  # re-runs the whole agreement check per tampered copy; make test-fast keeps the check itself
def test_a_hand_edited_schema_or_table_makes_them_disagree(validator):
    guide_schema, case_schema, readme = _committed()
    tampered = copy.deepcopy(guide_schema)
    tampered["$defs"]["resultat"]["required"].append("kopier")
    assert any("OUTCOME.kopier" in d for d in disagreements(tampered, case_schema, readme, validator))
    tampered = copy.deepcopy(case_schema)
    del tampered["properties"]["nr"]
    assert any("CASE: the example with every field" in d for d in disagreements(guide_schema, tampered, readme, validator))
    tampered = copy.deepcopy(guide_schema)  # limits: the lists' minimum and maximum, a text's length
    tampered["properties"]["nokkelord"]["minItems"] = 1
    tampered["$defs"]["sporsmal"]["properties"]["svar"]["maxItems"] = veiviser.limits.MAX_ANSWERS + 1
    tampered["$defs"]["id"]["maxLength"] = fmt.MAX_ID_LENGTH + 10
    found = disagreements(tampered, case_schema, readme, validator)
    for expected in ("TOP.nokkelord = an empty list", f"QUESTION.svar = {veiviser.limits.MAX_ANSWERS + 1} answers",
                     f"TOP.start = an id of {fmt.MAX_ID_LENGTH + 1} characters"):
        assert any(d.startswith(expected) for d in found), (expected, found)
    edited = readme.replace("| `hjelp` | nei |", "| `hjelp` | ja |")
    assert edited != readme
    assert any("QUESTION.hjelp" in d for d in disagreements(guide_schema, case_schema, edited, validator))


@pytest.mark.slow  # regenerates schemas and tables from a patched spec
def test_an_edited_format_makes_the_committed_files_disagree(validator, monkeypatch):
    fields = tuple(dataclasses.replace(f, required=True) if f.key == "kopier" else f for f in fmt.FIELDS)
    monkeypatch.setattr(fmt, "FIELDS", fields)
    assert any("OUTCOME.kopier" in d for d in disagreements(*_committed(), validator))
    assert set(generate.stale_files(TREES)) == {TREES / "veiviser.schema.json", TREES / "README.md"}


def test_derived_files_are_up_to_date():
    stale = generate.stale_files(TREES)
    assert stale == [], (
        f"{', '.join(p.name for p in stale)} differ from hooks/veiviser/format.py and the roles in mkdocs.yml "
        f"(extra → kommune → roller). Do not edit them by hand: after changing the format or a role, run  "
        f"make skjema  (or  .venv/bin/{generate.COMMAND})  and commit the result.")


def _copy_derived(folder: Path) -> Path:
    """The derived files and mkdocs.yml copied to ``folder`` (as decision_trees/ and mkdocs.yml)."""
    trees = folder / "decision_trees"
    trees.mkdir()
    for file in ("veiviser.schema.json", "ovelse.schema.json", "README.md"):
        shutil.copy(TREES / file, trees)
    shutil.copy(ROOT / "mkdocs.yml", folder)
    return trees


@pytest.mark.parametrize("name", ["veiviser.schema.json", "ovelse.schema.json", "README.md"])
def test_a_hand_edit_of_a_derived_file_is_found(tmp_path, name):
    trees = _copy_derived(tmp_path)
    assert generate.stale_files(trees) == []
    target = trees / name
    text = target.read_text(encoding="utf-8")
    edited = text.replace("Markdown er lov", "Markdown er tillatt", 1)
    assert edited != text
    target.write_text(edited, encoding="utf-8")
    assert generate.stale_files(trees) == [target]
    assert generate.main([str(trees), "--check"]) == 1
    assert generate.main([str(trees)]) == 0
    assert target.read_text(encoding="utf-8") == text


def test_the_schema_offers_the_roles_in_mkdocs_yml():
    guide_schema, _, _ = _committed()
    roles = veiviser.roles.roles_from_config_file(ROOT / "mkdocs.yml")
    assert guide_schema["$defs"]["rolle"]["enum"] == list(roles)
    check = jsonschema.Draft202012Validator(guide_schema)
    for role in roles:
        assert check.is_valid({**FULL_GUIDE, "ansvarlig": role}), role
    assert not check.is_valid({**FULL_GUIDE, "ansvarlig": "webansvarleg"})


def test_a_new_role_in_mkdocs_yml_makes_the_schema_stale(tmp_path, capsys):
    trees = _copy_derived(tmp_path)
    config = tmp_path / "mkdocs.yml"
    text = config.read_text(encoding="utf-8")
    new_role = ("      personvernombud:\n        tittel: Personvernombudet\n        ansvar: Gir råd om personvern.\n"
                "        kilde: pa-vegne-av-kommunen.md#lederansvar\n")
    edited = text.replace("    roller:\n", "    roller:\n" + new_role, 1)
    assert edited != text
    config.write_text(edited, encoding="utf-8")
    assert generate.stale_files(trees) == [trees / "veiviser.schema.json"]
    assert generate.main([str(trees), "--check"]) == 1
    out = capsys.readouterr().out
    assert "utdatert: " in out and "make skjema" in out and generate.COMMAND in out
    assert generate.main([str(trees)]) == 0
    schema = json.loads((trees / "veiviser.schema.json").read_text(encoding="utf-8"))
    assert schema["$defs"]["rolle"]["enum"][0] == "personvernombud"
    assert generate.stale_files(trees) == []


def test_schemas_carry_the_validators_length_limits():
    guide_schema, case_schema, _ = _committed()
    props = guide_schema["$defs"]["sporsmal"]["properties"]
    assert props["spørsmål"]["maxLength"] == veiviser.limits.TEXT_LIMITS["spørsmål"]
    assert guide_schema["properties"]["tittel"]["maxLength"] == veiviser.limits.TEXT_LIMITS["tittel"]
    assert props["svar"]["maxItems"] == veiviser.limits.MAX_ANSWERS
    assert guide_schema["properties"]["steg"]["maxProperties"] == veiviser.limits.MAX_STEPS
    assert case_schema["properties"]["situasjon"]["maxLength"] == veiviser.limits.MAX_TEXT
    too_long = copy.deepcopy(FULL_GUIDE)
    too_long["tittel"] = "x" * (veiviser.limits.TEXT_LIMITS["tittel"] + 1)
    assert not jsonschema.Draft202012Validator(guide_schema).is_valid(too_long)


def test_every_required_field_has_an_example_and_every_list_a_hint():
    for f in fmt.FIELDS:
        if f.required and f.places != (Place.CASE,):
            assert f.example and f.example.lstrip("- ").startswith(f.key), f.key
        if f.kind in (Kind.TEXTS, Kind.MARKDOWN_LIST, Kind.SOURCES, Kind.ANSWERS, Kind.RULES):
            assert f.list_hint, f.key
        assert f.description.strip(), f.key
