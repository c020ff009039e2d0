"""«Ny i kommunen» and «Øv deg»: the onboarding checklist and the practice cases, in the
built HTML and in Chromium (JavaScript on and off, axe on every state, nothing leaves the browser)."""

from __future__ import annotations

import pytest
from bs4 import BeautifulSoup

from support import ROOT, describe_violations, part_of, run_axe, send_answer
from veiviser import enumerate_paths, load_cases


@pytest.fixture(scope="session")
def cases(guides):
    return load_cases(ROOT / "decision_trees/ovelser", guides)


def soup(path):
    return BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")


def token(choices) -> str:
    return ".".join("u" if c is None else str(c) for _, c in choices)


def test_there_are_at_least_twelve_cases_covering_every_guide(cases, guides):
    assert len(cases) >= 12
    assert {c.guide for c in cases} == {g.id for g in guides}


def test_overview_and_case_pages(site, cases, guides):
    listed = [a["href"] for a in soup(site / "ov-deg/index.html").select("article .veiviser-ovelser a")]
    assert listed == [f"{c.id}.html" for c in cases]
    by_id = {g.id: g for g in guides}
    for case in cases:
        page = soup(site / f"ov-deg/{case.id}.html")
        assert page.select_one("article h1").get_text(strip=True).rstrip("¶") == case.title
        assert page.select_one("[data-veiviser]")["data-forventet"] == case.outcome
        fasit = page.select_one("details.veiviser-fasit-uten-js").get_text(" ")
        assert by_id[case.guide].steps[case.outcome].verdict in fasit
        # Without JavaScript the first question links into the guide's own step pages.
        assert page.select(".veiviser-svarlenker a")


def test_onboarding_page_walks_the_ten_rules(site):
    page = soup(site / "ny-i-kommunen.html")
    rules = page.select("article h2[id^=regel-]")
    assert len(rules) == 10
    for rule in rules:
        block = []
        for sibling in rule.find_next_siblings():
            if sibling.name == "h2":
                break
            block.append(sibling)
        links = [a["href"] for el in block for a in el.select("a[href]")]
        assert any("veivisere/" in h for h in links) and any("#" in h and "veivisere/" not in h for h in links)
        assert any(el.select_one("input[type=checkbox][data-sjekk] + label") for el in block)


@pytest.mark.browser
def test_checklist_is_kept_in_the_browser_only(context, base_url):
    origin = base_url.split("/intranett")[0]
    page = context.new_page()
    page.goto(base_url + "ny-i-kommunen.html")
    page.locator("#sjekk-3").check()
    page.locator("#sjekk-7").check()
    assert page.locator("[data-sjekk-fremdrift]").inner_text() == "2 av 11 punkter er krysset av."
    page.reload()
    assert page.locator("#sjekk-3").is_checked() and page.locator("#sjekk-7").is_checked()
    assert not page.locator("#sjekk-1").is_checked()
    assert not run_axe(page), describe_violations(run_axe(page))
    page.emulate_media(media="print")
    assert page.locator("#sjekk-3").is_visible() and page.locator("[data-sjekk-nullstill]").is_hidden()
    page.emulate_media(media="screen")
    page.locator("[data-sjekk-nullstill]").click()
    page.reload()
    assert not page.locator("#sjekk-3").is_checked()
    assert context.cookies() == []
    assert not context.request_log.foreign(origin)


@pytest.mark.browser
@pytest.mark.parametrize("part", range(3), ids=lambda n: f"part{n + 1}of3")
def test_every_case_with_javascript_gives_the_verdict(context, base_url, cases, guides, part):
    by_id = {g.id: g for g in guides}
    page = context.new_page()
    for case in part_of(cases, part, 3):  # every case, in three parts that xdist can spread
        page.goto(f"{base_url}ov-deg/{case.id}.html")
        page.locator("[data-start]").click()
        for question_id, choice in case.choices:
            form = page.locator("form.veiviser-skjema")
            question = by_id[case.guide].steps[question_id]
            form.locator("input[name=svar]").nth(len(question.answers) if choice is None else choice).check()
            send_answer(page, form)
        verdict = page.locator("[data-fasit-dom]")
        assert verdict.inner_text().startswith("Riktig!"), case.id
        # Any other way through the guide gives «Ikke helt» and names both outcomes.
        other = next((p for p in enumerate_paths(by_id[case.guide]) if p.outcome != case.outcome), None)
        if other:
            page.goto(f"{base_url}ov-deg/{case.id}.html#svar={token(other.choices)}")
            page.reload()
            text = page.locator("[data-fasit-dom]").inner_text()
            assert text.startswith("Ikke helt") and by_id[case.guide].steps[case.outcome].verdict in text


@pytest.mark.browser
def test_case_pages_have_zero_axe_violations_in_every_state(page, base_url, cases, guides):
    by_id = {g.id: g for g in guides}
    for case in cases[:4]:
        url = f"{base_url}ov-deg/{case.id}.html"
        page.goto(url)
        states = [describe_violations(run_axe(page))]
        page.goto(f"{url}#svar={token(case.choices)}")
        page.reload()
        page.locator("[data-fasit]").wait_for()
        states.append(describe_violations(run_axe(page)))
        page.locator("details.veiviser-fasit-uten-js summary").click()
        states.append(describe_violations(run_axe(page)))
        assert not any(states), case.id + "\n" + "\n".join(states)
    assert by_id


@pytest.mark.browser
def test_case_without_javascript_reveals_the_fasit_by_a_click(browser, base_url, cases, guides):
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    case = cases[0]
    page.goto(f"{base_url}ov-deg/{case.id}.html")
    assert page.locator(".veiviser-svarlenker a").first.is_visible()
    fasit = page.locator("details.veiviser-fasit-uten-js")
    verdict = next(g for g in guides if g.id == case.guide).steps[case.outcome].verdict
    assert not page.get_by_text(verdict, exact=False).first.is_visible()
    fasit.locator("summary").click()
    assert fasit.get_by_text(verdict, exact=False).first.is_visible()
    context.close()
