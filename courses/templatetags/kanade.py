"""Template helpers shared by every page: the language switch."""

from django import template
from django.conf import settings
from django.urls import translate_url
from django.utils.translation import get_language, get_language_info

from courses.rendering import plain_text_with_math

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
def with_math(text: str) -> str:
    """{{ block.caption|with_math }}: escaped text whose $…$ becomes KaTeX-ready math spans."""
    return plain_text_with_math(text or "")
