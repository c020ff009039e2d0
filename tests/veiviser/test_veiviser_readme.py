"""The annotated example in decision_trees/README.md must be a valid guide."""

from __future__ import annotations

import datetime
import json
import re
from pathlib import Path

import jsonschema
import yaml

import veiviser

ROOT = Path(__file__).parent.parent.parent
README = ROOT / "decision_trees" / "README.md"
SCHEMA = ROOT / "decision_trees" / "veiviser.schema.json"


def _example() -> str:
    blocks = re.findall(r"```yaml\n(.*?)```", README.read_text(encoding="utf-8"), flags=re.S)
    return next(b for b in blocks if "steg:" in b and "tittel:" in b)


def test_readme_example_loads(tmp_path):
    path = tmp_path / "svare-pa-innlegg.yml"
    path.write_text(_example(), encoding="utf-8")
    guide = veiviser.load_guide(path, anchors=None)
    assert guide.id == "svare-pa-innlegg"
    assert guide.question("hva-slags-innlegg").unsure_target == "spor-informasjonsmedarbeideren"
    assert guide.outcome("positivt").related_guide == "samtykke-bilde"
    assert guide.outcome("svar-alltid").copy_text.startswith("Takk for innlegget.")
    assert len(veiviser.enumerate_paths(guide)) == 3


def test_readme_example_matches_schema():
    data = yaml.safe_load(_example())
    data["dato"] = data["dato"].isoformat() if isinstance(data["dato"], datetime.date) else data["dato"]
    validator = jsonschema.Draft202012Validator(json.loads(SCHEMA.read_text(encoding="utf-8")))
    assert [e.message for e in validator.iter_errors(data)] == []


def test_readme_covers_every_field():
    text = README.read_text(encoding="utf-8")
    for key in veiviser.validate.TOP_KEYS + veiviser.validate.QUESTION_KEYS + veiviser.validate.ANSWER_KEYS + veiviser.validate.OUTCOME_KEYS:
        assert f"`{key}`" in text, key
    assert "make check" in text and "Slik retter du det" in text
