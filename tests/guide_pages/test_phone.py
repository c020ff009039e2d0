"""The guides on a 360 × 800 phone, in Chromium: every newly focused heading is fully visible below
the sticky header and not covered by «Tilbake til toppen»; the first question and its answers start
on the first screen; in a practice case the verdict comes before the guide's result; «Tilbake til
toppen» never covers the progress line (on a laptop neither), in both colour schemes."""

from __future__ import annotations

import pytest

from support import ROOT, SETTLED, describe_violations, real_guides, run_axe, send_answer
from veiviser import enumerate_paths, load_cases

pytestmark = pytest.mark.browser

PHONE = {"width": 360, "height": 800}

# Where the focused element is, against the bars that stay on top of the page.
FOCUSED_HEADING = """() => {
  const heading = document.activeElement
  const box = heading.getBoundingClientRect()
  let cover = 0
  for (const bar of document.querySelectorAll(".md-header, .md-top")) {
    const style = getComputedStyle(bar)
    if (style.display !== "none" && style.opacity !== "0" && !bar.hidden) cover = Math.max(cover, bar.getBoundingClientRect().bottom)
  }
  const header = document.querySelector(".md-header").getBoundingClientRect().bottom
  const drawn = document.elementFromPoint(box.left + box.width / 2, box.top + box.height / 2)
  return {tag: heading.tagName, text: heading.textContent.trim(), top: box.top, bottom: box.bottom,
          header, cover, height: innerHeight, inside: heading.contains(drawn),
          drawn: drawn ? drawn.className || drawn.tagName : null}
}"""


@pytest.fixture
def phone(browser, request):
    """A phone page, light unless the test asks for "dark" (parametrize "phone" with indirect=True)."""
    scheme = getattr(request, "param", "light")
    context = browser.new_context(viewport=PHONE, locale="nb-NO", has_touch=True, color_scheme=scheme)
    page = context.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    yield page
    context.close()
    assert not errors, errors


def longest_path(guide):
    return max(enumerate_paths(guide), key=lambda path: len(path.choices))


def answer(page, guide, question_id, choice) -> None:
    """Tick the answer and press «Neste» the way a reader does who has scrolled down the page."""
    form = page.locator("form.veiviser-skjema")
    form.locator("input[name=svar]").nth(len(guide.steps[question_id].answers) if choice is None else choice).check()
    page.evaluate("window.scrollTo(0, document.documentElement.scrollHeight)")
    send_answer(page, form)


def assert_heading_visible(page, where: str) -> None:
    # Material shows or hides «Tilbake til toppen» after a scroll; let it settle before looking.
    page.wait_for_timeout(400)
    page.wait_for_function(SETTLED)
    seen = page.evaluate(FOCUSED_HEADING)
    assert seen["tag"] in ("H1", "H2"), f"{where}: focus is on {seen['tag']}"
    assert seen["top"] >= seen["header"], f"{where}: «{seen['text']}» starts under the header: {seen}"
    assert seen["top"] >= seen["cover"], f"{where}: «{seen['text']}» is under «Tilbake til toppen»: {seen}"
    assert seen["bottom"] <= seen["height"], f"{where}: «{seen['text']}» runs below the screen: {seen}"
    assert seen["inside"], f"{where}: something else is drawn over «{seen['text']}»: {seen['drawn']}"


@pytest.mark.parametrize("guide", real_guides(), ids=lambda g: g.id)
def test_every_focused_heading_is_visible_on_a_phone(phone, base_url, guide):
    phone.goto(f"{base_url}veivisere/{guide.id}/index.html")
    path = longest_path(guide)
    for depth, (question_id, choice) in enumerate(path.choices, start=1):
        answer(phone, guide, question_id, choice)
        assert_heading_visible(phone, f"{guide.id}, after answer {depth}")
    assert phone.locator(".veiviser-resultat h2").first.inner_text() == guide.steps[path.outcome].verdict
    # Back again: the previous question gets focus, and is visible too.
    phone.evaluate("window.scrollTo(0, document.documentElement.scrollHeight)")
    phone.locator("[data-tilbake]").click()
    assert_heading_visible(phone, f"{guide.id}, after «Tilbake»")


@pytest.mark.parametrize("guide", real_guides(), ids=lambda g: g.id)
def test_first_question_and_its_answers_start_on_the_first_phone_screen(phone, base_url, guide):
    phone.goto(f"{base_url}veivisere/{guide.id}/index.html")
    first_answer = phone.locator("form.veiviser-skjema .veiviser-valg__rad").first
    box = first_answer.bounding_box()
    assert box["y"] + box["height"] <= PHONE["height"], f"{guide.id}: the first answer is below the first screen: {box}"


def test_practice_case_answered_wrongly_gives_the_verdict_before_the_result(phone, base_url):
    guides = {g.id: g for g in real_guides()}
    checked = 0
    for case in load_cases(ROOT / "decision_trees/ovelser", list(guides.values())):
        guide = guides[case.guide]
        wrong = next((p for p in enumerate_paths(guide) if p.outcome != case.outcome), None)
        if wrong is None:
            continue
        phone.goto(f"{base_url}ov-deg/{case.id}.html")
        for question_id, choice in wrong.choices:
            answer(phone, guide, question_id, choice)
        verdict = phone.locator("[data-fasit-dom]")
        assert verdict.inner_text().startswith("Ikke helt"), case.id
        result = phone.locator(".veiviser-resultat").first
        assert verdict.bounding_box()["y"] < result.bounding_box()["y"], f"{case.id}: the result comes before the verdict"
        assert phone.evaluate("document.activeElement.textContent.trim()") == "Fasit", case.id
        assert_heading_visible(phone, case.id)
        checked += 1
        if checked == 3:
            break
    assert checked == 3


# The boxes of «Tilbake til toppen», the progress line and the focused heading, as drawn now.
BARS = """() => {
  const box = element => { const b = element.getBoundingClientRect(); return {top: b.top, bottom: b.bottom, left: b.left, right: b.right} }
  const top = document.querySelector(".md-top")
  return {shown: !top.hidden && getComputedStyle(top).opacity === "1", top: box(top),
          header: document.querySelector(".md-header").getBoundingClientRect().bottom, height: innerHeight,
          progress: box(document.querySelector(".veiviser-app .veiviser-fremdrift")),
          text: document.querySelector("[data-fremdrift-tekst]").textContent, focused: box(document.activeElement)}
}"""


# How far to scroll to bring the progress line level with «Tilbake til toppen» (negative: up).
LEVEL_WITH_BUTTON = """() => document.querySelector(".veiviser-app .veiviser-fremdrift").getBoundingClientRect().top
  - parseFloat(getComputedStyle(document.querySelector(".md-top")).top)"""


def overlap(a: dict, b: dict) -> bool:
    return a["top"] < b["bottom"] and b["top"] < a["bottom"] and a["left"] < b["right"] and b["left"] < a["right"]


def assert_top_button_covers_nothing(page, where: str) -> None:
    """«Tilbake til toppen» shows, and the progress line is in view below the header and the button."""
    page.wait_for_function("() => !document.querySelector('.md-top').hidden")
    page.wait_for_function(SETTLED)
    seen = page.evaluate(BARS)
    assert seen["shown"], f"{where}: «Tilbake til toppen» does not show: {seen}"
    assert seen["progress"]["top"] >= seen["header"] and seen["progress"]["bottom"] <= seen["height"], \
        f"{where}: the progress line «{seen['text']}» is not in view below the header: {seen}"
    assert not overlap(seen["top"], seen["progress"]), \
        f"{where}: «Tilbake til toppen» covers the progress line «{seen['text']}»: {seen}"
    assert not overlap(seen["top"], seen["focused"]), f"{where}: «Tilbake til toppen» covers the focused heading: {seen}"


def two_questions_in(guide):
    """A path with at least three questions, so two answers leave a question on the screen."""
    return next(p for p in enumerate_paths(guide) if len(p.choices) >= 3).choices[:2]


@pytest.mark.parametrize("width", [PHONE["width"], 1280])
@pytest.mark.parametrize("phone", ["light", "dark"], indirect=True)
@pytest.mark.parametrize("kind", ["guide", "practice-case"])
def test_back_to_top_does_not_cover_the_progress_line(phone, base_url, kind, width):
    """The reader scrolls down to «Neste», the page moves up to the next question, and Material shows
    «Tilbake til toppen» (the page scrolled up); then the reader scrolls down and up again."""
    guides = {g.id: g for g in real_guides()}
    if kind == "guide":
        guide, address = guides["svare-pa-innlegg"], "veivisere/svare-pa-innlegg/index.html"
    else:
        case = next(c for c in load_cases(ROOT / "decision_trees/ovelser", list(guides.values()))
                    if any(len(p.choices) >= 3 for p in enumerate_paths(guides[c.guide])))
        guide, address = guides[case.guide], f"ov-deg/{case.id}.html"
    phone.set_viewport_size({"width": width, "height": PHONE["height"]})
    phone.goto(base_url + address)
    for question_id, choice in two_questions_in(guide):
        answer(phone, guide, question_id, choice)
    where = f"{address} at {width} px"
    assert_top_button_covers_nothing(phone, f"{where}, after «Neste»")
    # Down, and up again until the progress line is level with the button: the worst place for it.
    phone.mouse.wheel(0, 400)
    phone.wait_for_function("() => document.querySelector('.md-top').hidden")
    phone.mouse.wheel(0, phone.evaluate(LEVEL_WITH_BUTTON))
    assert_top_button_covers_nothing(phone, f"{where}, scrolled down and up to the button")
    violations = run_axe(phone)
    assert not violations, describe_violations(violations)
