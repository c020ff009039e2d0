"""
Practice cases ("øvelser"): realistic situations with the answers and outcome a guide should give.

Each case is one YAML file in ``decision_trees/ovelser/``. A case names the steps its reader goes
through (``vei:``, step ids from the first question) and the outcome they reach (``resultat:``).
Loading a case walks its guide along that path; if an edit to a tree makes an answer lead
somewhere else, the case fails with a message naming the case, the guide and the step where the
paths part. A copy edit of an answer's text does not break a case, since the path is by step ids.
The cases are thereby regression tests of the trees, and every outcome must have at least one
(:func:`check_coverage`).
"""

from __future__ import annotations

import difflib
from dataclasses import dataclass
from pathlib import Path

from .loader import YNode, load_yaml
from .markup import render_markdown
from .model import UNSURE_LABEL, Guide, Outcome, Problem, Question, VeiviserFeil
from .paths import follow
from .validate import is_valid_id, suggest_id

__all__ = ["Case", "load_cases", "check_coverage", "CASES_FOLDER"]

CASES_FOLDER = "ovelser"
REQUIRED = ("tittel", "situasjon", "veiviser", "vei", "resultat", "begrunnelse")
ALLOWED = REQUIRED + ("nr", "svar")  # «svar» (answer texts): the older form of «vei»


@dataclass(frozen=True)
class Case:
    """One practice case, checked against its guide."""

    id: str
    path: Path
    number: int
    title: str
    situation_html: str
    guide: str
    answers: tuple[str, ...]
    choices: tuple[tuple[str, int | None], ...]
    outcome: str
    reasoning_html: str


# ----------------------------------------------------------------------
# Checking one case


def _scalar_text(node: YNode) -> str | None:
    """The text of a scalar as the editor wrote it (``None`` if it is not a text value)."""
    if node.kind != "scalar" or isinstance(node.value, bytes):
        return None
    if node.value is None:
        return ""
    if isinstance(node.value, str):
        return node.value
    return node.raw or str(node.value)  # a plain number/date/yes is meant as written


class _CaseChecker:
    def __init__(self, path: Path) -> None:
        self.path = path
        self.problems: list[Problem] = []

    def add(self, line: int | None, message: str, fix: str) -> None:
        self.problems.append(Problem(self.path, line, None, message, fix))

    def text(self, root: YNode, key: str) -> str | None:
        node = root.value.get(key)
        if node is None:
            self.add(None, f"Øvelsen mangler feltet «{key}».", f"Legg til en linje som  {key}: …")
            return None
        if node.broken:
            return None
        value = _scalar_text(node)
        if value is None or not value.strip():
            self.add(node.where, f"Feltet «{key}» må være en tekst som ikke er tom.",
                     f"Skriv en tekst etter  {key}:")
            return None
        return value.strip()

    def check(self, root: YNode | None, guides: dict[str, Guide]) -> Case | None:
        if root is None:
            self.add(None, "Filen er tom.",
                     "Skriv inn øvelsen med feltene «tittel», «situasjon», «veiviser», «svar», «resultat» og "
                     "«begrunnelse». Se en av de andre øvelsene i mappen.")
            return None
        if root.broken:
            return None
        if root.kind != "map":
            self.add(root.line, "Filen må bestå av felt som  tittel: …  og  situasjon: … .",
                     "Se en av de andre øvelsene i mappen og bruk samme oppsett.")
            return None
        for key, node in root.value.items():
            if key not in ALLOWED:
                guess = difflib.get_close_matches(key, ALLOWED, n=1)
                self.add(node.where, f"Ukjent felt «{key}»." + (f" Mente du «{guess[0]}»?" if guess else ""),
                         "Tillatte felt: " + ", ".join(f"«{k}»" for k in ALLOWED) + ".")
        title, situation, guide_id, outcome_id, reasoning = (
            self.text(root, k) for k in ("tittel", "situasjon", "veiviser", "resultat", "begrunnelse"))
        by_texts = "svar" in root.value and "vei" not in root.value
        answers = self.answers(root) if by_texts else self.route(root)
        number = root.value.get("nr")
        if number is not None and not (number.kind == "scalar" and isinstance(number.value, int)
                                       and not isinstance(number.value, bool) and number.value >= 1):
            self.add(number.where, "Feltet «nr» må være et heltall fra 1 og oppover.", "Skriv for eksempel  nr: 3")
            number = None
        if None in (title, situation, guide_id, outcome_id, reasoning, answers) or self.problems:
            return None

        guide = guides.get(guide_id)
        guide_node = root.value["veiviser"]
        if guide is None:
            guess = difflib.get_close_matches(guide_id, list(guides), n=1)
            self.add(guide_node.where, f"Veiviseren «{guide_id}» finnes ikke.",
                     (f"Mente du «{guess[0]}»? " if guess else "")
                     + "Skriv filnavnet til en veiviser i decision_trees/ uten «.yml».")
            return None
        outcome_node = root.value["resultat"]
        if not isinstance(guide.steps.get(outcome_id), Outcome):
            known = ", ".join(o.id for o in guide.outcomes)
            self.add(outcome_node.where,
                     f"Veiviseren «{guide_id}» har ikke noe resultat som heter «{outcome_id}».",
                     f"Skriv et av resultatene i veiviseren: {known}.")
            return None
        choices = (self.walk(root, guide, answers, outcome_id) if by_texts
                   else self.walk_route(root, guide, answers, outcome_id))
        if choices is None:
            return None
        texts = tuple(UNSURE_LABEL if c is None else guide.question(q).answers[c].text for q, c in choices)
        return Case(
            id=self.path.stem, path=self.path, number=number.value if number else 0, title=title,
            situation_html=render_markdown(situation), guide=guide_id, answers=texts,
            choices=choices, outcome=outcome_id, reasoning_html=render_markdown(reasoning),
        )

    def answers(self, root: YNode) -> list[str] | None:
        node = root.value.get("svar")
        if node is None:
            self.add(None, "Øvelsen mangler feltet «svar».",
                     "Legg til  svar:  med svarene i veiviseren, ett per linje som begynner med  - ")
            return None
        if node.broken:
            return None
        texts = [_scalar_text(i) for i in node.value] if node.kind == "seq" else []
        if not texts or any(t is None or not t.strip() for t in texts):
            self.add(node.where, "Feltet «svar» må være en liste med svartekster.",
                     "Skriv hvert svar på en egen linje som begynner med  - , nøyaktig slik svaret står i veiviseren.")
            return None
        return [t.strip() for t in texts]

    def route(self, root: YNode) -> list[str] | None:
        node = root.value.get("vei")
        if node is None:
            self.add(None, "Øvelsen mangler feltet «vei».",
                     "Legg til  vei:  med navnene på spørsmålene leseren går gjennom, fra det første, "
                     "ett per linje som begynner med  - ")
            return None
        if node.broken:
            return None
        ids = [_scalar_text(i) for i in node.value] if node.kind == "seq" else []
        if not ids or any(i is None or not i.strip() for i in ids):
            self.add(node.where, "Feltet «vei» må være en liste med navnene på spørsmålene i veiviseren.",
                     "Skriv navnet på hvert spørsmål (det som står foran kolonet i veiviseren) på en egen linje "
                     "som begynner med  - , fra det første spørsmålet og i rekkefølge.")
            return None
        return [i.strip() for i in ids]

    def walk_route(self, root: YNode, guide: Guide, route: list[str], expected: str):
        """Follow the steps of ``vei``; report the first step the guide no longer leads to."""
        items = root.value["vei"].value
        where = f"veiviseren «{guide.id}» ({guide.path.name})"
        if route[0] != guide.start:
            self.add(items[0].line, f"Veien må begynne med det første spørsmålet i {where}, «{guide.start}», "
                     f"ikke «{route[0]}».", f"Skriv  - {guide.start}  som første linje under «vei».")
            return None
        choices: list[tuple[str, int | None]] = []
        for index, step_id in enumerate(route):
            step = guide.steps.get(step_id)
            if not isinstance(step, Question):
                what = "et resultat" if isinstance(step, Outcome) else "ikke et steg"
                self.add(items[index].line, f"«{step_id}» i «vei» er {what} i {where}; «vei» skal bare ha "
                         "spørsmål.", "Skriv navnene på spørsmålene leseren svarer på; resultatet står i «resultat».")
                return None
            target = route[index + 1] if index + 1 < len(route) else expected
            choice = next((n for n, a in enumerate(step.answers) if a.target == target), None)
            if choice is None and step.unsure_target != target:
                leads = ", ".join(f"«{a.text}» → «{a.target}»" for a in step.answers)
                where_next = "resultatet" if index + 1 == len(route) else "steget"
                self.add(items[index].line,
                         f"Fra spørsmålet «{step.text}» (steg «{step_id}») i {where} fører ikke noe svar lenger "
                         f"til {where_next} «{target}». Her skilles veiene: svarene fører nå slik: {leads}.",
                         "Sjekk om endringen i veiviseren var meningen. Rett i så fall fasiten («vei» og "
                         "«resultat») i øvelsen, ellers rett veiviseren.")
                return None
            choices.append((step_id, choice))
        return tuple(choices)

    def walk(self, root: YNode, guide: Guide, answers: list[str], expected: str):
        """Follow the answers; report where they stop matching the guide."""
        result = follow(guide, answers)
        items = root.value["svar"].value
        where = f"veiviseren «{guide.id}» ({guide.path.name})"
        if result.status == "unknown_answer":
            step = guide.steps[result.step]
            options = [a.text for a in step.answers] + ([UNSURE_LABEL] if step.unsure_target else [])
            self.add(items[result.index].line,
                     f"Svar nr. {result.index + 1} «{answers[result.index]}» finnes ikke lenger på steget "
                     f"«{result.step}» («{step.text}») i {where}. Her skilles veiene.",
                     "Skriv et av svarene som finnes: " + ", ".join(f"«{o}»" for o in options)
                     + ", eller endre veiviseren tilbake.")
            return None
        if result.status == "too_many_answers":
            self.add(items[result.index].line,
                     f"Svarene når resultatet «{result.step}» i {where} før alle svarene er brukt "
                     f"(svar nr. {result.index + 1} og senere blir ikke brukt).",
                     "Fjern svarene som ikke trengs, eller sjekk om veiviseren er endret.")
            return None
        if result.status != "reached":
            step = guide.steps[result.step]
            self.add(root.value["svar"].where,
                     f"Svarene stopper ved spørsmålet «{step.text}» (steg «{result.step}») i {where} "
                     "uten å nå et resultat.",
                     "Legg til svaret på dette spørsmålet i listen «svar».")
            return None
        if result.outcome != expected:
            part = _parting_step(guide, result.choices, expected)
            step = guide.steps[part[0]] if part else None
            detail = (f" Veiene skilles ved steget «{part[0]}» («{step.text}»): svaret «{part[1]}» fører nå "
                      f"til «{part[2]}», og derfra kommer man ikke til «{expected}».") if part else (
                f" Resultatet «{expected}» kan ikke lenger nås fra det første spørsmålet («{guide.start}»).")
            self.add(root.value["resultat"].where,
                     f"Svarene fører nå til resultatet «{result.outcome}» i {where}, men øvelsen venter "
                     f"«{expected}».{detail}",
                     "Sjekk om endringen i veiviseren var meningen. Rett i så fall fasiten («svar» og "
                     "«resultat») i øvelsen, ellers rett veiviseren.")
            return None
        return result.choices


def _reachable(guide: Guide, start: str) -> set[str]:
    seen: set[str] = set()
    todo = [start]
    while todo:
        step_id = todo.pop()
        if step_id not in seen:
            seen.add(step_id)
            todo.extend(guide.steps[step_id].targets())
    return seen


def _parting_step(guide: Guide, choices, expected: str) -> tuple[str, str, str] | None:
    """The last question on the path from which ``expected`` could still be reached.

    Returns (question id, the answer given there, the step that answer now leads to).
    """
    part = None
    for question_id, choice in choices:
        if expected not in _reachable(guide, question_id):
            break
        question = guide.steps[question_id]
        assert isinstance(question, Question)
        if choice is None:
            part = (question_id, UNSURE_LABEL, question.unsure_target or "")
        else:
            part = (question_id, question.answers[choice].text, question.answers[choice].target)
    return part


# ----------------------------------------------------------------------
# Coverage


def check_coverage(guides: list[Guide], cases: list[Case]) -> None:
    """Every outcome of every guide has at least one practice case; else :class:`VeiviserFeil`."""
    covered = {(c.guide, c.outcome) for c in cases}
    problems = [
        Problem(guide.path, outcome.line, outcome.id,
                f"Resultatet «{outcome.verdict}» har ingen øvelse. Hvert resultat skal ha minst én øvelse, "
                "slik at bygget merker det hvis en endring i veiviseren gjør at resultatet ikke lenger nås "
                "slik det skal.",
                f"Lag en øvelse i {CASES_FOLDER}/ med  veiviser: {guide.id}  og  resultat: {outcome.id} "
                "(kopier en av de andre øvelsene og endre den).")
        for guide in guides for outcome in guide.outcomes if (guide.id, outcome.id) not in covered
    ]
    if problems:
        raise VeiviserFeil(problems)


# ----------------------------------------------------------------------
# Loading all cases


def load_cases(folder: Path, guides: list[Guide]) -> list[Case]:
    """Load and check every case in ``folder`` (``decision_trees/ovelser``); [] if it does not exist."""
    folder = Path(folder)
    if not folder.is_dir():
        return []
    by_id = {g.id: g for g in guides}
    problems: list[Problem] = []
    cases: list[Case] = []
    seen: dict[str, Path] = {}
    for path in sorted(folder.iterdir()):
        if path.suffix not in (".yml", ".yaml") or path.name.startswith(("_", ".")) or not path.is_file():
            continue
        if not is_valid_id(path.stem):
            problems.append(Problem(path, None, None,
                                    f"Filnavnet «{path.name}» kan ikke brukes i en nettadresse.",
                                    "Bruk bare små bokstaver a–z, tall og bindestrek (ikke æ, ø, å), "
                                    f"for eksempel «{suggest_id(path.stem)}{path.suffix}»."))
            continue
        if path.stem in seen:
            problems.append(Problem(path, None, None,
                                    f"Det finnes to øvelser med navnet «{path.stem}»: "
                                    f"«{seen[path.stem].name}» og «{path.name}».",
                                    "Slett den ene filen eller gi den et annet navn."))
            continue
        seen[path.stem] = path
        root, found = load_yaml(path)
        checker = _CaseChecker(path)
        case = checker.check(root, by_id) if not found else None
        problems += found + checker.problems
        if case:
            cases.append(case)
    if problems:
        raise VeiviserFeil(problems)
    return sorted(cases, key=lambda c: (c.number or 10_000, c.id))
