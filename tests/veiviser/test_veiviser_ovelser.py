"""Practice cases («øvelser»): the real cases, broken cases, the JSON Schema, and tree edits.

Broken cases are data-driven, like ``test_veiviser_bad_fixtures.py``:
``fixtures/ovelser/bad/<name>.yml`` is a case with exactly one kind of mistake, checked
against the small guides in ``fixtures/good``; ``<name>.expected`` lists substrings, one per
line, that one single problem's message must all contain (a line starting with ``!`` must
appear nowhere in the error).
"""

from __future__ import annotations

import dataclasses
import json
import re
import shutil
from pathlib import Path

import pytest
import yaml

import veiviser
from support import jsonable, schema_validator, yaml_as_json
from veiviser.__main__ import main
from veiviser.model import display_path
from veiviser.ovelser import ALLOWED, REQUIRED, check_coverage

HERE = Path(__file__).parent
ROOT = HERE.parent.parent
TREES = ROOT / "decision_trees"
REAL = TREES / veiviser.CASES_FOLDER
DOCS = ROOT / "docs"
README = TREES / "README.md"
SCHEMA_FILE = TREES / "ovelse.schema.json"
FIXTURES = HERE / "fixtures" / "ovelser"
BAD = FIXTURES / "bad"
GOOD = FIXTURES / "good"

BAD_NAMES = sorted(p.stem for p in BAD.glob("*.yml"))
REAL_IDS = sorted(p.stem for p in REAL.glob("*.yml") if not p.name.startswith("_"))


@pytest.fixture(scope="module")
def real_cases(real_guides) -> list[veiviser.Case]:
    return veiviser.load_cases(REAL, real_guides)


@pytest.fixture()
def fixture_guides(good_guides) -> list[veiviser.Guide]:
    return list(good_guides.values())


def _by_id(guides: list[veiviser.Guide]) -> dict[str, veiviser.Guide]:
    return {g.id: g for g in guides}


# ----------------------------------------------------------------------
# The real cases in decision_trees/ovelser/


def test_every_real_case_passes(real_guides, real_cases):
    assert len(real_cases) >= 14
    assert sorted(c.id for c in real_cases) == REAL_IDS
    guides = _by_id(real_guides)
    for case in real_cases:
        assert veiviser.is_valid_id(case.id) and case.id.isascii(), case.id
        result = veiviser.follow(guides[case.guide], list(case.answers))
        assert result.reached and result.outcome == case.outcome, case.id
        assert result.choices == case.choices
        assert case.title and case.situation_html and case.reasoning_html


def test_real_cases_cover_every_guide(real_guides, real_cases):
    assert {c.guide for c in real_cases} == {g.id for g in real_guides}


def test_real_cases_are_numbered_in_order(real_cases):
    numbers = [c.number for c in real_cases]
    assert all(n >= 1 for n in numbers)
    assert len(set(numbers)) == len(numbers)
    assert numbers == sorted(numbers)


def test_real_cases_include_unsure_and_tempting_wrong_choices(real_cases):
    assert any(veiviser.UNSURE_LABEL in c.answers for c in real_cases)
    tempting = [c for c in real_cases if "Fristende feilvalg" in c.reasoning_html]
    assert len(tempting) >= 2


def test_real_case_files_point_editors_to_the_schema():
    for case_id in REAL_IDS:
        first = (REAL / f"{case_id}.yml").read_text(encoding="utf-8").splitlines()[0]
        assert first == "# yaml-language-server: $schema=../ovelse.schema.json", case_id


def test_cli_reports_the_cases(capsys):
    assert main([str(TREES), "--docs", str(DOCS)]) == 0
    out = capsys.readouterr().out
    assert f"{len(REAL_IDS)} øvelser i «ovelser/» stemmer med veiviserne." in out


# ----------------------------------------------------------------------
# Valid fixture cases, and what is read


def test_good_fixture_cases_load_in_order(fixture_guides):
    cases = veiviser.load_cases(GOOD, fixture_guides)
    # _utkast.yml (broken YAML) and notater.txt are not read; cases without nr come last.
    assert [c.id for c in cases] == ["usikker", "klage-enkeltsak", "bilde-uten-nr"]
    usikker, klage, bilde = cases
    assert usikker.answers == ("Jeg er usikker",)
    assert usikker.choices == (("hva-slags-innlegg", None),)
    assert klage.number == 2 and klage.guide == "svare-pa-innlegg" and klage.outcome == "ikke-svar-offentlig"
    assert klage.choices == (("hva-slags-innlegg", 2), ("klage", 0))
    assert "<strong>sin egen</strong>" in klage.situation_html
    assert klage.path == GOOD / "klage-enkeltsak.yml"
    assert bilde.number == 0


def test_missing_folder_means_no_cases(tmp_path, fixture_guides):
    assert veiviser.load_cases(tmp_path / "finnes-ikke", fixture_guides) == []


def test_answer_texts_come_from_the_tree(fixture_guides):
    # The case names only the questions; the answer at each is the one leading to the next step.
    [klage] = [c for c in veiviser.load_cases(GOOD, fixture_guides) if c.id == "klage-enkeltsak"]
    guide = _by_id(fixture_guides)["svare-pa-innlegg"]
    assert klage.answers == (guide.question("hva-slags-innlegg").answers[2].text, guide.question("klage").answers[0].text)
    assert klage.answers == ("Det er en klage", "Ja")


def test_unsure_needs_no_mark_when_only_it_leads_on(fixture_guides):
    # usikker.yml says  - hva-slags-innlegg  and only «Jeg er usikker» leads to its outcome.
    [case] = [c for c in veiviser.load_cases(GOOD, fixture_guides) if c.id == "usikker"]
    assert "usikker" not in (GOOD / "usikker.yml").read_text(encoding="utf-8").split("vei:")[1].split("resultat:")[0]
    assert case.choices == (("hva-slags-innlegg", None),)


@pytest.mark.parametrize("item, choice, label", [
    ("- hva-slags-innlegg", 0, "Det inneholder faktafeil"),  # an answer is preferred to «Jeg er usikker»
    ("- hva-slags-innlegg: usikker", None, "Jeg er usikker"),
    ("- hva-slags-innlegg: Jeg er usikker", None, "Jeg er usikker"),
])
def test_unsure_marked_in_the_path(item, choice, label, tmp_path, fixture_guides):
    # A safe default: an answer and «Jeg er usikker» lead to the same step; only the mark tells them apart.
    guide = _by_id(fixture_guides)["svare-pa-innlegg"]
    both = _redirect(guide, "hva-slags-innlegg", 0, "spor-informasjonsmedarbeider")
    text = (GOOD / "usikker.yml").read_text(encoding="utf-8")
    (tmp_path / "usikker.yml").write_text(text.replace("- hva-slags-innlegg", item), encoding="utf-8")
    [case] = veiviser.load_cases(tmp_path, [both if g.id == guide.id else g for g in fixture_guides])
    assert case.choices == (("hva-slags-innlegg", choice),) and case.answers == (label,)


# ----------------------------------------------------------------------
# Broken cases (data-driven)


def _expected(name: str) -> tuple[list[str], list[str]]:
    lines = [ln for ln in (BAD / f"{name}.expected").read_text(encoding="utf-8").splitlines() if ln.strip()]
    return [ln for ln in lines if not ln.startswith("!")], [ln[1:] for ln in lines if ln.startswith("!")]


def test_every_bad_fixture_has_expectations():
    assert len(BAD_NAMES) >= 25
    for name in BAD_NAMES:
        assert (BAD / f"{name}.expected").is_file(), name
    assert not set(p.stem for p in BAD.glob("*.expected")) - set(BAD_NAMES)


@pytest.mark.parametrize("name", BAD_NAMES)
def test_bad_case(name: str, tmp_path: Path, fixture_guides, monkeypatch):
    shutil.copy(BAD / f"{name}.yml", tmp_path)
    monkeypatch.chdir(tmp_path)  # paths in messages are relative to the working directory
    with pytest.raises(veiviser.GuideError) as info:
        veiviser.load_cases(Path("."), fixture_guides)
    text = str(info.value)
    must, must_not = _expected(name)
    assert "Traceback" not in text
    assert info.value.problems, "GuideError without problems"
    problems = [str(p) for p in info.value.problems]
    assert any(all(s in p for s in must) for p in problems), f"no single problem contains all of {must!r}:\n{text}"
    for s in must_not:
        assert s not in text, f"unexpected {s!r} in:\n{text}"
    for problem in info.value.problems:
        assert problem.message.strip() and problem.fix.strip()
        assert str(problem).startswith(f"{name}.yml")  # the message names the case file


def test_all_broken_cases_are_reported_at_once(tmp_path, fixture_guides):
    for path in BAD.glob("*.yml"):
        shutil.copy(path, tmp_path)
    shutil.copy(GOOD / "usikker.yml", tmp_path)
    with pytest.raises(veiviser.GuideError) as info:
        veiviser.load_cases(tmp_path, fixture_guides)
    named = {p.file.name for p in info.value.problems}
    assert named == {f"{name}.yml" for name in BAD_NAMES}


def test_file_name_with_aeoa(tmp_path, fixture_guides):
    shutil.copy(GOOD / "usikker.yml", tmp_path / "brøyting-på-vei.yml")
    with pytest.raises(veiviser.GuideError) as info:
        veiviser.load_cases(tmp_path, fixture_guides)
    [problem] = info.value.problems
    assert "Filnavnet «brøyting-på-vei.yml» kan ikke brukes" in problem.message
    assert "«broyting-pa-vei.yml»" in problem.fix


def test_two_files_with_the_same_name(tmp_path, fixture_guides):
    shutil.copy(GOOD / "usikker.yml", tmp_path / "usikker.yml")
    shutil.copy(GOOD / "usikker.yml", tmp_path / "usikker.yaml")
    with pytest.raises(veiviser.GuideError) as info:
        veiviser.load_cases(tmp_path, fixture_guides)
    [problem] = info.value.problems
    assert "to øvelser med navnet «usikker»" in problem.message


def test_cli_stops_on_a_broken_case(tmp_path, capsys):
    trees = tmp_path / "decision_trees"
    shutil.copytree(TREES, trees)
    shutil.copy(BAD / "vei-not-list.yml", trees / veiviser.CASES_FOLDER)
    assert main([str(trees), "--docs", str(DOCS)]) == 1
    err = capsys.readouterr().err
    assert "vei-not-list.yml, linje 4" in err and "Feltet «vei» må være en liste" in err
    assert "Traceback" not in err


# ----------------------------------------------------------------------
# A change of where an answer leads breaks the cases that go that way (in memory)


def _redirect(guide: veiviser.Guide, question_id: str, choice: int | None, target: str) -> veiviser.Guide:
    """A copy of ``guide`` where one answer (None: «Jeg er usikker») leads to ``target``."""
    question = guide.question(question_id)
    if choice is None:
        changed = dataclasses.replace(question, unsure_target=target)
    else:
        answers = list(question.answers)
        answers[choice] = dataclasses.replace(answers[choice], target=target)
        changed = dataclasses.replace(question, answers=tuple(answers))
    return dataclasses.replace(guide, steps={**guide.steps, question_id: changed})


def _options(question: veiviser.Question) -> list[int | None]:
    return list(range(len(question.answers))) + ([None] if question.unsure_target else [])


def _target(question: veiviser.Question, choice: int | None) -> str:
    return question.unsure_target if choice is None else question.answers[choice].target


def _label(question: veiviser.Question, choice: int | None) -> str:
    return veiviser.UNSURE_LABEL if choice is None else question.answers[choice].text


def _swap(guide: veiviser.Guide, question_id: str, a: int | None, b: int | None) -> veiviser.Guide:
    question = guide.question(question_id)
    ta, tb = _target(question, a), _target(question, b)
    return _redirect(_redirect(guide, question_id, a, tb), question_id, b, ta)


def _problems(error: veiviser.GuideError, case: veiviser.Case) -> list[veiviser.Problem]:
    return [p for p in error.problems if p.file.name == case.path.name]


def _vei_item(case_file: Path, question_id: str) -> tuple[int, bool]:
    """Line of ``- question_id`` under «vei» in a case file, and whether it says  : usikker  (read from the text)."""
    lines = case_file.read_text(encoding="utf-8").splitlines()
    start = next(n for n, ln in enumerate(lines) if ln.startswith("vei:"))
    for n in range(start + 1, len(lines)):
        found = re.fullmatch(rf"\s*-\s*{question_id}\s*(:\s*usikker\s*)?", lines[n])
        if found:
            return n + 1, bool(found.group(1))
    raise AssertionError(f"{question_id} not under «vei» in {case_file}")


def _vei_line(case_file: Path, question_id: str) -> int:
    return _vei_item(case_file, question_id)[0]


def _no_longer(case_file: Path, question_id: str) -> str:
    """How the message says that the case's answer at ``question_id`` no longer leads on."""
    return "fører «Jeg er usikker» ikke lenger" if _vei_item(case_file, question_id)[1] else "fører ikke noe svar lenger"


def _cases_of(guide_id: str, real_cases, folder: Path) -> Path:
    """``folder`` with copies of the real cases of one guide (an edit of a guide touches no other case)."""
    folder.mkdir(exist_ok=True)
    for case in real_cases:
        if case.guide == guide_id:
            shutil.copy(case.path, folder)
    return folder


def _load_broken(cases_folder: Path, real_guides, guide: veiviser.Guide, mutated: veiviser.Guide):
    guides = [mutated if g.id == guide.id else g for g in real_guides]
    with pytest.raises(veiviser.GuideError) as info:
        veiviser.load_cases(cases_folder, guides)
    return info.value


@pytest.mark.slow  # once per real case; the fixtures in ovelser/bad and the tree-file edit below are the fast check
@pytest.mark.parametrize("case_id", REAL_IDS)
def test_redirecting_the_last_answer_breaks_the_case(case_id, tmp_path, real_guides, real_cases):
    case = next(c for c in real_cases if c.id == case_id)
    guide = _by_id(real_guides)[case.guide]
    question_id, choice = case.choices[-1]
    question = guide.question(question_id)
    away = next((o for o in _options(question) if _target(question, o) != case.outcome), False)
    assert away is not False, f"{case_id}: the last question offers no other way"
    now = _target(question, away)
    mutated = guide
    for option in _options(question):
        if _target(question, option) == case.outcome:
            mutated = _redirect(mutated, question_id, option, now)
    cases = _cases_of(guide.id, real_cases, tmp_path / "ovelser")
    [problem] = _problems(_load_broken(cases, real_guides, guide, mutated), case)
    assert problem.line == _vei_line(case.path, question_id)
    assert (f"Fra spørsmålet «{question.text}» (steg «{question_id}») i veiviseren «{guide.id}» ({guide.path.name}) "
            f"{_no_longer(case.path, question_id)} til resultatet «{case.outcome}»") in problem.message
    assert f"«{_label(question, choice)}» → «{now}»" in problem.message  # where the case's answer leads now


def test_outcome_no_longer_reachable(real_guides, real_cases):
    # In memory only: a real edit like this is already stopped by the tree check (unreachable step).
    case = real_cases[0]
    guide = _by_id(real_guides)[case.guide]
    other_outcome = next(o.id for o in guide.outcomes if o.id != case.outcome)
    mutated = guide
    for question in guide.questions:
        for option in _options(question):
            if _target(question, option) == case.outcome:
                mutated = _redirect(mutated, question.id, option, other_outcome)
    [problem] = _problems(_load_broken(REAL, real_guides, guide, mutated), case)
    assert f"kan ikke lenger nås fra det første spørsmålet («{guide.start}»)" in problem.message
    assert f"så et svar igjen fører til «{case.outcome}»" in problem.fix


def test_a_question_taken_out_of_the_path(tmp_path, fixture_guides):
    guide = _by_id(fixture_guides)["svare-pa-innlegg"]
    bypass = _redirect(guide, "hva-slags-innlegg", 2, "ikke-svar-offentlig")  # «Det er en klage» skips «klage»
    shutil.copy(GOOD / "klage-enkeltsak.yml", tmp_path)
    with pytest.raises(veiviser.GuideError) as info:
        veiviser.load_cases(tmp_path, [bypass if g.id == guide.id else g for g in fixture_guides])
    [problem] = info.value.problems
    assert problem.line == _vei_line(tmp_path / "klage-enkeltsak.yml", "hva-slags-innlegg") == 8
    assert "fører ikke noe svar lenger til spørsmålet «klage»" in problem.message
    assert "Svaret «Det er en klage» fører nå rett til «ikke-svar-offentlig», forbi spørsmålet «klage»" in problem.message
    assert "fjern linjen  - klage  fra «vei»" in problem.fix


def test_an_answer_text_found_on_several_questions(tmp_path, fixture_guides):
    guide = _by_id(fixture_guides)["svare-pa-innlegg"]
    first = guide.question("hva-slags-innlegg")
    answers = (dataclasses.replace(first.answers[0], text="Ja"),) + first.answers[1:]
    two = dataclasses.replace(guide, steps={**guide.steps, first.id: dataclasses.replace(first, answers=answers)})
    (tmp_path / "ja.yml").write_text((BAD / "vei-answer-text-nei.yml").read_text(encoding="utf-8").replace("- Nei", "- Ja"),
                                     encoding="utf-8")
    with pytest.raises(veiviser.GuideError) as info:
        veiviser.load_cases(tmp_path, [two if g.id == guide.id else g for g in fixture_guides])
    [problem] = info.value.problems
    assert "«Ja» (punkt nr. 2 i «vei») er teksten på et svar" in problem.message
    assert "Svaret finnes på spørsmålene «hva-slags-innlegg», «klage»" in problem.fix


def test_swapping_two_answers_is_a_copy_edit(tmp_path, fixture_guides):
    # Swapping where «Ja» and «Nei» lead is the same tree as swapping their texts, so it cannot
    # break a case that names only the questions: the case now shows the answer that leads there.
    guide = _by_id(fixture_guides)["svare-pa-innlegg"]
    swapped = _swap(guide, "klage", 0, 1)
    shutil.copy(GOOD / "klage-enkeltsak.yml", tmp_path)
    [case] = veiviser.load_cases(tmp_path, [swapped if g.id == guide.id else g for g in fixture_guides])
    assert case.choices == (("hva-slags-innlegg", 2), ("klage", 1)) and case.answers == ("Det er en klage", "Nei")


# ----------------------------------------------------------------------
# Edits of the real tree files: wording never breaks a case, a new destination does


def _copy_trees(tmp_path: Path, guide_id: str | None = None, real_cases=()) -> Path:
    """A copy of decision_trees/; with ``guide_id``, only that guide's cases (an edit of it touches no other)."""
    trees = tmp_path / "decision_trees"
    shutil.copytree(TREES, trees, ignore=shutil.ignore_patterns(veiviser.CASES_FOLDER) if guide_id else None)
    if guide_id:
        _cases_of(guide_id, real_cases, trees / veiviser.CASES_FOLDER)
    return trees


def _field_line(lines: list[str], answer: veiviser.Answer, field: str) -> int:
    """Index of the ``tekst:``/``til:`` line of ``answer`` (from the answer's first line on)."""
    index = answer.line - 1
    while not re.match(rf"\s*(-\s*)?{field}:", lines[index]):
        index += 1
    return index


def test_rewording_the_answers_on_the_paths_keeps_every_case(tmp_path, real_anchors, real_guides, real_cases, capsys):
    trees = _copy_trees(tmp_path)
    guides = _by_id(real_guides)
    on_paths = sorted({(c.guide, q, i) for c in real_cases for q, i in c.choices if i is not None})
    new_text: dict[tuple[str, str, int], str] = {}
    for guide_id in sorted({g for g, _, _ in on_paths}):
        tree = trees / guides[guide_id].path.name
        lines = tree.read_text(encoding="utf-8").splitlines(keepends=True)
        for g, question_id, i in on_paths:
            if g != guide_id:
                continue
            answer = guides[g].question(question_id).answers[i]
            index = _field_line(lines, answer, "tekst")
            if f"tekst: {answer.text}\n" not in lines[index]:
                continue  # only plain one-line texts are reworded here
            new_text[g, question_id, i] = f"{answer.text} (ny ordlyd)"
            lines[index] = lines[index].replace(f"tekst: {answer.text}\n", f"tekst: {answer.text} (ny ordlyd)\n")
        tree.write_text("".join(lines), encoding="utf-8")
    assert len(new_text) >= len(real_cases), "too few answers on the cases' paths could be reworded"

    edited = veiviser.load_guides(trees, anchors=real_anchors)
    cases = veiviser.load_cases(trees / veiviser.CASES_FOLDER, edited)  # no case breaks
    by_id = {c.id: c for c in cases}
    assert sorted(by_id) == REAL_IDS
    for case in real_cases:
        assert by_id[case.id].choices == case.choices and by_id[case.id].outcome == case.outcome
        expected = tuple(new_text.get((case.guide, q, i), a) for (q, i), a in zip(case.choices, case.answers, strict=False))
        assert by_id[case.id].answers == expected  # the case shows the tree's new wording
    assert any("(ny ordlyd)" in a for c in cases for a in c.answers)
    assert main([str(trees), "--docs", str(DOCS)]) == 0, capsys.readouterr().err


def _edges(case: veiviser.Case) -> list[tuple[str, int | None, str]]:
    """(question, answer taken, the step it leads to) along the case's path."""
    following = [q for q, _ in case.choices[1:]] + [case.outcome]
    return [(q, i, to) for (q, i), to in zip(case.choices, following, strict=False)]


def _redirect_candidates(real_guides, real_cases):
    """(case, guide, question, answer, step it leads to, another target of that question), fewest users first.

    The answer is the only way from the question to the next step, and that step has another way in,
    so the edited tree is still valid (every step reachable, no new cycle).
    """
    guides = _by_id(real_guides)
    found = []
    for case in real_cases:
        guide = guides[case.guide]
        for question_id, choice, to in _edges(case):
            question = guide.question(question_id)
            if choice is None or [o for o in _options(question) if _target(question, o) == to] != [choice]:
                continue
            elsewhere = [q for q in guide.questions if q.id != question_id and to in q.targets()]
            now = next((_target(question, o) for o in _options(question) if _target(question, o) != to), None)
            if elsewhere and now:
                users = [c for c in real_cases if c.guide == guide.id and (question_id, to) in
                         {(q, t) for q, _, t in _edges(c)}]
                found.append((len(users), case.id, case, guide, question, choice, to, now))
    found.sort(key=lambda f: f[:2])
    return [f[2:] for f in found]


def test_redirecting_an_answer_in_a_tree_file_breaks_exactly_the_cases_that_go_that_way(
        tmp_path, real_anchors, real_guides, real_cases, capsys, monkeypatch):
    candidates = _redirect_candidates(real_guides, real_cases)
    if not candidates:  # the test below, with a new question, covers every case
        pytest.skip("no answer on a case's path can lead to another existing step while the tree stays valid")
    case, guide, question, choice, to, now = candidates[0]
    trees = _copy_trees(tmp_path)
    tree = trees / guide.path.name
    lines = tree.read_text(encoding="utf-8").splitlines(keepends=True)
    index = _field_line(lines, question.answers[choice], "til")
    changed = re.sub(rf"(til:\s*){re.escape(to)}(?=\s|$)", rf"\g<1>{now}", lines[index])
    assert changed != lines[index]
    lines[index] = changed
    tree.write_text("".join(lines), encoding="utf-8")

    edited = veiviser.load_guides(trees, anchors=real_anchors)  # the edited tree itself is still valid
    with pytest.raises(veiviser.GuideError) as info:
        veiviser.load_cases(trees / veiviser.CASES_FOLDER, edited)
    users = {c.id for c in real_cases if c.guide == guide.id and (question.id, to) in {(q, t) for q, _, t in _edges(c)}}
    assert case.id in users
    assert {p.file.stem for p in info.value.problems} == users  # no other case is touched
    [problem] = [p for p in info.value.problems if p.file.stem == case.id]
    case_file = trees / veiviser.CASES_FOLDER / case.path.name
    assert problem.line == _vei_line(case_file, question.id)
    kind = "resultatet" if to == case.outcome else "spørsmålet"
    assert (f"Fra spørsmålet «{question.text}» (steg «{question.id}») i veiviseren «{guide.id}» "
            f"({guide.path.name}) fører ikke noe svar lenger til {kind} «{to}»") in problem.message
    assert f"«{question.answers[choice].text}» → «{now}»" in problem.message

    monkeypatch.chdir(tmp_path)  # as `make check` prints it: relative to the project
    assert main(["decision_trees", "--docs", str(DOCS)]) == 1
    err = capsys.readouterr().err
    assert f"decision_trees/ovelser/{case.id}.yml, linje {problem.line}: Fra spørsmålet «{question.text}»" in err
    assert "Traceback" not in err


def _option_line(lines: list[str], question: veiviser.Question, option: int | None) -> int:
    """Index of the line that says where ``option`` leads (``til:``, or ``usikker:`` of the question)."""
    if option is not None:
        return _field_line(lines, question.answers[option], "til")
    index = question.line
    while not re.match(r"\s*usikker:", lines[index]):
        index += 1
    return index


@pytest.mark.slow  # copies and loads all real trees once per case; fixtures/ovelser/bad/vei-question-missing is the fast check
@pytest.mark.parametrize("case_id", REAL_IDS)
def test_a_new_question_in_a_tree_file_breaks_the_cases_that_go_that_way(
        case_id, tmp_path, real_anchors, real_guides, real_cases):
    """An editor puts a new question in front of the case's outcome: every answer that led there now leads to it."""
    case = next(c for c in real_cases if c.id == case_id)
    guide = _by_id(real_guides)[case.guide]
    question_id, choice, to = _edges(case)[-1]
    question = guide.question(question_id)
    other = next(o.id for o in guide.outcomes if o.id != to)
    trees = _copy_trees(tmp_path, guide.id, real_cases)
    tree = trees / guide.path.name
    lines = tree.read_text(encoding="utf-8").splitlines(keepends=True)
    redirected = [o for o in _options(question) if _target(question, o) == to]
    for option in redirected:
        index = _option_line(lines, question, option)
        lines[index] = re.sub(rf"((?:til|usikker):\s*){re.escape(to)}(?=\s|$)", r"\g<1>ny-kontroll", lines[index])
    indent = re.match(r"\s*", lines[question.line - 1]).group()
    lines[question.line - 1:question.line - 1] = [
        f"{indent}ny-kontroll:\n", f"{indent}  spørsmål: Er dette et nytt kontrollspørsmål?\n", f"{indent}  svar:\n",
        f"{indent}    - tekst: Ja\n", f"{indent}      til: {to}\n",
        f"{indent}    - tekst: Nei\n", f"{indent}      til: {other}\n"]
    tree.write_text("".join(lines), encoding="utf-8")

    edited = veiviser.load_guides(trees, anchors=real_anchors)  # the edited tree itself is still valid
    assert _by_id(edited)[guide.id].question("ny-kontroll")
    with pytest.raises(veiviser.GuideError) as info:
        veiviser.load_cases(trees / veiviser.CASES_FOLDER, edited)
    users = {c.id for c in real_cases if c.guide == guide.id and (question_id, to) in {(q, t) for q, _, t in _edges(c)}}
    assert {p.file.stem for p in info.value.problems} == users  # this case, and only those that go the same way
    [problem] = [p for p in info.value.problems if p.file.stem == case.id]
    assert problem.line == _vei_line(trees / veiviser.CASES_FOLDER / case.path.name, question_id)
    assert (f"Fra spørsmålet «{question.text}» (steg «{question_id}») i veiviseren «{guide.id}» ({guide.path.name}) "
            f"{_no_longer(case.path, question_id)} til resultatet «{case.outcome}»") in problem.message
    assert f"«{_label(question, choice)}» → «ny-kontroll»" in problem.message
    assert ("fører nå først til spørsmålet «Er dette et nytt kontrollspørsmål?» (steg «ny-kontroll»), og derfra "
            f"videre til «{case.outcome}»") in problem.message
    assert "- ny-kontroll  " in problem.fix and f"  etter  - {question_id}  i «vei»" in problem.fix


# ----------------------------------------------------------------------
# Coverage: every outcome has a case


def test_coverage_names_an_outcome_without_a_case_at_its_line(tmp_path, real_anchors, real_cases):
    trees = _copy_trees(tmp_path)
    gone = real_cases[0]
    for case in real_cases:
        if (case.guide, case.outcome) == (gone.guide, gone.outcome):
            (trees / veiviser.CASES_FOLDER / case.path.name).unlink()
    guides = veiviser.load_guides(trees, anchors=real_anchors)
    cases = veiviser.load_cases(trees / veiviser.CASES_FOLDER, guides)
    with pytest.raises(veiviser.GuideError) as info:
        check_coverage(guides, cases)
    covered = {(c.guide, c.outcome) for c in cases}
    assert {(p.file, p.step) for p in info.value.problems} == {
        (g.path, o.id) for g in guides for o in g.outcomes if (g.id, o.id) not in covered}
    [problem] = [p for p in info.value.problems if p.step == gone.outcome and p.file.stem == gone.guide]
    tree_lines = (trees / f"{gone.guide}.yml").read_text(encoding="utf-8").splitlines()
    assert re.fullmatch(rf"\s+{gone.outcome}:\s*", tree_lines[problem.line - 1])
    verdict = next(o.verdict for g in guides if g.id == gone.guide for o in g.outcomes if o.id == gone.outcome)
    assert f"Resultatet «{verdict}» har ingen øvelse" in problem.message
    assert f"veiviser: {gone.guide}" in problem.fix and f"resultat: {gone.outcome}" in problem.fix
    assert str(problem).startswith(f"{display_path(trees / f'{gone.guide}.yml')}, linje {problem.line}")


def test_coverage_passes_when_every_outcome_has_a_case(tmp_path, fixture_guides):
    for guide in fixture_guides:
        for path in veiviser.enumerate_paths(guide):
            route = "".join(f"  - {q}\n" for q, _ in path.choices)
            (tmp_path / f"{guide.id}-{path.outcome}.yml").write_text(
                f"tittel: Øvelse\nsituasjon: En situasjon.\nveiviser: {guide.id}\nvei:\n{route}"
                f"resultat: {path.outcome}\nbegrunnelse: Fordi.\n", encoding="utf-8")
    cases = veiviser.load_cases(tmp_path, fixture_guides)
    assert check_coverage(fixture_guides, cases) is None
    one = next(c for c in cases if c.guide == "samtykke-bilde" and c.outcome == "publiser")
    with pytest.raises(veiviser.GuideError) as info:
        check_coverage(fixture_guides, [c for c in cases if c is not one])
    [problem] = info.value.problems
    assert problem.file.name == "samtykke-bilde.yml" and problem.step == "publiser"


# ----------------------------------------------------------------------
# The README example and the JSON Schema


def _readme_case() -> str:
    blocks = re.findall(r"```yaml\n(.*?)```", README.read_text(encoding="utf-8"), flags=re.S)
    return next(b for b in blocks if "begrunnelse:" in b and "situasjon:" in b)


def test_readme_example_case_passes(tmp_path, real_guides):
    (tmp_path / "readme-eksempel.yml").write_text(_readme_case(), encoding="utf-8")
    [case] = veiviser.load_cases(tmp_path, real_guides)
    assert case.outcome == "svar-pa-kritikk"


@pytest.fixture(scope="module")
def validator():
    return schema_validator(SCHEMA_FILE)


def test_schema_mirrors_the_checker():
    schema = json.loads(SCHEMA_FILE.read_text(encoding="utf-8"))
    assert schema["$schema"] == "https://json-schema.org/draft/2020-12/schema"
    assert schema["additionalProperties"] is False
    assert set(schema["required"]) == set(REQUIRED)
    assert set(schema["properties"]) == set(ALLOWED)
    assert schema["description"]
    for key, prop in schema["properties"].items():
        assert prop.get("description"), key


@pytest.mark.parametrize("case_id", REAL_IDS)
def test_schema_accepts_real_case(validator, case_id):
    errors = list(validator.iter_errors(yaml_as_json(REAL / f"{case_id}.yml")))
    assert errors == [], [e.message for e in errors]


def test_schema_accepts_good_fixtures_and_readme_example(validator):
    for path in GOOD.glob("[!_]*.yml"):
        assert list(validator.iter_errors(yaml_as_json(path))) == [], path.name
    assert list(validator.iter_errors(jsonable(yaml.safe_load(_readme_case())))) == []


SCHEMA_REJECTS = [
    "old-svar-field",
    "missing-vei",
    "vei-not-list",
    "vei-map",
    "vei-empty-list",
    "vei-empty-value",
    "vei-empty-item",
    "vei-nested-list",
    "vei-item-with-colon",
    "vei-unsure-mark-typo",
    "vei-answer-text",
    "vei-unsure-text",
    "unknown-field",
    "misspelled-field",
    "missing-begrunnelse",
    "missing-veiviser",
    "tittel-not-text",
    "empty-situasjon",
    "nr-not-integer",
    "nr-bool",
    "nr-zero",
    "not-mapping",
    "empty-file",
]

# The schema cannot follow the path through a guide; only `make check` can.
SCHEMA_CANNOT_SEE = [
    "vei-unknown-step",
    "vei-unknown-step-no-match",
    "vei-outcome-last",
    "vei-outcome-inside",
    "vei-not-from-start",
    "vei-parts-at-last-question",
    "vei-question-missing",
    "vei-question-twice",
    "vei-unsure-not-offered",
    "vei-unsure-mark-not-offered",
    "vei-unsure-mark-elsewhere",
    "unknown-guide",
    "unknown-outcome",
]


@pytest.mark.parametrize("name", SCHEMA_REJECTS)
def test_schema_rejects_bad_case(validator, name):
    assert list(validator.iter_errors(yaml_as_json(BAD / f"{name}.yml"))), name


@pytest.mark.parametrize("name", SCHEMA_CANNOT_SEE)
def test_schema_cannot_see_paths(validator, name):
    assert list(validator.iter_errors(yaml_as_json(BAD / f"{name}.yml"))) == [], name
