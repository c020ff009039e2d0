"""The 404 page, styled under any sub-path and from disk.

A server shows 404.html at the address that was not found, at any depth under the handbook, and
without `site_url` MkDocs links the page from the server root (`/assets/…`), which is wrong under a
sub-path. Here its links are relative to the handbook's root instead, and a small inline script
(partials/javascripts/feilside.html, allowed by hash) sets `<base>` to that root before anything is
fetched: the address's folder up to the last of the handbook's own top folders in it (`veivisere`).
In a folder the handbook never had (`/sub/path/finnes-ikke/heller-ikke/side/`), the script asks the
server, from the address's folder upwards, for the handbook's own 404.html: the first folder that has
it is the root (a missing one answers 404). Opened from disk, the page is in the root itself.
"""

from __future__ import annotations

from mkdocs.utils import normalize_url

ERROR_PAGE = "404.html"


def top_folders(files) -> list[str]:
    """The folders at the site's root that hold pages (`veivisere`, `ov-deg`)."""
    return sorted({file.dest_uri.split("/")[0] for file in files if "/" in file.dest_uri})


def on_template_context(context, *, template_name, config):
    if template_name != ERROR_PAGE:
        return context
    base = "."  # the handbook's root, which the page's <base> points at
    context["base_url"] = base
    context["extra_css"] = [normalize_url(path, None, base) for path in config.extra_css]
    context["extra_javascript"] = [normalize_url(str(script), None, base) for script in config.extra_javascript]
    context["feilside_kataloger"] = top_folders(context["pages"])
    return context
