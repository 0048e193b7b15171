"""Property tests: no teacher text can break lesson rendering.

Hypothesis writes random Markdown mixed with $…$ / $$…$$ math, code spans and fences, link
titles, raw (often hostile) HTML and strings that look like the math placeholders. Whatever it
writes, rendering must not raise, must give well-formed HTML with nothing executable in it, and
math must come out as math where it is math and as written where it is not (code, attributes).
"""

from __future__ import annotations

import html
import logging
from contextlib import contextmanager
from html.parser import HTMLParser

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from courses.rendering import LessonRenderer, render_inline

VOID = {"area", "br", "col", "embed", "hr", "img", "input", "source", "track", "wbr"}
EXECUTABLE = {"script", "iframe", "svg", "math", "object", "embed", "style", "form", "input"}

WORDS = st.sampled_from(
    ["音楽", "the", "x", "sigmoid", "2.5", "10×10", "a_b", "*", "_", "**", "<", ">", "&", '"']
    + ["'", "[", "]", "(", ")", "|", "#", "-", "1.", ">", "\\", "\\$", "$", "$5", "`", "~~~"]
    + ["KNDMATH7Z", "KNDMATH0Z", "KNDM", "N0Z", "&#75;NDMATH0Z", "&amp;", "&lt;b&gt;"]
)
TEX = (
    st.lists(
        st.sampled_from(list("xyab01+-=^_{}\\<>&\"'*|[]() ") + ["\\frac", "\\sigma", "音"]),
        min_size=1,
        max_size=12,
    )
    .map("".join)
    .map(lambda tex: tex.strip(" \\") or "x")
)
HOSTILE = st.sampled_from(
    [
        "<script>alert(1)</script>",
        '<img src="x.png" onerror="alert(1)">',
        '<a href="javascript:alert(1)">j</a>',
        "<div onclick=alert(1)>d</div>",
        "<svg onload=alert(1)><circle/></svg>",
        "<iframe src=//e.org></iframe>",
        '<p style="background:url(javascript:x)">s</p>',
        "<style>*{color:red}</style>",
        "<!-- comment $x$ -->",
        "<b>bold $x$</b>",
        "<code>$y$</code>",
        '<span title="$t$">t</span>',
        "</div></p></li>",
        "<table><tr><td>$c$",
    ]
)


def math(tex: str) -> st.SearchStrategy[str]:
    return st.sampled_from([f"${tex}$", f"$${tex}$$", f"$$\n{tex}\n$$"])


FRAGMENT = st.one_of(
    WORDS,
    TEX.flatmap(math),
    TEX.map(lambda tex: f"`code ${tex}$`"),
    TEX.map(lambda tex: f"```\n${tex}$\n```"),
    st.tuples(WORDS, TEX).map(lambda p: f'[{p[0]}](https://example.org/a "{p[0]} ${p[1]}$")'),
    st.tuples(TEX, TEX).map(lambda p: f"[${p[0]}$](https://e.org/ '${p[1]}$')"),
    TEX.map(lambda tex: f"![alt ${tex}$](figure.png)"),
    TEX.map(lambda tex: f"| a | ${tex}$ |\n|---|---|\n| 1 | 2 |"),
    HOSTILE,
    st.sampled_from(["## ", "### ", "# ", "- ", "1. ", "> ", "    ", "**", "*", "_"]),
)
SEPARATOR = st.sampled_from([" ", "", "\n", "\n\n"])
MARKDOWN = st.lists(st.tuples(FRAGMENT, SEPARATOR), max_size=14).map(
    lambda parts: "".join(fragment + separator for fragment, separator in parts)
)


class Checker(HTMLParser):
    """Collects what a browser would see: element nesting, attributes, text inside math."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.stack: list[tuple[str, str]] = []
        self.problems: list[str] = []
        self.attributes: list[tuple[str, str, str]] = []
        self.math: list[str] = []

    def handle_starttag(self, tag, attrs):
        for name, value in attrs:
            self.attributes.append((tag, name, value or ""))
        if tag in EXECUTABLE:
            self.problems.append(f"<{tag}> survived")
        if tag not in VOID:
            css = dict(attrs).get("class") or ""
            self.stack.append((tag, css))
            if tag in ("span", "div") and css.startswith("math-"):
                self.math.append("")

    def handle_startendtag(self, tag, attrs):
        self.handle_starttag(tag, attrs)
        if tag not in VOID:
            self.handle_endtag(tag)

    def handle_endtag(self, tag):
        if tag in VOID:
            return
        if not self.stack or self.stack[-1][0] != tag:
            self.problems.append(f"</{tag}> closes {self.stack[-1:] or 'nothing'}")
            return
        self.stack.pop()

    def handle_data(self, data):
        if any(css.startswith("math-") for _tag, css in self.stack):
            self.math[-1] += data

    def check(self, fragment: str) -> Checker:
        self.feed(fragment)
        self.close()
        if self.stack:
            self.problems.append(f"left open: {self.stack}")
        for tag, name, value in self.attributes:
            if name.startswith("on"):
                self.problems.append(f"event handler {name} on <{tag}>")
            if value.strip().lower().startswith(("javascript:", "data:", "vbscript:")):
                self.problems.append(f"unsafe URL in {tag}.{name}")
            if name == "style" and (tag not in ("th", "td") or "text-align" not in value):
                self.problems.append(f"style on <{tag}>: {value}")
        return self


@contextmanager
def no_fallback():
    """Fail if rendering only succeeded by falling back to plain text (it logs when it does)."""
    records: list[logging.LogRecord] = []
    handler = logging.Handler()
    handler.emit = records.append
    logger = logging.getLogger("courses.rendering")
    logger.addHandler(handler)
    try:
        yield
    finally:
        logger.removeHandler(handler)
    assert not records, [record.getMessage() for record in records]


PROPERTY = settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@PROPERTY
@given(MARKDOWN)
def test_any_markdown_renders_to_well_formed_safe_html(text):
    renderer = LessonRenderer()
    with no_fallback():
        body = renderer.markdown(text)
    checked = Checker().check(body)
    assert not checked.problems, (text, body, checked.problems)
    for entry in renderer.toc:
        assert not Checker().check(entry.html).problems, entry.html


@PROPERTY
@given(MARKDOWN)
def test_any_caption_renders_to_safe_inline_html(text):
    with no_fallback():
        caption = render_inline(text)
    checked = Checker().check(caption)
    assert not checked.problems, (text, caption, checked.problems)
    block_level = {tag for tag, _css in checked.stack} | {
        tag for tag, _name, _value in checked.attributes
    }
    assert not block_level & {"p", "h2", "ul", "ol", "table", "pre", "blockquote"}


PLAIN_WORDS = st.lists(st.sampled_from(["音楽", "the", "net", "10", "x", "y"]), max_size=3).map(
    " ".join
)
# TeX that Markdown would mangle if it saw it, but never a "$" or a backtick inside.
SAFE_TEX = (
    st.lists(
        st.sampled_from(list("xyab01+-=^_{}<>&\"'*|[]()") + ["\\frac", "\\sigma", " "]),
        min_size=1,
        max_size=12,
    )
    .map("".join)
    .filter(lambda tex: tex[0] != " " and tex[-1] not in " \\")
)


@PROPERTY
@given(st.lists(st.tuples(PLAIN_WORDS, SAFE_TEX, PLAIN_WORDS), min_size=1, max_size=5))
def test_inline_math_survives_markdown_exactly(paragraphs):
    text = "\n\n".join(f"{before} ${tex}$ {after}" for before, tex, after in paragraphs)
    body = LessonRenderer().markdown(text)
    assert Checker().check(body).math == [tex for _before, tex, _after in paragraphs], body


@PROPERTY
@given(st.lists(SAFE_TEX, min_size=1, max_size=4))
def test_display_math_becomes_blocks_outside_paragraphs(formulas):
    text = "\n\n".join(f"$$\n{tex}\n$$" for tex in formulas)
    body = LessonRenderer().markdown(text)
    assert (
        body.count('<div class="math-display" tabindex="0">') == len(formulas) and "<p>" not in body
    )
    assert Checker().check(body).math == [tex.strip() for tex in formulas]


@PROPERTY
@given(SAFE_TEX, SAFE_TEX, SAFE_TEX)
def test_math_in_titles_and_code_is_kept_as_written(title_tex, code_tex, alt_tex):
    body = LessonRenderer().markdown(
        f'[link](https://example.org "see ${title_tex}$") `x = ${code_tex}$` ![${alt_tex}$](f.png)'
    )
    checked = Checker().check(body)
    assert not checked.problems and checked.math == []
    values = {(tag, name): value for tag, name, value in checked.attributes}
    assert values[("a", "title")] == f"see ${title_tex}$"
    assert values[("img", "alt")] == f"${alt_tex}$"
    assert f"<code>x = {html.escape(f'${code_tex}$', quote=False)}</code>" in body
