"""A guide's first page carries only its first step; the other steps go in a file of their own.

The one-question-at-a-time guide (overrides/assets/javascripts/veiviser.js) clones each step from a
<template>. On a guide's first page those templates were two thirds of the HTML (80 of 150 KB for
«Skal jeg svare på dette innlegget?»), and every byte of HTML comes before the first paint. Here the
templates of all steps but the first are moved from the finished page into `steg-<hash>.js` beside
it, which veiviser.js loads after the page has loaded (or at once when the address asks for a later
step). The guide's data for those steps (their text, answers and sources, 15 KB) goes with them;
the page keeps the first step's. So do the diagram and the table «Alle svar» under the closed
disclosure (36 KB), which veiviser.js puts back; without JavaScript the disclosure links to the
guide's page «oversikt» with the same. A script file, not JSON: a page opened from disk (file://) may load a script but not fetch.

The page is the sanitiser's output (hooks/sikkerhet.py), so the file holds the same checked markup.
The hash in the name keeps a cached old file from meeting a new page; the service worker precaches
it like any other file of the site.
"""

from __future__ import annotations

import hashlib
import json
import re
from pathlib import Path

#: The guide's steps as the page has them: `<template data-steg="id" …>markup</template>`.
_TEMPLATE = re.compile(r'<template data-steg="([^"]+)"[^>]*>(.*?)</template>\s*', re.S)
_ROOT = re.compile(r'<div class="veiviser" data-veiviser(?:="")?(?=[\s>])')
#: The overview under its disclosure (veiviser.html): diagram and table, 36 KB, none of it drawn at first.
_OVERVIEW = re.compile(r'(<div class="veiviser-oversikt__innhold" data-oversikt(?:="")?>)(.*?)(</div>\s*</details>)', re.S)
_DATA = re.compile(r'<script type="application/json" data-veiviser-data[^>]*>(.*?)</script>', re.S)


def split_steps(output: str) -> tuple[str, str | None, str | None]:
    """The page without the templates and the data of its later steps, the file name and the script
    that holds them (under the guide's id, as veiviser.js reads it from the guide's data:
    `{"steg": {id: markup}, "data": {id: step}, "oversikt": markup}`)."""
    data = _DATA.search(output)
    if data is None or _ROOT.search(output) is None:
        return output, None, None
    guide = json.loads(data.group(1))
    first, guide_id = guide["start"], guide["id"]
    later: dict[str, str] = {}

    def take(match: re.Match) -> str:
        if match.group(1) == first:
            return match.group(0)
        later[match.group(1)] = match.group(2)
        return ""

    page = _TEMPLATE.sub(take, output)
    if not later:
        return output, None, None
    # The page's data keeps the first step; the others' come with their markup.
    steps = guide["steps"]
    guide["steps"] = {first: steps[first]}
    page = _DATA.sub(lambda m: m.group(0)[:m.start(1) - m.start(0)] + _script_json(guide) + "</script>", page, count=1)
    rest = {key: value for key, value in steps.items() if key != first}
    moved: dict = {"steg": later, "data": rest}

    def take_overview(match: re.Match) -> str:
        moved["oversikt"] = match.group(2).strip()
        return match.group(1) + match.group(3)

    page = _OVERVIEW.sub(take_overview, page, count=1)
    body = json.dumps(moved, ensure_ascii=False, separators=(",", ":"))
    script = (f"/* The steps of the guide «{guide_id}» after the first (hooks/veiviser_steg.py). */\n"
              f"(window.veiviserSteg = window.veiviserSteg || {{}})[{json.dumps(guide_id)}] = {body}\n")
    name = f"steg-{hashlib.sha256(script.encode('utf-8')).hexdigest()[:10]}.js"
    page = _ROOT.sub(lambda m: f'{m.group(0)} data-steg-fil="{name}"', page, count=1)
    return page, name, script


def _script_json(value) -> str:
    """JSON for inside a <script> block, escaped like Jinja's `tojson` (no «<», «>», «&» or «'»)."""
    text = json.dumps(value, ensure_ascii=False, separators=(",", ":"))
    return text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026").replace("'", "\\u0027")


# On the finished page (no other hook reads the templates after it is rendered).
def on_post_page(output: str, *, page, config) -> str:
    if page.meta.get("guide_page") != "guide":
        return output
    output, name, script = split_steps(output)
    if name is not None and script is not None:
        folder = Path(config.site_dir, page.file.dest_uri).parent
        folder.mkdir(parents=True, exist_ok=True)
        (folder / name).write_text(script, encoding="utf-8")
    return output
