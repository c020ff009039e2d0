"""
File rules shared by guides and practice cases: which files are read, the file-name rule, the
id a file name gives and two files with the same id.  ``what`` names the format in messages
(«veiviser» or «øvelse»).
"""

from __future__ import annotations

from pathlib import Path

from .fields import is_valid_id, suggest_id
from .format import MAX_ID_LENGTH
from .model import Problem

__all__ = ["SUFFIXES", "looks_like_yaml", "yaml_files", "file_name_problems", "id_problems", "by_id"]

SUFFIXES = (".yml", ".yaml")
#: The plural of ``what`` in messages.
_PLURAL = {"veiviser": "veivisere", "øvelse": "øvelser"}


def looks_like_yaml(path: Path) -> bool:
    """Whether ``path`` is meant as a YAML file (whatever case, spaces or invisible characters its name has)."""

    name = "".join(ch for ch in path.name if ch.isprintable()).strip().lower()
    return name.endswith(SUFFIXES) and not path.name.startswith(("_", "."))


def yaml_files(folder: Path) -> list[Path]:
    """The files in ``folder`` meant as YAML, sorted (``OSError`` if it cannot be read)."""

    return sorted(p for p in folder.iterdir() if looks_like_yaml(p))


def file_name_problems(path: Path, what: str = "veiviser") -> list[Problem]:
    """A problem when a file that looks like YAML is not named ``<id>.yml`` (or ``.yaml``) exactly."""

    name = path.name
    if path.suffix in SUFFIXES and name.isprintable() and name == name.strip():
        return []
    shown = name.encode("unicode_escape").decode("ascii") if not name.isprintable() else name
    stem = "".join(ch for ch in name if ch.isprintable()).strip()
    for suffix in SUFFIXES:
        if stem.lower().endswith(suffix):
            stem = stem[: -len(suffix)]
    return [
        Problem(
            path.with_name(shown),
            None,
            None,
            f"Filnavnet «{shown}» følger ikke regelen for filnavn, så filen ville ikke blitt brukt som {what}. "
            "Navnet skal bare ha små bokstaver a–z, tall og bindestrek, og slutte på «.yml» (med små bokstaver, "
            "uten mellomrom eller usynlige tegn etter).",
            f"Gi filen et nytt navn, for eksempel «{suggest_id(stem)}.yml». Skal filen ikke brukes, la navnet "
            "begynne med «_».",
        )
    ]


def id_problems(path: Path) -> list[Problem]:
    """A problem when the file's name (its id) cannot be part of a URL."""

    stem = path.stem
    if is_valid_id(stem):
        return []
    return [
        Problem(
            path,
            None,
            None,
            f"Filnavnet «{path.name}» kan ikke brukes: navnet blir en del av nettadressen og kan bare ha små "
            f"bokstaver a–z, tall og bindestrek (ikke æ, ø, å eller mellomrom), høyst {MAX_ID_LENGTH} tegn.",
            f"Gi filen et nytt navn, for eksempel «{suggest_id(stem)}{path.suffix}».",
        )
    ]


def by_id(paths: list[Path], what: str) -> tuple[dict[str, Path], list[Problem]]:
    """The files by id (their name without ``.yml``); a problem for each second file with the same id."""

    found: dict[str, Path] = {}
    problems: list[Problem] = []
    for path in paths:
        if path.stem in found:
            problems.append(
                Problem(
                    path,
                    None,
                    None,
                    f"Det finnes to {_PLURAL[what]} med navnet «{path.stem}»: «{found[path.stem].name}» og "
                    f"«{path.name}».",
                    "Slett den ene filen eller gi den et annet navn.",
                )
            )
        else:
            found[path.stem] = path
    return found, problems
