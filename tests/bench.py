"""Benchmark (`make bench`): build times, scaling with many guides, the editor loop, the PDF.

Timings are figures for the README, not tests: they depend on the machine and its load.
Run on an otherwise idle machine. Prints a Markdown table.
"""

from __future__ import annotations

import argparse
import json
import os
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


def env(**extra: str) -> dict[str, str]:
    return {**os.environ, "NO_MKDOCS_2_WARNING": "1", "PYTHONPATH": str(ROOT / "hooks"), **extra}


def build_once(config: Path, site: Path, **extra: str) -> dict:
    result = subprocess.run([PYTHON, "-c", BUILD, str(config), str(site)], cwd=ROOT, env=env(**extra),
                            capture_output=True, text=True, check=True)
    return json.loads(result.stdout.strip().splitlines()[-1])


def median_build(config: Path, site: Path, runs: int, **extra: str) -> dict:
    results = [build_once(config, site, **extra) for _ in range(runs)]
    return {"seconds": statistics.median(r["seconds"] for r in results),
            "peak_mb": max(r["peak_mb"] for r in results)}


def plain_config(tmp: Path) -> Path:
    """The same Markdown as a plain Material site: no hooks, no overrides, no guides."""
    config = yaml.load((ROOT / "mkdocs.yml").read_text(encoding="utf-8"), Loader=yaml.BaseLoader)
    plain = {
        "site_name": config["site_name"], "docs_dir": str(ROOT / "docs"), "use_directory_urls": False,
        "theme": {"name": "material", "language": "nb"}, "plugins": ["search"],
        "exclude_docs": config["exclude_docs"],
        "markdown_extensions": ["abbr", "admonition", "attr_list", "def_list", "md_in_html", "tables", "toc",
                                "pymdownx.details", "pymdownx.superfences",
                                {"pymdownx.snippets": {"base_path": [str(ROOT / "docs/includes")],
                                                       "auto_append": ["begreper.md"]}}],
    }
    path = tmp / "plain.yml"
    path.write_text(yaml.safe_dump(plain, allow_unicode=True), encoding="utf-8")
    return path


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


def editor_loop(runs: int) -> float:
    """Seconds from saving a YAML tree to the rebuilt page under `mkdocs serve`."""
    with tempfile.TemporaryDirectory() as tmp:
        trees = Path(tmp) / "trees"
        shutil.copytree(ROOT / "decision_trees", trees)
        with socket.socket() as s:
            s.bind(("127.0.0.1", 0))
            port = s.getsockname()[1]
        server = subprocess.Popen([str(Path(PYTHON).with_name("mkdocs")), "serve", "-a", f"127.0.0.1:{port}"],
                                  cwd=ROOT, env=env(VEIVISER_MAPPE=str(trees)),
                                  stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        url = f"http://127.0.0.1:{port}/veivisere/krise/index.html"

        def fetch() -> str:
            with urllib.request.urlopen(url, timeout=5) as response:
                return response.read().decode("utf-8")

        try:
            deadline = time.monotonic() + 120
            while True:
                try:
                    fetch()
                    break
                except OSError:
                    if time.monotonic() > deadline:
                        raise
                    time.sleep(0.2)
            times = []
            tree = trees / "krise.yml"
            original = tree.read_text(encoding="utf-8")
            for run in range(runs):
                marker = f"Målt {run}"
                start = time.perf_counter()
                tree.write_text(original.replace("tittel: ", f"tittel: {marker} ", 1), encoding="utf-8")
                while marker not in fetch():
                    time.sleep(0.05)
                times.append(time.perf_counter() - start)
                time.sleep(1)
            return statistics.median(times)
        finally:
            server.terminate()
            server.wait(timeout=10)


def pdf_times(site: Path, runs: int) -> tuple[list[float], list[float]] | None:
    """Wall time and CPU time of `python -m handbok_pdf` (the whole command, as `make pdf` runs
    it). CPU time says more when other work shares the machine."""
    if not (ROOT / "hooks/handbok_pdf").is_dir():
        return None
    import resource

    command = [PYTHON, "-m", "handbok_pdf", "--site", str(site)]
    wall, cpu = [], []
    for _ in range(runs):
        before = resource.getrusage(resource.RUSAGE_CHILDREN)
        start = time.perf_counter()
        subprocess.run(command, cwd=ROOT, env=env(), check=True, capture_output=True)
        wall.append(time.perf_counter() - start)
        after = resource.getrusage(resource.RUSAGE_CHILDREN)
        cpu.append(after.ru_utime + after.ru_stime - before.ru_utime - before.ru_stime)
    return wall, cpu


def spread(times: list[float]) -> str:
    return f"{statistics.median(times):.1f} s (median; {min(times):.1f}–{max(times):.1f} s)"


def main() -> None:
    parser = argparse.ArgumentParser(description="Mål byggetider for håndboka.")
    parser.add_argument("--runs", type=int, default=3, help="antall målinger per tall (median)")
    parser.add_argument("--scale", default="50,100,200", help="antall syntetiske veivisere")
    args = parser.parse_args()
    rows = []
    with tempfile.TemporaryDirectory() as tmp:
        tmp = Path(tmp)
        real = median_build(ROOT / "mkdocs.yml", tmp / "site", args.runs)
        plain = median_build(plain_config(tmp), tmp / "plain", args.runs)
        rows.append(("Hele nettstedet (9 veivisere, 18 øvelser)", f"{real['seconds']:.2f} s", f"{real['peak_mb']:.0f} MB"))
        rows.append(("Samme Markdown som ren Material-side, uten hooks", f"{plain['seconds']:.2f} s", f"{plain['peak_mb']:.0f} MB"))
        rows.append(("Forhold (mål: ≤ 1,3)", f"{real['seconds'] / plain['seconds']:.2f}×", ""))
        per_guide = {}
        for count in [int(n) for n in args.scale.split(",")]:
            trees = tmp / f"trees-{count}"
            synthetic_trees(trees, count)
            result = median_build(ROOT / "mkdocs.yml", tmp / f"site-{count}", 1, VEIVISER_MAPPE=str(trees))
            extra = result["seconds"] - plain["seconds"]
            per_guide[count] = result["seconds"]
            rows.append((f"{count} syntetiske veivisere à 51 steg", f"{result['seconds']:.1f} s "
                         f"({1000 * extra / count:.0f} ms per veiviser)", f"{result['peak_mb']:.0f} MB"))
        if 100 in per_guide and 200 in per_guide:
            rows.append(("t200 / t100 (mål: ≤ 2,1)", f"{per_guide[200] / per_guide[100]:.2f}", ""))
        rows.append(("Redaktørsløyfe: lagre YAML → ny side i `mkdocs serve`", f"{editor_loop(args.runs):.2f} s", ""))
        runs = max(args.runs, 5)
        times = pdf_times(tmp / "site", runs)
        if times is not None:
            rows.append((f"PDF for hele håndboka, `make pdf` ({runs} målinger)", spread(times[0]), ""))
            rows.append(("Samme, prosessortid", spread(times[1]), ""))
    print("| Måling | Tid | Minne (maks) |\n|---|---|---|")
    for row in rows:
        print("| " + " | ".join(row) + " |")


if __name__ == "__main__":
    main()
