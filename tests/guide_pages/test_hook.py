"""The MkDocs hook: a broken tree stops the build with the model's Norwegian message (no
traceback) and the maintained fork builds too (`mkdocs serve`: tests/handbok/test_forhandsvisning.py)."""

from __future__ import annotations

import html
import re
import shutil
import subprocess
import sys
from pathlib import Path

from support import ROOT, build_with_trees, mkdocs_build

BROKEN = Path(__file__).parent / "fixtures/ødelagt"


def test_a_broken_tree_stops_the_build_with_file_line_and_fix(tmp_path):
    result = build_with_trees(tmp_path, BROKEN)
    output = result.stdout + result.stderr
    assert result.returncode != 0
    assert "Traceback" not in output
    assert "svare.yml, linje 11, steg «forste»" in output
    assert "«svar-alltd»" in output and "mente du «svar-alltid»" in output.lower()
    assert "Slik retter du det" in output


def test_make_check_reports_the_same_without_mkdocs(tmp_path):
    result = subprocess.run([sys.executable, "-m", "veiviser", str(BROKEN), "--docs", str(ROOT / "docs")],
                            cwd=ROOT, capture_output=True, text=True)
    assert result.returncode == 1 and "linje 11" in result.stderr and "Traceback" not in result.stderr
    ok = subprocess.run([sys.executable, "-m", "veiviser", str(ROOT / "decision_trees"), "--docs", str(ROOT / "docs")],
                        cwd=ROOT, capture_output=True, text=True)
    assert ok.returncode == 0 and "9 veivisere" in ok.stdout


def test_properdocs_builds_the_site_strictly(tmp_path):
    # ProperDocs is the maintained fork of MkDocs 1.6: a path off MkDocs if it stalls.
    result = mkdocs_build(tmp_path / "site", tool="properdocs", check=False)
    assert result.returncode == 0, result.stdout + result.stderr
    assert (tmp_path / "site/veivisere/svare-pa-innlegg/index.html").exists()


def test_an_outcome_without_a_practice_case_stops_the_build(tmp_path):
    trees = tmp_path / "decision_trees"
    shutil.copytree(ROOT / "decision_trees", trees)
    removed = trees / "ovelser" / "skoleskyss-forelder.yml"
    outcome = re.search(r"^resultat: (\S+)", removed.read_text(encoding="utf-8"), re.M).group(1)
    for case in trees.glob("ovelser/*.yml"):  # every case that teaches this outcome
        if re.search(r"^veiviser: svare-pa-innlegg\s*$", case.read_text(encoding="utf-8"), re.M) and \
                re.search(rf"^resultat: {outcome}\s*$", case.read_text(encoding="utf-8"), re.M):
            case.unlink()
    result = build_with_trees(tmp_path, trees)
    output = result.stdout + result.stderr
    assert result.returncode != 0 and "Traceback" not in output
    assert "svare-pa-innlegg.yml, linje" in output and f"steg «{outcome}»" in output
    assert "har ingen øvelse" in output and "Slik retter du det" in output


def test_the_hook_keeps_a_record_of_every_page_it_generates_and_nothing_else_is_a_guide_page():
    # What a page is comes from the hook's record, never from the page's front matter: a handbook
    # page (not generated) at a guide's own address, with the guides' meta, is still no guide page.
    from types import SimpleNamespace

    import veivisere
    from mkdocs.config import load_config

    from veiviser.pages import generated_pages

    config = load_config(str(ROOT / "mkdocs.yml"))
    _, guides, cases, _ = veivisere._load(config)
    pages = veivisere._pages(guides, cases, config)
    assert sorted(pages) == sorted(generated_pages(guides.values(), [c.id for c in cases]))  # what collisions check
    krise = pages["veivisere/krise/index.md"]
    assert (krise.kind, krise.guide.id, krise.meta()["guide_page"]) == ("guide", "krise", "guide")
    step = pages[f"veivisere/krise/{krise.guide.start}.md"]
    assert (step.kind, step.step_id, step.meta()["source_file"]) == ("step", krise.guide.start, "decision_trees/krise.yml")
    assert pages["kildegrunnlag.md"].meta()["search"] == {"exclude": True}
    grounds = pages["kildegrunnlag/krise.md"]  # the guide's part of «Kildegrunnlag»: not in the nav or search
    assert (grounds.kind, grounds.guide.id, grounds.in_nav) == ("grounds", "krise", False)
    assert grounds.meta()["search"] == {"exclude": True} and grounds.meta()["title"] == html.escape(
        f"Kildegrunnlag: {krise.guide.title}")
    assert grounds.meta()["source_files"][:2] == ["decision_trees/krise.yml", "docs/krisekommunikasjon.md"]

    veivisere._build = SimpleNamespace(pages=pages)
    try:
        generated = SimpleNamespace(file=SimpleNamespace(generated_by="veivisere", src_uri="veivisere/krise/index.md"))
        handbook = SimpleNamespace(file=SimpleNamespace(generated_by=None, src_uri="veivisere/krise/index.md"),
                                   meta={"guide_page": "guide", "veiviser": "krise"})
        assert veivisere._record(generated) is krise
        assert veivisere._record(handbook) is None
    finally:
        veivisere._build = None
