"""Material's stylesheets, cut down by PurgeCSS at build time (hooks/rydd.py), draw every page
exactly as the full stylesheets do: screenshots of the same pages and states, pixel for pixel,
against a copy of the site that links Material's original files."""

from __future__ import annotations

import io
import shutil
from pathlib import Path

import material
import pytest
from PIL import Image, ImageChops

from support import SETTLED

pytestmark = pytest.mark.browser

ORIGINAL = Path(material.__file__).parent / "templates/assets/stylesheets"
PAGES = ["index.html", "pa-vegne-av-kommunen.html", "veivisere/svare-pa-innlegg/index.html",
         "veivisere/svare-pa-innlegg/send-til-postmottak.html", "ny-i-kommunen.html", "begreper.html"]
SIZES = {"mobil": (360, 740), "skjerm": (1280, 900)}


@pytest.fixture(scope="module")
def full_css_site(site, tmp_path_factory) -> Path:
    """The built site, but every page links Material's stylesheets as shipped."""
    copy = tmp_path_factory.mktemp("full-css") / "site"
    shutil.copytree(site, copy, ignore=shutil.ignore_patterns("*.gz", "*.br", "*.pdf", "sw.js"))
    for purged in (copy / "assets/stylesheets").glob("*.min.css"):
        kind = purged.name.split(".")[0]
        original = next(ORIGINAL.glob(f"{kind}.*.min.css"))
        shutil.copy(original, purged)
    return copy


def test_the_stylesheets_are_smaller(site):
    for purged in (site / "assets/stylesheets").glob("*.min.css"):
        original = next(ORIGINAL.glob(purged.name.split(".")[0] + ".*.min.css"))
        assert purged.name != original.name  # a new name: new content
        assert purged.stat().st_size < 0.6 * original.stat().st_size, purged.name


def shots(browser, root: Path, name: str, size: tuple[int, int]) -> list[bytes]:
    context = browser.new_context(viewport={"width": size[0], "height": size[1]}, locale="nb-NO",
                                  service_workers="block", reduced_motion="reduce")
    page = context.new_page()
    page.goto((root / name).as_uri())
    page.wait_for_load_state("load")
    page.wait_for_timeout(300)
    page.wait_for_function(SETTLED)
    # The search field's placeholder is drawn a shade differently from one full-page shot to the
    # next (the same site against itself too); the search state below shows the field.
    taken = [page.screenshot(full_page=True, animations="disabled", caret="hide",
                             mask=[page.locator(".md-search__form")])]
    if size[0] < 700:  # the navigation drawer
        page.locator("label.md-header__button[for=__drawer]").click()
    else:  # search with results
        page.locator("input.md-search__input").click()
        page.locator("input.md-search__input").press_sequentially("bilder", delay=10)
        page.wait_for_selector(".md-search-result__item", timeout=15000)
        page.wait_for_timeout(500)
    page.wait_for_timeout(500)
    page.wait_for_function(SETTLED)
    taken.append(page.screenshot(animations="disabled", caret="hide"))
    context.close()
    return taken


def differing_pixels(a: bytes, b: bytes) -> int:
    first, second = (Image.open(io.BytesIO(x)).convert("RGB") for x in (a, b))
    if first.size != second.size:
        return first.size[0] * first.size[1]
    difference = ImageChops.difference(first, second).convert("L")
    return first.size[0] * first.size[1] - difference.histogram()[0]


@pytest.mark.parametrize("size", SIZES)
@pytest.mark.parametrize("name", PAGES)
def test_pages_look_the_same_as_with_materials_full_stylesheets(browser, site, full_css_site, name, size):
    for _attempt in range(2):  # Material's scripts now and then draw a detail a moment late
        purged = shots(browser, site, name, SIZES[size])
        full = shots(browser, full_css_site, name, SIZES[size])
        differences = [differing_pixels(a, b) for a, b in zip(purged, full, strict=True)]
        if not any(differences):
            return
    assert differences == [0, 0], f"{name} ({size}): pixels that differ (page, menu or search): {differences}"
