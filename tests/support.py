"""Helpers shared by the test modules: real builds, axe-core, the real guides' paths."""

from __future__ import annotations

import datetime
import functools
import http.server
import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path
from urllib.parse import urlsplit

import pytest

ROOT = Path(__file__).resolve().parent.parent
SUB_PATH = "/intranett/sosiale-medier/"
CHROMIUM = os.environ.get("CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
]


def mkdocs_build(site_dir: Path, *, config: Path = ROOT / "mkdocs.yml", tool: str = "mkdocs",
                 check: bool = True, publish: bool = False, trees: Path | None = None) -> subprocess.CompletedProcess:
    """Run a real strict build; `publish` as `make site` does (service worker, .br/.gz, purged CSS);
    `trees`: the guides from that folder instead of decision_trees/ (VEIVISER_MAPPE, for the build only)."""
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "HANDBOK_PUBLISERING": "1" if publish else ""}
    if trees is not None:
        env["VEIVISER_MAPPE"] = str(trees)
    exe = Path(sys.executable).with_name(tool)
    result = subprocess.run(
        [str(exe), "build", "--strict", "-q", "-f", str(config), "-d", str(site_dir)],
        cwd=ROOT, env=env, capture_output=True, text=True, timeout=600,
    )
    if check and result.returncode != 0:
        pytest.fail(f"{tool} build --strict failed:\n{result.stdout}\n{result.stderr}")
    return result


def build_with_trees(tmp_path: Path, trees: Path, tool: str = "mkdocs") -> subprocess.CompletedProcess:
    """A real strict build of the handbook with the guides of `trees`, into tmp_path/site; it may fail."""
    return mkdocs_build(tmp_path / "site", tool=tool, check=False, trees=trees)


def project_copy(tmp_path: Path) -> Path:
    """The project with its own copy of docs/ (the rest linked): pages can be added freely."""
    project = tmp_path / "prosjekt"
    project.mkdir()
    shutil.copy(ROOT / "mkdocs.yml", project)
    shutil.copytree(ROOT / "docs", project / "docs")
    for name in ("hooks", "overrides", "decision_trees", "node_modules"):
        (project / name).symlink_to(ROOT / name)
    return project


#: A page with boxes that can be closed (`??? tips`, `???+ advarsel` …), beside `!!!` boxes of the
#: same kinds. No real page has one, so their tests build the handbook with this page added.
COLLAPSIBLE_PAGE = ROOT / "tests/handbok/fixtures/bokser/lukkbare.md"


def build_with_collapsible_boxes(tmp_path: Path) -> Path:
    """A real strict build of the handbook with COLLAPSIBLE_PAGE as docs/lukkbare.md, in the menu
    after «Endringer» (so the PDF prints it too); the site's folder."""
    project = project_copy(tmp_path)
    shutil.copy(COLLAPSIBLE_PAGE, project / "docs/lukkbare.md")
    config = project / "mkdocs.yml"
    menu = "  - Endringer: endringer.md\n"
    text = config.read_text(encoding="utf-8")
    assert menu in text, "mkdocs.yml: the menu has no «Endringer» to put the page after"
    config.write_text(text.replace(menu, menu + "  - Bokser som kan lukkes: lukkbare.md\n"), encoding="utf-8")
    mkdocs_build(project / "site", config=config)
    return project / "site"


# True when no finite CSS transition or animation is running.
SETTLED = """() => document.getAnimations().every(
    a => a.playState !== "running" || a.effect?.getTiming().iterations === Infinity)"""


PARTS = 8


def part_of(items: list, part: int, parts: int = PARTS) -> list:
    """Every `parts`-th item from `part` on: one part of a test over many pages or cases, so that
    pytest-xdist can spread the parts over its processes (each part takes an even mix of kinds)."""
    return items[part::parts]


#: The guide has drawn the step an answer led to: it moves focus to that step's heading (the click
#: or Enter left it on «Neste»). On a guide's first page that can wait for the later steps' file.
NEXT_STEP_SHOWN = "() => document.activeElement !== null && document.activeElement.tagName === 'H2'"


def send_answer(page, form=None) -> None:
    """Press «Neste» on the question shown (an answer ticked) and wait until the next step is drawn."""
    (form if form is not None else page.locator("form.veiviser-skjema")).locator("button[type=submit]").click()
    page.wait_for_function(NEXT_STEP_SHOWN)


def run_axe(page) -> list[dict]:
    """axe-core violations of the page as it is now (all rules of WCAG 2.1 A/AA + best practices),
    once running transitions have ended: Material fades the page title into the header when the
    page scrolls, and axe would measure its contrast halfway."""
    from axe_playwright_python.sync_playwright import Axe

    page.wait_for_function(SETTLED, timeout=5000)
    return Axe().run(page).response["violations"]


def schema_validator(schema_file: Path):
    """A JSON Schema (draft 2020-12) validator for the schema file, the schema itself checked."""
    import jsonschema

    schema = json.loads(schema_file.read_text(encoding="utf-8"))
    jsonschema.Draft202012Validator.check_schema(schema)
    return jsonschema.Draft202012Validator(schema)


def describe_violations(violations: list[dict]) -> str:
    return "\n".join(
        f"{v['id']} ({v['impact']}): {v['help']} – {[n['target'] for n in v['nodes']][:5]}"
        for v in violations
    )


@functools.cache
def real_guides() -> tuple:
    """The handbook's own guides (decision_trees/, with the anchors of docs/), loaded once per test
    process: the model is immutable, and loading takes ~0.7 s."""
    from veiviser import NOT_PAGES, AnchorIndex, load_guides

    return tuple(load_guides(ROOT / "decision_trees", anchors=AnchorIndex.from_docs(ROOT / "docs", exclude=NOT_PAGES)))


@functools.cache
def all_paths() -> tuple:
    """(guide, path) for every path of every real guide, as pytest params; derived once per test process."""
    from veiviser import enumerate_paths

    return tuple(pytest.param(guide, path, id=f"{guide.id}:{'.'.join('u' if c is None else str(c) for _, c in path.choices)}")
                 for guide in real_guides() for path in enumerate_paths(guide))


def jsonable(value):
    """YAML values as an editor's YAML 1.2 tool (and a JSON Schema) sees them: dates are strings."""
    if isinstance(value, dict):
        return {str(k): jsonable(v) for k, v in value.items()}
    if isinstance(value, list):
        return [jsonable(v) for v in value]
    if isinstance(value, (datetime.date, datetime.datetime)):
        return value.isoformat()
    return value


def yaml_as_json(path: Path):
    import yaml

    return jsonable(yaml.safe_load(Path(path).read_text(encoding="utf-8")))


class SubPathHandler(http.server.SimpleHTTPRequestHandler):
    """The site under SUB_PATH, as on the intranet; quiet."""

    def translate_path(self, path: str) -> str:
        path = urlsplit(path).path
        if not path.startswith(SUB_PATH):
            return str(Path(self.directory) / "__outside_sub_path__")
        return super().translate_path("/" + path[len(SUB_PATH):])

    def log_message(self, *args) -> None:
        pass


class QuietServer(http.server.ThreadingHTTPServer):
    """The tests' web server. A browser that closes a connection before the answer is sent (it
    navigated away, or a test aborted the request) is normal, not an error to print."""

    def handle_error(self, request, client_address) -> None:
        if isinstance(sys.exc_info()[1], ConnectionError):
            return
        super().handle_error(request, client_address)


# Colours as the browser reports them («rgb(…)», «rgba(…)»), and WCAG's contrast ratio.
def rgb(colour: str) -> tuple[float, float, float, float]:
    numbers = [float(n) for n in re.findall(r"[\d.]+", colour)]
    return (*numbers[:3], numbers[3] if len(numbers) > 3 else 1.0)


def over(top: str, ground: tuple) -> tuple:
    r, g, b, a = rgb(top)
    return tuple(a * c + (1 - a) * d for c, d in zip((r, g, b), ground[:3], strict=True))


def luminance(colour) -> float:
    def channel(c):
        c /= 255
        return c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4
    r, g, b = (channel(c) for c in colour[:3])
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def contrast(a, b) -> float:
    la, lb = sorted((luminance(a), luminance(b)), reverse=True)
    return (la + 0.05) / (lb + 0.05)
