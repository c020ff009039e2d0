"""
The file formats, defined once: every field of a guide and of a practice case.

One :class:`Field` per YAML key says where the key may stand, whether it must be there, what
kind of value it takes, the example line shown when it is missing and the Norwegian text that
editors read (in ``decision_trees/README.md`` and as hover help from the JSON Schemas).

Everything else is derived from :data:`FIELDS`: the validator's key lists, required fields,
examples and Markdown fields (:mod:`veiviser.validate`, :mod:`veiviser.ovelser`), both JSON
Schemas and the field tables in the README (:mod:`veiviser.generate`, which writes them; a test
fails if the committed files differ).  To add or change a field, edit it here, run
``python -m veiviser.generate`` and teach the checker its new kind if it has one.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from enum import Enum

from .limits import MAX_TEXT, TEXT_LIMITS
from .model import UNSURE_LABEL

__all__ = [
    "Kind",
    "Place",
    "Field",
    "FIELDS",
    "PLACES",
    "fields",
    "keys",
    "required",
    "field",
    "example",
    "markdown_keys",
    "max_length",
    "ID_PATTERN",
    "VERSION_PATTERN",
    "DATE_PATTERN",
    "SOURCE_PATTERN",
    "MAX_ID_LENGTH",
]


class Kind(Enum):
    """What kind of value a field takes."""

    TEXT = "vanlig tekst"
    MARKDOWN = "tekst med Markdown"
    STEP_ID = "navnet på et steg"
    GUIDE_ID = "navnet på en veiviser"
    ROLE = "en rolle"
    ROLES = "en rolle eller en liste med roller"
    TEXTS = "en liste med tekster"
    MARKDOWN_LIST = "en liste med tekster med Markdown"
    SOURCES = "en liste med side.md#anker"
    VERSION = "et versjonsnummer"
    DATE = "en dato"
    STEPS = "stegene"
    ANSWERS = "en liste med svar"
    NUMBER = "et heltall fra 1"
    ROUTE = "en liste med navn på spørsmål"
    RULES = "en liste med navn på regler"


class Place(Enum):
    """Where in a file a field may stand."""

    TOP = "top"
    QUESTION = "question"
    ANSWER = "answer"
    OUTCOME = "outcome"
    CASE = "case"


#: The owner of a field in «… mangler feltet «x»», by place.
OWNERS = {
    Place.TOP: "Veiviseren",
    Place.QUESTION: "Spørsmålet",
    Place.ANSWER: "Svaret",
    Place.OUTCOME: "Resultatet",
    Place.CASE: "Øvelsen",
}

#: Plain text and Markdown kinds (the value is one text).
TEXT_KINDS = (Kind.TEXT, Kind.MARKDOWN)

MAX_ID_LENGTH = 60
#: A step, guide or case id (it becomes part of a URL); JSON Schema and Python read it alike.
ID_PATTERN = r"^[a-z0-9][a-z0-9-]*$"
VERSION_PATTERN = r"^[0-9]+(?:\.[0-9]+)*$"
DATE_PATTERN = r"^[0-9]{4}-[0-9]{2}-[0-9]{2}$"
#: A source: ``side.md#anker`` (the page's file name in docs/, #, the heading's anchor).
SOURCE_PATTERN = r"^([^#\s]+\.md)#(\S+)$"


@dataclass(frozen=True)
class Field:
    """One YAML key of a guide or a practice case."""

    key: str
    places: tuple[Place, ...]
    kind: Kind
    required: bool
    #: What the field is, for editors: the README's table cell; the schemas' hover help.
    description: str
    #: The line shown in «Slik retter du det» when a required field is missing.
    example: str | None = None
    #: The fix when a list field is not a list.
    list_hint: str | None = None
    #: How one item of a list field is named in messages.
    item_label: str | None = None
    #: Fewest items of a list (``None``: an empty list is fine).  The schemas get it as ``minItems``; the
    #: validator words its own message for too few, and the agreement test tries one item fewer on both.
    min_items: int | None = None


_Q, _A, _O, _T, _C = Place.QUESTION, Place.ANSWER, Place.OUTCOME, Place.TOP, Place.CASE

#: Every field, in the order the messages list them («Felt som er tillatt …»).
FIELDS: tuple[Field, ...] = (
    # -- the top of a guide file
    Field("tittel", (_T,), Kind.TEXT, True,
          "Tittelen på veiviseren, helst formulert som spørsmålet leseren har. Vanlig tekst.",
          example="tittel: Skal jeg svare på dette innlegget?"),
    Field("beskrivelse", (_T,), Kind.MARKDOWN, True,
          "Kort forklaring av når veiviseren brukes. Markdown er lov.",
          example="beskrivelse: Kort forklaring av når veiviseren brukes."),
    Field("versjon", (_T,), Kind.VERSION, True,
          "Et heltall fra 1 og oppover (`versjon: 2`), eller en tekst som `versjon: \"1.2\"`. Øk den når "
          "innholdet endres.",
          example="versjon: 1"),
    Field("dato", (_T,), Kind.DATE, True,
          "Datoen veiviseren sist ble endret: `dato: 2026-11-25` (år-måned-dag).",
          example="dato: 2026-11-25"),
    Field("ansvarlig", (_T,), Kind.ROLE, False,
          "Rollen som har ansvaret for veiviseren, med navnet fra `mkdocs.yml` (`extra: kommune: roller:`), for "
          "eksempel `informasjonsmedarbeideren`. Vises i resultatene og på siden «Hvem spør jeg?». En rolle som "
          "ikke finnes der, stopper bygget."),
    Field("start", (_T,), Kind.STEP_ID, True,
          "Navnet på steget leseren begynner med (som regel det første spørsmålet).",
          example="start: navnet-på-det-første-steget"),
    Field("nokkelord", (_T,), Kind.TEXTS, False,
          "Søkeord: en liste med ord og uttrykk folk skriver i søket når de trenger veiviseren, ett per linje som "
          "begynner med `- ` (for eksempel `- sint kommentar`). Søket finner veiviseren på dem selv om de ikke "
          "står i teksten. Hold listen kort og treffsikker: ord som passer for mange veivisere, gjør søket "
          "dårligere.",
          list_hint="Skriv hvert søkeord på en egen linje under «nokkelord:», som begynner med «- ».",
          item_label="Et søkeord under «nokkelord»"),
    Field("steg", (_T,), Kind.STEPS, True,
          "Alle stegene, hvert med sitt navn (små bokstaver a–z, tall og bindestrek; blir en del av "
          "nettadressen). Et steg er enten et spørsmål (`spørsmål:`) eller et resultat (`resultat:`).",
          example="steg:  (med stegene rykket inn under)", min_items=1),
    # -- a question
    Field("spørsmål", (_Q,), Kind.TEXT, True,
          "Spørsmålet. Vanlig tekst.",
          example="spørsmål: Hva slags innlegg er det?"),
    Field("hjelp", (_Q,), Kind.MARKDOWN, False,
          "Hjelpetekst som vises under spørsmålet. Markdown er lov."),
    Field("svar", (_Q,), Kind.ANSWERS, True,
          "Minst to svar. Hvert svar har `tekst` og `til` (se «Svar» under). To svar kan ikke ha samme tekst.",
          example="svar:  (med minst to svar under, hvert med «- tekst: …» og «til: …»)",
          list_hint="Skriv hvert svar på egne linjer under «svar:»:  - tekst: Ja  og under den  til: neste-steg",
          min_items=2),
    Field("usikker", (_Q,), Kind.STEP_ID, False,
          f"Navnet på steget leseren kommer til med det ekstra svaret **«{UNSURE_LABEL}»**. Svaret legges til "
          "automatisk; du skriver ikke teksten selv. La det føre til det trygge valget (for eksempel «behandle "
          "som under 15 år», «svar på e-post», «spør kriseledelsen»)."),
    # -- an answer (an item under «svar»)
    Field("tekst", (_A,), Kind.MARKDOWN, True,
          "Teksten på svarknappen: én kort linje. Markdown er lov.",
          example="- tekst: Ja"),
    Field("til", (_A,), Kind.STEP_ID, True,
          "Navnet på steget dette svaret fører til.",
          example="til: navnet-på-neste-steg"),
    # -- an outcome
    Field("resultat", (_O,), Kind.TEXT, True,
          "Selve svaret, kort: «Svar alltid», «Ikke publiser». Vanlig tekst.",
          example="resultat: Svar alltid"),
    Field("forklaring", (_O,), Kind.MARKDOWN, True,
          "Hvorfor. Markdown er lov.",
          example="forklaring: Hvorfor dette er riktig."),
    Field("neste", (_O,), Kind.MARKDOWN_LIST, False,
          "En liste med hva leseren bør gjøre nå, ett punkt per linje som begynner med `- `. Markdown er lov.",
          list_hint="Skriv hvert punkt på en egen linje under «neste:», som begynner med «- ».",
          item_label="Et punkt under «neste»"),
    Field("kilder", (_O,), Kind.SOURCES, True,
          "Minst én henvisning til håndboka: `side.md#anker` (filnavnet til siden i `docs/`, `#`, ankeret til "
          "overskriften).",
          example="kilder:  (med minst én linje «- side.md#anker» under)",
          list_hint="Skriv hver kilde på en egen linje under «kilder:», for eksempel  - "
          "pa-vegne-av-kommunen.md#svar-alltid",
          item_label="En kilde", min_items=1),
    Field("regler", (_O,), Kind.RULES, False,
          "Reglene i retningslinjene som resultatet gir leseren: en liste med navnene deres fra regelregisteret "
          "(`decision_trees/regler.yml`), for eksempel `regler: [svar-samme-dag, underskriv-med-navn]`. Siden "
          "«Regelregister» viser hvilke resultater som gir hver regel, og `make check` viser reglene ingen veiviser "
          "gir. Et navn som ikke står i regelregisteret, stopper bygget.",
          list_hint="Skriv navnene på reglene i hakeparenteser, for eksempel  regler: [svar-samme-dag, svar-alltid]",
          item_label="En regel under «regler»"),
    Field("kopier", (_O,), Kind.TEXT, False,
          "En ferdig tekst leseren kan kopiere, for eksempel et svarforslag. Vises nøyaktig slik du skriver den "
          "(ikke Markdown)."),
    Field("veiviser", (_O,), Kind.GUIDE_ID, False,
          "Navnet på en annen veiviser som leseren kan gå videre til (filnavnet uten `.yml`)."),
    Field("spør", (_O,), Kind.ROLES, False,
          "Hvem leseren kan spørre: én rolle (`spør: webansvarlig`) eller en liste (`spør: [informasjonsmedarbeideren, "
          "webansvarlig]`) med navn fra `mkdocs.yml` (`extra: kommune: roller:`). Resultatet viser tittelen og "
          "kontaktinformasjonen. Bruk det i hvert resultat som sender leseren til noen, og i resultatene for «Jeg "
          "er usikker».",
          min_items=1),
    # -- both kinds of step
    Field("merknad", (_Q, _O), Kind.MARKDOWN, False,
          "Merknad fra redaksjonen om dagens lov eller tjenester (Markdown), vist i en egen ramme «Merknad fra "
          "redaksjonen», atskilt fra rådene. Rådene (`hjelp`, `forklaring`, `neste`) sier bare det retningslinjene "
          "sier; det som er nytt siden 2012, står her."),
    # -- a practice case (decision_trees/ovelser/*.yml)
    Field("tittel", (_C,), Kind.TEXT, True,
          "Kort tittel på øvelsen, for eksempel «Sint kommentar om brøytingen». Vanlig tekst."),
    Field("situasjon", (_C,), Kind.MARKDOWN, True,
          "Situasjonen, konkret og realistisk, i 2–5 setninger. Markdown er lov."),
    Field("veiviser", (_C,), Kind.GUIDE_ID, True,
          "Veiviseren situasjonen løses med: filnavnet i `decision_trees/` uten `.yml`, for eksempel "
          "`svare-pa-innlegg`."),
    Field("vei", (_C,), Kind.ROUTE, True,
          "Fasiten: navnene på spørsmålene leseren går gjennom, fra det første spørsmålet i veiviseren og i "
          "rekkefølge, ett per linje som begynner med `- `. Navnet på et spørsmål er det som står foran kolonet i "
          "veiviseren, for eksempel `hva-slags-innlegg` i `hva-slags-innlegg:`. Du skriver ikke svarene: svaret på "
          "hvert spørsmål er det som fører videre til neste navn i listen (eller til resultatet), og nettstedet "
          f"viser teksten slik den står i veiviseren. Svarer leseren «{UNSURE_LABEL}», skriver du `: usikker` etter "
          "navnet, for eksempel `- er-det-en-krise: usikker`.",
          min_items=1),
    Field("resultat", (_C,), Kind.STEP_ID, True,
          "Navnet på resultatet (steget) i veiviseren som veien skal føre til, for eksempel `svar-pa-kritikk`."),
    Field("begrunnelse", (_C,), Kind.MARKDOWN, True,
          "Hvorfor dette er riktig, i 2–4 setninger, med henvisning til kapitlet i håndboka der regelen står. "
          "Markdown er lov."),
    Field("nr", (_C,), Kind.NUMBER, False,
          "Plassen i listen over øvelser: et heltall fra 1 og oppover. Øvelser uten nummer kommer sist."),
)


@dataclass(frozen=True)
class PlaceInfo:
    """What the messages, schemas and README say about a place."""

    #: «Felt som er tillatt {where}» in the message about an unknown key.
    where: str
    #: Title of the README table and of the schema definition.
    title: str


PLACES = {
    Place.TOP: PlaceInfo("øverst i filen", "Øverst i filen"),
    Place.QUESTION: PlaceInfo("i et steg", "Spørsmål"),
    Place.ANSWER: PlaceInfo("i et svar", "Svar"),
    Place.OUTCOME: PlaceInfo("i et steg", "Resultat"),
    Place.CASE: PlaceInfo("i en øvelse", "Øvelse"),
}


def fields(place: Place) -> tuple[Field, ...]:
    """The fields that may stand at ``place``, in order."""

    return tuple(f for f in FIELDS if place in f.places)


def keys(place: Place, *, only: bool = False) -> tuple[str, ...]:
    """The keys allowed at ``place``; with ``only``, those allowed nowhere else."""

    return tuple(f.key for f in fields(place) if not only or f.places == (place,))


def required(place: Place) -> tuple[str, ...]:
    """The keys that must stand at ``place``."""

    return tuple(f.key for f in fields(place) if f.required)


def field(place: Place, key: str) -> Field:
    """The field ``key`` at ``place`` (``KeyError`` if there is none)."""

    for f in fields(place):
        if f.key == key:
            return f
    raise KeyError((place, key))


def example(place: Place, key: str) -> str:
    """The example line shown when the field is missing."""

    return field(place, key).example or f"{key}: …"


def markdown_keys(*places: Place) -> tuple[str, ...]:
    """Keys whose text is Markdown (the others are shown as written)."""

    found = (f.key for p in places for f in fields(p) if f.kind in (Kind.MARKDOWN, Kind.MARKDOWN_LIST))
    return tuple(dict.fromkeys(found))


def max_length(key: str | None) -> int:
    """The longest text the validator accepts in field ``key`` (list items: ``None``)."""

    return TEXT_LIMITS.get(key or "", MAX_TEXT)


def python_pattern(pattern: str) -> re.Pattern[str]:
    """A schema pattern for Python's ``match``: ``$`` there would also match before a final newline."""

    return re.compile(pattern[:-1] + r"\Z" if pattern.endswith("$") else pattern)
