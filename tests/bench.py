"""Benchmark (`make bench`): the site build against plain Material, the editors' preview, the PDF.

Timings are figures for the README, not tests: they depend on the machine and its load, so the
build is compared with plain Material side by side (interleaved pairs, CPU time of each build's
process), and the load average is printed with the figures. Prints a Markdown table.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import resource
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parent.parent
PYTHON = sys.executable
SOURCE = ROOT / "tests/data/retningslinjer-sosiale-medier-hattfjelldal-2012.md"

# Runs one build in a fresh interpreter and reports its time and peak memory.
BUILD = """
import json, resource, sys, time, logging
logging.disable(logging.WARNING)
from mkdocs.commands.build import build
from mkdocs.config import load_config
start = time.perf_counter()
config = load_config(sys.argv[1], site_dir=sys.argv[2], strict=False)
build(config)
print(json.dumps({"seconds": time.perf_counter() - start,
                  "peak_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024}))
"""


#: Whether the measured processes may write and use Python's compiled files (.pyc) for our own code
#: (hooks/), as Python does on an editor's machine. Some machines (this one's sandbox, some CI)
#: set PYTHONDONTWRITEBYTECODE, which makes every build compile the hooks anew (about 0.07 s)
#: while Material and MkDocs come compiled from pip: `--uten-pyc` measures it that way.
COMPILED = True


def env(**extra: str) -> dict[str, str]:
    environment = {**os.environ, "NO_MKDOCS_2_WARNING": "1", **extra}
    if COMPILED:
        environment.pop("PYTHONDONTWRITEBYTECODE", None)
    return environment


def build_once(config: Path, site: Path, **extra: str) -> dict:
    """One build in a fresh process: wall seconds, CPU seconds (user + system) and peak memory."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    result = subprocess.run([PYTHON, "-c", BUILD, str(config), str(site)], cwd=config.parent, env=env(**extra),
                            capture_output=True, text=True, check=True)
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    measured = json.loads(result.stdout.strip().splitlines()[-1])
    measured["cpu"] = after.ru_utime + after.ru_stime - before.ru_utime - before.ru_stime
    return measured


def plain_config(tmp: Path) -> Path:
    """The anchor: the 2012 text split into one page per chapter, built by Material with its defaults."""
    docs = tmp / "plain-docs"
    docs.mkdir()
    text = SOURCE.read_text(encoding="utf-8")
    chapters = re.split(r"^(?=#{2,4} \**\d+\. )", text, flags=re.M)
    nav = []
    for number, chapter in enumerate(chapters):
        name = "index.md" if number == 0 else f"kapittel-{number}.md"
        (docs / name).write_text(chapter, encoding="utf-8")
        nav.append(name)
    plain = {"site_name": "Sosiale medier-håndboka", "docs_dir": str(docs), "use_directory_urls": False,
             "theme": {"name": "material", "language": "nb"}}
    path = tmp / "plain.yml"
    path.write_text(yaml.safe_dump(plain, allow_unicode=True), encoding="utf-8")
    return path


def side_by_side(config: Path, plain: Path, tmp: Path, pairs: int) -> tuple[list[dict], list[dict]]:
    """Interleaved builds of the handbook and the anchor (warm cache, not for publishing)."""
    build_once(config, tmp / "site")  # fills the cache, as any build before the editor's next one has
    real, anchor = [], []
    for _ in range(pairs):
        real.append(build_once(config, tmp / "site"))
        anchor.append(build_once(plain, tmp / "plain"))
    return real, anchor


def synthetic_trees(folder: Path, guides: int, nodes: int = 51) -> None:
    """`guides` binary trees of `nodes` steps each (25 questions, 26 outcomes), all valid, beside the
    real guides (the handbook's pages link to those, and a broken link stops the build)."""
    shutil.copytree(ROOT / "decision_trees", folder)
    questions = (nodes - 1) // 2
    for g in range(guides):
        steps = {}
        for q in range(questions):
            children = [2 * q + 1, 2 * q + 2]
            steps[f"s{q}"] = {"spørsmål": f"Spørsmål {q} i veiviser {g}?", "svar": [
                {"tekst": f"Svar {c}", "til": f"s{c}" if c < questions else f"r{c}"} for c in children]}
        for r in range(questions, 2 * questions + 1):
            steps[f"r{r}"] = {"resultat": f"Resultat {r}", "forklaring": "Fordi regelen sier det.",
                              "kilder": ["pa-vegne-av-kommunen.md#svar-alltid"]}
        tree = {"tittel": f"Syntetisk veiviser {g}", "beskrivelse": "For måling.", "versjon": 1,
                "dato": "2026-11-25", "start": "s0", "steg": steps}
        (folder / f"syntetisk-{g:03d}.yml").write_text(yaml.safe_dump(tree, allow_unicode=True), encoding="utf-8")
        for r in range(questions, 2 * questions + 1):  # every outcome has a practice case, as the build requires
            route, node = [], r
            while node > 0:
                node = (node - 1) // 2
                route.append(f"s{node}")
            case = {"tittel": f"Øvelse {r} i veiviser {g}", "situasjon": "En situasjon.", "veiviser": f"syntetisk-{g:03d}",
                    "vei": route[::-1], "resultat": f"r{r}", "begrunnelse": "Fordi regelen sier det."}
            (folder / "ovelser" / f"syntetisk-{g:03d}-{r}.yml").write_text(
                yaml.safe_dump(case, allow_unicode=True), encoding="utf-8")


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def editor_loop(runs: int) -> dict[str, list[float]]:
    """Seconds from saving a file to the changed page being served by `mkdocs serve`, on a copy of
    the project: a one-line change in a chapter, and a change in a tree."""
    with tempfile.TemporaryDirectory() as tmp:
        project = Path(tmp)
        for name in ("docs", "decision_trees", "overrides", "hooks"):
            shutil.copytree(ROOT / name, project / name, ignore=shutil.ignore_patterns("__pycache__"))
        shutil.copy(ROOT / "mkdocs.yml", project / "mkdocs.yml")
        port = _free_port()
        server = subprocess.Popen([str(Path(PYTHON).with_name("mkdocs")), "serve", "-a", f"127.0.0.1:{port}"],
                                  cwd=project, env=env(HANDBOK_HURTIGLAGER=str(ROOT / ".cache")),
                                  stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        base = f"http://127.0.0.1:{port}/"

        def fetch(path: str) -> str:
            with urllib.request.urlopen(base + path, timeout=60) as response:
                return response.read().decode("utf-8")

        def measure(file: Path, path: str, change) -> list[float]:
            original = file.read_text(encoding="utf-8")
            times = []
            for run in range(runs):
                marker = f"Målt {run} {time.time_ns()}"
                start = time.perf_counter()
                file.write_text(change(original, marker), encoding="utf-8")
                while marker not in fetch(path):
                    time.sleep(0.02)
                times.append(time.perf_counter() - start)
                time.sleep(1.5)
            file.write_text(original, encoding="utf-8")
            time.sleep(3)
            return times

        try:
            deadline = time.monotonic() + 180
            while True:
                try:
                    fetch("index.html")
                    break
                except OSError:
                    if time.monotonic() > deadline:
                        raise
                    time.sleep(0.2)
            return {
                "docs": measure(project / "docs/krisekommunikasjon.md", "krisekommunikasjon.html",
                                lambda text, marker: text + f"\n{marker}\n"),
                "tree": measure(project / "decision_trees/krise.yml", "veivisere/krise/index.html",
                                lambda text, marker: text.replace("tittel: ", f"tittel: {marker} ", 1)),
            }
        finally:
            server.terminate()
            server.wait(timeout=10)


def pdf_times(site: Path, runs: int, cache: Path) -> tuple[list[float], list[float]] | None:
    """Wall time and CPU time of `python -m handbok_pdf` (the whole command, as `make pdf` runs
    it, Graphviz included), with the cache folder `cache` (the PDF keeps the pages of its link
    targets and the decompressed fonts there). CPU time says more when other work shares the machine."""
    if not (ROOT / "hooks/handbok_pdf").is_dir():
        return None
    import resource

    command = [PYTHON, "-m", "handbok_pdf", "--site", str(site)]
    wall, cpu = [], []
    for _ in range(runs):
        before = resource.getrusage(resource.RUSAGE_CHILDREN)
        start = time.perf_counter()
        subprocess.run(command, cwd=ROOT, env=env(HANDBOK_HURTIGLAGER=str(cache)), check=True, capture_output=True)
        wall.append(time.perf_counter() - start)
        after = resource.getrusage(resource.RUSAGE_CHILDREN)
        cpu.append(after.ru_utime + after.ru_stime - before.ru_utime - before.ru_stime)
    return wall, cpu


def spread(times: list[float]) -> str:
    return f"{statistics.median(times):.2f} s (median; {min(times):.2f}–{max(times):.2f} s)"


def main() -> None:
    parser = argparse.ArgumentParser(description="Mål byggetider for håndboka.")
    parser.add_argument("--runs", type=int, default=3, help="antall målinger per tall (median)")
    parser.add_argument("--scale", default="", help="antall syntetiske veivisere, for eksempel 50,100,200")
    parser.add_argument("--uten-pyc", action="store_true",
                        help="mål uten Pythons kompilerte filer (.pyc) for hookene, som med PYTHONDONTWRITEBYTECODE=1")
    args = parser.parse_args()
    global COMPILED
    COMPILED = not args.uten_pyc
    rows = [("Maskinens belastning (load average, 1 min) ved start", f"{os.getloadavg()[0]:.1f}", ""),
            ("Pythons kompilerte filer (.pyc) for hookene", "ja, som på en vanlig maskin" if COMPILED
             else "nei (PYTHONDONTWRITEBYTECODE)", "")]
    with tempfile.TemporaryDirectory() as tmp:
        tmp = Path(tmp)
        config = ROOT / "mkdocs.yml"
        real, anchor = side_by_side(config, plain_config(tmp), tmp, args.runs)
        ratios = [r["cpu"] / a["cpu"] for r, a in zip(real, anchor, strict=True)]
        cpu = [r["cpu"] for r in real]
        rows.append(("Hele nettstedet, `mkdocs build --strict` (prosessortid)", spread(cpu),
                     f"{max(r['peak_mb'] for r in real):.0f} MB"))
        rows.append(("Samme tekst som ren Material-side (kapitlene, standardoppsett)", spread([a["cpu"] for a in anchor]),
                     f"{max(a['peak_mb'] for a in anchor):.0f} MB"))
        rows.append((f"Forhold, prosessortid ({args.runs} par side om side; mål ≤ 3)",
                     f"{statistics.median(ratios):.1f}× (median; {min(ratios):.1f}–{max(ratios):.1f}×)", ""))
        rows.append(("Forhold, veggtid", f"{statistics.median(r['seconds'] for r in real) / statistics.median(a['seconds'] for a in anchor):.1f}×", ""))
        with tempfile.TemporaryDirectory() as cold:
            first = build_once(config, tmp / "kald", HANDBOK_HURTIGLAGER=cold)
        rows.append(("Første bygg uten hurtiglager (ny klone)", f"{first['cpu']:.2f} s", ""))
        published = [build_once(config, tmp / "publisert", HANDBOK_PUBLISERING="1")["cpu"] for _ in range(args.runs)]
        rows.append(("Bygg for publisering (`make site`: også sw.js, .br/.gz, ryddet CSS)", spread(published), ""))
        for count in [int(n) for n in args.scale.split(",") if n]:
            trees = tmp / f"trees-{count}"
            synthetic_trees(trees, count)
            result = build_once(config, tmp / f"site-{count}", VEIVISER_MAPPE=str(trees))
            rows.append((f"{count} syntetiske veivisere à 51 steg", f"{result['cpu']:.1f} s", f"{result['peak_mb']:.0f} MB"))
        loop = editor_loop(args.runs)
        rows.append(("`make serve`: lagre én linje i et kapittel → ny side (mål < 1,5 s)", spread(loop["docs"]), ""))
        rows.append(("`make serve`: lagre en veiviser → ny side (mål < 2,5 s)", spread(loop["tree"]), ""))
        # The first PDF fills an empty cache folder (as in a new clone); the others use it.
        clean = pdf_times(tmp / "publisert", 1, tmp / "pdf-hurtiglager")
        times = pdf_times(tmp / "publisert", args.runs, tmp / "pdf-hurtiglager")
        if clean is not None and times is not None:
            rows.append(("PDF for hele håndboka, `make pdf` (mål ≤ 10 s)", spread(times[0]), ""))
            rows.append(("Samme, prosessortid", spread(times[1]), ""))
            rows.append(("Første PDF uten hurtiglager (ny klone), prosessortid", f"{clean[1][0]:.2f} s", ""))
    rows.append(("Maskinens belastning ved slutt", f"{os.getloadavg()[0]:.1f}", ""))
    print("| Måling | Tid | Minne (maks) |\n|---|---|---|")
    for row in rows:
        print("| " + " | ".join(row) + " |")


if __name__ == "__main__":
    main()
