"""`python -m handbok_pdf --site site [--out FILE]`: the handbook as one PDF.

Messages are Norwegian; a problem ends with a short message and exit code 1, never a traceback.
"""

from __future__ import annotations

import argparse
import gc
import os
import sys
from pathlib import Path
from typing import NoReturn

USAGE = "Bruk: python -m handbok_pdf --site MAPPE [--out FIL]"
# argparse's messages, in Norwegian.
_MESSAGES = {
    "unrecognized arguments": "ukjent valg",
    "expected one argument": "mangler en verdi",
    "ambiguous option": "uklart valg",
}


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> NoReturn:   # Norwegian, exit 1 like every other problem
        for english, norwegian in _MESSAGES.items():
            message = message.replace(english, norwegian)
        print(f"Feil i kommandoen: {message}\n{USAGE}", file=sys.stderr)
        raise SystemExit(1)


def main(argv: list[str] | None = None) -> int:
    parser = _Parser(
        prog="python -m handbok_pdf",
        description="Lag hele Sosiale medier-håndboka som én PDF fra det bygde nettstedet.",
    )
    parser.add_argument("--site", default="site", type=Path,
                        help="mappen med det bygde nettstedet (standard: site)")
    parser.add_argument("--out", type=Path, default=None,
                        help="hvor PDF-en skal skrives (standard: <site>/sosiale-medier-handboka.pdf)")
    args = parser.parse_args(argv)
    # A short command that keeps nearly everything it makes until the PDF is written: Python's
    # cyclic garbage collector would only walk it again and again (render.cycle_collector_paused),
    # and the memory goes back when the command ends.
    gc.disable()
    try:
        from .document import HandbookPdfError
        from .render import build_pdf

        result = build_pdf(args.site, args.out)
    except HandbookPdfError as exc:
        print(f"Kunne ikke lage PDF-en: {exc}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        print("Avbrutt.", file=sys.stderr)
        return 1
    except Exception as exc:  # noqa: BLE001 – the editor gets a message, not a traceback
        print(f"Kunne ikke lage PDF-en: {type(exc).__name__}: {exc}", file=sys.stderr)
        return 1
    print(f"PDF skrevet: {result.path} ({result.pages} sider, {result.seconds:.1f} s)")
    return 0


if __name__ == "__main__":
    code = main()
    # The PDF is written and closed. Python would now free the laid-out document object by object
    # (300 MB of them, about a second) only for the process to end: end it at once.
    sys.stdout.flush()
    sys.stderr.flush()
    os._exit(code)
