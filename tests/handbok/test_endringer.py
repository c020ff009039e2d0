"""«Endringer»: the change log's form, the build's checks against mkdocs.yml (Norwegian messages
with file, line and fix), and the «Meld fra om feil» address check."""

from __future__ import annotations

import textwrap

import endringer
import meld_fra
import pytest
from endringslogg import ChangeLogError, read
from mkdocs.config import load_config
from mkdocs.exceptions import PluginError

from support import ROOT

GOOD = """\
    # Endringer

    ## Versjon 1.2

    **Vedtatt:** ikke ennå

    ### 02.12.2026: Ny merknad

    **Hva:** En merknad om
    arkivloven.

    **Hvorfor:** Loven er ny.

    ## Versjon 1.1

    Vedtatt: 10.10.2026 i K-sak 001/26

    ### 01.10.2026: Ett kapittel til
    Hva: Et nytt [kapittel](ny.md).
    Hvorfor: Det trengtes.
    """


def log_of(tmp_path, text):
    path = tmp_path / "endringer.md"
    path.write_text(textwrap.dedent(text), encoding="utf-8")
    return read(path, name="docs/endringer.md")


def test_a_good_log(tmp_path):
    log = log_of(tmp_path, GOOD)
    assert [v.number for v in log.versions] == ["1.2", "1.1"]
    assert log.current.adopted is None and log.last_adopted.number == "1.1"
    assert log.last_adopted.adopted == "10.10.2026 i K-sak 001/26"
    [change] = log.since_adopted
    assert (change.title, change.what, change.why) == ("Ny merknad", "En merknad om arkivloven.", "Loven er ny.")
    assert log.versions[1].changes[0].what == "Et nytt kapittel."


@pytest.mark.parametrize("text,line,words", [
    (GOOD.replace("02.12.2026", "2026-12-02"), 7, "«2026-12-02» er ikke en dato"),
    (GOOD.replace("    **Hvorfor:** Loven er ny.\n", ""), 7, "mangler «Hvorfor:»"),
    ("    ### 01.12.2026: Uten versjon\n    Hva: x\n    Hvorfor: y\n", 1, "før den første versjonen"),
    ("    # Endringer\n", 1, "ingen versjon"),
    ("    ## Versjon 2\n    Vedtatt: ikke ennå\n", 1, "Versjon 2 har ingen endringer"),
    ("    ## Versjon 2\n    Hva: x\n", 2, "«Hva:» står ikke under en endring"),
])
def test_mistakes_are_told_in_norwegian_with_the_line(tmp_path, text, line, words):
    with pytest.raises(ChangeLogError) as error:
        log_of(tmp_path, text)
    message = str(error.value)
    assert message.startswith(f"docs/endringer.md, linje {line}: ") and words in message
    assert "Slik retter du det:" in message


@pytest.fixture
def config():
    return load_config(str(ROOT / "mkdocs.yml"))


def test_the_real_page_matches_mkdocs_yml(config):
    endringer.on_pre_build(config=config)
    assert read(ROOT / "docs/endringer.md").current.number == str(config.extra["kommune"]["versjon"])


def test_a_version_that_differs_from_mkdocs_yml_stops_the_build(config):
    config.extra["kommune"]["versjon"] = "9.9"
    newest = read(ROOT / "docs/endringer.md").current
    with pytest.raises(PluginError) as error:
        endringer.on_pre_build(config=config)
    message = str(error.value)
    assert message.startswith(f"docs/endringer.md, linje {newest.line}: Den nyeste versjonen på siden er «{newest.number}»")
    assert "«versjon: 9.9»" in message and "Slik retter du det:" in message


@pytest.mark.parametrize("address", [None, "", "redaksjonen", "a@b"])
def test_the_editors_address_must_be_an_address(config, address):
    config.extra["kommune"]["redaksjon_epost"] = address
    with pytest.raises(PluginError, match="redaksjon_epost"):
        meld_fra.on_config(config)
