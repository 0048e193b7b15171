"""Template helpers shared by every page: the language switch, inline Markdown for captions."""

from django import template
from django.conf import settings
from django.urls import translate_url
from django.utils.translation import get_language, get_language_info

from courses.rendering import render_inline

register = template.Library()


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
