"""Lighthouse (`make lighthouse`): mobile scores for the start page, a chapter, a guide step and
an outcome, run against Debian's Chromium. Installs Lighthouse from npm into .cache/ once.

Figures for the README, not a test: performance depends on the machine's load.
"""

from __future__ import annotations

import functools
import http.server
import json
import os
import subprocess
import sys
import tempfile
import threading
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
TOOL = ROOT / ".cache/lighthouse"
VERSION = "12.2.3"  # 13.x wants Node 22; this machine has Node 20
PAGES = {
    "Forside": "index.html",
    "Kapittel 6": "pa-vegne-av-kommunen.html",
    "Veiviser, spørsmål": "veivisere/svare-pa-innlegg/ma-saksbehandles.html",
    "Veiviser, resultat": "veivisere/svare-pa-innlegg/send-til-postmottak.html",
}
CATEGORIES = ["performance", "accessibility", "best-practices", "seo"]
FLAGS = ("--headless=new --no-sandbox --disable-gpu --no-first-run --disable-background-networking "
         "--disable-component-update --disable-sync")


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args) -> None:
        pass


def install() -> Path:
    binary = TOOL / "node_modules/.bin/lighthouse"
    if not binary.exists():
        TOOL.mkdir(parents=True, exist_ok=True)
        subprocess.run(["npm", "install", "--no-audit", "--no-fund", "-E", f"lighthouse@{VERSION}"],
                       cwd=TOOL, check=True)
    return binary


def main() -> None:
    binary = install()
    with tempfile.TemporaryDirectory() as tmp:
        site = Path(tmp) / "site"
        subprocess.run([str(Path(sys.executable).with_name("mkdocs")), "build", "-q", "-d", str(site)], cwd=ROOT,
                       env={**os.environ, "NO_MKDOCS_2_WARNING": "1"}, check=True)
        handler = functools.partial(_QuietHandler, directory=str(site))
        server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
        threading.Thread(target=server.serve_forever, daemon=True).start()
        rows, gaps, benchmarks = [], [], []
        try:
            for label, page in PAGES.items():
                report = Path(tmp) / "report.json"
                subprocess.run([str(binary), f"http://127.0.0.1:{server.server_port}/{page}", "--quiet",
                                "--output=json", f"--output-path={report}", f"--chrome-flags={FLAGS}",
                                "--only-categories=" + ",".join(CATEGORIES)],
                               env={**os.environ, "CHROME_PATH": "/usr/bin/chromium"}, check=True)
                data = json.loads(report.read_text(encoding="utf-8"))
                scores = [round(100 * data["categories"][c]["score"]) for c in CATEGORIES]
                benchmarks.append(data["environment"]["benchmarkIndex"])
                rows.append(f"| {label} | " + " | ".join(map(str, scores)) + " |")
                for category in CATEGORIES:
                    for ref in data["categories"][category]["auditRefs"]:
                        audit = data["audits"][ref["id"]]
                        if ref.get("weight") and audit.get("score") is not None and audit["score"] < 1:
                            gaps.append(f"- {label}, {category}: {audit['title']} ({audit.get('displayValue', '')})")
        finally:
            server.shutdown()
    print("| Side | Ytelse | Tilgjengelighet | Beste praksis | SEO |\n|---|---|---|---|---|")
    print("\n".join(rows))
    # Lighthouse's CPU benchmark of this machine while it ran (a quiet desktop scores 1000–2000):
    # the lower, the more Total Blocking Time the same page gets.
    print(f"\nMaskinens benchmarkIndex under målingen: {min(benchmarks):.0f}–{max(benchmarks):.0f}")
    if gaps:
        print("\nDet som trekker ned:\n" + "\n".join(gaps))


if __name__ == "__main__":
    main()
