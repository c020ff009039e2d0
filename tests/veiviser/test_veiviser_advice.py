"""The advice in the real guides (decision_trees/*.yml) against the rule register: every rule an outcome
gives is cited among its sources, and the advice rounds' findings (review round 3, R3-n) stay fixed."""

from __future__ import annotations

from pathlib import Path

import pytest

import veiviser
from veiviser.model import Outcome, Question, plain_text
from veiviser.regler import RULES_FILE, load_rules

ROOT = Path(__file__).parent.parent.parent


@pytest.fixture(scope="module")
def rules(real_anchors):
    return load_rules(ROOT / "decision_trees" / RULES_FILE, anchors=real_anchors)


@pytest.fixture(scope="module")
def guides(real_guides) -> dict[str, veiviser.Guide]:
    return {g.id: g for g in real_guides}


def outcome(guides, guide_id: str, step_id: str) -> Outcome:
    step = guides[guide_id].steps[step_id]
    assert isinstance(step, Outcome), step_id
    return step


def question(guides, guide_id: str, step_id: str) -> Question:
    step = guides[guide_id].steps[step_id]
    assert isinstance(step, Question), step_id
    return step


def words(html: str) -> str:
    return " ".join(plain_text(html).split())


def advice(step: Outcome) -> str:
    """What the reader is told: the headline, the explanation and the next steps (not the editors' note)."""
    return " ".join([step.verdict, words(step.explanation_html), *(words(n) for n in step.next_steps_html)])


def refs(step: Outcome) -> set[str]:
    return {s.ref for s in step.sources}


# -- every outcome ----------------------------------------------------------------------------------


def test_every_rule_an_outcome_gives_is_in_a_section_it_cites(rules, real_guides):
    # The reader can check each rule in the section the result links to (and «Kildegrunnlag» quotes it).
    missing = [f"{g.id}/{o.id}: {r} ({rules[r].source})" for g in real_guides for o in g.outcomes
               for r in o.rules if rules[r].source not in refs(o)]
    assert not missing, missing


# -- review round 3 ---------------------------------------------------------------------------------


def test_a_post_showing_someone_known_through_work_still_meets_the_other_private_rules(guides):  # R3-1
    shown = outcome(guides, "uttale-meg-privat", "andre-i-innlegget")
    ask = question(guides, "uttale-meg-privat", "viser-andre")
    assert [a.text for a in ask.answers if a.target == "handler-om-krise"] == ["Nei"]
    text = advice(shown)
    assert "samtykke" in text and "gå da gjennom veiviseren på nytt for resten av innlegget" in text.casefold()
    assert "Svar «Nei» på spørsmålet om du viser, nevner eller identifiserer noen du kjenner gjennom jobben" in text
    assert {"privat-bruk.md#avklar-rolle", "krisekommunikasjon.md#kriseledelsen"} <= refs(shown)


def test_a_post_with_cleared_photos_gets_the_publishing_advice(guides):  # R3-2
    photos = question(guides, "kan-jeg-publisere", "bilder-eller-video")
    to_publish = [a.plain for a in photos.answers if a.target == "publiser"]
    assert to_publish[0] == "Nei", "a case that means «no photos» shows «Nei» (the first answer to «publiser»)"
    consent_title = guides["samtykke-bilde"].title
    assert any(t.startswith("Ja") and consent_title in t for t in to_publish[1:]), to_publish
    assert photos.unsure_target == "sjekk-bildene"
    check = advice(outcome(guides, "kan-jeg-publisere", "sjekk-bildene"))
    assert "kan du publisere" not in check and "på nytt" in check
    publish = outcome(guides, "kan-jeg-publisere", "publiser")
    assert "ingen bilder" not in advice(publish)
    assert "kontaktinformasjon-for-fjerning" in publish.rules
    for step in ("situasjonsbilde-uten-samtykke", "portrett-kan-publiseres"):  # the way back names the answer
        assert "sier at de kan publiseres" in advice(outcome(guides, "samtykke-bilde", step))


def test_a_harmless_situation_photo_of_service_users_is_a_question_for_webansvarlig(guides):  # R3-3
    photo = outcome(guides, "samtykke-bilde", "situasjonsbilde-uten-samtykke")
    assert "ikke-identifiser-uten-tillatelse" in photo.rules
    assert "pa-vegne-av-kommunen.md#beskytt-informasjon" in refs(photo)
    text = advice(photo)
    assert "kan kjennes igjen som brukere av en kommunal tjeneste" in text
    assert "Spør webansvarlig før du publiserer" in text and "webansvarlig" in photo.ask


def test_answering_in_other_channels_says_who_answers_and_that_positive_posts_are_optional(guides):  # R3-4
    other = outcome(guides, "svare-pa-innlegg", "andre-kanaler")
    assert {"informasjonsmedarbeideren-daglig-oppfolging", "avdelingsleder-ansvar",
            "rapporter-til-informasjonsmedarbeider", "positive-valgfritt", "svar-positive-ofte"} <= set(other.rules)
    assert "avdelingsleder" in other.ask
    text = advice(other)
    assert "Er innlegget positivt, er det valgfritt å svare" in text
    assert "nøytral" not in text, "only positive posts are optional in the text"
    assert "sier retningslinjene ikke uttrykkelig" in text


def test_a_factual_error_answered_by_e_mail_is_still_corrected(guides):  # R3-6
    mail = outcome(guides, "svare-pa-innlegg", "svar-pa-e-post")
    assert "svar-alltid-faktafeil" in mail.rules
    text = advice(mail)
    assert "faktafeil, skal det alltid besvares" in text and "korrekt bilde av situasjonen" in text
    assert "informasjonsmedarbeideren" in mail.ask


def test_questions_from_residents_in_a_crisis_have_an_answer(guides):  # R3-7
    handle = question(guides, "krise", "hva-skal-du-handtere")
    first = handle.answers[0]
    assert first.target == "proaktiv-og-apen" and "spørsmål fra innbyggere" in first.plain
    assert "Får du spørsmål fra innbyggere om krisen" in advice(outcome(guides, "krise", "proaktiv-og-apen"))


def test_saying_one_speaks_privately_is_tied_to_public_debate(guides):  # R3-8
    step = outcome(guides, "uttale-meg-privat", "presiser-privat")
    for line in (step.verdict, *(words(n) for n in step.next_steps_html)):
        if "uttaler deg som privatperson" in line:
            assert "samfunnsdebatt" in line, line


def test_the_municipalitys_own_page_names_the_set_up_rules(guides):  # R3-10
    own = outcome(guides, "ny-side-eller-konto", "kommunens-side")
    assert {"logo-og-profil-alltid", "kontaktinformasjon-for-fjerning", "lenke-og-kontaktinformasjon"} <= set(own.rules)


def test_groups_in_the_organisation_are_named_with_kap_4(guides):  # R3-11
    private = outcome(guides, "ny-side-eller-konto", "privat-konto")
    assert "bedriftsidrettslagets medlemsgruppe" in advice(private)
    assert "hovedmal.md#4-hovedmål" in refs(private)
    assert "sier de ikke noe særskilt" not in advice(private)


@pytest.mark.parametrize("rule_id, given_by", [  # R3-12
    ("ikke-alltid-nok-a-si-privat", {("uttale-meg-privat", "hoy-profil"), ("uttale-meg-privat", "krise-privat")}),
    ("supplerer-ikke-erstatter", {("kan-jeg-publisere", "sjekk-bildene"), ("kan-jeg-publisere", "publiser"),
                                  ("ny-side-eller-konto", "opprett")}),
    ("krise-supplement", {("krise", "proaktiv-og-apen")}),
])
def test_rules_the_outcomes_quote_are_in_the_register(rules, real_guides, rule_id, given_by):
    assert rule_id in rules
    giving = {(g.id, o.id) for g in real_guides for o in g.outcomes if rule_id in o.rules}
    assert given_by <= giving
