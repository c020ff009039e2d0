"""The search model, without MkDocs: the words of the index, a Norwegian lemma map for them,
the editors' synonym list, and guides folded into one search entry each.

The browser indexes and searches with lunr's Norwegian stemmer (Snowball). Snowball has no rule
for many forms («journalført», «lærerne», «aktiviteten»); the lemma map sends such a form to its
lemma first, on the index side and on the query side alike (hooks/norsk_sok.js).
"""

from __future__ import annotations

import difflib
import functools
import hashlib
import html
import html.parser
import json
import os
import posixpath
import re
import tempfile
from dataclasses import dataclass
from pathlib import Path

from veiviser import UNSURE_LABEL

__all__ = ["Synonym", "SynonymError", "words", "vocabulary", "lemma_map", "encode_lemmas",
           "read_synonyms", "check_synonyms", "synonym_targets", "fold_guides", "guide_page", "GUIDE_NOTE",
           "Term", "glossaries", "GLOSSARY_EXCLUDE", "split_glossaries", "fold_cases", "CASE_LABEL"]

#: lunr's separator in this site (Material's default) and its Norwegian trimmer: letters only.
SEPARATOR = re.compile(r"[\s\-]+")
NOT_LETTER_EDGES = re.compile(r"^[\W\d_]+|[\W\d_]+$")
TAG = re.compile(r"<[^>]+>")
WORD = re.compile(r"^[^\W\d_]+$")

#: Shown on every guide's search hit: a guide is answered step by step, never by its outcome.
GUIDE_NOTE = "Veiviser. Svar på spørsmålene i veiviseren først."

#: Fixed texts of the step pages that say nothing about the guide's subject.
STEP_BOILERPLATE = ("Start veiviseren på nytt", UNSURE_LABEL, "Dette gjør du nå",
                    "Dette står i håndboka", "Svarene som fører hit", "Resultat")


# -----------------------------------------------------------------------------
# Words
# -----------------------------------------------------------------------------

def words(text: str) -> list[str]:
    """The words lunr indexes in a text or HTML snippet: split, lower-cased, trimmed to letters."""
    found = []
    for part in SEPARATOR.split(html.unescape(TAG.sub(" ", text)).lower()):
        part = NOT_LETTER_EDGES.sub("", part)
        if part:
            found.append(part)
    return found


def vocabulary(entries: list[dict], fields: tuple[str, ...]) -> set[str]:
    """Every word of the given fields of every search entry."""
    return {w for entry in entries for name in fields for w in words(str(entry.get(name) or ""))}


# -----------------------------------------------------------------------------
# Lemmas (simplemma's Norwegian bokmål dictionary)
# -----------------------------------------------------------------------------

@functools.lru_cache(maxsize=1)
def _forms_by_lemma() -> dict[str, tuple[str, ...]]:
    """simplemma's nb dictionary turned around: lemma -> its forms (single lower-case words)."""
    from simplemma.strategies.dictionaries import DEFAULT_DICTIONARY_FACTORY

    forms: dict[str, set[str]] = {}
    for form, lemma in DEFAULT_DICTIONARY_FACTORY.get_dictionary("nb").items():
        if form.islower() and WORD.match(form):
            forms.setdefault(lemma.lower(), set()).add(form)
    return {lemma: tuple(sorted(found)) for lemma, found in forms.items()}


@functools.lru_cache(maxsize=1)
def _stemmer():
    import snowballstemmer

    return snowballstemmer.stemmer("norwegian")


def _forms_of(lemma: str, forms: dict[str, tuple[str, ...]]) -> tuple[str, ...]:
    """The dictionary's forms of a lemma; for a compound it does not list (simplemma finds those
    by their last part), the forms of that last part behind the same first part."""
    if lemma in forms:
        return forms[lemma]
    for cut in range(1, len(lemma) - 3):
        if lemma[cut:] in forms:
            return tuple(lemma[:cut] + form for form in forms[lemma[cut:]])
    return ()


def _lemma_entries(word: str) -> list[tuple[str, str]]:
    """The (form, lemma) pairs one index word adds to the map."""
    import simplemma

    stem = _stemmer().stemWord
    lemma = simplemma.lemmatize(word, lang="nb").lower()
    if not WORD.match(lemma):
        return []
    return [(form, lemma) for form in (word, *_forms_of(lemma, _forms_by_lemma()))
            if form != lemma and stem(form) != stem(lemma)]


@functools.lru_cache(maxsize=1)
def _cache_key() -> str:
    """What the entries depend on besides the word: the libraries' versions and this module's code."""
    from importlib.metadata import version

    code = Path(__file__).read_bytes()
    parts = [version("simplemma"), version("snowballstemmer"), hashlib.sha256(code).hexdigest()]
    return hashlib.sha256("\0".join(parts).encode()).hexdigest()[:16]


#: Entries already computed in this process (mkdocs serve rebuilds in the same process).
_entries: dict[str, list[tuple[str, str]]] = {}


def _read_cache(path: Path) -> dict[str, list[tuple[str, str]]]:
    """A cache file's entries; nothing if it is missing, damaged or of another shape."""
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    if not isinstance(data, dict):
        return {}
    return {word: [(form, lemma) for form, lemma in pairs] for word, pairs in data.items()
            if isinstance(pairs, list) and all(
                isinstance(pair, list) and len(pair) == 2 and all(isinstance(x, str) for x in pair) for pair in pairs)}


def _write_cache(path: Path, entries: dict[str, list[tuple[str, str]]]) -> None:
    """Written whole or not at all (a half-written file is never read)."""
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        with tempfile.NamedTemporaryFile("w", encoding="utf-8", dir=path.parent, delete=False,
                                         prefix=path.name, suffix=".tmp") as out:
            json.dump(entries, out, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
        os.replace(out.name, path)
    except OSError:
        pass  # a cache that cannot be written only costs time


def lemma_map(index_words: set[str], cache: Path | None = None) -> dict[str, str]:
    """form -> lemma for the index's words and every other form of their lemmas, where the
    stemmer alone would not bring form and lemma together (the rest costs bytes for nothing).

    Each word's entries depend only on the word and the libraries: they are kept in memory and,
    given a cache folder, in a file there keyed on the libraries' versions and this code."""
    path = cache / f"lemmas-{_cache_key()}.json" if cache is not None else None
    if path is not None and not index_words <= _entries.keys():
        _entries.update({w: e for w, e in _read_cache(path).items() if w not in _entries})
    missing = index_words - _entries.keys()
    for word in missing:
        _entries[word] = _lemma_entries(word)
    if path is not None and missing:
        _write_cache(path, _entries)
    mapping: dict[str, str] = {}
    for word in sorted(index_words):
        for form, lemma in _entries[word]:
            mapping.setdefault(form, lemma)
    return mapping


def encode_lemmas(mapping: dict[str, str]) -> str:
    """The map as compact text for the browser: «lemma:form,form|lemma:form»."""
    groups: dict[str, list[str]] = {}
    for form, lemma in mapping.items():
        groups.setdefault(lemma, []).append(form)
    return "|".join(f"{lemma}:{','.join(sorted(forms))}" for lemma, forms in sorted(groups.items()))


# -----------------------------------------------------------------------------
# Synonyms (the editors' plain file)
# -----------------------------------------------------------------------------

@dataclass(frozen=True)
class Synonym:
    """One line of the synonym file: words people type = words the handbook uses."""

    line: int
    words: tuple[str, ...]
    targets: tuple[str, ...]


class SynonymError(Exception):
    """The synonym file has mistakes; the message lists each with file, line and fix."""

    def __init__(self, path: str, problems: list[tuple[int, str, str]]) -> None:
        self.problems = problems
        head = f"Fant {len(problems)} feil i synonymlisten for søket ({path}):"
        body = [f"{path}, linje {line}: {message}\n  Slik retter du det: {fix}" for line, message, fix in problems]
        super().__init__("\n\n".join([head, *body]))


EXAMPLE = "trakassering, hets = personangrep"
#: The largest synonym list (the browser reads all of it before the first search).
MAX_SYNONYM_BYTES = 100_000


def _word_list(text: str, line: int, side: str, problems: list) -> tuple[str, ...]:
    found = []
    for item in (part.strip().lower() for part in text.split(",")):
        if not item:
            problems.append((line, f"Et ord mangler {side} for «=» (to komma etter hverandre, eller ingen ord).",
                             f"Skriv ett ord mellom hvert komma, for eksempel  {EXAMPLE}"))
        elif not WORD.match(item):
            problems.append((line, f"«{item}» er ikke ett ord. Søket slår opp enkeltord (bare bokstaver).",
                             "Skriv hvert ord for seg, skilt med komma, uten mellomrom, tall eller tegn i ordet."))
        else:
            found.append(item)
    return tuple(found)


def read_synonyms(path: Path, shown_as: str) -> list[Synonym]:
    """Read the synonym file (one «ord, ord = ord i håndboka, ord» per line, # for comments)."""
    problems: list[tuple[int, str, str]] = []
    synonyms = []
    if path.is_symlink():
        raise SynonymError(shown_as, [(1, "Filen er en snarvei (symbolsk lenke) til en annen fil.",
                                       "Slett snarveien og legg selve listen i filen.")])
    data = path.read_bytes()
    if len(data) > MAX_SYNONYM_BYTES:
        raise SynonymError(shown_as, [(1, f"Listen er {len(data) // 1000} kB, men høyst {MAX_SYNONYM_BYTES // 1000} kB "
                                          "er tillatt (hvert synonym gjør søket tregere på mobilen).",
                                       "Behold synonymene folk faktisk søker med, og fjern resten.")])
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        line = data.count(b"\n", 0, error.start) + 1
        raise SynonymError(shown_as, [(line, f"Filen er ikke lagret som UTF-8: tegnet (byte 0x{data[error.start]:02x}) "
                                             f"på linje {line} kan ikke leses. Filen er trolig lagret som "
                                             "«Latin-1»/«Windows-1252».",
                                       "Lagre filen på nytt med tegnkodingen UTF-8 (i VS Code: klikk på tegnkodingen "
                                       "nederst til høyre, velg «Save with Encoding» og «UTF-8»).")]) from None
    for number, raw in enumerate(text.splitlines(), start=1):
        text = raw.split("#", 1)[0].strip()
        if not text:
            continue
        if text.count("=") != 1:
            problems.append((number, f"Linjen «{text}» skal ha nøyaktig ett «=».",
                             f"Skriv ordene folk søker på, så «=», så ordene håndboka bruker: {EXAMPLE}"))
            continue
        left, right = text.split("=")
        synonyms.append(Synonym(number, _word_list(left, number, "til venstre", problems),
                                _word_list(right, number, "til høyre", problems)))
    if problems:
        raise SynonymError(shown_as, problems)
    return synonyms


def check_synonyms(synonyms: list[Synonym], handbook_words: set[str], shown_as: str) -> None:
    """Every word on the right must be a word the handbook uses, or the synonym finds nothing."""
    problems: list[tuple[int, str, str]] = []
    for synonym in synonyms:
        for target in synonym.targets:
            if target in handbook_words:
                continue
            # Hints for the first few only: a long list of wrong words would take minutes.
            close = difflib.get_close_matches(target, handbook_words, n=3, cutoff=0.75) if len(problems) < 20 else []
            hint = f" Ord i håndboka som ligner: {', '.join(f'«{c}»' for c in close)}." if close else ""
            problems.append((synonym.line, f"Ordet «{target}» står ikke i håndboka, så "
                             f"«{', '.join(synonym.words)}» ville ikke finne noe med det.",
                             f"Skriv et ord slik det står i håndboka, eller fjern det.{hint}"))
    if problems:
        raise SynonymError(shown_as, problems)


def synonym_targets(synonyms: list[Synonym]) -> dict[str, list[str]]:
    """handbook word -> the words people type for it (what the browser adds to the index)."""
    targets: dict[str, list[str]] = {}
    for synonym in synonyms:
        for target in synonym.targets:
            for word in synonym.words:
                if word not in targets.setdefault(target, []):
                    targets[target].append(word)
    return targets


# -----------------------------------------------------------------------------
# Guides: one entry each, their steps folded in
# -----------------------------------------------------------------------------

def _plain(text: str) -> str:
    text = html.unescape(TAG.sub(" ", text))
    for phrase in STEP_BOILERPLATE:
        text = text.replace(phrase, " ")
    return " ".join(text.split())


def fold_guides(entries: list[dict], steps: dict[str, str], guides: dict[str, dict]) -> list[dict]:
    """Drop the guides' step pages from the index and give each guide one entry: its title, and
    one paragraph (Material shows only the paragraphs that match) with a note that it is answered
    step by step and its description; in fields the results never show, the text of all its
    steps and its keywords.

    `steps` maps a step page's URL to its guide page's URL; `guides` a guide page's URL to its
    `description` (HTML-escaped text) and `keywords`."""
    step_text: dict[str, list[str]] = {url: [] for url in guides}
    kept = []
    for entry in entries:
        page, _, anchor = entry["location"].partition("#")
        if page in steps:
            if anchor:  # the step's own section: question, help, answers / outcome and explanation
                step_text[steps[page]].append(_plain(entry["title"] + " " + entry["text"]))
            continue
        if page in guides:
            if not anchor:
                kept.append({"location": page, "title": entry["title"]})
            continue
        kept.append(entry)
    for entry in kept:
        guide = guides.get(entry["location"])
        if guide is None or "text" in entry:
            continue
        entry["text"] = f"<p><strong>{GUIDE_NOTE}</strong> {guide['description']}</p>"
        entry["steps"] = " ".join(step_text[entry["location"]])
        if guide["keywords"]:
            entry["keywords"] = " ".join(guide["keywords"])
    return kept


def guide_page(step_url: str) -> str:
    """The guide page of a step page (both in the guide's folder)."""
    return posixpath.join(posixpath.dirname(step_url), "index.html")


# -----------------------------------------------------------------------------
# One hit per glossary term, one per practice case
# -----------------------------------------------------------------------------

#: The label a practice case carries in the results (norsk_sok.js shows it before the title).
CASE_LABEL = "Øvelse"

#: Marks a glossary list so that Material's search leaves it out of its page's entry.
GLOSSARY_EXCLUDE = 'data-search-exclude="begreper"'


@dataclass(frozen=True)
class Term:
    """One term of a glossary: its anchor, the term, and its explanation as plain text."""

    anchor: str
    term: str
    explanation: str


class _Glossary(html.parser.HTMLParser):
    """The <dl> lists whose every <dt> has an id, term by term."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.lists: list[list[Term]] = []
        self._current: list[list[str]] | None = None  # [anchor, term, explanation] per term
        self._field = -1
        self._anchored = True
        self._depth = 0
        self._start = (0, 0)
        self.starts: list[tuple[int, int]] = []  # (line, column) of each glossary's <dl> tag

    def handle_starttag(self, tag, attrs):
        if tag == "dl":
            self._depth += 1
            if self._depth == 1:
                self._current, self._anchored, self._start = [], True, self.getpos()
        elif self._depth == 1 and tag == "dt":
            anchor = dict(attrs).get("id")
            self._anchored &= bool(anchor)
            self._current.append([anchor or "", "", ""])
            self._field = 1
        elif self._depth == 1 and tag == "dd" and self._current:
            self._field = 2

    def handle_endtag(self, tag):
        if tag in ("dt", "dd") and self._depth == 1:
            self._field = -1
        elif tag == "dl":
            self._depth -= 1
            if self._depth == 0 and self._current and self._anchored:
                self.lists.append([Term(a, " ".join(t.split()), " ".join(e.split())) for a, t, e in self._current])
                self.starts.append(self._start)

    def handle_data(self, data):
        if self._field > 0 and self._current:
            self._current[-1][self._field] += data


def glossaries(page_html: str) -> tuple[str, list[Term]]:
    """The terms of a page's glossaries, definition lists whose every term has an anchor
    («Term { #anker }» in Markdown), and the page with those lists marked GLOSSARY_EXCLUDE."""
    parser = _Glossary()
    parser.feed(page_html)
    parser.close()
    if not parser.lists:
        return page_html, []
    lines = page_html.splitlines(keepends=True)
    offsets = [sum(len(line) for line in lines[:number - 1]) + column for number, column in parser.starts]
    for offset in reversed(offsets):  # just after «<dl»
        page_html = f"{page_html[:offset + 3]} {GLOSSARY_EXCLUDE}{page_html[offset + 3:]}"
    return page_html, [term for found in parser.lists for term in found]


def split_glossaries(entries: list[dict], glossaries: dict[str, list[Term]]) -> list[dict]:
    """Give every glossary term its own entry (the term, and its explanation), right after the
    entries of its page, so that a term is one short hit, not a page-long paragraph.

    `glossaries` maps a page's URL to its terms; the page's own entries no longer hold them
    (the list is marked with GLOSSARY_EXCLUDE)."""
    if not glossaries:
        return entries
    result: list[dict] = []
    for i, entry in enumerate(entries):
        result.append(entry)
        page = entry["location"].partition("#")[0]
        following = entries[i + 1]["location"].partition("#")[0] if i + 1 < len(entries) else None
        if page in glossaries and following != page:
            result.extend({"location": f"{page}#{term.anchor}", "title": html.escape(term.term, quote=False),
                           "text": f"<p>{html.escape(term.explanation, quote=False)}</p>"}
                          for term in glossaries[page])
    return result


def fold_cases(entries: list[dict], cases: set[str]) -> list[dict]:
    """One entry per practice case: its title and its situation, at the page's address and
    labelled CASE_LABEL (the page's line above the title and its section are one hit, not two).

    `cases` holds the URLs of the practice case pages."""
    sections = {entry["location"].partition("#")[0]: entry for entry in entries
                if "#" in entry["location"] and entry["location"].partition("#")[0] in cases}
    result = []
    for entry in entries:
        page, _, anchor = entry["location"].partition("#")
        if page not in cases:
            result.append(entry)
        elif not anchor:
            section = sections.get(page, entry)
            result.append({**entry, "title": section["title"], "text": section["text"], "label": CASE_LABEL})
    return result
