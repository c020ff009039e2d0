"""Text from YAML can never inject markup or script: a tree full of attacks is built for real,
then checked in the HTML and walked in the browser with JavaScript on."""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path

import pytest
from bs4 import BeautifulSoup

from support import ROOT, mkdocs_build

FIXTURE = Path(__file__).parent / "fixtures/injeksjon"


@pytest.fixture(scope="module")
def attacked_site(tmp_path_factory):
    site = tmp_path_factory.mktemp("injeksjon")
    # The real guides too: the handbook's pages link to them, and a broken link stops the build.
    trees = tmp_path_factory.mktemp("injeksjon-trær") / "trær"
    shutil.copytree(ROOT / "decision_trees", trees)
    shutil.copy(FIXTURE / "injeksjon.yml", trees)
    for case in (FIXTURE / "ovelser").glob("*.yml"):  # every outcome needs a practice case
        shutil.copy(case, trees / "ovelser")
    mkdocs_build(site, trees=trees)
    return site


def guide_pages(site):
    return [site / "veivisere/index.html", *sorted((site / "veivisere/injeksjon").rglob("*.html"))]


def test_no_injected_element_attribute_or_link(attacked_site):
    pages = guide_pages(attacked_site)
    assert len(pages) == 6  # index, guide page, its overview page, three steps
    for path in pages:
        soup = BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")
        for script in soup.find_all("script"):
            assert script.get("src") or script.get("type") in ("application/json",) or "alert" not in script.text, path
        for template in soup.find_all("template"):
            inner = BeautifulSoup(template.decode_contents(), "html.parser")
            assert not inner.find_all(["script", "img", "iframe", "svg", "style"]), path
        assert not soup.find_all(["iframe", "style"]) or all("alert" not in s.text for s in soup.find_all("style"))
        assert not soup.select("img[onerror], svg[onload]")
        for element in soup.find_all(True):
            assert not any(name.startswith("on") for name in element.attrs), (path, element.name)
            for attribute in ("href", "src"):
                value = re.sub(r"\s", "", element.get(attribute, "")).lower()
                assert not value.startswith(("javascript:", "data:", "vbscript:")), (path, value)


def test_the_later_steps_file_holds_no_injected_markup(attacked_site):
    # The guide page's later steps are in steg-<hash>.js beside it (hooks/veiviser_steg.py).
    files = list((attacked_site / "veivisere/injeksjon").glob("steg-*.js"))
    assert len(files) == 1
    later = json.loads(files[0].read_text(encoding="utf-8").split('["injeksjon"] = ', 1)[1])
    steps = later["steg"]
    assert len(steps) == len(later["data"]) == 2  # the two outcomes after the first question
    # The page keeps the first step's data, rewritten by the hook: still no «<» in the block.
    page = (attacked_site / "veivisere/injeksjon/index.html").read_text(encoding="utf-8")
    block = re.search(r'<script type="application/json" data-veiviser-data[^>]*>(.*?)</script>', page, re.S)
    assert block and "<" not in block.group(1) and "\\u003cscript\\u003e" in block.group(1)
    for step_id, markup in steps.items():
        inner = BeautifulSoup(markup, "html.parser")
        assert inner.select("form, .veiviser-resultat"), step_id
        assert not inner.find_all(["script", "img", "iframe", "svg", "style"]), step_id
        for element in inner.find_all(True):
            assert not any(name.startswith("on") for name in element.attrs), (step_id, element.name)
            value = re.sub(r"\s", "", element.get("href", "")).lower()
            assert not value.startswith(("javascript:", "data:", "vbscript:")), (step_id, value)


def test_attack_text_is_shown_as_text(attacked_site):
    step = BeautifulSoup((attacked_site / "veivisere/injeksjon/forste.html").read_text(encoding="utf-8"), "html.parser")
    assert "<script>alert('sporsmal')</script>" in step.select_one("article h1").get_text()
    jinja = BeautifulSoup((attacked_site / "veivisere/injeksjon/resultat-to.html").read_text(encoding="utf-8"), "html.parser")
    assert "{{ config.extra }}" in jinja.select_one("article h1").get_text()
    assert "{{ 7*7 }}" in jinja.select_one(".veiviser-forklaring").get_text()


@pytest.mark.browser
def test_walking_the_attacked_guide_runs_no_script(browser, attacked_site):
    for javascript in (True, False):
        context = browser.new_context(java_script_enabled=javascript)
        page = context.new_page()
        dialogs = []
        page.on("dialog", lambda dialog, dialogs=dialogs: (dialogs.append(dialog.message), dialog.dismiss()))
        for path in guide_pages(attacked_site):
            page.goto(path.as_uri())
        page.goto((attacked_site / "veivisere/injeksjon/index.html").as_uri())
        if javascript:
            for choice in (0, 1):
                page.locator("[data-start]").click()
                page.locator("form.veiviser-skjema input[name=svar]").nth(choice).check()
                page.locator("form.veiviser-skjema button[type=submit]").click()
                page.locator(".veiviser-resultat h2").wait_for()
        assert dialogs == []
        context.close()
