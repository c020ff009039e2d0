"""«Meld fra om feil»: a mailto link to the editors on every page and every guide outcome, with
the page's title and address (and for an outcome the guide, its version and the answers given)."""

from __future__ import annotations

from urllib.parse import parse_qs, urlsplit

import pytest
import yaml

from support import ROOT

pytestmark = pytest.mark.browser

EDITORS = yaml.load((ROOT / "mkdocs.yml").read_text(encoding="utf-8"), Loader=yaml.BaseLoader)["extra"]["kommune"]["redaksjon_epost"]
GUIDE = "veivisere/svare-pa-innlegg/"


def decoded(href: str) -> tuple[str, str, str]:
    """(address, subject, body) of a mailto: link."""
    parts = urlsplit(href)
    assert parts.scheme == "mailto"
    query = parse_qs(parts.query, strict_parsing=True)
    assert set(query) == {"subject", "body"}
    return parts.path, query["subject"][0], query["body"][0]


def report_link(page, name="Meld fra om feil eller noe uklart"):
    return page.get_by_role("link", name=name, exact=True)


def test_every_page_has_the_link(pages):
    for path in pages:
        assert 'data-meld-fra' in path.read_text(encoding="utf-8"), path


def test_a_page_mail_has_its_title_and_address(page, base_url):
    page.goto(base_url + "bilder-og-video.html#samtykke")
    title = page.locator("article h1").inner_text().strip().rstrip("¶")
    to, subject, body = decoded(report_link(page).get_attribute("href"))
    assert to == EDITORS
    assert title in subject
    assert f"Side: {title}" in body
    assert f"Adresse: {base_url}bilder-og-video.html#samtykke" in body.splitlines()


def test_an_outcome_mail_holds_the_documented_assessment(page, base_url):
    page.goto(base_url + GUIDE + "index.html")
    for _ in range(10):  # always the first answer, until an outcome
        if page.locator("[data-dokumentasjon]").is_visible():
            break
        page.locator("[data-steg-plass] input[name=svar]").first.check()
        page.get_by_role("button", name="Neste").click()
    documentation = page.locator("[data-dokumentasjon-tekst]").text_content()
    verdict = page.locator("[data-steg-plass] h2").first.inner_text().strip()
    to, subject, body = decoded(report_link(page, "Meld fra om feil i dette resultatet").get_attribute("href"))
    assert to == EDITORS
    assert verdict in subject and "Skal jeg svare på dette innlegget?" in subject
    assert body.startswith(documentation)
    assert "Spørsmål og svar:" in body and "Svar: " in body and "(versjon " in body
    assert f"Adresse: {page.url}" in body


def test_an_outcome_page_without_javascript_names_guide_version_and_outcome(browser, base_url):
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    page.goto(base_url + GUIDE + "send-til-postmottak.html")
    verdict = page.locator("article h1").inner_text().strip()
    to, subject, body = decoded(report_link(page, "Meld fra om feil i dette resultatet").get_attribute("href"))
    context.close()
    assert to == EDITORS and verdict in subject
    lines = body.splitlines()
    assert lines[0].startswith("Veiviser: Skal jeg svare på dette innlegget? (versjon ")
    assert lines[1] == f"Resultat: {verdict}"
    assert lines[2] == "Adresse: " + GUIDE + "send-til-postmottak.html"
