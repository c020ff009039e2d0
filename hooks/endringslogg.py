"""The editors' change log (docs/endringer.md), read without MkDocs: the site's build checks it
and the PDF prints the current version, its adoption and the changes since the last adopted one.

The page's form, newest version first:

    ## Version 1.1
    Vedtatt: ikke ennå                      (or: «Vedtatt: 09.05.12 i K-sak 034/12»)

    ### 01.12.2026: What changed, in a few words
    Hva: what was changed
    Hvorfor: why

Every mistake is a `ChangeLogError` with the file, the line and how to fix it, in Norwegian.
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
EXAMPLE = ("## Version 1.1\nVedtatt: ikke ennå\n\n### 01.12.2026: Kort om endringen\n"
           "Hva: Hva som ble endret.\nHvorfor: Hvorfor det ble endret.")


class ChangeLogError(ValueError):
    """A mistake in the change log, in Norwegian, with where and how to fix it."""


@dataclass
class Change:
    date: dt.date
    title: str
    what: str
    why: str
    line: int


@dataclass
class Version:
    number: str
    adopted: str | None          # the council's decision, None while not adopted
    line: int
    changes: list[Change] = field(default_factory=list)


@dataclass
class ChangeLog:
    file: str
    versions: list[Version]

    @property
    def current(self) -> Version:
        return self.versions[0]

    @property
    def last_adopted(self) -> Version | None:
        return next((v for v in self.versions if v.adopted), None)

    @property
    def since_adopted(self) -> list[Change]:
        """The changes in the versions newer than the last adopted one, newest first."""
        changes: list[Change] = []
        for version in self.versions:
            if version.adopted:
                break
            changes.extend(version.changes)
        return changes


def plain(markdown: str) -> str:
    """Text without Markdown's links and emphasis (for print)."""
    text = re.sub(r"\[([^\]]+)\]\([^)]*\)", r"\1", markdown)
    return re.sub(r"\*\*|__", "", text).strip()


def _fail(file: str, line: int, what: str, fix: str) -> ChangeLogError:
    return ChangeLogError(f"{file}, linje {line}: {what}\n  Slik retter du det: {fix}")


def _date(text: str, file: str, line: int) -> dt.date:
    try:
        return parse_norwegian_date(text)
    except ValueError:
        raise _fail(file, line, f"«{text}» er ikke en dato.",
                    "Skriv datoen som dd.mm.åååå, for eksempel «### 01.12.2026: Kort om endringen».") from None


def read(path: Path, *, name: str | None = None) -> ChangeLog:
    """Read and check the change log."""
    file = name or path.name
    versions: list[Version] = []
    entry: Change | None = None
    current: str | None = None  # the field a wrapped line continues
    for number, raw in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        line = raw.strip()
        if not line or line.startswith("#"):
            current = None
        if current and line and not FIELD.match(line):
            if current == "Vedtatt":
                versions[-1].adopted = f"{versions[-1].adopted or ''} {plain(line)}".strip()
            else:
                key = "what" if current == "Hva" else "why"
                setattr(entry, key, f"{getattr(entry, key)} {plain(line)}".strip())
            continue
        if match := VERSION.match(line):
            versions.append(Version(match.group(1), None, number))
            entry = None
        elif match := ENTRY.match(line):
            if not versions:
                raise _fail(file, number, "Endringen står før den første versjonen.",
                            f"Sett den under en overskrift «## Version …», slik:\n{EXAMPLE}")
            entry = Change(_date(match.group(1), file, number), match.group(2), "", "", number)
            versions[-1].changes.append(entry)
        elif match := FIELD.match(line):
            key, value = match.group(1), plain(match.group(2))
            current = key
            if key == "Vedtatt":
                if not versions or entry is not None:
                    raise _fail(file, number, "«Vedtatt:» hører til en versjon, ikke til en endring.",
                                "Skriv «Vedtatt: …» rett under overskriften «## Version …».")
                versions[-1].adopted = None if NOT_ADOPTED.match(value) or not value else value
            elif entry is None:
                raise _fail(file, number, f"«{key}:» står ikke under en endring.",
                            "Skriv «Hva:» og «Hvorfor:» under en overskrift «### dd.mm.åååå: …».")
            else:
                setattr(entry, "what" if key == "Hva" else "why", value)
    if not versions:
        raise _fail(file, 1, "Siden har ingen versjon.", f"Begynn med den nyeste versjonen, slik:\n{EXAMPLE}")
    for version in versions:
        if not version.changes:
            raise _fail(file, version.line, f"Versjon {version.number} har ingen endringer.",
                        "Før opp minst én endring under versjonen («### dd.mm.åååå: …» med «Hva:» og «Hvorfor:»).")
        for change in version.changes:
            missing = [key for key, value in (("Hva", change.what), ("Hvorfor", change.why)) if not value]
            if missing:
                raise _fail(file, change.line, f"Endringen «{change.title}» mangler "
                            + " og ".join(f"«{key}:»" for key in missing) + ".",
                            "Skriv en linje «Hva: …» og en linje «Hvorfor: …» under overskriften.")
    return ChangeLog(file, versions)
