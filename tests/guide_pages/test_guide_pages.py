"""The generated guide pages in the built HTML: one page per guide and per step, every answer
links somewhere, every outcome cites the handbook, the overview and the search index."""

from __future__ import annotations

import json
import re

from bs4 import BeautifulSoup

from veiviser import Question, routes_by_outcome

EXPECTED_GUIDES = {
    "svare-pa-innlegg", "samtykke-bilde", "arkivverdig", "kan-jeg-publisere", "fjerne-innlegg",
    "ny-side-eller-konto", "uttale-meg-privat", "venneforesporsel", "krise",
}


def soup(path):
    return BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")


def test_the_nine_guides_exist(guides):
    assert {g.id for g in guides} == EXPECTED_GUIDES


def test_index_lists_every_guide(site, guides):
    links = {a["href"] for a in soup(site / "veivisere/index.html").select("article .veiviser-liste a")}
    assert links == {f"{g.id}/index.html" for g in guides}


def test_every_step_has_its_own_page_and_every_answer_a_link(site, guides):
    for guide in guides:
        for step in guide.steps.values():
            page = soup(site / f"veivisere/{guide.id}/{step.id}.html")
            assert page.select_one("article h1").get_text(strip=True).rstrip("¶") == (
                step.text if isinstance(step, Question) else step.verdict)
            if isinstance(step, Question):
                hrefs = [a["href"] for a in page.select(".veiviser-svarlenker a")]
                targets = [a.target for a in step.answers] + ([step.unsure_target] if step.unsure_target else [])
                assert hrefs == [f"{t}.html" for t in targets]


def test_every_outcome_cites_the_handbook_with_working_anchors(site, guides):
    for guide in guides:
        for outcome in guide.outcomes:
            page = soup(site / f"veivisere/{guide.id}/{outcome.id}.html")
            links = page.select(".veiviser-kilder a")
            assert len(links) == len(outcome.sources) >= 1
            for link in links:
                target, _, anchor = link["href"].partition("#")
                assert soup(site / "veivisere" / guide.id / target).select_one(f"[id='{anchor}']"), link["href"]


def test_guide_page_embeds_every_step_and_the_overview(site, guides):
    for guide in guides:
        page = soup(site / f"veivisere/{guide.id}/index.html")
        # The first step in the page as a form (app.html), the others in the file beside it
        # (hooks/veiviser_steg.py).
        assert not page.select("template[data-steg]")
        assert page.select_one("[data-steg-plass] form")["data-sporsmal"] == guide.start
        name = page.select_one("[data-veiviser]")["data-steg-fil"]
        script = (site / f"veivisere/{guide.id}/{name}").read_text(encoding="utf-8")
        later = json.loads(script.split(f'["{guide.id}"] = ', 1)[1])
        assert set(later["steg"]) == set(later["data"]) == set(guide.steps) - {guide.start}
        assert all(BeautifulSoup(markup, "html.parser").select("form, .veiviser-resultat")
                   for markup in later["steg"].values())
        # The page's data: the guide and its first step; the file has the other steps' data.
        data = json.loads(page.select_one("script[data-veiviser-data]").string)
        assert data["start"] == guide.start and set(data["steps"]) == {guide.start}
        assert data["steps"][guide.start]["type"] == "question" and data["id"] == guide.id
        # The overview (diagram and «Alle svar») is in the file too, for the closed disclosure, and on
        # a page of its own, which the disclosure links to for a reader without JavaScript.
        details = page.select_one("details.veiviser-oversikt")
        assert not details.select("svg, table") and details.select_one("[data-oversikt]")
        assert details.select_one("a")["href"] == "oversikt.html"
        for overview in (BeautifulSoup(later["oversikt"], "html.parser"),
                         soup(site / f"veivisere/{guide.id}/oversikt.html").select_one("article")):
            svg = overview.select_one("svg")
            assert svg and len(svg.select("g.boks")) == len(guide.steps)
            assert len(svg.select("path.pil")) == sum(
                len(s.answers) + bool(s.unsure_target) for s in guide.questions)
            rows = overview.select("table.veiviser-stier tbody tr")
            assert [r.select("a")[-1]["href"] for r in rows] == [f"{o}.html" for o in routes_by_outcome(guide)]


def test_chapters_link_to_the_guides_that_cite_them(site, guides):
    page = soup(site / "pa-vegne-av-kommunen.html")
    linked = {a.get_text(strip=True) for a in page.select(".relaterte-veivisere a")}
    citing = {g.title for g in guides if any(s.page == "pa-vegne-av-kommunen.md" for o in g.outcomes for s in o.sources)}
    assert citing and linked == citing


def test_search_index_has_questions_and_outcomes_but_not_the_script_data(site, guides):
    index = json.loads((site / "search/search_index.json").read_text(encoding="utf-8"))
    docs = index["docs"]
    # The steps' text is folded into their guide's entry (hooks/norsk_sok.py), in field «steps».
    text = " ".join(d["title"] + " " + d["text"] + " " + d.get("steps", "") for d in docs)
    guide = next(g for g in guides if g.id == "svare-pa-innlegg")
    for step in guide.steps.values():
        assert (step.text if isinstance(step, Question) else step.verdict) in text
    # The interactive parts (forms in <template>s, the app shell, the first question on the
    # guide page) stay out of the index: they repeat what the step pages say.
    assert "Velg et svar for å gå videre" not in text and "Start på nytt" not in text
    assert not any(d["location"].endswith(("--dok", "--svarene", "--fasit")) for d in docs)
    step_docs = [d for d in docs if d["location"].startswith("veivisere/svare-pa-innlegg/")]
    assert [d["location"] for d in step_docs] == ["veivisere/svare-pa-innlegg/index.html"]


def test_no_script_from_yaml_text(site):
    for path in (site / "veivisere").rglob("*.html"):
        html = path.read_text(encoding="utf-8")
        scripts = re.findall(r"<script\b[^>]*>", html)
        # Files, the guide's data, and the templates' inline scripts (iframe-worker's names its boot file).
        assert all("src=" in s or "application/json" in s or s == "<script>"
                   or re.fullmatch(r'<script data-boot="[./]*assets/javascripts/iframe-worker/boot\.js">', s)
                   for s in scripts), path
