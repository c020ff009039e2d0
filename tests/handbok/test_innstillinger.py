"""Every setting in mkdocs.yml that the site shows is checked by its kind: a real build with wrong
settings stops with Norwegian messages naming mkdocs.yml, the line and the key."""

from __future__ import annotations

import pytest
from innstillinger import check_local_files, check_nav, check_settings, check_site_texts
from test_sidefeil import build, project_copy


def _build_with(tmp_path, *replacements: tuple[str, str]) -> str:
    project = project_copy(tmp_path)
    config = project / "mkdocs.yml"
    text = config.read_text(encoding="utf-8")
    for old, new in replacements:
        assert old in text, old
        text = text.replace(old, new, 1)
    config.write_text(text, encoding="utf-8")
    result = build(project)
    output = result.stdout + result.stderr
    assert result.returncode != 0 and "Traceback" not in output, output
    assert "feil som håndboka ikke kjenner igjen" not in output
    return output


def _line(tmp_text: str, needle: str) -> int:
    return next(n for n, line in enumerate(tmp_text.splitlines(), 1) if needle in line)


def test_wrong_settings_stop_the_build_naming_mkdocs_yml_and_the_key(tmp_path):
    said = _build_with(
        tmp_path,
        ("kontakt_epost: *hovedadresse",
         "kontakt_epost: postmottak@hattfjelldal.kommune.no?cc=spion@example.org"),
        ("tilgjengelighetserklaering: https://uustatus.no/nb/erklaringer/publisert/hattfjelldal-kommune",
         "tilgjengelighetserklaering: javascript:alert(1)"),
        ('        navn: ""\n        epost: ""\n        telefon: ""\n      webansvarlig:',
         '        navn: "<img src=x onerror=alert(1)>"\n        epost: "a@b.no?bcc=c@d.no"\n'
         '        telefon: "<b>1</b>"\n      webansvarlig:'),
        ("site_description: Hattfjelldal", 'site_description: Hattfjelldal" http-equiv="refresh'),
        ("  - assets/stylesheets/kommune.css", "  - assets/stylesheets/kommune.css\n  - https://cdn.example.org/x.css"),
        ("  - Om tilgjengelighet: tilgjengelighet.md", "  - Om tilgjengelighet: tilgjengelighet.md\n"
                                                     "  - Lur: javascript:alert(document.cookie)\n"
                                                     "  - \"<img src=x onerror=alert(1)>\": endringer.md"),
    )
    for key in ("kommune → kontakt_epost", "kommune → tilgjengelighetserklaering",
                "kommune → roller → informasjonsmedarbeideren → navn",
                "kommune → roller → informasjonsmedarbeideren → epost",
                "kommune → roller → informasjonsmedarbeideren → telefon"):
        assert f"Innstillingen «{key}»" in said, said
    assert "mkdocs.yml, linje " in said and "docs/tilgjengelighet.md" not in said
    assert "«?cc=» eller «?bcc=»" in said
    assert "Menyen («nav:») har lenken «javascript:alert(document.cookie)»" in said
    assert "mkdocs.yml, linje 3: Innstillingen «site_description» må være vanlig tekst" in said
    assert "Menyen («nav:») har overskriften «<img src=x onerror=alert(1)>»" in said
    assert "«extra_css» viser til «https://cdn.example.org/x.css», som hentes fra et annet nettsted" in said


def test_kommune_that_is_not_a_mapping_names_mkdocs_yml(tmp_path):
    said = _build_with(tmp_path, ("  kommune:\n    navn: Hattfjelldal kommune\n",
                                  "  kommune: Hattfjelldal kommune\n  gammel:\n    navn: Hattfjelldal kommune\n"))
    assert "mkdocs.yml, linje" in said and "«kommune» skal være en liste med innstillinger" in said, said


# -----------------------------------------------------------------------------
# The rules by kind, without a build (new keys fit the same rules)
# -----------------------------------------------------------------------------

@pytest.mark.parametrize(("key", "value"), [
    ("sentralbord_telefon", "ring oss"), ("telefon", "12345; javascript:x"), ("ny_epost", "mailto:a@b.no"),
    ("ny_epost", "a@b.no&body=x"), ("hjemmeside", "javascript:alert(1)"), ("hjemmeside", "data:text/html,x"),
    ("hjemmeside", "https://x.no/\"><script>"), ("adresse", "Storgata 1\u202e"), ("tilgjengelighetserklaering", "uustatus.no"),
])
def test_a_wrong_value_of_any_key_is_refused_by_its_kind(key, value):
    assert check_settings({key: value})


@pytest.mark.parametrize(("key", "value"), [
    ("sentralbord_telefon", "+47 75 18 50 00"), ("telefon", "75185000"), ("ny_epost", "ola.nordmann@kommune.no"),
    ("hjemmeside", "https://www.hattfjelldal.kommune.no/"), ("adresse", "Storgata 1, 8690 Hattfjelldal"),
    ("strategi_sak", "K-sak 034/12"), ("apningstid", "kl. 08:00–15:30"), ("versjon", 1.1),
])
def test_a_right_value_passes(key, value):
    assert check_settings({key: value}) == []


def test_a_list_where_a_text_belongs_is_refused():
    assert "skal være en tekst, ikke en liste" in check_settings({"navn": ["a"]})[0].what


def test_nav_links_to_other_sites_are_web_addresses():
    assert check_nav([{"a": "bilder-og-video.md"}, {"b": "https://x.no"}, {"Øv deg": [{"c": "d.md"}]}]) == []
    assert check_nav([{"<b>x</b>": "a.md"}, {"Meny": [{"x\u202e": "d.md"}]}])[1].what.startswith("Menyen")
    assert len(check_nav([{"a": "javascript:x"}, {"c": [{"d": "data:text/html,x"}, {"e": "vbscript:x"}]}])) == 3


def test_the_sites_own_texts_are_plain():
    assert check_site_texts({"site_name": "Håndboka", "copyright": "Hattfjelldal kommune · «Retningslinjer»"}) == []
    assert len(check_site_texts({"site_name": "<b>x</b>", "site_author": 'a"b', "copyright": ["x"]})) == 3


def test_scripts_and_styles_are_the_sites_own():
    assert check_local_files({"extra_css": ["assets/a.css"], "extra_javascript": ["assets/a.js"]}) == []
    assert len(check_local_files({"extra_css": ["//x.org/a.css"], "extra_javascript": ["https://x.org/a.js"],
                                  "extra": {"polyfills": ["http://x.org/p.js"]}})) == 3
