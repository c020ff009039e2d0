"""
Load and validate guide files, collecting every problem before giving up.

:func:`load_guide` and :func:`load_guides` either return fully built
:class:`~veiviser.model.Guide` objects or raise :class:`VeiviserFeil`
listing *all* problems in *all* files, each explained in Norwegian with a
file, line, step and a «Slik retter du det: …».  They never raise anything
else for bad input.
"""

from __future__ import annotations

import datetime
import difflib
import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from . import format as fmt
from .anchors import AnchorIndex, page_link_problem
from .format import MAX_ID_LENGTH, Kind, Place
from .limits import RESERVED_IDS, graph_problems, text_problem
from .loader import YNode, load_yaml
from .markup import page_links, render_markdown
from .model import UNSURE_LABEL, Answer, Guide, Outcome, Problem, Question, Source, Step, VeiviserFeil, plain_text
from .roles import Role, close_role

__all__ = [
    "load_guide",
    "load_guides",
    "guide_files",
    "is_valid_id",
    "suggest_id",
    "VeiviserFeil",
    "Problem",
    "TOP_KEYS",
    "QUESTION_KEYS",
    "ANSWER_KEYS",
    "OUTCOME_KEYS",
    "COMMON_STEP_KEYS",
    "MAX_ID_LENGTH",
]

# The key lists, examples and Markdown fields come from the one definition in format.py.
TOP_KEYS = fmt.keys(Place.TOP)
QUESTION_KEYS = fmt.keys(Place.QUESTION, only=True)
ANSWER_KEYS = fmt.keys(Place.ANSWER)
OUTCOME_KEYS = fmt.keys(Place.OUTCOME, only=True)
#: Fields that both questions and outcomes may have.
COMMON_STEP_KEYS = tuple(k for k in fmt.keys(Place.QUESTION) if k in fmt.keys(Place.OUTCOME))
STEP_KEYS = QUESTION_KEYS + OUTCOME_KEYS + COMMON_STEP_KEYS
#: Fields whose text is Markdown (the others are shown as written).
MARKDOWN_KEYS = fmt.markdown_keys(Place.TOP, Place.QUESTION, Place.ANSWER, Place.OUTCOME)

GUIDE_SUFFIXES = (".yml", ".yaml")

RE_ID = fmt.python_pattern(fmt.ID_PATTERN)
RE_VERSION = fmt.python_pattern(fmt.VERSION_PATTERN)
RE_DATE = fmt.python_pattern(fmt.DATE_PATTERN)
RE_SOURCE = fmt.python_pattern(fmt.SOURCE_PATTERN)

README = "decision_trees/README.md"

_OWNER = {"top": "Veiviseren", "question": "Spørsmålet", "answer": "Svaret", "outcome": "Resultatet", "step": "Steget"}


# ----------------------------------------------------------------------
# Ids


def is_valid_id(value: str) -> bool:
    """Whether ``value`` can be a step or guide id (it becomes part of a URL)."""

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


def _close(word: str, choices: Iterable[str]) -> str | None:
    choices = list(choices)
    found = difflib.get_close_matches(word, choices, n=1, cutoff=0.6)
    if not found:
        found = difflib.get_close_matches(suggest_id(word), choices, n=1, cutoff=0.6)
    return found[0] if found else None


def _kind(node: YNode | None) -> str:
    """Describe a value's type in plain Norwegian."""

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


def _text(values: dict[str, object], key: str) -> str | None:
    value = values.get(key)
    assert value is None or isinstance(value, str)
    return value


def _texts(values: dict[str, object], key: str) -> tuple[str, ...]:
    value = values.get(key, ())
    assert isinstance(value, tuple)
    return tuple(str(v) for v in value)


def _items(values: dict[str, object], key: str) -> list[YNode] | None:
    value = values.get(key)
    assert value is None or isinstance(value, list)
    return value


# ----------------------------------------------------------------------
# Checking one file


@dataclass
class _FileResult:
    guide: Guide | None
    problems: list[Problem]
    guide_refs: list[tuple[int, str, str]] = field(default_factory=list)  # (line, step, guide id)


class _Checker:
    """Validates one parsed file and builds the :class:`Guide`."""

    def __init__(self, path: Path, anchors: AnchorIndex | None, roles: dict[str, Role] | None = None) -> None:
        self.path = path
        self.anchors = anchors
        self.roles = roles
        self.problems: list[Problem] = []
        self.guide_refs: list[tuple[int, str, str]] = []
        self.graph_complete = True
        # (id of a mapping node, key) for misspelt keys already reported, so
        # that the "missing field" message is not given for the same key.
        self.meant: set[tuple[int, str]] = set()

    def add(self, line: int | None, step: str | None, message: str, fix: str) -> None:
        self.problems.append(Problem(self.path, line, step, message, fix))

    # -- generic field helpers -----------------------------------------

    def check_keys(self, node: YNode, allowed: tuple[str, ...], step: str | None, where: str) -> list[str]:
        """Report unknown keys; return the allowed keys the unknown ones probably meant."""

        meant: list[str] = []
        for key, child in node.value.items():
            if key in allowed:
                continue
            guess = difflib.get_close_matches(key.lower(), allowed, n=1, cutoff=0.6)
            allowed_list = ", ".join(f"«{k}»" for k in allowed)
            if guess:
                meant.append(guess[0])
                self.meant.add((id(node), guess[0]))
                self.add(
                    child.where,
                    step,
                    f"Ukjent felt «{key}». Mente du «{guess[0]}»?",
                    f"Rett skrivemåten til «{guess[0]}». Felt som er tillatt {where}: {allowed_list}.",
                )
            else:
                self.add(
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
        self.add(
            node.where if node is not None and owner != "top" else None,
            step,
            f"{_OWNER[owner]} mangler feltet «{key}».",
            f"Legg til en linje som  {example}",
        )

    def text(
        self,
        parent: YNode,
        key: str,
        *,
        owner: str,
        step: str | None,
        required: bool,
    ) -> str | None:
        """A required or optional non-empty text field (plain scalars taken as written)."""

        node = parent.value.get(key)
        if node is None:
            if required:
                self.missing(owner, parent, key, step)
            return None
        fix = (
            "Skriv en tekst etter kolonet. Feltet må være med."
            if required
            else "Skriv en tekst etter kolonet, eller fjern hele linjen."
        )
        return self.text_value(node, label=f"Feltet «{key}»", step=step, empty_fix=fix, key=key)

    def text_value(
        self,
        node: YNode,
        *,
        label: str,
        step: str | None,
        empty_fix: str = "Skriv en tekst etter «- », eller fjern linjen.",
        key: str | None = None,
    ) -> str | None:
        if node.broken:
            return None
        if node.kind != "scalar" or isinstance(node.value, bytes):
            hint = ""
            if node.flow:
                hint = " Begynner teksten med [ eller {, må hele teksten stå i anførselstegn."
            self.add(
                node.where,
                step,
                f"{label} skal være en tekst, men er {_kind(node)}.",
                f"Skriv teksten rett etter kolonet, på samme linje.{hint}",
            )
            return None
        value = node.value
        if value is None:
            text = ""
        elif isinstance(value, str):
            text = value
        else:
            text = node.raw or ""  # a plain number/date/yes is meant as written
        if not text.strip():
            self.add(
                node.where,
                step,
                f"{label} mangler tekst.",
                empty_fix,
            )
            return None
        markdown = key is None or key in MARKDOWN_KEYS
        found = text_problem(text, label=label, key=key, markdown=markdown)
        if found is not None:
            self.add(node.where, step, *found)
            return None
        if markdown and self.anchors is not None:
            anchors = self.anchors
            wrong = [p for p in map(lambda h: page_link_problem(h, anchors), page_links(text)) if p]
            for message, fix in wrong:
                self.add(node.where, step, f"{label}: {message}", fix)
            if wrong:
                return None
        return text.strip()

    def ident(
        self,
        parent: YNode,
        key: str,
        *,
        owner: str,
        step: str | None,
        required: bool,
        what: str = "et steg",
    ) -> str | None:
        """An id-valued field (``start``, ``til``, ``usikker``, ``veiviser``)."""

        node = parent.value.get(key)
        if node is None:
            if required:
                self.missing(owner, parent, key, step)
            return None
        if node.broken:
            return None
        if node.kind == "scalar" and node.value is None:
            self.add(node.where, step, f"Feltet «{key}» er tomt.", f"Skriv navnet på {what} etter «{key}:».")
            return None
        if node.kind != "scalar" or isinstance(node.value, bytes):
            self.add(
                node.where,
                step,
                f"Feltet «{key}» skal være navnet på {what}, men er {_kind(node)}.",
                f"Skriv navnet på {what} etter «{key}:», for eksempel  {key}: navn-pa-steget",
            )
            return None
        value = node.value if isinstance(node.value, str) else (node.raw or "")
        value = value.strip()
        if not value:
            self.add(node.where, step, f"Feltet «{key}» er tomt.", f"Skriv navnet på {what} etter «{key}:».")
            return None
        return value

    def seq(self, parent: YNode, key: str, *, owner: str, step: str | None, required: bool, hint: str) -> list[YNode] | None:
        node = parent.value.get(key)
        if node is None:
            if required:
                self.missing(owner, parent, key, step)
            return None
        if node.broken:
            return None
        if node.kind != "seq":
            if node.kind == "scalar" and node.value is None:
                message = f"Feltet «{key}» er tomt."
            else:
                message = f"Feltet «{key}» skal være en liste, men er {_kind(node)}."
            self.add(node.where, step, message, hint)
            return None
        items: list[YNode] = node.value
        return items

    def role_key(self, node: YNode, key: str, step: str | None) -> str | None:
        """One role key (``ansvarlig``, an item of ``spør``), checked against the roles in mkdocs.yml."""

        if node.broken:
            return None
        value = node.value if node.kind == "scalar" and isinstance(node.value, str) else None
        if value is None or not value.strip():
            self.add(node.where, step, f"Feltet «{key}» skal være navnet på en rolle, men er {_kind(node)}.",
                     f"Skriv en av rollene fra mkdocs.yml, for eksempel  {key}: informasjonsmedarbeideren")
            return None
        value = value.strip()
        if self.roles is not None and value not in self.roles:
            guess = close_role(value, self.roles)
            known = ", ".join(f"«{r}»" for r in self.roles)
            self.add(node.where, step, f"«{value}» i feltet «{key}» er ikke en av rollene i mkdocs.yml "
                     "(extra → kommune → roller).",
                     (f"Mente du «{guess}»? " if guess else "") + f"Skriv en av rollene: {known}. "
                     "Er det en ny rolle som retningslinjene nevner, legg den til i mkdocs.yml først.")
            return None
        return value

    def role(self, parent: YNode, key: str, step: str | None) -> str | None:
        node = parent.value.get(key)
        return None if node is None else self.role_key(node, key, step)

    def role_list(self, parent: YNode, key: str, step: str | None) -> tuple[str, ...]:
        """``spør: rolle`` or ``spør: [rolle, rolle]``."""

        node = parent.value.get(key)
        if node is None or node.broken:
            return ()
        items = node.value if node.kind == "seq" else [node]
        keys = [self.role_key(item, key, step) for item in items]
        if not items:
            self.add(node.where, step, f"Feltet «{key}» er en tom liste.",
                     f"Skriv minst én rolle, for eksempel  {key}: informasjonsmedarbeideren , eller fjern linjen.")
        return tuple(dict.fromkeys(k for k in keys if k))

    def fields(self, node: YNode, place: Place, step: str | None) -> dict[str, object]:
        """Check every field of ``place`` in the mapping ``node`` by its kind in the format.

        Returns the checked value of each field that is present and fine (texts stripped,
        lists of texts as tuples, answers and sources as YAML items); stegene are left to
        the caller.
        """

        owner = place.value
        found: dict[str, object] = {}
        for f in fmt.fields(place):
            key, kind = f.key, f.kind
            value: object = None
            if kind in fmt.TEXT_KINDS:
                value = self.text(node, key, owner=owner, step=step, required=f.required)
            elif kind is Kind.STEP_ID:
                value = self.ident(node, key, owner=owner, step=step, required=f.required)
            elif kind is Kind.GUIDE_ID:
                value = self.ident(node, key, owner=owner, step=step, required=f.required, what="en annen veiviser")
            elif kind is Kind.ROLE:
                value = self.role(node, key, step)
            elif kind is Kind.ROLES:
                value = self.role_list(node, key, step)
            elif kind is Kind.VERSION:
                value = self.version(node)
            elif kind is Kind.DATE:
                value = self.date(node)
            elif kind in (Kind.TEXTS, Kind.MARKDOWN_LIST, Kind.SOURCES, Kind.ANSWERS):
                assert f.list_hint is not None
                items = self.seq(node, key, owner=owner, step=step, required=f.required, hint=f.list_hint)
                if items is not None and kind in (Kind.TEXTS, Kind.MARKDOWN_LIST):
                    assert f.item_label is not None
                    texts = (self.text_value(item, label=f.item_label, step=step) for item in items)
                    value = tuple(t for t in texts if t is not None)
                else:
                    value = items
            elif kind is Kind.STEPS and f.required and key not in node.value:
                self.missing(owner, node, key, step)
            if value is not None:
                found[key] = value
        return found

    # -- the guide -----------------------------------------------------

    def check(self, root: YNode | None, guide_id: str) -> Guide | None:
        if root is None:
            self.add(
                None,
                None,
                "Filen er tom.",
                f"Skriv inn en veiviser med «tittel:», «beskrivelse:», «versjon:», «dato:», «start:» og «steg:». "
                f"Se eksempelet i {README}.",
            )
            return None
        if root.broken:
            return None
        if root.kind != "map":
            self.add(
                root.line,
                None,
                f"Filen skal bestå av felt som «tittel:», «start:» og «steg:», men den inneholder {_kind(root)}.",
                f"Start filen med «tittel: …» helt til venstre på linjen. Se eksempelet i {README}.",
            )
            return None

        self.check_keys(root, TOP_KEYS, None, "øverst i filen")
        values = self.fields(root, Place.TOP, None)
        title, description, start = (_text(values, k) for k in ("tittel", "beskrivelse", "start"))
        version, date, responsible = _text(values, "versjon"), values.get("dato"), _text(values, "ansvarlig")
        keywords = _texts(values, "nokkelord")
        assert date is None or isinstance(date, datetime.date)

        steps_node = root.value.get("steg")
        steps: dict[str, Step] = {}
        step_nodes: dict[str, YNode] = {}
        if steps_node is None:
            self.graph_complete = False  # reported as a missing field
        elif steps_node.broken:
            self.graph_complete = False
        elif steps_node.kind != "map" or not steps_node.value:
            if steps_node.kind == "map" or (steps_node.kind == "scalar" and steps_node.value is None):
                message = "Feltet «steg» er tomt: veiviseren har ingen steg."
            else:
                message = f"Feltet «steg» skal inneholde stegene, men er {_kind(steps_node)}."
            self.add(
                steps_node.where,
                None,
                message,
                "Legg til stegene under «steg:», rykket inn, hvert med et navn, kolon og enten «spørsmål:» eller «resultat:».",
            )
            self.graph_complete = False
        else:
            step_nodes = steps_node.value
            for step_id, node in step_nodes.items():
                step = self.step(step_id, node)
                if step is None:
                    self.graph_complete = False
                else:
                    steps[step_id] = step

        self.references(root, start, steps, step_nodes)
        if self.problems:
            return None
        assert title and description and version and date and start
        return Guide(
            id=guide_id,
            path=self.path,
            title=title,
            description_html=render_markdown(description),
            version=version,
            date=date,
            responsible=responsible,
            start=start,
            steps=steps,
            keywords=keywords,
        )

    def version(self, root: YNode) -> str | None:
        node = root.value.get("versjon")
        if node is None:
            self.missing("top", root, "versjon", None)
            return None
        if node.broken:
            return None
        fix = "Skriv et heltall fra 1 og oppover (for eksempel  versjon: 2), eller en versjon som  versjon: \"1.2\"."
        if node.kind != "scalar" or node.value is None or isinstance(node.value, (bool, bytes)):
            self.add(node.where, None, f"Feltet «versjon» skal være et tall, men er {_kind(node)}.", fix)
            return None
        value = node.value
        if isinstance(value, int) and not re.fullmatch(r"-?(?:0|[1-9][0-9]*)", (node.raw or "").strip()):
            self.add(
                node.where,
                None,
                f"Feltet «versjon» er skrevet «{node.raw}», som YAML leser som tallet {value}.",
                "Skriv versjonen uten null foran og uten andre tegn (for eksempel  versjon: 10), "
                "eller i anførselstegn (for eksempel  versjon: \"010\").",
            )
            return None
        if isinstance(value, int):
            if value < 1:
                self.add(node.where, None, f"Feltet «versjon» er {value}, men må være 1 eller høyere.", fix)
                return None
            return str(value)
        text = (value if isinstance(value, str) else node.raw or "").strip()
        if not RE_VERSION.match(text):
            self.add(node.where, None, f"Feltet «versjon» har feil form: «{text}».", fix)
            return None
        return text

    def date(self, root: YNode) -> datetime.date | None:
        node = root.value.get("dato")
        if node is None:
            self.missing("top", root, "dato", None)
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
                    self.add(node.where, None, f"Feltet «dato» er ikke en dato som finnes: «{value.strip()}».", fix)
                    return None
        shown = f": «{node.raw}»" if node.kind == "scalar" and node.raw else ""
        self.add(node.where, None, f"Feltet «dato» skal være en dato, men er {_kind(node)}{shown}.", fix)
        return None

    # -- steps -----------------------------------------------------------

    def step(self, step_id: str, node: YNode) -> Step | None:
        if not is_valid_id(step_id):
            suggestion = suggest_id(step_id)
            self.add(
                node.where,
                step_id,
                f"«{step_id}» kan ikke brukes som navn på et steg. Navnet blir en del av nettadressen og kan bare "
                f"ha små bokstaver a–z, tall og bindestrek (ikke æ, ø, å eller mellomrom), høyst {MAX_ID_LENGTH} tegn.",
                f"Gi steget et navn som «{suggestion}», og bruk det nye navnet overalt der steget nevnes "
                "(«start:», «til:» og «usikker:»).",
            )
        elif step_id in RESERVED_IDS:
            self.add(
                node.where,
                step_id,
                f"«{step_id}» kan ikke brukes som navn på et steg: veiviserens egen side heter det.",
                f"Gi steget et annet navn, for eksempel «{step_id}-steg», og bruk det nye navnet overalt der "
                "steget nevnes («start:», «til:» og «usikker:»).",
            )
        if node.broken:
            return None
        if node.kind != "map" or not node.value:
            empty = node.kind == "map" or (node.kind == "scalar" and node.value is None)
            self.add(
                node.where,
                step_id,
                f"Steget er {'tomt' if empty else _kind(node)}; det skal inneholde enten «spørsmål:» eller «resultat:».",
                "Rykk inn feltene til steget under navnet, for eksempel to mellomrom inn, og start med "
                "«spørsmål:» eller «resultat:».",
            )
            return None
        meant = self.check_keys(node, STEP_KEYS, step_id, "i et steg")
        is_question = "spørsmål" in node.value
        is_outcome = "resultat" in node.value
        if is_question and is_outcome:
            self.add(
                node.where,
                step_id,
                "Steget har både «spørsmål» og «resultat».",
                "Et steg er enten et spørsmål eller et resultat. Del det i to steg med hvert sitt navn, "
                "og la et av svarene på spørsmålet gå til resultatet.",
            )
            return None
        if not is_question and not is_outcome:
            if "spørsmål" not in meant and "resultat" not in meant:
                self.add(
                    node.where,
                    step_id,
                    "Steget har verken «spørsmål» eller «resultat».",
                    "Legg til «spørsmål:» (med «svar:») hvis leseren skal velge, eller «resultat:» "
                    "(med «forklaring:» og «kilder:») hvis veiviseren slutter her.",
                )
            return None
        if is_question:
            return self.question(step_id, node)
        return self.outcome(step_id, node)

    def wrong_kind_keys(self, node: YNode, step_id: str, foreign: tuple[str, ...], own: str, other: str) -> None:
        for key in foreign:
            if key in node.value:
                self.add(
                    node.value[key].where,
                    step_id,
                    f"Feltet «{key}» hører til {other}, men dette steget er {own}.",
                    f"Fjern «{key}» her, eller lag et eget steg for det.",
                )

    def question(self, step_id: str, node: YNode) -> Question | None:
        self.wrong_kind_keys(node, step_id, OUTCOME_KEYS, "et spørsmål", "resultater")
        values = self.fields(node, Place.QUESTION, step_id)
        text, help_text, note, unsure = (_text(values, k) for k in ("spørsmål", "hjelp", "merknad", "usikker"))
        items = _items(values, "svar")
        answers: list[Answer] = []
        complete = items is not None
        if items is not None:
            seen: dict[str, tuple[str, int]] = {}
            for item in items:
                answer = self.answer(step_id, item)
                if answer is None:
                    complete = False
                    continue
                key = " ".join(plain_text(answer.text_html).split()).casefold()
                if unsure is not None and key == UNSURE_LABEL.casefold():
                    self.add(
                        answer.line,
                        step_id,
                        f"Svaret «{answer.text}» står allerede som eget svar, fordi spørsmålet har «usikker:».",
                        f"Fjern svaret «{answer.text}» og la «usikker:» vise hvor det skal gå, "
                        "eller gi svaret en annen tekst.",
                    )
                elif key in seen:
                    self.add(
                        answer.line,
                        step_id,
                        f"To svar har samme tekst «{answer.text}» (linje {seen[key][1]} og linje {answer.line}).",
                        "Gi svarene forskjellig tekst, ellers kan ikke leseren se forskjell på dem. "
                        "Skal de gå til samme sted, holder det med ett svar.",
                    )
                else:
                    seen[key] = (answer.text, answer.line)
                answers.append(answer)
            if len(items) < 2:
                self.add(
                    node.value["svar"].where,
                    step_id,
                    f"Spørsmålet har bare {len(items)} svar. Et spørsmål må ha minst to svar å velge mellom.",
                    "Legg til flere svar under «svar:», eller gjør steget om til et resultat hvis det ikke er noe å velge.",
                )
        if not complete:
            self.graph_complete = False
        if text is None or items is None or not complete:
            return None
        return Question(
            id=step_id,
            line=node.where,
            text=text,
            help_html=render_markdown(help_text) if help_text is not None else None,
            answers=tuple(answers),
            unsure_target=unsure,
            note_html=render_markdown(note) if note is not None else None,
        )

    def answer(self, step_id: str, item: YNode) -> Answer | None:
        if item.broken:
            return None
        if item.kind != "map":
            shown = f" («{item.raw}»)" if item.kind == "scalar" and item.raw else ""
            self.add(
                item.line,
                step_id,
                f"Et svar skal ha feltene «tekst» og «til», men dette svaret er {_kind(item)}{shown}.",
                "Skriv svaret slik:  - tekst: Ja  og på linjen under, rykket inn på linje med «tekst»:  til: neste-steg",
            )
            return None
        self.check_keys(item, ANSWER_KEYS, step_id, "i et svar")
        values = self.fields(item, Place.ANSWER, step_id)
        text, target = _text(values, "tekst"), _text(values, "til")
        if text is None or target is None:
            return None
        text_html = render_markdown(text, inline=True)
        where = item.value["tekst"].where
        if not plain_text(text_html):
            self.add(
                where,
                step_id,
                f"Svaret «{text}» har ingen tekst som vises (bilder og tom formatering vises ikke).",
                "Skriv en kort tekst som leseren kan velge, for eksempel  - tekst: Ja",
            )
            return None
        if re.search(r"<(?:h[1-6]|ul|ol|li|blockquote|pre|hr|table|p)\b", text_html):
            self.add(
                where,
                step_id,
                f"Svaret «{text}» inneholder en overskrift, en liste eller flere avsnitt. Et svar vises som en knapp "
                "og må være en kort tekst.",
                "Skriv svaret som én kort linje uten «#», «-», «1.» eller «>» først og uten tomme linjer. "
                "Forklaringen kan stå i «hjelp:» på spørsmålet.",
            )
            return None
        return Answer(text=text, text_html=text_html, target=target, line=item.line)

    def outcome(self, step_id: str, node: YNode) -> Outcome | None:
        self.wrong_kind_keys(node, step_id, QUESTION_KEYS, "et resultat", "spørsmål")
        values = self.fields(node, Place.OUTCOME, step_id)
        verdict, explanation, copy_text, note, related = (
            _text(values, k) for k in ("resultat", "forklaring", "kopier", "merknad", "veiviser"))
        ask = _texts(values, "spør")
        if related is not None:
            if not is_valid_id(related):
                self.add(
                    node.value["veiviser"].where,
                    step_id,
                    f"«{related}» kan ikke være navnet på en veiviser. Navnet på en veiviser er filnavnet uten "
                    "«.yml» og har bare små bokstaver a–z, tall og bindestrek.",
                    f"Skriv filnavnet til veiviseren uten «.yml», for eksempel «{suggest_id(related)}».",
                )
            else:
                self.guide_refs.append((node.value["veiviser"].where, step_id, related))

        next_steps = [render_markdown(v, inline=True) for v in _texts(values, "neste")]
        sources = self.sources(step_id, node, _items(values, "kilder"))
        if verdict is None or explanation is None or sources is None:
            return None
        return Outcome(
            id=step_id,
            line=node.where,
            verdict=verdict,
            explanation_html=render_markdown(explanation),
            next_steps_html=tuple(next_steps),
            sources=tuple(sources),
            copy_text=copy_text,
            related_guide=related,
            ask=ask,
            note_html=render_markdown(note) if note is not None else None,
        )

    def sources(self, step_id: str, node: YNode, items: list[YNode] | None) -> list[Source] | None:
        if items is None:
            return None
        if not items:
            self.add(
                node.value["kilder"].where,
                step_id,
                "Feltet «kilder» er tomt. Hvert resultat må vise til minst én del av håndboka.",
                "Legg til minst én linje som  - side.md#anker  under «kilder:».",
            )
            return None
        result: list[Source] = []
        ok = True
        for item in items:
            ref = self.text_value(item, label=fmt.field(Place.OUTCOME, "kilder").item_label or "", step=step_id)
            if ref is None:
                ok = False
                continue
            source = self.source(step_id, item.line, ref)
            if source is None:
                ok = False
            else:
                result.append(source)
        return result if ok else None

    def source(self, step_id: str, line: int, ref: str) -> Source | None:
        match = RE_SOURCE.match(ref)
        if match is None:
            self.add(
                line,
                step_id,
                f"Kilden «{ref}» har feil form. En kilde skal se slik ut: side.md#anker "
                "(filnavnet til siden i docs/, så #, så ankeret til overskriften).",
                "Skriv for eksempel  - pa-vegne-av-kommunen.md#svar-alltid  uten mellomrom. "
                f"Se «Slik viser du til håndboka» i {README}.",
            )
            return None
        page, anchor = match.group(1), match.group(2)
        if self.anchors is None:
            return Source(page=page, anchor=anchor, title="", page_title="")
        if not self.anchors.has(page):
            guess = _close(page, self.anchors.pages())
            hint = f"Mente du «{guess}»? " if guess else ""
            self.add(
                line,
                step_id,
                f"Kilden «{ref}» viser til siden «{page}», men den siden finnes ikke i håndboka (docs/).",
                f"{hint}Skriv filnavnet til en side som finnes, med mappe hvis siden ligger i en undermappe.",
            )
            return None
        if not self.anchors.has(page, anchor):
            available = self.anchors.anchors(page)
            guess = _close(anchor, available)
            hint = f"Mente du «{page}#{guess}»? " if guess else ""
            listed = ", ".join(available[:12]) + (" …" if len(available) > 12 else "")
            self.add(
                line,
                step_id,
                f"Kilden «{ref}» viser til ankeret «{anchor}», men siden «{page}» har ingen overskrift med det ankeret.",
                f"{hint}Ankre som finnes på siden: {listed or '(ingen)'}.",
            )
            return None
        return Source(
            page=page,
            anchor=anchor,
            title=self.anchors.title(page, anchor),
            page_title=self.anchors.page_title(page),
        )

    # -- references between steps --------------------------------------

    def references(self, root: YNode, start: str | None, steps: dict[str, Step], step_nodes: dict[str, YNode]) -> None:
        known = list(step_nodes)
        suggested: set[str] = set()
        broken_refs = 0

        def dangling(line: int, step_id: str | None, what: str, target: str) -> None:
            nonlocal broken_refs
            broken_refs += 1
            guess = _close(target, known)
            if guess:
                suggested.add(guess)
            hint = f" (mente du «{guess}»?)" if guess else ""
            self.add(
                line,
                step_id,
                f"{what} går til «{target}», men det finnes ikke noe steg med det navnet.",
                f"Skriv navnet på et steg som finnes{hint}, eller legg til steget under «steg:».",
            )

        start_ok = False
        if start is not None and step_nodes:
            if start in step_nodes:
                start_ok = True
            else:
                guess = _close(start, known)
                hint = f"Mente du «{guess}»? " if guess else ""
                self.add(
                    root.value["start"].where,
                    None,
                    f"Feltet «start» er «{start}», men det finnes ikke noe steg med det navnet.",
                    f"{hint}Skriv navnet på det første steget (spørsmålet) etter «start:».",
                )

        edges: dict[str, list[tuple[str, int]]] = {}
        for step_id, step in steps.items():
            if not isinstance(step, Question):
                continue
            out: list[tuple[str, int]] = []
            items = step_nodes[step_id].value["svar"].value
            for index, answer in enumerate(step.answers):
                if answer.target in step_nodes:
                    out.append((answer.target, answer.line))
                else:
                    til = items[index].value["til"].where if index < len(items) else answer.line
                    dangling(til, step_id, f"Svaret «{answer.text}»", answer.target)
            if step.unsure_target is not None:
                unsure_line = step_nodes[step_id].value["usikker"].where
                if step.unsure_target in step_nodes:
                    out.append((step.unsure_target, unsure_line))
                else:
                    dangling(unsure_line, step_id, "«usikker» (svaret «Jeg er usikker»)", step.unsure_target)
            edges[step_id] = out

        if start_ok and start is not None and isinstance(steps.get(start), Outcome):
            self.add(
                root.value["start"].where,
                None,
                f"Veiviseren begynner med resultatet «{start}». En veiviser må begynne med et spørsmål.",
                "Skriv navnet på et spørsmål etter «start:». Trengs ingen spørsmål, hører teksten hjemme i håndboka.",
            )
            return
        before = len(self.problems)
        self.cycles(edges, step_nodes)
        cyclic = len(self.problems) > before
        # A wrong «til:» makes the steps behind it unreachable: one cause, one message.
        if start_ok and start is not None and self.graph_complete and not broken_refs:
            self.unreachable(start, edges, steps, step_nodes, skip=suggested)
        if start_ok and self.graph_complete and not broken_refs and not cyclic and not self.problems:
            assert start is not None
            self.problems.extend(
                graph_problems(
                    self.path,
                    start,
                    steps,
                    {step_id: node.where for step_id, node in step_nodes.items()},
                    root.value["start"].where,
                    root.value["steg"].where,
                )
            )

    def cycles(self, edges: dict[str, list[tuple[str, int]]], step_nodes: dict[str, YNode]) -> None:
        """Report every cycle (one per strongly connected group of steps)."""

        order = {s: i for i, s in enumerate(step_nodes)}
        for group in _strongly_connected(edges, order):
            members = set(group)
            first = min(group, key=order.__getitem__)
            if len(group) == 1 and not any(t == first for t, _ in edges.get(first, [])):
                continue
            cycle = _find_cycle(first, edges, members)
            last = cycle[-2]
            line = next(line for t, line in edges[last] if t == first)
            ring = " → ".join(cycle)
            self.add(
                line,
                last,
                f"Veiviseren går i ring: {ring}. Da kan leseren havne i en evig løkke og aldri få et resultat.",
                "Endre ett av svarene i ringen slik at det går videre til et nytt steg eller til et resultat.",
            )

    def unreachable(
        self,
        start: str,
        edges: dict[str, list[tuple[str, int]]],
        steps: dict[str, Step],
        step_nodes: dict[str, YNode],
        *,
        skip: set[str],
    ) -> None:
        """Report steps that cannot be reached (except ``skip``: already suggested as a fix)."""

        seen = {start}
        stack = [start]
        while stack:
            for target, _ in edges.get(stack.pop(), []):
                if target not in seen:
                    seen.add(target)
                    stack.append(target)
        incoming: dict[str, list[str]] = {}
        for source, out in edges.items():
            for target, _ in out:
                incoming.setdefault(target, []).append(source)
        for step_id, step in steps.items():
            if step_id in seen or step_id in skip:
                continue
            from_steps = incoming.get(step_id)
            if from_steps and all(s not in seen for s in from_steps):
                continue  # a consequence: the step it comes from is reported
            line = step_nodes[step_id].where
            via = (
                f" Bare steg som selv ikke kan nås ({', '.join(f'«{s}»' for s in from_steps)}) går hit."
                if from_steps
                else f" Ingen svar har «til: {step_id}» eller «usikker: {step_id}»."
            )
            if isinstance(step, Outcome):
                message = f"Ingen kan komme fram til dette resultatet.{via}"
            else:
                message = f"Ingen kan komme fram til dette spørsmålet fra start-steget «{start}».{via}"
            self.add(
                line,
                step_id,
                message,
                f"La et svar i et av spørsmålene gå hit med  til: {step_id}  , eller slett steget hvis det ikke trengs.",
            )


def _strongly_connected(edges: dict[str, list[tuple[str, int]]], order: dict[str, int]) -> list[list[str]]:
    """Tarjan's algorithm, iterative; groups in a deterministic order."""

    index: dict[str, int] = {}
    low: dict[str, int] = {}
    on_stack: set[str] = set()
    stack: list[str] = []
    groups: list[list[str]] = []
    counter = 0

    for root in sorted(order, key=order.__getitem__):
        if root in index:
            continue
        work = [(root, 0)]
        while work:
            node, i = work.pop()
            if i == 0:
                index[node] = low[node] = counter
                counter += 1
                stack.append(node)
                on_stack.add(node)
            targets = [t for t, _ in edges.get(node, [])]
            recurse = False
            while i < len(targets):
                target = targets[i]
                i += 1
                if target not in index:
                    work.append((node, i))
                    work.append((target, 0))
                    recurse = True
                    break
                if target in on_stack:
                    low[node] = min(low[node], index[target])
            if recurse:
                continue
            if low[node] == index[node]:
                group = []
                while True:
                    member = stack.pop()
                    on_stack.discard(member)
                    group.append(member)
                    if member == node:
                        break
                groups.append(group)
            if work:
                parent = work[-1][0]
                low[parent] = min(low[parent], low[node])
    groups.sort(key=lambda g: min(order[s] for s in g))
    return groups


def _find_cycle(first: str, edges: dict[str, list[tuple[str, int]]], members: set[str]) -> list[str]:
    """A shortest cycle ``first → … → first`` inside one strongly connected group."""

    previous: dict[str, str] = {}
    queue = [first]
    for node in queue:
        for target, _ in edges.get(node, []):
            if target not in members:
                continue
            if target == first:
                path = [node]
                while path[-1] != first:
                    path.append(previous[path[-1]])
                return [*reversed(path), first]
            if target not in previous:
                previous[target] = node
                queue.append(target)
    return [first, first]  # pragma: no cover - a group always has a cycle


# ----------------------------------------------------------------------
# Public entry points


def file_name_problems(path: Path, what: str = "veiviser") -> list[Problem]:
    """A problem when a file that looks like YAML is not named ``<id>.yml`` (or ``.yaml``) exactly."""

    name = path.name
    if path.suffix in GUIDE_SUFFIXES and name.isprintable() and name == name.strip():
        return []
    shown = name.encode("unicode_escape").decode("ascii") if not name.isprintable() else name
    stem = "".join(ch for ch in name if ch.isprintable()).strip()
    for suffix in GUIDE_SUFFIXES:
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


def looks_like_yaml(path: Path) -> bool:
    """Whether ``path`` is meant as a YAML file (whatever case, spaces or invisible characters its name has)."""

    name = "".join(ch for ch in path.name if ch.isprintable()).strip().lower()
    return name.endswith(GUIDE_SUFFIXES) and not path.name.startswith(("_", "."))


def _guide_id_problems(path: Path) -> list[Problem]:
    odd = file_name_problems(path)
    if odd:
        return odd
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


def _check_file(path: Path, anchors: AnchorIndex | None, roles: dict[str, Role] | None = None) -> _FileResult:
    odd = file_name_problems(path)
    if odd:
        return _FileResult(None, odd)
    root, problems = load_yaml(path)
    problems = list(problems) + _guide_id_problems(path)
    if problems and root is None:
        return _FileResult(None, problems)
    checker = _Checker(path, anchors, roles)
    checker.problems.extend(problems)
    guide = checker.check(root, path.stem)
    return _FileResult(guide, checker.problems, checker.guide_refs)


def load_guide(path: Path | str, *, anchors: AnchorIndex | None = None, roles: dict[str, Role] | None = None) -> Guide:
    """Load and validate one guide file.

    With ``anchors`` the ``kilder`` are checked against the handbook and
    their titles filled in; without, that check is skipped.  References to
    other guides (``veiviser:``) are only checked by :func:`load_guides`.
    Raises :class:`VeiviserFeil` listing every problem in the file.
    """

    result = _check_file(Path(path), anchors, roles)
    if result.problems or result.guide is None:
        raise VeiviserFeil(result.problems)
    return result.guide


def guide_files(folder: Path | str) -> list[Path]:
    """The guide files in ``folder``: ``*.yml``/``*.yaml`` not starting with ``_`` or ``.``.

    Files whose names only look like that (``.YML``, ``x.yml `` with a space)
    are included too, so that validation can refuse them instead of skipping
    them silently.
    """

    folder = Path(folder)
    return sorted(p for p in folder.iterdir() if looks_like_yaml(p))


def load_guides(
    folder: Path | str, *, anchors: AnchorIndex | None = None, roles: dict[str, Role] | None = None
) -> list[Guide]:
    """Load and validate every guide in ``folder``, sorted by id.

    Also checks that ``veiviser:`` in outcomes names a guide that exists.
    Raises :class:`VeiviserFeil` listing every problem in every file.
    """

    folder = Path(folder)
    try:
        files = guide_files(folder)
    except OSError as exc:
        reason = "mappen finnes ikke" if not folder.exists() else (exc.strerror or exc.__class__.__name__)
        raise VeiviserFeil(
            [
                Problem(
                    folder,
                    None,
                    None,
                    f"Mappen med veivisere kan ikke leses ({reason}).",
                    "Sjekk at du står i prosjektmappen, og at mappen «decision_trees» finnes.",
                )
            ]
        ) from None

    problems: list[Problem] = []
    results: dict[Path, _FileResult] = {}
    by_id: dict[str, Path] = {}
    for path in files:
        if path.stem in by_id:
            problems.append(
                Problem(
                    path,
                    None,
                    None,
                    f"Det finnes to veivisere med navnet «{path.stem}»: «{by_id[path.stem].name}» og «{path.name}».",
                    "Slett den ene filen eller gi den et annet navn.",
                )
            )
            continue
        by_id[path.stem] = path
        result = _check_file(path, anchors, roles)
        results[path] = result
        problems.extend(result.problems)

    ids = sorted(by_id)
    for path, result in results.items():
        for line, step_id, ref in result.guide_refs:
            if ref in by_id:
                continue
            guess = _close(ref, ids)
            hint = f"Mente du «{guess}»? " if guess else ""
            problems.append(
                Problem(
                    path,
                    line,
                    step_id,
                    f"Feltet «veiviser» viser til «{ref}», men det finnes ingen veiviser med det navnet "
                    f"(ingen fil «{ref}.yml» i {folder.as_posix()}).",
                    f"{hint}Skriv filnavnet til en annen veiviser uten «.yml», eller fjern linjen.",
                )
            )

    if problems:
        raise VeiviserFeil(problems)
    guides = [r.guide for r in results.values() if r.guide is not None]
    return sorted(guides, key=lambda g: g.id)

