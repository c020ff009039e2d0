"""What a reader sees, in the built HTML: no developer words, a front page that leads somewhere."""

from __future__ import annotations

import re

from bs4 import BeautifulSoup

# The editors' review pages («Kildegrunnlag» and each guide's part of it) may name the files they are
# made from; no other page may.
EDITORS_PAGES = re.compile(r"kildegrunnlag(\.html|/[^/]+\.html)")
DEVELOPER_WORDS = re.compile(r"kilde:|decision_trees/|\.ya?ml\b|mkdocs")


def visible_text(path) -> str:
    soup = BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")
    for hidden in soup.select("script, template, style, [hidden]"):
        hidden.decompose()
    return soup.select_one("article").get_text(" ") + " ".join(a.get_text(" ") for a in soup.select(".sist-endret"))


def test_readers_see_no_file_names(site, pages):
    shown = {page.relative_to(site).as_posix(): DEVELOPER_WORDS.findall(visible_text(page)) for page in pages}
    offenders = {name: words for name, words in shown.items() if words and not EDITORS_PAGES.fullmatch(name)}
    assert not offenders, f"developer words on readers' pages: {offenders}"
    assert shown["veivisere/krise/index.html"] == []


def test_every_page_says_when_it_was_last_changed_and_steps_give_the_guide_version(site):
    step = BeautifulSoup((site / "veivisere/krise/ingen-krise.html").read_text(encoding="utf-8"), "html.parser")
    assert re.search(r"Sist endret \d\d\.\d\d\.\d{4}", step.select_one(".sist-endret").text)
    assert re.search(r"Veiviserens versjon \d", step.select_one("article").get_text(" "))


def test_the_front_page_leads_to_onboarding_and_the_reference_pages(site):
    front = BeautifulSoup((site / "index.html").read_text(encoding="utf-8"), "html.parser")
    shortcuts = [a["href"] for a in front.select("article .forside-snarveier a")]
    assert shortcuts == ["ny-i-kommunen.html", "ov-deg/index.html", "hvem-spor-jeg.html", "begreper.html", "endringer.html"]
    assert front.select_one(".md-sidebar--primary nav"), "the front page has the site navigation"


def test_guides_are_listed_by_situation_not_by_file_name(site):
    overview = BeautifulSoup((site / "veivisere/index.html").read_text(encoding="utf-8"), "html.parser")
    headings = [h.get_text(strip=True).rstrip("¶") for h in overview.select("article h2")]
    assert headings[0] == "Når du skal publisere" and "I en krise" in headings
    listed = [a["href"].split("/")[0] for a in overview.select("article .veiviser-liste a")]
    assert listed[0] == "kan-jeg-publisere" and listed != sorted(listed)
