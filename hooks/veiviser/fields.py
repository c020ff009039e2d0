"""
Generic checks of field values on YAML nodes, shared by the guide validator and the case checker.

The functions know no field at all: :func:`is_valid_id` and :func:`suggest_id` (ids), :func:`close`
and :func:`unknown_keys` («Mente du …?»), :func:`kind_name` and :func:`scalar_text` (what a value
is), :func:`text_rules` (characters, length, Markdown, links).  :class:`FieldChecker` checks a
field by its kind in :mod:`veiviser.format`, handing each kind to a part with one job:

- :class:`Report`: the problems of one file, in order;
- :class:`KeyCheck`: unknown keys (with a suggestion) and missing required ones;
- :class:`TextCheck`: a text field or list item, worded by :class:`Wording`;
- :class:`NameCheck`: a field that names a step or a guide;
- :class:`ListCheck`: a list field, the lists of texts and of rule names;
- :class:`RoleCheck`: one role or a list of roles, against mkdocs.yml;
- :class:`StampCheck`: a guide's ``versjon`` and ``dato``.

The guide checker builds on it; the case checker uses it for its text fields, with the cases'
wording (:attr:`Wording.CASE`), and words the rest of its messages itself («øvelse», «vei»).
"""

from __future__ import annotations

import datetime
import difflib
import re
import unicodedata
from collections.abc import Iterable
from enum import Enum
from pathlib import Path

from . import format as fmt
from .anchors import AnchorIndex, page_link_problem
from .format import ID_PATTERN, MAX_ID_LENGTH, Kind, Place, python_pattern
from .limits import text_problem
from .loader import YNode
from .markup import page_links
from .model import Problem
from .roles import Role, close_role

__all__ = [
    "is_valid_id",
    "suggest_id",
    "close",
    "kind_name",
    "scalar_text",
    "unknown_keys",
    "text_rules",
    "FieldChecker",
    "Report",
    "KeyCheck",
    "TextCheck",
    "NameCheck",
    "ListCheck",
    "RoleCheck",
    "StampCheck",
    "Wording",
    "MAX_ID_LENGTH",
]

RE_ID = python_pattern(ID_PATTERN)
RE_VERSION = python_pattern(fmt.VERSION_PATTERN)
RE_DATE = python_pattern(fmt.DATE_PATTERN)


def is_valid_id(value: str) -> bool:
    """Whether ``value`` can be a step, guide or case id (it becomes part of a URL)."""

    return len(value) <= MAX_ID_LENGTH and RE_ID.match(value) is not None


def suggest_id(value: str) -> str:
    """A valid id close to ``value``: lower case, æ→ae, ø→o, å→a, spaces→-."""

    text = value.strip().lower()
    for a, b in (("æ", "ae"), ("ø", "o"), ("å", "a")):
        text = text.replace(a, b)
    text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii")
    text = re.sub(r"[\s_./]+", "-", text)
    text = re.sub(r"[^a-z0-9-]", "", text)
    text = re.sub(r"-{2,}", "-", text).strip("-")
    return text[:MAX_ID_LENGTH].rstrip("-") or "nytt-steg"


def close(word: str, choices: Iterable[str]) -> str | None:
    """The choice closest to ``word`` (also as an id), or ``None``: for «Mente du …?»."""

    choices = list(choices)
    found = difflib.get_close_matches(word, choices, n=1, cutoff=0.6)
    if not found:
        found = difflib.get_close_matches(suggest_id(word), choices, n=1, cutoff=0.6)
    return found[0] if found else None


def kind_name(node: YNode | None) -> str:
    """Describe a value's type in plain Norwegian («en liste», «et tall» …)."""

    if node is None or (node.kind == "scalar" and node.value is None):
        return "tom"
    if node.kind == "map":
        return "en gruppe med felt"
    if node.kind == "seq":
        return "en liste"
    value = node.value
    if isinstance(value, bool):
        return "en ja/nei-verdi"
    if isinstance(value, (int, float)):
        return "et tall"
    if isinstance(value, (datetime.date, datetime.datetime)):
        return "en dato"
    if isinstance(value, bytes):
        return "binære data"
    return "en tekst"


def scalar_text(node: YNode) -> str | None:
    """The text of a scalar as the editor wrote it; ``None`` if the value is not a text at all.

    A plain number, date or yes/no is meant as written (``versjon: 010`` is «010»); an empty
    value is ``""``.
    """

    if node.kind != "scalar" or isinstance(node.value, bytes):
        return None
    if node.value is None:
        return ""
    if isinstance(node.value, str):
        return node.value
    return node.raw or str(node.value)


def unknown_keys(node: YNode, allowed: tuple[str, ...]) -> list[tuple[str, YNode, str | None]]:
    """The keys of the mapping ``node`` that are not ``allowed``: (key, value, the allowed key it probably meant)."""

    found: list[tuple[str, YNode, str | None]] = []
    for key, child in node.value.items():
        if key not in allowed:
            guess = difflib.get_close_matches(key.lower(), allowed, n=1, cutoff=0.6)
            found.append((key, child, guess[0] if guess else None))
    return found


def text_rules(
    text: str, *, label: str, key: str | None, markdown: bool, anchors: AnchorIndex | None
) -> list[tuple[str, str]]:
    """What is wrong with a non-empty text (message, fix): characters, length, Markdown, links to the handbook."""

    found = text_problem(text, label=label, key=key, markdown=markdown)
    if found is not None:
        return [found]
    if not markdown or anchors is None:
        return []
    wrong = [p for p in (page_link_problem(h, anchors) for h in page_links(text)) if p]
    return [(f"{label}: {message}", fix) for message, fix in wrong]


class Wording(Enum):
    """How :class:`TextCheck` words a text field that is not a text or is empty."""

    #: Two messages: «… skal være en tekst, men er en liste.» and «… mangler tekst.»
    GUIDE = "guide"
    #: One message for both: «… må være en tekst som ikke er tom.» (the practice cases).
    CASE = "case"


class Report:
    """The problems found in one file, in the order they were found."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self.problems: list[Problem] = []

    def add(self, line: int | None, step: str | None, message: str, fix: str) -> None:
        self.problems.append(Problem(self.path, line, step, message, fix))


class KeyCheck:
    """The keys of a mapping: unknown ones (with «Mente du …?») and required ones that are missing."""

    def __init__(self, report: Report) -> None:
        self.report = report
        # (id of a mapping node, key) for misspelt keys already reported, so
        # that the "missing field" message is not given for the same key.
        self.meant: set[tuple[int, str]] = set()

    def unknown(self, node: YNode, allowed: tuple[str, ...], step: str | None, where: str) -> list[str]:
        """Report unknown keys; return the allowed keys the unknown ones probably meant."""

        meant: list[str] = []
        allowed_list = ", ".join(f"«{k}»" for k in allowed)
        for key, child, guess in unknown_keys(node, allowed):
            if guess:
                meant.append(guess)
                self.meant.add((id(node), guess))
                self.report.add(
                    child.where,
                    step,
                    f"Ukjent felt «{key}». Mente du «{guess}»?",
                    f"Rett skrivemåten til «{guess}». Felt som er tillatt {where}: {allowed_list}.",
                )
            else:
                self.report.add(
                    child.where,
                    step,
                    f"Ukjent felt «{key}» {where}.",
                    f"Fjern feltet eller rett navnet. Felt som er tillatt {where}: {allowed_list}.",
                )
        return meant

    def missing(self, owner: str, node: YNode | None, key: str, step: str | None) -> None:
        if node is not None and (id(node), key) in self.meant:
            return
        example = fmt.example(Place(owner), key)
        self.report.add(
            # a field missing at the top of a file (a guide's or a case's) is the file's, not a line's
            node.where if node is not None and owner not in ("top", "case") else None,
            step,
            f"{fmt.OWNERS[Place(owner)]} mangler feltet «{key}».",
            f"Legg til en linje som  {example}",
        )

    def present(self, parent: YNode, key: str, *, owner: str, step: str | None, required: bool) -> YNode | None:
        """The field's node, or None (reported as missing when the field is required)."""
        node: YNode | None = parent.value.get(key)
        if node is None and required:
            self.missing(owner, parent, key, step)
        return node


class TextCheck:
    """Text fields and list items: a text (not a list or a number), not empty, within :func:`text_rules`."""

    def __init__(
        self,
        report: Report,
        keys: KeyCheck,
        anchors: AnchorIndex | None,
        *,
        wording: Wording,
        markdown_keys: tuple[str, ...],
    ) -> None:
        self.report = report
        self.keys = keys
        self.anchors = anchors
        self.wording = wording
        self.markdown_keys = markdown_keys

    def field(self, parent: YNode, key: str, *, owner: str, step: str | None, required: bool) -> str | None:
        """A required or optional non-empty text field (plain scalars taken as written)."""

        node = self.keys.present(parent, key, owner=owner, step=step, required=required)
        if node is None:
            return None
        fix = (
            "Skriv en tekst etter kolonet. Feltet må være med."
            if required
            else "Skriv en tekst etter kolonet, eller fjern hele linjen."
        )
        return self.value(node, label=f"Feltet «{key}»", step=step, empty_fix=fix, key=key)

    def value(
        self,
        node: YNode,
        *,
        label: str,
        step: str | None,
        empty_fix: str = "Skriv en tekst etter «- », eller fjern linjen.",
        key: str | None = None,
    ) -> str | None:
        """The stripped text of ``node`` (a field's value or a list item), or None when it is wrong."""

        if node.broken:
            return None
        text = scalar_text(node)
        if self.wording is Wording.CASE and (text is None or not text.strip()):
            self.report.add(node.where, step, f"{label} må være en tekst som ikke er tom.",
                            f"Skriv en tekst etter  {key}:" if key else empty_fix)
            return None
        if text is None:
            hint = ""
            if node.flow:
                hint = " Begynner teksten med [ eller {, må hele teksten stå i anførselstegn."
            self.report.add(
                node.where,
                step,
                f"{label} skal være en tekst, men er {kind_name(node)}.",
                f"Skriv teksten rett etter kolonet, på samme linje.{hint}",
            )
            return None
        if not text.strip():
            self.report.add(
                node.where,
                step,
                f"{label} mangler tekst.",
                empty_fix,
            )
            return None
        markdown = key is None or key in self.markdown_keys
        wrong = text_rules(text, label=label, key=key, markdown=markdown, anchors=self.anchors)
        for message, fix in wrong:
            self.report.add(node.where, step, message, fix)
        return None if wrong else text.strip()


class NameCheck:
    """Fields whose value names a step or a guide (``start``, ``til``, ``usikker``, ``veiviser``)."""

    def __init__(self, report: Report, keys: KeyCheck) -> None:
        self.report = report
        self.keys = keys

    def field(
        self,
        parent: YNode,
        key: str,
        *,
        owner: str,
        step: str | None,
        required: bool,
        what: str = "et steg",
    ) -> str | None:
        """The stripped name, or None; whether it is a valid id or names a step is checked later."""

        node = self.keys.present(parent, key, owner=owner, step=step, required=required)
        if node is None:
            return None
        if node.broken:
            return None
        if node.kind == "scalar" and node.value is None:
            self.report.add(node.where, step, f"Feltet «{key}» er tomt.", f"Skriv navnet på {what} etter «{key}:».")
            return None
        if node.kind != "scalar" or isinstance(node.value, bytes):
            self.report.add(
                node.where,
                step,
                f"Feltet «{key}» skal være navnet på {what}, men er {kind_name(node)}.",
                f"Skriv navnet på {what} etter «{key}:», for eksempel  {key}: navn-pa-steget",
            )
            return None
        value = (scalar_text(node) or "").strip()
        if not value:
            self.report.add(node.where, step, f"Feltet «{key}» er tomt.", f"Skriv navnet på {what} etter «{key}:».")
            return None
        return value


class ListCheck:
    """List fields: that the value is a list, and the items of the lists of texts and of rule names."""

    def __init__(self, report: Report, keys: KeyCheck, texts: TextCheck) -> None:
        self.report = report
        self.keys = keys
        self.texts = texts

    def items(
        self, parent: YNode, key: str, *, owner: str, step: str | None, required: bool, hint: str
    ) -> list[YNode] | None:
        """The list's items, or None (missing, broken, empty or not a list)."""

        node = self.keys.present(parent, key, owner=owner, step=step, required=required)
        if node is None:
            return None
        if node.broken:
            return None
        if node.kind != "seq":
            if node.kind == "scalar" and node.value is None:
                message = f"Feltet «{key}» er tomt."
            else:
                message = f"Feltet «{key}» skal være en liste, men er {kind_name(node)}."
            self.report.add(node.where, step, message, hint)
            return None
        items: list[YNode] = node.value
        return items

    def text_items(self, items: list[YNode], step: str | None, f: fmt.Field) -> tuple[str, ...]:
        """The texts of a list of texts (``neste``, ``nokkelord``); the wrong ones reported and left out."""

        assert f.item_label is not None
        texts = (self.texts.value(item, label=f.item_label, step=step) for item in items)
        return tuple(t for t in texts if t is not None)

    def rule_names(self, parent: YNode, key: str, step: str | None, f: fmt.Field) -> tuple[tuple[str, int], ...] | None:
        """A list of names (``regler: [a, b]``): each checked as a name, with its line; repeats dropped."""

        assert f.list_hint is not None and f.item_label is not None
        items = self.items(parent, key, owner=f.places[0].value, step=step, required=f.required, hint=f.list_hint)
        if items is None:
            return None
        found: dict[str, int] = {}
        for item in items:
            text = self.texts.value(item, label=f.item_label, step=step)
            if text is None:
                continue
            if not is_valid_id(text):
                self.report.add(item.where, step, f"«{text}» kan ikke være navnet på en regel: navnet har bare små "
                                "bokstaver a–z, tall og bindestrek.", "Skriv navnet slik det står etter «id:» i "
                                f"regelregisteret, for eksempel «{suggest_id(text)}».")
                continue
            found.setdefault(text, item.where)
        return tuple(found.items())


class RoleCheck:
    """Role fields (``ansvarlig``, ``spør``), checked against the roles in mkdocs.yml when they are known."""

    def __init__(self, report: Report, roles: dict[str, Role] | None) -> None:
        self.report = report
        self.roles = roles

    def one(self, node: YNode, key: str, step: str | None) -> str | None:
        """One role key (``ansvarlig``, an item of ``spør``)."""

        if node.broken:
            return None
        value = node.value if node.kind == "scalar" and isinstance(node.value, str) else None
        if value is None or not value.strip():
            self.report.add(node.where, step, f"Feltet «{key}» skal være navnet på en rolle, men er {kind_name(node)}.",
                            f"Skriv en av rollene fra mkdocs.yml, for eksempel  {key}: informasjonsmedarbeideren")
            return None
        value = value.strip()
        if self.roles is not None and value not in self.roles:
            guess = close_role(value, self.roles)
            known = ", ".join(f"«{r}»" for r in self.roles)
            self.report.add(node.where, step, f"«{value}» i feltet «{key}» er ikke en av rollene i mkdocs.yml "
                            "(extra → kommune → roller).",
                            (f"Mente du «{guess}»? " if guess else "") + f"Skriv en av rollene: {known}. "
                            "Er det en ny rolle som retningslinjene nevner, legg den til i mkdocs.yml først.")
            return None
        return value

    def field(self, parent: YNode, key: str, step: str | None) -> str | None:
        node = parent.value.get(key)
        return None if node is None else self.one(node, key, step)

    def list_field(self, parent: YNode, key: str, step: str | None) -> tuple[str, ...]:
        """``spør: rolle`` or ``spør: [rolle, rolle]``."""

        node = parent.value.get(key)
        if node is None or node.broken:
            return ()
        items = node.value if node.kind == "seq" else [node]
        keys = [self.one(item, key, step) for item in items]
        if not items:
            self.report.add(node.where, step, f"Feltet «{key}» er en tom liste.",
                            f"Skriv minst én rolle, for eksempel  {key}: informasjonsmedarbeideren , eller fjern linjen.")
        return tuple(dict.fromkeys(k for k in keys if k))


class StampCheck:
    """A guide's ``versjon`` and ``dato``: the two fields that say which edition the reader sees."""

    def __init__(self, report: Report, keys: KeyCheck) -> None:
        self.report = report
        self.keys = keys

    def version(self, root: YNode) -> str | None:
        """The version: a whole number from 1, or a text like «1.2»."""

        node = root.value.get("versjon")
        if node is None:
            self.keys.missing("top", root, "versjon", None)
            return None
        if node.broken:
            return None
        fix = "Skriv et heltall fra 1 og oppover (for eksempel  versjon: 2), eller en versjon som  versjon: \"1.2\"."
        if node.kind != "scalar" or node.value is None or isinstance(node.value, (bool, bytes)):
            self.report.add(node.where, None, f"Feltet «versjon» skal være et tall, men er {kind_name(node)}.", fix)
            return None
        value = node.value
        if isinstance(value, int) and not re.fullmatch(r"-?(?:0|[1-9][0-9]*)", (node.raw or "").strip()):
            self.report.add(
                node.where,
                None,
                f"Feltet «versjon» er skrevet «{node.raw}», som YAML leser som tallet {value}.",
                "Skriv versjonen uten null foran og uten andre tegn (for eksempel  versjon: 10), "
                "eller i anførselstegn (for eksempel  versjon: \"010\").",
            )
            return None
        if isinstance(value, int):
            if value < 1:
                self.report.add(node.where, None, f"Feltet «versjon» er {value}, men må være 1 eller høyere.", fix)
                return None
            return str(value)
        text = (value if isinstance(value, str) else node.raw or "").strip()
        if not RE_VERSION.match(text):
            self.report.add(node.where, None, f"Feltet «versjon» har feil form: «{text}».", fix)
            return None
        return text

    def date(self, root: YNode) -> datetime.date | None:
        """The date, written ÅÅÅÅ-MM-DD."""

        node = root.value.get("dato")
        if node is None:
            self.keys.missing("top", root, "dato", None)
            return None
        if node.broken:
            return None
        fix = "Skriv datoen som ÅÅÅÅ-MM-DD, for eksempel  dato: 2026-11-25"
        if node.kind == "scalar":
            value = node.value
            if isinstance(value, datetime.datetime):
                return value.date()
            if isinstance(value, datetime.date):
                return value
            if isinstance(value, str) and RE_DATE.match(value.strip()):
                try:
                    return datetime.date.fromisoformat(value.strip())
                except ValueError:
                    self.report.add(node.where, None, f"Feltet «dato» er ikke en dato som finnes: «{value.strip()}».",
                                    fix)
                    return None
        shown = f": «{node.raw}»" if node.kind == "scalar" and node.raw else ""
        self.report.add(node.where, None, f"Feltet «dato» skal være en dato, men er {kind_name(node)}{shown}.", fix)
        return None


class FieldChecker:
    """The fields of one file, each checked by its kind in :mod:`veiviser.format`, collecting problems.

    :meth:`fields` checks every field of a place and hands each kind to its part: :attr:`keys`
    (unknown and missing keys), :attr:`texts`, :attr:`names` (step and guide ids), :attr:`lists`,
    :attr:`roles`, :attr:`stamp` (version and date).  All parts add to one :attr:`problems` list.
    The guide checker (:mod:`veiviser.validate`) uses all of it; the case checker
    (:mod:`veiviser.ovelser`) uses :meth:`text` with ``wording=Wording.CASE``.
    """

    def __init__(
        self,
        path: Path,
        anchors: AnchorIndex | None,
        roles: dict[str, Role] | None = None,
        *,
        wording: Wording = Wording.GUIDE,
        markdown_keys: tuple[str, ...] = (),
    ) -> None:
        self.report = Report(path)
        self.problems = self.report.problems
        self.keys = KeyCheck(self.report)
        self.texts = TextCheck(self.report, self.keys, anchors, wording=wording, markdown_keys=markdown_keys)
        self.names = NameCheck(self.report, self.keys)
        self.lists = ListCheck(self.report, self.keys, self.texts)
        self.roles = RoleCheck(self.report, roles)
        self.stamp = StampCheck(self.report, self.keys)

    def add(self, line: int | None, step: str | None, message: str, fix: str) -> None:
        self.report.add(line, step, message, fix)

    def text(self, parent: YNode, key: str, *, owner: str, step: str | None, required: bool) -> str | None:
        """A text field (:meth:`TextCheck.field`)."""

        return self.texts.field(parent, key, owner=owner, step=step, required=required)

    def fields(self, node: YNode, place: Place, step: str | None) -> dict[str, object]:
        """Check every field of ``place`` in the mapping ``node`` by its kind in the format.

        Returns the checked value of each field that is present and fine (texts stripped,
        lists of texts as tuples, answers and sources as YAML items); stegene are left to
        the caller.
        """

        found: dict[str, object] = {}
        for f in fmt.fields(place):
            value = self.field(node, f, place.value, step)
            if value is not None:
                found[f.key] = value
        return found

    def field(self, node: YNode, f: fmt.Field, owner: str, step: str | None) -> object:
        """One field of the mapping ``node``, by its kind: its checked value, or None."""

        key, kind, required = f.key, f.kind, f.required
        if kind in fmt.TEXT_KINDS:
            return self.texts.field(node, key, owner=owner, step=step, required=required)
        if kind is Kind.STEP_ID:
            return self.names.field(node, key, owner=owner, step=step, required=required)
        if kind is Kind.GUIDE_ID:
            return self.names.field(node, key, owner=owner, step=step, required=required, what="en annen veiviser")
        if kind is Kind.ROLE:
            return self.roles.field(node, key, step)
        if kind is Kind.ROLES:
            return self.roles.list_field(node, key, step)
        if kind is Kind.VERSION:
            return self.stamp.version(node)
        if kind is Kind.DATE:
            return self.stamp.date(node)
        if kind is Kind.RULES:
            return self.lists.rule_names(node, key, step, f)
        if kind in (Kind.TEXTS, Kind.MARKDOWN_LIST, Kind.SOURCES, Kind.ANSWERS):
            assert f.list_hint is not None
            items = self.lists.items(node, key, owner=owner, step=step, required=required, hint=f.list_hint)
            if items is not None and kind in (Kind.TEXTS, Kind.MARKDOWN_LIST):
                return self.lists.text_items(items, step, f)
            return items
        if kind is Kind.STEPS and required and key not in node.value:
            self.keys.missing(owner, node, key, step)
        return None
