"""
The roles the guidelines name (rådmannen, informasjonsmedarbeideren, webansvarlig …), defined once
in ``mkdocs.yml`` under ``extra: kommune: roller:``. Trees name them by key (``ansvarlig:`` and an
outcome's ``spør:``); the pages show the title and the contact details the municipality fills in.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

import yaml

from .anchors import AnchorIndex
from .model import GuideError, Problem
from .siteconfig import municipality, read_config_file

__all__ = ["Role", "ROLE_FIELDS", "load_roles", "roles_from_config_file", "close_role"]

CONFIG_PATH = "extra → kommune → roller"
#: Field → (required, what it holds), the format of one role in mkdocs.yml.
ROLE_FIELDS = {
    "tittel": (True, "navnet på rollen slik retningslinjene bruker det, for eksempel «Informasjonsmedarbeideren»"),
    "ansvar": (True, "hva retningslinjene gjør rollen ansvarlig for, med retningslinjenes ord"),
    "kilde": (True, "hvor i håndboka retningslinjene nevner rollen, som  side.md#anker"),
    "navn": (False, "navnet på den som har rollen nå (kan stå tomt)"),
    "epost": (False, "e-postadressen (kan stå tomt)"),
    "telefon": (False, "telefonnummeret (kan stå tomt)"),
}
RE_KEY = re.compile(r"^[a-z][a-z0-9-]*$")
RE_SOURCE = re.compile(r"^([^#\s]+\.md)#(\S+)$")
RE_EMAIL = re.compile(r"^[^@\s<>\"']+@[^@\s<>\"']+\.[^@\s<>\"']+$")


@dataclass(frozen=True)
class Role:
    """One role: who to ask, what the guidelines make them responsible for, how to reach them."""

    key: str
    title: str
    responsibility: str
    source_page: str
    source_anchor: str
    name: str
    email: str
    phone: str

    @property
    def source(self) -> str:
        return f"{self.source_page}#{self.source_anchor}"

    @property
    def lower_title(self) -> str:
        """The title inside a sentence: «spør informasjonsmedarbeideren»."""
        return self.title[:1].lower() + self.title[1:]


def close_role(key: str, roles: Mapping[str, Role]) -> str | None:
    found = difflib.get_close_matches(key, list(roles), n=1, cutoff=0.6)
    return found[0] if found else None


def load_roles(data: object, *, config_file: Path, anchors: AnchorIndex | None = None) -> dict[str, Role]:
    """Check and build the roles from the ``roller`` mapping; raise :class:`GuideError` if wrong."""

    problems: list[Problem] = []

    def add(message: str, fix: str) -> None:
        problems.append(Problem(config_file, None, None, message, fix))

    if data is None:
        add(f"«{CONFIG_PATH}» mangler i mkdocs.yml: veiviserne viser hvem du kan spørre, fra denne listen.",
            "Legg til rollene under «extra: kommune: roller:» (se README-en).")
        raise GuideError(problems)
    if not isinstance(data, Mapping):
        add(f"«{CONFIG_PATH}» i mkdocs.yml skal være en liste med roller (navn: felt), ikke en enkelt verdi.",
            "Skriv hver rolle som  informasjonsmedarbeideren:  med feltene rykket inn under.")
        raise GuideError(problems)
    roles: dict[str, Role] = {}
    for key, fields in data.items():
        where = f"Rollen «{key}» ({CONFIG_PATH} i mkdocs.yml)"
        if not isinstance(key, str) or not RE_KEY.match(key):
            add(f"{where}: navnet kan bare ha små bokstaver a–z, tall og bindestrek.",
                "Gi rollen et navn som  informasjonsmedarbeideren  og bruk det samme navnet i veiviserne.")
            continue
        if not isinstance(fields, Mapping):
            add(f"{where} skal ha feltene {', '.join(f'«{f}»' for f in ROLE_FIELDS)}.",
                "Rykk inn feltene under navnet på rollen.")
            continue
        for unknown in (f for f in fields if f not in ROLE_FIELDS):
            guess = difflib.get_close_matches(str(unknown), list(ROLE_FIELDS), n=1)
            add(f"{where} har et ukjent felt «{unknown}»." + (f" Mente du «{guess[0]}»?" if guess else ""),
                "Tillatte felt: " + ", ".join(f"«{f}»" for f in ROLE_FIELDS) + ".")
        values: dict[str, str] = {}
        for field_name, (required, meaning) in ROLE_FIELDS.items():
            value = fields.get(field_name)
            if value is None:
                value = ""
            if not isinstance(value, (str, int)) or isinstance(value, bool):
                add(f"{where}: feltet «{field_name}» skal være en tekst.", f"Skriv {meaning}.")
                value = ""
            value = str(value).strip()
            if required and not value:
                add(f"{where} mangler feltet «{field_name}».", f"Legg til  {field_name}:  med {meaning}.")
            values[field_name] = value
        source = RE_SOURCE.match(values["kilde"]) if values["kilde"] else None
        if values["kilde"] and source is None:
            add(f"{where}: «{values['kilde']}» i feltet «kilde» er ikke en henvisning til håndboka.",
                "Skriv siden og ankeret, for eksempel  kilde: pa-vegne-av-kommunen.md#lederansvar")
        elif source and anchors is not None and not anchors.has(source.group(1), source.group(2)):
            add(f"{where}: kilden «{values['kilde']}» finnes ikke i håndboka.",
                "Skriv en side i docs/ og et anker som finnes der, som  pa-vegne-av-kommunen.md#lederansvar")
        if values["epost"] and not RE_EMAIL.match(values["epost"]):
            add(f"{where}: «{values['epost']}» er ikke en e-postadresse.",
                "Skriv adressen som  navn@hattfjelldal.kommune.no , eller la feltet stå tomt.")
        if source is None:
            continue
        roles[key] = Role(key=key, title=values["tittel"], responsibility=values["ansvar"],
                          source_page=source.group(1), source_anchor=source.group(2), name=values["navn"],
                          email=values["epost"], phone=values["telefon"])
    if problems:
        raise GuideError(problems)
    return roles


def roles_from_config_file(config_file: Path, *, anchors: AnchorIndex | None = None) -> dict[str, Role]:
    """The roles in ``mkdocs.yml`` (for ``python -m veiviser``, which runs without MkDocs)."""

    try:
        config = read_config_file(config_file)
    except (OSError, UnicodeDecodeError, yaml.YAMLError) as exc:
        raise GuideError([Problem(config_file, None, None, f"mkdocs.yml kan ikke leses ({exc.__class__.__name__}).",
                                    "Sjekk at filen finnes og er lagret som UTF-8, og kjør «make serve» for å se feilen.")]) from None
    return load_roles(municipality(config).get("roller"),
                      config_file=Path(config_file), anchors=anchors)
