"""Property-based tests: random valid guides, random breakages, random junk."""

from __future__ import annotations

import copy
import os
import unicodedata
from pathlib import Path

import pytest
import yaml
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

import veiviser
from veiviser import (
    GuideError,
    Outcome,
    Question,
    count_paths,
    enumerate_paths,
    follow,
    load_guide,
    max_remaining_depth,
    routes_by_outcome,
)
from veiviser.limits import MAX_DEPTH, MAX_PATHS, comparable

DOCS = Path(__file__).parent / "fixtures" / "docs"
ANCHORS = veiviser.AnchorIndex.from_docs(DOCS)
SOURCES = [f"{page}#{anchor}" for page in ANCHORS.pages() for anchor in ANCHORS.anchors(page)]

# VEIVISER_EXAMPLES=5000 for a longer bug hunt; the default keeps the suite fast.
FAST = settings(
    max_examples=int(os.environ.get("VEIVISER_EXAMPLES", "100")),
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much],
)

ids = st.from_regex(r"[a-z][a-z0-9-]{0,15}", fullmatch=True)
# Editors' text: anything visible (control characters, lone surrogates and invisible-only text
# are refused by the validator and tested below).
texts = st.text(
    alphabet=st.characters(blacklist_categories=("Cs", "Cc", "Cf", "Zl", "Zp")), min_size=1, max_size=25
).filter(lambda s: s.strip())
# Answer labels are shown as buttons: short text without Markdown blocks (lists, headings).
answer_labels = st.from_regex(r"[A-Za-zÆØÅæøå][A-Za-zÆØÅæøå0-9 ,.?!()'-]{0,20}", fullmatch=True)


@pytest.fixture(scope="module")
def folder(tmp_path_factory) -> Path:
    return tmp_path_factory.mktemp("prop")


def _write(folder: Path, data, name: str = "tilfeldig") -> Path:
    path = folder / f"{name}.yml"
    text = data if isinstance(data, str) else yaml.safe_dump(data, allow_unicode=True, sort_keys=False)
    path.write_text(text, encoding="utf-8")
    return path


@st.composite
def guides(draw):
    """A random valid guide as a Python dict (a DAG where every step is reachable)."""

    n_questions = draw(st.integers(1, 5))
    n_outcomes = draw(st.integers(1, 4))
    names = draw(st.lists(ids, min_size=n_questions + n_outcomes, max_size=n_questions + n_outcomes, unique=True))
    questions, outcomes = names[:n_questions], names[n_questions:]
    nodes = questions + outcomes

    targets: dict[str, list[str]] = {q: [] for q in questions}
    for j in range(1, len(nodes)):  # every step gets a parent question earlier in the order
        parent = draw(st.integers(0, min(j, n_questions) - 1))
        targets[questions[parent]].append(nodes[j])
    steps: dict[str, dict] = {}
    for i, q in enumerate(questions):
        later = nodes[i + 1 :]
        while len(targets[q]) < 2:
            targets[q].append(draw(st.sampled_from(later)))
        targets[q] += draw(st.lists(st.sampled_from(later), max_size=1))
        order = draw(st.permutations(targets[q]))
        answer_texts = draw(
            st.lists(answer_labels, min_size=len(order), max_size=len(order), unique_by=comparable)
        )
        assume(all(" ".join(t.split()).casefold() != "jeg er usikker" for t in answer_texts))
        step: dict = {"spørsmål": draw(texts), "svar": [{"tekst": t, "til": g} for t, g in zip(answer_texts, order, strict=False)]}
        if draw(st.booleans()):
            step["hjelp"] = draw(texts)
        if draw(st.booleans()):
            step["usikker"] = draw(st.sampled_from(later))
        steps[q] = step
    for o in outcomes:
        step = {
            "resultat": draw(texts),
            "forklaring": draw(texts),
            "kilder": draw(st.lists(st.sampled_from(SOURCES), min_size=1, max_size=2, unique=True)),
        }
        if draw(st.booleans()):
            step["neste"] = draw(st.lists(texts, min_size=1, max_size=2))
        if draw(st.booleans()):
            step["kopier"] = draw(texts)
        steps[o] = step
    file_order = draw(st.permutations(nodes))
    return {
        "tittel": draw(texts),
        "beskrivelse": draw(texts),
        "versjon": draw(st.integers(1, 99)),
        "dato": draw(st.dates()).isoformat(),
        "start": questions[0],
        "steg": {name: steps[name] for name in file_order},
    }


@FAST
@given(data=guides())
def test_random_valid_guides(folder, data):
    guide = load_guide(_write(folder, data), anchors=ANCHORS)
    assert list(guide.steps) == list(data["steg"])
    paths = enumerate_paths(guide)
    assert paths and count_paths(guide) == len(paths)
    for path in paths:
        assert isinstance(guide.steps[path.outcome], Outcome)
        assert all(isinstance(guide.steps[q], Question) for q in path.question_ids)
        assert follow(guide, [i for _, i in path.choices]).outcome == path.outcome
    assert {p.outcome for p in paths} == {o.id for o in guide.outcomes}
    assert {q for p in paths for q in p.question_ids} == {q.id for q in guide.questions}
    depth = max_remaining_depth(guide)
    assert depth[guide.start] == max(len(p.choices) for p in paths)
    assert all(depth[o.id] == 0 for o in guide.outcomes)
    ordered = guide.ordered_ids()
    assert ordered[0] == guide.start and sorted(ordered) == sorted(guide.steps)
    _assert_routes_match_paths(guide, paths)


def _assert_routes_match_paths(guide, paths) -> None:
    """The grouped answers per outcome are exactly the choices on the listed paths to it."""
    routes = routes_by_outcome(guide)
    assert set(routes) == {o.id for o in guide.outcomes}
    for outcome_id, route in routes.items():
        to_here = [p for p in paths if p.outcome == outcome_id]
        assert route.paths == len(to_here)
        grouped = {(q, o) for q, options in route.answers for o in options}
        assert grouped == {choice for p in to_here for choice in p.choices}
        assert len(route.answers) == len({q for q, _ in route.answers})  # one line per question


# ----------------------------------------------------------------------
# Graph shapes: chains of «diamonds» (paths double at every question) and long chains


def _shape(kind: str, length: int, shortcut: bool) -> dict:
    steps: dict[str, dict] = {}
    for i in range(length):
        nxt = f"q{i + 1}" if i + 1 < length else "slutt"
        other = nxt if kind == "diamond" else "tidlig"
        step = {"spørsmål": f"Spørsmål {i}?", "svar": [{"tekst": "Ja", "til": nxt}, {"tekst": "Nei", "til": other}]}
        if shortcut and i % 3 == 0:
            step["usikker"] = "tidlig"
        steps[f"q{i}"] = step
    for name in ("slutt", "tidlig"):
        steps[name] = {"resultat": f"Resultat {name}", "forklaring": "Fordi.", "kilder": [SOURCES[0]]}
    return {"tittel": "Form", "beskrivelse": "Form.", "versjon": 1, "dato": "2026-11-25", "start": "q0",
            "steg": steps}


@FAST
@given(kind=st.sampled_from(["diamond", "chain"]), length=st.integers(1, 40), shortcut=st.booleans())
def test_graph_shapes_are_counted_grouped_or_refused(folder, kind, length, shortcut):
    data = _shape(kind, length, shortcut)
    if kind == "diamond" and not shortcut:
        del data["steg"]["tidlig"]  # nothing leads there
    path = _write(folder, data, name="form")
    expected_paths = None
    if kind == "diamond" and not shortcut:
        expected_paths = 2**length
    elif kind == "chain" and not shortcut:
        expected_paths = length + 1
    too_deep = length > MAX_DEPTH
    if too_deep or (expected_paths or 0) > MAX_PATHS:
        with pytest.raises(GuideError) as info:
            load_guide(path, anchors=ANCHORS)
        assert len(info.value.problems) == 1
        assert ("lengste veien" if too_deep else "forskjellige veier") in str(info.value)
        return
    try:
        guide = load_guide(path, anchors=ANCHORS)
    except GuideError as exc:  # only the path limit may refuse a shape with shortcuts
        assert shortcut and "forskjellige veier" in str(exc)
        return
    total = count_paths(guide)
    if expected_paths is not None:
        assert total == expected_paths
    assert max_remaining_depth(guide)["q0"] == length
    routes = routes_by_outcome(guide)
    assert sum(r.paths for r in routes.values()) == total
    edges = sum(len(q.answers) + bool(q.unsure_target) for q in guide.questions)
    assert all(sum(len(options) for _, options in r.answers) <= edges for r in routes.values())
    if total <= 2_000:
        _assert_routes_match_paths(guide, enumerate_paths(guide))


# ----------------------------------------------------------------------
# Hostile text (YAML double-quoted escapes): escapes for surrogates and control characters, brackets, invisible characters

HOSTILE = st.sampled_from([
    "\\ud800", "\\udfff", "\\ud83d\\ude00", "\\ude00\\ud83d", "\\x00", "\\x1b[31m", "\\x7f", "\\u0085",
    "\\u2028", "\\u200b", "\\ufeff", "\\t", "\\n", "[" * 30, "]" * 30, "[x](", "![](x)", "- - - - - - - -",
    "> > > > > > > >", "**", "#", "\\\\", '\\"', "\\u00e6\\u00f8\\u00e5",
])


def _escape(text: str) -> str:
    return text.replace("\\", "\\\\").replace('"', '\\"')


@FAST
@given(data=guides(), where=st.sampled_from(["tittel", "beskrivelse", "spørsmål", "tekst", "resultat", "forklaring"]),
       parts=st.lists(st.one_of(HOSTILE, texts.map(_escape)), min_size=1, max_size=6))
def test_hostile_text_is_refused_with_a_message_or_loads_clean(folder, data, where, parts):
    value = "".join(parts)
    marker = "ERSTATT-MEG"
    steps = data["steg"]
    if where in ("tittel", "beskrivelse"):
        data[where] = marker
    else:
        kind = "spørsmål" if where in ("spørsmål", "tekst") else "resultat"
        step = next(v for v in steps.values() if kind in v)
        if where == "tekst":
            step["svar"][0]["tekst"] = marker
        else:
            step[where] = marker
    text = yaml.safe_dump(data, allow_unicode=True, sort_keys=False).replace(marker, f'"{value}"', 1)
    path = _write(folder, text, name="fiendtlig")
    try:
        guide = load_guide(path, anchors=ANCHORS)
    except GuideError as exc:
        message = str(exc)
        message.encode("utf-8")  # every message can be printed
        assert exc.problems and "Slik retter du det" in message
        return
    strings = [guide.title, guide.description_html]
    for step in guide.steps.values():
        if isinstance(step, Question):
            strings += [step.text] + [a.text_html for a in step.answers] + [a.plain for a in step.answers]
            assert all(a.plain for a in step.answers)
        else:
            strings += [step.verdict, step.explanation_html]
    for string in strings:
        string.encode("utf-8")
        assert not any(unicodedata.category(ch) in ("Cs",) or (unicodedata.category(ch) == "Cc" and ch not in "\n\t")
                       for ch in string), repr(string)
    assert enumerate_paths(guide)


MUTATIONS = ["dangling", "no-start", "bad-start", "cycle", "drop-answer", "unknown-key", "junk-text", "wrong-type", "no-kilder"]


def _mutate(data: dict, kind: str, draw) -> dict:
    data = copy.deepcopy(data)
    steps = data["steg"]
    questions = [k for k, v in steps.items() if "spørsmål" in v]
    outcomes = [k for k, v in steps.items() if "resultat" in v]
    if kind == "dangling":
        q = draw(st.sampled_from(questions))
        answer = draw(st.sampled_from(steps[q]["svar"]))
        answer["til"] = "finnes-ikke-" + draw(ids)
    elif kind == "no-start":
        del data["start"]
    elif kind == "bad-start":
        data["start"] = "ikke-" + data["start"]
    elif kind == "cycle":
        q = draw(st.sampled_from(questions))
        answer = draw(st.sampled_from(steps[q]["svar"]))
        answer["til"] = data["start"]  # every question is reachable from start
    elif kind == "drop-answer":
        q = draw(st.sampled_from(questions))
        steps[q]["svar"] = steps[q]["svar"][:1]
    elif kind == "unknown-key":
        bad = draw(st.sampled_from(["sporsmål", "resulat", "farge", "Tittel", "kilde", "svar2"]))
        where = draw(st.sampled_from(["top", "step", "answer"]))
        if where == "top":
            data[bad] = "x"
        elif where == "step":
            steps[draw(st.sampled_from(list(steps)))][bad] = "x"
        else:
            draw(st.sampled_from(steps[draw(st.sampled_from(questions))]["svar"]))[bad] = "x"
    elif kind == "junk-text":
        blank = draw(st.sampled_from(["", " ", "\t", "\n", "  \n "]))
        target = draw(st.sampled_from(["tittel", "beskrivelse", "spørsmål", "tekst", "resultat", "forklaring"]))
        if target in ("tittel", "beskrivelse"):
            data[target] = blank
        elif target == "spørsmål":
            steps[draw(st.sampled_from(questions))]["spørsmål"] = blank
        elif target == "tekst":
            draw(st.sampled_from(steps[draw(st.sampled_from(questions))]["svar"]))["tekst"] = blank
        else:
            steps[draw(st.sampled_from(outcomes))][target] = blank
    elif kind == "wrong-type":
        which = draw(st.sampled_from(["svar", "versjon", "kilder", "steg"]))
        if which == "svar":
            steps[draw(st.sampled_from(questions))]["svar"] = "Ja eller nei"
        elif which == "versjon":
            data["versjon"] = [1, 2]
        elif which == "kilder":
            steps[draw(st.sampled_from(outcomes))]["kilder"] = {"side": "a.md"}
        else:
            data["steg"] = ["a", "b"]
    elif kind == "no-kilder":
        del steps[draw(st.sampled_from(outcomes))]["kilder"]
    return data


@FAST
@given(data=guides(), kind=st.sampled_from(MUTATIONS), draw=st.data())
def test_random_breakage_is_reported(folder, data, kind, draw):
    broken = _mutate(data, kind, draw.draw)
    path = _write(folder, broken, name="odelagt")
    with pytest.raises(GuideError) as info:
        load_guide(path, anchors=ANCHORS)
    text = str(info.value)
    assert "odelagt.yml" in text and "Slik retter du det" in text
    assert all(p.message.strip() and p.fix.strip() for p in info.value.problems)


def _load_anything(path: Path) -> None:
    try:
        guide = load_guide(path, anchors=ANCHORS)
    except GuideError as exc:
        assert exc.problems and "Slik retter du det" in str(exc)
    else:
        assert enumerate_paths(guide)


@FAST
@given(text=st.text(max_size=300))
def test_arbitrary_text_never_crashes(folder, text):
    _load_anything(_write(folder, text, name="tekst"))


@FAST
@given(raw=st.binary(max_size=200))
def test_arbitrary_bytes_never_crash(folder, raw):
    path = folder / "bytes.yml"
    path.write_bytes(raw)
    _load_anything(path)


KEYS = st.sampled_from(
    ["tittel", "beskrivelse", "versjon", "dato", "start", "steg", "spørsmål", "svar", "tekst", "til", "usikker",
     "resultat", "forklaring", "kilder", "neste", "kopier", "veiviser", "hjelp", "ansvarlig", "a", "b"]
)
SCALARS = st.one_of(
    st.none(), st.booleans(), st.integers(-3, 3), st.floats(allow_nan=True), st.dates(), st.text(max_size=10),
    st.sampled_from(["a", "b", "a.md#x", "pa-vegne-av-kommunen.md#kort"]),
)
STRUCTURES = st.recursive(SCALARS, lambda inner: st.lists(inner, max_size=3) | st.dictionaries(KEYS, inner, max_size=5), max_leaves=25)


@FAST
@given(value=st.dictionaries(KEYS, STRUCTURES, max_size=8))
def test_arbitrary_structures_never_crash(folder, value):
    _load_anything(_write(folder, yaml.safe_dump(value, allow_unicode=True), name="struktur"))


@FAST
@given(data=guides(), draw=st.data())
def test_line_corruption_never_crashes(folder, data, draw):
    lines = yaml.safe_dump(data, allow_unicode=True, sort_keys=False).splitlines()
    i = draw.draw(st.integers(0, len(lines) - 1))
    action = draw.draw(st.sampled_from(["delete", "duplicate", "indent", "dedent", "tab", "colon", "junk"]))
    if action == "delete":
        del lines[i]
    elif action == "duplicate":
        lines.insert(i, lines[i])
    elif action == "indent":
        lines[i] = " " + lines[i]
    elif action == "dedent":
        lines[i] = lines[i][1:]
    elif action == "tab":
        lines[i] = "\t" + lines[i].lstrip()
    elif action == "colon":
        lines[i] = lines[i].replace(":", "", 1)
    else:
        lines[i] = draw.draw(st.text(max_size=20))
    _load_anything(_write(folder, "\n".join(lines) + "\n", name="korrupt"))
