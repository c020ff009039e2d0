"""The guides walked in Chromium: every path with JavaScript (one question at a time, by mouse);
without JavaScript every link of every step page; by keyboard only a set of paths that chooses every
answer of every question at least once."""

from __future__ import annotations

import re

import pytest

from support import NEXT_STEP_SHOWN, all_paths, describe_violations, real_guides, run_axe, send_answer
from veiviser import Question

pytestmark = pytest.mark.browser

PATHS = all_paths()


def answer_cover(params: tuple) -> list:
    """Fewest paths (greedily) that together choose every answer of every question, «usikker» too."""
    chosen = []
    for guide in real_guides():
        paths = [p for p in params if p.values[0] is guide]
        left = {c for p in paths for c in p.values[1].choices}
        while left:
            best = max(paths, key=lambda p: (len(left & set(p.values[1].choices)), -len(p.values[1].choices)))
            chosen.append(best)
            left -= set(best.values[1].choices)
    return chosen


KEYBOARD_PATHS = answer_cover(PATHS)


def expected_answer(guide, question_id, choice) -> str:
    question = guide.steps[question_id]
    return "Jeg er usikker" if choice is None else question.answers[choice].plain


@pytest.fixture(scope="module")
def no_js_page(browser):
    context = browser.new_context(java_script_enabled=False)
    yield context.new_page()
    context.close()


@pytest.fixture(scope="module")
def js_page(browser):
    context = browser.new_context()
    page = context.new_page()
    errors = []
    page.on("pageerror", lambda e: errors.append(str(e)))
    yield page
    context.close()
    assert not errors, errors


@pytest.mark.parametrize("guide", real_guides(), ids=lambda g: g.id)
def test_every_path_without_javascript(no_js_page, base_url, guide):
    """Without JavaScript a guide is static pages, one per step, that hold no state: a path is the
    chain of its links, so following every link once (from the guide's first page and from every
    question's page) and checking the page it opens walks every path."""
    page = no_js_page
    for name, question in [("index", guide.steps[guide.start]), *((q.id, q) for q in guide.questions)]:
        targets = [a.target for a in question.answers] + ([question.unsure_target] if question.unsure_target else [])
        for index, target in enumerate(targets):
            page.goto(f"{base_url}veivisere/{guide.id}/{name}.html")
            heading = page.locator("article h2, article h1").filter(has_text=question.text).first
            assert heading.is_visible()
            links = page.locator(".veiviser-svarlenker a")
            assert links.count() == len(targets)
            links.nth(index).click()
            page.wait_for_load_state()
            assert page.url.endswith(f"veivisere/{guide.id}/{target}.html")
            step = guide.steps[target]
            if isinstance(step, Question):
                assert page.locator("article h2, article h1").filter(has_text=step.text).first.is_visible()
            else:
                assert page.locator("article h1").inner_text().strip() == step.verdict


@pytest.mark.parametrize("guide,path", PATHS)
def test_every_path_with_javascript(js_page, base_url, guide, path):
    page = js_page
    url = f"{base_url}veivisere/{guide.id}/index.html"
    if not page.url.startswith(url):
        page.goto(url)
    page.locator("[data-start]").click()
    for number, (question_id, choice) in enumerate(path.choices, start=1):
        form = page.locator("form.veiviser-skjema")
        assert form.locator("h2").inner_text() == guide.steps[question_id].text
        assert page.locator("form.veiviser-skjema").count() == 1  # one question at a time
        assert re.match(rf"Spørsmål {number} av (høyst )?\d+", page.locator("[data-fremdrift-tekst]").inner_text())
        form.locator("input[name=svar]").nth(len(guide.steps[question_id].answers) if choice is None else choice).check()
        assert page.url.count("svar=") == (1 if number > 1 else 0) or number == 1  # no auto-advance
        send_answer(page, form)
    outcome = guide.steps[path.outcome]
    assert page.locator(".veiviser-resultat h2").first.inner_text() == outcome.verdict
    assert page.evaluate("document.activeElement.tagName") == "H2"
    assert page.title().startswith(outcome.verdict)
    token = ".".join("u" if c is None else str(c) for _, c in path.choices)
    assert page.url.endswith(f"#svar={token}")
    summary = page.locator("[data-oppsummering-liste]").inner_text()
    document = page.locator("[data-dokumentasjon-tekst]").inner_text()
    assert guide.title in document and f"versjon {guide.version}" in document
    for question_id, choice in path.choices:
        answer = expected_answer(guide, question_id, choice)
        assert guide.steps[question_id].text in summary and answer in summary
        assert f"Svar: {answer}" in document
    assert f"Resultat: {outcome.verdict}" in document


@pytest.mark.parametrize("guide,path", KEYBOARD_PATHS)
def test_every_answer_by_keyboard_only(js_page, base_url, guide, path):
    # Which outcome each path gives is proven by mouse above for every path; here the keyboard
    # reaches, chooses and sends every answer of every question at least once.
    page = js_page
    page.goto(f"{base_url}veivisere/{guide.id}/index.html")
    page.locator("body").focus()
    for question_id, choice in path.choices:
        question = guide.steps[question_id]
        # Focus is on the page or the new question's heading; Tab reaches the first answer.
        for _ in range(60):
            page.keyboard.press("Tab")
            if page.evaluate("document.activeElement.name === 'svar'"):
                break
        else:
            pytest.fail("Tab never reached the answers")
        index = len(question.answers) if choice is None else choice
        page.keyboard.press("Space")  # the first answer becomes checked
        for _ in range(index):
            page.keyboard.press("ArrowDown")
        checked = page.evaluate("document.querySelector('form.veiviser-skjema input:checked').value")
        assert checked == ("u" if choice is None else str(choice))
        page.keyboard.press("Tab")
        assert page.evaluate("document.activeElement.type") == "submit"
        page.keyboard.press("Enter")
        page.wait_for_function(NEXT_STEP_SHOWN)  # focus moves to the next step's heading
    assert page.locator(".veiviser-resultat h2").first.inner_text() == guide.steps[path.outcome].verdict


# -----------------------------------------------------------------------------
# Behaviour of the one-question-at-a-time mode
# -----------------------------------------------------------------------------

GUIDE = "svare-pa-innlegg"


def open_guide(page, base_url, hash_=""):
    page.goto(f"{base_url}veivisere/{GUIDE}/index.html{hash_}")
    page.locator("[data-steg-plass] h2").first.wait_for()


def answer(page, index):
    page.locator("form.veiviser-skjema input[name=svar]").nth(index).check()
    send_answer(page)


def heading(page):
    return page.locator("[data-steg-plass] h2").first.inner_text()


def test_next_without_an_answer_shows_an_error_and_does_not_advance(page, base_url, guides):
    open_guide(page, base_url)
    first = heading(page)
    page.locator("form.veiviser-skjema button[type=submit]").click()
    assert page.locator("[data-feil]").is_visible()
    assert page.locator("fieldset").get_attribute("aria-invalid") == "true"
    assert page.evaluate("document.activeElement.name") == "svar"
    assert heading(page) == first


def test_back_forward_and_shared_links(page, base_url, guides):
    guide = next(g for g in guides if g.id == GUIDE)
    open_guide(page, base_url)
    first = heading(page)
    answer(page, 0)
    second = heading(page)
    assert second != first
    page.go_back()
    page.wait_for_function("t => document.querySelector('[data-steg-plass] h2').textContent === t", arg=first)
    assert page.locator("form.veiviser-skjema input:checked").get_attribute("value") == "0"
    assert page.evaluate("document.activeElement.tagName") == "H2"
    page.go_forward()
    page.wait_for_function("t => document.querySelector('[data-steg-plass] h2').textContent === t", arg=second)
    shared = page.url
    other = page.context.new_page()
    other.goto(shared)
    other.locator("[data-steg-plass] h2").wait_for()
    assert other.locator("[data-steg-plass] h2").first.inner_text() == second
    other.close()
    assert guide.steps[guide.start].text == first


def test_change_an_earlier_answer_and_start_again(page, base_url, guides):
    guide = next(g for g in guides if g.id == GUIDE)
    path = next(p for p in all_paths() if p.values[0].id == GUIDE and len(p.values[1].choices) >= 2).values[1]
    open_guide(page, base_url, "#svar=" + ".".join("u" if c is None else str(c) for _, c in path.choices))
    assert page.locator(".veiviser-resultat").count() == 1
    page.locator(".veiviser-endre").first.click()
    assert heading(page) == guide.steps[guide.start].text
    first_choice = path.choices[0][1]
    assert page.locator("form.veiviser-skjema input:checked").get_attribute("value") == str(first_choice)
    assert page.evaluate("document.activeElement.tagName") == "H2"
    page.locator("[data-start]").click()
    assert heading(page) == guide.steps[guide.start].text
    assert page.locator("[data-oppsummering]").is_hidden()
    assert "#svar=" not in page.url


def test_new_question_is_announced_politely(page, base_url):
    open_guide(page, base_url)
    answer(page, 0)
    region = page.locator("[data-kunngjoring]")
    assert region.get_attribute("aria-live") == "polite"
    page.wait_for_function("() => document.querySelector('[data-kunngjoring]').textContent.length > 0")
    assert heading(page) in region.inner_text()


def test_copy_text_of_an_outcome(context, base_url, guides):
    context.grant_permissions(["clipboard-read", "clipboard-write"])
    guide = next(g for g in guides if g.id == GUIDE)
    outcome = next(o for o in guide.outcomes if o.copy_text)
    path = next(p for p in all_paths() if p.values[0].id == GUIDE and p.values[1].outcome == outcome.id).values[1]
    page = context.new_page()
    open_guide(page, base_url, "#svar=" + ".".join("u" if c is None else str(c) for _, c in path.choices))
    page.locator(".veiviser-kopi button[data-kopier]").click()
    assert page.evaluate("navigator.clipboard.readText()") == outcome.copy_text.strip()
    page.locator("[data-dokumentasjon] button[data-kopier]").click()
    assert page.evaluate("navigator.clipboard.readText()").startswith(f"Veiviser: {guide.title}")


@pytest.mark.parametrize("guide", real_guides(), ids=lambda g: g.id)
def test_axe_on_questions_errors_and_outcomes(page, base_url, guide):
    paths = [p.values[1] for p in all_paths() if p.values[0].id == guide.id]
    page.goto(f"{base_url}veivisere/{guide.id}/index.html")
    page.locator("form.veiviser-skjema button[type=submit]").click()  # error state
    states = [describe_violations(run_axe(page))]
    for path in paths[:: max(1, len(paths) // 3)]:
        token = ".".join("u" if c is None else str(c) for _, c in path.choices)
        page.goto(f"{base_url}veivisere/{guide.id}/index.html#svar={token}")
        page.reload()
        page.locator(".veiviser-resultat").wait_for()
        page.locator("details.veiviser-oversikt summary").click()
        states.append(describe_violations(run_axe(page)))
    assert not any(states), f"{guide.id}: " + "\n".join(s for s in states if s)


def test_print_shows_the_overview(page, base_url):
    open_guide(page, base_url)
    page.emulate_media(media="print")
    page.evaluate("window.dispatchEvent(new Event('beforeprint'))")
    page.locator("details.veiviser-oversikt svg").wait_for()  # from the steps file, after the page
    assert page.locator("details.veiviser-oversikt svg").is_visible()
    assert page.locator("details.veiviser-oversikt table").is_visible()
    assert page.locator(".veiviser-knapper").is_hidden()
