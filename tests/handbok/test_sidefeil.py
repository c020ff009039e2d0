"""Every mistake in a handbook page stops a real strict build with a Norwegian message (file, line,
what is wrong, how to fix it), never a traceback or MkDocs' English warning.

Data-driven: each `fixtures/sidefeil/<name>.md` is a page with one mistake, built for real in a
temporary copy of the project; `<name>.expected` holds what the message about that page must
contain, one text per line (the page is called docs/feil.md there).
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import sidefeil

from support import ROOT, project_copy

FIXTURES = Path(__file__).parent / "fixtures/sidefeil"


def build(project: Path) -> subprocess.CompletedProcess:
    """A strict build as `make build` runs it (not -q: MkDocs then counts no warnings)."""
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    return subprocess.run(
        [str(Path(sys.executable).with_name("mkdocs")), "build", "--strict", "-d", str(project / "site")],
        cwd=project, env=env, capture_output=True, text=True, timeout=300)


@pytest.fixture(scope="module")
def messages(tmp_path_factory) -> dict[str, str]:
    """What the build says about each fixture page. All pages are built together (as docs/<name>.md);
    the build stops at the first stage that finds a mistake (reading, rendering, anchors), so it is
    built again without the pages it named, until every page has been named."""
    project = project_copy(tmp_path_factory.mktemp("sidefeil"))
    pending = sorted(p.stem for p in FIXTURES.glob("*.md"))
    for name in pending:
        shutil.copy(FIXTURES / f"{name}.md", project / f"docs/{name}.md")
    said: dict[str, str] = {}
    while pending:
        result = build(project)
        output = result.stdout + result.stderr
        assert "Traceback" not in output and "WARNING" not in output, output
        named = [name for name in pending if f"docs/{name}.md" in output]
        for name in named:
            said[name] = "\n\n".join(block for block in output.split("\n\n") if block.startswith(f"docs/{name}.md"))
            (project / f"docs/{name}.md").unlink()
        if result.returncode == 0 or not named:
            said.update({name: output for name in pending if name not in named})
            break
        pending = [name for name in pending if name not in named]
    return said


@pytest.mark.parametrize("name", sorted(p.stem for p in FIXTURES.glob("*.md")))
def test_a_mistake_in_a_page_stops_the_build_in_norwegian(messages, name):
    said = messages[name]
    assert "Slik retter du det" in said, said
    # The .expected files name the page docs/feil.md; here it is docs/<name>.md.
    for expected in (FIXTURES / f"{name}.expected").read_text(encoding="utf-8").splitlines():
        expected = expected.replace("docs/feil.md", f"docs/{name}.md")
        assert expected in said, f"{expected!r} not in:\n{said}"


def test_the_expected_files_match_the_fixtures():
    assert {p.stem for p in FIXTURES.glob("*.md")} == {p.stem for p in FIXTURES.glob("*.expected")}


def test_a_correct_page_with_placeholders_and_code_builds(tmp_path):
    project = project_copy(tmp_path)
    (project / "docs/riktig.md").write_text(
        "---\ntitle: Riktig\nhide: [toc]\n---\n\n# Riktig\n\nKontakt <{{ kommune.kontakt_epost }}> i "
        "{{ kommune.navn }}.\n\nSkriv `{{ kommune.navn }}` i teksten:\n\n```\n{{ kommune.navn }}\n```\n"
        "\nSe [innledningen](innledning.md#kort-oppsummert).\n", encoding="utf-8")
    result = build(project)
    assert result.returncode == 0, result.stdout + result.stderr
    html = (project / "site/riktig.html").read_text(encoding="utf-8")
    assert "i Hattfjelldal kommune." in html
    assert 'href="mailto:postmottak@hattfjelldal.kommune.no"' in html
    assert html.count("{{ kommune.navn }}") == 2  # in the code span and the code block


def test_a_menu_entry_for_a_missing_page_names_the_line_in_mkdocs_yml(tmp_path):
    project = project_copy(tmp_path)
    config = project / "mkdocs.yml"
    config.write_text(config.read_text(encoding="utf-8").replace("valg-av-medier.md", "valg-av-media.md"),
                      encoding="utf-8")
    line = next(n for n, text in enumerate(config.read_text(encoding="utf-8").splitlines(), 1)
                if "valg-av-media.md" in text)
    result = build(project)
    output = result.stdout + result.stderr
    assert result.returncode != 0 and "Traceback" not in output and "WARNING" not in output
    assert f"mkdocs.yml, linje {line}: Menyen («nav:») viser til siden «valg-av-media.md»" in output
    assert "Mente du «valg-av-medier.md»?" in output


def test_anything_else_that_would_be_a_traceback_gets_a_norwegian_message():
    import sidekontroll
    from mkdocs.exceptions import PluginError

    sidekontroll._state.update(page="bilder-og-video.md", docs_name="docs")
    with pytest.raises(PluginError) as raised:
        sidekontroll.on_build_error(error=KeyError("steg"))
    message = str(raised.value)
    assert message.startswith("docs/bilder-og-video.md: Bygget stoppet med en feil")
    assert "KeyError" in message and "Slik retter du det" in message
    assert sidekontroll.on_build_error(error=PluginError("allerede norsk")) is None


# -----------------------------------------------------------------------------
# The model, without a build
# -----------------------------------------------------------------------------

def test_front_matter_pattern_is_the_one_mkdocs_uses():
    from mkdocs.utils.meta import YAML_RE

    assert sidefeil.FRONT_MATTER.pattern == YAML_RE.pattern and sidefeil.FRONT_MATTER.flags == YAML_RE.flags


def test_every_field_the_guides_set_is_reserved():
    # Every field hooks/veivisere.py puts on page.meta of the pages it generates, for the real trees.
    from typing import get_args

    import veivisere
    from mkdocs.config import load_config

    config = load_config(str(ROOT / "mkdocs.yml"))
    _, guides, cases, _ = veivisere._load(config)
    records = list(veivisere._pages(guides, cases, config).values())
    assert {r.kind for r in records} == set(get_args(veivisere.Kind))  # every kind of page is here
    written = {key for r in records for key in r.meta()}
    assert {"guide_page", "source_file", "source_files", "guide_title", "keywords"} <= written
    # Fields a handbook page may have too (Material's).
    assert written - {"title", "description", "search", "hide"} <= set(sidefeil.RESERVED)


def test_body_offset_counts_front_matter_and_the_blank_lines_mkdocs_strips():
    from mkdocs.utils.meta import get_data

    source = "---\ntitle: X\n---\n\n\n# X\n"
    body, _ = get_data(source)
    assert sidefeil.body_offset(source) == source.count("\n") - body.count("\n") == 5
