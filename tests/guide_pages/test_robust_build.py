"""A real build of the largest guide the validator accepts stays within a byte budget; a chain of
sixteen «diamonds» (65 536 paths) gives small pages; links in guide texts reach the handbook from
every generated page; what `make check` accepts, the build builds."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml
from bs4 import BeautifulSoup

from support import ROOT, mkdocs_build
from veiviser import NOT_PAGES, AnchorIndex, GuideError, guide_files, load_guide
from veiviser.limits import MAX_ANSWERS, MAX_DEPTH, MAX_STEPS, MAX_TEXT, TEXT_LIMITS
from veiviser.loader import MAX_FILE_BYTES

#: Bytes of the largest page, and of all pages of the worst guide together (measured 0.89 MB and
#: 2.8 MB for a 495 kB file of 66 steps, every text as long as allowed).
LARGEST_PAGE = 1_200_000
WHOLE_GUIDE = 4_000_000
#: Pages of a guide with 65 536 paths (before: 105 MB).
DIAMOND_PAGE = 100_000

ANCHORS = AnchorIndex.from_docs(ROOT / "docs", exclude=NOT_PAGES)
SOURCE = next(f"{page}#{anchor}" for page in ANCHORS.pages() for anchor in ANCHORS.anchors(page)[1:2])


def _text(length: int, word: str = "Tekst") -> str:
    return ((word + " ") * (length // (len(word) + 1) + 1))[: length - 1].rstrip() + "."


def _guide(title: str, steps: dict, start: str, description: str = "For tester.") -> dict:
    return {"tittel": title, "beskrivelse": description, "versjon": 1, "dato": "2026-11-25", "start": start,
            "steg": steps}


def _worst(chain: int, long: int = MAX_TEXT) -> dict:
    """Questions in a chain, each also leading to every «fan» question, whose answers are outcomes:
    every outcome is reached from every chain question (the overview's worst case). Every text
    is as long as allowed, the outcomes' long texts ``long`` characters."""
    fans = MAX_ANSWERS - 1
    outcome_count = max(0, min(fans * MAX_ANSWERS, MAX_STEPS - chain - fans))
    per_fan = -(-outcome_count // fans)
    steps: dict = {}
    for i in range(chain):
        answers = [{"tekst": _text(TEXT_LIMITS["tekst"] - 3, "Videre") + f" {i}", "til": f"k{i + 1}"}] if i + 1 < chain else []
        answers += [{"tekst": _text(TEXT_LIMITS["tekst"] - 3, "Gruppe") + f" {j}", "til": f"v{j}"} for j in range(fans)]
        steps[f"k{i}"] = {"spørsmål": _text(TEXT_LIMITS["spørsmål"] - 4, "Spørsmål") + f" {i}?",
                          "hjelp": _text(MAX_TEXT, "Hjelp"), "svar": answers}
    outcomes = []
    for j in range(fans):
        mine = [f"r{j}-{k}" for k in range(per_fan)][: max(2, outcome_count - len(outcomes))]
        outcomes += mine
        steps[f"v{j}"] = {"spørsmål": _text(TEXT_LIMITS["spørsmål"], "Velg"), "svar": [
            {"tekst": _text(TEXT_LIMITS["tekst"] - 3, "Svar") + f" {n}", "til": target} for n, target in enumerate(mine)]}
    for target in outcomes:
        steps[target] = {"resultat": _text(TEXT_LIMITS["resultat"] - 8, "Resultat") + f" {target}",
                         "forklaring": _text(long, "Forklaring"), "kilder": [SOURCE],
                         "neste": [_text(long, "Neste")], "kopier": _text(long, "Kopier")}
    return _guide(_text(TEXT_LIMITS["tittel"], "Verste"), steps, "k0", _text(MAX_TEXT, "Beskrivelse"))


def _write(folder: Path, name: str, data: dict) -> Path:
    path = folder / f"{name}.yml"
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False, width=10_000), encoding="utf-8")
    return path


def _worst_accepted(folder: Path) -> int:
    """Write the largest `_worst` tree the validator accepts; return its chain length."""
    for chain in range(MAX_DEPTH, 0, -1):
        # The file-size limit binds first: share what is left of it among the outcomes' texts.
        without = _write(folder, "verste", _worst(chain, long=10)).stat().st_size
        outcomes = sum(1 for step in _worst(chain, long=10)["steg"].values() if "resultat" in step)
        long = min(MAX_TEXT, (MAX_FILE_BYTES - without) // (3 * outcomes) - 20)
        if long < 10:
            continue
        path = _write(folder, "verste", _worst(chain, long))
        assert path.stat().st_size <= MAX_FILE_BYTES
        try:
            load_guide(path, anchors=ANCHORS)
        except GuideError:
            continue
        return chain
    raise AssertionError("the validator accepts no tree of this shape")


def _diamonds(count: int) -> dict:
    steps: dict = {}
    for i in range(count):
        target = f"d{i + 1}" if i + 1 < count else "slutt"
        steps[f"d{i}"] = {"spørsmål": f"Spørsmål {i + 1} av {count}?",
                          "svar": [{"tekst": "**Ja**", "til": target}, {"tekst": "Nei", "til": target}]}
    steps["slutt"] = {"resultat": "Ferdig", "forklaring": "Alle veier fører hit.", "kilder": [SOURCE]}
    return _guide("Seksten spørsmål på rad", steps, "d0")


LINK = "pa-vegne-av-kommunen.md#svar-alltid"


def _links() -> dict:
    link = f"[regelen]({LINK})"
    steps = {
        "forste": {"spørsmål": "Gjelder det kommunen?", "hjelp": f"Les {link} først.", "svar": [
            {"tekst": f"Ja, se {link}", "til": "ja"}, {"tekst": "Nei", "til": "nei"}]},
        "ja": {"resultat": "Svar", "forklaring": f"Det står i {link} og i [kapitlet](bilder-og-video.md).",
               "neste": [f"Les {link}."], "kilder": [SOURCE]},
        "nei": {"resultat": "Ikke svar", "forklaring": "Ingen lenke her.", "kilder": [SOURCE]},
    }
    # Characters the validator lets through (a joined surrogate pair, a zero-width space inside a
    # word) must build as well.
    return _guide("Lenker 📷 i \ud83d\udcf7 teksten", steps, "forste", f"Se {link}. Null\u200bbredde.")


def _case(folder: Path, name: str, guide: str, route: list[str], outcome: str) -> None:
    (folder / f"{name}.yml").write_text(yaml.safe_dump({
        "tittel": f"Øvelse {name}", "situasjon": f"Les [regelen]({LINK}).", "veiviser": guide, "vei": route,
        "resultat": outcome, "begrunnelse": f"Se [regelen]({LINK})."}, allow_unicode=True), encoding="utf-8")


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    trees = tmp_path_factory.mktemp("trees")
    # The real guides and their cases too: the handbook's pages link to them, and a broken link stops the build.
    shutil.copytree(ROOT / "decision_trees", trees, dirs_exist_ok=True)
    chain = _worst_accepted(trees)
    _write(trees, "diamanter", _diamonds(16))
    _write(trees, "lenker", _links())
    cases = trees / "ovelser"
    _case(cases, "lenke-ovelse", "lenker", ["forste"], "nei")
    # Every outcome must have a practice case.
    _case(cases, "lenke-ja", "lenker", ["forste"], "ja")
    _case(cases, "diamanter", "diamanter", [f"d{i}" for i in range(16)], "slutt")
    worst = yaml.safe_load((trees / "verste.yml").read_text(encoding="utf-8"))["steg"]
    for fan, step in worst.items():
        if fan.startswith("v"):
            for answer in step["svar"]:
                _case(cases, f"verste-{answer['til']}", "verste", ["k0", fan], answer["til"])
    check = subprocess.run([sys.executable, "-m", "veiviser", str(trees)], cwd=ROOT, capture_output=True, text=True,
                           timeout=300)
    site = tmp_path_factory.mktemp("site")
    mkdocs_build(site, trees=trees)
    return {"site": site, "chain": chain, "check": check}


def test_make_check_accepts_what_then_builds(built):
    assert built["check"].returncode == 0, built["check"].stderr
    assert f"Alt i orden: {3 + len(guide_files(ROOT / 'decision_trees'))} veivisere" in built["check"].stdout
    assert "65536 veier" in built["check"].stdout
    for path in (built["site"] / "veivisere").rglob("*.html"):
        article = BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser").select_one("article")
        assert article is not None and article.select_one("h1").get_text(strip=True), path


def test_the_worst_accepted_guide_stays_within_the_byte_budget(built):
    folder = built["site"] / "veivisere" / "verste"
    sizes = {p.name: p.stat().st_size for p in folder.glob("*.html")}
    assert built["chain"] >= 3 and len(sizes) > 50
    largest = max(sizes, key=sizes.get)
    assert sizes[largest] <= LARGEST_PAGE, (largest, sizes[largest])
    assert sum(sizes.values()) <= WHOLE_GUIDE, sum(sizes.values())


def test_sixteen_diamonds_give_small_pages(built):
    folder = built["site"] / "veivisere" / "diamanter"
    page = (folder / "oversikt.html").read_text(encoding="utf-8")
    assert "65536 mulige veier" in page
    for path in folder.glob("*.html"):
        assert path.stat().st_size <= DIAMOND_PAGE, path
    soup = BeautifulSoup((folder / "slutt.html").read_text(encoding="utf-8"), "html.parser")
    lines = soup.select(".veiviser-veier .veiviser-sti li")
    assert len(lines) == 16 and "«Ja» eller «Nei»" in lines[0].get_text()
    assert "**" not in soup.select_one(".veiviser-veier").get_text()  # answers as plain text
    overview = BeautifulSoup(page, "html.parser").select_one("article .veiviser-oversikt")
    assert "Ja" in overview.select_one("svg").get_text() and "**" not in overview.get_text()


def test_links_in_guide_texts_reach_the_handbook_from_every_page(built):
    site = built["site"]
    pages = {"veivisere/lenker/index.html": 3, "veivisere/lenker/forste.html": 2, "veivisere/lenker/ja.html": 2,
             "ov-deg/lenke-ovelse.html": 2}
    for page, at_least in pages.items():
        soup = BeautifulSoup((site / page).read_text(encoding="utf-8"), "html.parser")
        hrefs = [a["href"] for a in soup.select("article a[href]") if "pa-vegne-av-kommunen" in a["href"]
                 and not a.find_parent(class_="veiviser-kilder")]
        assert len(hrefs) >= at_least, (page, hrefs)
        for href in hrefs:
            assert ".md" not in href, (page, href)
            target, _, anchor = href.partition("#")
            resolved = (site / page).parent / target
            assert resolved.is_file(), (page, href)
            assert BeautifulSoup(resolved.read_text(encoding="utf-8"), "html.parser").select_one(f"[id='{anchor}']")
    guide = (site / "veivisere/lenker/index.html").read_text(encoding="utf-8")
    assert 'href="../../bilder-og-video.html"' in guide
    assert "Lenker 📷 i 📷 teksten" in guide
