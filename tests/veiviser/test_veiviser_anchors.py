"""The anchor index must give the same ids as the site's toc extension."""

from __future__ import annotations

import re
from pathlib import Path

import markdown
import pytest

from veiviser import NOT_PAGES, AnchorIndex, slugify
from veiviser.anchors import scan_page

DOCS = Path(__file__).parent / "fixtures" / "docs"
ROOT = Path(__file__).parent.parent.parent
PAGE = "pa-vegne-av-kommunen.md"


def test_pages(anchors):
    assert anchors.pages() == ["bilder-og-video.md", "lister.md", PAGE, "undermappe/side.md", "uten-tittel.md"]
    assert anchors.has("undermappe/side.md")
    assert not anchors.has("side.md")
    assert not anchors.has("finnes-ikke.md", "x")


def test_unicode_slug(anchors):
    assert slugify("Svar alltid når:", "-") == "svar-alltid-når"
    assert anchors.has(PAGE, "svar-alltid-når")
    assert anchors.title(PAGE, "svar-alltid-når") == "Svar alltid når:"


def test_duplicates_get_suffix(anchors):
    assert anchors.has(PAGE, "svar-alltid-når_1")
    # «kort» is an explicit id, so the later plain «## Kort» becomes kort_1
    assert anchors.has(PAGE, "kort")
    assert anchors.has(PAGE, "kort_1")


def test_explicit_ids_win(anchors):
    assert anchors.has(PAGE, "eget-id")
    assert anchors.title(PAGE, "eget-id") == "Med klasse"
    assert not anchors.has(PAGE, "med-klasse")
    assert not any("{" in a for a in anchors.anchors(PAGE))


def test_emphasis_and_inline_markup_stripped(anchors):
    assert anchors.has(PAGE, "fremhevet-og-fet-overskrift")
    assert anchors.title(PAGE, "fremhevet-og-fet-overskrift") == "Fremhevet og fet overskrift"
    assert anchors.has(PAGE, "lenke-til-en-side-og-kode")


def test_code_is_not_a_heading_but_admonitions_are(anchors):
    ids = anchors.anchors(PAGE)
    assert not any(a.startswith("ikke-en-overskrift") for a in ids)
    assert "inne-i-en-boks" in ids


def test_block_attr_ids(anchors):
    assert anchors.has(PAGE, "avsnitt-anker")
    # An id on a paragraph is titled by its first words (or its bold lead-in, below).
    assert anchors.title(PAGE, "avsnitt-anker") == "Et avsnitt med eget anker."


def test_block_titles_from_bold_lead_ins_and_list_items():
    index = AnchorIndex.from_sources({"side.md": (
        "# Side\n\n"
        "**Lederansvar:** Rådmannen har det overordnede ansvaret for at retningslinjer blir fulgt.\n"
        "{ #lederansvar }\n\n"
        "1. **Avklar rolle:** Alle ansatte har full ytringsfrihet.\n"
        "    { #avklar-rolle }\n\n"
        "> *Fotografi som avbilder en person kan ikke gjengis eller vises offentlig uten samtykke*\n"
        "{ #sitat }\n"
    )})
    assert index.title("side.md", "lederansvar") == "Lederansvar"
    assert index.title("side.md", "avklar-rolle") == "Avklar rolle"
    assert index.title("side.md", "sitat") == "Fotografi som avbilder en person kan ikke gjengis …"


def test_page_titles(anchors):
    assert anchors.page_title(PAGE) == "6. På vegne av kommunen"
    assert anchors.page_title("bilder-og-video.md") == "Bilder og video (fra front matter)"
    assert anchors.page_title("uten-tittel.md") == ""
    assert anchors.page_title("finnes-ikke.md") == ""
    assert anchors.anchors("finnes-ikke.md") == []
    assert anchors.title("finnes-ikke.md", "x") == ""


def test_ids_in_lists_fences_and_definitions(anchors):
    assert anchors.anchors("lister.md") == [
        "lister-og-andre-blokker",
        "retningslinjer",
        "overskrift-inne-i-et-listepunkt",
        "avklar-rolle",
        "valg-av-venner",
        "standardsvar",
        "arkivverdig",
        "html-anker",
    ]


#: The Markdown extensions of the site (mkdocs.yml) that can create ids.
SITE_EXTENSIONS = [
    "abbr", "admonition", "attr_list", "def_list", "footnotes", "md_in_html", "sane_lists", "tables", "toc",
    "pymdownx.details", "pymdownx.highlight", "pymdownx.superfences",
]
RE_ID = re.compile(r'\bid="([^"]+)"')


def _rendered_ids(text: str) -> tuple[list[str], set[str]]:
    """(heading ids in order, all ids) when rendered like the site."""

    if text.startswith("---"):
        text = text.split("---", 2)[2]
    md = markdown.Markdown(extensions=SITE_EXTENSIONS, extension_configs={"toc": {"slugify": slugify, "permalink": True}})
    html = md.convert(text)

    def flat(tokens):
        for t in tokens:
            yield t["id"]
            yield from flat(t["children"])

    ids = {i for i in RE_ID.findall(html) if not i.startswith(("fn:", "fnref:"))}
    return list(flat(md.toc_tokens)), ids


PAGES = sorted(DOCS.rglob("*.md")) + sorted((ROOT / "docs").rglob("*.md"))


@pytest.mark.parametrize("page", PAGES, ids=lambda p: p.relative_to(ROOT).as_posix())
def test_same_ids_as_python_markdown(page):
    """Fake pages and the real handbook: the index agrees with a real render."""

    text = page.read_text(encoding="utf-8")
    headings, ids = _rendered_ids(text)
    info = scan_page(page.name, text)
    assert [h.anchor for h in info.headings] == headings
    assert set(info.anchor_ids()) == ids


@pytest.mark.parametrize(
    "source, expected",
    [
        ("## Hei **du** {#x}", ["x"]),
        ("## Hei { .c }", ["hei"]),
        ("#Uten mellomrom", ["uten-mellomrom"]),
        ("## Lukket ##", ["lukket"]),
        ("## A\n\n## A\n\n## A_1", ["a", "a_1", "a_2"]),
        ("~~~\n# nei\n~~~\n# ja", ["ja"]),
        ("````\n```\n# nei\n```\n````\n# ja", ["ja"]),
        ("## Æ Ø Å", ["æ-ø-å"]),
        ("## Fotnote[^1]\n\n[^1]: x", ["fotnote"]),
    ],
)
def test_scan_examples(source, expected):
    assert [h.anchor for h in scan_page("x.md", source).headings] == expected


def test_exclude_and_from_sources(tmp_path):
    (tmp_path / "includes").mkdir()
    (tmp_path / "includes" / "begreper.md").write_text("# Begreper\n", encoding="utf-8")
    (tmp_path / "a.md").write_text("# A\n", encoding="utf-8")
    assert AnchorIndex.from_docs(tmp_path).pages() == ["a.md", "includes/begreper.md"]
    assert AnchorIndex.from_docs(tmp_path, exclude=["includes/"]).pages() == ["a.md"]
    index = AnchorIndex.from_sources({"x/y.md": "# Tittel\n## Del"})
    assert index.anchors("x/y.md") == ["tittel", "del"]


def test_broken_front_matter_and_bytes(tmp_path):
    (tmp_path / "a.md").write_bytes(b"---\ntitle: [\n---\n# Ok \xff\n")
    index = AnchorIndex.from_docs(tmp_path)
    assert index.page_title("a.md").startswith("Ok")


# -- the ids the built page has (issue #12) ----------------------------------


@pytest.mark.parametrize(
    "source, expected, absent",
    [
        ("# Side\n\n<!--\n## Skjult\n-->\n", ["side"], "skjult"),
        ("# Side\n\n<div>\n## I en div\n</div>\n", ["side"], "i-en-div"),
        ("# Side\n\n<div markdown>\n\n## I en div med markdown\n\n</div>\n", ["side", "i-en-div-med-markdown"], None),
        ("# Side\n\n## To\n\n## To\n", ["side", "to", "to_1"], None),
        ("# Side\n\n```\n## Kode\n```\n\n    ## Innrykket kode\n", ["side"], "kode"),
    ],
)
def test_only_headings_the_built_page_has(source, expected, absent):
    info = scan_page("side.md", source)
    assert [h.anchor for h in info.headings] == expected
    assert absent is None or absent not in info.anchor_ids()


def test_heading_lines_count_the_front_matter():
    info = scan_page("side.md", "---\ntitle: T\n---\n\n# Side\n\nTekst\n\n## Del\n")
    assert [(h.anchor, h.line) for h in info.headings] == [("side", 5), ("del", 9)]


def test_the_mirror_of_mkdocs_yml_gives_the_same_index():
    from mkdocs.config import load_config

    from veiviser.anchors import SiteMarkdown

    config = load_config(str(ROOT / "mkdocs.yml"))
    built = AnchorIndex.from_docs(ROOT / "docs", exclude=NOT_PAGES, markdown_config=SiteMarkdown(
        tuple(config.markdown_extensions), config.mdx_configs))
    assert AnchorIndex.from_docs(ROOT / "docs", exclude=NOT_PAGES) == built


def test_the_index_has_exactly_the_ids_of_the_built_pages(site):
    from bs4 import BeautifulSoup

    index = AnchorIndex.from_docs(ROOT / "docs", exclude=NOT_PAGES)
    for page in index.pages():
        article = BeautifulSoup((site / page.replace(".md", ".html")).read_text(encoding="utf-8"),
                                "html.parser").select_one("article")
        built = {e["id"] for e in article.select("[id]") if not e["id"].startswith(("fn:", "fnref:"))}
        assert set(index.anchors(page)) == built, page


def test_an_id_inside_a_quotation():
    info = scan_page("side.md", "# Side\n\n> Sitert tekst som er lang nok.\n> { #sitatet }\n")
    assert "sitatet" in info.anchor_ids()


def test_a_page_in_the_cache_is_not_converted_again(monkeypatch):
    import veiviser.anchors as anchors_module

    class Cache(dict):
        def put(self, key, value):
            self[key] = value

    converted: list[str] = []
    scan = anchors_module.scan_page

    def counted(path, text, **kwargs):
        converted.append(path)
        return scan(path, text, **kwargs)

    monkeypatch.setattr(anchors_module, "scan_page", counted)
    sources = {"a.md": "# Tittel\n\n## Del { #del }\n\nTekst.{ #avsnitt }\n", "b.md": "# Annen\n"}
    cache = Cache()
    first = AnchorIndex.from_sources(sources, cache=cache)
    assert converted == ["a.md", "b.md"] and len(cache) == 2
    again = AnchorIndex.from_sources(sources, cache=cache)
    assert converted == ["a.md", "b.md"]  # nothing converted the second time …
    for page in sources:  # … and the same index, rendered page included
        assert again.pages_by_path[page] == first.pages_by_path[page]
        assert again.pages_by_path[page].html == first.pages_by_path[page].html
        assert again.anchors(page) == first.anchors(page)

    changed = AnchorIndex.from_sources({**sources, "a.md": sources["a.md"] + "\n## Ny\n"}, cache=cache)
    assert converted[2:] == ["a.md"] and changed.has("a.md", "ny")  # a changed page is converted
    for key in cache:
        cache[key] = {"path": "a.md"}  # damaged entries: converted anew
    AnchorIndex.from_sources(sources, cache=cache)
    assert converted[3:] == ["a.md", "b.md"]
