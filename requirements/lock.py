"""Write the hashed lock files from pyproject.toml: `make lock` (after a change there).

    site.txt   what the site and the PDF need (`make serve`, `make build`)
    test.txt   the same versions, and the test suite's packages on top
    lint.txt   the same versions, and ruff, mypy and the type stubs on top

Every package, dependencies of dependencies included, with its version and the sha256 of every
file PyPI has for it; `make` installs with `pip install --require-hashes`. test.txt and lint.txt
are resolved with site.txt as constraints (lint.txt also with test.txt), so the three never
disagree about a shared package. Existing pins are kept unless `make lock UPGRADE=1`.

The hashes are those of pypi.org itself: uv is run without any pip or uv configuration of this
machine (`--no-config`, no PIP_/UV_ variables, the index named; the system's certificates), so a local mirror or wheel folder cannot slip in.
The first line under uv's header holds a hash of the dependency lists in pyproject.toml; a test
(tests/test_lock.py) fails when they and the locks disagree.
"""

from __future__ import annotations

import hashlib
import json
import os
import subprocess
import sys
import tomllib
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
INDEX = "https://pypi.org/simple"
# name -> (extras of pyproject.toml, lock files it must agree with)
LOCKS = {
    "site": ((), ()),
    "test": (("test",), ("site",)),
    "lint": (("lint",), ("site", "test")),
}
INPUT_LINE = "# pyproject.toml dependencies sha256: "


def input_hash(pyproject: Path = ROOT / "pyproject.toml") -> str:
    """A hash of what the locks are made from: requires-python and the dependency lists."""
    project = tomllib.loads(pyproject.read_text(encoding="utf-8"))["project"]
    inputs = {key: project.get(key) for key in ("requires-python", "dependencies", "optional-dependencies")}
    return hashlib.sha256(json.dumps(inputs, sort_keys=True).encode()).hexdigest()


def compile_lock(name: str, upgrade: bool) -> None:
    extras, constraints = LOCKS[name]
    out = HERE / f"{name}.txt"
    uv = Path(sys.executable).with_name("uv")
    # The oldest Python pyproject.toml allows (uv would otherwise start from this interpreter's 3.x).
    oldest = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]["requires-python"]
    command = [
        str(uv), "pip", "compile", "pyproject.toml", "--quiet", "--no-config", "--index-url", INDEX,
        "--system-certs", "--universal", "--python-version", oldest.removeprefix(">="), "--generate-hashes", "--custom-compile-command", "make lock", "-o", str(out),
        *(f"--extra={extra}" for extra in extras),
        *(f"--constraint={HERE / c}.txt" for c in constraints),
        *(["--upgrade"] if upgrade else []),
    ]
    # Nothing of this machine's pip or uv settings (a local mirror, a wheel folder) is used.
    env = {key: value for key, value in os.environ.items() if not key.startswith(("PIP_", "UV_"))}
    subprocess.run(command, cwd=ROOT, check=True, env=env)
    lines = [line for line in out.read_text(encoding="utf-8").splitlines() if not line.startswith(INPUT_LINE)]
    header = next(i for i, line in enumerate(lines) if not line.startswith("#"))
    lines.insert(header, INPUT_LINE + input_hash())
    out.write_text("\n".join(lines) + "\n", encoding="utf-8")


def main(argv: list[str]) -> int:
    upgrade = "--upgrade" in argv
    for name in LOCKS:
        compile_lock(name, upgrade)
        print(f"requirements/{name}.txt")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
