"""
Practice cases ("øvelser"): realistic situations with the answers and outcome a guide should give.

Each case is one YAML file in ``decision_trees/ovelser/``. A case names the steps its reader goes
through (``vei:``, step ids from the first question) and the outcome they reach (``resultat:``).
Loading a case walks its guide along that path; if an edit to a tree makes an answer lead
somewhere else, the case fails with a message naming the case, the guide and the step where the
paths part. A copy edit of an answer's text does not break a case, since the path is by step ids:
at each question the answer taken is the first whose ``til:`` is the next step (or ``usikker:``).
``- spørsmål: usikker`` says the reader answers «Jeg er usikker» there, which matters where
«usikker» leads to the same step as an answer (a safe default).
The cases are thereby regression tests of the trees, and every outcome must have at least one
(:func:`check_coverage`).
"""

from __future__ import annotations

import difflib
from collections.abc import Callable
from pathlib import Path

from . import build
from . import format as fmt
from .anchors import AnchorIndex
from .fields import FieldChecker, Wording, close, scalar_text, unknown_keys
from .files import by_id as files_by_id
from .files import file_name_problems, id_problems, yaml_files
from .format import Place
from .graph import reachable
from .limits import RESERVED_IDS
from .loader import YNode, load_yaml
from .model import UNSURE_LABEL, Case, Guide, GuideError, Outcome, Problem, Question

__all__ = ["Case", "load_cases", "check_coverage", "CASES_FOLDER"]

CASES_FOLDER = "ovelser"
REQUIRED = fmt.required(Place.CASE)
ALLOWED = fmt.keys(Place.CASE)
MARKDOWN_KEYS = fmt.markdown_keys(Place.CASE)


# ----------------------------------------------------------------------
# Checking one case


class _CaseChecker:
    """Checks one case file: its fields, and that its guide and outcome exist; the «vei» is read by
    :class:`_RouteReader` and followed by :class:`_RouteWalk`."""

    def __init__(self, path: Path, anchors: AnchorIndex | None = None) -> None:
        self.path = path
        # the text fields' checks, with the cases' wording; one list of problems for both
        self.fields = FieldChecker(path, anchors, wording=Wording.CASE, markdown_keys=MARKDOWN_KEYS)
        self.problems: list[Problem] = self.fields.problems
        self.route = _RouteReader(self.add)

    def add(self, line: int | None, message: str, fix: str) -> None:
        self.problems.append(Problem(self.path, line, None, message, fix))

    def text(self, root: YNode, key: str) -> str | None:
        """A required text field (``veiviser`` and ``resultat`` too: they are looked up in the guides)."""
        return self.fields.text(root, key, owner=Place.CASE.value, step=None, required=True)

    def check(self, root: YNode | None, guides: dict[str, Guide]) -> Case | None:
        if root is None:
            self.add(None, "Filen er tom.",
                     "Skriv inn øvelsen med feltene «tittel», «situasjon», «veiviser», «vei», «resultat» og "
                     "«begrunnelse». Se en av de andre øvelsene i mappen.")
            return None
        if root.broken:
            return None
        if root.kind != "map":
            self.add(root.line, "Filen må bestå av felt som  tittel: …  og  situasjon: … .",
                     "Se en av de andre øvelsene i mappen og bruk samme oppsett.")
            return None
        for key, node, guess in unknown_keys(root, ALLOWED):
            if key == "svar":
                self.add(node.where, "Feltet «svar» (svartekstene) brukes ikke lenger i øvelser. Veien gjennom "
                         "veiviseren skrives nå i «vei», med navnene på spørsmålene, så en ny tekst på et svar "
                         "ikke ødelegger øvelsen.",
                         "Bytt  svar:  ut med  vei:  og skriv under det navnet på hvert spørsmål leseren svarer "
                         "på (det som står foran kolonet i veiviseren), fra det første spørsmålet og i rekkefølge.")
            else:
                self.add(node.where, f"Ukjent felt «{key}»." + (f" Mente du «{guess}»?" if guess else ""),
                         "Tillatte felt: " + ", ".join(f"«{k}»" for k in ALLOWED) + ".")
        title, situation, guide_id, outcome_id, reasoning = (
            self.text(root, k) for k in ("tittel", "situasjon", "veiviser", "resultat", "begrunnelse"))
        route = self.route.read(root)
        number = root.value.get("nr")
        if number is not None and not (number.kind == "scalar" and isinstance(number.value, int)
                                       and not isinstance(number.value, bool) and number.value >= 1):
            self.add(number.where, "Feltet «nr» må være et heltall fra 1 og oppover.", "Skriv for eksempel  nr: 3")
            number = None
        if (title is None or situation is None or guide_id is None or outcome_id is None or reasoning is None
                or route is None or self.problems):
            return None

        guide = guides.get(guide_id)
        guide_node = root.value["veiviser"]
        if guide is None:
            found = difflib.get_close_matches(guide_id, list(guides), n=1)
            self.add(guide_node.where, f"Veiviseren «{guide_id}» finnes ikke.",
                     (f"Mente du «{found[0]}»? " if found else "")
                     + "Skriv filnavnet til en veiviser i decision_trees/ uten «.yml».")
            return None
        outcome_node = root.value["resultat"]
        if not isinstance(guide.steps.get(outcome_id), Outcome):
            known = ", ".join(o.id for o in guide.outcomes)
            self.add(outcome_node.where,
                     f"Veiviseren «{guide_id}» har ikke noe resultat som heter «{outcome_id}».",
                     f"Skriv et av resultatene i veiviseren: {known}.")
            return None
        choices = _RouteWalk(self.add, self.route.unsure).walk(root.value["vei"].value, guide, route, outcome_id)
        if choices is None:
            return None
        texts = tuple(UNSURE_LABEL if c is None else guide.question(q).answers[c].text for q, c in choices)
        return build.case(
            self.path, number=number.value if number else 0, title=title, situation=situation, guide=guide_id,
            answers=texts, choices=choices, outcome=outcome_id, reasoning=reasoning,
        )


class _RouteReader:
    """Reads the form of a case's «vei»: a list of step ids, ``- id: usikker`` for «Jeg er usikker»."""

    def __init__(self, add: Callable[[int | None, str, str], None]) -> None:
        self.add = add
        self.unsure: set[int] = set()  # indices of «vei» items written  - spørsmål: usikker

    def read(self, root: YNode) -> list[str] | None:
        """The step ids in ``vei`` as written; ``None`` (problems added) if the list is malformed."""
        node = root.value.get("vei")
        if node is None:
            if "svar" not in root.value:  # else the message about «svar» already says what to do
                self.add(None, "Øvelsen mangler feltet «vei».",
                         "Legg til  vei:  med navnene på spørsmålene leseren går gjennom (det som står foran "
                         "kolonet i veiviseren), fra det første spørsmålet, ett per linje som begynner med  - ")
            return None
        if node.broken:
            return None
        what = "Feltet «vei» må være en liste med navnene på spørsmålene i veiviseren"
        how = ("Skriv navnet på hvert spørsmål (det som står foran kolonet i veiviseren) på en egen linje som "
               "begynner med  - , under  vei:  og fra det første spørsmålet, i rekkefølge.")
        if node.kind == "scalar" and node.value is None:
            self.add(node.where, f"{what}, men feltet er tomt.", how)
            return None
        if node.kind != "seq":
            shape = "en samling felt med kolon" if node.kind == "map" else "én enkelt verdi"
            self.add(node.where, f"{what}, men her er det {shape}.", how)
            return None
        if not node.value:
            self.add(node.where, f"{what}, men listen er tom.", how)
            return None
        ids: list[str] = []
        for number, item in enumerate(node.value, 1):
            if item.broken:
                return None
            text = scalar_text(item)
            if item.kind == "seq":
                self.add(item.line, f"Punkt nr. {number} i «vei» er en liste inni listen, ikke navnet på et "
                         "spørsmål.", "Skriv bare navnet etter  - , uten [ ] rundt, for eksempel  - hva-slags-innlegg")
            elif item.kind == "map" and len(item.value) == 1 and _is_unsure(next(iter(item.value.values()))):
                ids.append(next(iter(item.value)).strip())
                self.unsure.add(number - 1)
            elif item.kind == "map":
                key = next(iter(item.value), "")
                self.add(item.line, f"Punkt nr. {number} i «vei» har et kolon («{key}: …»); etter kolonet kan det "
                         "bare stå «usikker», for et spørsmål der leseren svarer «Jeg er usikker».",
                         f"Skriv bare navnet, det som står foran kolonet:  - {key}  (eller  - {key}: usikker  hvis "
                         "leseren svarer «Jeg er usikker» her).")
            elif text is not None and not text.strip():
                self.add(item.line, f"Punkt nr. {number} i «vei» er tomt.",
                         "Skriv navnet på et spørsmål etter  - , eller fjern linjen.")
            elif text is None:
                self.add(item.line, f"Punkt nr. {number} i «vei» er ikke vanlig tekst.",
                         "Skriv bare navnet på spørsmålet etter  - , for eksempel  - hva-slags-innlegg")
            else:
                ids.append(text.strip())
        return None if len(ids) < len(node.value) else ids


class _RouteWalk:
    """Follows a case's «vei» through its guide and explains where the paths part."""

    def __init__(self, add: Callable[[int | None, str, str], None], unsure: set[int]) -> None:
        self.add = add
        self.unsure = unsure  # indices of «vei» items where the reader answers «Jeg er usikker»

    def walk(
        self, items: list[YNode], guide: Guide, route: list[str], expected: str
    ) -> tuple[tuple[str, int | None], ...] | None:
        """The (question, answer) choices along ``vei`` (its YAML ``items``); ``None`` (problems added) where it fails."""
        where = f"veiviseren «{guide.id}» ({guide.path.name})"
        question_ids = [q.id for q in guide.questions]
        fine = True
        for index, step_id in enumerate(route):
            step = guide.steps.get(step_id)
            if isinstance(step, Question):
                continue
            fine = False
            label = f"«{step_id}» (punkt nr. {index + 1} i «vei»)"
            if isinstance(step, Outcome) and index == len(route) - 1 and step_id == expected:
                self.add(items[index].line, f"{label} er resultatet, og det står allerede i «resultat». «vei» skal "
                         "bare ha spørsmålene leseren svarer på fram dit.", f"Fjern linjen  - {step_id}  fra «vei».")
            elif isinstance(step, Outcome):
                self.add(items[index].line, f"{label} er et resultat i {where}, ikke et spørsmål. «vei» skal bare "
                         "ha spørsmålene leseren svarer på; resultatet står i «resultat».",
                         f"Fjern linjen  - {step_id}  fra «vei», og sjekk at «resultat» er riktig.")
            else:
                asked = _questions_with_answer(guide, step_id)
                if step_id.casefold() == UNSURE_LABEL.casefold():
                    self.add(items[index].line, f"{label} er et svar, ikke navnet på et spørsmål. «vei» skal ha "
                             "navnene på spørsmålene (det som står foran kolonet i veiviseren), ikke svarene.",
                             "Skriv navnet på spørsmålet der leseren svarer «Jeg er usikker», med «: usikker» etter, "
                             "for eksempel  - hva-slags-innlegg: usikker")
                elif asked:
                    where_asked = (f"Svaret hører til spørsmålet «{asked[0].id}» («{asked[0].text}»): skriv  "
                                   f"- {asked[0].id}  i stedet." if len(asked) == 1 else
                                   "Svaret finnes på spørsmålene " + ", ".join(f"«{q.id}»" for q in asked)
                                   + ": skriv navnet på det spørsmålet leseren svarer på her.")
                    self.add(items[index].line, f"{label} er teksten på et svar, ikke navnet på et spørsmål. «vei» "
                             "skal ha navnene på spørsmålene (det som står foran kolonet i veiviseren), ikke svarene.",
                             where_asked)
                else:
                    guess = close(step_id, question_ids)
                    self.add(items[index].line, f"{label} er ikke navnet på noe spørsmål i {where}."
                             + (f" Mente du «{guess}»?" if guess else ""),
                             "Skriv navnet på spørsmålet nøyaktig slik det står foran kolonet i veiviseren. "
                             "Spørsmålene heter: " + ", ".join(question_ids) + ".")
        if not fine:
            return None
        if route[0] != guide.start:
            first = guide.steps[guide.start]
            missing_start = route[0] in first.targets()
            first_text = f" («{first.text}»)" if isinstance(first, Question) else ""
            self.add(items[0].line, f"«vei» må begynne med det første spørsmålet i {where}, «{guide.start}»"
                     f"{first_text}, men begynner med «{route[0]}».",
                     f"Legg til  - {guide.start}  som første linje under «vei»." if missing_start else
                     f"Skriv  - {guide.start}  som første linje under «vei», og deretter spørsmålene leseren "
                     "går gjennom.")
            return None
        choices: list[tuple[str, int | None]] = []
        for index, step_id in enumerate(route):
            question = guide.question(step_id)
            target = route[index + 1] if index + 1 < len(route) else expected
            if index in self.unsure and question.unsure_target is None:
                self.add(items[index].line, f"Øvelsen sier at leseren svarer «{UNSURE_LABEL}» på spørsmålet "
                         f"«{question.text}» (steg «{step_id}») i {where}, men spørsmålet har ikke lenger det svaret "
                         "(feltet «usikker:» i veiviseren).",
                         f"Skal leseren velge et av de andre svarene, så fjern «: usikker» etter  - {step_id}  og "
                         "sjekk «vei» og «resultat». Ellers legg  usikker:  tilbake på spørsmålet i veiviseren.")
                return None
            choice = (None if question.unsure_target == target else False) if index in self.unsure \
                else _option_to(question, target)
            if choice is False:
                self._parted(items[index].line, guide, where, route, index, expected)
                return None
            choices.append((step_id, choice))
        return tuple(choices)

    def _parted(self, line: int, guide: Guide, where: str, route: list[str], index: int, expected: str) -> None:
        """Report that no answer of question ``route[index]`` leads to the next step of ``vei`` any more."""
        question = guide.question(route[index])
        target = route[index + 1] if index + 1 < len(route) else expected
        kind = "resultatet" if index + 1 == len(route) else "spørsmålet"
        now = ", ".join(f"«{text}» → «{to}»" for text, to in _options(question))
        unsure = index in self.unsure
        which = f"fører «{UNSURE_LABEL}» ikke lenger" if unsure else "fører ikke noe svar lenger"
        message = (f"Fra spørsmålet «{question.text}» (steg «{question.id}») i {where} {which} til {kind} "
                   f"«{target}»; her skilles veiene. Svarene fører nå slik: {now}.")
        options = [(UNSURE_LABEL, question.unsure_target or "")] if unsure else _options(question)
        fix = ("Sjekk om endringen i veiviseren var meningen. Rett i så fall fasiten («vei» og «resultat», og "
               "begrunnelsen om den ikke lenger stemmer) i øvelsen, ellers rett veiviseren.")
        after = route[index + 2] if index + 2 < len(route) else expected if index + 1 < len(route) else None
        skip = next(((t, to) for t, to in options if after is not None and to == after), None)
        detours = [(t, to) for t, to in options if isinstance(guide.steps.get(to), Question)
                   and to not in route and _option_to(guide.question(to), target) is not False]
        if expected not in reachable(guide.start, lambda step_id: guide.steps[step_id].targets()):
            message += (f" Resultatet «{expected}» kan ikke lenger nås fra det første spørsmålet («{guide.start}»): "
                        "ingen vei gjennom veiviseren fører dit.")
            fix = (f"Rett veiviseren, så et svar igjen fører til «{expected}», eller velg et annet resultat i "
                   "øvelsen.")
        elif skip:
            message += (f" Svaret «{skip[0]}» fører nå rett til «{skip[1]}», forbi spørsmålet «{target}».")
            fix = (f"Er spørsmålet «{target}» tatt ut av denne veien med vilje, så fjern linjen  - {target}  fra "
                   "«vei». Ellers rett veiviseren.")
        elif detours:  # every answer that now goes round by another question (more than one is possible)
            for text, to in detours:
                step = guide.question(to)
                message += (f" Svaret «{text}» fører nå først til spørsmålet «{step.text}» (steg «{step.id}»), "
                            f"og derfra videre til «{target}».")
            targets = list(dict.fromkeys(to for _, to in detours))
            ids = "  eller  ".join(f"- {to}" for to in targets)
            fix = (f"Er spørsmålet satt inn med vilje, så legg til  {ids}  etter  - {question.id}  i «vei»"
                   + (" (det som passer situasjonen)" if len(targets) > 1 else "") + ". Ellers rett veiviseren.")
        self.add(line, message, fix)


def _options(question: Question) -> list[tuple[str, str]]:
    """(text, target) of every option of ``question``, «Jeg er usikker» last."""
    found = [(a.text, a.target) for a in question.answers]
    return found + ([(UNSURE_LABEL, question.unsure_target)] if question.unsure_target else [])


def _is_unsure(node: YNode) -> bool:
    """Whether a value says «usikker» (or «Jeg er usikker»)."""
    text = scalar_text(node)
    return text is not None and " ".join(text.split()).casefold() in ("usikker", UNSURE_LABEL.casefold())


def _option_to(question: Question, target: str) -> int | None | bool:
    """The index of the first answer leading to ``target``, ``None`` for «Jeg er usikker», ``False`` if none."""
    choice = next((n for n, a in enumerate(question.answers) if a.target == target), None)
    if choice is not None:
        return choice
    return None if question.unsure_target == target else False


def _questions_with_answer(guide: Guide, text: str) -> list[Question]:
    """The questions that have an answer worded like ``text`` (the old «svar» form of a case)."""
    wanted = " ".join(text.split()).casefold()
    return [q for q in guide.questions if any(" ".join(a.text.split()).casefold() == wanted for a in q.answers)]


# ----------------------------------------------------------------------
# Coverage


def check_coverage(guides: list[Guide], cases: list[Case]) -> None:
    """Every outcome of every guide has at least one practice case; else :class:`GuideError`."""
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
        raise GuideError(problems)


# ----------------------------------------------------------------------
# Loading all cases


def load_cases(folder: Path, guides: list[Guide], *, anchors: AnchorIndex | None = None) -> list[Case]:
    """Load and check every case in ``folder`` (``decision_trees/ovelser``); [] if it does not exist."""
    folder = Path(folder)
    if not folder.is_dir():
        return []
    by_id = {g.id: g for g in guides}
    problems: list[Problem] = []
    cases: list[Case] = []
    named: list[Path] = []
    for path in yaml_files(folder):
        odd = file_name_problems(path, "øvelse")
        if odd:
            problems += odd
            continue
        if path.stem in RESERVED_IDS:
            problems.append(Problem(path, None, None,
                                    f"Filnavnet «{path.name}» kan ikke brukes: siden med listen over alle øvelser "
                                    "heter det.",
                                    f"Gi filen et annet navn, for eksempel «ovelse-{path.stem}{path.suffix}»."))
            continue
        wrong_id = id_problems(path)
        problems += wrong_id
        if not wrong_id:
            named.append(path)
    seen, twice = files_by_id(named, "øvelse")
    problems += twice
    for path in seen.values():
        root, found = load_yaml(path)
        checker = _CaseChecker(path, anchors)
        case = checker.check(root, by_id) if not found else None
        problems += found + checker.problems
        if case:
            cases.append(case)
    if problems:
        raise GuideError(problems)
    return sorted(cases, key=lambda c: (c.number or 10_000, c.id))
