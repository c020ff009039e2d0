"""The handbook's structure and the pieces a reader relies on, checked in the built HTML."""

from __future__ import annotations

import re

import pytest
import yaml
from bs4 import BeautifulSoup

from support import ROOT

CHAPTERS = {
    "innledning.html": "1. Innledning",
    "sammendrag.html": "2. Sammendrag",
    "hva-er-sosiale-medier.html": "3. Hva er sosiale medier?",
    "hovedmal.html": "4. Hovedmål",
    "valg-av-medier.html": "5. Valg av medier",
    "pa-vegne-av-kommunen.html": "6. Bruk av sosiale medier på vegne av Hattfjelldal kommune.",
    "bilder-og-video.html": "7. Bilder og video",
    "krisekommunikasjon.html": "9. Krisekommunikasjon",
    "privat-bruk.html": "10. Privat bruk av sosiale medier",
    "vedlegg.html": "Vedlegg",
}

# Editorial notes: page -> words the note must contain (facts from shared/REFERENCES.md).
NOTES = {
    "pa-vegne-av-kommunen.html": ["forvaltningsloven § 13", "offentleglova § 13", "1. januar 2026",
                                  "lov 20. juni 2025 nr. 96", "Nasjonalarkivet", "lov 20. juni 2025 nr. 81"],
    "bilder-og-video.html": ["personopplysningsloven fra 2018", "GDPR", "20. juli 2018", "§ 104", "15 år"],
    "hva-er-sosiale-medier.html": ["Nettby", "2010", "Origo", "2016", "X", "juli 2023"],
    "valg-av-medier.html": ["Twitter heter X"],
    "krisekommunikasjon.html": ["ikke noe kapittel 8"],
    "vedlegg.html": ["2009", "virker trolig ikke lenger", "Digdir"],
}

GLOSSARY_TERMS = ["arkivverdig", "journalføring", "saksbehandling", "taushetsplikt",
                  "informasjonsmedarbeider", "portrettbilder", "situasjonsbilder", "kriseledelsen"]


def soup(site, name: str) -> BeautifulSoup:
    return BeautifulSoup((site / name).read_text(encoding="utf-8"), "html.parser")


def test_every_page_is_norwegian_bokmal(pages):
    for page in pages:
        html = page.read_text(encoding="utf-8")
        assert re.search(r'<html lang="nb"', html), page.name


@pytest.mark.parametrize("name,title", CHAPTERS.items())
def test_one_page_per_chapter_with_one_h1_and_no_skipped_heading_levels(site, name, title):
    article = soup(site, name).select_one("article")
    assert [h.get_text(" ", strip=True).rstrip("¶ ").strip() for h in article.select("h1")] == [title]
    levels = [int(h.name[1]) for h in article.select("h1, h2, h3, h4, h5, h6")]
    assert all(b - a <= 1 for a, b in zip(levels, levels[1:], strict=False)), levels


def test_wiki_and_monitoring_are_sections_of_chapter_5(site):
    headings = [h.get_text(strip=True).rstrip("¶") for h in soup(site, "valg-av-medier.html").select("article h2")]
    assert "Wiki" in headings and "Overvåking og statistikk" in headings


@pytest.mark.parametrize("name,words", NOTES.items())
def test_editorial_notes_are_set_apart_and_state_the_facts(site, name, words):
    notes = soup(site, name).select("article .admonition.merknad")
    assert notes, f"no editorial note on {name}"
    text = " ".join(n.get_text(" ", strip=True) for n in notes)
    assert all(n.select_one(".admonition-title").get_text(strip=True) == "Merknad fra redaksjonen" for n in notes)
    for word in words:
        assert word.lower() in text.lower(), f"{name}: the note does not say «{word}»"


def test_law_quotations_are_quotations(site):
    assert "Enhver som utfører tjeneste" in soup(site, "pa-vegne-av-kommunen.html").select_one("article blockquote").text
    assert "Fotografi som avbilder" in soup(site, "bilder-og-video.html").select_one("article blockquote").text


def test_standard_reply_is_a_copyable_block(site):
    block = soup(site, "pa-vegne-av-kommunen.html").select_one("#standardsvar")
    assert block is not None and block.select_one("code")
    assert block.select_one("code").get_text(strip=True).startswith("Vi takker for henvendelsen. Den er sendt videre til postmottak")


def test_start_page_links_the_ten_rules_to_where_they_are_explained(site):
    page = soup(site, "index.html")
    rules = page.select("ol.regler li a")
    assert len(rules) == 10
    for link in rules:
        target, _, anchor = link["href"].partition("#")
        assert anchor, link
        assert soup(site, target).select_one(f"[id='{anchor}']"), link["href"]
    entries = [h.get_text(strip=True) for h in page.select(".inngangar strong")]
    assert entries[:3] == ["Jeg skal publisere noe", "Noen har skrevet til oss", "Jeg bruker sosiale medier privat"]


@pytest.mark.parametrize("term", GLOSSARY_TERMS)
def test_key_terms_are_explained_where_they_occur(site, term):
    explained = [a for a in soup(site, "pa-vegne-av-kommunen.html").select("abbr[title]")
                 + soup(site, "bilder-og-video.html").select("abbr[title]")
                 + soup(site, "krisekommunikasjon.html").select("abbr[title]")
                 if a.get_text().lower() == term.lower()]
    assert explained and len(explained[0]["title"]) > 20, term


def test_glossary_page_defines_the_key_terms(site):
    terms = [dt.get_text(strip=True).lower() for dt in soup(site, "begreper.html").select("article dt")]
    for term in ["arkivverdig", "journalføring", "saksbehandling", "taushetsplikt", "informasjonsmedarbeider",
                 "portrettbilde", "situasjonsbilde", "kriseledelse"]:
        assert term in terms


def test_metadata_the_reader_needs(site, pages):
    about = soup(site, "om-handboka.html").get_text(" ")
    for fact in ["K-sak 034/12", "09.05.12", "21.08.12", "informasjonsmedarbeideren", "webansvarlig"]:
        assert fact in about
    for page in pages:
        stamp = BeautifulSoup(page.read_text(encoding="utf-8"), "html.parser").select_one(".sist-endret")
        assert stamp and re.search(r"Sist endret \d\d\.\d\d\.\d{4}", stamp.text), page.name


def test_accessibility_statement_link_comes_from_mkdocs_yml(site):
    config = yaml.load((ROOT / "mkdocs.yml").read_text(encoding="utf-8"), Loader=yaml.BaseLoader)
    url = config["extra"]["kommune"]["tilgjengelighetserklaering"]
    assert soup(site, "tilgjengelighet.html").select_one(f"article a[href='{url}']")


def test_footer_names_the_contact(site):
    footer = soup(site, "index.html").select_one(".md-copyright").get_text(" ")
    assert "informasjonsmedarbeideren" in footer and "Material for MkDocs" not in footer


def test_search_dialog_has_an_accessible_name(site):
    assert soup(site, "index.html").select_one(".md-search[role=dialog]")["aria-label"]
