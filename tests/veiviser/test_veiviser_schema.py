"""The JSON Schema for editors' tools agrees with the validator where it can."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from support import schema_validator, yaml_as_json

HERE = Path(__file__).parent
SCHEMA_FILE = HERE.parent.parent / "decision_trees" / "veiviser.schema.json"
GOOD = HERE / "fixtures" / "good"
BAD = HERE / "fixtures" / "bad"


@pytest.fixture(scope="module")
def validator():
    return schema_validator(SCHEMA_FILE)


def test_schema_has_norwegian_descriptions():
    schema = json.loads(SCHEMA_FILE.read_text(encoding="utf-8"))
    for key in ("tittel", "beskrivelse", "versjon", "dato", "ansvarlig", "start", "steg"):
        assert schema["properties"][key]["description"]
    for definition in ("sporsmal", "svar", "resultat"):
        for key, prop in schema["$defs"][definition]["properties"].items():
            assert prop.get("description"), (definition, key)


@pytest.mark.parametrize("name", ["svare-pa-innlegg", "samtykke-bilde"])
def test_good_guides_pass(validator, name):
    errors = list(validator.iter_errors(yaml_as_json(GOOD / f"{name}.yml")))
    assert errors == [], [e.message for e in errors]


REJECTED = [
    "wrong-type-svar",
    "wrong-type-versjon",
    "wrong-type-text",
    "answer-not-mapping",
    "unknown-key-top",
    "unknown-key-step",
    "unknown-key-answer",
    "unknown-key-nomatch",
    "wrong-kind-key",
    "invalid-step-id",
    "step-id-too-long",
    "invalid-guide-ref",
    "too-few-answers",
    "missing-kilder",
    "empty-kilder",
    "kilde-format",
    "step-both",
    "step-neither",
    "step-empty",
    "missing-tittel",
    "missing-forklaring",
    "missing-svar-til",
    "missing-start",
    "empty-text",
    "whitespace-text",
    "empty-neste-item",
    "empty-steg",
    "bad-date",
    "bad-version",
    "not-mapping",
]


@pytest.mark.parametrize("name", REJECTED)
def test_bad_fixtures_rejected(validator, name):
    assert list(validator.iter_errors(yaml_as_json(BAD / f"{name}.yml"))), name
