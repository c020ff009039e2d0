"""One visual system, in Chromium on the real site: every box is one of the handbook's kinds
(hooks/bokser.py, overrides/assets/stylesheets/bokser.css) with the kind's label and an icon no other
kind has, in colours that pass WCAG AA in both schemes; page titles are the strongest headings; a
glossary term in a link has one underline. A box that can be closed (`??? kind`, `???+ kind`) looks like
the open box of its kind, with a marker that turns, and opens and closes from the keyboard."""

from __future__ import annotations

import re

import bokser
import pytest
from bs4 import BeautifulSoup

from support import SETTLED, contrast, describe_violations, over, rgb, run_axe

pytestmark = pytest.mark.browser

SCHEMES = ("light", "dark")


def boxes_by_kind(pages, site) -> dict[str, list[str]]:
    """The pages of the built site that show a box of each kind (those outside <template>: shown as is)."""
    found: dict[str, list[str]] = {}
    for path in pages:
        soup = BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")
        for template in soup.find_all("template"):
            template.decompose()
        for box in soup.select("article :is(div, details).admonition"):
            found.setdefault(box["class"][1], []).append(path.relative_to(site).as_posix())
    return found


@pytest.fixture(scope="module")
def examples(pages, site) -> dict[str, str]:
    """One page per kind: the first that shows it."""
    found = boxes_by_kind(pages, site)
    return {kind: sorted(set(names))[0] for kind, names in found.items()}


@pytest.fixture
def schemed(browser, request):
    contexts = []

    def open_page(scheme: str, width: int = 1280):
        context = browser.new_context(locale="nb-NO", color_scheme=scheme, viewport={"width": width, "height": 900})
        contexts.append(context)
        return context.new_page()
    yield open_page
    for context in contexts:
        context.close()


def test_every_box_on_the_site_is_one_of_the_kinds_and_every_kind_is_used(pages, site):
    found = boxes_by_kind(pages, site)
    assert set(found) == set(bokser.KINDS), f"kinds on the site: {sorted(found)}; defined: {sorted(bokser.KINDS)}"
    # The guides' outcomes live in <template>s too; they use the same kind.
    text = "\n".join(p.read_text(encoding="utf-8") for p in pages)
    kinds = set(re.findall(r'class="admonition ([\w-]+)', text))
    assert kinds == set(bokser.KINDS), kinds


# Each kind's boxes: class, label, icon, colours. Read in the browser, as the reader sees them.
BOX_FACTS = """kind => [...document.querySelectorAll("article div.admonition." + kind)].map(box => {
  const title = box.querySelector(":scope > .admonition-title")
  const icon = title && getComputedStyle(title, "::before")
  return {
    classes: [...box.classList],
    label: title ? title.innerText.replace(/\\s+/g, " ").trim() : "",
    visible: !!title && title.getBoundingClientRect().height > 0,
    icon: icon ? icon.maskImage || icon.webkitMaskImage : "none",
    iconColour: icon ? icon.backgroundColor : "",
    iconWidth: icon ? parseFloat(icon.width) : 0,
    boxGround: getComputedStyle(box).backgroundColor,
    border: getComputedStyle(box).borderLeftColor,
    labelColour: title ? getComputedStyle(title).color : "",
    titleGround: title ? getComputedStyle(title).backgroundColor : "",
  }
})"""


@pytest.mark.parametrize("scheme", SCHEMES)
def test_each_kind_has_its_class_label_and_an_icon_of_its_own_in_colours_that_pass_aa(schemed, base_url, examples, scheme):
    page = schemed(scheme)
    icons: dict[str, set[str]] = {}
    for kind, name in bokser.KINDS.items():
        assert kind in examples, f"no page shows a box of the kind {kind!r}"
        page.goto(base_url + examples[kind])
        page.wait_for_load_state("networkidle")
        page_ground = rgb(page.evaluate("getComputedStyle(document.body).backgroundColor"))
        boxes = page.evaluate(BOX_FACTS, kind)
        assert boxes, f"{examples[kind]}: no box of the kind {kind!r}"
        for box in boxes:
            where = f"{examples[kind]} ({scheme}), {kind}"
            assert box["classes"][:2] == ["admonition", kind], where
            assert box["visible"] and box["label"].casefold().startswith(name.casefold()), (where, box["label"])
            assert box["icon"].startswith("url(") and box["iconWidth"] > 0, (where, box["icon"])
            icons.setdefault(kind, set()).add(box["icon"])
            box_ground = over(box["boxGround"], page_ground)
            title_ground = over(box["titleGround"], box_ground)
            assert contrast(over(box["labelColour"], title_ground), title_ground) >= 4.5, (where, "label text")
            assert contrast(over(box["iconColour"], title_ground), title_ground) >= 3, (where, "icon")
            assert contrast(over(box["border"], page_ground), page_ground) >= 3, (where, "border")
    assert all(len(kind_icons) == 1 for kind_icons in icons.values()), "one kind, one icon"
    shared = [kind for kind in icons if any(icons[kind] == icons[other] for other in icons if other != kind)]
    assert not shared, f"kinds sharing an icon: {shared}"


@pytest.mark.parametrize("scheme", SCHEMES)
def test_no_axe_violations_on_the_pages_with_each_kind(schemed, base_url, examples, scheme):
    page = schemed(scheme)
    failures = []
    for name in sorted(set(examples.values())):
        page.goto(base_url + name)
        page.wait_for_load_state("networkidle")
        violations = run_axe(page)
        if violations:
            failures.append(f"{name} ({scheme}):\n{describe_violations(violations)}")
    assert not failures, "\n\n".join(failures)


# -----------------------------------------------------------------------------
# Headings and glossary terms
# -----------------------------------------------------------------------------

HEADINGS = """() => [...document.querySelectorAll("article h1, article h2, article h3")]
  .filter(h => h.getBoundingClientRect().height > 0 && !h.closest(".admonition:not(.resultat)"))
  .map(h => ({tag: h.tagName, text: h.innerText.slice(0, 40),
              weight: parseInt(getComputedStyle(h).fontWeight), size: parseFloat(getComputedStyle(h).fontSize)}))"""


@pytest.mark.parametrize("width", [360, 1280])
def test_the_page_title_is_at_least_as_strong_as_the_headings_under_it(schemed, base_url, examples, width):
    page = schemed("light", width)
    names = {"index.html", "sammendrag.html", "begreper.html", "veivisere/krise/index.html", *examples.values()}
    for name in sorted(names):
        page.goto(base_url + name)
        headings = page.evaluate(HEADINGS)
        titles = [h for h in headings if h["tag"] == "H1"]
        assert len(titles) == 1, (name, titles)
        title = titles[0]
        for heading in headings:
            assert title["weight"] >= heading["weight"], (name, width, title, heading)
            assert title["size"] >= heading["size"], (name, width, title, heading)
        assert title["weight"] >= 600, (name, title)


# Lines drawn under a term: the text decorations that reach it and its own bottom border.
UNDERLINES = """abbr => {
  let lines = 0
  for (let e = abbr; e && e !== document.body; e = e.parentElement) {
    if (getComputedStyle(e).textDecorationLine.includes("underline")) lines++
  }
  const own = getComputedStyle(abbr)
  if (own.borderBottomStyle !== "none" && parseFloat(own.borderBottomWidth) > 0) lines++
  return lines
}"""


def test_a_glossary_term_has_one_underline_in_a_link_and_out_of_one(schemed, base_url):
    page = schemed("light")
    page.goto(base_url + "index.html")
    in_links = page.locator("article a abbr[title]")
    assert in_links.count() >= 3, "the front page's rules link to chapters, with glossary terms in them"
    for i in range(in_links.count()):
        assert in_links.nth(i).evaluate(UNDERLINES) == 1, in_links.nth(i).inner_text()
    page.goto(base_url + "pa-vegne-av-kommunen.html")
    alone = page.locator("article p abbr[title]:not(a abbr)")
    assert alone.count() >= 1
    assert alone.first.evaluate(UNDERLINES) == 1, "a term outside a link is still marked, once"


# -----------------------------------------------------------------------------
# Boxes that can be closed: the page tests/handbok/fixtures/bokser/lukkbare.md (support.COLLAPSIBLE_PAGE)
# -----------------------------------------------------------------------------

# Every box on the page, as the reader sees it; the marker is Material's chevron (summary::after).
ALL_BOXES = """() => [...document.querySelectorAll("article .admonition")].map(box => {
  const title = box.querySelector(":scope > .admonition-title")
  const icon = getComputedStyle(title, "::before"), marker = getComputedStyle(title, "::after")
  const words = document.createRange()
  words.selectNodeContents(title)
  const titleBox = title.getBoundingClientRect()
  const body = [...box.children].filter(child => child !== title)
  return {
    tag: box.tagName.toLowerCase(), kind: box.classList[1], titleTag: title.tagName.toLowerCase(),
    open: box.tagName === "DETAILS" ? box.open : true,
    label: title.innerText.replace(/\\s+/g, " ").trim(),
    icon: icon.maskImage || icon.webkitMaskImage, iconColour: icon.backgroundColor, iconWidth: parseFloat(icon.width),
    marker: marker.maskImage || marker.webkitMaskImage, markerColour: marker.backgroundColor,
    markerWidth: parseFloat(marker.width), markerTransform: marker.transform,
    markerLeft: titleBox.right - parseFloat(marker.right) - parseFloat(marker.width),
    textRight: Math.max(...[...words.getClientRects()].map(r => r.right)),
    boxGround: getComputedStyle(box).backgroundColor, border: getComputedStyle(box).borderLeftColor,
    borderStyle: getComputedStyle(box).borderTopStyle, labelColour: getComputedStyle(title).color,
    titleGround: getComputedStyle(title).backgroundColor,
    text: body.map(child => child.textContent).join(" ").trim(),
    shown: body.some(child => child.checkVisibility() && child.getBoundingClientRect().height > 0),
  }
})"""

# What a kind's box that can be closed shares with its open box.
SAME_AS_OPEN_BOX = ("icon", "iconColour", "boxGround", "border", "borderStyle", "labelColour", "titleGround")


def _collapsible_page(schemed, url: str, scheme: str, width: int = 1280):
    page = schemed(scheme, width)
    errors: list[str] = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    page.on("console", lambda m: "Content Security Policy" in m.text and errors.append(m.text))
    page.js_errors = errors
    page.goto(url)
    page.wait_for_load_state("networkidle")
    return page


def _boxes(page) -> tuple[list[dict], dict[str, dict]]:
    boxes = page.evaluate(ALL_BOXES)
    return [b for b in boxes if b["tag"] == "details"], {b["kind"]: b for b in boxes if b["tag"] == "div"}


@pytest.mark.parametrize("width", [360, 1280])
@pytest.mark.parametrize("scheme", SCHEMES)
def test_a_box_that_can_be_closed_looks_like_the_open_box_of_its_kind(schemed, collapsible_url, scheme, width):
    page = _collapsible_page(schemed, collapsible_url, scheme, width)
    page_ground = rgb(page.evaluate("getComputedStyle(document.body).backgroundColor"))
    collapsible, open_boxes = _boxes(page)
    # ??? tips (closed), ???+ advarsel "Pass på ved kriser" (open), ??? merknad "En lang tittel …" (closed)
    assert [(b["kind"], b["open"], b["shown"]) for b in collapsible] == [
        ("tips", False, False), ("advarsel", True, True), ("merknad", False, False)]
    labels = [b["label"] for b in collapsible]
    assert labels[:2] == ["Tips", "ADVARSEL: Pass på ved kriser"], labels
    assert labels[2].startswith("MERKNAD FRA REDAKSJONEN: En lang tittel"), labels
    for box in collapsible:
        where = f"{scheme}, {width} px, ??? {box['kind']}"
        assert box["titleTag"] == "summary", where
        assert box["label"].casefold().startswith(bokser.KINDS[box["kind"]].casefold()), where
        same = {fact: box[fact] for fact in SAME_AS_OPEN_BOX}
        assert same == {fact: open_boxes[box["kind"]][fact] for fact in SAME_AS_OPEN_BOX}, where
        assert box["icon"].startswith("url(") and box["iconWidth"] > 0, where
        # The marker: Material's chevron, there, in a colour that shows, clear of the title's words.
        assert box["marker"].startswith("url(") and box["markerWidth"] > 0, where
        assert box["markerLeft"] >= box["textRight"] - 0.5, (where, "the title runs under the marker")
        box_ground = over(box["boxGround"], page_ground)
        title_ground = over(box["titleGround"], box_ground)
        assert contrast(over(box["labelColour"], title_ground), title_ground) >= 4.5, (where, "label text")
        assert contrast(over(box["iconColour"], title_ground), title_ground) >= 3, (where, "icon")
        assert contrast(over(box["markerColour"], title_ground), title_ground) >= 3, (where, "marker")
        assert contrast(over(box["border"], page_ground), page_ground) >= 3, (where, "border")
    assert not page.js_errors, page.js_errors


FOCUS_RING = """summary => {
  const style = getComputedStyle(summary)
  return {focused: document.activeElement === summary, style: style.outlineStyle,
          width: parseFloat(style.outlineWidth), colour: style.outlineColor, ground: style.backgroundColor}
}"""


@pytest.mark.parametrize("scheme", SCHEMES)
def test_a_box_that_can_be_closed_opens_and_closes_from_the_keyboard(schemed, collapsible_url, scheme):
    page = _collapsible_page(schemed, collapsible_url, scheme)
    summary = page.locator("article details.admonition.tips > summary")
    for _ in range(80):   # Tab through the page to the first box's title
        page.keyboard.press("Tab")
        if summary.evaluate("s => document.activeElement === s"):
            break
    ring = summary.evaluate(FOCUS_RING)
    assert ring["focused"], "Tab never reached the box's title"
    assert ring["style"] != "none" and ring["width"] >= 1, ring
    page_ground = rgb(page.evaluate("getComputedStyle(document.body).backgroundColor"))
    box_ground = over(summary.evaluate("s => getComputedStyle(s.parentElement).backgroundColor"), page_ground)
    assert contrast(over(ring["colour"], over(ring["ground"], box_ground)), over(ring["ground"], box_ground)) >= 3, ring

    content = page.locator("article details.admonition.tips > p")
    closed = summary.evaluate("s => getComputedStyle(s, '::after').transform")
    assert not content.is_visible()
    page.keyboard.press("Enter")
    page.wait_for_function(SETTLED)
    assert page.locator("article details.admonition.tips").evaluate("d => d.open")
    assert content.is_visible() and "les reglene før du svarer" in content.inner_text()
    assert summary.evaluate("s => getComputedStyle(s, '::after').transform") != closed, "the marker turns when open"
    page.keyboard.press("Space")
    page.wait_for_function(SETTLED)
    assert not page.locator("article details.admonition.tips").evaluate("d => d.open")
    assert not content.is_visible()
    assert summary.evaluate("s => getComputedStyle(s, '::after').transform") == closed
    assert not page.js_errors, page.js_errors


@pytest.mark.parametrize("scheme", SCHEMES)
def test_no_axe_violations_with_boxes_closed_and_open(schemed, collapsible_url, scheme):
    page = _collapsible_page(schemed, collapsible_url, scheme)
    failures = [f"closed ({scheme}):\n{describe_violations(v)}" for v in [run_axe(page)] if v]
    page.evaluate("() => document.querySelectorAll('article details').forEach(d => { d.open = true })")
    page.wait_for_function(SETTLED)
    assert all(b["shown"] for b in _boxes(page)[0])
    failures += [f"open ({scheme}):\n{describe_violations(v)}" for v in [run_axe(page)] if v]
    assert not failures, "\n\n".join(failures)


def test_a_box_that_can_be_closed_is_open_when_the_browser_prints_the_page(schemed, collapsible_url):
    page = _collapsible_page(schemed, collapsible_url, "light")
    assert [b["shown"] for b in _boxes(page)[0]] == [False, True, False]
    page.emulate_media(media="print")
    boxes = _boxes(page)[0]
    assert all(b["shown"] for b in boxes), "a closed box prints its content"
    assert page.evaluate("() => [...document.querySelectorAll('article details.admonition > summary')]"
                         ".every(s => getComputedStyle(s, '::after').display === 'none')"), "no marker on paper"
