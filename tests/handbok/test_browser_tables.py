"""Tables on a 360 px phone, in Chromium: no table runs off the screen unnoticed. Every table fits,
or sits in a box that scrolls sideways, shows a shadow at the edge that has more, and is a named
region the keyboard can reach and scroll (hooks/tabeller.py, kommune.css)."""

from __future__ import annotations

import pytest

from support import describe_violations, run_axe

pytestmark = pytest.mark.browser

PHONE = {"width": 360, "height": 800}
TABLES = """() => [...document.querySelectorAll("article table")].map(table => {
  const box = table.closest(".tabell")
  const right = Math.max(...[...table.querySelectorAll("th, td")].map(c => c.getBoundingClientRect().right))
  return {
    box: !!box, fits: table.getBoundingClientRect().width <= (box || table.parentElement).clientWidth + 1,
    scrolls: !!box && box.scrollWidth > box.clientWidth && ["auto", "scroll"].includes(getComputedStyle(box).overflowX),
    boxInside: !!box && box.getBoundingClientRect().right <= innerWidth,
    cellsPastBox: !!box && right > box.getBoundingClientRect().right + 1,
    focusable: !!box && box.tabIndex === 0, label: box && box.getAttribute("aria-label"),
    role: box && box.getAttribute("role"), shadow: !!box && getComputedStyle(box).backgroundImage.includes("radial-gradient"),
  }
})"""


def test_no_table_runs_off_a_phone_screen_unnoticed(browser, base_url, site, pages):
    context = browser.new_context(locale="nb-NO", viewport=PHONE)
    page = context.new_page()
    problems, scrolling = [], []
    for path in pages:
        if "<table" not in path.read_text(encoding="utf-8"):
            continue
        name = path.relative_to(site).as_posix()
        page.goto(base_url + name)
        width = page.evaluate("document.documentElement.scrollWidth")
        if width > PHONE["width"]:
            problems.append(f"{name}: the page is {width} px wide")
        for number, table in enumerate(page.evaluate(TABLES), 1):
            where = f"{name}, table {number}"
            if not table["box"]:
                problems.append(f"{where}: not in a .tabell box")
                continue
            if not (table["focusable"] and table["role"] == "region" and (table["label"] or "").startswith("Tabell")):
                problems.append(f"{where}: the box is not a focusable, named region ({table})")
            if not table["boxInside"]:
                problems.append(f"{where}: the box runs off the screen")
            if table["cellsPastBox"] and not table["scrolls"]:
                problems.append(f"{where}: cut off without scrolling")
            if table["scrolls"]:
                scrolling.append(name)
                if not table["shadow"]:
                    problems.append(f"{where}: scrolls without a shadow at the edge")
    context.close()
    assert not problems, "\n".join(problems)
    assert "om-handboka.html" in scrolling, "the change table («Står nå») should need scrolling at 360 px"


def test_a_wide_table_scrolls_by_keyboard_and_has_zero_axe_violations(browser, base_url):
    context = browser.new_context(locale="nb-NO", viewport=PHONE)
    page = context.new_page()
    page.goto(base_url + "om-handboka.html")
    box = page.get_by_role("region", name="Tabell: Redaksjonelle endringer")
    assert box.evaluate("e => e.scrollWidth > e.clientWidth")
    box.focus()
    assert box.evaluate("e => e === document.activeElement")
    page.keyboard.press("ArrowRight")
    page.keyboard.press("ArrowRight")
    page.wait_for_function("e => e.scrollLeft > 0", arg=box.element_handle())
    assert not run_axe(page), describe_violations(run_axe(page))
    context.close()
