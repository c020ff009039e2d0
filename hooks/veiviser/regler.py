"""
The rule register («Regelregister»): every normative sentence of the guidelines, with a stable id,
quoted word for word from the handbook section it stands in (``decision_trees/regler.yml``).

The outcomes of the guides name the rules they apply (``regler:``); :func:`register` derives from
them which outcomes give each rule.  Rules that no outcome gives are either marked by the editors as
«bare i håndboka» (with a reason) or are gaps, which ``make check`` lists.
"""

from __future__ import annotations

import difflib
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path

from .anchors import AnchorIndex
from .fields import is_valid_id, kind_name, scalar_text, suggest_id
from .format import MAX_ID_LENGTH, SOURCE_PATTERN, python_pattern
from .loader import YNode, load_yaml
from .model import Guide, GuideError, Outcome, Problem, plain_text

__all__ = ["RULES_FILE", "RULE_KEYS", "Rule", "RuleUse", "load_rules", "register", "gaps", "normalise"]

#: The rules file, in the trees folder (so it is no guide: see :func:`veiviser.validate.guide_files`).
RULES_FILE = "regler.yml"
#: The fields of one rule: required?, what it is (for messages).
RULE_KEYS: dict[str, tuple[bool, str]] = {
    "id": (True, "regelens navn, for eksempel  id: svar-samme-dag"),
    "sitat": (True, "setningen ordrett fra håndboka, for eksempel  sitat: Innlegg bør besvares samme dag som de er publisert."),
    "kilde": (True, "delen av håndboka der setningen står, for eksempel  kilde: pa-vegne-av-kommunen.md#svartid"),
    "bare_i_handboka": (False, "en kort begrunnelse for at ingen veiviser gir regelen, for eksempel  "
                               "bare_i_handboka: Gjelder elevene, ikke de ansatte."),
}
_RE_SOURCE = python_pattern(SOURCE_PATTERN)
_HOW = "Se «Regelregisteret» i decision_trees/README.md."


def normalise(text: str) -> str:
    """``text`` with every run of whitespace made one space (the only difference a quote may have)."""

    return " ".join(text.split())


@dataclass(frozen=True)
class Rule:
    """One rule of the guidelines: its id, the sentence as the handbook has it, and where."""

    id: str
    quote: str
    page: str
    anchor: str
    line: int
    only_in_handbook: str | None = None  # the editors' reason when no guide is to give the rule
    section_title: str = ""
    page_title: str = ""

    @property
    def source(self) -> str:
        return f"{self.page}#{self.anchor}"


@dataclass(frozen=True)
class RuleUse:
    """A rule and the outcomes that give it, in guide and file order."""

    rule: Rule
    outcomes: tuple[tuple[Guide, Outcome], ...]

    @property
    def is_gap(self) -> bool:
        return not self.outcomes and self.rule.only_in_handbook is None


def load_rules(path: Path | str, *, anchors: AnchorIndex | None) -> dict[str, Rule]:
    """The rules in ``path`` by id, in file order (none if the file does not exist).

    With ``anchors`` every quote is checked against its section of the handbook.  Raises
    :class:`GuideError` with every problem found.
    """

    path = Path(path)
    if not path.exists() and not path.is_symlink():
        return {}
    root, problems = load_yaml(path)
    checker = _RulesChecker(path, anchors)
    checker.problems.extend(problems)
    if root is not None and not root.broken:
        checker.check(root)
    elif root is None and not problems:
        checker.add(None, "Filen er tom.", f"Skriv «regler:» og reglene under, rykket inn. {_HOW}")
    if checker.problems:
        raise GuideError(checker.problems)
    return checker.rules


class _RulesChecker:
    def __init__(self, path: Path, anchors: AnchorIndex | None) -> None:
        self.path, self.anchors = path, anchors
        self.problems: list[Problem] = []
        self.rules: dict[str, Rule] = {}
        self.lines: dict[str, int] = {}

    def add(self, line: int | None, message: str, fix: str) -> None:
        self.problems.append(Problem(self.path, line, None, message, fix))

    def check(self, root: YNode) -> None:
        items = root.value.get("regler") if root.kind == "map" else None
        if root.kind != "map" or items is None:
            self.add(root.line, "Regelfilen skal begynne med «regler:» og ha reglene i en liste under.",
                     f"Skriv  regler:  helt til venstre og hver regel under som  - id: …  {_HOW}")
            return
        for key in root.value:
            if key != "regler":
                self.add(root.value[key].where, f"Ukjent felt «{key}» øverst i regelfilen.",
                         "Fjern feltet. Øverst i filen står bare «regler:».")
        if items.broken:
            return
        if items.kind != "seq":
            self.add(items.where, f"«regler» skal være en liste med regler, men er {kind_name(items)}.",
                     f"Skriv hver regel som et punkt som begynner med  - id: …  {_HOW}")
            return
        for item in items.value:
            self.rule(item)

    def rule(self, item: YNode) -> None:
        if item.broken:
            return
        if item.kind != "map":
            self.add(item.line, f"En regel skal ha feltene «id», «sitat» og «kilde», men dette punktet er {kind_name(item)}.",
                     f"Skriv regelen som  - id: navn  med  sitat:  og  kilde:  på linjene under. {_HOW}")
            return
        values: dict[str, str] = {}
        for key, node in item.value.items():
            if key not in RULE_KEYS:
                guess = difflib.get_close_matches(key, list(RULE_KEYS), n=1)
                self.add(node.where, f"Ukjent felt «{key}» i en regel." + (f" Mente du «{guess[0]}»?" if guess else ""),
                         "Felt som er tillatt i en regel: " + ", ".join(f"«{k}»" for k in RULE_KEYS) + ".")
                continue
            text = scalar_text(node) if not node.broken else None
            if text is None or not text.strip():
                self.add(node.where, f"Feltet «{key}» i regelen skal være en tekst som ikke er tom.",
                         f"Skriv {RULE_KEYS[key][1]}")
                continue
            values[key] = text.strip()
        for key, (required, meaning) in RULE_KEYS.items():
            if required and key not in item.value:
                self.add(item.line, f"Regelen mangler feltet «{key}».", f"Legg til {meaning}")
        rule_id, quote, source = values.get("id"), values.get("sitat"), values.get("kilde")
        if rule_id is not None and not is_valid_id(rule_id):
            self.add(item.value["id"].where,
                     f"«{rule_id}» kan ikke brukes som navn på en regel: navnet blir et anker i nettadressen og kan bare "
                     f"ha små bokstaver a–z, tall og bindestrek (ikke æ, ø, å eller mellomrom), høyst {MAX_ID_LENGTH} tegn.",
                     f"Gi regelen et navn som «{suggest_id(rule_id)}», og bruk det samme navnet i veiviserne.")
            rule_id = None
        if rule_id is not None and rule_id in self.lines:
            self.add(item.value["id"].where,
                     f"Regelen «{rule_id}» står to ganger (linje {self.lines[rule_id]} og linje {item.value['id'].where}).",
                     "Gi den ene regelen et annet navn, eller slett den hvis det er samme regel. Veiviserne viser til "
                     "reglene med navnet, så det må være unikt.")
            return
        if rule_id is not None:
            self.lines[rule_id] = item.value["id"].where
        if rule_id is None or quote is None or source is None:
            return
        where = item.value["kilde"].where
        match = _RE_SOURCE.match(source)
        if match is None:
            self.add(where, f"Kilden «{source}» til regelen «{rule_id}» har feil form.",
                     "Skriv siden og ankeret, for eksempel  kilde: pa-vegne-av-kommunen.md#svartid")
            return
        page, anchor = match.group(1), match.group(2)
        section_title = page_title = ""
        if self.anchors is not None:
            if not self.quote_found(rule_id, quote, page, anchor, where, item.value["sitat"].where):
                return
            section_title, page_title = self.anchors.title(page, anchor), self.anchors.page_title(page)
        self.rules[rule_id] = Rule(id=rule_id, quote=quote, page=page, anchor=anchor, line=item.line,
                                   only_in_handbook=values.get("bare_i_handboka"), section_title=section_title,
                                   page_title=page_title)

    def quote_found(self, rule_id: str, quote: str, page: str, anchor: str, source_line: int, quote_line: int) -> bool:
        assert self.anchors is not None
        if not self.anchors.has(page, anchor):
            known = self.anchors.anchors(page) if self.anchors.has(page) else self.anchors.pages()
            guess = difflib.get_close_matches(anchor if self.anchors.has(page) else page, known, n=1, cutoff=0.6)
            self.add(source_line, f"Kilden «{page}#{anchor}» til regelen «{rule_id}» finnes ikke i håndboka.",
                     (f"Mente du «{guess[0]}»? " if guess else "") + "Skriv en side i docs/ og et anker som finnes der.")
            return False
        wanted = normalise(quote)
        if wanted in _section_text(self.anchors, page, anchor):
            return True
        elsewhere = [a for a in self.anchors.anchors(page) if wanted in _section_text(self.anchors, page, a)]
        hint = (f"Setningen står i «{page}#{elsewhere[0]}»: rett «kilde» dit. " if elsewhere else
                "Kopier setningen ordrett fra håndboka; bare mellomrom og linjeskift kan avvike. Er teksten i "
                "håndboka endret, rett sitatet (og se om veiviserne som gir regelen, må endres). ")
        self.add(quote_line, f"Sitatet i regelen «{rule_id}» står ikke ordrett i «{page}#{anchor}» i håndboka.",
                 hint + _HOW)
        return False


def _section_text(anchors: AnchorIndex, page: str, anchor: str) -> str:
    section = anchors.section_html(page, anchor)
    return normalise(plain_text(section)) if section else ""


def register(rules: Mapping[str, Rule], guides: Iterable[Guide]) -> list[RuleUse]:
    """Every rule in file order with the outcomes that name it (derived from the trees, never kept by hand)."""

    found: dict[str, list[tuple[Guide, Outcome]]] = {rule_id: [] for rule_id in rules}
    for guide in guides:
        for outcome in guide.outcomes:
            for rule_id in outcome.rules:
                if rule_id in found:
                    found[rule_id].append((guide, outcome))
    return [RuleUse(rule, tuple(found[rule.id])) for rule in rules.values()]


def gaps(uses: Iterable[RuleUse]) -> list[Rule]:
    """The rules that no outcome gives and the editors have not marked «bare i håndboka»."""

    return [use.rule for use in uses if use.is_gap]
