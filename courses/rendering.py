"""Turn lesson blocks into safe HTML: Markdown + math + Pygments, sanitised with nh3.

Order matters:
1. Math (``$…$``, ``$$…$$``) is swapped for inert tokens first (courses/math_markup.py), so
   Markdown never sees TeX. Code spans and fences are left alone, so ``$`` in code stays literal.
2. Markdown → HTML, headings get page-unique ids (the table of contents links to them).
3. nh3 removes anything a teacher's text must not carry (``<script>``, ``on*=`` handlers,
   ``javascript:`` links).
4. The tokens become ``<span class="math-inline">`` / ``<div class="math-display">`` holding
   the escaped TeX; ``static/js/lesson.js`` typesets them with the vendored KaTeX.

No teacher text may take the page down: a block that still fails to render is shown as
escaped text (with a note for staff) and the error is logged.
"""

from __future__ import annotations

import html
import json
import logging
import re
import threading
from dataclasses import dataclass, field
from functools import lru_cache

import markdown
import nh3
from django.core.cache import cache
from django.templatetags.static import static
from django.urls import reverse
from django.utils.safestring import SafeString, mark_safe
from markdown.extensions.toc import slugify_unicode
from pygments import highlight
from pygments.formatters import HtmlFormatter
from pygments.lexers import get_lexer_by_name
from pygments.util import ClassNotFound

from core.translation import active_language
from courses.math_markup import MathTokens
from courses.models import content_hash
from courses.studio_blocks import studio_tools
from demos.registry import PresetError, get_demo

logger = logging.getLogger(__name__)

RENDER_CACHE_SECONDS = 3600

_H1 = re.compile(r"<(/?)h1(?=[\s>])")
# A long code line scrolls sideways inside its <pre>; keyboard users can only scroll a box that
# takes focus, so every code box is focusable.
_PRE = re.compile(r"<pre>")
_FOCUSABLE_PRE = '<pre tabindex="0">'

_ALLOWED_TAGS = set(nh3.ALLOWED_TAGS) - {"h1"}
_ALLOWED_ATTRIBUTES = {tag: set(attrs) for tag, attrs in nh3.ALLOWED_ATTRIBUTES.items()}
for _tag in ("h2", "h3", "h4", "h5", "h6"):
    _ALLOWED_ATTRIBUTES.setdefault(_tag, set()).add("id")
for _tag in ("span", "div", "code", "pre"):
    _ALLOWED_ATTRIBUTES.setdefault(_tag, set()).add("class")
for _tag in ("th", "td"):
    _ALLOWED_ATTRIBUTES.setdefault(_tag, set()).add("style")  # Markdown's column alignment
_ALLOWED_ATTRIBUTES["pre"].add("tabindex")
_ALLOWED_ATTRIBUTES["a"] |= {"title"}
_ALLOWED_ATTRIBUTES["img"] |= {"title"}
# A caption or a summary is one line of text: inline elements only.
_INLINE_TAGS = {"a", "abbr", "b", "br", "code", "em", "i", "kbd", "span", "strong", "sub", "sup"}

_CODE_FORMATTER = HtmlFormatter(cssclass="highlight")


def sanitize(fragment: str, tags: set[str] = _ALLOWED_TAGS) -> str:
    """Keep what Markdown produces; drop scripts, event handlers and unsafe URLs."""
    return nh3.clean(
        fragment,
        tags=tags,
        attributes={tag: attrs for tag, attrs in _ALLOWED_ATTRIBUTES.items() if tag in tags},
        filter_style_properties={"text-align"},
    )


@dataclass
class TocEntry:
    level: int
    anchor: str
    html: SafeString


@dataclass
class RenderedBlock:
    kind: str  # the block's kind, or "failed" when it is shown as plain text instead
    html: SafeString
    block: object = None
    extra: dict = field(default_factory=dict)


class LessonRenderer:
    """Renders the blocks of one page; heading ids stay unique across all of its blocks."""

    def __init__(self) -> None:
        self.used_ids: set[str] = set()
        self.toc: list[TocEntry] = []
        self._tokens: MathTokens | None = None
        self._markdown = markdown.Markdown(
            extensions=["fenced_code", "tables", "sane_lists", "toc", "codehilite"],
            extension_configs={
                "toc": {"slugify": self._slugify, "toc_depth": "1-3"},
                "codehilite": {"css_class": "highlight", "guess_lang": False},
            },
        )

    def _slugify(self, value: str, separator: str) -> str:
        words = self._tokens.strip(value) if self._tokens else value
        base = slugify_unicode(words, separator).strip(separator) or "section"
        anchor, suffix = base, 2
        while anchor in self.used_ids:
            anchor, suffix = f"{base}-{suffix}", suffix + 1
        self.used_ids.add(anchor)
        return anchor

    def markdown(self, text: str, *, collect_toc: bool = True) -> SafeString:
        tokens = self._tokens = MathTokens(text)
        self._markdown.reset()
        body = self._markdown.convert(tokens.protect(text))
        body = sanitize(_PRE.sub(_FOCUSABLE_PRE, _H1.sub(r"<\1h2", body)))
        if collect_toc:
            for token in _flatten(self._markdown.toc_tokens):
                label = tokens.restore_text(html.escape(html.unescape(token["name"])))
                self.toc.append(TocEntry(max(token["level"], 2), token["id"], mark_safe(label)))
        return mark_safe(tokens.restore(body))

    def render(self, block) -> RenderedBlock:
        """One block's HTML; a block that cannot be rendered is shown as its escaped text."""
        try:
            return self._render(block)
        except Exception:
            logger.exception(
                "Lesson block %s (%s, lesson %s) could not be rendered; shown as plain text",
                block.pk,
                block.kind,
                getattr(block, "lesson_id", None),
            )
            text = html.escape(fallback_text(block))
            return RenderedBlock(kind="failed", html=mark_safe(text), block=block)

    def _render(self, block) -> RenderedBlock:
        kind = block.kind
        extra: dict = {}
        if kind == "markdown":
            content = self.markdown(block.body)
        elif kind == "callout":
            content = self.markdown(block.body, collect_toc=False)
        elif kind == "code":
            content = highlight_code(code_source(block), block.language)
        elif kind == "demo":
            content, extra = demo_markup(block)
        elif kind == "studio":
            content, extra = mark_safe(""), studio_frame(block)
        else:  # figures are plain template markup
            content = mark_safe("")
        return RenderedBlock(kind=kind, html=content, block=block, extra=extra)


def fallback_text(block) -> str:
    """What a block says, as written, for when it cannot be rendered."""
    if block.kind in ("markdown", "callout"):
        return block.body
    if block.kind == "code":
        return code_source(block)
    return block.caption or ""


def code_source(block) -> str:
    """English pages show the English source (comments in English) when the teacher wrote one."""
    if active_language() == "en" and block.source_en.strip():
        return block.source_en
    return block.source


def render_lesson_blocks(blocks: list) -> tuple[list[RenderedBlock], list[TocEntry]]:
    """Render a page's blocks, reusing the HTML while neither the blocks nor the language change.

    The key is a hash of every block's content, so any edit (admin, loader, even a raw
    queryset update) gives a new key; no invalidation step can be forgotten. The prefix
    changes with the shape of what is stored (now (kind, html, extra) per block).
    """
    key = "lesson-html-v2:" + content_hash(
        {"language": active_language(), "blocks": [block.content_snapshot() for block in blocks]}
    )
    cached = cache.get(key)
    if cached is None:
        renderer = LessonRenderer()
        rendered = [renderer.render(block) for block in blocks]
        cached = ([(item.kind, item.html, item.extra) for item in rendered], renderer.toc)
        cache.set(key, cached, RENDER_CACHE_SECONDS)
    parts, toc = cached
    items = [
        RenderedBlock(kind=kind, html=html_part, block=block, extra=extra)
        for block, (kind, html_part, extra) in zip(blocks, parts, strict=True)
    ]
    return items, toc


def _flatten(tokens: list[dict]) -> list[dict]:
    flat: list[dict] = []
    for token in tokens:
        flat.append(token)
        flat.extend(_flatten(token.get("children", [])))
    return flat


@lru_cache(maxsize=64)
def _lexer(language: str):
    try:
        return get_lexer_by_name(language)
    except ClassNotFound:
        return get_lexer_by_name("text")


def highlight_code(source: str, language: str) -> SafeString:
    # Pygments escapes the source itself; its output holds only its own spans.
    html_code = highlight(source, _lexer(language or "text"), _CODE_FORMATTER)
    return mark_safe(_PRE.sub(_FOCUSABLE_PRE, html_code, count=1))


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
        "spec_json": demo.spec_json(),  # the bounds the module's inputs use (registry.py)
    }


def studio_frame(block) -> dict:
    """What the studio block's template needs: the tool's embed in the page's language, the
    tool's own page with the same preset, and the tool's name for the frame's title."""
    lang = active_language()
    preset = block.tool_preset
    embed_query = "&".join(part for part in (preset, "lang=en" if lang == "en" else "") if part)
    embed = reverse("embeds:demo", kwargs={"slug": block.tool})
    page = reverse("studio:tool", kwargs={"tool": block.tool})
    return {
        "title": studio_tools().title(block.tool, lang),
        "embed_url": f"{embed}?{embed_query}" if embed_query else embed,
        "page_url": f"{page}?{preset}" if preset else page,
    }


_inline_converters = threading.local()  # a Markdown instance is not safe to share by threads


def _inline_converter() -> markdown.Markdown:
    converter = getattr(_inline_converters, "markdown", None)
    if converter is None:
        converter = markdown.Markdown()
        # Only paragraphs: "1. …" or "# …" in a caption is text, not a list or a heading;
        # HTML is shown as written, as in the admin field.
        for name in ("indent", "code", "hashheader", "setextheader", "hr", "olist", "ulist"):
            converter.parser.blockprocessors.deregister(name)
        for name in ("quote", "reference"):
            converter.parser.blockprocessors.deregister(name)
        converter.preprocessors.deregister("html_block")
        converter.inlinePatterns.deregister("html")
        _inline_converters.markdown = converter
    return converter


@lru_cache(maxsize=1024)
def render_inline(text: str) -> SafeString:
    """A caption or a summary: inline Markdown (`code`, **bold**, links) and $…$ math, sanitised.

    Never raises: text that cannot be rendered is shown escaped, as written.
    """
    if not text:
        return mark_safe("")
    try:
        tokens = MathTokens(text)
        converter = _inline_converter()
        converter.reset()
        body = converter.convert(tokens.protect(text))
        body = re.sub(r"</p>\s*<p>", "<br>", body)
        body = re.sub(r"^\s*<p>|</p>\s*$", "", body)
        return mark_safe(tokens.restore(sanitize(body, _INLINE_TAGS)))
    except Exception:
        logger.exception("Inline text could not be rendered; shown as plain text: %r", text[:200])
        return mark_safe(html.escape(text))
