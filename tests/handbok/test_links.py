"""Every internal link and anchor resolves; nothing a browser would fetch points to another host."""

from __future__ import annotations

import re
from pathlib import Path
from urllib.parse import unquote, urlsplit

from bs4 import BeautifulSoup

FETCHED = {  # tag -> attributes whose URL the browser loads by itself
    "script": ["src"], "img": ["src", "srcset"], "iframe": ["src"], "source": ["src", "srcset"],
    "video": ["src", "poster"], "audio": ["src"], "embed": ["src"], "object": ["data"],
    "link": ["href"], "input": ["src"], "track": ["src"],
}
CSS_URL = re.compile(r"""url\(\s*['"]?([^'")]+)""")
IMPORT = re.compile(r"""@import\s+['"]([^'"]+)""")


def is_foreign(url: str) -> bool:
    return bool(re.match(r"^(?:[a-z][a-z0-9+.-]*:)?//", url.strip(), re.I))


def soup_of(path: Path) -> BeautifulSoup:
    return BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")


def ids_of(path: Path, cache: dict[Path, set[str]]) -> set[str]:
    if path not in cache:
        cache[path] = {el["id"] for el in soup_of(path).select("[id]")}
    return cache[path]


def test_every_internal_link_and_anchor_resolves(site, pages, handbook_pdf):  # the start page links to the PDF
    cache: dict[Path, set[str]] = {}
    broken = []
    checked = 0
    for page in pages:
        for tag in soup_of(page).select("a[href], link[href], script[src], img[src]"):
            url = tag.get("href") or tag.get("src")
            parts = urlsplit(url)
            if parts.scheme or url.startswith("//"):
                continue
            target = (page.parent / unquote(parts.path)).resolve() if parts.path else page
            if target.is_dir():
                target = target / "index.html"
            checked += 1
            if not target.exists():
                broken.append(f"{page.relative_to(site)}: {url} (no such file)")
            elif parts.fragment and target.suffix == ".html" and unquote(parts.fragment) not in ids_of(target, cache):
                broken.append(f"{page.relative_to(site)}: {url} (no such anchor)")
    assert checked > 200
    assert not broken, "\n".join(broken)


def test_no_page_or_stylesheet_loads_anything_from_another_host(site):
    foreign = []
    for path in site.rglob("*.html"):
        soup = soup_of(path)
        for tag, attributes in FETCHED.items():
            for element in soup.find_all(tag):
                for attribute in attributes:
                    for url in re.split(r",\s*", element.get(attribute, "")):
                        if url and is_foreign(url.split()[0]):
                            foreign.append(f"{path.relative_to(site)}: <{tag} {attribute}={url}>")
        for style in soup.select("style"):
            foreign += [f"{path.relative_to(site)}: {u}" for u in CSS_URL.findall(style.text) if is_foreign(u)]
    for path in site.rglob("*.css"):
        css = path.read_text(encoding="utf-8")
        foreign += [f"{path.relative_to(site)}: {u}" for u in CSS_URL.findall(css) + IMPORT.findall(css)
                    if is_foreign(u)]
    assert not foreign, "\n".join(foreign)


def test_the_foreign_url_check_can_fail(tmp_path):
    page = tmp_path / "x.html"
    page.write_text('<link rel="stylesheet" href="https://fonts.googleapis.com/css?family=Roboto">')
    soup = soup_of(page)
    assert is_foreign(soup.link["href"]) and is_foreign("//cdn.example/x.js") and not is_foreign("assets/x.js")


def test_start_page_offers_the_pdf(site, handbook_pdf):
    link = soup_of(site / "index.html").select_one("article a[href='sosiale-medier-handboka.pdf']")
    assert link is not None and "PDF" in link.get_text()
    assert (site / "sosiale-medier-handboka.pdf").stat().st_size > 100_000
