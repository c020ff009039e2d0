"""Paths through a guide, depth for the progress indicator, and follow()."""

from __future__ import annotations

from veiviser import GuidePath, Question, count_paths, enumerate_paths, follow, max_remaining_depth
from veiviser.paths import topological_order

Q = "hva-slags-innlegg"


def test_enumerate_paths_exact(guide):
    assert enumerate_paths(guide) == [
        GuidePath(((Q, 0),), "svar-alltid"),
        GuidePath(((Q, 1),), "positivt"),
        GuidePath(((Q, 2), ("klage", 0)), "ikke-svar-offentlig"),
        GuidePath(((Q, 2), ("klage", 1)), "svar-alltid"),
        GuidePath(((Q, None),), "spor-informasjonsmedarbeider"),
    ]
    assert count_paths(guide) == 5
    assert enumerate_paths(guide)[2].step_ids() == (Q, "klage", "ikke-svar-offentlig")
    assert enumerate_paths(guide)[2].question_ids == (Q, "klage")


def test_enumerate_paths_is_deterministic(guide):
    assert enumerate_paths(guide) == enumerate_paths(guide)


def test_max_remaining_depth(guide):
    assert max_remaining_depth(guide) == {
        Q: 2,
        "klage": 1,
        "svar-alltid": 0,
        "positivt": 0,
        "ikke-svar-offentlig": 0,
        "spor-informasjonsmedarbeider": 0,
    }


def test_follow_reached_by_text_and_index(guide):
    r = follow(guide, ["Det er en klage", "Ja"])
    assert r.reached and r.status == "reached"
    assert r.outcome == r.step == "ikke-svar-offentlig"
    assert r.choices == ((Q, 2), ("klage", 0))
    assert r.visited == (Q, "klage", "ikke-svar-offentlig")
    assert r.message == ""
    assert follow(guide, [2, 1]).outcome == "svar-alltid"
    # case and spacing do not matter
    assert follow(guide, ["det er  en KLAGE", "nei"]).outcome == "svar-alltid"


def test_follow_unsure(guide):
    for unsure in ("Jeg er usikker", None):
        r = follow(guide, [unsure])
        assert r.reached and r.outcome == "spor-informasjonsmedarbeider"
        assert r.choices == ((Q, None),)
    # klage has no «usikker»
    r = follow(guide, ["Det er en klage", "Jeg er usikker"])
    assert r.status == "unknown_answer" and r.step == "klage"


def test_follow_incomplete(guide):
    r = follow(guide, ["Det er en klage"])
    assert not r.reached and r.status == "incomplete"
    assert r.step == "klage" and r.outcome is None
    assert "klage" in r.message
    assert follow(guide, []).step == Q


def test_follow_diverges_on_unknown_answer(guide):
    r = follow(guide, ["Det er en klage", "Kanskje"])
    assert r.status == "unknown_answer"
    assert r.step == "klage" and r.index == 1 and r.outcome is None
    assert r.choices == ((Q, 2),)
    assert "«Kanskje»" in r.message and "«Ja»" in r.message
    assert follow(guide, [7]).status == "unknown_answer"
    assert follow(guide, [-1]).status == "unknown_answer"
    assert follow(guide, [True]).status == "unknown_answer"


def test_follow_too_many_answers(guide):
    r = follow(guide, ["Det inneholder faktafeil", "Ja"])
    assert r.status == "too_many_answers"
    assert r.outcome == r.step == "svar-alltid" and r.index == 1
    assert not r.reached


def test_every_path_can_be_followed(guide):
    for path in enumerate_paths(guide):
        answers = [i for _, i in path.choices]
        assert follow(guide, answers).outcome == path.outcome


def test_topological_order_puts_every_step_before_its_targets(good_guides):
    for guide in good_guides.values():
        steps = dict(guide.steps)
        steps["ikke-i-bruk"] = guide.outcomes[0]  # a step nothing leads to
        order = topological_order(steps, [guide.start])
        assert sorted(order) == sorted(guide.steps), guide.id  # the reachable ones, each once
        place = {step_id: n for n, step_id in enumerate(order)}
        for step_id in order:
            step = guide.steps[step_id]
            for target in step.targets() if isinstance(step, Question) else ():
                assert place[step_id] < place[target], (guide.id, step_id, target)
        assert topological_order(steps, list(steps))[0] in (guide.start, "ikke-i-bruk")
