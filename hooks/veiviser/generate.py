"""
The files derived from the format in :mod:`veiviser.format`: both JSON Schemas and the field
tables in ``decision_trees/README.md``.  The guide schema also lists the role names from
``mkdocs.yml`` (``extra: kommune: roller:``), so editors' tools can offer them.

``python -m veiviser.generate`` (``make skjema``) writes them; ``python -m veiviser.generate
--check`` only says which are out of date (exit status 1).  A test runs the check, so a hand edit
of a schema or a table, an edit of the format, or a new role in ``mkdocs.yml`` without
regenerating fails the tests.
"""

from __future__ import annotations

import argparse
import json
import re
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from .format import (
    DATE_PATTERN,
    ID_PATTERN,
    MAX_ID_LENGTH,
    PLACES,
    SOURCE_PATTERN,
    TEXT_KINDS,
    VERSION_PATTERN,
    Field,
    Kind,
    Place,
    fields,
    max_length,
    required,
)
from .limits import MAX_ANSWERS, MAX_STEPS, MAX_TEXT
from .model import UNSURE_LABEL, GuideError
from .roles import roles_from_config_file
from .siteconfig import TREES_FOLDER

__all__ = ["guide_schema", "case_schema", "readme_tables", "expected_files", "stale_files", "write_files", "main"]

GUIDE_SCHEMA = "veiviser.schema.json"
CASE_SCHEMA = "ovelse.schema.json"
README = "README.md"
CONFIG = "mkdocs.yml"
COMMAND = "python -m veiviser.generate"
#: What to run after a change the derived files depend on (said by ``--check`` and the tests).
REGENERATE = f"Kjør  make skjema  (eller  {COMMAND})  for å skrive dem på nytt."

JsonObject = dict[str, Any]


def _role(roles: Sequence[str]) -> JsonObject:
    """One role name: one of ``roles`` (the keys in mkdocs.yml), in order."""

    names = ", ".join(roles[:-1]) + f" eller {roles[-1]}" if len(roles) > 1 else "".join(roles)
    return {
        "description": f"Navnet på en rolle i mkdocs.yml (extra → kommune → roller): {names}. En ny rolle legges til "
        f"i mkdocs.yml; kjør så make skjema, så kjenner skjemaet den.",
        "enum": list(roles),
    }


def _help(f: Field) -> str:
    """The schema's hover text: the README's text without Markdown, «Valgfritt:» first if optional."""

    text = f.description.replace("`", "").replace("**", "")
    return text if f.required else f"Valgfritt: {text[0].lower()}{text[1:]}"


def _text(key: str | None) -> JsonObject:
    return {"$ref": "#/$defs/tekst", "maxLength": max_length(key)}


def _property(f: Field) -> JsonObject:
    """The JSON Schema of one field's value."""

    prop: JsonObject = {"description": _help(f)}
    kind = f.kind
    if kind in TEXT_KINDS:
        prop.update(_text(f.key))
    elif kind in (Kind.STEP_ID, Kind.GUIDE_ID):
        prop["$ref"] = "#/$defs/id"
    elif kind is Kind.ROLE:
        prop["$ref"] = "#/$defs/rolle"
    elif kind is Kind.ROLES:
        prop["oneOf"] = [{"$ref": "#/$defs/rolle"},
                         {"type": "array", "minItems": f.min_items or 0, "items": {"$ref": "#/$defs/rolle"}}]
    elif kind in (Kind.TEXTS, Kind.MARKDOWN_LIST):
        prop.update(type="array", items=_text(None))
    elif kind is Kind.SOURCES:
        prop.update(type="array", items={"type": "string", "pattern": SOURCE_PATTERN, "maxLength": MAX_TEXT})
    elif kind is Kind.RULES:
        prop.update(type="array", items={"$ref": "#/$defs/id", "description": "Navnet på en regel, slik det står etter "
                                         "«id:» i decision_trees/regler.yml."})
    elif kind is Kind.VERSION:
        prop["anyOf"] = [{"type": "integer", "minimum": 1}, {"type": "number", "exclusiveMinimum": 0},
                         {"type": "string", "pattern": VERSION_PATTERN}]
    elif kind is Kind.DATE:
        prop.update(type="string", pattern=DATE_PATTERN)
    elif kind is Kind.STEPS:
        prop.update(type="object", maxProperties=MAX_STEPS, propertyNames={"$ref": "#/$defs/id"},
                    additionalProperties={"$ref": "#/$defs/steg"})
    elif kind is Kind.ANSWERS:
        prop.update(type="array", maxItems=MAX_ANSWERS, items={"$ref": "#/$defs/svar"})
    elif kind is Kind.NUMBER:
        prop.update(type="integer", minimum=1)
    elif kind is Kind.ROUTE:
        prop.update(type="array", items={
            "description": "Navnet på ett spørsmål i veiviseren, for eksempel hva-slags-innlegg. Svarer leseren "
            f"«{UNSURE_LABEL}» på spørsmålet, skriv «: usikker» etter navnet, for eksempel hva-slags-innlegg: usikker.",
            "anyOf": [{"$ref": "#/$defs/id"},
                      {"type": "object", "minProperties": 1, "maxProperties": 1, "propertyNames": {"$ref": "#/$defs/id"},
                       "additionalProperties": {"enum": ["usikker", UNSURE_LABEL]}}],
        })
    else:  # pragma: no cover - a new kind must be given a schema here
        raise AssertionError(kind)
    if f.min_items is not None and kind is not Kind.ROLES:
        prop["minItems" if prop.get("type") == "array" else "minProperties"] = f.min_items
    return prop


def _object(place: Place, *, title: str | None = None, **extra: Any) -> JsonObject:
    found: JsonObject = {}
    if title:
        found["title"] = title
    found.update(extra)
    found.update(type="object", additionalProperties=False, required=list(required(place)),
                 properties={f.key: _property(f) for f in fields(place)})
    return found


def _common_defs() -> JsonObject:
    return {
        "tekst": {"type": "string", "minLength": 1, "pattern": r"\S"},
        "id": {
            "description": "Et navn: bare små bokstaver a–z, tall og bindestrek (ikke æ, ø, å eller mellomrom), "
            f"høyst {MAX_ID_LENGTH} tegn.",
            "type": "string", "pattern": ID_PATTERN, "maxLength": MAX_ID_LENGTH,
        },
    }


def guide_schema(roles: Sequence[str]) -> JsonObject:
    """The JSON Schema of a guide file (``decision_trees/veiviser.schema.json``); ``roles`` are the role
    names in mkdocs.yml."""

    defs = _common_defs()
    defs["steg"] = {
        "description": "Et steg: enten et spørsmål (med «spørsmål:» og «svar:») eller et resultat (med «resultat:», "
        "«forklaring:» og «kilder:»).",
        "oneOf": [{"$ref": "#/$defs/sporsmal"}, {"$ref": "#/$defs/resultat"}],
    }
    defs["sporsmal"] = _object(Place.QUESTION, title=PLACES[Place.QUESTION].title)
    defs["svar"] = _object(Place.ANSWER, title=PLACES[Place.ANSWER].title)
    defs["resultat"] = _object(Place.OUTCOME, title=PLACES[Place.OUTCOME].title)
    defs["rolle"] = _role(roles)
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$id": "https://hattfjelldal.kommune.no/handbok/veiviser.schema.json",
        **_object(Place.TOP, title="Veiviser",
                  description="En veiviser i Sosiale medier-håndboka: spørsmål som leder fram til et resultat. Se "
                  f"decision_trees/README.md. Full kontroll: make check. (Laget av {COMMAND} fra "
                  "hooks/veiviser/format.py.)"),
        "$defs": defs,
    }


def case_schema() -> JsonObject:
    """The JSON Schema of a practice case (``decision_trees/ovelse.schema.json``)."""

    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$id": "https://hattfjelldal.kommune.no/handbok/ovelse.schema.json",
        **_object(Place.CASE, title="Øvelse",
                  description="En øvelse i Sosiale medier-håndboka: en situasjon, veiviseren den skal løses med, og "
                  "fasiten (veien gjennom spørsmålene og resultatet). Én fil per øvelse i decision_trees/ovelser/. Se "
                  f"«Øvelser» i decision_trees/README.md. Full kontroll: make check. (Laget av {COMMAND} fra "
                  "hooks/veiviser/format.py.)"),
        "$defs": _common_defs(),
    }


# ----------------------------------------------------------------------
# The README's field tables

#: The tables in the README, by the name in their markers.
TABLES = {"topp": Place.TOP, "sporsmal": Place.QUESTION, "svar": Place.ANSWER, "resultat": Place.OUTCOME,
          "ovelse": Place.CASE}
_RE_TABLE = re.compile(r"(<!-- felt:start (\w+) -->\n)(.*?)(<!-- felt:slutt -->)", re.S)


def table(place: Place) -> str:
    """The Markdown table of the fields at ``place``."""

    rows = ["| Felt | Må være med? | Hva det er |", "|---|---|---|"]
    rows += [f"| `{f.key}` | {'ja' if f.required else 'nei'} | {f.description} |" for f in fields(place)]
    return "\n".join(rows) + "\n"


def readme_tables(text: str) -> str:
    """``text`` (the README) with every table between ``<!-- felt:start NAME -->`` and ``<!-- felt:slutt -->``
    replaced by the generated one.  Raises ``ValueError`` if a table is missing or unknown."""

    found = [m.group(2) for m in _RE_TABLE.finditer(text)]
    if sorted(found) != sorted(TABLES):
        raise ValueError(f"README skal ha tabellene {sorted(TABLES)} mellom markører, men har {found}")
    return _RE_TABLE.sub(lambda m: m.group(1) + table(TABLES[m.group(2)]) + m.group(4), text)


# ----------------------------------------------------------------------
# Writing and checking


def _json(data: JsonObject) -> str:
    return json.dumps(data, ensure_ascii=False, indent=2) + "\n"


def _config(trees: Path, config: Path | None) -> Path:
    """mkdocs.yml: ``config``, or the one in the folder above ``trees``."""

    return config if config is not None else trees.parent / CONFIG


def expected_files(trees: Path, config: Path | None = None) -> dict[Path, str]:
    """What each derived file in the ``decision_trees`` folder ``trees`` should contain (the roles from
    ``config``, by default the ``mkdocs.yml`` beside ``trees``; :class:`GuideError` if it is wrong)."""

    readme = trees / README
    roles = list(roles_from_config_file(_config(trees, config)))
    return {
        trees / GUIDE_SCHEMA: _json(guide_schema(roles)),
        trees / CASE_SCHEMA: _json(case_schema()),
        readme: readme_tables(readme.read_text(encoding="utf-8")),
    }


def stale_files(trees: Path, config: Path | None = None) -> list[Path]:
    """The derived files in ``trees`` that differ from what the format gives (missing ones too)."""

    stale = []
    for path, text in expected_files(trees, config).items():
        try:
            current = path.read_text(encoding="utf-8")
        except OSError:
            current = None
        if current != text:
            stale.append(path)
    return stale


def write_files(trees: Path, config: Path | None = None) -> list[Path]:
    """Write the derived files that are out of date; return them."""

    stale = stale_files(trees, config)
    expected = expected_files(trees, config)
    for path in stale:
        path.write_text(expected[path], encoding="utf-8")
    return stale


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog=COMMAND, description="Skriver schemaene og felttabellene i README.")
    parser.add_argument("mappe", nargs="?", default=TREES_FOLDER, help="mappen med veivisere")
    parser.add_argument("--config", type=Path, help="mkdocs.yml med rollene (standard: den ved siden av mappen)")
    parser.add_argument("--check", action="store_true", help="bare kontroller, skriv ingenting")
    args = parser.parse_args(argv)
    trees = Path(args.mappe)
    try:
        changed = stale_files(trees, args.config) if args.check else write_files(trees, args.config)
    except GuideError as exc:
        print(exc, file=sys.stderr)
        return 2
    for path in changed:
        print(f"{'utdatert' if args.check else 'skrev'}: {path.as_posix()}")
    if args.check and changed:
        print(f"De er laget av hooks/veiviser/format.py og rollene i {CONFIG}. {REGENERATE}")
    return 1 if args.check and changed else 0


if __name__ == "__main__":
    sys.exit(main())
