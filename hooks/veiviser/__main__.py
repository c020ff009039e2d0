"""
Check the guides from the command line:
``python -m veiviser [MAPPE] [--docs DOCS] [--config MKDOCS_YML] [--exclude UNDERMAPPE ...]``.

Exit status: 0 when everything is fine, 1 when a guide has problems (all of
them are printed to stderr), 2 when a folder is missing or the arguments
are wrong.  Never prints a traceback (set ``VEIVISER_DEBUG=1`` to get one
for an internal error).
"""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Sequence
from pathlib import Path

from .anchors import NOT_PAGES, AnchorIndex
from .model import GuideError, Problem, display_path
from .ovelser import CASES_FOLDER, check_coverage, load_cases
from .pages import page_collisions
from .paths import count_paths
from .regler import RULES_FILE, RuleUse, gaps, load_rules, register
from .roles import contact_notices, roles_from_config_file, switchboard_problems
from .siteconfig import TREES_FOLDER, municipality, read_config_file
from .validate import load_guides


class _Parser(argparse.ArgumentParser):
    """argparse with Norwegian error messages and exit status 2."""

    def error(self, message: str) -> None:  # type: ignore[override]
        self.print_usage(sys.stderr)
        self.exit(2, f"Feil i kommandoen: {message}\n")


def _parser() -> argparse.ArgumentParser:
    parser = _Parser(
        prog="python -m veiviser",
        description="Kontrollerer veiviserne (YAML-filene) og at kildene deres finnes i håndboka.",
        add_help=False,
    )
    parser.add_argument("mappe", nargs="?", default=TREES_FOLDER, help=f"mappen med veivisere (standard: {TREES_FOLDER})")
    parser.add_argument("--docs", default="docs", help="mappen med håndboka (standard: docs)")
    parser.add_argument("--config", default=None,
                        help="mkdocs.yml med rollene veiviserne viser til (standard: mkdocs.yml)")
    parser.add_argument(
        "--exclude",
        action="append",
        metavar="UNDERMAPPE",
        help="undermappe i håndboka som ikke publiseres, og som kilder derfor ikke kan vise til "
        f"(kan gis flere ganger; standard: {', '.join(NOT_PAGES)})",
    )
    parser.add_argument("-h", "--help", action="help", help="vis denne hjelpen og avslutt")
    return parser


def _plural(count: int, one: str, many: str) -> str:
    return f"{count} {one if count == 1 else many}"


def rule_notice(uses: list[RuleUse], rules_file: Path) -> list[str]:
    """The editors' notice about the rule register: how many rules the guides give, and the gaps."""

    if not uses:
        return [f"Regelregisteret («{display_path(rules_file)}») finnes ikke eller er tomt."]
    given = sum(1 for u in uses if u.outcomes)
    only = sum(1 for u in uses if not u.outcomes and u.rule.only_in_handbook is not None)
    missing = gaps(uses)
    lines = [f"Regelregisteret: {_plural(len(uses), 'regel', 'regler')}; veiviserne gir {given}, "
             f"{only} står bare i håndboka, {_plural(len(missing), 'hull', 'hull')}."]
    if missing:
        lines.append("Merk: Disse reglene gir ingen veiviser, og de er ikke merket «bare_i_handboka» (redaksjonen "
                     "avgjør: vis til dem med «regler:» i et resultat, eller merk dem med en kort begrunnelse):")
        lines += [f"  {rule.id} ({rule.source}): {rule.quote}" for rule in missing]
    return lines


def run(argv: Sequence[str] | None = None) -> int:
    """Run the check; return the exit status."""

    args = _parser().parse_args(argv)
    unreachable: list[Problem] = []  # nobody to reach: reported with every other problem
    folder, docs = Path(args.mappe), Path(args.docs)
    for path, what in ((folder, "veiviserne"), (docs, "håndboka")):
        if not path.is_dir():
            print(f"Fant ikke mappen «{display_path(path)}» med {what}. Står du i prosjektmappen?", file=sys.stderr)
            return 2

    exclude = args.exclude if args.exclude is not None else list(NOT_PAGES)
    anchors = AnchorIndex.from_docs(docs, exclude=exclude)
    config = Path(args.config or "mkdocs.yml")
    if args.config and not config.is_file():
        print(f"Fant ikke filen «{display_path(config)}».", file=sys.stderr)
        return 2
    try:
        roles = roles_from_config_file(config, anchors=anchors) if config.is_file() else None
        kommune = municipality(read_config_file(config)) if config.is_file() else {}
        unreachable = switchboard_problems(kommune, config_file=config) if config.is_file() else []
        rules = load_rules(folder / RULES_FILE, anchors=anchors)
        guides = load_guides(folder, anchors=anchors, roles=roles, rules=rules)
        cases = load_cases(folder / CASES_FOLDER, guides, anchors=anchors)
        if (folder / CASES_FOLDER).is_dir():
            check_coverage(guides, cases)
        collisions = page_collisions(docs, guides, [c.id for c in cases])
        if collisions or unreachable:
            raise GuideError(collisions)
    except GuideError as exc:
        print(GuideError(unreachable + exc.problems), file=sys.stderr)
        return 1

    if not guides:
        print(f"Fant ingen veivisere i «{display_path(folder)}» (filer som slutter på .yml).")
        return 0
    steps = sum(len(g.steps) for g in guides)
    questions = sum(len(g.questions) for g in guides)
    outcomes = sum(len(g.outcomes) for g in guides)
    paths = sum(count_paths(g) for g in guides)
    print(
        f"Alt i orden: {_plural(len(guides), 'veiviser', 'veivisere')} med "
        f"{_plural(steps, 'steg', 'steg')} ({_plural(questions, 'spørsmål', 'spørsmål')} og "
        f"{_plural(outcomes, 'resultat', 'resultater')}) og {_plural(paths, 'mulig vei', 'mulige veier')} gjennom dem."
    )
    for guide in guides:
        print(f"  {guide.id}: {guide.title} ({len(guide.steps)} steg, {count_paths(guide)} veier)")
    if cases:
        print(f"{_plural(len(cases), 'øvelse', 'øvelser')} i «{CASES_FOLDER}/» stemmer med veiviserne.")
    for line in rule_notice(register(rules, guides), folder / RULES_FILE):
        print(line)
    if config.is_file():
        for line in contact_notices(kommune, roles):
            print(line)
    if roles is None:
        print("Rollene («ansvarlig:» og «spør:») er ikke kontrollert: fant ikke mkdocs.yml (bruk --config).")
    return 0


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point: :func:`run`, with internal errors reported without a traceback."""

    try:
        return run(argv)
    except KeyboardInterrupt:
        print("Avbrutt.", file=sys.stderr)
        return 130
    except Exception as exc:  # noqa: BLE001 - editors must never see a traceback
        if os.environ.get("VEIVISER_DEBUG"):
            raise
        print(
            f"Intern feil i kontrollen av veiviserne ({exc.__class__.__name__}: {exc}). "
            "Dette er ikke din feil; meld fra til den som vedlikeholder nettstedet "
            "(kjør med VEIVISER_DEBUG=1 for detaljer).",
            file=sys.stderr,
        )
        return 1


if __name__ == "__main__":
    sys.exit(main())
