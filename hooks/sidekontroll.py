"""Every mistake in a handbook page stops the build with a Norwegian message (file, line, what is
wrong, how to fix it) instead of a traceback or MkDocs' English warning.

- Before MkDocs reads the pages (`on_files`): the encoding, the front matter, fields only generated
  pages may have, and missing `--8<--` snippets (found with the snippets extension itself).
- While MkDocs renders them: its link and anchor warnings are caught by a logging filter and
  reported in Norwegian, with the line, once all pages are read (links) or checked (anchors).
- Anything else that would end in a traceback is reported in Norwegian with the page's name.
The checks themselves are in `sidefeil.py`, without MkDocs.
"""

from __future__ import annotations

import html
import logging
import os
from pathlib import Path

import markdown
import sidefeil
from mkdocs.exceptions import BuildError, PluginError
from mkdocs.structure.files import Files
from mkdocs.utils.meta import get_data
from sidefeil import LinkWarning, Problem

# Loggers whose warnings are translated, and the build's own «Error reading page» lines, which
# would only repeat in English what the Norwegian message says.
LINK_LOGGERS = ("mkdocs.structure.pages", "mkdocs.structure.nav")
BUILD_LOGGER = "mkdocs.commands.build"

_warnings: list[LinkWarning] = []
_state: dict = {}


# -----------------------------------------------------------------------------
# MkDocs' warnings, caught on their way to the console
# -----------------------------------------------------------------------------

class _Catch(logging.Filter):
    """Keeps MkDocs' link and anchor warnings (to report them in Norwegian) and drops the
    English «Error reading page» lines."""

    sidekontroll = True

    def filter(self, record: logging.LogRecord) -> bool:
        message = record.getMessage()
        if record.name == BUILD_LOGGER:
            return not message.startswith(("Error reading page", "Error building page"))
        if record.levelno < logging.WARNING:
            return True
        warning = sidefeil.parse_warning(message)
        if warning is None:
            return True
        _warnings.append(warning)
        return False


def _install_filter() -> None:
    for name in (*LINK_LOGGERS, BUILD_LOGGER):
        logger = logging.getLogger(name)
        for old in [f for f in logger.filters if getattr(f, "sidekontroll", False)]:
            logger.removeFilter(old)  # from the previous build of `mkdocs serve`
        logger.addFilter(_Catch())
        # `mkdocs build -q` raises the level to ERROR: the warnings must still reach the filter.
        if name in LINK_LOGGERS and not logger.isEnabledFor(logging.WARNING):
            logger.setLevel(logging.WARNING)


# -----------------------------------------------------------------------------
# Helpers
# -----------------------------------------------------------------------------

def _name(src_uri: str) -> str:
    """How a page is named in messages: its path from the project folder (docs/…)."""
    return f"{_state['docs_name']}/{src_uri}"


def _source(src_uri: str) -> str:
    try:
        return (Path(_state["docs_dir"]) / src_uri).read_text(encoding="utf-8-sig")
    except (OSError, UnicodeDecodeError):
        return ""


def _snippets(config):
    """The site's snippets preprocessor, to find missing `--8<--` files before the build does."""
    md = markdown.Markdown(extensions=config.markdown_extensions, extension_configs=config.mdx_configs)
    return md.preprocessors["snippet"] if "snippet" in md.preprocessors else None


def _check_page(src_uri: str, source: str, snippets) -> list[Problem]:
    name = _name(src_uri)
    source = source.replace("\r\n", "\n")
    meta, problems = sidefeil.front_matter(name, source)
    if problems:  # MkDocs would read the same front matter (an alias bomb would never end)
        return problems
    body, mkdocs_meta = get_data(source)
    problems += sidefeil.mistaken_metadata(name, source, mkdocs_meta)
    if snippets is not None and not problems:
        try:
            snippets.run(body.split("\n"))
        except Exception as error:  # SnippetMissingError, or a snippet that cannot be read
            missing = str(error).split("'")[1] if str(error).count("'") >= 2 else str(error)
            problems.append(sidefeil.snippet_problem(name, source, sidefeil.body_offset(source), missing))
    return problems


def _snippet_folders(config) -> list[Path]:
    """The folders `--8<--` reads from, inside docs/ (the others hold no editors' files)."""
    docs = Path(os.path.normpath(config.docs_dir))
    folders = (config.mdx_configs.get("pymdownx.snippets") or {}).get("base_path") or []
    root = Path(config.config_file_path).parent
    paths = [Path(os.path.normpath(root / folder)) for folder in ([folders] if isinstance(folders, str) else folders)]
    return [path for path in paths if path.is_dir() and path.is_relative_to(docs)]


def _raise(problems: list[Problem]) -> None:
    if problems:
        raise PluginError(sidefeil.report(problems))


def _translate(warnings: list[LinkWarning], files: Files) -> list[Problem]:
    pages = [f.src_uri for f in files.documentation_pages()]
    anchors = {f.src_uri: sorted(f.page.present_anchor_ids or ()) for f in files.documentation_pages()
               if f.page is not None}
    problems = []
    for warning in warnings:
        if warning.kind == "nav":
            config = Path(_state["config_file"])
            problems.append(sidefeil.translate(warning, file=config.name, source=config.read_text(encoding="utf-8"),
                                               pages=pages, anchors=anchors))
            continue
        file = files.get_file_from_path(warning.page)
        generated = file is not None and file.generated_by is not None
        source = "" if generated else _source(warning.page)
        label = warning.page if generated else _name(warning.page)
        problems.append(sidefeil.translate(warning, file=label, source=source, pages=pages, anchors=anchors))
    return problems


# -----------------------------------------------------------------------------
# Hooks
# -----------------------------------------------------------------------------

# Catch MkDocs' warnings from here on.
def on_config(config):
    _warnings.clear()
    sidefeil.found.clear()
    root = Path(config.config_file_path).parent
    docs = Path(config.docs_dir)
    _state.update(docs_dir=str(docs), config_file=config.config_file_path,
                  docs_name=docs.relative_to(root).as_posix() if docs.is_relative_to(root) else str(docs))
    _install_filter()
    return config


def _check_folder(docs: Path, files: Files, config) -> list[Problem]:
    """What docs/ holds besides ordinary pages: links to elsewhere (nothing outside docs/ is ever
    read into the site), files of kinds or sizes docs/ may not hold, names that clash."""
    problems: list[Problem] = []
    found: list[str] = []
    for folder, dirs, names in os.walk(docs, followlinks=False):
        for entry in sorted(dirs + names):
            path = Path(folder, entry)
            src_uri = path.relative_to(docs).as_posix()
            if path.is_symlink():
                problems.append(Problem(
                    _name(src_uri), None,
                    f"{'Mappen' if entry in dirs else 'Filen'} er en snarvei (symbolsk lenke) til "
                    f"«{os.readlink(path)}». Håndboka publiserer bare filer som ligger i docs/, aldri "
                    f"innhold fra andre steder.",
                    "Slett snarveien, og legg en kopi av filen i docs/ om den skal være med."))
                continue
            if entry in dirs:
                continue
            found.append(src_uri)
            if not path.is_file() or src_uri.endswith(".md"):
                continue
            file = files.get_file_from_path(src_uri)
            published = file is not None and not file.inclusion.is_excluded()
            theme_file = any(Path(folder_, src_uri).is_file() for folder_ in config.theme.dirs)
            with open(path, "rb") as content:  # an SVG whole (it is checked for script), else how it begins
                head = content.read(sidefeil.MAX_PICTURE + 1 if src_uri.lower().endswith(".svg") else 16)
            problems += sidefeil.docs_file_problems(_name(src_uri), src_uri, size=path.stat().st_size,
                                                    published=published, head=head, theme_file=theme_file)
    for uris in sidefeil.same_names(found).values():
        problems.append(Problem(
            _name(uris[0]), None,
            "Filene " + " og ".join(f"«{_name(u)}»" for u in uris) + " har samme navn, skrevet på ulike måter "
            "(store og små bokstaver, eller æ, ø, å lagret på to måter). De får samme adresse, og bare én "
            "av dem ville vist seg.",
            "Slett eller gi nytt navn til den ene, slik at hver side har sitt eget navn."))
    return problems


# Read every handbook page as MkDocs will, and stop before it trips over one.
def on_files(files: Files, *, config) -> Files:
    docs = Path(config.docs_dir)
    texts: dict[str, str] = {}
    problems = _check_folder(docs, files, config)
    _raise(problems)
    # Pages, and every file a `--8<--` line can insert (snippets in includes/, whatever their ending).
    snippet_files = [p for folder in _snippet_folders(config) for p in folder.rglob("*") if p.suffix != ".md"]
    for path in sorted(docs.rglob("*.md")) + sorted(snippet_files):
        src_uri = path.relative_to(docs).as_posix()
        if path.is_dir():
            continue
        if not path.is_file():  # a device or a broken link: MkDocs would hang or crash reading it
            problems.append(Problem(_name(src_uri), None, "Dette er ikke en vanlig fil (en snarvei som ikke "
                                    "virker, eller en enhet).", "Slett den, eller legg en vanlig .md-fil der."))
            continue
        text, wrong = sidefeil.check_bytes(_name(src_uri), path.read_bytes())
        problems += wrong
        too_large = sidefeil.size_problems(_name(src_uri), text) if text is not None else []
        problems += too_large
        if text is not None and not too_large:  # a page too large is not read further
            texts[src_uri] = text
    snippets = _snippets(config)
    for file in files.documentation_pages():
        if file.generated_by is None and file.src_uri in texts:
            problems += _check_page(file.src_uri, texts[file.src_uri], snippets)
    _raise(problems)
    return files


# All pages are read and rendered: report the broken links and what the other hooks found.
def on_env(env, *, config, files):
    warnings = [w for w in _warnings if w.kind not in ("anchor", "anchor_here")]
    _raise(sidefeil.found + _translate(warnings, files))
    _state["files"] = files
    return env


# MkDocs has checked the anchors: report the missing ones.
def on_post_build(*, config) -> None:
    warnings = [w for w in _warnings if w.kind in ("anchor", "anchor_here")]
    _raise(_translate(warnings, _state["files"]))


# The safety net: anything else that would end in a traceback gets a Norwegian message.
def on_build_error(*, error: Exception) -> None:
    if isinstance(error, BuildError):
        return
    page = _state.get("page")
    where = f"{_name(page)}: " if page else ""
    raise PluginError(
        f"{where}Bygget stoppet med en feil som håndboka ikke kjenner igjen "
        f"({type(error).__name__}: {error}).\n"
        f"  Slik retter du det: Se etter det du endret sist{' på siden' if page else ''}, og gjør det om. "
        f"Hjelper ikke det, send denne meldingen til webansvarlig.") from None


# Remember which page is being read or rendered, for the safety net.
def _current(page) -> None:
    _state["page"] = page.file.src_uri if page is not None and page.file.generated_by is None else None


def on_page_markdown(markdown: str, *, page, config, files) -> str:
    _current(page)
    # Material prints the description into <meta content="…"> as it is: a quotation mark would end it.
    description = page.meta.get("description")
    if page.file.generated_by is None and isinstance(description, str):
        page.meta["description"] = html.escape(description, quote=True)
    return markdown


def on_page_content(html: str, *, page, config, files) -> str:
    _current(None)
    return html


def on_page_context(context, *, page, config, nav):
    _current(page)
    return context


def on_post_page(output: str, *, page, config) -> str:
    _current(None)
    return output
