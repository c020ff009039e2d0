"""The whole handbook as one PDF (`python -m handbok_pdf`): complete, paginated, printable.

One real strict site build and one real CLI run per module; everything is checked on the
PDF itself with pypdf (text, outline, fonts, metadata, page sizes).
"""

from __future__ import annotations

import datetime as dt
import importlib.util
import os
import re
import subprocess
import sys
import unicodedata
from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from pypdf import PdfReader

import endringslogg
from support import ROOT, mkdocs_build

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
          "Last ned håndboka som PDF"]


def _fidelity():
    """tests/handbok/test_fidelity.py, for its normalisation."""
    spec = importlib.util.spec_from_file_location("handbok_fidelity", ROOT / "tests/handbok/test_fidelity.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


fidelity = _fidelity()


def run_cli(*args: str) -> subprocess.CompletedProcess:
    env = {**os.environ, "PYTHONPATH": str(ROOT / "hooks")}
    return subprocess.run([sys.executable, "-m", "handbok_pdf", *args], cwd=ROOT, env=env,
                          capture_output=True, text=True, timeout=600)


# -----------------------------------------------------------------------------
# Text normalisation
# -----------------------------------------------------------------------------

def squash(text: str) -> str:
    """Normalise PDF text and source text the same way, for comparing.

    - NFKC (ligatures), soft hyphens (U+00AD) out;
    - WeasyPrint's hyphenation breaks («‐» U+2010 at the end of a line) joined;
    - a line break after a real hyphen («drifts-⏎eller», «mai-⏎toget») cannot be told from
      a space after one («drifts- eller»): whitespace after «-» goes, on both sides;
    - the print additions «(side N)», «(resultat N)» and « (URL)» after links out (on both
      sides, so the source's own «(http://…)» in Vedlegg is compared without it too);
    - list markers out (WeasyPrint draws them after the page's text, so pypdf extracts them
      there);
    - then the site test's `normalise`: whitespace collapsed, case folded. (Comparing with
      whitespace collapsed is reliable with pypdf here; no need to drop all whitespace.)
    """
    text = unicodedata.normalize("NFKC", text).replace("\u00ad", "")
    text = re.sub(r"\u2010[ \t]*\n\s*", "", text)
    text = re.sub(r"\s*\((?:side|resultat)\s*\d+\)", "", text)
    text = re.sub(r"\s*\(https?://[^()\s]*(?:\s+[^()\s]+)*\)", "", text)
    text = re.sub(r"(?m)^[ \t]*(?:\d{1,2}\.|•)[ \t]*$", "", text)
    text = re.sub(r"-\s+", "-", text.replace("•", ""))
    return fidelity.normalise(text)


# -----------------------------------------------------------------------------
# Fixtures: one site, one PDF
# -----------------------------------------------------------------------------

@pytest.fixture(scope="module")
def built(tmp_path_factory) -> Path:
    site_dir = tmp_path_factory.mktemp("pdf-site")
    mkdocs_build(site_dir)
    return site_dir


@pytest.fixture(scope="module")
def cli(built) -> subprocess.CompletedProcess:
    result = run_cli("--site", str(built))
    assert result.returncode == 0, f"handbok_pdf failed:\n{result.stdout}\n{result.stderr}"
    return result


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
    from veiviser import AnchorIndex, load_guides

    return load_guides(ROOT / "decision_trees", anchors=AnchorIndex.from_docs(ROOT / "docs", exclude=["includes"]))


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
    match = re.fullmatch(r"PDF skrevet: (.+) \((\d+) sider, (\d+[.,]\d) s, (\d) prosess(?:er)?\)\n", cli.stdout)
    assert match, cli.stdout
    assert Path(match.group(1)) == built / PDF_NAME
    assert int(match.group(2)) == len(reader.pages)
    assert not cli.stderr.strip(), cli.stderr
    # Sanity only: the time is measured and reported; the figures are `make bench`'s.
    assert float(match.group(3).replace(",", ".")) < 120
    # On a machine with more than one core the book is laid out in shares at once, so the
    # PDF every test in this module checks is the joined one.
    from handbok_pdf.parallel import default_processes

    assert int(match.group(4)) == default_processes()
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
    (["--site", "site", "--prosesser", "0"], "--prosesser: ikke et positivt heltall: '0'"),
    (["--site", "site", "--prosesser", "to"], "--prosesser: ikke et positivt heltall: 'to'"),
], ids=["unknown-option", "zero-processes", "processes-not-a-number"])
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
    adoption = (f"Vedtatt {changes.gjeldende.vedtatt}" if changes.gjeldende.vedtatt
                else f"Ikke vedtatt ennå; sist vedtatte versjon er {changes.sist_vedtatt.nummer}")
    for text in ["Hattfjelldal kommune", "Sosiale medier-håndboka", "Retningslinjer for bruk av sosiale medier",
                 "Foreløpig strategi vedtatt i K-sak 034/12 (09.05.12)", "Retningslinjer datert 21.08.12",
                 f"Versjon {changes.gjeldende.nummer}", adoption]:
        assert text in cover, text
    made = re.search(r"PDF laget (\d\d)\.(\d\d)\.(\d{4})", cover)
    assert made, cover
    assert abs((dt.date(int(made[3]), int(made[2]), int(made[1])) - dt.date.today()).days) <= 1
    assert "Side " not in cover, "the cover has no header or footer"


def test_the_changes_since_the_last_adopted_version_follow_the_cover(pages):
    changes = endringslogg.read(ROOT / "docs/endringer.md")
    colophon = flat(pages[1].full)
    assert f"Endringer siden versjon {changes.sist_vedtatt.nummer}" in colophon
    for change in changes.siden_vedtatt:
        assert f"{change.dato:%d.%m.%Y}: {change.tittel}." in colophon, change.tittel
    assert not [c for v in changes.versjoner if v.vedtatt for c in v.endringer if c.tittel in colophon]


def test_body_pages_have_the_running_footer_and_header(pages):
    total = len(pages)
    numbered = [i for i, p in enumerate(pages) if f"Side {i + 1} av {total}" in flat(p.full)]
    assert len(numbered) > total * 0.6
    # Chapter 6 starts on its own page with its short title in the header.
    start = next(i for i, p in enumerate(pages) if flat(p.body).startswith("6. Bruk av sosiale medier"))
    assert f"Side {start + 1} av {total}" in flat(pages[start].full)
    assert "6. På vegne av kommunen" in flat(pages[start + 1].full).replace(flat(pages[start + 1].body), "")


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
        # A guide opens on a landscape page (title and diagram); its title is there first.
        found = next((i + 1 for i, p in enumerate(pages)
                      if i > last and p.landscape and flat(guide.title) in flat(p.body)[:300]), None)
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


# -----------------------------------------------------------------------------
# Page numbers: in shares, filled in, or by CSS counters – all give the real page
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
    assert "00" not in re.sub(r"\d{3,}", "", body), "a placeholder was left"
    footers = [i for i, t in enumerate(texts) if re.search(r"Side \d+ av \d+", t)]
    assert len(footers) >= pages - 4
    for i in footers:
        assert f"Side {i + 1} av {pages}" in texts[i], texts[i]
    outline = [(item.title, reader.get_destination_page_number(item) + 1) for item in reader.outline
               if not isinstance(item, list)]
    assert ("1. Første", first) in outline and ("2. Andre", second) in outline
    return texts


@pytest.mark.parametrize("paragraphs", [60, 75], ids=["no-blank-page-between", "blank-page-between"])
@pytest.mark.parametrize("fast, processes", [(True, 2), (True, 1), (False, 1)],
                         ids=["in-shares", "filled-in", "css-counters"])
def test_every_way_of_printing_page_numbers_gives_the_real_page(built, tmp_path, fast, processes, paragraphs):
    from handbok_pdf.render import render_pdf

    out = tmp_path / "liten.pdf"
    rendered = render_pdf(_small_handbook(paragraphs), built, out, fast=fast, processes=processes)
    assert (rendered.shares, rendered.fallback) == (processes, "" if fast else rendered.fallback)
    texts = check_small_handbook(out, rendered.pages)
    # Chapter 2 starts on a right-hand page: with an odd number of pages before it, a
    # blank page comes between (the case where the shares are joined with one).
    blank = [i for i, t in enumerate(texts) if not t.strip()]
    ends_first = next(i for i, t in enumerate(texts) if t.startswith("2. Andre")) - 1
    assert (ends_first in blank) == (paragraphs == 75), (paragraphs, blank, ends_first)


@pytest.mark.parametrize("processes", [2, 1], ids=["in-shares", "one-process"])
def test_a_book_longer_than_its_placeholders_is_laid_out_again_with_more_digits(built, tmp_path, processes):
    # One-digit placeholders for a book of more than 9 pages: the same thing that happens to
    # the real handbook's two digits when it grows past 99 pages.
    from handbok_pdf.render import render_pdf

    out = tmp_path / "liten.pdf"
    rendered = render_pdf(_small_handbook(120), built, out, processes=processes, digits=1)
    assert rendered.pages >= 10
    assert (rendered.shares, rendered.fallback) == (processes, ""), "fell back to the CSS counters"
    check_small_handbook(out, rendered.pages)


def test_a_placeholder_that_cannot_be_filled_in_is_refused(built, tmp_path):
    from markupsafe import Markup

    from handbok_pdf.render import fill_in_page_numbers, render_document, render_html, stylesheets

    handbook = _small_handbook()
    handbook.parts[0].html += Markup('<p><a class="intern" href="#finnes-ikke">brutt</a></p>')
    document = render_document(render_html(handbook), built, stylesheets().for_build(True))
    assert fill_in_page_numbers(document) is False


def _fail_in_the_share_process(how: str):
    parent = os.getpid()

    def fail(*args, **kwargs):
        if os.getpid() != parent:
            if how == "dies":
                os._exit(3)
            raise RuntimeError("testfeil i en del")
        return real(*args, **kwargs)

    from handbok_pdf import parallel

    real = parallel._finish
    return fail


@pytest.mark.parametrize("how", ["raises", "dies"])
def test_a_share_that_fails_leaves_the_book_to_one_process(built, tmp_path, monkeypatch, how):
    from handbok_pdf import parallel
    from handbok_pdf.render import render_pdf

    monkeypatch.setattr(parallel, "_finish", _fail_in_the_share_process(how))
    out = tmp_path / "liten.pdf"
    rendered = render_pdf(_small_handbook(), built, out, processes=2)
    assert rendered.shares == 1
    assert ("testfeil i en del" if how == "raises" else "EOFError") in rendered.fallback
    check_small_handbook(out, rendered.pages)
    assert [p.name for p in tmp_path.iterdir()] == ["liten.pdf"], "temporary files were left"


def test_a_share_whose_page_numbers_cannot_be_filled_in_falls_back_to_css_counters(built, tmp_path):
    from markupsafe import Markup

    from handbok_pdf.render import render_pdf

    handbook = _small_handbook()
    handbook.parts[1].html += Markup('<p><a class="intern" href="#finnes-ikke">brutt</a></p>')
    out = tmp_path / "liten.pdf"
    rendered = render_pdf(handbook, built, out, processes=2)
    assert rendered.shares == 1
    assert "page numbers could not be filled in" in rendered.fallback
    check_small_handbook(out, rendered.pages)


def test_the_parts_are_shared_out_in_order_and_about_evenly():
    from handbok_pdf.document import Chapter
    from handbok_pdf.parallel import part_cost, split_parts
    from markupsafe import Markup

    parts = [Chapter(path=f"{i}.html", slug=str(i), title=str(i), running_title=str(i),
                     html=Markup("<p>" + "x" * (1000 * (1 + i % 4)) + "</p>")) for i in range(12)]
    for shares in (1, 2, 3, 4):
        groups = split_parts(parts, shares)
        assert len(groups) == shares and all(groups)
        assert [part for group in groups for part in group] == parts
        costs = [sum(part_cost(part) for part in group) for group in groups]
        assert max(costs) - min(costs) <= 2 * max(part_cost(part) for part in parts) + 25_000, costs
    assert [len(group) for group in split_parts(parts[:2], 4)] == [1, 1]
    assert split_parts(parts[:1], 2) == [parts[:1]]


# -----------------------------------------------------------------------------
# The book laid out in shares and joined is the book laid out in one process
# -----------------------------------------------------------------------------

@pytest.fixture(scope="module")
def joined_pdf(cli, built, tmp_path_factory) -> Path:
    from handbok_pdf.parallel import default_processes
    from handbok_pdf.render import build_pdf

    if default_processes() > 1:
        return built / PDF_NAME                    # what the command wrote
    out = tmp_path_factory.mktemp("pdf-i-deler") / PDF_NAME
    assert build_pdf(built, out, processes=2).shares == 2
    return out


@pytest.fixture(scope="module")
def one_process_pdf(built, tmp_path_factory) -> Path:
    from handbok_pdf.render import build_pdf

    out = tmp_path_factory.mktemp("pdf-en-prosess") / PDF_NAME
    assert build_pdf(built, out, processes=1).shares == 1
    return out


def describe(path: Path) -> dict:
    """What a reader gets from a PDF: text and size of every page, every link and where it
    leads, the bookmarks with their depth and page, the tags in order."""
    import pikepdf

    with pikepdf.open(path) as pdf:
        page_number = {page.obj.objgen: number for number, page in enumerate(pdf.pages, start=1)}
        names = pdf.Root.Names.Dests.Names
        destinations = {str(name): page_number[dest[0].objgen] for name, dest in zip(names[0::2], names[1::2])}
        links = []
        for number, page in enumerate(pdf.pages, start=1):
            for annotation in page.obj.get("/Annots", []):
                rect = tuple(round(float(v)) for v in annotation.Rect)
                target = (destinations.get(str(annotation.Dest), "missing") if "/Dest" in annotation
                          else str(annotation.A.URI))
                links.append((number, rect, target))
        bookmarks = []

        def walk(item, depth):
            while item is not None:
                bookmarks.append((depth, str(item.Title), page_number[item.Dest[0].objgen]))
                if "/First" in item:
                    walk(item.First, depth + 1)
                item = item.get("/Next")

        walk(pdf.Root.Outlines.First, 0)
        tags = []

        def elements(kids):
            for kid in kids if isinstance(kids, pikepdf.Array) else [kids]:
                if isinstance(kid, pikepdf.Dictionary) and "/S" in kid:
                    tags.append(str(kid.S))
                    if "/K" in kid:
                        elements(kid.K)

        elements(pdf.Root.StructTreeRoot.K)
        sizes = [tuple(round(float(v)) for v in page.mediabox) for page in pdf.pages]
    texts = [flat(page.extract_text()) for page in PdfReader(path).pages]
    return {"texts": texts, "sizes": sizes, "links": links, "bookmarks": bookmarks, "tags": tags}


def test_the_book_laid_out_in_shares_is_the_book_laid_out_in_one_process(joined_pdf, one_process_pdf):
    joined, single = describe(joined_pdf), describe(one_process_pdf)
    assert len(joined["texts"]) == len(single["texts"])
    for key in ("sizes", "bookmarks", "links", "tags"):
        assert joined[key] == single[key], key
    for number, (a, b) in enumerate(zip(joined["texts"], single["texts"]), start=1):
        assert a == b, f"page {number} differs"
    # Not vacuous: links to other pages, nested bookmarks, a full tag tree.
    assert sum(1 for number, _, target in joined["links"] if isinstance(target, int) and target != number) > 100
    assert "missing" not in [target for *_, target in joined["links"]]
    assert max(depth for depth, *_ in joined["bookmarks"]) >= 2
    assert len(joined["tags"]) > 1000


def test_the_joined_tag_tree_is_whole(joined_pdf):
    """PDF/UA: every page and link annotation has its own key in the parent tree, every
    marked-content reference leads to an element on that page, and every element hangs
    from the one /Document element."""
    import pikepdf

    with pikepdf.open(joined_pdf) as pdf:
        root = pdf.Root.StructTreeRoot
        document = root.K[0] if isinstance(root.K, pikepdf.Array) else root.K
        assert str(document.S) == "/Document"
        numbers = list(root.ParentTree.Nums)
        keys = [int(k) for k in numbers[0::2]]
        assert keys == sorted(keys) and len(set(keys)) == len(keys)
        tree = dict(zip(keys, numbers[1::2]))
        used = []
        for page in pdf.pages:
            if "/StructParents" not in page.obj:
                assert not page.obj.get("/Contents"), "a page with content but no tags"
                continue
            key = int(page.obj.StructParents)
            used.append(key)
            for element in tree[key]:
                assert element.Pg.objgen == page.obj.objgen
            for annotation in page.obj.get("/Annots", []):
                key = int(annotation.StructParent)
                used.append(key)
                link = tree[key]                   # (as WeasyPrint tags it: Link or NonStruct)
                assert any(isinstance(kid, pikepdf.Dictionary) and kid.get("/Obj") is not None
                           and kid.Obj.objgen == annotation.objgen for kid in link.K)
        assert sorted(used) == keys, "keys in the parent tree that nothing uses, or missing keys"
        assert len(used) > 10 * len(pdf.pages) > 500, "not vacuous: pages and many links"

        def parents(element) -> int:
            steps = 0
            while element.objgen != document.objgen:
                element = element.P
                steps += 1
                assert steps < 50
            return steps

        for elements in tree.values():
            for element in elements if isinstance(elements, pikepdf.Array) else [elements]:
                assert parents(element) >= 1


def test_wide_diagrams_are_cut_between_columns_with_one_column_of_overlap():
    from handbok_pdf.document import diagram_windows

    columns = [(12 + 380 * i, 202 + 380 * i) for i in range(8)]    # 2874 px wide
    windows = diagram_windows(2874, columns, 1000)
    assert windows[0][0] == 0 and sum(windows[-1]) == 2874
    assert all(w <= 1000 for _, w in windows)
    for (x1, w1), (x2, _) in zip(windows, windows[1:]):
        assert x2 < x1 + w1, "consecutive parts overlap (the last column is repeated)"
    assert diagram_windows(974, columns[:3], 1000) == [(0.0, 974)]
