"""The dark scheme: it follows the system setting, the header's button switches it, and the pages
have zero axe violations in it (the light scheme is checked on every page in test_browser_pages.py)."""

from __future__ import annotations

import pytest

from support import PARTS, contrast, describe_violations, luminance, over, part_of, rgb, run_axe, send_answer

pytestmark = pytest.mark.browser


def dark_pages(site) -> list[str]:
    """Every page but the guides' one-step pages and the practice cases, and of those the first and
    the last of each guide and of the cases: pages of one template differ in their text, not in their
    colours (the light scheme checks every page with every rule, test_browser_pages.py)."""
    names = sorted(p.relative_to(site).as_posix() for p in site.rglob("*.html") if p.name != "404.html")
    groups: dict[str, list[str]] = {}
    for name in names:
        parts = name.split("/")
        if parts[0] == "veivisere" and len(parts) == 3 and parts[2] not in ("index.html", "oversikt.html"):
            groups.setdefault(parts[1], []).append(name)
        elif parts[0] == "ov-deg" and len(parts) == 2 and parts[1] != "index.html":
            groups.setdefault("ov-deg", []).append(name)
    grouped = {name for group in groups.values() for name in group}
    chosen = {s for group in groups.values() for s in (group[0], group[-1])}
    return [n for n in names if n not in grouped or n in chosen]


@pytest.fixture
def dark(browser):
    context = browser.new_context(locale="nb-NO", color_scheme="dark", viewport={"width": 1280, "height": 900})
    page = context.new_page()
    yield page
    context.close()


def test_the_site_follows_a_dark_system_setting_and_the_button_switches(dark, base_url):
    dark.goto(base_url + "index.html")
    assert dark.evaluate("document.body.getAttribute('data-md-color-scheme')") == "slate"
    background = dark.evaluate("getComputedStyle(document.body).backgroundColor")
    dark.get_by_title("Bytt til lys visning").click()
    assert dark.evaluate("document.body.getAttribute('data-md-color-scheme')") == "kommune"
    assert dark.evaluate("getComputedStyle(document.body).backgroundColor") != background
    dark.goto(base_url + "begreper.html")  # the choice is remembered
    assert dark.evaluate("document.body.getAttribute('data-md-color-scheme')") == "kommune"


@pytest.mark.parametrize("part", range(PARTS), ids=lambda n: f"part{n + 1}of{PARTS}")
def test_zero_axe_violations_in_the_dark_scheme(dark, site, base_url, part):
    failures = []
    checked = part_of(dark_pages(site), part)
    for name in checked:
        dark.goto(base_url + name)
        violations = run_axe(dark)
        if violations:
            failures.append(f"{name}:\n{describe_violations(violations)}")
    assert checked and not failures, "\n\n".join(failures)


def test_zero_axe_violations_in_the_dark_scheme_in_a_guide_and_a_practice_case(dark, base_url):
    dark.goto(base_url + "veivisere/krise/index.html#svar=0.0.0")
    dark.reload()
    dark.locator("details.veiviser-oversikt > summary").click()
    dark.locator("details.veiviser-oversikt svg").wait_for()
    assert not run_axe(dark), describe_violations(run_axe(dark))
    dark.goto(base_url + "ov-deg/index.html")
    dark.locator("article .veiviser-ovelser a").first.click()
    dark.locator("form.veiviser-skjema input[name=svar]").first.check()
    send_answer(dark)
    assert not run_axe(dark), describe_violations(run_axe(dark))


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_the_progress_line_is_a_quiet_track_with_a_fill_that_stands_out(browser, base_url, scheme):
    # The track is a faint line on the page in both schemes (it was a near-white bar in the dark one),
    # and the part filled stands out from it (3:1, as for other graphics).
    context = browser.new_context(locale="nb-NO", color_scheme=scheme, viewport={"width": 360, "height": 800})
    try:
        page = context.new_page()
        page.goto(base_url + "veivisere/svare-pa-innlegg/index.html")
        page.locator("form.veiviser-skjema input[name=svar]").first.check()
        send_answer(page)
        page.wait_for_function("() => parseFloat(getComputedStyle(document.querySelector('[data-fremdrift-fyll]')).width) > 0")
        ground = rgb(page.evaluate("getComputedStyle(document.body).backgroundColor"))
        track = over(page.locator(".veiviser-fremdrift__spor").evaluate("e => getComputedStyle(e).backgroundColor"), ground)
        fill = over(page.locator(".veiviser-fremdrift__fyll").evaluate("e => getComputedStyle(e).backgroundColor"), track)
        assert contrast(track, ground) < 3, (scheme, track, ground)
        assert contrast(fill, track) >= 3, (scheme, fill, track)
    finally:
        context.close()


# Every drawn part of a guide's diagram with its colours as the browser computes them: text with the
# fill of the box it stands in (none for an answer's text), lines and box edges.
DIAGRAM_COLOURS = """svg => {
  const style = e => getComputedStyle(e)
  const attribute = (e, name) => { for (; e && e !== svg.parentNode; e = e.parentNode) if (e.getAttribute(name)) return e.getAttribute(name) }
  const part = (e, kind, colour, name) => ({kind, colour, drawn: attribute(e, name), text: e.textContent.trim()})
  return [
    ...[...svg.querySelectorAll('text')].map(t => ({...part(t, 'text', style(t).fill, 'fill'),
        box: t.closest('.boks') && style(t.closest('.boks').querySelector('rect')).fill})),
    ...[...svg.querySelectorAll('.piler path')].map(p => part(p, 'line', style(p).stroke, 'stroke')),
    ...[...svg.querySelectorAll('.pilspisser polygon')].map(p => part(p, 'arrowhead', style(p).fill, 'fill')),
    ...[...svg.querySelectorAll('.boks rect')].map(r => ({...part(r, 'box edge', style(r).stroke, 'stroke'),
        fill: style(r).fill, drawnFill: attribute(r, 'fill')})),
  ]
}"""


def _hex(colour: tuple) -> str:
    return "#" + "".join(f"{round(c):02x}" for c in colour[:3])


def _long(hex_colour: str) -> str:
    """«#abc» as «#aabbcc»."""
    digits = hex_colour.lower().lstrip("#")
    return "#" + ("".join(c * 2 for c in digits) if len(digits) == 3 else digits)


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_the_diagram_follows_the_scheme_and_every_part_stands_out(browser, base_url, scheme):
    """A guide's diagram on a dark ground in the dark scheme (it was a white rectangle on the dark
    page); in both schemes its text 4.5:1 against its box or ground, its lines, arrowheads and box
    edges 3:1 against the ground. The light scheme keeps the colours the template draws (as in the PDF)."""
    context = browser.new_context(locale="nb-NO", color_scheme=scheme, viewport={"width": 1280, "height": 900})
    try:
        page = context.new_page()
        page.goto(base_url + "veivisere/svare-pa-innlegg/oversikt.html")
        box = page.locator(".veiviser-diagram__rulle")
        page_ground = rgb(page.evaluate("getComputedStyle(document.body).backgroundColor"))
        ground = over(box.evaluate("e => getComputedStyle(e).backgroundColor"), page_ground)
        if scheme == "dark":
            assert luminance(ground) < 0.05, f"the diagram's ground is not dark: {_hex(ground)}"
        else:
            assert _hex(ground) == "#ffffff"
        parts = box.locator("svg").evaluate(DIAGRAM_COLOURS)
        assert {p["kind"] for p in parts} == {"text", "line", "arrowhead", "box edge"}
        failures = set()
        for p in parts:
            colour = over(p["colour"], ground)
            if p["kind"] == "text":
                behind = over(p["box"], ground) if p["box"] else ground
                if contrast(colour, behind) < 4.5:
                    failures.add(f"text «{p['text']}» {_hex(colour)} on {_hex(behind)}: "
                                 f"{contrast(colour, behind):.2f}:1 (4.5 needed)")
            elif contrast(colour, ground) < 3:
                failures.add(f"{p['kind']} {_hex(colour)} on {_hex(ground)}: {contrast(colour, ground):.2f}:1 (3 needed)")
            if scheme == "light":  # the template's own colours, untouched by the stylesheet
                drawn = {(p["drawn"], _hex(colour))} | ({(p["drawnFill"], _hex(over(p["fill"], ground)))}
                                                      if p["kind"] == "box edge" else set())
                failures |= {f"{p['kind']} drawn {a}, shown {b}" for a, b in drawn if _long(a) != b}
        assert not failures, "\n".join(sorted(failures))
        if scheme == "dark":
            violations = run_axe(page)
            assert not violations, describe_violations(violations)
    finally:
        context.close()
