"""Template helpers shared by every page: the language switch, inline Markdown for captions,
and the lesson block that never takes its page down."""

import html
import logging

from django import template
from django.conf import settings
from django.urls import translate_url
from django.utils.safestring import mark_safe
from django.utils.translation import get_language, get_language_info

from courses.rendering import RenderedBlock, fallback_text, render_inline

register = template.Library()
logger = logging.getLogger(__name__)


@register.inclusion_tag("includes/language_switch.html", takes_context=True)
def language_switch(context):
    """Links to this same page in every other language (/ja/… ⇄ /en/…)."""
    request = context.get("request")
    current = (get_language() or settings.LANGUAGE_CODE).split("-")[0]
    path = request.get_full_path() if request else "/"
    links = []
    for code, _name in settings.LANGUAGES:
        info = get_language_info(code)
        links.append(
            {
                "code": code,
                "name": info["name_local"],
                "url": translate_url(path, code),
                "current": code == current,
            }
        )
    return {"links": links}


@register.filter
def inline_markdown(text: str) -> str:
    """{{ block.caption|inline_markdown }}: `code`, **bold**, links and $…$ math; HTML escaped."""
    return render_inline(text or "")


@register.simple_tag(takes_context=True)
def lesson_block(context, item: RenderedBlock) -> str:
    """{% lesson_block item %}: courses/templates/courses/blocks/<kind>.html for one rendered block.

    A block whose template fails (a caption, an image, an unforeseen error) is shown as its
    text with the note for staff, and logged; the rest of the page is unaffected.
    """
    engine = context.template.engine
    try:
        with context.push(item=item, block=item.block):
            return engine.get_template(f"courses/blocks/{item.kind}.html").render(context)
    except Exception:
        logger.exception("Lesson block %s (%s) could not be shown", item.block.pk, item.kind)
        text = html.escape(fallback_text(item.block))
        failed = RenderedBlock(kind="failed", html=mark_safe(text), block=item.block)
        with context.push(item=failed, block=item.block):
            return engine.get_template("courses/blocks/failed.html").render(context)
