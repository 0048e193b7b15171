"""One line and a short excerpt per block, for the lesson page's list of blocks.

A lesson can hold hundreds of blocks, so the list shows plain text (no Markdown rendering)
that a teacher can scan: the first heading or sentence, the code's first lines, the figure's
alt text, the demo's name and its values.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass

from django.utils.text import Truncator
from django.utils.translation import gettext as _

from core.translation import active_language
from demos.registry import PresetError, get_demo

SUMMARY_CHARS = 90
EXCERPT_CHARS = 220
CODE_EXCERPT_LINES = 4

_MARKUP = re.compile(r"[*_`>#|]+|!?\[([^\]]*)\]\([^)]*\)")
_SPACES = re.compile(r"\s+")


@dataclass
class BlockSummary:
    line: str  # the one-line summary (never empty)
    excerpt: str = ""  # a few more words of text, or the first lines of code
    is_code: bool = False  # the excerpt keeps its line breaks (shown in a <pre>)
    thumbnail_url: str = ""


def plain(text: str) -> str:
    """Markdown reduced to readable words on one line: no #, *, `, link syntax."""
    text = _MARKUP.sub(lambda match: match.group(1) or " ", text)
    return _SPACES.sub(" ", text).strip()


def _text_summary(body: str) -> BlockSummary:
    lines = [line.strip() for line in body.splitlines() if line.strip()]
    if not lines:
        return BlockSummary(line=_("(empty)"))
    first, rest = plain(lines[0]), plain(" ".join(lines[1:]))
    return BlockSummary(
        line=Truncator(first).chars(SUMMARY_CHARS) or _("(empty)"),
        excerpt=Truncator(rest).chars(EXCERPT_CHARS),
    )


def _demo_summary(block) -> BlockSummary:
    slug, values = block.demo_source()
    try:
        title = get_demo(slug).title(active_language())
    except PresetError:
        title = slug or _("(no demo chosen)")
    if block.demo_preset_id:
        excerpt = _("Saved preset: %(name)s") % {"name": block.demo_preset.name}
    elif values:
        excerpt = json.dumps(values, ensure_ascii=False)
    else:
        excerpt = _("Default values")
    return BlockSummary(line=title, excerpt=Truncator(excerpt).chars(EXCERPT_CHARS))


def summarize(block) -> BlockSummary:
    if block.kind in ("markdown", "callout"):
        summary = _text_summary(block.body)
        if block.kind == "callout" and block.style:
            summary.line = f"{block.get_style_display()}: {summary.line}"
        return summary
    if block.kind == "code":
        lines = [line for line in block.source.splitlines() if line.strip()]
        caption = plain(block.caption) or block.language or _("code")
        return BlockSummary(
            line=Truncator(caption).chars(SUMMARY_CHARS),
            excerpt="\n".join(lines[:CODE_EXCERPT_LINES]),
            is_code=True,
        )
    if block.kind == "figure":
        return BlockSummary(
            line=Truncator(block.alt or plain(block.caption) or _("(no alt text)")).chars(
                SUMMARY_CHARS
            ),
            excerpt=Truncator(plain(block.caption)).chars(EXCERPT_CHARS),
            thumbnail_url=block.image.url if block.image else "",
        )
    if block.kind == "demo":
        return _demo_summary(block)
    if block.kind == "studio":
        line = block.get_tool_display() or _("(no tool chosen)")
        return BlockSummary(line=line, excerpt=block.tool_preset or _("Default values"))
    return BlockSummary(line=block.get_kind_display())
