"""Rendering: Markdown is sanitised, math survives Markdown, headings feed the contents."""

import pytest

from courses.rendering import LessonRenderer, protect_math, sanitize


@pytest.mark.parametrize(
    "hostile",
    [
        "<script>alert('x')</script>",
        '<img src="x.png" onerror="alert(1)">',
        '<a href="javascript:alert(1)">click</a>',
        '<div onclick="alert(1)">hi</div>',
        "<iframe src='https://example.org'></iframe>",
        "<svg><script>alert(1)</script></svg>",
        '<p style="background:url(javascript:alert(1))">x</p>',
    ],
)
def test_markdown_never_carries_script(hostile):
    html = LessonRenderer().markdown(f"Text before\n\n{hostile}\n\nText after")
    lowered = html.lower()
    for forbidden in ("<script", "onerror", "onclick", "javascript:", "<iframe", "<svg", "style="):
        assert forbidden not in lowered
    assert "Text before" in html and "Text after" in html


def test_markdown_keeps_what_markdown_produces():
    html = LessonRenderer().markdown(
        "## Title\n\n**bold** *it* [link](https://example.org)\n\n"
        "| a | b |\n|:-:|--:|\n| 1 | 2 |\n\n```python\nx = 1\n```\n\n> quote\n\n- one\n- two"
    )
    for kept in (
        '<h2 id="title">',
        "<strong>",
        "<em>",
        'href="https://example.org"',
        "<table>",
        'style="text-align:center"',
        '<div class="highlight">',
        "<blockquote>",
        "<li>",
    ):
        assert kept in html


def test_math_is_protected_from_markdown():
    html = LessonRenderer().markdown(
        "Inline $a_1 * b_2 * c$ and\n\n$$\n\\frac{1}{1+e^{-x}} < 2\n$$\n"
    )
    assert '<span class="math-inline">a_1 * b_2 * c</span>' in html
    assert '<div class="math-display">\\frac{1}{1+e^{-x}} &lt; 2</div>' in html
    assert "<em>" not in html


def test_dollars_in_prices_and_code_stay_literal():
    text, maths = protect_math("It costs $5 or $10. Shell: `echo $HOME $PATH`. Escaped \\$x\\$.")
    assert maths == []
    html = LessonRenderer().markdown("It costs $5 or $10. Shell: `echo $HOME $PATH`.")
    assert "math-" not in html and "<code>echo $HOME $PATH</code>" in html


def test_math_cannot_smuggle_html():
    html = LessonRenderer().markdown("$<script>alert(1)</script>$")
    assert "<script" not in html
    assert "&lt;script&gt;" in html


def test_h1_is_demoted_so_the_page_keeps_one_h1():
    html = LessonRenderer().markdown("# Big\n\n<h1>raw</h1>")
    assert "<h1" not in html and html.count("<h2") == 2


def test_heading_ids_are_unique_across_blocks_and_build_the_toc():
    renderer = LessonRenderer()
    renderer.markdown("## 回帰 $Y$\n\n### Detail")
    renderer.markdown("## 回帰 $Y$")
    anchors = [entry.anchor for entry in renderer.toc]
    assert anchors == ["回帰", "detail", "回帰-2"]
    assert [entry.level for entry in renderer.toc] == [2, 3, 2]
    assert '<span class="math-inline">Y</span>' in renderer.toc[0].html


def test_sanitize_drops_unknown_attributes_but_keeps_links_safe():
    cleaned = sanitize('<a href="https://example.org" onmouseover="x()" target="_blank">a</a>')
    assert "onmouseover" not in cleaned and 'rel="noopener noreferrer"' in cleaned


def test_captions_are_escaped_but_keep_math():
    from courses.rendering import plain_text_with_math

    html = plain_text_with_math("Line $Y = b_1 X + b_0$ <b>not bold</b> costs \\$5")
    assert html == (
        'Line <span class="math-inline">Y = b_1 X + b_0</span> &lt;b&gt;not bold&lt;/b&gt; costs &#36;5'
    )
