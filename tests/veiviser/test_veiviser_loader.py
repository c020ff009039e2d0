"""YAML loading: line numbers, duplicate keys, and syntax errors in plain Norwegian."""

from __future__ import annotations

import datetime
from pathlib import Path

import pytest

from veiviser.loader import MAX_NODES, _depth_bound, load_yaml, parse_yaml

F = Path("test.yml")


def parse(text: str):
    return parse_yaml(text, file=F)


def test_line_numbers():
    root, problems = parse("a: 1\nb:\n  - x\n  - y: 2\n    z: 3\nc: tekst\n")
    assert problems == []
    assert root.kind == "map" and root.line == 1
    assert root.value["a"].value == 1 and root.value["a"].line == 1 and root.value["a"].key_line == 1
    seq = root.value["b"]
    assert seq.kind == "seq" and seq.key_line == 2 and seq.where == 2
    assert [item.line for item in seq.value] == [3, 4]
    assert seq.value[1].value["z"].where == 5
    assert root.value["c"].raw == "tekst"
    assert root.to_python() == {"a": 1, "b": ["x", {"y": 2, "z": 3}], "c": "tekst"}


def test_scalars_keep_raw_text():
    root, _ = parse("a: yes\nb: 2026-11-25\nc: '007'\nd: 1.10\n")
    assert root.value["a"].value is True and root.value["a"].raw == "yes"
    assert root.value["b"].value == datetime.date(2026, 11, 25)
    assert root.value["c"].value == "007" and root.value["c"].quoted
    assert root.value["d"].raw == "1.10"


def test_duplicate_keys_are_reported_not_overwritten():
    root, problems = parse("steg:\n  a: 1\n  b: 2\n  a: 3\n")
    assert len(problems) == 1
    p = problems[0]
    assert p.line == 4 and p.step == "a"
    assert "«a» står to ganger" in p.message and "linje 2 og linje 4" in p.message
    assert root.value["steg"].value["a"].value == 1  # the first one is kept


def test_empty_document():
    assert parse("") == (None, [])
    assert parse("# bare kommentar\n") == (None, [])


@pytest.mark.parametrize(
    "text, line, words",
    [
        ("a: 1\nb:\n\tc: 2\n", 3, "tabulatortegn"),
        ("a: 1\nb\nc: 2\n", 2, "mangler et kolon"),
        ("a:\n  b: 1\n c: 2\n", 3, "Innrykket"),
        ("a: *fet* tekst\n", 1, "«*»"),
        ("a: `kode`\n", 1, "«`»"),
        ("a: @navn\n", 1, "«@»"),
        ("a: [lenke](x.md) tekst\n", 1, "«[»"),
        ("a: 'sitat' sa han\n", 1, "«'»"),
        ('a: "åpen\nb: 2\n', 1, "aldri lukket"),
        ('a: "C:\\mappe"\n', 1, "omvendt skråstrek"),
        ("a: 1\n---\nb: 2\n", 2, "mer enn én veiviser"),
        ("a: Merk: dette\n", 1, "kolon (:) der YAML ikke venter"),
        ("a: !viktig\n", 1, "utropstegn"),
        ("a: \x01\n", 1, "kontrolltegn"),
        ("a: 2026-13-40\n", 1, "datoen finnes ikke"),
        ("? [a, b]\n: c\n", 1, "feltnavn"),
    ],
)
def test_syntax_errors_are_explained(text, line, words):
    root, problems = parse(text)
    assert problems, text
    p = problems[0]
    assert p.line == line
    assert words in p.message + p.fix
    assert p.fix
    assert "Traceback" not in str(p)


def test_syntax_error_has_column():
    _, problems = parse("a: 1\nb:\n\tc: 2\n")
    assert problems[0].column == 1
    assert "linje 3, kolonne 1" in str(problems[0])


def test_recursive_alias_and_alias_bomb():
    _, problems = parse("a: &x [*x]\n")
    assert "uendelig" in problems[0].message
    bomb = "a: &a [x, x, x, x, x, x, x, x, x, x]\n"
    for i, name in enumerate("bcdefgh"):
        prev = "abcdefgh"[i]
        bomb += f"{name}: &{name} [*{prev}, *{prev}, *{prev}, *{prev}, *{prev}, *{prev}, *{prev}, *{prev}, *{prev}, *{prev}]\n"
    root, problems = parse(bomb)
    assert root is None and "for stor" in problems[0].message
    assert MAX_NODES < 10**8


@pytest.mark.parametrize("depth", [60, 700, pytest.param(1050, marks=pytest.mark.slow)])  # 1050: over a second
def test_deep_nesting_is_a_problem_not_a_crash(depth):
    root, problems = parse("a: " + "[" * depth + "]" * depth + "\n")
    assert root is None and "nivåer" in problems[0].message


def test_depth_bound():
    assert _depth_bound("a: [x](y) {a: [b]}\n") < 20
    assert _depth_bound('a: ["]", ["]", ["]", [x]]]]\n') >= 5  # quotes cannot hide brackets
    assert _depth_bound("- - - x\n") >= 4
    assert _depth_bound("a:\n" + " " * 30 + "b: c\n") >= 31


def test_deep_block_nesting_is_a_problem_not_a_crash():
    root, problems = parse("- " * 3000 + "x\n")
    assert root is None and "nivåer" in problems[0].message


def test_load_yaml_bom_and_encoding(tmp_path):
    f = tmp_path / "a.yml"
    f.write_bytes("\ufeffa: æ\n".encode("utf-8"))
    root, problems = load_yaml(f)
    assert problems == [] and root.value["a"].value == "æ"
    f.write_bytes("a: 1\nb: æ\n".encode("latin-1"))
    root, problems = load_yaml(f)
    assert root is None and problems[0].line == 2 and "UTF-8" in problems[0].message


def test_load_yaml_os_error(tmp_path):
    root, problems = load_yaml(tmp_path / "finnes-ikke.yml")
    assert root is None and "kunne ikke leses" in problems[0].message
    (tmp_path / "mappe.yml").mkdir()
    root, problems = load_yaml(tmp_path / "mappe.yml")
    assert root is None and "kunne ikke leses" in problems[0].message
