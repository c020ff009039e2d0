"""Put PDFs that WeasyPrint wrote for consecutive shares of one book together, as one
tagged PDF (with pikepdf, i.e. qpdf).

What WeasyPrint writes per share, and how the shares are joined:

- pages: appended in order; a blank page is added where a share must start on the
  right-hand (odd) page it was laid out for;
- the tag tree (PDF/UA): the later shares' top elements become children of the first
  share's /Document element, and their /ParentTree keys (the pages' /StructParents and
  the link annotations' /StructParent) are moved past the keys already used;
- named destinations (what the links point to): each name is taken from the share that
  really has it (a share also lists the names of the other shares that its links point
  to, at a stand-in place: see parallel.py);
- bookmarks: rebuilt for the whole book from every share's bookmarks in order and their
  levels (a share that starts with a guide does not know the chapter it belongs under);
- catalog, metadata and document information are the first share's.

qpdf copies each object of a share once, whatever refers to it, so tags, annotations,
bookmarks and destinations all point to the same copied pages.
"""

from __future__ import annotations

import warnings
from collections.abc import Iterator
from pathlib import Path

A4_PORTRAIT = (595.28, 841.89)   # points


class MergeError(Exception):
    """The shares are not the PDFs this module expects (the caller lays out in one go)."""


def _pairs(array) -> Iterator[tuple[object, object]]:
    """(key, value) of a flat PDF array [k1 v1 k2 v2 …] (name and number trees)."""
    items = list(array)
    if len(items) % 2:
        raise MergeError("a name or number tree with an odd number of entries")
    return zip(items[0::2], items[1::2])


def _copy(book, value):
    """`value` of another PDF as an object of `book` (direct arrays and dictionaries are
    rebuilt; indirect objects are copied once, by qpdf)."""
    import pikepdf

    if isinstance(value, pikepdf.Object) and value.is_indirect:
        return book.copy_foreign(value)
    if isinstance(value, pikepdf.Array):
        return pikepdf.Array([_copy(book, item) for item in value])
    if isinstance(value, pikepdf.Dictionary):
        return pikepdf.Dictionary({key: _copy(book, item) for key, item in value.items()})
    return value


def _flat_tree(root, key: str):
    """The entries of a name or number tree WeasyPrint writes flat (no /Kids)."""
    if root is None:
        return []
    if "/Kids" in root:
        raise MergeError("a name or number tree with /Kids")
    return list(_pairs(root.get(key, [])))


def _document_element(structure):
    """The /Document element under a tag tree's root (WeasyPrint writes one)."""
    import pikepdf

    return structure.K[0] if isinstance(structure.K, pikepdf.Array) else structure.K


def _destinations(pdf) -> list[tuple[object, object]]:
    """(name, destination) of the PDF's named destinations."""
    return _flat_tree(pdf.Root.get("/Names", {}).get("/Dests"), "/Names")


def _rehang(element, share_document, document):
    """`element` (copied from a share), hung from the book's /Document element where it
    hung from the share's; the book's /Document for the share's own."""
    import pikepdf

    if element.objgen == share_document.objgen:
        return document
    ancestor = element
    while isinstance(ancestor, pikepdf.Dictionary) and "/P" in ancestor:
        if ancestor.P.objgen == share_document.objgen:
            ancestor.P = document
            break
        ancestor = ancestor.P
    return element


def merge(files: list[Path], first_pages: list[int], owned_names: list[set[str]],
          bookmark_levels: list[list[int]], out: Path) -> int:
    """Join the shares' PDFs into `out`; return its page count.

    `first_pages[i]` is the page number share i starts on (1 for the first), `owned_names[i]`
    the destination names share i really has, `bookmark_levels[i]` the levels of its
    bookmarks in document order (CSS `bookmark-level`).
    """
    import pikepdf

    if (not files or first_pages[0] != 1
            or not (len(files) == len(first_pages) == len(owned_names) == len(bookmark_levels))):
        raise MergeError("shares, first pages, names and bookmarks do not match")
    sources = []
    try:
        book = pikepdf.open(files[0])
        sources.append(book)
        structure = book.Root.get("/StructTreeRoot")
        if structure is None or "/ParentTree" not in structure:
            raise MergeError("the first share is not tagged")
        document = _document_element(structure)
        parent_tree = structure.ParentTree
        numbers = _flat_tree(parent_tree, "/Nums")
        next_key = max((int(key) for key, _ in numbers), default=-1) + 1
        destinations = {str(name): value for name, value in _destinations(book) if str(name) in owned_names[0]}
        bookmarks = _bookmarks(book, bookmark_levels[0])

        for file, first_page, names, levels in zip(files[1:], first_pages[1:], owned_names[1:], bookmark_levels[1:]):
            share = pikepdf.open(file)
            sources.append(share)
            if first_page <= len(book.pages):
                raise MergeError(f"a share cannot start on page {first_page}")
            while len(book.pages) < first_page - 1:
                book.add_blank_page(page_size=A4_PORTRAIT)

            share_structure = share.Root.get("/StructTreeRoot")
            if share_structure is None:
                raise MergeError("a share is not tagged")
            share_document = _document_element(share_structure)
            share_numbers = _flat_tree(share_structure.ParentTree, "/Nums")
            # Move the share's keys past the ones in use, before anything is copied.
            offset = next_key
            for page in share.pages:
                if "/StructParents" in page.obj:
                    page.obj.StructParents = int(page.obj.StructParents) + offset
                for annotation in page.obj.get("/Annots", []):
                    if "/StructParent" in annotation:
                        annotation.StructParent = int(annotation.StructParent) + offset
            del share_document["/P"]               # not the share's own tree root

            with warnings.catch_warnings():
                # «does not preserve named destinations»: they are joined below.
                warnings.simplefilter("ignore", pikepdf.PageCopyWarning)
                book.pages.extend(share.pages)
            copied_document = book.copy_foreign(share_document)
            for element in copied_document.K:
                if isinstance(element, pikepdf.Dictionary) and "/P" in element:
                    element.P = document
                document.K.append(element)

            for key, value in share_numbers:
                value = _copy(book, value)
                if isinstance(value, pikepdf.Array):
                    value = pikepdf.Array([_rehang(element, copied_document, document) for element in value])
                else:
                    value = _rehang(value, copied_document, document)
                numbers.append((int(key) + offset, value))
                next_key = max(next_key, int(key) + offset + 1)

            for name, value in _destinations(share):
                if str(name) in names and str(name) not in destinations:
                    destinations[str(name)] = _copy(book, value)

            bookmarks += [(level, title, _copy(book, destination), closed)
                          for level, title, destination, closed in _bookmarks(share, levels)]

        parent_tree.Nums = pikepdf.Array([item for key, value in sorted(numbers, key=lambda kv: int(kv[0]))
                                          for item in (key, value)])
        if destinations:
            if "/Names" not in book.Root:
                book.Root.Names = pikepdf.Dictionary()
            book.Root.Names.Dests = book.make_indirect(pikepdf.Dictionary(Names=pikepdf.Array(
                [item for name in sorted(destinations)
                 for item in (pikepdf.String(name), destinations[name])])))
        _write_outline(book, bookmarks)
        # Object streams, as WeasyPrint writes them: the tag tree is thousands of small objects.
        book.save(out, object_stream_mode=pikepdf.ObjectStreamMode.generate)
        return len(book.pages)
    except (KeyError, AttributeError, TypeError, ValueError, pikepdf.PdfError) as exc:
        raise MergeError(f"{type(exc).__name__}: {exc}") from exc
    finally:
        for source in reversed(sources):
            source.close()


def _bookmarks(pdf, levels: list[int]) -> list[tuple[int, object, object, bool]]:
    """The PDF's bookmarks in document order: (level, title, destination, closed)."""
    items = []

    def walk(item) -> None:
        while item is not None:
            items.append((item.Title, item.Dest, int(item.get("/Count", 0)) < 0))
            if "/First" in item:
                walk(item.First)
            item = item.get("/Next")

    outlines = pdf.Root.get("/Outlines")
    if outlines is not None and "/First" in outlines:
        walk(outlines.First)
    if len(items) != len(levels):
        raise MergeError(f"{len(items)} bookmarks, {len(levels)} levels")
    return [(level, *item) for level, item in zip(levels, items)]


def _write_outline(book, bookmarks: list[tuple[int, object, object, bool]]) -> None:
    """The bookmarks as the book's outline: each under the nearest one before it with a
    lower level (as WeasyPrint nests them), open unless WeasyPrint closed it."""
    import pikepdf

    if not bookmarks:
        if "/Outlines" in book.Root:
            del book.Root["/Outlines"]
        return
    root = book.make_indirect(pikepdf.Dictionary(Type=pikepdf.Name.Outlines))
    children: dict[int, list] = {-1: []}
    stack: list[tuple[int, int]] = []                # (level, index) of the open ancestors
    items = []
    for index, (level, title, destination, closed) in enumerate(bookmarks):
        while stack and stack[-1][0] >= level:
            stack.pop()
        parent = stack[-1][1] if stack else -1
        items.append((book.make_indirect(pikepdf.Dictionary(Title=title, Dest=destination)), parent, closed))
        children[parent].append(index)
        children[index] = []
        stack.append((level, index))

    def link(parent_object, indexes: list[int]) -> int:
        """Chain the items under their parent; return how many are visible below it."""
        visible = len(indexes)
        for position, index in enumerate(indexes):
            item, _, closed = items[index]
            item.Parent = parent_object
            if position:
                item.Prev = items[indexes[position - 1]][0]
            if position + 1 < len(indexes):
                item.Next = items[indexes[position + 1]][0]
            if children[index]:
                item.First = items[children[index][0]][0]
                item.Last = items[children[index][-1]][0]
                below = link(item, children[index])
                item.Count = -below if closed else below
                if not closed:
                    visible += below
            else:
                item.Count = 0
        return visible

    root.Count = link(root, children[-1])
    root.First = items[children[-1][0]][0]
    root.Last = items[children[-1][-1]][0]
    book.Root.Outlines = root
