"""Lighthouse (`make lighthouse`): mobile scores for the start page, a chapter, a guide, a guide
step, an outcome, «Kildegrunnlag» (the largest guide's page and the list) and «Øv deg», run against
Debian's Chromium on the site as it is published (`make site`). Installs Lighthouse from npm into
.cache/ once.

Figures for the README, not a test: performance depends on the machine's load, so each page is
measured several times (`--runs`, default 3) and the median is printed, with the median metrics
behind the performance score. `--site DIR` measures a site already built instead of building one.
"""

from __future__ import annotations

import argparse
import functools
import http.server
import json
import os
import statistics
import subprocess
import tempfile
import threading
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
TOOL = ROOT / ".cache/lighthouse"
VERSION = "12.2.3"  # 13.x wants Node 22; this machine has Node 20
PAGES = {
    "Forside": "index.html",
    "Kapittel 6": "pa-vegne-av-kommunen.html",
    "Veiviser": "veivisere/svare-pa-innlegg/index.html",
    "Veiviser, spørsmål": "veivisere/svare-pa-innlegg/ma-saksbehandles.html",
    "Veiviser, resultat": "veivisere/svare-pa-innlegg/send-til-postmottak.html",
    "Kildegrunnlag": "kildegrunnlag/svare-pa-innlegg.html",  # the largest guide's part (most outcomes and quotes)
    "Kildegrunnlag, oversikt": "kildegrunnlag.html",
    "Øv deg": "ov-deg/index.html",
}
CATEGORIES = ["performance", "accessibility", "best-practices", "seo"]
METRICS = {  # audit -> (column, unit)
    "first-contentful-paint": ("FCP", "s"),
    "largest-contentful-paint": ("LCP", "s"),
    "total-blocking-time": ("TBT", "ms"),
    "cumulative-layout-shift": ("CLS", ""),
    "speed-index": ("SI", "s"),
}
FLAGS = ("--headless=new --no-sandbox --disable-gpu --no-first-run --disable-background-networking "
         "--disable-component-update --disable-sync")


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args) -> None:
        pass


def install() -> Path:
    binary = TOOL / "node_modules/.bin/lighthouse"
    if not binary.exists():
        TOOL.mkdir(parents=True, exist_ok=True)
        # A package.json of its own, or npm walks up to the project's and installs Lighthouse there.
        (TOOL / "package.json").write_text('{"private": true}\n', encoding="utf-8")
        subprocess.run(["npm", "install", "--no-audit", "--no-fund", "-E", f"lighthouse@{VERSION}"],
                       cwd=TOOL, check=True)
    return binary


def measure(binary: Path, url: str, report: Path) -> dict:
    subprocess.run([str(binary), url, "--quiet", "--output=json", f"--output-path={report}",
                    f"--chrome-flags={FLAGS}", "--only-categories=" + ",".join(CATEGORIES)],
                   env={**os.environ, "CHROME_PATH": "/usr/bin/chromium"}, check=True)
    return json.loads(report.read_text(encoding="utf-8"))


def fmt(value: float, unit: str) -> str:
    if unit == "s":
        return f"{value / 1000:.1f} s".replace(".", ",")
    if unit == "ms":
        return f"{value:.0f} ms"
    return f"{value:.3f}".replace(".", ",")


def run(site: Path, binary: Path, runs: int, tmp: Path, pages: dict[str, str]) -> None:
    handler = functools.partial(_QuietHandler, directory=str(site))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    rows, metric_rows, gaps, benchmarks = [], [], [], []
    try:
        for label, page in pages.items():
            reports = []
            for _ in range(runs):
                reports.append(measure(binary, f"http://127.0.0.1:{server.server_port}/{page}", tmp / "report.json"))
                benchmarks.append(reports[-1]["environment"]["benchmarkIndex"])
            scores = {c: [round(100 * r["categories"][c]["score"]) for r in reports] for c in CATEGORIES}
            rows.append(f"| {label} | " + " | ".join(f"{statistics.median(scores[c]):.0f}" for c in CATEGORIES)
                        + " | " + ", ".join(map(str, scores["performance"])) + " |")
            metric_rows.append(f"| {label} | " + " | ".join(
                fmt(statistics.median(r["audits"][a]["numericValue"] for r in reports), unit)
                for a, (_, unit) in METRICS.items()) + " |")
            middle = sorted(reports, key=lambda r: r["categories"]["performance"]["score"])[len(reports) // 2]
            for category in CATEGORIES:
                for ref in middle["categories"][category]["auditRefs"]:
                    audit = middle["audits"][ref["id"]]
                    if ref.get("weight") and audit.get("score") is not None and audit["score"] < 1:
                        gaps.append(f"- {label}, {category}: {audit['title']} ({audit.get('displayValue', '')})")
    finally:
        server.shutdown()
    print(f"Median av {runs} målinger per side.\n")
    print("| Side | Ytelse | Tilgjengelighet | Beste praksis | SEO | Ytelse, hver måling |\n|---|---|---|---|---|---|")
    print("\n".join(rows))
    print("\n| Side | " + " | ".join(column for column, _ in METRICS.values()) + " |\n" + "|---" * (len(METRICS) + 1) + "|")
    print("\n".join(metric_rows))
    # Lighthouse's CPU benchmark of this machine while it ran (a quiet desktop scores 1000–2000):
    # the lower, the more Total Blocking Time the same page gets.
    print(f"\nMaskinens benchmarkIndex under målingen: {min(benchmarks):.0f}–{max(benchmarks):.0f} "
          f"(median {statistics.median(benchmarks):.0f})")
    if gaps:
        print("\nDet som trekker ned (målingen i midten):\n" + "\n".join(gaps))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--runs", type=int, default=3, help="målinger per side (medianen skrives ut)")
    parser.add_argument("--site", type=Path, help="et nettsted som er bygget (ellers bygges et nytt)")
    parser.add_argument("--side", action="append", choices=PAGES, help="bare denne siden (kan gjentas)")
    args = parser.parse_args()
    pages = {label: PAGES[label] for label in args.side} if args.side else PAGES
    binary = install()
    with tempfile.TemporaryDirectory() as name:
        tmp = Path(name)
        site = args.site
        if site is None:
            site = tmp / "site"
            subprocess.run(["make", "-s", "site", f"SITE={site}"], cwd=ROOT, check=True)
        print(f"Maskinens belastning (load average, 1 min) ved start: {os.getloadavg()[0]:.1f}\n")
        run(site, binary, args.runs, tmp, pages)


if __name__ == "__main__":
    main()
