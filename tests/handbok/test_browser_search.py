"""Norwegian search in a real browser, over http and from disk: inflected forms, everyday words
and plain questions bring the right page or guide among the first five results; no guide step
or outcome is ever a hit; a query that finds nothing says «Mente du …?» and whom to ask. A
control run without the lexicon shows the forms it fixes."""

from __future__ import annotations

import re
import shutil

import pytest
import yaml
from playwright.sync_api import expect

from support import ROOT, describe_violations, run_axe

pytestmark = pytest.mark.browser

GUIDE = "veivisere/{}/index.html"

# Forms the Norwegian stemmer alone does not bring to the page (see the control run below).
LEXICON = {
    "journalført": GUIDE.format("arkivverdig"),           # journalføre, journalføres
    "lærerne": "ov-deg/elev-pa-instagram.html",            # læreren, lærere
    "venneforespørslene": GUIDE.format("venneforesporsel"),  # venneforespørsel(er)
    "anbefalt": "valg-av-medier.html",                    # anbefaler, anbefales
}
# Forms the stemmer reaches (the lexicon must not spoil them).
INFLECTED = {
    "samtykket": "bilder-og-video.html",
    "samtykke": "bilder-og-video.html",
    "bildene": "bilder-og-video.html",
    "situasjonsbildene": "bilder-og-video.html",
    "foresattes": "bilder-og-video.html",
    "taushetsplikten": "pa-vegne-av-kommunen.html",
    "retningslinjene": "pa-vegne-av-kommunen.html",
    "aktiviteten": "pa-vegne-av-kommunen.html",
    "arkivverdige": GUIDE.format("arkivverdig"),
    "journalføres": GUIDE.format("arkivverdig"),
    "kriseledelsens": "krisekommunikasjon.html",
    "ansattes": "ny-i-kommunen.html",
    "personangrepene": GUIDE.format("fjerne-innlegg"),
    "kommentarene": GUIDE.format("svare-pa-innlegg"),
    "skrevet": GUIDE.format("kan-jeg-publisere"),
}
# Words the handbook does not use: docs/includes/synonymer.txt.
EVERYDAY = {
    "tiktok": "valg-av-medier.html",
    "snapchat": "valg-av-medier.html",
    "facebookgruppe": "valg-av-medier.html",
    "selfie": "bilder-og-video.html",
    "sjef": "hvem-spor-jeg.html",                        # «Avdelingslederen»
    "trakassering": GUIDE.format("fjerne-innlegg"),
    "hets": GUIDE.format("fjerne-innlegg"),
    "mobbing": GUIDE.format("fjerne-innlegg"),
    "sletting": GUIDE.format("fjerne-innlegg"),
    "lokalavis": "privat-bruk.html",                     # «kommentarfelt i nettaviser»
}
# Plain questions: the fitting guide (its «nokkelord» in the YAML).
QUESTIONS = {
    "noen har skrevet en sint kommentar": GUIDE.format("svare-pa-innlegg"),
    "biblioteket vil ha egen instagramkonto": GUIDE.format("ny-side-eller-konto"),
    "kan jeg kritisere kommunen på facebook": GUIDE.format("uttale-meg-privat"),
    "kan jeg legge ut bilde av barn": GUIDE.format("samtykke-bilde"),
    "noen skriver hets om en ansatt": GUIDE.format("fjerne-innlegg"),
    "skal jeg slette kommentaren": GUIDE.format("fjerne-innlegg"),
    "må dette journalføres": GUIDE.format("arkivverdig"),
    "det har gått et ras i bygda": GUIDE.format("krise"),
    "en elev vil bli venn med meg på facebook": GUIDE.format("venneforesporsel"),
    "kan jeg dele dette på facebook": GUIDE.format("kan-jeg-publisere"),
    "elevene bruker snapchat i timen": GUIDE.format("venneforesporsel"),  # kap. 10.4, skoletiden
}
STEP_PAGE = re.compile(r"^veivisere/[^/]+/(?!index\.html)[^/]+\.html$")


def search(page, query: str, *, everything: bool = True) -> list[str]:
    """Type a query into Material's search; return the result pages, in order, relative to the
    site root (one per result group, sections left out): all of them, or the first ten."""
    root = page.url.rsplit("/", 1)[0] + "/"  # every test starts from the site's index.html
    field = page.locator("input.md-search__input")
    field.click()
    field.fill("")
    # Material searches on keyup: the query's last key is the only one pressed, so the worker gets the
    # whole query once. Typed key by key, a prefix with no results («bilden») could be taken for the
    # answer while the worker was still on the whole word (CI, 08.12.2026).
    field.fill(query[:-1])
    page.keyboard.type(query[-1])
    meta = page.locator(".md-search-result__meta")
    page.wait_for_function(
        "q => { const m = document.querySelector('.md-search-result__meta');"
        " return m && !/Starter søk|Initialiserer|Skriv/i.test(m.textContent) && document.querySelector('.md-search__input').value === q }",
        arg=query, timeout=15000)
    # The worker answers each keystroke; wait until the result count stops changing.
    previous = None
    while (current := meta.text_content()) != previous:
        previous = current
        page.wait_for_timeout(300)
    # Material shows ten results at a time and more on scrolling: scroll until all are there.
    groups = page.locator(".md-search-result__list > .md-search-result__item")
    seen, stable = -1, 0
    while everything and stable < 3 and groups.count():
        stable = stable + 1 if groups.count() == seen else 0
        seen = groups.count()
        groups.last.scroll_into_view_if_needed()
        page.mouse.wheel(0, 2000)
        page.wait_for_timeout(150)
    hrefs = page.locator(".md-search-result__item > a:first-child").evaluate_all("els => els.map(e => e.href)")
    return [h.split("?")[0].split("#")[0].removeprefix(root) for h in hrefs]


def misses(page, cases: dict[str, str]) -> dict[str, list[str]]:
    """The queries whose page is not among the first five results (with what came instead).
    No result may be a guide step, and guides must not flood a query for a handbook page."""
    wrong = {}
    for query, expected in cases.items():
        found = search(page, query, everything=False)
        steps = [name for name in found if STEP_PAGE.match(name)]
        flooded = not is_guide(expected) and sum(map(is_guide, found[:5])) > 3
        if expected not in found[:5] or steps or flooded:
            wrong[query] = found[:5] + steps
    return wrong


def first_five(page, query: str) -> list[str]:
    return search(page, query, everything=False)[:5]


def is_guide(name: str) -> bool:
    return bool(re.match(r"^veivisere/[^/]+/index\.html$", name))


def strip_lexicon(site, tmp_path):
    """A copy of the site whose search worker has an empty lemma map (stemmer and synonyms only)."""
    copy = tmp_path / "site"
    shutil.copytree(site, copy)
    lunr_no = copy / "assets/javascripts/lunr/min/lunr.no.min.js"
    text, count = re.subn(r'\{"lemma": "[^"]*"', '{"lemma": ""', lunr_no.read_text(encoding="utf-8"))
    assert count == 1
    lunr_no.write_text(text, encoding="utf-8")
    return copy


# -----------------------------------------------------------------------------
# What people type finds the page
# -----------------------------------------------------------------------------

@pytest.mark.parametrize("cases", [LEXICON, INFLECTED, EVERYDAY, QUESTIONS],
                         ids=["lexicon", "inflected", "everyday", "questions"])
def test_the_right_page_is_among_the_first_five(page, base_url, cases):
    page.goto(base_url + "index.html")
    assert misses(page, cases) == {}


@pytest.mark.parametrize("cases", [LEXICON, EVERYDAY, QUESTIONS], ids=["lexicon", "everyday", "questions"])
def test_the_right_page_is_among_the_first_five_from_disk(page, site, cases):
    page.goto((site / "index.html").as_uri())
    assert misses(page, cases) == {}


def test_without_the_lexicon_the_forms_it_fixes_are_missed(page, site, tmp_path):
    # The control: the same site with an empty lemma map misses what the lexicon finds.
    page.goto((strip_lexicon(site, tmp_path) / "index.html").as_uri())
    missed = {}
    for query, expected in LEXICON.items():
        found = first_five(page, query)
        print(f"without the lexicon «{query}»: {found}")
        missed[query] = expected not in found
    assert all(missed.values()), missed
    for query, expected in INFLECTED.items():  # the stemmer alone still finds these (ranked
        assert expected in search(page, query, everything=False), query  # with the lexicon above)


# -----------------------------------------------------------------------------
# Guides: never an outcome out of context
# -----------------------------------------------------------------------------

OUTCOMES = {
    "Som utgangspunkt kan du publisere uten samtykke": "samtykke-bilde",
    "Du må ha samtykke – også fra foresatte": "samtykke-bilde",
    "Nei – relevant kritikk slettes aldri": "fjerne-innlegg",
    "Arkivverdig – og skal journalføres": "arkivverdig",
}


@pytest.mark.parametrize("query,guide", OUTCOMES.items())
def test_an_outcome_text_opens_its_guide_at_the_start(page, base_url, query, guide):
    page.goto(base_url + "index.html")
    found = search(page, query, everything=False)
    assert GUIDE.format(guide) in found[:3], found
    assert not [name for name in found if STEP_PAGE.match(name)], found
    hit = page.locator(".md-search-result__item", has=page.locator(f"a[href*='veivisere/{guide}/index.html']")).first
    assert "Svar på spørsmålene i veiviseren først" in hit.text_content()
    hit.locator("a").first.click()
    page.wait_for_url(f"**/veivisere/{guide}/index.html*")
    assert "#" not in page.url  # the guide's start, not a step


def test_no_search_hit_is_a_guide_step(page, base_url):
    # Words from the guides' answers and outcomes only: hits are the guides themselves.
    page.goto(base_url + "index.html")
    for query in ("publisere uten samtykke", "situasjonsbilde krever samtykke", "spør informasjonsmedarbeideren",
                  "ikke gå i dialog", "send til postmottak", "presiser at du uttaler deg privat"):
        found = search(page, query, everything=False)
        assert found, query
        assert not [name for name in found if STEP_PAGE.match(name)], f"«{query}»: {found}"


# -----------------------------------------------------------------------------
# Nothing found: «Mente du …?» and whom to ask
# -----------------------------------------------------------------------------

def _contact() -> tuple[str, str]:
    """The role and address the empty state names: extra.kommune.roller.webansvarlig in mkdocs.yml,
    with its own e-mail, or else the municipality's main address (named as the municipality's)."""
    class Loader(yaml.SafeLoader):
        pass

    Loader.add_multi_constructor("!", lambda loader, suffix, node: None)
    Loader.add_multi_constructor("tag:yaml.org,2002:python/", lambda loader, suffix, node: None)
    kommune = yaml.load((ROOT / "mkdocs.yml").read_text(encoding="utf-8"), Loader=Loader)["extra"]["kommune"]
    role = (kommune.get("roller") or {}).get("webansvarlig") or {}
    return (role.get("tittel") or "webansvarlig").lower(), role.get("epost") or kommune["hovedadresse"]


def test_nothing_found_says_whom_to_ask(page, base_url):
    page.goto(base_url + "index.html")
    assert search(page, "fotballkamp") == []
    box = page.locator("[data-sok-tomt]")
    expect(box).to_be_visible()
    role, email = _contact()
    assert f"Spør {role}" in box.text_content()
    assert box.locator(f"a[href='mailto:{email}']").is_visible()
    assert page.locator("[data-sok-mente]").is_hidden()  # nothing near «fotballkamp»
    assert not describe_violations(run_axe(page))
    page.locator("input.md-search__input").fill("")
    page.locator("input.md-search__input").dispatch_event("input")
    expect(box).to_be_hidden()


@pytest.mark.parametrize("typo,meant,expected", [
    ("samtykkke", "samtykke", "bilder-og-video.html"),
    ("personvren", "personvern", "bilder-og-video.html"),
    ("jornalføring", "journalføring", "pa-vegne-av-kommunen.html"),
])
def test_a_misspelt_word_gets_did_you_mean(page, base_url, typo, meant, expected):
    page.goto(base_url + "index.html")
    assert search(page, typo) == []
    suggestion = page.locator("[data-sok-mente]")
    expect(suggestion).to_be_visible()  # shown just after the empty result: wait for it
    assert suggestion.text_content().strip() == f"Mente du {meant}?"
    suggestion.locator("button").click()
    page.wait_for_function("q => document.querySelector('.md-search__input').value === q", arg=meant)
    page.wait_for_selector(".md-search-result__item")
    hrefs = page.locator(".md-search-result__item > a:first-child").evaluate_all("els => els.map(e => e.href)")
    assert any(expected in h for h in hrefs), hrefs
    assert page.locator("[data-sok-tomt]").is_hidden()


def test_did_you_mean_works_from_disk(page, site):
    page.goto((site / "index.html").as_uri())
    assert search(page, "samtykkke") == []
    assert page.locator("[data-sok-mente]").text_content().strip() == "Mente du samtykke?"


# -----------------------------------------------------------------------------
# Material's own search features still work
# -----------------------------------------------------------------------------

def test_a_word_not_in_the_handbook_finds_nothing(page, base_url):
    page.goto(base_url + "index.html")
    assert search(page, "fotballkamp") == []


def test_results_highlight_the_matched_forms(page, base_url):
    page.goto(base_url + "index.html")
    search(page, "bildene")
    marks = page.locator(".md-search-result mark").all_text_contents()
    assert any(m.lower().startswith("bild") for m in marks), marks


def test_a_synonym_highlights_the_word_the_handbook_uses(page, base_url):
    page.goto(base_url + "index.html")
    search(page, "trakassering")
    marks = [m.lower() for m in page.locator(".md-search-result mark").all_text_contents()]
    assert any(m.startswith("personangrep") for m in marks), marks
    assert not page.locator(".md-search-result__terms").count()  # no «Mangler: …» for synonyms


def test_suggestions_are_shown(page, base_url):
    page.goto(base_url + "index.html")
    search(page, "krisekom")
    suggest = page.locator(".md-search__suggest")
    assert "krisekommunikasjon" in suggest.text_content().lower()


def test_search_works_from_disk(page, site):
    page.goto((site / "index.html").as_uri())
    found = search(page, "taushetsplikten")
    assert "pa-vegne-av-kommunen.html" in found


def test_without_the_query_stemming_full_words_are_missed(page, site, tmp_path):
    # The control: the same site without hooks/norsk_sok.js misses what the tests above find.
    copy = tmp_path / "site"
    shutil.copytree(site, copy)
    lunr_no = copy / "assets/javascripts/lunr/min/lunr.no.min.js"
    text = lunr_no.read_text(encoding="utf-8")
    lunr_no.write_text(text.split("/* Norwegian search that understands inflection")[0], encoding="utf-8")
    page.goto((copy / "index.html").as_uri())
    assert "bilder-og-video.html" not in search(page, "bildene")


# -----------------------------------------------------------------------------
# Results a reader can use (issue 20): short hits, practice cases labelled and last
# -----------------------------------------------------------------------------

def test_a_glossary_term_is_its_own_short_hit(page, base_url):
    page.goto(base_url + "index.html")
    search(page, "taushetsplikt", everything=False)
    hit = page.locator(".md-search-result__item", has=page.locator("a[href*='begreper.html']")).first
    text = hit.text_content()
    assert "Plikten til å hindre" in text
    assert "Arkivverdig" not in text and len(text) < 600, text  # not the whole glossary


@pytest.mark.parametrize("query", ["bildene", "brøyting", "veiviser", "øvelse"])
def test_no_result_is_a_whole_list_page(page, base_url, query):
    page.goto(base_url + "index.html")
    found = search(page, query, everything=False)
    assert "ov-deg/index.html" not in found[:3] or query == "øvelse"
    # Each hit (a page's top or one of its sections) is short; a page may have several hits.
    lengths = page.locator(".md-search-result__article").evaluate_all("els => els.map(e => e.textContent.length)")
    assert lengths and max(lengths) < 1000, (found, lengths)


@pytest.mark.parametrize("query,first", [
    ("bilde av barn", {"bilder-og-video.html", GUIDE.format("samtykke-bilde")}),
    ("kan jeg svare på kritikk", {"pa-vegne-av-kommunen.html", GUIDE.format("svare-pa-innlegg")}),
])
def test_practice_cases_are_labelled_and_come_after_the_handbook(page, base_url, query, first):
    page.goto(base_url + "index.html")
    found = search(page, query)
    assert set(found[:2]) == first, found
    cases = [i for i, name in enumerate(found) if name.startswith("ov-deg/") and name != "ov-deg/index.html"]
    assert cases == list(range(len(found) - len(cases), len(found))), found  # all after the rest
    labels = page.locator(".md-search-result__item").evaluate_all(
        "els => els.map(e => e.querySelector('.sok-etikett')?.textContent || '')")
    assert [labels[i] for i in cases] == ["Øvelse"] * len(cases)
    assert not any(labels[i] for i in range(len(found)) if i not in cases)


def test_a_practice_case_is_labelled(page, base_url):
    page.goto(base_url + "index.html")
    search(page, "brøyting", everything=False)  # only practice cases tell of snow clearing
    first = page.locator(".md-search-result__item").first
    assert first.locator("a").first.get_attribute("href").split("?")[0].rsplit("/", 2)[-2] == "ov-deg"
    assert first.locator(".sok-etikett").text_content() == "Øvelse"


def test_missing_words_are_shown_as_typed(page, base_url):
    page.goto(base_url + "index.html")
    search(page, "bildene av kritikken")
    missing = page.locator(".md-search-result__terms del").all_text_contents()
    assert missing and set(missing) <= {"bildene", "kritikken"}, missing
