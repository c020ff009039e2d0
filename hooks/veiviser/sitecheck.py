"""
Check a built site for the pages the guides generate:
``python -m veiviser.sitecheck SITE [--mappe decision_trees]``.

The guides' pages are made by the MkDocs hook (hooks/veivisere.py). A generator that does not run
the hooks in mkdocs.yml (MkDocs 2.0, Zensical) builds a site that looks fine but has no guides;
``make build`` runs this check after the build, so such a site is never published.

Exit status: 0 when every page is there, 1 when pages are missing or the guides cannot be read,
2 when the site folder is missing. No traceback.
"""

from __future__ import annotations

import argparse
import os
import re
import sys
from collections.abc import Sequence
from pathlib import Path

from .model import GuideError, display_path
from .ovelser import CASES_FOLDER, load_cases
from .pages import GUIDE_SECTION, generated_pages
from .siteconfig import TREES_FOLDER
from .validate import load_guides

__all__ = ["APP_MARKER", "expected_pages", "missing_pages", "main"]

#: What only the guide template writes on a guide's start page: the interactive guide.
APP_MARKER = "data-veiviser"
SHOWN = 10
#: The file a guide's start page names for its later steps.
STEPS_FILE = re.compile(r'data-steg-fil="([^"/]+)"')


def expected_pages(trees: Path) -> list[str]:
    """Every page the guides and practice cases in ``trees`` generate, as a site path
    (``veivisere/krise/index.html``). Raises GuideError when the trees cannot be read."""

    guides = load_guides(trees)
    cases = load_cases(trees / CASES_FOLDER, guides) if (trees / CASES_FOLDER).is_dir() else []
    # use_directory_urls: false in mkdocs.yml, so «x.md» is «x.html».
    return [page.removesuffix(".md") + ".html" for page in generated_pages(guides, [case.id for case in cases])]


def missing_pages(site: Path, expected: list[str]) -> list[str]:
    """The expected pages ``site`` lacks, and the guides' start pages there without the interactive guide."""

    missing = []
    for path in expected:
        file = site / path
        if not file.is_file():
            missing.append(path)
        elif path.startswith(f"{GUIDE_SECTION}/") and path.endswith("/index.html") and path.count("/") == 2:
            text = file.read_text(encoding="utf-8", errors="replace")
            if APP_MARKER not in text:
                missing.append(f"{path} (uten selve veiviseren)")
            # The guide's later steps, in a file beside the page (hooks/veiviser_steg.py).
            for name in STEPS_FILE.findall(text):
                if not (file.parent / name).is_file():
                    missing.append(f"{path.rsplit('/', 1)[0]}/{name} (stegene i veiviseren etter det første)")
    return missing


def _message(site: Path, missing: list[str], total: int) -> str:
    shown = "\n".join(f"  - {path}" for path in missing[:SHOWN])
    more = f"\n  … og {len(missing) - SHOWN} til" if len(missing) > SHOWN else ""
    return (
        f"FEIL: Nettstedet i «{display_path(site)}» mangler sidene som veiviserne lager "
        f"({len(missing)} av {total}):\n{shown}{more}\n\n"
        "Nettstedet må ikke publiseres slik: håndboka ville mangle veiviserne, øvelsene og «Hvem spør jeg?».\n"
        "Det skjer når nettstedet er bygget med et verktøy som ikke kjører hookene i mkdocs.yml "
        "(for eksempel MkDocs 2.0 eller Zensical), eller når bygget ble avbrutt.\n"
        "Bygg med «make build» (MkDocs 1.6) eller med ProperDocs; se «Levetid og oppgradering» i README.md."
    )


def run(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m veiviser.sitecheck",
        description="Kontrollerer at et bygget nettsted har alle sidene veiviserne lager.",
    )
    parser.add_argument("site", help="mappen med det bygde nettstedet (for eksempel site)")
    parser.add_argument("--mappe", default=os.environ.get("VEIVISER_MAPPE") or TREES_FOLDER,
                        help=f"mappen med veivisere (standard: {TREES_FOLDER}, eller VEIVISER_MAPPE)")
    args = parser.parse_args(argv)
    site, trees = Path(args.site), Path(args.mappe)
    if not site.is_dir():
        print(f"FEIL: Fant ikke nettstedet i «{display_path(site)}». Bygg det først med «make site».", file=sys.stderr)
        return 2
    try:
        expected = expected_pages(trees)
    except GuideError as exc:
        print(exc, file=sys.stderr)
        return 1
    missing = missing_pages(site, expected)
    if missing:
        print(_message(site, missing, len(expected)), file=sys.stderr)
        return 1
    print(f"Nettstedet har alle {len(expected)} sidene veiviserne lager.")
    return 0


def main(argv: Sequence[str] | None = None) -> int:
    try:
        return run(argv)
    except Exception as exc:  # noqa: BLE001 - a traceback would hide the one message that matters
        if os.environ.get("VEIVISER_DEBUG"):
            raise
        print(f"FEIL: Kontrollen av nettstedet stoppet ({exc.__class__.__name__}: {exc}). "
              "Meld fra til den som vedlikeholder nettstedet.", file=sys.stderr)
        return 1


if __name__ == "__main__":
    sys.exit(main())
