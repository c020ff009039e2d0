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


def test_review_overview_links_each_guide_to_its_page_and_keeps_the_old_anchors(site, guides):
    page = soup(site / "kildegrunnlag.html")
    assert words(page.select_one("article h1").get_text()) == "Kildegrunnlag for veiviserne"
    items = page.select("article nav.kildegrunnlag__innhold li")
    # kildegrunnlag.html#guide still lands on the guide (handbok.js sends #guide--outcome on, data-videre).
    assert [li["id"] for li in items] == [guide.id for guide in guides]
    assert all(li.has_attr("data-videre") for li in items)
    assert [li.a["href"] for li in items] == [f"kildegrunnlag/{guide.id}.html" for guide in guides]
    assert [words(li.a.get_text()) for li in items] == [guide.title for guide in guides]
    assert not page.select("article blockquote, article details"), "the quotes are on the guides' pages"
    assert soup(site / "om-handboka.html").select_one("article a[href='kildegrunnlag.html']")


def test_review_page_shows_every_outcome_beside_its_quoted_sources(site, guides):
    handbook = {}
    repeated = 0
    for guide in guides:
        page = soup(site / f"kildegrunnlag/{guide.id}.html")
        assert words(page.select_one("article h1").get_text()) == f"Kildegrunnlag: {guide.title}"
        assert page.select_one(f"article a[href='../veivisere/{guide.id}/index.html']")
        assert page.select_one("article a[href='../kildegrunnlag.html']")
        assert not page.select("article details"), "every outcome is shown without a click or a script"
        quoted: dict[tuple[str, str], tuple[str, object]] = {}  # passage → (its quote's id, the outcome beside it)
        for outcome in guide.outcomes:
            article = page.select_one(f"article[aria-labelledby='{guide.id}--{outcome.id}']")
            assert article is not None, (guide.id, outcome.id)
            assert words(article.h2.get_text()) == outcome.verdict
            advice = words(article.select_one(".kildegrunnlag__rad").get_text())
            assert words(BeautifulSoup(outcome.explanation_html, "html.parser").get_text()) in advice
            for step in outcome.next_steps_html:
                assert words(BeautifulSoup(step, "html.parser").get_text()) in advice
            cited = article.select(".kildegrunnlag__kilder > .kildegrunnlag__kilde, .kildegrunnlag__kilder > .kildegrunnlag__sitert")
            assert len(cited) == len(outcome.sources), (guide.id, outcome.id)
            for source, cell in zip(outcome.sources, cited, strict=True):
                href = f"../{source.page.replace('.md', '.html')}#{source.anchor}"
                assert cell.a["href"] == href, (guide.id, outcome.id, source.ref)
                key = (source.page, source.anchor)
                if key in quoted:  # quoted beside an earlier outcome: named, with a link to that quote
                    repeated += 1
                    quote_id, first = quoted[key]
                    assert cell.name == "p" and not cell.blockquote
                    back = cell.select("a")[-1]
                    assert back["href"] == f"#{quote_id}"
                    assert words(back.get_text()) == f"sitert over, ved «{first.verdict}»"
                    continue
                assert cell.name == "figure" and cell["id"], (guide.id, outcome.id, source.ref)
                quoted[key] = (cell["id"], outcome)
                text = words(cell.blockquote.get_text())
                assert len(text) > 20, (guide.id, outcome.id, source.ref)
                chapter = handbook.setdefault(source.page, words(
                    soup(site / source.page.replace(".md", ".html")).select_one("article").get_text(" ")))
                for block in cell.blockquote.find_all(recursive=False):  # editors' notes are left out
                    assert words(block.get_text(" ")) in chapter, f"{source.ref} is not quoted as the handbook has it"
                assert "Merknad fra redaksjonen" not in text
        # Each passage the guide cites is quoted in full exactly once, beside the first outcome citing it.
        figures = page.select("article figure.kildegrunnlag__kilde")
        assert [f["id"] for f in figures] == [quote_id for quote_id, _ in quoted.values()]
        assert len(figures) == len({(s.page, s.anchor) for o in guide.outcomes for s in o.sources})
        for quote_id, first in quoted.values():
            assert page.select_one(f"[id='{quote_id}']").find_parent("article")["aria-labelledby"] == f"{guide.id}--{first.id}"
        assert not page.select("blockquote [id]"), "quoted passages carry no ids of their own"
        # The passages' own links work from the page's folder.
        for link in page.select("article blockquote a[href]"):
            assert link["href"].startswith(("../", "https:", "http:", "mailto:")), (guide.id, link["href"])
    assert repeated > 50, "the guides cite many passages more than once: the test sees the links back"


def test_a_passage_s_links_are_made_to_work_from_the_review_page():
    import veivisere

    fragment = '<p><a href="krisekommunikasjon.html#rykter">a</a> <a href="https://example.org/">b</a> ' \
               '<a href="mailto:x@example.org">c</a> <img src="assets/images/a.png" alt=""></p>'
    rebased = veivisere._rebase(fragment, "pa-vegne-av-kommunen.html", "kildegrunnlag/krise.html")
    assert rebased == '<p><a href="../krisekommunikasjon.html#rykter">a</a> <a href="https://example.org/">b</a> ' \
                      '<a href="mailto:x@example.org">c</a> <img src="../assets/images/a.png" alt=""></p>'
    assert veivisere._rebase(fragment, "pa-vegne-av-kommunen.html", "kildegrunnlag.html") == fragment


def test_review_pages_are_kept_out_of_search_and_the_navigation(site, guides):
    index = json.loads((site / "search/search_index.json").read_text(encoding="utf-8"))
    assert not [d["location"] for d in index["docs"] if d["location"].startswith("kildegrunnlag")]
    assert any(d["location"].startswith("hvem-spor-jeg.html") for d in index["docs"])
    assert not soup(site / "index.html").select(".md-nav a[href^='kildegrunnlag']")
    # Made from the guide's tree and the chapters it cites, as the footer tells the editors.
    footer = words(soup(site / "kildegrunnlag/krise.html").select_one(".sist-endret").get_text())
    assert "laget fra decision_trees/krise.yml, docs/krisekommunikasjon.md" in footer, footer


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
