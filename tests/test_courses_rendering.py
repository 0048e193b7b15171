"""Rendering: Markdown is sanitised, math survives Markdown, headings feed the contents."""

import pytest

from courses.math_markup import MathTokens
from courses.rendering import LessonRenderer, render_inline, sanitize


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
    assert '<div class="math-display" tabindex="0">\\frac{1}{1+e^{-x}} &lt; 2</div>' in html
    assert "<em>" not in html


def test_dollars_in_prices_and_code_stay_literal():
    tokens = MathTokens("")
    tokens.protect("It costs $5 or $10. Shell: `echo $HOME $PATH`.")
    assert tokens.items == []
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


def test_captions_are_inline_markdown_with_math_and_escaped_html():
    html = render_inline(
        "Line $Y = b_1 X + b_0$ <b>not bold</b> costs \\$5, run `%matplotlib inline`"
    )
    assert html == (
        'Line <span class="math-inline">Y = b_1 X + b_0</span> &lt;b&gt;not bold&lt;/b&gt; '
        "costs $5, run <code>%matplotlib inline</code>"
    )


def test_captions_stay_one_line_of_inline_text():
    html = render_inline(
        "# not a heading\n\n1. not a list <script>alert(1)</script> [x](javascript:alert(1))"
    )
    assert "<h" not in html and "<ol" not in html and "<p>" not in html
    assert "<script" not in html and "javascript:" not in html
    assert "# not a heading<br>1. not a list &lt;script&gt;" in html


@pytest.mark.parametrize("lookalike", ["KNDMATH7Z", "KNDMATH0Z", "KNDM0N0Z", "KNDMATH99999999999Z"])
def test_placeholder_lookalikes_are_plain_text(lookalike):
    html = LessonRenderer().markdown(f"Say {lookalike} and $x$.\n\n## {lookalike} $y$")
    assert f'Say {lookalike} and <span class="math-inline">x</span>.' in html
    assert f'{lookalike} <span class="math-inline">y</span></h2>' in html
    assert render_inline(f"{lookalike} $z$") == f'{lookalike} <span class="math-inline">z</span>'


@pytest.mark.parametrize("written", ["KNDM0000aaaaN0Z", "&#75;NDM0000aaaaN0Z"])
def test_a_nonce_found_in_the_text_is_never_used(monkeypatch, written):
    """Even a teacher who guessed the next nonce (or spelled it with an entity) cannot collide."""
    nonces = iter(["0000aaaa", "1111bbbb"])
    monkeypatch.setattr("courses.math_markup.secrets.token_hex", lambda _n: next(nonces))
    html = LessonRenderer().markdown(f"{written} $x$")
    assert html == '<p>KNDM0000aaaaN0Z <span class="math-inline">x</span></p>'


def test_a_token_that_is_not_ours_is_left_alone():
    tokens = MathTokens("$x$")
    protected = tokens.protect("$x$")
    stray = f"{tokens.prefix}5Z"  # the right nonce, an index that was never handed out
    assert tokens.restore(f"<p>{protected} {stray}</p>") == (
        f'<p><span class="math-inline">x</span> {stray}</p>'
    )


def test_math_in_a_link_title_or_alt_text_stays_as_written():
    html = LessonRenderer().markdown(
        '[link $a_1 < b$](https://example.org "the title $x_1 > 0$") ![$\\alpha$ "q"](a.png)'
    )
    assert 'title="the title $x_1 &gt; 0$"' in html
    assert '<span class="math-inline">a_1 &lt; b</span></a>' in html
    assert 'alt="$\\alpha$ &quot;q&quot;"' in html


def test_math_in_code_stays_literal():
    html = LessonRenderer().markdown("Text\n\n    echo $x$ $$y$$\n\n<code>$z$</code>")
    assert "math-" not in html
    assert "echo $x$ $$y$$" in html and "<code>$z$</code>" in html


def test_escaped_dollars_become_plain_dollars():
    html = LessonRenderer().markdown('Price \\$5 and \\$x\\$ [a](https://e.org "\\$3")')
    assert (
        html
        == '<p>Price $5 and $x$ <a href="https://e.org" title="$3" rel="noopener noreferrer">a</a></p>'
    )
