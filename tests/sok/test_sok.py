"""The search model without MkDocs: words, the lemma map, the synonym file and its check, and
guides folded into one entry each."""

from __future__ import annotations

from pathlib import Path

import pytest
import sok

from support import ROOT
from veiviser import NOT_PAGES, AnchorIndex, load_guides


def test_words_are_split_lowered_and_trimmed_like_lunr():
    assert sok.words("<p>Kommunens «Facebook-side», 17. mai!</p>") == ["kommunens", "facebook", "side", "mai"]


# -----------------------------------------------------------------------------
# Lemmas
# -----------------------------------------------------------------------------

def test_the_lemma_map_reaches_what_the_stemmer_misses():
    mapping = sok.lemma_map({"journalføre", "lærerne", "situasjonsbildene", "aktiviteten"})
    # the index's own forms
    assert mapping["lærerne"] == "lærer"
    assert mapping["aktiviteten"] == "aktivitet"
    # forms people may type, found through the lemma of a word in the index
    assert mapping["journalført"] == "journalføre"
    assert mapping["aktivitetene"] == "aktivitet"


def test_compounds_the_dictionary_lacks_get_the_forms_of_their_last_part():
    # «venneforespørsel» is not in the dictionary; «forespørsel» is.
    mapping = sok.lemma_map({"venneforespørsler"})
    assert mapping["venneforespørsler"] == "venneforespørsel"
    assert mapping["venneforespørslene"] == "venneforespørsel"


def test_the_lemma_map_leaves_out_what_the_stemmer_already_joins():
    stem = sok._stemmer().stemWord
    mapping = sok.lemma_map({"samtykke", "bildene"})
    assert "samtykket" not in mapping  # Snowball: samtykket and samtykke share a stem
    assert all(stem(form) != stem(lemma) for form, lemma in mapping.items())


def test_encoded_lemmas_are_grouped_by_lemma():
    text = sok.encode_lemmas({"lærerne": "lærer", "lærere": "lærer", "journalført": "journalføre"})
    assert text == "journalføre:journalført|lærer:lærere,lærerne"


# -----------------------------------------------------------------------------
# Synonyms
# -----------------------------------------------------------------------------

def write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "synonymer.txt"
    path.write_text(text, encoding="utf-8")
    return path


def test_synonym_lines_are_read_with_comments_and_blank_lines(tmp_path):
    path = write(tmp_path, "# kommentar\n\ntrakassering, Hets = personangrep  # slik\nsjef = leder\n")
    synonyms = sok.read_synonyms(path, "synonymer.txt")
    assert synonyms == [sok.Synonym(3, ("trakassering", "hets"), ("personangrep",)),
                        sok.Synonym(4, ("sjef",), ("leder",))]
    assert sok.synonym_targets(synonyms) == {"personangrep": ["trakassering", "hets"], "leder": ["sjef"]}


@pytest.mark.parametrize("line,message", [
    ("sjef leder", "skal ha nøyaktig ett «=»"),
    ("sjef = leder = boss", "skal ha nøyaktig ett «="),
    ("sjef, = leder", "Et ord mangler til venstre"),
    ("sjef = ", "Et ord mangler til høyre"),
    ("lokal avis = nettavis", "«lokal avis» er ikke ett ord"),
])
def test_a_broken_synonym_line_is_explained_with_file_line_and_fix(tmp_path, line, message):
    path = write(tmp_path, f"# først en kommentar\n{line}\n")
    with pytest.raises(sok.SynonymError) as info:
        sok.read_synonyms(path, "docs/includes/synonymer.txt")
    text = str(info.value)
    assert "docs/includes/synonymer.txt, linje 2: " in text and message in text
    assert "Slik retter du det: " in text


def test_a_synonym_must_point_at_a_word_the_handbook_uses(tmp_path):
    synonyms = sok.read_synonyms(write(tmp_path, "sjef = leder\nlokalavis = nettavisa, nettavis\n"), "s.txt")
    sok.check_synonyms(synonyms[:1], {"leder", "nettavis"}, "s.txt")
    with pytest.raises(sok.SynonymError) as info:
        sok.check_synonyms(synonyms, {"leder", "nettavis", "nettaviser"}, "s.txt")
    text = str(info.value)
    assert "s.txt, linje 2: Ordet «nettavisa» står ikke i håndboka" in text
    assert "«nettavis»" in text.split("Slik retter du det:")[1]  # the close word is suggested
    assert len(info.value.problems) == 1


def test_the_real_synonyms_point_at_words_the_handbook_uses(site):
    import json

    synonyms = sok.read_synonyms(ROOT / "docs/includes/synonymer.txt", "synonymer.txt")
    entries = json.loads((site / "search/search_index.json").read_text(encoding="utf-8"))["docs"]
    sok.check_synonyms(synonyms, sok.vocabulary(entries, ("title", "text", "steps", "keywords")), "synonymer.txt")
    typed = {w for s in synonyms for w in s.words}
    assert {"tiktok", "snapchat", "sjef", "trakassering", "sletting", "selfie", "lokalavis", "facebookgruppe"} <= typed


# -----------------------------------------------------------------------------
# Guides
# -----------------------------------------------------------------------------

def test_guides_are_folded_into_one_entry_without_their_steps():
    entries = [
        {"location": "a.html", "title": "A", "text": "<p>Kapittel</p>"},
        {"location": "v/g/index.html", "title": "G", "text": "<p>Veivisere</p>"},
        {"location": "v/g/index.html#veiviser", "title": "G", "text": "<p>Bruk den.</p><p>Versjon 1</p>"},
        {"location": "v/g/q.html", "title": "Spørsmål?", "text": "<p>G</p>"},
        {"location": "v/g/q.html#sporsmal", "title": "Spørsmål?", "text": "<ul><li>Ja</li><li>Jeg er usikker</li></ul>"},
        {"location": "v/g/ut.html#resultat", "title": "Du kan publisere", "text": "<p>Fordi.</p> Dette gjør du nå"},
    ]
    steps = {"v/g/q.html": "v/g/index.html", "v/g/ut.html": "v/g/index.html"}
    guides = {"v/g/index.html": {"description": "Bruk den &amp; svar.", "keywords": ["sint kommentar"]}}
    folded = sok.fold_guides(entries, steps, guides)
    assert [e["location"] for e in folded] == ["a.html", "v/g/index.html"]
    guide = folded[1]
    assert guide["title"] == "G"
    assert guide["text"] == f"<p><strong>{sok.GUIDE_NOTE}</strong> Bruk den &amp; svar.</p>"
    assert guide["steps"] == "Spørsmål? Ja Du kan publisere Fordi."
    assert guide["keywords"] == "sint kommentar"


def test_every_real_guide_has_search_keywords():
    guides = load_guides(ROOT / "decision_trees", anchors=AnchorIndex.from_docs(ROOT / "docs", exclude=NOT_PAGES))
    assert len(guides) == 9
    for guide in guides:
        assert len(guide.keywords) >= 3, guide.id
        assert all(k.strip() for k in guide.keywords)


def test_the_built_index_has_no_step_pages_and_one_entry_per_guide(site):
    import json

    guides = load_guides(ROOT / "decision_trees", anchors=AnchorIndex.from_docs(ROOT / "docs", exclude=NOT_PAGES))
    locations = [e["location"] for e in json.loads((site / "search/search_index.json").read_text(encoding="utf-8"))["docs"]]
    step_pages = {f"veivisere/{g.id}/{s}.html" for g in guides for s in g.steps}
    assert not {loc.split("#")[0] for loc in locations} & step_pages
    for guide in guides:
        assert locations.count(f"veivisere/{guide.id}/index.html") == 1
        assert not [loc for loc in locations if loc.startswith(f"veivisere/{guide.id}/index.html#")]


# The lemma map's cache (hooks/sok: memory, and a file in .cache/sok keyed on the libraries and the code).

WORDS = {"journalføre", "lærerne", "situasjonsbildene", "aktiviteten", "venneforespørsler"}


def _fresh_process(monkeypatch) -> None:
    """As in a new build process: nothing computed yet in memory."""
    monkeypatch.setattr(sok, "_entries", {})


def test_the_cached_lemma_map_is_the_computed_one_and_a_new_word_is_added(tmp_path, monkeypatch):
    _fresh_process(monkeypatch)
    computed = sok.lemma_map(WORDS)
    _fresh_process(monkeypatch)
    assert sok.lemma_map(WORDS, cache=tmp_path) == computed
    [cache_file] = tmp_path.glob("lemmas-*.json")
    _fresh_process(monkeypatch)
    assert sok.lemma_map(WORDS, cache=tmp_path) == computed  # read from the file this time
    # A changed input: the new word's forms are there, and the file learns them.
    _fresh_process(monkeypatch)
    grown = sok.lemma_map(WORDS | {"kommentarene"}, cache=tmp_path)
    assert grown["kommentarene"] == "kommentar" and "kommentarene" not in computed
    assert "kommentarene" in cache_file.read_text(encoding="utf-8")


def test_the_cache_file_is_read_and_only_under_its_own_key(tmp_path, monkeypatch):
    _fresh_process(monkeypatch)
    sok.lemma_map(WORDS, cache=tmp_path)
    [cache_file] = tmp_path.glob("lemmas-*.json")
    assert cache_file.name == f"lemmas-{sok._cache_key()}.json"
    # Proof that the file is what a new process reads: a planted entry shows up...
    cache_file.write_text('{"lærerne": [["lærerne", "plantet"]]}', encoding="utf-8")
    _fresh_process(monkeypatch)
    assert sok.lemma_map({"lærerne"}, cache=tmp_path)["lærerne"] == "plantet"
    # ...and once the libraries or the code change, the key does too and the old file is not read.
    monkeypatch.setattr(sok, "_cache_key", lambda: "annen-versjon")
    _fresh_process(monkeypatch)
    assert sok.lemma_map({"lærerne"}, cache=tmp_path)["lærerne"] == "lærer"


@pytest.mark.parametrize("damage", [b"", b'{"l\xc3\xa6rerne": [["l', b"[1, 2]", b'{"ord": "ikke en liste"}',
                                    b'{"ord": ["ab"]}', b"\xff\xfe"])
def test_a_damaged_cache_file_is_ignored_and_written_anew(tmp_path, monkeypatch, damage):
    _fresh_process(monkeypatch)
    computed = sok.lemma_map(WORDS, cache=tmp_path)
    [cache_file] = tmp_path.glob("lemmas-*.json")
    cache_file.write_bytes(damage)
    _fresh_process(monkeypatch)
    assert sok.lemma_map(WORDS, cache=tmp_path) == computed
    _fresh_process(monkeypatch)
    assert sok._read_cache(cache_file).keys() == WORDS  # whole again


# -----------------------------------------------------------------------------
# One hit per glossary term and per practice case
# -----------------------------------------------------------------------------

def test_a_glossary_is_split_into_one_entry_per_term():
    page = ('<p>Intro</p>\n<dl>\n<dt id="samtykke">Samtykke</dt>\n<dd>En aktiv <abbr title="x">tillatelse</abbr>.</dd>\n'
            '<dt id="situasjonsbilde">Situasjonsbilde</dt>\n<dd>Bilde &amp; situasjon.</dd>\n</dl>\n'
            '<dl><dt>Uten anker</dt><dd>blir ikke delt</dd></dl>')
    marked, terms = sok.glossaries(page)
    assert [t.anchor for t in terms] == ["samtykke", "situasjonsbilde"]
    assert terms[0].explanation == "En aktiv tillatelse."
    assert marked.count(sok.GLOSSARY_EXCLUDE) == 1 and "<dl><dt>Uten anker" in marked
    entries = [{"location": "begreper.html", "title": "Begreper", "text": "<p>Intro</p>"},
               {"location": "annen.html", "title": "Annen", "text": ""}]
    split = sok.split_glossaries(entries, {"begreper.html": terms})
    assert [e["location"] for e in split] == ["begreper.html", "begreper.html#samtykke",
                                               "begreper.html#situasjonsbilde", "annen.html"]
    assert split[2] == {"location": "begreper.html#situasjonsbilde", "title": "Situasjonsbilde",
                        "text": "<p>Bilde &amp; situasjon.</p>"}


def test_a_practice_case_is_one_labelled_entry():
    entries = [{"location": "ov-deg/a.html", "title": "A", "text": ""},
               {"location": "ov-deg/a.html#ovelse", "title": "Flom i bygda", "text": "<p>Situasjonen.</p>"},
               {"location": "krise.html#rykter", "title": "Rykter", "text": "<p>…</p>"}]
    folded = sok.fold_cases(entries, {"ov-deg/a.html"})
    assert folded == [{"location": "ov-deg/a.html", "title": "Flom i bygda", "text": "<p>Situasjonen.</p>",
                       "label": sok.CASE_LABEL}, entries[2]]


def test_the_built_index_has_short_glossary_and_case_entries(site):
    import json

    docs = json.loads((site / "search/search_index.json").read_text(encoding="utf-8"))["docs"]
    by_location = {d["location"]: d for d in docs}
    assert "Plikten" in by_location["begreper.html#taushetsplikt"]["text"]
    assert "Taushetsplikt" not in by_location["begreper.html"]["text"]
    cases = [d for d in docs if d["location"].startswith("ov-deg/") and d["location"] != "ov-deg/index.html"]
    assert cases and all(d.get("label") == sok.CASE_LABEL and "#" not in d["location"] for d in cases)
    assert all("Neste øvelse" not in d["text"] and "Hva gjør du" not in d["text"] for d in cases)
    assert len(by_location["ov-deg/index.html"]["text"]) < 600  # the list of 68 cases is left out
    assert len(by_location["veivisere/index.html"]["text"]) < 600
