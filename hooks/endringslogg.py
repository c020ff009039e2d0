"""The editors' change log (docs/endringer.md), read without MkDocs: the site's build checks it
and the PDF prints the current version, its adoption and the changes since the last adopted one.

The page's form, newest version first:

    ## Versjon 1.1
    Vedtatt: ikke ennå                      (or: «Vedtatt: 09.05.12 i K-sak 034/12»)

    ### 01.12.2026: What changed, in a few words
    Hva: what was changed
    Hvorfor: why

Every mistake is a `EndringsloggFeil` with the file, the line and how to fix it, in Norwegian.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from pathlib import Path

from veiviser.dates import parse_norwegian_date

VERSION = re.compile(r"^##\s+Versjon\s+(\S+)\s*(?:\{[^}]*\})?\s*$")
ENTRY = re.compile(r"^###\s+(\S+?):\s+(.+?)\s*(?:\{[^}]*\})?\s*$")
FIELD = re.compile(r"^\**(Vedtatt|Hva|Hvorfor):\**\s*(.*)$")
NOT_ADOPTED = re.compile(r"^ikke( vedtatt)?( ennå)?\.?$", re.IGNORECASE)
EXAMPLE = ("## Versjon 1.1\nVedtatt: ikke ennå\n\n### 01.12.2026: Kort om endringen\n"
           "Hva: Hva som ble endret.\nHvorfor: Hvorfor det ble endret.")


class EndringsloggFeil(ValueError):
    """A mistake in the change log, in Norwegian, with where and how to fix it."""


@dataclass
class Endring:
    dato: dt.date
    tittel: str
    hva: str
    hvorfor: str
    linje: int


@dataclass
class Versjon:
    nummer: str
    vedtatt: str | None          # the council's decision, None while not adopted
    linje: int
    endringer: list[Endring] = field(default_factory=list)


@dataclass
class Endringslogg:
    fil: str
    versjoner: list[Versjon]

    @property
    def gjeldende(self) -> Versjon:
        return self.versjoner[0]

    @property
    def sist_vedtatt(self) -> Versjon | None:
        return next((v for v in self.versjoner if v.vedtatt), None)

    @property
    def siden_vedtatt(self) -> list[Endring]:
        """The changes in the versions newer than the last adopted one, newest first."""
        changes: list[Endring] = []
        for version in self.versjoner:
            if version.vedtatt:
                break
            changes.extend(version.endringer)
        return changes


def plain(markdown: str) -> str:
    """Text without Markdown's links and emphasis (for print)."""
    text = re.sub(r"\[([^\]]+)\]\([^)]*\)", r"\1", markdown)
    return re.sub(r"\*\*|__", "", text).strip()


def _fail(fil: str, line: int, what: str, fix: str) -> EndringsloggFeil:
    return EndringsloggFeil(f"{fil}, linje {line}: {what}\n  Slik retter du det: {fix}")


def _date(text: str, fil: str, line: int) -> dt.date:
    try:
        return parse_norwegian_date(text)
    except ValueError:
        raise _fail(fil, line, f"«{text}» er ikke en dato.",
                    "Skriv datoen som dd.mm.åååå, for eksempel «### 01.12.2026: Kort om endringen».") from None


def read(path: Path, *, name: str | None = None) -> Endringslogg:
    """Read and check the change log."""
    fil = name or path.name
    versions: list[Versjon] = []
    entry: Endring | None = None
    current: str | None = None  # the field a wrapped line continues
    for number, raw in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        line = raw.strip()
        if not line or line.startswith("#"):
            current = None
        if current and line and not FIELD.match(line):
            if current == "Vedtatt":
                versions[-1].vedtatt = f"{versions[-1].vedtatt or ''} {plain(line)}".strip()
            else:
                key = "hva" if current == "Hva" else "hvorfor"
                setattr(entry, key, f"{getattr(entry, key)} {plain(line)}".strip())
            continue
        if match := VERSION.match(line):
            versions.append(Versjon(match.group(1), None, number))
            entry = None
        elif match := ENTRY.match(line):
            if not versions:
                raise _fail(fil, number, "Endringen står før den første versjonen.",
                            f"Sett den under en overskrift «## Versjon …», slik:\n{EXAMPLE}")
            entry = Endring(_date(match.group(1), fil, number), match.group(2), "", "", number)
            versions[-1].endringer.append(entry)
        elif match := FIELD.match(line):
            key, value = match.group(1), plain(match.group(2))
            current = key
            if key == "Vedtatt":
                if not versions or entry is not None:
                    raise _fail(fil, number, "«Vedtatt:» hører til en versjon, ikke til en endring.",
                                "Skriv «Vedtatt: …» rett under overskriften «## Versjon …».")
                versions[-1].vedtatt = None if NOT_ADOPTED.match(value) or not value else value
            elif entry is None:
                raise _fail(fil, number, f"«{key}:» står ikke under en endring.",
                            "Skriv «Hva:» og «Hvorfor:» under en overskrift «### dd.mm.åååå: …».")
            else:
                setattr(entry, "hva" if key == "Hva" else "hvorfor", value)
    if not versions:
        raise _fail(fil, 1, "Siden har ingen versjon.", f"Begynn med den nyeste versjonen, slik:\n{EXAMPLE}")
    for version in versions:
        if not version.endringer:
            raise _fail(fil, version.linje, f"Versjon {version.nummer} har ingen endringer.",
                        "Før opp minst én endring under versjonen («### dd.mm.åååå: …» med «Hva:» og «Hvorfor:»).")
        for change in version.endringer:
            missing = [key for key, value in (("Hva", change.hva), ("Hvorfor", change.hvorfor)) if not value]
            if missing:
                raise _fail(fil, change.linje, f"Endringen «{change.tittel}» mangler "
                            + " og ".join(f"«{key}:»" for key in missing) + ".",
                            "Skriv en linje «Hva: …» og en linje «Hvorfor: …» under overskriften.")
    return Endringslogg(fil, versions)
