"""The embed pages: /embed/<slug>/ (a demo or a studio tool) and /embed/p/<code>/ (a preset).

No site chrome, framable (``framing.embeddable``), state and options from the query string
(``targets.py``). A demo embed mounts the demo exactly as a lesson does (``static/js/demos.js``);
a studio tool embed renders the studio's own tool page without the site header and footer.
Problems with the URL are shown inside the frame (HTTP 400/404), where the teacher sees them.
"""

from __future__ import annotations

import json
import re
from functools import wraps

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.templatetags.static import static
from django.urls import reverse
from django.utils import translation
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from demos.query import state_query, with_query
from embeds.framing import embeddable
from embeds.models import find_preset
from embeds.targets import (
    OPTION_KEYS,
    EmbedError,
    EmbedOptions,
    Target,
    demo_state,
    find_target,
    frame_language,
    read_options,
    tool_values,
)
from studio import worker
from studio.views import tool_page_context

_CSS_NAME = re.compile(r"[A-Za-z0-9_-]+")


def _error(request: HttpRequest, message: str, status: int) -> HttpResponse:
    """The problem, in the frame's language, where the teacher sees it: inside the frame."""
    context = {"message": message, "lang": translation.get_language()}
    return render(request, "embed/error.html", context, status=status)


def in_frame_language(view):
    """Runs the view in the frame's language (?lang=), so every message it words is in it."""

    @wraps(view)
    def wrapper(request: HttpRequest, *args, **kwargs) -> HttpResponse:
        with translation.override(frame_language(request.GET)):
            return view(request, *args, **kwargs)

    return wrapper


def _hide_css(attribute: str, shown: tuple[str, ...], scope: str) -> str:
    """CSS hiding every ``[attribute]`` element whose value is not in ``shown``."""
    if not all(_CSS_NAME.fullmatch(name) for name in shown):  # names come from the registry
        raise ValueError(f"unexpected control name in {shown!r}")
    keep = "".join(f':not([{attribute}="{name}"])' for name in shown)
    return f"{scope} [{attribute}]{keep} {{ display: none !important; }}"


def demo_controls_css(options: EmbedOptions) -> SafeString:
    """Only the chosen controls stay visible (the modules mark them with data-control)."""
    if options.controls is None:
        return mark_safe("")
    rules = [_hide_css("data-control", options.controls, ".embed")]
    # A group (fieldset) left with no visible control disappears with its legend.
    visible = ", ".join(f'[data-control="{name}"]' for name in options.controls)
    empty_group = ".embed fieldset:has(> [data-control])"
    rules.append(
        f"{empty_group}{f':not(:has({visible}))' if visible else ''} {{ display: none !important; }}"
    )
    return mark_safe("\n".join(rules))


def tool_controls_css(target: Target, options: EmbedOptions) -> SafeString:
    if options.controls is None:
        return mark_safe("")
    fields = tuple(n for n in options.controls if target.tool.field(n))
    slots = tuple(n for n in options.controls if n not in fields)
    rules = [
        _hide_css("data-field", fields, ".studio-settings"),
        _hide_css("data-slot", slots, ".studio-form"),
    ]
    if not fields:
        rules.append(".studio-settings { display: none !important; }")
    return mark_safe("\n".join(rules))


def _demo_page(
    request: HttpRequest, target: Target, options: EmbedOptions, state: dict
) -> HttpResponse:
    demo = target.demo
    with translation.override(options.lang):
        page_url = with_query(
            reverse("demos:page", args=[demo.slug]), state_query(state, demo.defaults())
        )
        context = {
            "lang": options.lang,
            "large": options.large,
            "title": target.title(options.lang),
            "slug": demo.slug,
            "module_url": static(demo.module),
            "state_json": json.dumps(state, ensure_ascii=False, separators=(",", ":")),
            "spec_json": demo.spec_json(),
            "page_url": page_url,
            "controls_css": demo_controls_css(options),
        }
        return render(request, "embed/demo.html", context)


def _tool_page(request: HttpRequest, target: Target, options: EmbedOptions) -> HttpResponse:
    """The studio's tool page (studio/templates/studio/tool.html) with the query's settings filled in."""
    spec = target.tool
    values = tool_values(spec, request.GET)
    worker.ensure_embedded_worker()
    if not request.session.session_key:
        request.session.save()  # the CSRF-protected POST and the rate limit need a session
    lang = options.lang
    with translation.override(lang):
        context = {
            **tool_page_context(spec, lang, values),
            "large": options.large,
            "controls_css": tool_controls_css(target, options),
            "page_url": with_query(
                reverse("studio:tool", args=[spec.slug]),
                [(k, v) for k, v in request.GET.items() if k not in OPTION_KEYS],
            ),
        }
        return render(request, "embed/studio_tool.html", context)


@embeddable
@require_GET
@in_frame_language
def embed(request: HttpRequest, slug: str) -> HttpResponse:
    target = find_target(slug)
    if target is None:
        message = _("There is no demo or studio tool called “%(slug)s”.") % {"slug": slug}
        return _error(request, message, 404)
    try:
        options = read_options(target, request.GET)
        if target.tool:
            return _tool_page(request, target, options)
        state = demo_state(target.demo, request.GET)
    except EmbedError as error:
        return _error(request, str(error), 400)
    return _demo_page(request, target, options, state)


@embeddable
@require_GET
@in_frame_language
def embed_preset(request: HttpRequest, code: str) -> HttpResponse:
    preset = find_preset(code)
    target = find_target(preset.demo) if preset else None
    if preset is None or target is None or target.demo is None:
        message = _("There is no saved preset with the code “%(code)s”.") % {"code": code}
        return _error(request, message, 404)
    try:
        base = preset.state()
    except ValueError as error:
        message = _(
            "The preset “%(name)s” no longer fits its demo (%(problem)s). "
            "A teacher can fix it in the admin."
        ) % {"name": preset.name, "problem": error}
        return _error(request, message, 409)
    try:
        options = read_options(target, request.GET)
        state = demo_state(target.demo, request.GET, base)
    except EmbedError as error:
        return _error(request, str(error), 400)
    return _demo_page(request, target, options, state)
