"""Pages whose front matter and placeholders used to come out wrong are built correctly: a
description with quotation marks stays inside its <meta> tag, and settings below another setting
(«{{ kommune.roller.postmottak.epost }}») are filled in. One real build."""

from __future__ import annotations

import html

import pytest
from bs4 import BeautifulSoup
from test_sidefeil import build, project_copy

BREAKOUT = 'x" http-equiv="refresh" content="0;url=https://example.org/'
QUOTED = "Når «sitater» og \"anførselstegn\" står i beskrivelsen"


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    project = project_copy(tmp_path_factory.mktemp("sider"))
    docs = project / "docs"
    (docs / "utbrudd.md").write_text(f"---\ndescription: '{BREAKOUT}'\n---\n\n# Utbrudd\n\nTekst.\n", encoding="utf-8")
    (docs / "sitat.md").write_text(f"---\ndescription: '{QUOTED}'\n---\n\n# Sitat\n\nTekst.\n", encoding="utf-8")
    (docs / "nestet.md").write_text(
        "# Nestet\n\nSkriv til <{{ kommune.roller.postmottak.epost }}> eller spør "
        "{{ kommune.roller.webansvarlig.tittel }}.\n", encoding="utf-8")
    result = build(project)
    assert result.returncode == 0, result.stdout + result.stderr
    return project / "site"


def _soup(site, name: str) -> BeautifulSoup:
    return BeautifulSoup((site / name).read_text(encoding="utf-8"), "html.parser")


@pytest.mark.parametrize(("page", "description"), [("utbrudd.html", BREAKOUT), ("sitat.html", QUOTED)])
def test_a_description_stays_inside_its_meta_tag(site, page, description):
    soup = _soup(site, page)
    assert soup.find("meta", attrs={"http-equiv": "refresh"}) is None
    assert [m["content"] for m in soup.find_all("meta", attrs={"name": "description"})] == [description]
    assert html.escape(description, quote=True) in (site / page).read_text(encoding="utf-8")


def test_settings_below_other_settings_are_filled_in(site):
    text = _soup(site, "nestet.html").find("article").get_text(" ")
    assert "{{" not in text
    assert "Skriv til postmottak@hattfjelldal.kommune.no eller spør Webansvarlig." in " ".join(text.split())
    assert _soup(site, "nestet.html").find("a", href="mailto:postmottak@hattfjelldal.kommune.no")
