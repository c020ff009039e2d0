"""``python -m veiviser``: exit codes, Norwegian output, never a traceback."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

HERE = Path(__file__).parent
FIXTURES = HERE / "fixtures"


def run(*args: str, cwd: Path) -> subprocess.CompletedProcess:
    env = {k: v for k, v in os.environ.items() if k != "VEIVISER_DEBUG"}
    result = subprocess.run(
        [sys.executable, "-m", "veiviser", *args], cwd=cwd, env=env, capture_output=True, text=True, timeout=60
    )
    assert "Traceback" not in result.stdout + result.stderr
    return result


def test_ok(tmp_path):
    shutil.copytree(FIXTURES / "good", tmp_path / "decision_trees")
    shutil.copytree(FIXTURES / "docs", tmp_path / "docs")
    result = run(cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert "Alt i orden: 2 veivisere med 9 steg (3 spørsmål og 6 resultater) og 7 mulige veier" in result.stdout
    assert "svare-pa-innlegg" in result.stdout
    assert result.stderr == ""


@pytest.mark.slow  # one more process (~0.3 s each); make test-fast keeps test_ok, exit 1 and exit 2
def test_explicit_arguments(tmp_path):
    result = run(str(FIXTURES / "good"), "--docs", str(FIXTURES / "docs"), cwd=tmp_path)
    assert result.returncode == 0, result.stderr


def test_problems_exit_1(tmp_path):
    trees = tmp_path / "decision_trees"
    trees.mkdir()
    for name in ("dangling-til", "kilde-unknown-anchor", "yaml-tab"):
        shutil.copy(FIXTURES / "bad" / f"{name}.yml", trees)
    (trees / "mappe.yml").mkdir()  # an OS error on one "file"
    shutil.copytree(FIXTURES / "docs", tmp_path / "docs")
    result = run(cwd=tmp_path)
    assert result.returncode == 1
    assert result.stdout == ""
    err = result.stderr
    assert err.startswith("Fant 4 feil i veiviserne (4 filer):")
    assert "decision_trees/dangling-til.yml, linje 11, steg «hva-slags-innlegg»" in err
    assert "decision_trees/kilde-unknown-anchor.yml, linje 18" in err
    assert "decision_trees/yaml-tab.yml, linje 16" in err
    assert "decision_trees/mappe.yml: Filen kunne ikke leses" in err
    assert err.count("Slik retter du det:") == 4


@pytest.mark.slow  # one more process (~0.3 s each); make test-fast keeps test_ok, exit 1 and exit 2
def test_unpublished_includes_are_not_sources(tmp_path):
    trees = tmp_path / "decision_trees"
    trees.mkdir()
    text = (FIXTURES / "good" / "samtykke-bilde.yml").read_text(encoding="utf-8")
    (trees / "samtykke-bilde.yml").write_text(text.replace("bilder-og-video.md#samtykke", "includes/begreper.md#ord"), encoding="utf-8")
    shutil.copytree(FIXTURES / "docs", tmp_path / "docs")
    (tmp_path / "docs" / "includes").mkdir()
    (tmp_path / "docs" / "includes" / "begreper.md").write_text("## Ord\n", encoding="utf-8")
    result = run(cwd=tmp_path)
    assert result.returncode == 1 and "«includes/begreper.md»" in result.stderr
    assert run("--exclude", "annet", cwd=tmp_path).returncode == 0


@pytest.mark.slow  # one more process (~0.3 s each); make test-fast keeps test_ok, exit 1 and exit 2
def test_missing_folder_exit_2(tmp_path):
    result = run(cwd=tmp_path)
    assert result.returncode == 2
    assert "Fant ikke mappen «decision_trees»" in result.stderr
    (tmp_path / "decision_trees").mkdir()
    result = run("--docs", "finnes-ikke", cwd=tmp_path)
    assert result.returncode == 2
    assert "Fant ikke mappen «finnes-ikke»" in result.stderr


@pytest.mark.slow  # one more process (~0.3 s each); make test-fast keeps test_ok, exit 1 and exit 2
def test_empty_folder(tmp_path):
    (tmp_path / "decision_trees").mkdir()
    (tmp_path / "docs").mkdir()
    result = run(cwd=tmp_path)
    assert result.returncode == 0
    assert "Fant ingen veivisere" in result.stdout


def test_bad_arguments_exit_2(tmp_path):
    result = run("--ukjent", cwd=tmp_path)
    assert result.returncode == 2
    assert "Feil i kommandoen" in result.stderr


@pytest.mark.slow  # one more process (~0.3 s each); make test-fast keeps test_ok, exit 1 and exit 2
def test_help(tmp_path):
    result = run("--help", cwd=tmp_path)
    assert result.returncode == 0
    assert "Kontrollerer veiviserne" in result.stdout


def test_internal_error_has_no_traceback(monkeypatch, capsys):
    from veiviser import __main__ as cli

    def boom(*args, **kwargs):
        raise RuntimeError("uventet")

    monkeypatch.delenv("VEIVISER_DEBUG", raising=False)
    monkeypatch.setattr(cli, "run", boom)
    assert cli.main([]) == 1
    err = capsys.readouterr().err
    assert "Intern feil" in err and "uventet" in err and "Traceback" not in err
