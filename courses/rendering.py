"""Turn lesson blocks into safe HTML: Markdown + math + Pygments, sanitised with nh3.

Order matters:
1. Math (``$…$``, ``$$…$$``) is swapped for inert tokens first, so Markdown never sees TeX
   (``_`` and ``\\`` would otherwise become emphasis and escapes). Code spans and fences are
   left alone, so ``$`` inside code stays literal.
2. Markdown → HTML, headings get page-unique ids (the table of contents links to them).
3. nh3 removes anything a teacher's text must not carry (``<script>``, ``on*=`` handlers,
   ``javascript:`` links).
4. The tokens become ``<span class="math-inline">`` / ``<div class="math-display">`` holding
   the escaped TeX; ``static/js/lesson.js`` typesets them with the vendored KaTeX.
"""

from __future__ import annotations

import html
import json
import re
from dataclasses import dataclass, field
from functools import lru_cache

import markdown
import nh3
from django.core.cache import cache
from django.templatetags.static import static
from django.utils.safestring import SafeString, mark_safe
from markdown.extensions.toc import slugify_unicode
from pygments import highlight
from pygments.formatters import HtmlFormatter
from pygments.lexers import get_lexer_by_name
from pygments.util import ClassNotFound

from courses.demos.registry import PresetError, get_demo
from courses.models import content_hash
from courses.translation import active_language

RENDER_CACHE_SECONDS = 3600

_MATH_OR_CODE = re.compile(
    r"(?P<fence>^[ \t]{0,3}(?P<fch>`{3,}|~{3,})[^\n]*\n.*?^[ \t]{0,3}(?P=fch)[ \t]*$)"
    r"|(?P<code>(?P<ticks>`+)[^`].*?(?P=ticks))"
    r"|(?P<escaped>\\\$)"
    r"|\$\$(?P<display>.+?)\$\$"
    # Inline math as pandoc reads it: no space just inside the dollars, no digit right after
    # the closing one, so "costs $5 or $10" stays text; no backtick, so code spans win.
    r"|\$(?P<inline>[^\s$`](?:[^$`\n]*?[^\s$`\\])?)\$(?!\d)",
    re.MULTILINE | re.DOTALL,
)
_TOKEN = re.compile(r"KNDMATH(\d+)Z")
_H1 = re.compile(r"<(/?)h1(?=[\s>])")

_ALLOWED_TAGS = set(nh3.ALLOWED_TAGS) - {"h1"}
_ALLOWED_ATTRIBUTES = {tag: set(attrs) for tag, attrs in nh3.ALLOWED_ATTRIBUTES.items()}
for _tag in ("h2", "h3", "h4", "h5", "h6"):
    _ALLOWED_ATTRIBUTES.setdefault(_tag, set()).add("id")
for _tag in ("span", "div", "code", "pre"):
    _ALLOWED_ATTRIBUTES.setdefault(_tag, set()).add("class")
for _tag in ("th", "td"):
    _ALLOWED_ATTRIBUTES.setdefault(_tag, set()).add("style")  # Markdown's column alignment
_ALLOWED_ATTRIBUTES["a"] |= {"title"}
_ALLOWED_ATTRIBUTES["img"] |= {"title"}

_CODE_FORMATTER = HtmlFormatter(cssclass="highlight")


def sanitize(fragment: str) -> str:
    """Keep what Markdown produces; drop scripts, event handlers and unsafe URLs."""
    return nh3.clean(
        fragment,
        tags=_ALLOWED_TAGS,
        attributes=_ALLOWED_ATTRIBUTES,
        filter_style_properties={"text-align"},
    )


@dataclass
class TocEntry:
    level: int
    anchor: str
    html: SafeString


@dataclass
class RenderedBlock:
    kind: str
    html: SafeString
    block: object = None
    extra: dict = field(default_factory=dict)


class LessonRenderer:
    """Renders the blocks of one page; heading ids stay unique across all of its blocks."""

    def __init__(self) -> None:
        self.used_ids: set[str] = set()
        self.toc: list[TocEntry] = []
        self._markdown = markdown.Markdown(
            extensions=["fenced_code", "tables", "sane_lists", "toc", "codehilite"],
            extension_configs={
                "toc": {"slugify": self._slugify, "toc_depth": "1-3"},
                "codehilite": {"css_class": "highlight", "guess_lang": False},
            },
        )

    def _slugify(self, value: str, separator: str) -> str:
        base = slugify_unicode(_TOKEN.sub("", value), separator).strip(separator) or "section"
        anchor, suffix = base, 2
        while anchor in self.used_ids:
            anchor, suffix = f"{base}-{suffix}", suffix + 1
        self.used_ids.add(anchor)
        return anchor

    def markdown(self, text: str, *, collect_toc: bool = True) -> SafeString:
        protected, maths = protect_math(text)
        self._markdown.reset()
        body = self._markdown.convert(protected)
        body = sanitize(_H1.sub(r"<\1h2", body))
        if collect_toc:
            for token in _flatten(self._markdown.toc_tokens):
                label = restore_math(html.escape(html.unescape(token["name"])), maths)
                self.toc.append(TocEntry(max(token["level"], 2), token["id"], mark_safe(label)))
        return mark_safe(restore_math(body, maths))

    def render(self, block) -> RenderedBlock:
        kind = block.kind
        extra: dict = {}
        if kind == "markdown":
            content = self.markdown(block.body)
        elif kind == "callout":
            content = self.markdown(block.body, collect_toc=False)
        elif kind == "code":
            content = highlight_code(block.source, block.language)
        elif kind == "demo":
            content, extra = demo_markup(block)
        else:  # figures are plain template markup
            content = mark_safe("")
        return RenderedBlock(kind=kind, html=content, block=block, extra=extra)


def render_lesson_blocks(blocks: list) -> tuple[list[RenderedBlock], list[TocEntry]]:
    """Render a page's blocks, reusing the HTML while neither the blocks nor the language change.

    The key is a hash of every block's content, so any edit (admin, loader, even a raw
    queryset update) gives a new key; no invalidation step can be forgotten.
    """
    key = "lesson-html:" + content_hash(
        {"language": active_language(), "blocks": [block.content_snapshot() for block in blocks]}
    )
    cached = cache.get(key)
    if cached is None:
        renderer = LessonRenderer()
        rendered = [renderer.render(block) for block in blocks]
        cached = ([(item.html, item.extra) for item in rendered], renderer.toc)
        cache.set(key, cached, RENDER_CACHE_SECONDS)
    parts, toc = cached
    items = [
        RenderedBlock(kind=block.kind, html=html_part, block=block, extra=extra)
        for block, (html_part, extra) in zip(blocks, parts, strict=True)
    ]
    return items, toc


def _flatten(tokens: list[dict]) -> list[dict]:
    flat: list[dict] = []
    for token in tokens:
        flat.append(token)
        flat.extend(_flatten(token.get("children", [])))
    return flat


def protect_math(text: str) -> tuple[str, list[tuple[bool, str]]]:
    """Replace math with KNDMATH<n>Z tokens; return the text and [(display, tex), ...]."""
    maths: list[tuple[bool, str]] = []

    def swap(match: re.Match) -> str:
        if match.group("fence") or match.group("code"):
            return match.group(0)
        if match.group("escaped"):
            return "&#36;"
        display = match.group("display") is not None
        maths.append((display, match.group("display") if display else match.group("inline")))
        return f"KNDMATH{len(maths) - 1}Z"

    return _MATH_OR_CODE.sub(swap, text), maths


def restore_math(fragment: str, maths: list[tuple[bool, str]]) -> str:
    """Put the TeX back as escaped text inside elements that lesson.js typesets."""

    def block_math(match: re.Match) -> str:
        display, tex = maths[int(match.group(1))]
        return f'<div class="math-display">{html.escape(tex.strip())}</div>'

    def inline_math(match: re.Match) -> str:
        display, tex = maths[int(match.group(1))]
        css = "math-display" if display else "math-inline"
        return f'<span class="{css}">{html.escape(tex.strip())}</span>'

    if not maths:
        return fragment
    # A display formula alone in its paragraph becomes a block, so it is not nested in <p>.
    fragment = re.sub(r"<p>\s*KNDMATH(\d+)Z\s*</p>", block_math, fragment)
    return _TOKEN.sub(inline_math, fragment)


@lru_cache(maxsize=64)
def _lexer(language: str):
    try:
        return get_lexer_by_name(language)
    except ClassNotFound:
        return get_lexer_by_name("text")


def highlight_code(source: str, language: str) -> SafeString:
    # Pygments escapes the source itself; its output holds only its own spans.
    return mark_safe(highlight(source, _lexer(language or "text"), _CODE_FORMATTER))


def demo_markup(block) -> tuple[SafeString, dict]:
    """The registry's front-end contract, or a visible message when the demo cannot run."""
    try:
        slug, preset = block.demo_source()  # a saved teacher preset wins over the block's JSON
        demo = get_demo(slug)
        state = demo.clean_preset(preset)
    except PresetError as exc:
        return mark_safe(""), {"error": str(exc)}
    return mark_safe(""), {
        "slug": demo.slug,
        "title": demo.title(active_language()),
        "module_url": static(demo.module),
        "state_json": json.dumps(state, ensure_ascii=False, separators=(",", ":")),
    }


def plain_text_with_math(text: str) -> SafeString:
    """Escape plain text (a caption, a summary) but typeset its $…$ math like Markdown blocks do."""
    protected, maths = protect_math(text)
    escaped = html.escape(protected).replace("&amp;#36;", "&#36;")
    return mark_safe(restore_math(escaped, maths))
