"""Trees whose text would come out wrong stop a real build with the validator's Norwegian
messages: a second guide with the same title, text that turns its direction (bidi override),
a placeholder the trees do not fill in, and a source listed twice."""

from __future__ import annotations

import shutil

from support import ROOT, build_with_trees


def test_wrong_trees_stop_the_build(tmp_path):
    trees = tmp_path / "trees"
    shutil.copytree(ROOT / "decision_trees", trees)
    text = (trees / "krise.yml").read_text(encoding="utf-8")
    (trees / "krise-tvilling.yml").write_text(text, encoding="utf-8")  # the same title
    bidi = text.replace("      Kapittel 9 gjelder krisesituasjoner.", "      Kapittel 9 gjelder \u202ekrisesituasjoner.", 1)
    placeholder = text.replace("retningslinjene for bruk av sosiale medier på vegne av kommunen,",
                               "retningslinjene for bruk av sosiale medier på vegne av {{ kommune.navn }},", 1)
    assert "\u202e" in bidi and "{{ kommune.navn }}" in placeholder
    (trees / "krise-baklengs.yml").write_text(bidi.replace("tittel: Det er en krise", "tittel: Baklengs krise"),
                                              encoding="utf-8")
    (trees / "krise-plassholder.yml").write_text(
        placeholder.replace("tittel: Det er en krise", "tittel: Plassholder krise"), encoding="utf-8")
    result = build_with_trees(tmp_path, trees)
    said = result.stdout + result.stderr
    assert result.returncode != 0 and "Traceback" not in said, said
    assert "krise.yml" in said and "krise-tvilling.yml, linje 4" in said, said
    assert "samme tittel «Det er en krise" in said, said
    # The line of the «forklaring» field that holds the changed sentence.
    lines = text.splitlines()
    changed = next(n for n, line in enumerate(lines) if "Kapittel 9 gjelder krisesituasjoner." in line)
    field = next(n for n in range(changed, 0, -1) if lines[n].lstrip().startswith("forklaring:")) + 1
    assert f"krise-baklengs.yml, linje {field}" in said and "snur skriveretningen (U+202E)" in said, said
    assert f"krise-plassholder.yml, linje {field}" in said and "«{{ kommune.navn }}»" in said, said
