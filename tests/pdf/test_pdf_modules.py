"""The PDF package's modules import each other in one direction only (no import circle, not even
one hidden inside a function)."""

from __future__ import annotations

import ast
from pathlib import Path

from support import ROOT

PACKAGE = ROOT / "hooks/handbok_pdf"


def imports_within_package(file: Path) -> set[str]:
    found = set()
    for node in ast.walk(ast.parse(file.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom):
            if node.level == 1 and node.module:
                found.add(node.module.split(".")[0])
            elif node.level == 1:
                found.update(alias.name for alias in node.names)
            elif node.module and node.module.startswith("handbok_pdf."):
                found.add(node.module.split(".")[1])
    return found


def test_no_import_circle_in_handbok_pdf():
    graph = {f.stem: imports_within_package(f) for f in PACKAGE.glob("*.py") if f.stem != "__init__"}
    assert graph["document"] >= {"guides", "links"} and "document" not in graph["guides"]

    def reaches(start: str, goal: str, seen: set[str]) -> bool:
        for module in graph.get(start, ()):
            if module == goal or (module not in seen and reaches(module, goal, seen | {module})):
                return True
        return False

    circles = [module for module in graph if reaches(module, module, {module})]
    assert circles == [], f"import circle through {circles}: {graph}"
