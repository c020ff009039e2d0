"""Lay out the handbook in several processes at once, and join the shares into one PDF.

WeasyPrint lays out one page after the other in one thread: the whole book takes most of
ten seconds, nearly all of it in layout and drawing. Every chapter and every guide starts
on a new right-hand page (trykk.css), so the book can be cut between two parts and each
share laid out on its own, in its own process (fork), the same way it would be laid out
in the whole book. Only the page numbers depend on the other shares:

1. each process lays out its share with «00» placeholders for page numbers
   (sidetall.css) and reports its page count and where its ids (anchors) are;
2. this process works out where each share starts in the book (a blank page before a
   share that would otherwise start on a left-hand page), the total, and the book-wide
   page of every id, and sends them to every share;
3. each process fills in its page numbers (render.fill_in_page_numbers), and writes its
   share as a tagged PDF. Links to the other shares are kept by listing their ids at a
   stand-in place on the share's last page (WeasyPrint drops links to unknown ids);
4. merge.py joins the shares: pages, tags, destinations, bookmarks.

Anything unexpected (no fork, a process that fails, page numbers that cannot be filled
in, PDFs that cannot be joined) raises NotInShares, and the caller lays out the book in
one process instead: slower, never wrong.
"""

from __future__ import annotations

import multiprocessing
import os
import re
import tempfile
import traceback
from dataclasses import dataclass
from pathlib import Path

from .document import Handbook
from .merge import MergeError, merge
from .render import (digits_for, fill_in_page_numbers, first_pages_of, render_document, render_html,
                     write_pdf)

# How long a share may take before it is given up (seconds); the whole book takes ~10 s.
SHARE_TIMEOUT = 300
MAX_PROCESSES = 4
# Cost of the cover, colophon and contents, relative to the parts (characters of markup).
FRONT_MATTER_COST = 25_000
DATA_URL = re.compile(r"data:[^\"')\s]+")


def default_processes() -> int:
    """One share per CPU core this process may use (at most MAX_PROCESSES)."""
    try:
        cores = len(os.sched_getaffinity(0))
    except AttributeError:                      # not on Linux
        cores = os.cpu_count() or 1
    return max(1, min(MAX_PROCESSES, cores))


def part_cost(part) -> int:
    """A part's layout cost, estimated: its markup without inline images."""
    if part.kind == "chapter":
        markup = str(part.html)
    else:
        markup = "".join([str(part.html), str(part.paths_table), *(str(o.html) for o in part.outcomes)])
        # Each diagram label is a positioned block of its own.
        markup += "x" * 350 * sum(len(piece.labels) for piece in part.diagram)
    return len(DATA_URL.sub("", markup))


def split_parts(parts: list, shares: int) -> list[list]:
    """The parts in `shares` consecutive groups of about equal cost (the first one also
    lays out the front matter). Fewer groups if there are fewer parts."""
    shares = max(1, min(shares, len(parts)))
    costs = [part_cost(part) for part in parts]
    total = FRONT_MATTER_COST + sum(costs)
    groups: list[list] = [[]]
    done = FRONT_MATTER_COST
    for index, (part, cost) in enumerate(zip(parts, costs)):
        remaining_parts = len(parts) - index
        remaining_groups = shares - len(groups)
        boundary = total * len(groups) / shares
        # Start the next group where this part's middle passes the boundary, or when the
        # remaining parts are just enough for one group each.
        if groups[-1] and remaining_groups > 0 and (done + cost / 2 > boundary
                                                    or remaining_parts <= remaining_groups):
            groups.append([])
        groups[-1].append(part)
        done += cost
    return groups


@dataclass
class LaidOut:
    pages: int
    anchors: dict[str, int]          # id -> page within the share (from 1)
    bookmark_levels: list[int]       # in document order

    @classmethod
    def of(cls, document) -> LaidOut:
        return cls(len(document.pages), first_pages_of(document),
                   [bookmark[0] for page in document.pages for bookmark in page.bookmarks])


class NotInShares(Exception):
    """The book could not be laid out in shares (the message says why, for developers)."""


class ShareFailed(NotInShares):
    pass


class MoreDigits(NotInShares):
    """The book has more pages than the placeholders have digits for."""

    def __init__(self, digits: int) -> None:
        super().__init__(f"page numbers need {digits} digits")
        self.digits = digits


def _lay_out(handbook: Handbook, parts: list, front_matter: bool, site_dir: Path, css, digits: int):
    html = render_html(handbook, parts=parts, front_matter=front_matter)
    return render_document(html, site_dir, css.for_build(True, digits))


def _finish(document, numbers: dict, path: Path) -> None:
    """Fill in the book's page numbers and write the share's PDF."""
    anchors = numbers["anchors"]
    if not fill_in_page_numbers(document, anchors=anchors, first_page=numbers["first_page"],
                                total=numbers["total"], digits=numbers["digits"]):
        raise ShareFailed("the page numbers could not be filled in")
    own = {name for page in document.pages for name in page.anchors}
    # The ids of the other shares, at a stand-in place, so that WeasyPrint keeps the links
    # to them; merge.py takes each destination from the share that has the id.
    last = document.pages[-1].anchors
    for name in anchors.keys() - own:
        last[name] = (0, 0, 0, 0)
    write_pdf(document, path)


def _share_process(connection, handbook, parts, site_dir, css, digits, path) -> None:
    """One share in a forked process: lay out, report, wait for the numbers, write."""
    try:
        document = _lay_out(handbook, parts, False, site_dir, css, digits)
        connection.send(("laid out", LaidOut.of(document)))
        message = connection.recv()
        if message[0] != "numbers":
            return
        _finish(document, message[1], path)
        connection.send(("written", None))
    except BaseException as exc:  # noqa: BLE001 – reported to the parent, which falls back
        try:
            connection.send(("failed", f"{type(exc).__name__}: {exc}\n{traceback.format_exc()}"))
        except OSError:
            pass
    finally:
        connection.close()


def _receive(connection, expected: str):
    if not connection.poll(SHARE_TIMEOUT):
        raise ShareFailed("a share took too long")
    kind, value = connection.recv()
    if kind != expected:
        raise ShareFailed(str(value))
    return value


def render_in_shares(handbook: Handbook, site_dir: Path, out: Path, css, processes: int,
                     digits: int) -> tuple[int, int]:
    """Write the handbook PDF to `out` laid out in up to `processes` shares at once, with
    page number placeholders of `digits` digits; return (pages, shares). NotInShares if it
    cannot be done so, MoreDigits if the book is too long for the digits (nothing is
    written then)."""
    if processes < 2:
        raise NotInShares("one process asked for")
    if "fork" not in multiprocessing.get_all_start_methods():
        raise NotInShares("no fork on this system")
    groups = split_parts(handbook.parts, processes)
    if len(groups) < 2:
        raise NotInShares("only one part")
    context = multiprocessing.get_context("fork")
    workers = []
    with tempfile.TemporaryDirectory(prefix="handbok-pdf-") as folder:
        files = [Path(folder) / f"del-{index}.pdf" for index in range(len(groups))]
        try:
            # The other shares first, so they work while this process lays out the first.
            for parts, path in zip(groups[1:], files[1:]):
                ours, theirs = context.Pipe()
                process = context.Process(target=_share_process,
                                          args=(theirs, handbook, parts, site_dir, css, digits, path),
                                          daemon=True)
                process.start()
                theirs.close()
                workers.append((process, ours))
            first = _lay_out(handbook, groups[0], True, site_dir, css, digits)
            laid_out = [LaidOut.of(first)]
            laid_out += [_receive(connection, "laid out") for _, connection in workers]

            # Where each share starts: on a right-hand (odd) page, as it was laid out.
            first_pages = [1]
            for share in laid_out[:-1]:
                start = first_pages[-1] + share.pages
                first_pages.append(start + 1 if start % 2 == 0 else start)
            total = first_pages[-1] + laid_out[-1].pages - 1
            if digits_for(total) > digits:
                raise MoreDigits(digits_for(total))
            anchors: dict[str, int] = {}
            owned: list[set[str]] = []
            for share, start in zip(laid_out, first_pages):
                owned.append({name for name in share.anchors if name not in anchors})
                for name, page in share.anchors.items():
                    anchors.setdefault(name, start + page - 1)

            numbers = {"anchors": anchors, "total": total, "digits": digits}
            for (_, connection), start in zip(workers, first_pages[1:]):
                connection.send(("numbers", {**numbers, "first_page": start}))
            _finish(first, {**numbers, "first_page": 1}, files[0])
            del first
            for _, connection in workers:
                _receive(connection, "written")
            pages = merge(files, first_pages, owned, [share.bookmark_levels for share in laid_out], out)
            if pages != total:
                raise ShareFailed(f"{pages} pages joined, {total} expected")
            return pages, len(groups)
        except MoreDigits:
            raise
        except (NotInShares, MergeError, EOFError, OSError) as exc:
            out.unlink(missing_ok=True)
            raise NotInShares(f"{type(exc).__name__}: {exc}") from exc
        finally:
            for process, connection in workers:
                try:
                    connection.send(("stop", None))
                except OSError:
                    pass
                connection.close()
                process.join(timeout=5)
                if process.is_alive():
                    process.kill()
                    process.join()
