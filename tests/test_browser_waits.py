"""Every `wait_for_function` in the browser tests passes a function, never a bare expression.

Playwright polls a bare expression by evaluating a string in the page, which the site's policy
(no 'unsafe-eval') forbids: such a wait passes when the condition is true at once and fails when
it is not. A function is called without string evaluation and is polled safely."""
from __future__ import annotations

import ast
import re
from pathlib import Path

TESTS = Path(__file__).parent
FUNCTION = re.compile(r"^\s*(\w+|\([\w\s,]*\))\s*=>")


def _constants(tree: ast.Module) -> dict[str, str]:
    return {t.id: node.value.value for node in tree.body if isinstance(node, ast.Assign)
            and isinstance(node.value, ast.Constant) and isinstance(node.value.value, str)
            for t in node.targets if isinstance(t, ast.Name)}


def bare_waits(source: str, shared: dict[str, str] | None = None) -> list[int]:
    tree = ast.parse(source)
    constants = {**(shared or {}), **_constants(tree)}
    lines = []
    for node in ast.walk(tree):
        if (isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute)
                and node.func.attr == "wait_for_function" and node.args):
            first = node.args[0]
            text = (first.value if isinstance(first, ast.Constant)
                    else constants.get(first.id) if isinstance(first, ast.Name) else None)
            if not isinstance(text, str) or not FUNCTION.match(text):
                lines.append(node.lineno)
    return lines


def test_the_check_finds_a_bare_expression():
    assert bare_waits('page.wait_for_function("document.body.dataset.ok")') == [1]
    assert bare_waits('page.wait_for_function("() => document.body.dataset.ok")') == []
    assert bare_waits('S = "e => e.x"\npage.wait_for_function(S, arg=1)') == []


def test_no_browser_test_waits_on_a_bare_expression():
    shared = _constants(ast.parse((TESTS / "support.py").read_text(encoding="utf-8")))
    found = {str(path.relative_to(TESTS)): lines for path in sorted(TESTS.rglob("*.py"))
             if (lines := bare_waits(path.read_text(encoding="utf-8"), shared))}
    assert not found, f"wait_for_function med et uttrykk, ikke en funksjon («() => …»): {found}"
