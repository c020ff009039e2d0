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

__all__ = ["Role", "ROLE_FIELDS", "load_roles", "roles_from_config_file", "close_role", "reachable",
           "switchboard_problems", "contact_notices"]

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


# ----------------------------------------------------------------------
# The municipality's switchboard and main address: how readers reach a role without contact data


def reachable(role: Role) -> bool:
    """Whether the role's own contact data reach someone (a name alone does not)."""

    return bool(role.email or role.phone)


def _text(kommune: Mapping[str, object], key: str) -> str:
    value = kommune.get(key)
    return str(value).strip() if isinstance(value, (str, int)) and not isinstance(value, bool) else ""


def switchboard_problems(kommune: Mapping[str, object], *, config_file: Path) -> list[Problem]:
    """Problems with ``sentralbord`` and ``hovedadresse`` in ``extra: kommune:``: a role without contact data
    is shown with them, so at least one must be filled in, and the address must be an address."""

    problems = []
    phone, address = _text(kommune, "sentralbord"), _text(kommune, "hovedadresse")
    if address and not RE_EMAIL.match(address):
        problems.append(Problem(config_file, None, None,
                                f"«hovedadresse» under «extra: kommune:» i mkdocs.yml er ikke en e-postadresse: «{address}».",
                                "Skriv kommunens hovedadresse, for eksempel  hovedadresse: postmottak@hattfjelldal.kommune.no"))
    if not phone and not address:
        problems.append(Problem(config_file, None, None,
                                "Både «sentralbord» og «hovedadresse» under «extra: kommune:» i mkdocs.yml mangler. Roller "
                                "uten egen kontaktinformasjon vises med kommunens sentralbord og hovedadresse, så leserne "
                                "ville ikke hatt noen å kontakte.",
                                "Fyll inn minst én av dem, for eksempel  hovedadresse: postmottak@hattfjelldal.kommune.no  "
                                "og sentralbordets telefonnummer som  sentralbord: \"12 34 56 78\""))
    return problems


def contact_notices(kommune: Mapping[str, object], roles: Mapping[str, Role] | None) -> list[str]:
    """What the editors should fill in (a notice, not a failure): roles without contact data, the switchboard
    number, and the editors' own address while «Meld fra om feil» goes to the main address."""

    notices = []
    empty = [role.key for role in (roles or {}).values() if not reachable(role)]
    if empty:
        notices.append(f"Merk: {len(empty)} {'rolle' if len(empty) == 1 else 'roller'} mangler kontaktinformasjon "
                       "(e-post eller telefon) i mkdocs.yml (extra → kommune → roller), så leserne henvises til "
                       f"kommunens sentralbord og hovedadresse: {', '.join(empty)}.")
    if not _text(kommune, "sentralbord"):
        notices.append("Merk: sentralbordets telefonnummer er ikke fylt inn (extra → kommune → sentralbord i "
                       "mkdocs.yml), så leserne får bare kommunens hovedadresse.")
    editors = _text(kommune, "redaksjon_epost")
    if editors and editors == _text(kommune, "hovedadresse"):
        notices.append("Merk: «Meld fra om feil» går til kommunens hovedadresse til redaksjonens egen adresse er fylt "
                       "inn (extra → kommune → redaksjon_epost i mkdocs.yml).")
    return notices
