"""The hashed lock files in requirements/ agree with pyproject.toml, with each other and with .venv.

`make lock` writes them (requirements/lock.py); `make` installs from them with --require-hashes.
"""

from __future__ import annotations

import importlib.util
import re
import tomllib
from importlib import metadata

import pytest
from packaging.markers import Marker

from support import ROOT

REQUIREMENTS = ROOT / "requirements"
PROJECT = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
# lock -> the lists of pyproject.toml it must hold
LOCK_INPUTS = {"site": [], "test": ["test"], "lint": ["lint"]}
PIN = re.compile(r"^([A-Za-z0-9][A-Za-z0-9._-]*)==([^\s;\\]+)\s*(?:;\s*([^\\]+?))?\s*\\?$")
HASH = re.compile(r"^\s+--hash=sha256:[0-9a-f]{64}")


def normalized(name: str) -> str:
    return re.sub(r"[-_.]+", "-", name).lower()


def pins(lock: str) -> dict[str, tuple[str, str | None, int]]:
    """name -> (version, marker, number of hashes) of a lock file."""
    found: dict[str, tuple[str, str | None, int]] = {}
    name = None
    for line in (REQUIREMENTS / f"{lock}.txt").read_text(encoding="utf-8").splitlines():
        match = PIN.match(line)
        if match:
            name = normalized(match[1])
            found[name] = (match[2], match[3], 0)
        elif HASH.match(line) and name:
            version, marker, hashes = found[name]
            found[name] = (version, marker, hashes + 1)
    return found


def direct(extras: list[str]) -> dict[str, str]:
    """The pinned direct dependencies of pyproject.toml (name -> version) for these extras."""
    requirements = PROJECT["dependencies"] + [r for extra in extras for r in PROJECT["optional-dependencies"][extra]]
    found = {}
    for requirement in requirements:
        name, _, version = requirement.partition("==")
        assert version, f"pyproject.toml: «{requirement}» is not pinned with =="
        found[normalized(name.strip())] = version.strip()
    return found


def lock_module():
    spec = importlib.util.spec_from_file_location("lock", REQUIREMENTS / "lock.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.mark.parametrize("lock", LOCK_INPUTS)
def test_every_direct_dependency_is_locked_at_its_pinned_version(lock):
    locked = pins(lock)
    for name, version in direct(LOCK_INPUTS[lock]).items():
        assert name in locked, f"requirements/{lock}.txt lacks {name}: run `make lock`"
        assert locked[name][0] == version, (
            f"pyproject.toml pins {name}=={version}, requirements/{lock}.txt has {locked[name][0]}: run `make lock`")


@pytest.mark.parametrize("lock", LOCK_INPUTS)
def test_the_lock_was_written_from_this_pyproject(lock):
    # A cheap guard for changes the version check cannot see (an extra removed, requires-python).
    header = (REQUIREMENTS / f"{lock}.txt").read_text(encoding="utf-8").splitlines()[:5]
    module = lock_module()
    assert f"{module.INPUT_LINE}{module.input_hash()}" in header, (
        f"requirements/{lock}.txt was not written from this pyproject.toml: run `make lock`")


@pytest.mark.parametrize("lock", LOCK_INPUTS)
def test_every_locked_package_has_a_version_and_hashes(lock):
    locked = pins(lock)
    assert len(locked) > len(direct(LOCK_INPUTS[lock])), "the lock holds the dependencies of dependencies too"
    assert all(hashes >= 1 for _, _, hashes in locked.values()), [n for n, (_, _, h) in locked.items() if not h]


def test_the_locks_agree_about_every_shared_package():
    site, test, lint = pins("site"), pins("test"), pins("lint")
    assert set(site) <= set(test) and set(site) <= set(lint)
    for name in set(test) & set(lint):
        assert test[name][0] == lint[name][0], f"{name}: test.txt {test[name][0]}, lint.txt {lint[name][0]}"
    for name in site:
        assert site[name][0] == test[name][0] == lint[name][0], name


def test_the_virtualenv_holds_the_locked_versions():
    # `make` installs from the lock: what the tests run with is what the lock says.
    wrong = []
    for name, (version, marker, _) in pins("test").items():
        if marker and not Marker(marker).evaluate():
            continue
        try:
            installed = metadata.version(name)
        except metadata.PackageNotFoundError:
            installed = None
        if installed != version:
            wrong.append(f"{name}: locked {version}, installed {installed}")
    assert wrong == [], "run `make .venv/.test-deps`:\n" + "\n".join(wrong)
