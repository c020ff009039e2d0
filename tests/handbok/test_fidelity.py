"""Nothing of the municipality's text is lost: every paragraph, list item and heading of the
source is in the built site, normalised only for markup, whitespace and the corrections
listed on the page «Om håndboka → Redaksjonelle endringer»."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from bs4 import BeautifulSoup

ROOT = Path(__file__).resolve().parents[2]
SOURCE = ROOT / "tests/data/retningslinjer-sosiale-medier-hattfjelldal-2012.md"
SHARED_SOURCE = ROOT.parent / "shared/source" / SOURCE.name
CORRECTIONS_PAGE = ROOT / "docs/om-handboka.md"
CORRECTIONS_HEADER = "| Kapittel | Stod i originalen | Står nå |"


def normalise(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip().casefold()


def corrections() -> list[tuple[str, str]]:
    """The rows of the corrections table: (as in the source, as in the handbook)."""
    lines = CORRECTIONS_PAGE.read_text(encoding="utf-8").splitlines()
    start = lines.index(CORRECTIONS_HEADER) + 2
    rows = []
    for line in lines[start:]:
        if not line.startswith("|"):
            break
        _, original, corrected = [cell.strip() for cell in line.strip("|").split("|")]
        rows.append((original, corrected))
    return rows


def source_blocks(text: str) -> list[str]:
    """Paragraphs, list items and headings of the source, without Markdown markup."""
    blocks: list[str] = []
    for raw in re.split(r"\n\s*\n", text):
        items = re.split(r"\n(?=\s*(?:[-*] |\d+\. ))", raw)
        for item in items:
            item = re.sub(r"^\s*#+\s*", "", item)                       # heading marks
            item = re.sub(r"^\s*(?:[-*]|\d+\.)\s+(?:\d\)\s*)?", "", item)  # list markers, "1)"
            item = re.sub(r"<(https?://[^>]+)>", r"\1", item)            # autolinks
            item = item.replace("*", "")                                  # emphasis, stray stars
            item = normalise(item)
            if item:
                blocks.append(item)
    # A paragraph cut by a page break in the source (chapter 7) is one paragraph again.
    joined: list[str] = []
    for block in blocks:
        if joined and not re.search(r"[.:!?)]$", joined[-1]) and block[0].islower() and len(joined[-1]) > 80:
            joined[-1] += " " + block
        else:
            joined.append(block)
    return joined


BLOCK_TAGS = ["p", "li", "h1", "h2", "h3", "h4", "h5", "h6", "td", "th", "dt", "dd", "pre",
              "blockquote", "div", "br", "summary"]


def site_text(pages: list[Path]) -> str:
    texts = []
    for page in pages:
        soup = BeautifulSoup(page.read_text(encoding="utf-8"), "html.parser")
        article = soup.select_one("article.md-content__inner")
        if article is None:
            continue
        for link in article.select(".headerlink"):
            link.decompose()
        for block in article.find_all(BLOCK_TAGS):
            block.insert(0, " ")
            block.append(" ")
        texts.append(normalise(article.get_text("")))
    return " \n ".join(texts)


@pytest.fixture(scope="module")
def source() -> str:
    return SOURCE.read_text(encoding="utf-8")


def test_the_copy_in_the_repository_is_the_municipalitys_text(source):
    if not SHARED_SOURCE.exists():
        pytest.skip("../shared/source is not beside this checkout")
    assert source == SHARED_SOURCE.read_text(encoding="utf-8")


def test_every_listed_correction_matches_the_source_and_the_site(source, pages):
    text = site_text(pages)
    policy_text = site_text([p for p in pages if p.name != "om-handboka.html"])
    rows = corrections()
    assert len(rows) >= 6, "the corrections table was not found or is nearly empty"
    for original, corrected in rows:
        assert original in source, f"«{original}» is listed as corrected but is not in the source"
        assert normalise(corrected) in text, f"the correction «{corrected}» is not in the site"
        if original not in corrected:
            # The corrections page itself quotes the original, so it is left out here.
            assert normalise(original) not in policy_text, f"«{original}» is still in the site"


def test_every_block_of_the_source_is_in_the_site(source, pages):
    for original, corrected in corrections():
        source = source.replace(original, corrected)
    text = site_text(pages)
    blocks = source_blocks(source)
    assert len(blocks) > 100
    missing = [block for block in blocks if block not in text]
    assert not missing, "Text from the source is missing in the site:\n" + "\n".join(missing)


def test_the_sentence_broken_by_a_page_break_is_joined(pages):
    soup = BeautifulSoup((pages[0].parent / "bilder-og-video.html").read_text(encoding="utf-8"), "html.parser")
    paragraphs = [normalise(p.get_text(" ")) for p in soup.select("article p")]
    assert any("kontaktinformasjon for de som ønsker å bli fjernet" in p for p in paragraphs)


def test_source_blocks_catch_a_dropped_sentence(source, pages):
    # The check itself must be able to fail: drop one sentence from a page's text.
    text = site_text(pages).replace(normalise("Vi sletter aldri slike innlegg."), "")
    blocks = source_blocks(source)
    assert any(block not in text for block in blocks)
