"""Editor Markdown must never produce executable markup or load anything."""

from __future__ import annotations

from html.parser import HTMLParser

import pytest

from veiviser import is_safe_href, render_markdown

NASTY = [
    "<script>alert(1)</script>",
    "Hei <img src=x onerror=alert(1)>",
    "<img src=x onerror=alert(1)>",
    "[x](javascript:alert(1))",
    "[x]( JaVaScRiPt:alert(1))",
    "[x](<java script:alert(1)>)",
    "[x](\tjavascript:alert(1))",
    "[x](jav&#x61;script:alert(1))",
    "[x](&#x6A;&#x61;vascript&#58;alert(1))",
    "[x](java\\script:alert(1))",
    "[x](vbscript:msgbox(1))",
    "[x](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==)",
    "[x][r]\n\n[r]: javascript:alert(1)",
    '<a href="javascript:alert(1)">x</a>',
    "<a href=https://x.no onclick=alert(1)>x</a>",
    "tekst\n{: onclick=alert(1) }",
    "## Overskrift {: onclick=alert(1) }",
    "<div>\n<script>alert(1)</script>\n</div>",
    "<iframe src=https://x.no></iframe>",
    "<svg onload=alert(1)>",
    "![alt](https://ekstern.no/sporing.png)",
    "[![alt](x.png)](javascript:alert(1))",
    "<style>body{display:none}</style>",
    "<!-- <script>alert(1)</script> -->",
    "<https://x.no\" onclick=\"alert(1)>",
]

ALLOWED_TAGS = {"p", "a", "em", "strong", "span", "code", "ul", "ol", "li", "br", "hr", "blockquote", "pre",
                "h1", "h2", "h3", "h4", "h5", "h6"}


class _Collect(HTMLParser):
    """Every start tag with its (decoded) attributes, as a browser would parse them."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple[str, list[tuple[str, str | None]]]] = []

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, attrs))

    def handle_startendtag(self, tag, attrs):
        self.tags.append((tag, attrs))


def _assert_safe(html: str) -> None:
    parser = _Collect()
    parser.feed(html)
    parser.close()
    for tag, attrs in parser.tags:
        assert tag in ALLOWED_TAGS, (tag, html)
        for name, value in attrs:
            assert name in {"href", "title"}, (name, html)
            if name == "href":
                assert is_safe_href(value or ""), html
                assert not (value or "").strip().lower().startswith(("javascript", "data", "vbscript")), html


@pytest.mark.parametrize("source", NASTY)
@pytest.mark.parametrize("inline", [False, True])
def test_no_executable_markup(source, inline):
    _assert_safe(render_markdown(source, inline=inline))


def test_specific_outputs():
    assert render_markdown("<script>alert(1)</script>") == "<p>&lt;script&gt;alert(1)&lt;/script&gt;</p>"
    assert render_markdown("[x](javascript:alert(1))", inline=True) == "<span>x</span>"
    assert render_markdown("[x]( JaVaScRiPt:alert(1))", inline=True) == "<span>x</span>"
    assert render_markdown("![Kart over kommunen](kart.png) her", inline=True) == "Kart over kommunen her"
    assert "onclick" in render_markdown("tekst\n{: onclick=alert(1) }")  # stays visible text
    assert "<p onclick" not in render_markdown("tekst\n{: onclick=alert(1) }")


def test_ordinary_markdown_still_works():
    assert render_markdown("**fet** og *kursiv*", inline=True) == "<strong>fet</strong> og <em>kursiv</em>"
    assert render_markdown("- a\n- b") == "<ul>\n<li>a</li>\n<li>b</li>\n</ul>"
    html = render_markdown(
        "[side](pa-vegne-av-kommunen.md#kort) [ekstern](https://www.hattfjelldal.kommune.no) "
        "[e-post](mailto:post@hattfjelldal.kommune.no) [anker](#x) <https://x.no>",
        inline=True,
    )
    assert '<a href="pa-vegne-av-kommunen.md#kort">side</a>' in html
    assert '<a href="https://www.hattfjelldal.kommune.no">ekstern</a>' in html
    assert '<a href="mailto:post@hattfjelldal.kommune.no">e-post</a>' in html
    assert '<a href="#x">anker</a>' in html
    assert '<a href="https://x.no">https://x.no</a>' in html
    assert render_markdown("A & B < C", inline=True) == "A &amp; B &lt; C"


def test_inline_keeps_multiple_blocks():
    assert render_markdown("a\n\nb", inline=True) == "<p>a</p>\n<p>b</p>"


@pytest.mark.parametrize(
    "href, safe",
    [
        ("side.md#x", True),
        ("#x", True),
        ("../a/b.md", True),
        ("//example.org/x", True),
        ("https://x.no", True),
        ("HTTP://x.no", True),
        ("mailto:a@b.no", True),
        ("side.md?a=b:c", True),
        ("javascript:alert(1)", False),
        (" javascript:alert(1)", False),
        ("java\nscript:alert(1)", False),
        ("java\x00script:alert(1)", False),
        ("JAVASCRIPT:alert(1)", False),
        ("&#106;avascript:alert(1)", False),
        ("&amp;#106;avascript:alert(1)", False),
        ("data:text/html,x", False),
        ("vbscript:x", False),
        ("file:///etc/passwd", False),
        ("tel:+4712345678", False),
    ],
)
def test_is_safe_href(href, safe):
    assert is_safe_href(href) is safe
