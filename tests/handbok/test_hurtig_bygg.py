"""The build's short cuts (issue #21) publish exactly what the long way does:

- a guide's generated page gets no Markdown instance (its Markdown is empty; hooks/veivisere.py);
- the navigation of a page outside it is rendered once per folder, and `url` once per address and
  folder (hooks/navigasjon.py);
- Material's search strips its `data-search-` attributes only where there are some (hooks/norsk_sok.py);
- the policy's script hashes are rendered once per value they read (hooks/sikkerhet.py).

One process builds the handbook with them and without them; the sites are byte-identical, and the
short cuts were taken (counted), so the comparison is not of two long ways.
"""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from pathlib import Path

import jinja2
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from support import ROOT

_BUILD = """
import json, logging, sys
logging.disable(logging.WARNING)
import markdown
from mkdocs.commands.build import build
from mkdocs.config import load_config

made = {"markdown": 0}
init = markdown.Markdown.__init__
def counted(self, *args, **kwargs):
    made["markdown"] += 1
    init(self, *args, **kwargs)
markdown.Markdown.__init__ = counted

config = load_config("mkdocs.yml", site_dir=sys.argv[1], strict=True)
hooks = config.hooks
build(config)
found = {"markdown": made["markdown"], "pages": sum(1 for _ in __import__("pathlib").Path(sys.argv[1]).rglob("*.html")),
         "shared": __import__("collections").Counter(key[0] for key in hooks["hooks/navigasjon.py"]._rendered),
         "urls": len(hooks["hooks/navigasjon.py"]._urls),
         "hashes": len(hooks["hooks/sikkerhet.py"]._hashes_by_context),
         "lighter": any(getattr(e, "__qualname__", "").startswith("lighter_page_context")
                        for e in config.plugins.events["page_context"])}

# The long way: no short cut at all.
made["markdown"] = 0
hooks["hooks/norsk_sok.py"]._MATERIAL_PAGE_CONTEXT = "another Material"
hooks["hooks/sikkerhet.py"]._reads = lambda env, name: None
config = load_config("mkdocs.yml", site_dir=sys.argv[2], strict=True,
                     hooks=[h for h in hooks if h != "hooks/navigasjon.py"])
config.plugins.events["pre_page"] = [e for e in config.plugins.events["pre_page"]
                                     if getattr(e, "__module__", "") != "hooks/veivisere.py"]
build(config)
found["markdown_long_way"] = made["markdown"]
print(json.dumps(found))
"""


def _differences(a: Path, b: Path) -> list[str]:
    files_a = sorted(p.relative_to(a) for p in a.rglob("*") if p.is_file())
    files_b = sorted(p.relative_to(b) for p in b.rglob("*") if p.is_file())
    if files_a != files_b:
        return [f"file lists differ: {set(files_a) ^ set(files_b)}"]
    return [str(f) for f in files_a if (a / f).read_bytes() != (b / f).read_bytes()]


def test_the_short_cuts_publish_what_the_long_way_does(tmp_path):
    short, long = tmp_path / "snarvei", tmp_path / "lang-vei"
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "HANDBOK_PUBLISERING": ""}
    result = subprocess.run([sys.executable, "-c", _BUILD, str(short), str(long)], cwd=ROOT, env=env,
                            capture_output=True, text=True, timeout=600)
    assert result.returncode == 0, result.stdout + result.stderr
    found = json.loads(result.stdout.strip().splitlines()[-1])

    assert _differences(short, long) == []
    # The short cuts were taken: the navigation, search box, colour switch and footer text once per
    # folder (13 folders, ~190 pages outside the navigation), Markdown only for the handbook's own
    # pages, Material's stripping replaced, and the trusted scripts' hashes shared between pages.
    folders = {p.parent for p in short.rglob("*.html")}
    assert set(found["shared"]) == {"partials/nav.html", "partials/search.html", "partials/palette.html",
                                    "partials/copyright.html"}, found
    assert all(0 < count <= len(folders) < found["pages"] / 10 for count in found["shared"].values()), found
    generated = found["markdown_long_way"] - found["markdown"]
    assert generated > 150, found  # the guides' and practice cases' pages
    assert found["lighter"], found
    assert 0 < found["urls"] < 25 * found["pages"], found  # `url` worked out once per address and folder
    assert 0 < found["hashes"] < found["pages"], found


# -----------------------------------------------------------------------------
# What the navigation's key rests on
# -----------------------------------------------------------------------------

def _navigasjon():
    sys.path.insert(0, str(ROOT / "hooks"))
    try:
        import navigasjon
    finally:
        sys.path.remove(str(ROOT / "hooks"))
    return navigasjon


def _env(override: Path | None = None) -> jinja2.Environment:
    from mkdocs.theme import Theme

    theme = Theme(name="material", custom_dir=str(override)) if override else Theme(name="material")
    return theme.get_env()


def test_materials_navigation_reads_what_the_key_holds():
    navigasjon = _navigasjon()
    navigasjon._reads_by_name.clear()
    reads = navigasjon._reads(_env(), "partials/nav.html")
    assert {"config", "nav", "features", "lang", "page"} <= reads
    env = _env()
    navigasjon.on_env(env, config=None, files=None)
    assert hasattr(env.get_template("partials/nav.html").root_render_func, "uncached")


@pytest.mark.parametrize("override", [
    "partials/nav.html",       # an override of the navigation itself
    "partials/nav-item.html",  # … or of a template it imports
])
def test_an_overridden_navigation_is_rendered_on_every_page(tmp_path, override):
    # An override may read anything of the page (here its title): no sharing then.
    env = _env(tmp_path)
    source = Path(env.loader.get_source(env, override)[1]).read_text(encoding="utf-8")
    (tmp_path / override).parent.mkdir(parents=True, exist_ok=True)
    (tmp_path / override).write_text(source.replace("</ul>", "{{ page | attr('title') }}</ul>", 1), encoding="utf-8")
    navigasjon = _navigasjon()
    env = _env(tmp_path)
    navigasjon.on_env(env, config=None, files=None)
    assert not hasattr(env.get_template("partials/nav.html").root_render_func, "uncached")


def test_a_page_attribute_or_a_computed_include_is_refused_by_the_reading(tmp_path, monkeypatch):
    navigasjon = _navigasjon()
    for name, text in {"a.html": "{{ page.title }}", "b.html": "{% include 'x' ~ name %}",
                       "c.html": "{{ page.toc }}{{ nav }}{% include '.icons/' ~ icon ~ '.svg' %}"}.items():
        (tmp_path / name).write_text(text, encoding="utf-8")
    env = jinja2.Environment(loader=jinja2.FileSystemLoader(str(tmp_path)))
    monkeypatch.setattr(navigasjon, "_MATERIAL", tmp_path.resolve())  # these count as Material's here
    for name in ("a.html", "b.html"):
        navigasjon._reads_by_name.clear()
        with pytest.raises(LookupError):
            navigasjon._reads(env, name)
    navigasjon._reads_by_name.clear()
    assert navigasjon._reads(env, "c.html") == {"page", "nav", "icon"}


def test_pages_outside_the_navigation_in_folders_of_one_depth_link_from_their_own_folder(tmp_path):
    # a/ and b/ are as deep: only the folder tells their links apart (a/x.md links to a/index.md as
    # «index.html», b/y.md as «../a/index.html»).
    docs = tmp_path / "docs"
    for page in ("index.md", "a/index.md", "a/x.md", "b/index.md", "b/y.md"):
        (docs / page).parent.mkdir(parents=True, exist_ok=True)
        (docs / page).write_text(f"# {page}\n", encoding="utf-8")
    sites = {}
    for name, hooks in (("med", [str(ROOT / "hooks/navigasjon.py")]), ("uten", [])):
        config = tmp_path / f"{name}.yml"
        config.write_text(json.dumps({
            "site_name": "Prøve", "docs_dir": "docs", "use_directory_urls": False, "theme": {"name": "material"},
            "nav": ["index.md", "a/index.md", "b/index.md"], "not_in_nav": "/a/x.md\n/b/y.md", "hooks": hooks,
            "plugins": []}), encoding="utf-8")
        sites[name] = tmp_path / f"site-{name}"
        result = subprocess.run([str(Path(sys.executable).with_name("mkdocs")), "build", "--strict", "-q", "-f",
                                 str(config), "-d", str(sites[name])], cwd=tmp_path, capture_output=True, text=True,
                                env={**os.environ, "NO_MKDOCS_2_WARNING": "1"}, timeout=120)
        assert result.returncode == 0, result.stdout + result.stderr
    assert 'href="index.html"' in (sites["med"] / "a/x.html").read_text(encoding="utf-8")
    assert 'href="../a/index.html"' in (sites["med"] / "b/y.html").read_text(encoding="utf-8")
    assert _differences(sites["med"], sites["uten"]) == []


def test_a_template_of_ours_is_shared_only_when_it_reads_nothing_of_the_page(tmp_path):
    navigasjon = _navigasjon()
    sources = {"side.html": "{{ page.title }}", "filter.html": "{{ 'x' | les_alt }}", "lenke.html": "{{ 'a.html' | url }}",
               "inne.html": "{% include 'side.html' %}", "uten.html": "{% import 'side.html' as s %}{{ config.x }}"}
    for name, text in sources.items():
        (tmp_path / name).write_text(text, encoding="utf-8")
    env = _env()
    env.loader = jinja2.FileSystemLoader(str(tmp_path))
    env.filters["les_alt"] = jinja2.pass_context(lambda context, value: value)
    for name in ("side.html", "filter.html", "inne.html"):  # the page, the whole context, an include that reads it
        navigasjon._reads_by_name.clear()
        with pytest.raises(LookupError):
            navigasjon._reads(env, name)
    navigasjon._reads_by_name.clear()
    assert navigasjon._reads(env, "lenke.html") == set()  # `url`: keyed on the page's folder
    navigasjon._reads_by_name.clear()
    assert navigasjon._reads(env, "uten.html") == {"config"}  # imported without context: reads nothing


PIECES = ["data-search-", "exclude", "boost", '="x"', '="', '"', " ", "\n", "\t", "\u00a0", "\u2003", "a", "é", "<p ", ">", "=", "_"]


@settings(max_examples=3000, deadline=None)
@given(st.lists(st.sampled_from(PIECES), max_size=16).map("".join))
def test_the_attributes_are_stripped_as_materials_pattern_does(text):
    sys.path.insert(0, str(ROOT / "hooks"))
    try:
        import norsk_sok
    finally:
        sys.path.remove(str(ROOT / "hooks"))
    materials = re.compile(r"\s?data-search-\w+=\"[^\"]+\"")
    assert norsk_sok.strip_data_search(text) == materials.sub("", text)
