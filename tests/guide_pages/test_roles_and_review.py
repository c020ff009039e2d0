"""Roles, editors' notes and the review page «Kildegrunnlag» in the built site."""

from __future__ import annotations

import json
import re

from bs4 import BeautifulSoup

from support import ROOT
from veiviser.roles import roles_from_config_file


def soup(path):
    return BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")


def words(text: str) -> str:
    return " ".join(text.replace("¶", " ").split())


def test_who_to_ask_page_lists_every_role_with_its_source(site):
    roles = roles_from_config_file(ROOT / "mkdocs.yml")
    page = soup(site / "hvem-spor-jeg.html")
    for role in roles.values():
        heading = page.select_one(f"article h2[id='{role.key}']")
        assert heading and words(heading.get_text()) == role.title
        section = heading.find_parent("section")
        source = section.select_one(f"a[href='{role.source_page.replace('.md', '.html')}#{role.source_anchor}']")
        assert source, role.key
        if role.email:
            assert section.select_one(f"a[href='mailto:{role.email}']")
    assert page.select_one(".md-nav a[href='hvem-spor-jeg.html']"), "the page is in the navigation"


def test_outcomes_show_whom_to_ask_with_a_link_to_the_role(site, guides):
    roles = roles_from_config_file(ROOT / "mkdocs.yml")
    asked = [(g, o) for g in guides for o in g.outcomes if o.ask]
    assert asked, "at least one outcome names whom to ask"
    for guide, outcome in asked:
        box = soup(site / f"veivisere/{guide.id}/{outcome.id}.html").select_one("article .veiviser-spor")
        assert box is not None, (guide.id, outcome.id)
        links = [a["href"] for a in box.select("li > a[href^='../../hvem-spor-jeg.html']")]
        assert links == [f"../../hvem-spor-jeg.html#{key}" for key in outcome.ask]
        for key in outcome.ask:
            assert roles[key].title in box.get_text()


def test_editors_notes_are_set_apart_from_the_advice(site, guides):
    noted = [(g, s) for g in guides for s in g.steps.values() if s.note_html]
    assert noted, "the trees carry editors' notes (merknad)"
    for guide, step in noted:
        page = soup(site / f"veivisere/{guide.id}/{step.id}.html")
        note = page.select_one("article .admonition.merknad")
        assert note is not None, (guide.id, step.id)
        assert words(note.select_one(".admonition-title").get_text()) == "Merknad fra redaksjonen"
        assert not note.find_parent(class_=re.compile("veiviser-(forklaring|neste|hjelp)"))
        note_text = words(BeautifulSoup(step.note_html, "html.parser").get_text())
        assert note_text in words(note.get_text())
        advice = " ".join(words(e.get_text()) for e in page.select(".veiviser-forklaring, .veiviser-neste, .veiviser-hjelp"))
        assert note_text not in advice


def test_review_page_shows_every_outcome_beside_its_quoted_sources(site, guides):
    page = soup(site / "kildegrunnlag.html")
    handbook = {}
    for guide in guides:
        for outcome in guide.outcomes:
            article = page.select_one(f"article[aria-labelledby='{guide.id}--{outcome.id}']")
            assert article is not None, (guide.id, outcome.id)
            advice = words(article.select_one(".kildegrunnlag__rad").get_text())
            assert words(BeautifulSoup(outcome.explanation_html, "html.parser").get_text()) in advice
            quotes = article.select(".kildegrunnlag__kilde")
            assert len(quotes) == len(outcome.sources)
            for source, quote in zip(outcome.sources, quotes, strict=False):
                text = words(quote.blockquote.get_text())
                assert len(text) > 20, (guide.id, outcome.id, source.ref)
                chapter = handbook.setdefault(source.page, words(
                    soup(site / source.page.replace(".md", ".html")).select_one("article").get_text(" ")))
                for block in quote.blockquote.find_all(recursive=False):  # editors' notes are left out
                    assert words(block.get_text(" ")) in chapter, f"{source.ref} is not quoted as the handbook has it"
                assert "Merknad fra redaksjonen" not in text
    assert not page.select("blockquote [id]"), "quoted passages carry no ids of their own"
    assert soup(site / "om-handboka.html").select_one("article a[href='kildegrunnlag.html']")


def test_review_page_is_kept_out_of_search(site):
    index = json.loads((site / "search/search_index.json").read_text(encoding="utf-8"))
    assert not [d["location"] for d in index["docs"] if d["location"].startswith("kildegrunnlag.html")]
    assert any(d["location"].startswith("hvem-spor-jeg.html") for d in index["docs"])


# -----------------------------------------------------------------------------
# «Regelregister»: every rule and the outcomes that give it, built from the content
# -----------------------------------------------------------------------------

def _register():
    from veiviser import NOT_PAGES, AnchorIndex, load_guides
    from veiviser.regler import RULES_FILE, load_rules, register

    anchors = AnchorIndex.from_docs(ROOT / "docs", exclude=NOT_PAGES)
    rules = load_rules(ROOT / "decision_trees" / RULES_FILE, anchors=anchors)
    return register(rules, load_guides(ROOT / "decision_trees", anchors=anchors, rules=rules))


def test_register_page_lists_every_rule_with_the_outcomes_that_give_it(site):
    uses = _register()
    page = soup(site / "regelregister.html")
    rows = page.select("article table.regelregister tr[data-regel]")
    assert [row["id"] for row in rows] == [use.rule.id for use in uses]
    gaps = []
    for use, row in zip(uses, rows, strict=True):
        rule = use.rule
        assert words(row.select_one(".regelregister__sitat").get_text()) == f"«{' '.join(rule.quote.split())}»"
        assert row.select_one(f".regelregister__kilde a[href='{rule.page.replace('.md', '.html')}#{rule.anchor}']")
        links = [a["href"] for a in row.select(".regelregister__resultater a")]
        assert links == [f"veivisere/{g.id}/{o.id}.html" for g, o in use.outcomes], rule.id
        if not use.outcomes and rule.only_in_handbook:
            assert words(row.select_one(".regelregister__bare").get_text()) == f"Bare i håndboka: {words(rule.only_in_handbook)}"
        elif not use.outcomes:
            assert row.select_one(".regelregister__mangler"), rule.id
            gaps.append(rule.id)
    assert any(use.outcomes for use in uses) and any(use.rule.only_in_handbook for use in uses)
    listed = [a["href"] for a in page.select("#hull ~ ul a")]
    assert listed == [f"#{rule_id}" for rule_id in gaps]
    assert page.select_one(".regelregister__sum")["data-hull"] == str(len(gaps))


def test_register_page_is_beside_the_review_page_and_out_of_search(site):
    index = json.loads((site / "search/search_index.json").read_text(encoding="utf-8"))
    assert not [d["location"] for d in index["docs"] if d["location"].startswith("regelregister.html")]
    assert soup(site / "kildegrunnlag.html").select_one("article a[href='regelregister.html']")
    assert soup(site / "regelregister.html").select_one("article a[href='kildegrunnlag.html']")
    assert not soup(site / "index.html").select_one(".md-nav a[href='regelregister.html']")


# -----------------------------------------------------------------------------
# Contacts: no role is shown without a way to reach someone
# -----------------------------------------------------------------------------

def _kommune() -> dict:
    from veiviser.siteconfig import municipality, read_config_file

    return municipality(read_config_file(ROOT / "mkdocs.yml"))


def _reaches_someone(element, role) -> None:
    """The role's own e-mail or phone, or else the municipality's, named as the municipality's."""
    kommune = _kommune()
    hrefs = [a["href"] for a in element.select("a[href^='mailto:'], a[href^='tel:']")]
    if role.email or role.phone:
        assert (f"mailto:{role.email}" in hrefs) if role.email else (f"tel:{role.phone.replace(' ', '')}" in hrefs)
        return
    fallback = element.select_one(".kontakt-reserve")
    assert fallback is not None, role.key
    text = words(fallback.get_text())
    assert f"mailto:{kommune['hovedadresse']}" in [a["href"] for a in fallback.select("a")]
    assert f"kommunens hovedadresse {kommune['hovedadresse']}" in text, "named as the municipality's"
    assert text.endswith(f"spør etter {role.title.lower()}."), text
    if kommune.get("sentralbord"):
        assert f"tel:{kommune['sentralbord'].replace(' ', '')}" in [a["href"] for a in fallback.select("a")]


def test_every_role_shown_has_a_way_to_reach_someone(site, guides):
    roles = roles_from_config_file(ROOT / "mkdocs.yml")
    page = soup(site / "hvem-spor-jeg.html")
    for role in roles.values():
        section = page.select_one(f"article h2[id='{role.key}']").find_parent("section")
        _reaches_someone(section, role)
        assert "sentralbord." not in words(section.get_text()), "no dead sentence"
    for guide in guides:
        for outcome in guide.outcomes:
            if not outcome.ask:
                continue
            box = soup(site / f"veivisere/{guide.id}/{outcome.id}.html").select_one("article .veiviser-spor")
            for item, key in zip(box.select("li"), outcome.ask, strict=True):
                _reaches_someone(item, roles[key])


def test_no_role_gets_another_roles_address(site):
    roles = roles_from_config_file(ROOT / "mkdocs.yml")
    page = soup(site / "index.html")
    search = page.select_one("[data-sok-tomt]")
    _reaches_someone(search, roles["webansvarlig"])
    footer = page.select_one(".md-copyright")
    contact = roles[_kommune()["kontakt_rolle"]]
    _reaches_someone(footer, contact)
    for element in (search, footer):
        for link in element.select("a[href^='mailto:']"):
            owner = link.find_parent(class_="kontakt-reserve")
            own = [r for r in roles.values() if r.email and link["href"] == f"mailto:{r.email}"]
            # an address is the role's own, or shown inside the municipality's fallback sentence
            assert owner is not None or any(r.title.lower() in words(element.get_text()).lower() for r in own), link


def test_the_build_tells_the_editors_what_to_fill_in_without_failing(caplog):
    import logging

    import veivisere

    roles = roles_from_config_file(ROOT / "mkdocs.yml")
    kommune = _kommune()
    uses = _register()
    with caplog.at_level(logging.INFO, logger="mkdocs.hooks.veivisere"):
        veivisere._notices(kommune, roles, uses)
    notices = [r for r in caplog.records if r.name == "mkdocs.hooks.veivisere"]
    assert notices and all(r.levelno == logging.INFO for r in notices), "a notice, never a warning (--strict)"
    text = "\n".join(r.getMessage() for r in notices)
    empty = [r.key for r in roles.values() if not (r.email or r.phone)]
    assert "mangler kontaktinformasjon (e-post eller telefon) i mkdocs.yml" in text and ", ".join(empty) in text
    if kommune["redaksjon_epost"] == kommune["hovedadresse"]:
        assert "«Meld fra om feil» går til kommunens hovedadresse til redaksjonens egen adresse er fylt inn" in text
    gaps = [u.rule.id for u in uses if u.is_gap]
    if gaps:
        assert f"{len(gaps)} regler i regelregisteret gir ingen veiviser" in text and ", ".join(gaps) in text
    caplog.clear()
    filled = {key: type(role)(**{**role.__dict__, "email": f"{key}@kommune.no"}) for key, role in roles.items()}
    with caplog.at_level(logging.INFO, logger="mkdocs.hooks.veivisere"):
        veivisere._notices({**kommune, "redaksjon_epost": "redaksjonen@kommune.no"}, filled, uses)
    assert "mangler kontaktinformasjon" not in caplog.text and "Meld fra om feil" not in caplog.text
