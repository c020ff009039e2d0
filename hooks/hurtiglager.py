"""Results of work whose input did not change, kept between builds in the cache folder
(hooks/bygg.py's `cache_folder`, `.cache/`), one file per kind of work.

Each result is keyed on everything it depends on: its input (`digest`), and, in the file's name,
the code that computes it and the libraries' versions (`code_version`). A damaged or half-written
file is ignored and made anew; a clean build and a build from the cache give the same site.
A plain module (not a hook), so that every hook shares the same stores.
"""

from __future__ import annotations

import functools
import hashlib
import json
import marshal
import os
import sys
import tempfile
from collections.abc import Iterable
from importlib.metadata import version
from pathlib import Path
from typing import Any

import bygg
from mkdocs.theme import Theme


class Uncacheable(Exception):
    """An input without a stable text (an object known only by its address): no key, no cache."""


def _plain(value: Any) -> Any:
    """A value JSON does not know, as text that is the same in every process."""
    if isinstance(value, (set, frozenset)):
        return sorted(repr(item) for item in value)
    if isinstance(value, Path):
        return value.as_posix()
    if isinstance(value, Theme):  # its repr lists a set, in an order that differs between processes
        return {"name": value.name, "dirs": value.dirs, "static_templates": sorted(value.static_templates),
                "locale": str(value.locale), **dict(value.items())}
    if isinstance(value, functools.partial):
        return [value.func, value.args, value.keywords]
    if callable(value) and hasattr(value, "__module__") and hasattr(value, "__qualname__"):
        return f"{value.__module__}.{value.__qualname__}"
    if type(value).__repr__ is object.__repr__ and hasattr(value, "__dict__"):  # by its class and fields
        return {"": f"{type(value).__module__}.{type(value).__qualname__}", **vars(value)}
    text = repr(value)
    if " at 0x" in text:
        raise Uncacheable(text)
    return text


def digest(*parts: Any) -> str:
    """A key for a result: the SHA-256 of its inputs, in order (text as it is, other values as
    JSON, each with its kind and length first; a value JSON does not know by a text that is the
    same in every process, else `Uncacheable`)."""
    sha = hashlib.sha256()
    for part in parts:
        if isinstance(part, str):  # most of what is keyed: pages' content, without JSON's escaping
            kind, data = b"s", part.encode("utf-8")
        else:
            try:
                text = json.dumps(part, ensure_ascii=False, sort_keys=True, separators=(",", ":"), default=_plain)
            except (ValueError, TypeError) as error:  # a circular reference, keys of mixed types
                raise Uncacheable(str(error)) from None
            kind, data = b"j", text.encode("utf-8")
        sha.update(kind + str(len(data)).encode() + b":" + data)
    return sha.hexdigest()


def folder_digest(folder: Path) -> str:
    """The names and bytes of every file below a folder."""
    sha = hashlib.sha256()
    for path in sorted(p for p in folder.rglob("*") if p.is_file()):
        sha.update(path.relative_to(folder).as_posix().encode() + b"\0" + path.read_bytes() + b"\0")
    return sha.hexdigest()


def code_version(files: Iterable[Path | str], packages: Iterable[str] = ()) -> str:
    """What a kind of result depends on besides its input: the code that computes it (these source
    files, as they were when the build's process loaded them) and the libraries' versions."""
    parts = [sys.version]
    parts += [f"{name}={version(name)}" for name in packages]
    parts += [hashlib.sha256(Path(f).read_bytes()).hexdigest() for f in [__file__, *files]]  # this module: the format
    return digest(*parts)[:16]


class Store:
    """Results of one kind of work (key → a value of JSON's kinds, kept with `marshal`, which this
    Python reads back four times as fast as JSON) in one file of the cache folder, and in memory while
    the process lives (`mkdocs serve` rebuilds in the same process).

    The file's name carries the code's version; its first line is the SHA-256 of the rest, so a
    file that was cut off or changed is ignored as a whole, and it is written whole or not at all.
    A build keeps only the entries it used, so the file does not grow with every edit."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self.entries: dict[str, Any] = {}
        self.used: set[str] = set()
        self.changed = False
        self.loaded = False

    def _load(self) -> None:
        self.loaded = True
        try:
            data = self.path.read_bytes()
            head, _, body = data.partition(b"\n")
            if hashlib.sha256(body).hexdigest().encode() != head:
                return
            entries = marshal.loads(body)
        except (OSError, ValueError, EOFError, TypeError):
            return
        if isinstance(entries, dict):
            self.entries = {**entries, **self.entries}

    def get(self, key: str) -> Any | None:
        if key not in self.entries and not self.loaded:
            self._load()
        if key in self.entries:
            self.used.add(key)
            return self.entries[key]
        return None

    def put(self, key: str, value: Any) -> None:
        self.entries[key] = value
        self.used.add(key)
        self.changed = True

    def start(self) -> None:
        """A new build begins: nothing used yet."""
        self.used = set()
        self.changed = False

    def save(self) -> None:
        """Keep the entries this build used (written whole or not at all)."""
        if not self.changed and self.used == self.entries.keys():
            return
        self.entries = {key: self.entries[key] for key in self.used}
        # not sorted: a value keeps its order (a search entry's fields are written in it)
        try:
            body = marshal.dumps(self.entries)
        except ValueError:  # a value marshal does not know: not kept
            return
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            for old in [*self.path.parent.glob("*.json"), *self.path.parent.glob("*.marshal")]:
                if old != self.path:  # results of older code: never read again
                    old.unlink(missing_ok=True)
            with tempfile.NamedTemporaryFile("wb", dir=self.path.parent, delete=False, prefix=self.path.name,
                                             suffix=".tmp") as out:
                out.write(hashlib.sha256(body).hexdigest().encode() + b"\n" + body)
            os.replace(out.name, self.path)
        except OSError:
            pass  # a cache that cannot be written only costs time
        self.changed = False


_stores: dict[Path, Store] = {}  # every store this process has opened (kept between rebuilds)
_open: dict[Path, Store] = {}  # those the current build uses, saved after it


def store(config, kind: str, code: str) -> Store:
    """The store for one kind of work in this build (`code`: from `code_version`)."""
    path = bygg.cache_folder(config) / kind / f"{code}.marshal"
    found = _stores.setdefault(path, Store(path))
    if path not in _open:
        found.start()
        _open[path] = found
    return found




def begin() -> None:
    """A new build: no store used yet (hooks/bygg.py, on_config)."""
    _open.clear()


def save() -> None:
    """Every store the build used, written once (hooks/bygg.py, after the build)."""
    for found in _open.values():
        found.save()
    _open.clear()
