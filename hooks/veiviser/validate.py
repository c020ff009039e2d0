"""
Load and validate guide files, collecting every problem before giving up.

:func:`load_guide` and :func:`load_guides` either return fully built
:class:`~veiviser.model.Guide` objects or raise :class:`GuideError`
listing *all* problems in *all* files, each explained in Norwegian with a
file, line, step and a «Slik retter du det: …».  They never raise anything
else for bad input.

This module checks what is particular to a guide, one class per part of the file:

- :class:`_GuideChecker`: the file's form and top fields, then the graph, then the :class:`Guide`;
- :class:`_StepChecker`: the «steg» map, each step's name and form, question or outcome;
- :class:`_QuestionChecker`: a question and its list of answers;
- :class:`_AnswerChecker`: one answer;
- :class:`_OutcomeChecker`: an outcome, and the rules and guide it names;
- :class:`_SourceChecker`: an outcome's «kilder»;

and, across the guides of a folder (:func:`load_guides`), :func:`_unknown_guides`,
:func:`_same_titles` and :func:`_unknown_rules`.  The field checks by kind are in
:mod:`veiviser.fields`, the file rules in :mod:`veiviser.files`, the references between steps
in :mod:`veiviser.graph` (which applies the size limits of :mod:`veiviser.limits`), the sources
against the handbook in :mod:`veiviser.sources`, and :mod:`veiviser.build` renders the checked
text into the model.
"""

from __future__ import annotations

import datetime
import re
from collections.abc import Collection
from dataclasses import dataclass, field
from pathlib import Path

from . import build
from . import format as fmt
from .anchors import AnchorIndex
from .fields import FieldChecker, close, is_valid_id, kind_name, suggest_id
from .files import SUFFIXES as GUIDE_SUFFIXES
from .files import by_id as files_by_id
from .files import file_name_problems, id_problems, looks_like_yaml, yaml_files
from .format import MAX_ID_LENGTH, Place
from .graph import graph_check
from .limits import RESERVED_STEP_IDS, comparable
from .loader import YNode, load_yaml
from .model import (
    UNSURE_LABEL,
    Answer,
    Guide,
    GuideError,
    Outcome,
    Problem,
    Question,
    Source,
    Step,
    display_path,
    plain_text,
)
from .regler import RULES_FILE
from .roles import Role
from .sources import resolve_source

__all__ = [
    "load_guide",
    "load_guides",
    "guide_files",
    "is_valid_id",
    "suggest_id",
    "GuideError",
    "Problem",
    "TOP_KEYS",
    "QUESTION_KEYS",
    "ANSWER_KEYS",
    "OUTCOME_KEYS",
    "COMMON_STEP_KEYS",
    "MAX_ID_LENGTH",
    "GUIDE_SUFFIXES",
    "file_name_problems",
    "looks_like_yaml",
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

README = "decision_trees/README.md"



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
class _Refs:
    """What a guide names outside itself, checked once every guide is loaded: (line, step, id)."""

    guides: list[tuple[int, str, str]] = field(default_factory=list)
    rules: list[tuple[int, str, str]] = field(default_factory=list)


@dataclass
class _FileResult:
    guide: Guide | None
    problems: list[Problem]
    refs: _Refs = field(default_factory=_Refs)


class _GuideChecker:
    """One guide file: its form, its top fields and its «steg»; then the references between the
    steps (:func:`~veiviser.graph.graph_check`) and, when nothing is wrong, the built :class:`Guide`."""

    def __init__(self, path: Path, anchors: AnchorIndex | None, roles: dict[str, Role] | None = None) -> None:
        self.path = path
        self.fields = FieldChecker(path, anchors, roles, markdown_keys=MARKDOWN_KEYS)
        self.problems = self.fields.problems
        self.refs = _Refs()
        self.steps = _StepChecker(self.fields, _OutcomeChecker(self.fields, anchors, self.refs))

    def check(self, root: YNode | None, guide_id: str) -> Guide | None:
        if root is None:
            self.fields.add(
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
            self.fields.add(
                root.line,
                None,
                f"Filen skal bestå av felt som «tittel:», «start:» og «steg:», men den inneholder {kind_name(root)}.",
                f"Start filen med «tittel: …» helt til venstre på linjen. Se eksempelet i {README}.",
            )
            return None

        self.fields.keys.unknown(root, TOP_KEYS, None, "øverst i filen")
        values = self.fields.fields(root, Place.TOP, None)
        start = _text(values, "start")
        steps, step_nodes, complete = self.steps.all(root.value.get("steg"))
        self.problems.extend(graph_check(self.path, root, start, steps, step_nodes,
                                         complete=complete, clean=not self.problems))
        if self.problems:
            return None
        return self.build(guide_id, values, steps)

    def build(self, guide_id: str, values: dict[str, object], steps: dict[str, Step]) -> Guide:
        title, description, start = (_text(values, k) for k in ("tittel", "beskrivelse", "start"))
        version, date, responsible = _text(values, "versjon"), values.get("dato"), _text(values, "ansvarlig")
        assert date is None or isinstance(date, datetime.date)
        assert title and description and version and date and start
        return build.guide(
            guide_id,
            self.path,
            title=title,
            description=description,
            version=version,
            date=date,
            responsible=responsible,
            start=start,
            steps=steps,
            keywords=_texts(values, "nokkelord"),
        )


class _StepChecker:
    """The «steg» map and each step in it: its name, its form, and whether it is a question or an outcome."""

    def __init__(self, fields: FieldChecker, outcomes: _OutcomeChecker) -> None:
        self.fields = fields
        self.questions = _QuestionChecker(fields)
        self.outcomes = outcomes

    def all(self, steps_node: YNode | None) -> tuple[dict[str, Step], dict[str, YNode], bool]:
        """The fine steps, every step's node, and whether every step is fine (so the graph is complete)."""

        steps: dict[str, Step] = {}
        if steps_node is None:
            return steps, {}, False  # reported as a missing field
        if steps_node.broken:
            return steps, {}, False
        if steps_node.kind != "map" or not steps_node.value:
            if steps_node.kind == "map" or (steps_node.kind == "scalar" and steps_node.value is None):
                message = "Feltet «steg» er tomt: veiviseren har ingen steg."
            else:
                message = f"Feltet «steg» skal inneholde stegene, men er {kind_name(steps_node)}."
            self.fields.add(
                steps_node.where,
                None,
                message,
                "Legg til stegene under «steg:», rykket inn, hvert med et navn, kolon og enten «spørsmål:» eller «resultat:».",
            )
            return steps, {}, False
        step_nodes: dict[str, YNode] = steps_node.value
        complete = True
        for step_id, node in step_nodes.items():
            step = self.step(step_id, node)
            if step is None:
                complete = False
            else:
                steps[step_id] = step
        return steps, step_nodes, complete

    def step(self, step_id: str, node: YNode) -> Step | None:
        self.name(step_id, node)
        if node.broken:
            return None
        if node.kind != "map" or not node.value:
            empty = node.kind == "map" or (node.kind == "scalar" and node.value is None)
            self.fields.add(
                node.where,
                step_id,
                f"Steget er {'tomt' if empty else kind_name(node)}; det skal inneholde enten «spørsmål:» eller «resultat:».",
                "Rykk inn feltene til steget under navnet, for eksempel to mellomrom inn, og start med "
                "«spørsmål:» eller «resultat:».",
            )
            return None
        meant = self.fields.keys.unknown(node, STEP_KEYS, step_id, "i et steg")
        is_question = "spørsmål" in node.value
        is_outcome = "resultat" in node.value
        if is_question and is_outcome:
            self.fields.add(
                node.where,
                step_id,
                "Steget har både «spørsmål» og «resultat».",
                "Et steg er enten et spørsmål eller et resultat. Del det i to steg med hvert sitt navn, "
                "og la et av svarene på spørsmålet gå til resultatet.",
            )
            return None
        if not is_question and not is_outcome:
            if "spørsmål" not in meant and "resultat" not in meant:
                self.fields.add(
                    node.where,
                    step_id,
                    "Steget har verken «spørsmål» eller «resultat».",
                    "Legg til «spørsmål:» (med «svar:») hvis leseren skal velge, eller «resultat:» "
                    "(med «forklaring:» og «kilder:») hvis veiviseren slutter her.",
                )
            return None
        if is_question:
            self.wrong_kind_keys(node, step_id, OUTCOME_KEYS, "et spørsmål", "resultater")
            return self.questions.question(step_id, node)
        self.wrong_kind_keys(node, step_id, QUESTION_KEYS, "et resultat", "spørsmål")
        return self.outcomes.outcome(step_id, node)

    def name(self, step_id: str, node: YNode) -> None:
        """The step's name becomes part of a URL: a valid id, and not a name the guide's own pages use."""

        if not is_valid_id(step_id):
            suggestion = suggest_id(step_id)
            self.fields.add(
                node.where,
                step_id,
                f"«{step_id}» kan ikke brukes som navn på et steg. Navnet blir en del av nettadressen og kan bare "
                f"ha små bokstaver a–z, tall og bindestrek (ikke æ, ø, å eller mellomrom), høyst {MAX_ID_LENGTH} tegn.",
                f"Gi steget et navn som «{suggestion}», og bruk det nye navnet overalt der steget nevnes "
                "(«start:», «til:» og «usikker:»).",
            )
        elif step_id in RESERVED_STEP_IDS:
            self.fields.add(
                node.where,
                step_id,
                f"«{step_id}» kan ikke brukes som navn på et steg: veiviserens egen side heter det.",
                f"Gi steget et annet navn, for eksempel «{step_id}-steg», og bruk det nye navnet overalt der "
                "steget nevnes («start:», «til:» og «usikker:»).",
            )

    def wrong_kind_keys(self, node: YNode, step_id: str, foreign: tuple[str, ...], own: str, other: str) -> None:
        """Fields of the other kind of step (``svar`` on an outcome, ``kilder`` on a question)."""

        for key in foreign:
            if key in node.value:
                self.fields.add(
                    node.value[key].where,
                    step_id,
                    f"Feltet «{key}» hører til {other}, men dette steget er {own}.",
                    f"Fjern «{key}» her, eller lag et eget steg for det.",
                )


class _QuestionChecker:
    """A question: its fields and its answers (at least two, no two alike, none that is «Jeg er usikker»)."""

    def __init__(self, fields: FieldChecker) -> None:
        self.fields = fields
        self.answers = _AnswerChecker(fields)

    def question(self, step_id: str, node: YNode) -> Question | None:
        values = self.fields.fields(node, Place.QUESTION, step_id)
        text, help_text, note, unsure = (_text(values, k) for k in ("spørsmål", "hjelp", "merknad", "usikker"))
        items = _items(values, "svar")
        if items is None:
            return None
        answers = self.answer_list(step_id, node, items, unsure)
        if text is None or answers is None:
            return None
        return build.question(step_id, node.where, text, help_text, answers, unsure, note)

    def answer_list(self, step_id: str, node: YNode, items: list[YNode], unsure: str | None) -> list[Answer] | None:
        """The answers, or None if one of them is wrong (each is reported)."""

        answers: list[Answer] = []
        complete = True
        seen: dict[str, tuple[str, int]] = {}
        for item in items:
            answer = self.answers.answer(step_id, item)
            if answer is None:
                complete = False
                continue
            key = comparable(plain_text(answer.text_html))
            if unsure is not None and key == UNSURE_LABEL.casefold():
                self.fields.add(
                    answer.line,
                    step_id,
                    f"Svaret «{answer.text}» står allerede som eget svar, fordi spørsmålet har «usikker:».",
                    f"Fjern svaret «{answer.text}» og la «usikker:» vise hvor det skal gå, "
                    "eller gi svaret en annen tekst.",
                )
            elif key in seen:
                self.fields.add(
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
            self.fields.add(
                node.value["svar"].where,
                step_id,
                f"Spørsmålet har bare {len(items)} svar. Et spørsmål må ha minst to svar å velge mellom.",
                "Legg til flere svar under «svar:», eller gjør steget om til et resultat hvis det ikke er noe å velge.",
            )
        return answers if complete else None


class _AnswerChecker:
    """One answer: a mapping with «tekst» and «til», whose text shows as a short button."""

    def __init__(self, fields: FieldChecker) -> None:
        self.fields = fields

    def answer(self, step_id: str, item: YNode) -> Answer | None:
        if item.broken:
            return None
        if item.kind != "map":
            shown = f" («{item.raw}»)" if item.kind == "scalar" and item.raw else ""
            self.fields.add(
                item.line,
                step_id,
                f"Et svar skal ha feltene «tekst» og «til», men dette svaret er {kind_name(item)}{shown}.",
                "Skriv svaret slik:  - tekst: Ja  og på linjen under, rykket inn på linje med «tekst»:  til: neste-steg",
            )
            return None
        self.fields.keys.unknown(item, ANSWER_KEYS, step_id, "i et svar")
        values = self.fields.fields(item, Place.ANSWER, step_id)
        text, target = _text(values, "tekst"), _text(values, "til")
        if text is None or target is None:
            return None
        answer = build.answer(text, target, item.line)
        text_html = answer.text_html  # a button: what it shows decides whether the text will do
        where = item.value["tekst"].where
        if not plain_text(text_html):
            self.fields.add(
                where,
                step_id,
                f"Svaret «{text}» har ingen tekst som vises (bilder og tom formatering vises ikke).",
                "Skriv en kort tekst som leseren kan velge, for eksempel  - tekst: Ja",
            )
            return None
        if re.search(r"<(?:h[1-6]|ul|ol|li|blockquote|pre|hr|table|p)\b", text_html):
            self.fields.add(
                where,
                step_id,
                f"Svaret «{text}» inneholder en overskrift, en liste eller flere avsnitt. Et svar vises som en knapp "
                "og må være en kort tekst.",
                "Skriv svaret som én kort linje uten «#», «-», «1.» eller «>» først og uten tomme linjer. "
                "Forklaringen kan stå i «hjelp:» på spørsmålet.",
            )
            return None
        return answer


class _OutcomeChecker:
    """An outcome: its fields, the rules and the other guide it names (noted in :class:`_Refs`), its sources."""

    def __init__(self, fields: FieldChecker, anchors: AnchorIndex | None, refs: _Refs) -> None:
        self.fields = fields
        self.refs = refs
        self.sources = _SourceChecker(fields, anchors)

    def outcome(self, step_id: str, node: YNode) -> Outcome | None:
        values = self.fields.fields(node, Place.OUTCOME, step_id)
        verdict, explanation, copy_text, note, related = (
            _text(values, k) for k in ("resultat", "forklaring", "kopier", "merknad", "veiviser"))
        rules = values.get("regler", ())
        assert isinstance(rules, tuple)
        self.refs.rules.extend((line, step_id, rule_id) for rule_id, line in rules)
        if related is not None:
            self.related(step_id, node, related)
        sources = self.sources.sources(step_id, node, _items(values, "kilder"))
        if verdict is None or explanation is None or sources is None:
            return None
        return build.outcome(
            step_id,
            node.where,
            verdict=verdict,
            explanation=explanation,
            next_steps=_texts(values, "neste"),
            sources=sources,
            copy_text=copy_text,
            related=related,
            ask=_texts(values, "spør"),
            note=note,
            rules=tuple(rule_id for rule_id, _ in rules),
        )

    def related(self, step_id: str, node: YNode, related: str) -> None:
        """``veiviser:`` must be a guide's id; whether that guide exists is checked by :func:`load_guides`."""

        if not is_valid_id(related):
            self.fields.add(
                node.value["veiviser"].where,
                step_id,
                f"«{related}» kan ikke være navnet på en veiviser. Navnet på en veiviser er filnavnet uten "
                "«.yml» og har bare små bokstaver a–z, tall og bindestrek.",
                f"Skriv filnavnet til veiviseren uten «.yml», for eksempel «{suggest_id(related)}».",
            )
        else:
            self.refs.guides.append((node.value["veiviser"].where, step_id, related))


class _SourceChecker:
    """An outcome's «kilder»: at least one, none twice, each a heading in the handbook (:mod:`veiviser.sources`)."""

    def __init__(self, fields: FieldChecker, anchors: AnchorIndex | None) -> None:
        self.fields = fields
        self.anchors = anchors

    def sources(self, step_id: str, node: YNode, items: list[YNode] | None) -> list[Source] | None:
        if items is None:
            return None
        if not items:
            self.fields.add(
                node.value["kilder"].where,
                step_id,
                "Feltet «kilder» er tomt. Hvert resultat må vise til minst én del av håndboka.",
                "Legg til minst én linje som  - side.md#anker  under «kilder:».",
            )
            return None
        result: list[Source] = []
        ok = True
        seen: dict[str, int] = {}
        for item in items:
            ref = self.fields.texts.value(item, label=fmt.field(Place.OUTCOME, "kilder").item_label or "", step=step_id)
            if ref is None:
                ok = False
                continue
            if ref.strip() in seen:
                self.fields.add(
                    item.line,
                    step_id,
                    f"Kilden «{ref.strip()}» står flere ganger (linje {seen[ref.strip()]} og linje {item.line}).",
                    "Fjern linjen som gjentar kilden: hver kilde vises én gang.",
                )
                ok = False
                continue
            seen[ref.strip()] = item.line
            source = self.source(step_id, item.line, ref)
            if source is None:
                ok = False
            else:
                result.append(source)
        return result if ok else None

    def source(self, step_id: str, line: int, ref: str) -> Source | None:
        found = resolve_source(ref, self.anchors)
        if isinstance(found, Source):
            return found
        self.fields.add(line, step_id, *found)
        return None


# ----------------------------------------------------------------------
# Public entry points


def _check_file(path: Path, anchors: AnchorIndex | None, roles: dict[str, Role] | None = None) -> _FileResult:
    odd = file_name_problems(path)
    if odd:
        return _FileResult(None, odd)
    root, problems = load_yaml(path)
    problems = list(problems) + id_problems(path)
    if problems and root is None:
        return _FileResult(None, problems)
    checker = _GuideChecker(path, anchors, roles)
    checker.problems.extend(problems)
    guide = checker.check(root, path.stem)
    return _FileResult(guide, checker.problems, checker.refs)


def load_guide(path: Path | str, *, anchors: AnchorIndex | None = None, roles: dict[str, Role] | None = None) -> Guide:
    """Load and validate one guide file.

    With ``anchors`` the ``kilder`` are checked against the handbook and
    their titles filled in; without, that check is skipped.  References to
    other guides (``veiviser:``) are only checked by :func:`load_guides`.
    Raises :class:`GuideError` listing every problem in the file.
    """

    result = _check_file(Path(path), anchors, roles)
    if result.problems or result.guide is None:
        raise GuideError(result.problems)
    return result.guide


def guide_files(folder: Path | str) -> list[Path]:
    """The guide files in ``folder``: ``*.yml``/``*.yaml`` not starting with ``_`` or ``.``.

    Files whose names only look like that (``.YML``, ``x.yml `` with a space)
    are included too, so that validation can refuse them instead of skipping
    them silently.
    """

    return [p for p in yaml_files(Path(folder)) if p.name != RULES_FILE]


def load_guides(
    folder: Path | str, *, anchors: AnchorIndex | None = None, roles: dict[str, Role] | None = None,
    rules: Collection[str] | None = None,
) -> list[Guide]:
    """Load and validate every guide in ``folder``, sorted by id.

    Also checks that ``veiviser:`` in outcomes names a guide that exists, and (given ``rules``, the ids
    in the rule register) that every name under ``regler:`` is a rule.
    Raises :class:`GuideError` listing every problem in every file.
    """

    folder = Path(folder)
    by_id, problems = files_by_id(_folder_files(folder), "veiviser")
    results: dict[Path, _FileResult] = {}
    for path in by_id.values():
        result = _check_file(path, anchors, roles)
        results[path] = result
        problems.extend(result.problems)

    problems.extend(_unknown_guides(folder, results, sorted(by_id)))
    problems.extend(_same_titles(results))
    if rules is not None:
        problems.extend(_unknown_rules(folder, results, rules))

    if problems:
        raise GuideError(problems)
    guides = [r.guide for r in results.values() if r.guide is not None]
    return sorted(guides, key=lambda g: g.id)


# ----------------------------------------------------------------------
# Checks across the guides of a folder


def _folder_files(folder: Path) -> list[Path]:
    """The guide files in ``folder``; a folder that cannot be read is a :class:`GuideError`."""

    try:
        return guide_files(folder)
    except OSError as exc:
        reason = "mappen finnes ikke" if not folder.exists() else (exc.strerror or exc.__class__.__name__)
        raise GuideError(
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


def _unknown_guides(folder: Path, results: dict[Path, _FileResult], ids: list[str]) -> list[Problem]:
    """A problem for every ``veiviser:`` that names no guide in the folder."""

    problems = []
    for path, result in results.items():
        for line, step_id, ref in result.refs.guides:
            if ref in ids:
                continue
            guess = close(ref, ids)
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
    return problems


def _same_titles(results: dict[Path, _FileResult]) -> list[Problem]:
    """A problem for every guide whose title another guide (earlier by id) already has."""

    problems = []
    titles: dict[str, Guide] = {}
    for guide in sorted((r.guide for r in results.values() if r.guide is not None), key=lambda g: g.id):
        other = titles.setdefault(comparable(guide.title), guide)
        if other is not guide:
            problems.append(
                Problem(
                    guide.path,
                    _title_line(guide.path),
                    None,
                    f"Veiviseren har samme tittel «{guide.title}» som {display_path(other.path)}. I oversikten "
                    "ville de stått side om side, og leseren kan ikke se forskjell på dem.",
                    "Gi veiviserne hver sin tittel, som sier hva som skiller dem.",
                )
            )
    return problems


def _unknown_rules(folder: Path, results: dict[Path, _FileResult], rules: Collection[str]) -> list[Problem]:
    """A problem for every name under ``regler:`` that is not a rule of the register."""

    problems = []
    known = sorted(rules)
    for path, result in results.items():
        for line, step_id, rule_id in result.refs.rules:
            if rule_id in rules:
                continue
            guess = close(rule_id, known)
            hint = f"Mente du «{guess}»? " if guess else ""
            problems.append(Problem(
                path, line, step_id,
                f"Regelen «{rule_id}» under «regler» finnes ikke i regelregisteret ({(folder / RULES_FILE).as_posix()}).",
                f"{hint}Skriv navnet slik det står etter «id:» i regelregisteret, eller legg regelen til der først "
                "(med sitatet og kilden).",
            ))
    return problems


def _title_line(path: Path) -> int | None:
    try:
        lines = path.read_text(encoding="utf-8-sig").splitlines()
    except (OSError, UnicodeDecodeError):
        return None
    return next((n for n, line in enumerate(lines, 1) if line.startswith("tittel:")), None)
