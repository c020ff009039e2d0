"""The sanitiser and the policy's parts, without a build: what the handbook uses is kept, every way
of running script is removed (and reported), and the policy hashes exactly the trusted scripts."""

from __future__ import annotations

import re

import pytest

import sikkerhet
from sikkerhet import inline_scripts, removed, sanitise, script_hash

KEPT = [
    '<div class="admonition merknad"><p class="admonition-title">Merknad</p><p>Tekst</p></div>',
    '<details class="note" open=""><summary>Mer</summary><p>x</p></details>',
    '<table><thead><tr><th align="center">A</th></tr></thead><tbody><tr><td>1</td></tr></tbody></table>',
    '<p><abbr tabindex="0" title="Forklaring">ord</abbr><sup id="fnref:1"><a class="footnote-ref" href="#fn:1">1</a></sup></p>',
    '<h2 id="del">Del<a class="headerlink" href="#del" title="Lenke til denne delen">¶</a></h2>',
    '<div class="highlight"><pre><span></span><code><span class="n">x</span></code></pre></div>',
    '<p class="sjekk"><input type="checkbox" id="sjekk-1" data-sjekk="regel-1"> <label for="sjekk-1">Lest</label></p>',
    '<button type="button" class="md-button" data-sjekk-nullstill="" hidden="">Fjern</button>',
    '<p><a href="mailto:post@example.no">e-post</a> <a href="tel:+4700000000">tlf</a> <a href="bilder-og-video.html#samtykke">side</a></p>',
    '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 10 10" role="img"><title>Diagram</title>'
    '<g id="node1" class="node" transform="translate(4 4)"><polygon fill="white" stroke="black" points="1,2 3,4"></polygon>'
    '<ellipse cx="1" cy="1" rx="2" ry="2" fill="none" stroke="black"></ellipse>'
    '<path fill="none" stroke="black" d="M0,0L10,10"></path>'
    '<text text-anchor="middle" x="5" y="5" font-family="sans-serif" font-size="12"><tspan x="5" dy="0">Ja</tspan></text></g></svg>',
]


@pytest.mark.parametrize("markup", KEPT)
def test_what_the_handbook_uses_is_kept(markup):
    assert removed(markup, sanitise(markup)) == []


HOSTILE = {
    "<script>alert(1)</script>": [("script",)],
    '<p onclick="alert(1)">x</p>': [("p", "onclick", "alert(1)")],
    '<a href="javascript:alert(1)">x</a>': [("a", "href", "javascript:alert(1)")],
    '<a href=" JaVa&#x53;cript:alert(1)">x</a>': [("a", "href", " JaVaScript:alert(1)")],
    '<img src="x" onerror="alert(1)">': [("img", "onerror", "alert(1)")],
    '<iframe src="https://example.com/"></iframe>': [("iframe",)],
    '<svg><a href="javascript:alert(1)"><text>x</text></a></svg>': [("a", "href", "javascript:alert(1)")],
    '<svg onload="alert(1)"></svg>': [("svg", "onload", "alert(1)")],
    '<form action="https://example.com/"><button formaction="javascript:alert(1)">x</button></form>':
        [("form", "action", "https://example.com/"), ("button", "formaction", "javascript:alert(1)")],
    '<p style="background:url(javascript:alert(1))">x</p>': [("p", "style", "background:url(javascript:alert(1))")],
    '<object data="x.swf"></object><embed src="x.swf"><style>*{}</style>': [("object",), ("embed",), ("style",)],
}


@pytest.mark.parametrize("markup,expected", HOSTILE.items())
def test_every_way_to_run_script_is_removed_and_reported(markup, expected):
    clean = sanitise(markup)
    assert sorted(removed(markup, clean)) == sorted(expected)
    assert not re.search(r"<script|\son\w+=|javascript:|<iframe|<object|<embed|<style", clean, re.I)


def test_the_guides_templates_and_data_survive_and_are_sanitised_inside():
    page = ('<div class="veiviser" data-veiviser><div hidden>'
            '<script type="application/json" data-veiviser-data>{"tekst": "\\u003cscript\\u003e"}</script>'
            '<template data-steg="a" data-search-exclude><form class="veiviser-skjema" novalidate>'
            '<input type="radio" name="svar" value="0"><p onclick="alert(1)">x</p></form></template></div></div>')
    clean = sanitise(page, generated=True)
    assert '<script type="application/json" data-veiviser-data>{"tekst": "\\u003cscript\\u003e"}</script>' in clean
    assert '<template data-steg="a" data-search-exclude=""><form class="veiviser-skjema" novalidate="">' in clean
    assert 'name="svar"' in clean and "onclick" not in clean
    assert removed(page, clean) == [("p", "onclick", "alert(1)")]


def test_a_data_block_that_is_not_json_is_refused():
    with pytest.raises(ValueError):
        sanitise('<script type="application/json">alert(1)</script>', generated=True)


def test_a_data_block_that_ends_early_is_refused():
    with pytest.raises(ValueError):
        sanitise('<script type="application/json">{"a": "</script><script>alert(1)"}</script>', generated=True)


def test_inline_scripts_are_those_a_browser_runs():
    page = ('<script>a()</script><script src="x.js"></script><script type="application/json">{}</script>'
            '<script data-boot="b.js">b()</script>')
    assert inline_scripts(page) == ["a()", "b()"]
    assert script_hash("a()") == "'sha256-" + __import__("base64").b64encode(
        __import__("hashlib").sha256(b"a()").digest()).decode() + "'"


def test_the_policy_allows_no_inline_script_or_eval():
    policy = sikkerhet.POLICY.format(hashes="'sha256-x'")
    directives = dict(d.strip().split(" ", 1) for d in policy.split(";"))
    assert directives["script-src"] == "'self' 'sha256-x'"
    assert directives["object-src"] == "'none'" and directives["style-src"] == "'self'"
    assert "unsafe" not in policy
