"""The whole handbook as one PDF (`python -m handbok_pdf`): complete, paginated, printable.

One real strict site build and one real CLI run per module; everything is checked on the
PDF itself with pypdf (text, outline, fonts, metadata, page sizes).
"""

from __future__ import annotations

import datetime as dt
import hashlib
import importlib.util
import json
import re
import subprocess
import sys
import unicodedata
from pathlib import Path

import endringslogg
import pytest
from bs4 import BeautifulSoup
from pypdf import PdfReader

from support import ROOT

PDF_NAME = "sosiale-medier-handboka.pdf"
MM = 72 / 25.4
# Running header and footer sit in the page margins (22 mm / 24 mm): text nearer the
# edge than this is page furniture, not body text.
FURNITURE = 21 * MM
EXTERNAL_URLS = [
    "http://depsosialemedier.files.wordpress.com/2009/09/regjeringsbruksosmedier.pdf",
    "https://uustatus.no/nb/erklaringer/publisert/hattfjelldal-kommune",
]
# The practice cases («Øv deg») work only on screen and are the one part of the navigation
# the PDF leaves out.
SCREEN_ONLY = ("ov-deg/",)
CHROME = ["Kopier teksten", "Start på nytt", "Start veiviseren på nytt", "Velg et svar for å gå videre",
          "Dokumenter vurderingen", "Svarene dine", "Skriv ut", "Lenke til denne delen", "Sist endret 2",
          "Last ned håndboka som PDF", "Meld fra om feil eller noe uklart", "Vis den nye versjonen",
          "Øv deg"]  # the practice cases are not in the print: no link to them either


def _fidelity():
    """tests/handbok/test_fidelity.py, for its normalisation."""
    spec = importlib.util.spec_from_file_location("handbok_fidelity", ROOT / "tests/handbok/test_fidelity.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


fidelity = _fidelity()


def run_cli(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "handbok_pdf", *args], cwd=ROOT,
                          capture_output=True, text=True, timeout=600)


# -----------------------------------------------------------------------------
# Text normalisation
# -----------------------------------------------------------------------------

def squash(text: str) -> str:
    """Normalise PDF text and source text the same way, for comparing.

    - NFKC (ligatures), soft hyphens (U+00AD) out;
    - the print additions «(side N)», «(resultat N)» and « (URL)» after links out (on both
      sides, so the source's own «(http://…)» in Vedlegg is compared without it too);
    - list markers out (WeasyPrint draws them after the page's text, so pypdf extracts them
      there);
    - then the site test's `normalise` (case folded), and every hyphen and all whitespace out,
      on both sides: the PDF's fonts have no U+2010, so WeasyPrint hyphenates with a plain
      «-», and a word broken at the end of a line («skri-⏎ver») cannot be told from a real
      hyphen before a line break («drifts-⏎eller»). The letters, in order, must match.
    """
    text = unicodedata.normalize("NFKC", text).replace("\u00ad", "")
    text = re.sub(r"\s*\((?:side|resultat)\s*\d+\)", "", text)
    text = re.sub(r"\s*\(https?://[^()\s]*(?:\s+[^()\s]+)*\)", "", text)
    text = re.sub(r"(?m)^[ \t]*(?:\d{1,2}\.|•)[ \t]*$", "", text)
    text = fidelity.normalise(text.replace("•", ""))
    return re.sub(r"[\s\-\u2010]+", "", text)


# -----------------------------------------------------------------------------
# Fixtures: one site, one PDF
# -----------------------------------------------------------------------------

@pytest.fixture(scope="module")
def built(site) -> Path:
    """The session's site (tests/conftest.py): the PDF is made from the same build the other tests check."""
    return site


@pytest.fixture(scope="module")
def cli(handbook_pdf) -> subprocess.CompletedProcess:
    """`python -m handbok_pdf --site <site>`, run once (tests/conftest.py checks its exit code)."""
    return handbook_pdf


@pytest.fixture(scope="module")
def reader(cli, built) -> PdfReader:
    return PdfReader(built / PDF_NAME)


class PageText:
    def __init__(self, full: str, body: str, landscape: bool) -> None:
        self.full, self.body, self.landscape = full, body, landscape


@pytest.fixture(scope="module")
def pages(reader) -> list[PageText]:
    """Each page's text: all of it, and the body without running header and footer."""
    texts = []
    for page in reader.pages:
        height = float(page.mediabox.height)
        full: list[str] = []
        body: list[str] = []

        def visit(text, cm, tm, font, size, full=full, body=body, height=height):
            if not text:
                return
            full.append(text)
            y = tm[4] * cm[1] + tm[5] * cm[3] + cm[5]
            if not text.strip() or FURNITURE < y < height - FURNITURE:
                body.append(text)

        page.extract_text(visitor_text=visit)
        texts.append(PageText("".join(full), "".join(body), page.mediabox.width > page.mediabox.height))
    return texts


@pytest.fixture(scope="module")
def body_text(pages) -> str:
    return "\n".join(p.body for p in pages)


@pytest.fixture(scope="module")
def squashed(body_text) -> str:
    return squash(body_text)


@pytest.fixture(scope="module")
def chapters(built) -> list[tuple[str, str]]:
    """(page, h1 title) of every page in the site's navigation, in order."""
    soup = BeautifulSoup((built / "index.html").read_text(encoding="utf-8"), "html.parser")
    seen: list[str] = []
    for link in soup.select("nav.md-nav--primary a.md-nav__link[href]"):
        href = link["href"].split("#")[0]
        if href and href not in seen and not href.startswith(SCREEN_ONLY):
            seen.append(href)
    titles = []
    for href in seen:
        page = BeautifulSoup((built / href).read_text(encoding="utf-8"), "html.parser")
        titles.append((href, re.sub(r"\s+", " ", page.select_one("article h1").get_text(" ")).replace("¶", "").strip()))
    assert len(titles) >= 12
    return titles


@pytest.fixture(scope="module")
def guides():
    from veiviser import NOT_PAGES, AnchorIndex, load_guides

    return load_guides(ROOT / "decision_trees", anchors=AnchorIndex.from_docs(ROOT / "docs", exclude=NOT_PAGES))


def flat(text: str) -> str:
    return re.sub(r"\s+", " ", unicodedata.normalize("NFKC", text).replace("\u00ad", "")).strip()


@pytest.fixture(scope="module")
def toc(pages) -> tuple[int, int, str]:
    """(first, last) 0-based index of the table of contents, and its text."""
    first = next(i for i, p in enumerate(pages) if flat(p.body).startswith("Innhold"))
    last = first
    while last + 1 < len(pages) and re.search(r"\.\s?\.\s?\.", pages[last + 1].body):
        last += 1
    text = "\n".join(p.body for p in pages[first:last + 1])
    return first, last, re.sub(r"\u2010\s*\n\s*", "", text)


def toc_number(toc_text: str, title: str) -> int:
    """The page number printed after `title` (leader dots between) in the contents."""
    words = [re.escape(w) for w in flat(title).split(" ")]
    pattern = r"\s+".join(words) + r"[\s.]*?(\d+)\s*(?:\n|$)"
    match = re.search(pattern, toc_text)
    assert match, f"«{title}» is not in the table of contents"
    return int(match.group(1))


# -----------------------------------------------------------------------------
# The command
# -----------------------------------------------------------------------------

def test_the_command_writes_one_pdf_into_the_site_and_says_so(cli, built, reader):
    match = re.fullmatch(r"PDF skrevet: (.+) \((\d+) sider, (\d+[.,]\d) s\)\n", cli.stdout)
    assert match, cli.stdout
    assert Path(match.group(1)) == built / PDF_NAME
    assert int(match.group(2)) == len(reader.pages)
    assert not cli.stderr.strip(), cli.stderr
    # The time is reported, not judged here: the figures are `make bench`'s.
    assert float(match.group(3).replace(",", ".")) > 0
    assert [p.name for p in built.glob("*.pdf")] == [PDF_NAME]


def test_the_pdf_can_be_read_like_every_other_file_of_the_site(cli, built):
    # It is written to a private temporary file first: it must not stay private (0600).
    mode = (built / PDF_NAME).stat().st_mode & 0o777
    page_mode = (built / "index.html").stat().st_mode & 0o777
    assert mode == page_mode, f"PDF {oct(mode)}, pages {oct(page_mode)}"


def test_a_missing_site_gives_a_norwegian_message_not_a_traceback(tmp_path):
    result = run_cli("--site", str(tmp_path / "finnes-ikke"))
    assert result.returncode == 1
    assert "Traceback" not in result.stderr + result.stdout
    assert "Fant ikke nettstedet" in result.stderr and "make site" in result.stderr


def test_a_folder_that_is_not_a_built_site_is_refused(tmp_path):
    result = run_cli("--site", str(tmp_path))
    assert result.returncode == 1
    assert "Traceback" not in result.stderr
    assert "index.html mangler" in result.stderr
    assert not (tmp_path / PDF_NAME).exists()


@pytest.mark.parametrize("args, says", [
    (["--side", "x"], "ukjent valg"),
    (["--site", "site", "--prosesser", "2"], "ukjent valg: --prosesser"),
    (["--site"], "--site: mangler en verdi"),
], ids=["unknown-option", "processes-are-gone", "missing-value"])
def test_a_wrong_option_is_answered_in_norwegian(args, says):
    result = run_cli(*args)
    assert result.returncode == 1
    assert "Traceback" not in result.stderr
    assert "Feil i kommandoen" in result.stderr and says in result.stderr, result.stderr


# -----------------------------------------------------------------------------
# Paper: size, pages, furniture
# -----------------------------------------------------------------------------

def test_a4_and_a_sane_number_of_pages(reader):
    assert 20 <= len(reader.pages) <= 150
    sizes = {(round(float(p.mediabox.width)), round(float(p.mediabox.height))) for p in reader.pages}
    for width, height in sizes:
        assert (abs(width - 595) <= 1 and abs(height - 842) <= 1) or (abs(width - 842) <= 1 and abs(height - 595) <= 1), sizes
    portrait = [p for p in reader.pages if p.mediabox.height > p.mediabox.width]
    assert len(portrait) > len(reader.pages) * 0.6


def test_the_cover(pages):
    cover = flat(pages[0].full)
    changes = endringslogg.read(ROOT / "docs/endringer.md")  # its newest version is mkdocs.yml's (the build checks)
    adoption = (f"Vedtatt {changes.current.adopted}" if changes.current.adopted
                else f"Ikke vedtatt ennå; sist vedtatte versjon er {changes.last_adopted.number}")
    for text in ["Hattfjelldal kommune", "Sosiale medier-håndboka", "Retningslinjer for bruk av sosiale medier",
                 "Foreløpig strategi vedtatt i K-sak 034/12 (09.05.12)", "Retningslinjer datert 21.08.12",
                 f"Versjon {changes.current.number}", adoption]:
        assert text in cover, text
    made = re.search(r"PDF laget (\d\d)\.(\d\d)\.(\d{4})", cover)
    assert made, cover
    assert abs((dt.date(int(made[3]), int(made[2]), int(made[1])) - dt.date.today()).days) <= 1
    assert "Side " not in cover, "the cover has no header or footer"


def test_the_council_decision_on_the_cover_comes_from_mkdocs_yml(tmp_path, monkeypatch):
    from handbok_pdf import render
    from handbok_pdf.document import Handbook

    config = tmp_path / "mkdocs.yml"
    config.write_text((ROOT / "mkdocs.yml").read_text(encoding="utf-8")
                      .replace("K-sak 034/12", "K-sak 099/25").replace('"09.05.12"', '"01.02.25"')
                      .replace('"21.08.12"', '"03.04.25"'), encoding="utf-8")
    monkeypatch.setattr(render, "CONFIG", config)
    cover = render.render_html(Handbook("Håndboka", "Kommunen", "", []), version="9", date=dt.date(2026, 1, 2))
    assert "Foreløpig strategi vedtatt i K-sak 099/25 (01.02.25)" in cover
    assert "Retningslinjer datert 03.04.25" in cover and "PDF laget 02.01.2026" in cover
    assert "strategi vedtatt i K-sak 034/12" not in cover and "21.08.12" not in cover


def test_the_changes_since_the_last_adopted_version_follow_the_cover(pages):
    changes = endringslogg.read(ROOT / "docs/endringer.md")
    colophon = flat(pages[1].full)
    assert f"Endringer siden versjon {changes.last_adopted.number}" in colophon
    for change in changes.since_adopted:
        assert f"{change.date:%d.%m.%Y}: {change.title}." in colophon, change.title
    assert not [c for v in changes.versions if v.adopted for c in v.changes if c.title in colophon]


def test_body_pages_have_the_running_footer_and_header(pages):
    total = len(pages)
    numbered = [i for i, p in enumerate(pages) if f"Side {i + 1} av {total}" in flat(p.full)]
    assert len(numbered) > total * 0.6
    # Chapter 6 starts on its own page with its short title in the header.
    start = next(i for i, p in enumerate(pages) if flat(p.body).startswith("6. Bruk av sosiale medier"))
    assert f"Side {start + 1} av {total}" in flat(pages[start].full)
    assert "6. På vegne av kommunen" in flat(pages[start + 1].full).replace(flat(pages[start + 1].body), "")


def test_every_page_after_the_cover_is_numbered_and_a_blank_one_says_so(pages):
    """No page the reader could take for one the printer skipped: every page after the cover and
    its back carries «Side n av N»; one with no text of its own says it is empty on purpose."""
    total = len(pages)
    unnumbered = [i + 1 for i, p in enumerate(pages[2:], start=2) if f"Side {i + 1} av {total}" not in flat(p.full)]
    assert not unnumbered, f"pages without a number: {unnumbered}"
    blank = [i + 1 for i, p in enumerate(pages[2:], start=2) if not flat(p.body).strip()]
    for number in blank:
        assert "tom med vilje" in flat(pages[number - 1].full), f"page {number} is empty and does not say why"


def test_no_page_holds_only_a_line_or_two(pages):
    """No orphan page: a body page with text has more than a checkbox and a line on it."""
    for i, page in enumerate(pages[2:], start=3):
        body = flat(page.body).strip()
        assert not body or len(body) > 60, f"page {i} holds only «{body}»"


def test_chapters_start_on_a_right_hand_page(pages, toc, chapters):
    _, _, toc_text = toc
    for _, title in chapters:
        page = toc_number(toc_text, title)
        assert page % 2 == 1, f"«{title}» starts on page {page}, a left-hand page"


# -----------------------------------------------------------------------------
# Contents, bookmarks, links
# -----------------------------------------------------------------------------

def test_the_contents_page_numbers_are_where_the_chapters_are(pages, toc, chapters):
    first, last, toc_text = toc
    assert first == 2, "the contents start on page 3, after the cover and its back"
    for _, title in chapters:
        printed = toc_number(toc_text, title)
        # A chapter starts on a new page: its title is the first thing on it.
        found = next((i + 1 for i, p in enumerate(pages) if i > last and flat(p.body).startswith(flat(title))), None)
        assert found == printed, f"«{title}»: the contents say page {printed}, it is on page {found}"


def test_the_contents_page_numbers_of_the_guides(pages, toc, guides):
    _, last, toc_text = toc
    for guide in guides:
        printed = toc_number(toc_text, guide.title)
        # A guide opens on a page of its own (title and diagram): «VEIVISER», then its title.
        found = next((i + 1 for i, p in enumerate(pages)
                      if i > last and flat(p.body).startswith(f"VEIVISER {flat(guide.title)}")), None)
        assert found == printed, f"«{guide.title}»: contents say {printed}, found on {found}"


def test_the_contents_check_can_fail(toc):
    _, _, toc_text = toc
    with pytest.raises(AssertionError):
        toc_number(toc_text, "Et kapittel som ikke finnes")


def test_internal_links_show_the_page_they_lead_to(squashed, pages, toc):
    _, _, toc_text = toc
    chapter7 = toc_number(toc_text, "7. Bilder og video")
    text = flat("\n".join(p.body for p in pages))
    assert f"kap. 7 om bilder og video (side {chapter7})" in text
    assert len(re.findall(r"\(side \d+\)", text)) > 50
    assert "(side 00)" not in text and "(side \u2007" not in text


def test_bookmarks_for_every_chapter_and_their_sections(reader, chapters, guides):
    def walk(items, depth=0):
        for item in items:
            if isinstance(item, list):
                yield from walk(item, depth + 1)
            else:
                yield depth, flat(item.title)

    outline = list(walk(reader.outline))
    titles = [t for _, t in outline]
    for _, title in chapters:
        assert (0, flat(title)) in outline, f"no top-level bookmark for «{title}»"
    for guide in guides:
        assert flat(guide.title) in titles, f"no bookmark for the guide «{guide.title}»"
    assert "Ansvarsfordeling" in titles and "Svar alltid når:" in titles   # h2 and h3 of chapter 6
    assert sum(1 for depth, _ in outline if depth > 0) > len(chapters) * 2


def test_external_link_addresses_are_printed(squashed, body_text):
    compact = re.sub(r"\s+", "", re.sub(r"\u2010\s*\n", "", body_text))
    for url in EXTERNAL_URLS:
        assert url in compact, f"{url} is not printed"
    # The accessibility statement's link text is not its address: the address follows it.
    assert "Lestilgjengelighetserklæringenfor" + "Hattfjelldalkommune(" + EXTERNAL_URLS[1] in compact


# -----------------------------------------------------------------------------
# Content: every sentence, every guide, no screen chrome
# -----------------------------------------------------------------------------

def test_every_block_of_the_source_is_in_the_pdf(squashed):
    source = fidelity.SOURCE.read_text(encoding="utf-8")
    for original, corrected in fidelity.corrections():
        source = source.replace(original, corrected)
    blocks = fidelity.source_blocks(source)
    assert len(blocks) > 100
    missing = [block for block in blocks if squash(block) not in squashed]
    assert not missing, "Text from the source is missing in the PDF:\n" + "\n".join(missing)


def test_the_source_check_can_fail(squashed):
    dropped = squashed.replace(squash("Vi sletter aldri slike innlegg."), "")
    blocks = fidelity.source_blocks(fidelity.SOURCE.read_text(encoding="utf-8"))
    assert any(squash(block) not in dropped for block in blocks)


def test_every_chapter_heading_is_in_the_pdf(squashed, chapters):
    for _, title in chapters:
        assert squash(title) in squashed, title


def test_every_guide_with_every_outcome(squashed, guides):
    assert len(guides) >= 9
    for guide in guides:
        assert squash(guide.title) in squashed, guide.title
        assert guide.outcomes
        for outcome in guide.outcomes:
            assert squash(outcome.verdict) in squashed, f"{guide.title}: {outcome.verdict}"


def test_editorial_notes_and_the_corrections_table(squashed, built):
    notes = sum(page.read_text(encoding="utf-8").count('class="admonition merknad"')
                for page in built.glob("*.html"))
    assert notes >= 5
    assert squashed.count(squash("Merknad fra redaksjonen")) >= notes
    for original, corrected in fidelity.corrections():
        assert squash(original) in squashed and squash(corrected) in squashed
    assert squash("Redaksjonelle endringer") in squashed
    assert squash("Begreper") in squashed and squash("Situasjonsbilde") in squashed


def test_no_buttons_forms_or_screen_chrome(body_text):
    text = flat(body_text)
    for chrome in CHROME:
        assert chrome not in text, f"«{chrome}» is printed"
    assert "¶" not in text


# -----------------------------------------------------------------------------
# The file: fonts, metadata, tags
# -----------------------------------------------------------------------------

def _fonts(resources, seen):
    if resources is None:
        return
    resources = resources.get_object()
    for font in (resources.get("/Font") or {}).values():
        font = font.get_object()
        if id(font) not in seen:
            seen[id(font)] = font
    for xobject in (resources.get("/XObject") or {}).values():
        xobject = xobject.get_object()
        if xobject.get("/Resources") is not None and id(xobject) not in seen:
            seen[id(xobject)] = None
            _fonts(xobject["/Resources"], seen)


def test_every_font_is_embedded(reader):
    seen: dict[int, object] = {}
    for page in reader.pages:
        _fonts(page.get("/Resources"), seen)
    fonts = [f for f in seen.values() if f is not None]
    assert fonts
    for font in fonts:
        descendants = [d.get_object() for d in font.get("/DescendantFonts", [])] or [font]
        for descendant in descendants:
            descriptor = descendant.get("/FontDescriptor")
            assert descriptor is not None, f"{font.get('/BaseFont')} has no font descriptor"
            descriptor = descriptor.get_object()
            assert any(k in descriptor for k in ("/FontFile", "/FontFile2", "/FontFile3")), \
                f"{font.get('/BaseFont')} is not embedded"


def test_document_metadata_language_and_tags(reader):
    meta = reader.metadata
    assert "Sosiale medier-håndboka" in meta.title
    assert meta.author == "Hattfjelldal kommune"
    assert meta.subject and "sosiale medier" in meta.subject.lower()
    assert "retningslinjer" in (meta.get("/Keywords") or "")
    root = reader.trailer["/Root"]
    assert root.get("/Lang") == "nb"
    assert bool(root.get("/MarkInfo", {}).get("/Marked")), "not a tagged PDF"
    assert "/StructTreeRoot" in root


def test_the_fonts_are_the_projects_own(reader):
    """Every font in the PDF is one of the project's IBM Plex files (overrides/assets/fonts),
    whatever fonts the machine has: the same commit sets the same text on every machine."""
    from fontTools.ttLib import TTFont

    own = {TTFont(f)["name"].getDebugName(6) for f in (ROOT / "overrides/assets/fonts").glob("*.woff2")}
    assert {"IBMPlexSans", "IBMPlexSerif", "IBMPlexMono"} <= {n.split("-")[0] for n in own}, own
    seen: dict[int, object] = {}
    for page in reader.pages:
        _fonts(page.get("/Resources"), seen)
    used = {str(f.get("/BaseFont")).split("+", 1)[-1] for f in seen.values() if f is not None}
    # WeasyPrint names an embedded font after its family and style («IBM-Plex-Sans-Bold»).
    assert used, "no fonts found"
    assert all(name.startswith(("IBM-Plex-Sans", "IBM-Plex-Serif", "IBM-Plex-Mono")) for name in used), used
    assert {"IBM-Plex-Serif", "IBM-Plex-Sans", "IBM-Plex-Sans-Bold", "IBM-Plex-Mono"} <= used, used
    css = (ROOT / "overrides/pdf/trykk.css").read_text(encoding="utf-8")
    assert "Liberation" not in css and "DejaVu" not in css


def _struct_kids(element):
    kids = element.get("/K")
    if kids is None:
        return []
    kids = kids.get_object()
    return [k.get_object() for k in (kids if isinstance(kids, list) else [kids])]


def test_the_tag_tree_is_whole(reader):
    """PDF/UA: one /Document element, every page in the parent tree, a deep tree of tags."""
    root = reader.trailer["/Root"]["/StructTreeRoot"].get_object()
    document = _struct_kids(root)[0]
    assert document["/S"] == "/Document"
    tags: list[str] = []

    def walk(element, depth=0):
        assert depth < 60
        for kid in _struct_kids(element):
            if hasattr(kid, "get") and "/S" in kid:
                tags.append(str(kid["/S"]))
                walk(kid, depth + 1)

    walk(document)
    assert len(tags) > 1000
    for tag in ("/H1", "/H2", "/P", "/Table", "/TR", "/TD", "/L", "/LI", "/Link", "/Figure"):
        assert tag in tags, tag
    assert "/ParentTree" in root
    numbered = [page for page in reader.pages if "/StructParents" in page]
    assert len(numbered) >= len(reader.pages) - 10     # all but the blank pages


# -----------------------------------------------------------------------------
# The guides: from the model, each diagram on one page
# -----------------------------------------------------------------------------

def _guide_chapters(pages, guides):
    """(guide, index of its opening page, index of the page after its chapter)."""
    starts = []
    for guide in guides:
        start = next(i for i, p in enumerate(pages) if flat(p.body).startswith(f"VEIVISER {flat(guide.title)}"))
        starts.append((start, guide))
    starts.sort(key=lambda item: item[0])
    found = []
    for number, (start, guide) in enumerate(starts):
        end = starts[number + 1][0] if number + 1 < len(starts) else next(
            i for i, p in enumerate(pages) if i > start and flat(p.body).startswith("Ny i kommunen"))
        found.append((guide, start, end))
    return found


def test_every_guide_diagram_is_on_one_page(pages, guides):
    """Each guide's diagram is on its opening page; one too big for a page at 8 pt is split by
    subtree, and then each part has exactly one page of its own right after it."""
    from handbok_pdf.guides import MIN_SCALE, print_diagrams

    assert len(guides) >= 9
    for guide, start, end in _guide_chapters(pages, guides):
        pieces = print_diagrams(guide)
        for offset, piece in enumerate(pieces):
            page = pages[start + offset]
            content = squash(page.full)   # (the SVG text's position is not read back reliably)
            texts = [line.text for box in piece.diagram.boxes for line in box.lines]
            texts += [line.text for arrow in piece.diagram.arrows for line in arrow.lines]
            missing = [text for text in texts if squash(text) not in content]
            assert not missing, f"«{guide.title}», part {piece.number}: not on its page: {missing[:5]}"
            assert page.landscape == piece.landscape, (guide.title, piece.number)
            assert piece.scale >= MIN_SCALE, f"«{guide.title}»: diagram text below 8 pt"
            if piece.total > 1:
                assert f"del {piece.number} av {piece.total}" in flat(page.body)
        # Then the table: the diagram is not continued there.
        after = start + len(pieces)
        assert flat(pages[after].body).startswith("Alle svar"), guide.title
        captions = [i for i in range(start, end) if "Firkantede bokser er spørsmål" in flat(pages[i].body)]
        assert captions == [start], (guide.title, captions)
        assert end - after >= 2, guide.title


def test_every_guide_prints_every_question_answer_and_outcome(squashed, guides, pages):
    for guide, start, end in _guide_chapters(pages, guides):
        chapter = squash("\n".join(p.body for p in pages[start:end]))
        for question in guide.questions:
            assert squash(question.text) in chapter, question.text
            for answer in question.answers:
                assert squash(answer.text) in chapter, answer.text
        for outcome in guide.outcomes:
            assert squash(outcome.verdict) in chapter, outcome.verdict
            explanation = BeautifulSoup(outcome.explanation_html, "html.parser").get_text(" ")
            assert squash(explanation) in chapter, explanation
            for source in outcome.sources:
                assert squash(source.title.rstrip(":")) in chapter


def test_outcome_sources_lead_to_the_handbook_pages(pages, guides, toc):
    _, _, toc_text = toc
    text = flat("\n".join(p.body for p in pages))
    chapter7 = toc_number(toc_text, "7. Bilder og video")
    # «7. Bilder og video – …» in «Dette står i håndboka», with the page it is on.
    found = re.findall(r"7\. Bilder og video – [^()]*?\(side (\d+)\)", text)
    assert found and all(int(n) >= chapter7 for n in found)


@pytest.fixture(scope="module")
def print_html(built):
    from handbok_pdf.document import collect
    from handbok_pdf.render import render_html

    return BeautifulSoup(render_html(collect(built)), "html.parser")


def _text(html: str) -> str:
    return flat(BeautifulSoup(html, "html.parser").get_text(" "))


def test_the_editors_notes_of_the_guides_are_set_apart_like_the_handbooks(print_html, guides, squashed):
    from handbok_pdf.document import page_slug
    from handbok_pdf.guides import guide_path, outcome_path

    noted = 0
    for guide in guides:
        for outcome in guide.outcomes:
            box = print_html.find(id=f"{page_slug(outcome_path(guide.id, outcome.id))}--top")
            notes = box.find_all(class_="admonition")
            if not outcome.note_html:
                assert not notes, f"{guide.id}/{outcome.id} has no note, but one is printed"
                continue
            noted += 1
            assert len(notes) == 1 and notes[0]["class"] == ["admonition", "merknad"]
            assert notes[0].find(class_="admonition-title").get_text() == "Merknad fra redaksjonen"
            assert flat(notes[0].get_text(" ")).endswith(_text(outcome.note_html))
            assert squash(_text(outcome.note_html)) in squashed
        section = print_html.find(id=f"{page_slug(guide_path(guide.id))}--sporsmal")
        questions = [q for q in guide.questions if q.note_html]
        assert (section is not None) == bool(questions), guide.id
        for question in questions:
            assert squash(_text(question.note_html)) in squashed
    assert noted >= 1, "no guide outcome has a note: the check would prove nothing"


def test_the_pdf_sets_the_notes_apart(squashed, guides, built):
    handbook_notes = sum(page.read_text(encoding="utf-8").count('class="admonition merknad"')
                         for page in built.glob("*.html"))
    guide_notes = sum(1 for g in guides for s in (*g.questions, *g.outcomes) if s.note_html)
    assert squashed.count(squash("Merknad fra redaksjonen")) >= handbook_notes + guide_notes


def test_every_id_in_the_print_document_is_unique(print_html):
    from collections import Counter

    html = print_html
    ids = Counter(element["id"] for element in html.find_all(id=True))
    assert len(ids) > 250
    assert [name for name, count in ids.items() if count > 1] == []
    targets = {a["href"][1:] for a in html.find_all("a", href=True) if a["href"].startswith("#")}
    assert not targets - set(ids), f"links to nothing: {sorted(targets - set(ids))[:5]}"
    assert not html.find_all("script")


# -----------------------------------------------------------------------------
# Page numbers
# -----------------------------------------------------------------------------

def _small_handbook(paragraphs: int = 60):
    from markupsafe import Markup

    from handbok_pdf.document import Chapter, Handbook

    filler = Markup("".join(f"<p>Avsnitt {i} med litt tekst om sosiale medier i kommunen.</p>"
                            for i in range(paragraphs)))
    first = Chapter(path="a.html", slug="a", title="1. Første", running_title="1. Første",
                    html=Markup('<h1 class="kapittel-tittel" data-lopetittel="1. Første">1. Første</h1>'
                                '<p>Se <a class="intern" href="#b--mal">målet</a>.</p>') + filler)
    second = Chapter(path="b.html", slug="b", title="2. Andre", running_title="2. Andre",
                     html=Markup('<h1 class="kapittel-tittel" data-lopetittel="2. Andre">2. Andre</h1>'
                                 '<h2 id="b--del">Del</h2><p>Tilbake til <a class="intern" href="#a--top">første</a>.</p>')
                     + filler + Markup('<p id="b--mal">Her er målet.</p>'))
    return Handbook(site_name="Sosiale medier-håndboka", author="Hattfjelldal kommune",
                    description="Test", parts=[first, second])


def check_small_handbook(out: Path, pages: int) -> list[str]:
    """The small handbook's PDF has the real page in every number it prints."""
    reader = PdfReader(out)
    assert len(reader.pages) == pages
    texts = [flat(p.extract_text()) for p in reader.pages]
    target = next(i + 1 for i, t in enumerate(texts) if "Her er målet." in t)
    first = next(i + 1 for i, t in enumerate(texts) if t.startswith("1. Første"))
    second = next(i + 1 for i, t in enumerate(texts) if t.startswith("2. Andre"))
    assert target > second > first > 4 and first % 2 == second % 2 == 1
    body = " ".join(texts)
    assert f"Se målet (side {target})." in body
    assert f"Tilbake til første (side {first})." in body
    assert re.search(rf"2\. Andre[ .]*{second}\b", body), "contents entry of chapter 2"
    footers = [i for i, t in enumerate(texts) if re.search(r"Side \d+ av \d+", t)]
    assert len(footers) >= pages - 4
    for i in footers:
        assert f"Side {i + 1} av {pages}" in texts[i], texts[i]
    outline = [(item.title, reader.get_destination_page_number(item) + 1) for item in reader.outline
               if not isinstance(item, list)]
    assert ("1. Første", first) in outline and ("2. Andre", second) in outline
    return texts


@pytest.mark.parametrize("paragraphs", [60, 75], ids=["no-blank-page-between", "blank-page-between"])
def test_page_numbers_are_the_real_pages(built, tmp_path, paragraphs):
    from handbok_pdf.render import render_pdf

    out = tmp_path / "liten.pdf"
    pages = render_pdf(_small_handbook(paragraphs), built, out, cache=tmp_path.parent / f"{tmp_path.name}-hurtiglager")
    texts = check_small_handbook(out, pages)
    # Chapter 2 starts on a right-hand page: with an odd number of pages before it, a
    # blank page comes between.
    blank = [i for i, t in enumerate(texts) if "tom med vilje" in t]  # numbered, and saying so
    ends_first = next(i for i, t in enumerate(texts) if t.startswith("2. Andre")) - 1
    assert (ends_first in blank) == (paragraphs == 75), (paragraphs, blank, ends_first)
    assert [p.name for p in tmp_path.iterdir()] == ["liten.pdf"], "temporary files were left"


def test_the_printed_pages_are_a_checked_guess(built, tmp_path, monkeypatch):
    """The links print the pages of the last build (.cache/pdf/), checked after the layout: a
    cached build takes one layout, a clean one two, and a wrong, stale, foreign or damaged guess
    costs a layout, never a wrong number. Without a guess that holds, target-counter() decides."""
    from handbok_pdf import render

    cache = tmp_path / "hurtiglager"
    guess = cache / "sidetall.json"

    def layouts(paragraphs: int) -> int:
        document, count = render.paginate(render.render_html(_small_handbook(paragraphs)), built, cache)
        out = tmp_path / f"liten-{paragraphs}-{count}.pdf"
        document.write_pdf(out)
        texts = check_small_handbook(out, len(document.pages))
        second[paragraphs] = next(i + 1 for i, t in enumerate(texts) if t.startswith("2. Andre"))
        return count

    second: dict[int, int] = {}
    assert layouts(75) == 2, "a clean build: a guess of UNKNOWN_PAGE, then the pages found"
    assert json.loads(guess.read_text(encoding="utf-8"))["sider"]["b--top"] == second[75]
    assert layouts(75) == 1, "the guess of the last build holds"
    assert layouts(60) == 2, "a changed text moves chapter 2: the stale guess is laid out again"
    assert second[60] != second[75]
    stored = json.loads(guess.read_text(encoding="utf-8"))
    guess.write_text(json.dumps({**stored, "sider": {a: p + 2 for a, p in stored["sider"].items()}}), encoding="utf-8")
    assert layouts(60) == 2, "a wrong guess"
    guess.write_text(json.dumps({**stored, "nøkkel": "en annen versjon"}), encoding="utf-8")
    assert layouts(60) == 2, "the guess of another stylesheet or WeasyPrint is not read"
    guess.write_text(guess.read_text(encoding="utf-8")[:40], encoding="utf-8")
    assert layouts(60) == 2, "a damaged file"
    assert layouts(60) == 1
    monkeypatch.setattr(render, "GUESSES", 0)
    assert layouts(60) == 1, "target-counter() alone"


def test_the_fonts_are_decompressed_once_and_a_damaged_copy_is_made_anew(tmp_path):
    """The WOFF2 fonts are kept decompressed (.cache/pdf/fonter/), exactly as WeasyPrint would
    decompress them; a damaged copy is not used."""
    from io import BytesIO

    from fontTools.ttLib import woff2

    from handbok_pdf.render import decompressed_font

    font = ROOT / "overrides/assets/fonts/ibm-plex-sans-latin-400-normal.woff2"
    expected = BytesIO()
    woff2.decompress(BytesIO(font.read_bytes()), expected)
    assert decompressed_font(font, tmp_path) == expected.getvalue()
    [kept] = tmp_path.iterdir()
    whole = kept.read_bytes()
    kept.write_bytes(whole[:5000])
    assert decompressed_font(font, tmp_path) == expected.getvalue()
    assert kept.read_bytes() == whole
    # The kept copy is what is read (a copy whose checksum holds).
    other = b"kept data"
    kept.write_bytes(hashlib.sha256(other).digest() + other)
    assert decompressed_font(font, tmp_path) == other
    assert decompressed_font(tmp_path / "finnes-ikke.woff2", tmp_path) is None


# -----------------------------------------------------------------------------
# A guide too big for one page
# -----------------------------------------------------------------------------

def test_a_guide_too_big_for_one_page_is_split_by_subtree_with_references(built, tmp_path):
    """A binary tree of 51 steps (26 outcomes side by side) does not fit one page at 8 pt: its
    diagram is split at questions, each part on one page, and every answer's arrow ends at a
    step or at a box «Fortsetter i del N» – none is cut at a page edge."""
    from bench import synthetic_trees

    from handbok_pdf import guides as print_guides
    from handbok_pdf.document import Handbook, LinkMap
    from handbok_pdf.render import render_html, render_pdf

    synthetic_trees(tmp_path / "trees", 1)
    guide = next(g for g in print_guides.load(tmp_path / "trees") if g.id == "syntetisk-000")
    links = LinkMap()
    print_guides.register(links, guide)
    part = print_guides.chapter(guide, links, {guide.id: guide})
    pieces = part.diagrams
    assert len(pieces) > 1
    drawn: dict[str, int] = {}
    for piece in pieces:
        assert piece.scale >= print_guides.MIN_SCALE
        for box in piece.diagram.boxes:
            if box.kind != "henvisning":
                drawn.setdefault(box.id, piece.number)
    assert set(drawn) == set(guide.steps), "every step is drawn in some part"
    for piece in pieces:
        boxes = {b.id: b.kind for b in piece.diagram.boxes}
        ends = {(a.source, a.target) for a in piece.diagram.arrows}
        for question, kind in boxes.items():
            if kind != "sporsmal":
                continue
            for target in guide.steps[question].targets():
                # The answer is drawn in this part: to the step itself, or to its reference box,
                # and the reference names the part where that question is drawn with its answers.
                assert (question, target) in ends
                if boxes[target] == "henvisning":
                    other = pieces[drawn[target] - 1]
                    assert other.diagram.boxes[0].id == target and piece.number in other.continues
                    text = " ".join(line.text for b in piece.diagram.boxes if b.id == target for line in b.lines)
                    assert text.startswith(f"Fortsetter i del {other.number}:")

    handbook = Handbook(site_name="Sosiale medier-håndboka", author="Hattfjelldal kommune",
                        description="Test", parts=[part])
    html = render_html(handbook)
    assert html.count("<svg") == len(pieces)
    out = tmp_path / "stor.pdf"
    render_pdf(handbook, built, out, cache=tmp_path / "hurtiglager")
    texts = [flat(p.extract_text()) for p in PdfReader(out).pages]
    for piece in pieces:
        page = next(i for i, t in enumerate(texts) if (f"del {piece.number} av {len(pieces)}") in t)
        content = squash(texts[page])
        for box in piece.diagram.boxes:
            for line in box.lines:
                assert squash(line.text) in content, (piece.number, line.text)


# -----------------------------------------------------------------------------
# The rule register: the council adopts the rules and sees where each is applied
# -----------------------------------------------------------------------------

def test_the_register_ends_the_pdf_with_every_rule_and_where_it_is_given(pages, toc, reader):
    from veiviser import NOT_PAGES, AnchorIndex, load_guides
    from veiviser.regler import RULES_FILE, load_rules, register

    anchors = AnchorIndex.from_docs(ROOT / "docs", exclude=NOT_PAGES)
    rules = load_rules(ROOT / "decision_trees" / RULES_FILE, anchors=anchors)
    uses = register(rules, load_guides(ROOT / "decision_trees", anchors=anchors, rules=rules))
    _, last, toc_text = toc
    start = toc_number(toc_text, "Regelregister")
    assert flat(pages[start - 1].body).startswith("Regelregister"), "the contents lead to the register"
    register_text = squash("\n".join(p.body for p in pages[start - 1:]))
    for use in uses:
        assert squash(f"«{use.rule.quote}»") in register_text, use.rule.id
        assert squash(use.rule.id) in register_text, use.rule.id
        for _, outcome in use.outcomes:
            assert squash(outcome.verdict) in register_text, (use.rule.id, outcome.id)
        if not use.outcomes:
            reason = f"Bare i håndboka: {use.rule.only_in_handbook}" if use.rule.only_in_handbook else "Hull:"
            assert squash(reason) in register_text, use.rule.id
    assert (0, "Regelregister") in [(0, flat(item.title)) for item in reader.outline if not isinstance(item, list)]
