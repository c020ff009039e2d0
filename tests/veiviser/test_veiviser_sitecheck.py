"""``python -m veiviser.sitecheck``: a built site without the guides' pages fails, in Norwegian."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from veiviser.sitecheck import APP_MARKER, expected_pages

HERE = Path(__file__).parent
GOOD = HERE / "fixtures/good"
ROOT = HERE.parent.parent


def check(site: Path, trees: Path = GOOD) -> subprocess.CompletedProcess:
    env = {k: v for k, v in os.environ.items() if k not in ("VEIVISER_DEBUG", "VEIVISER_MAPPE")}
    result = subprocess.run([sys.executable, "-m", "veiviser.sitecheck", str(site), "--mappe", str(trees)],
                            cwd=ROOT, env=env, capture_output=True, text=True, timeout=60)
    assert "Traceback" not in result.stdout + result.stderr
    return result


def fake_site(root: Path, pages: list[str]) -> Path:
    """A site folder with the given pages; the guides' start pages carry the interactive guide."""
    for page in pages:
        file = root / page
        file.parent.mkdir(parents=True, exist_ok=True)
        file.write_text(f"<div class=\"veiviser\" {APP_MARKER}></div>", encoding="utf-8")
    return root


def test_the_expected_pages_are_those_the_guides_generate():
    pages = expected_pages(ROOT / "decision_trees")
    assert "veivisere/index.html" in pages and "hvem-spor-jeg.html" in pages and "kildegrunnlag.html" in pages
    assert "veivisere/krise/index.html" in pages and "ov-deg/index.html" in pages
    assert all(page.endswith(".html") for page in pages)
    # One page per step of every guide, beside its start page.
    assert len([p for p in pages if p.startswith("veivisere/svare-pa-innlegg/")]) > 3


def test_a_site_with_every_page_passes(tmp_path):
    site = fake_site(tmp_path / "site", expected_pages(GOOD))
    result = check(site)
    assert result.returncode == 0, result.stderr
    assert f"alle {len(expected_pages(GOOD))} sidene" in result.stdout


def test_a_site_without_the_guides_fails_loudly_in_norwegian(tmp_path):
    # What a generator that ignores the hooks (Zensical, MkDocs 2.0) leaves: the handbook, no guides.
    pages = expected_pages(GOOD)
    site = fake_site(tmp_path / "site", [p for p in pages if not p.startswith("veivisere/")])
    (site / "index.html").write_text("<h1>Forside</h1>", encoding="utf-8")
    result = check(site)
    assert result.returncode == 1
    missing = len([p for p in pages if p.startswith("veivisere/")])
    assert f"mangler sidene som veiviserne lager ({missing} av {len(pages)})" in result.stderr
    assert "veivisere/svare-pa-innlegg/index.html" in result.stderr
    assert "Nettstedet må ikke publiseres slik" in result.stderr and "ProperDocs" in result.stderr


def test_one_missing_page_is_named(tmp_path):
    pages = expected_pages(GOOD)
    site = fake_site(tmp_path / "site", pages)
    (site / "hvem-spor-jeg.html").unlink()
    result = check(site)
    assert result.returncode == 1 and "  - hvem-spor-jeg.html\n" in result.stderr


def test_a_guide_page_without_the_guide_in_it_fails(tmp_path):
    site = fake_site(tmp_path / "site", expected_pages(GOOD))
    (site / "veivisere/svare-pa-innlegg/index.html").write_text("<h1>Svare på innlegg</h1>", encoding="utf-8")
    result = check(site)
    assert result.returncode == 1
    assert "veivisere/svare-pa-innlegg/index.html (uten selve veiviseren)" in result.stderr


def test_a_guide_page_without_the_file_of_its_later_steps_fails(tmp_path):
    site = fake_site(tmp_path / "site", expected_pages(GOOD))
    page = site / "veivisere/svare-pa-innlegg/index.html"
    page.write_text(f'<div class="veiviser" {APP_MARKER} data-steg-fil="steg-0123456789.js"></div>', encoding="utf-8")
    result = check(site)
    assert result.returncode == 1
    assert "veivisere/svare-pa-innlegg/steg-0123456789.js (stegene i veiviseren etter det første)" in result.stderr
    (page.parent / "steg-0123456789.js").write_text("", encoding="utf-8")
    assert check(site).returncode == 0


def test_a_missing_site_folder(tmp_path):
    result = check(tmp_path / "finnes-ikke")
    assert result.returncode == 2 and "Fant ikke nettstedet" in result.stderr


def test_make_site_runs_the_check_after_the_build():
    dry = subprocess.run(["make", "-n", "site", "SITE=/tmp/x-site"], cwd=ROOT, capture_output=True, text=True)
    lines = [line for line in dry.stdout.splitlines() if "build --strict" in line or "veiviser.sitecheck" in line]
    assert [("sitecheck" in line) for line in lines] == [False, True], dry.stdout
    assert lines[-1].endswith("veiviser.sitecheck /tmp/x-site")


def test_make_pdf_runs_the_check_before_the_pdf():
    dry = subprocess.run(["make", "-n", "pdf", "SITE=/tmp/x-site"], cwd=ROOT, capture_output=True, text=True)
    lines = [line for line in dry.stdout.splitlines() if "veiviser.sitecheck" in line or "-m handbok_pdf" in line]
    assert lines == [".venv/bin/python -m veiviser.sitecheck /tmp/x-site",
                     ".venv/bin/python -m handbok_pdf --site /tmp/x-site"], dry.stdout
