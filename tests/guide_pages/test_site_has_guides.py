"""`make site`'s check after the build, on the real site: it passes, and a copy without the guides fails."""

from __future__ import annotations

import shutil
import subprocess
import sys

from support import ROOT


def sitecheck(site) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "veiviser.sitecheck", str(site), "--mappe", str(ROOT / "decision_trees")],
                          cwd=ROOT, capture_output=True, text=True, timeout=120)


def test_the_real_site_has_every_guide_page(site):
    result = sitecheck(site)
    assert result.returncode == 0, result.stderr


def test_the_real_site_without_its_generated_pages_fails(site, tmp_path):
    # As a generator that ignores the hooks would leave it: the handbook's own pages only.
    copy = tmp_path / "site"
    shutil.copytree(site, copy, ignore=shutil.ignore_patterns("*.gz", "*.br", "veivisere", "ov-deg",
                                                              "hvem-spor-jeg.html", "kildegrunnlag.html",
                                                              "kildegrunnlag"))
    result = sitecheck(copy)
    assert result.returncode == 1
    assert "mangler sidene som veiviserne lager" in result.stderr
    assert "  - veivisere/index.html\n" in result.stderr and "Traceback" not in result.stderr
