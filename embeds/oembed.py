"""oEmbed (https://oembed.com/): GET /oembed?url=<page>&format=json → iframe code for the page.

Accepted URLs, on this site only: an embed (``/embed/<slug>/…``, ``/embed/p/<code>/``), a demo
page (``/<lang>/demos/<slug>/?<state>``), a studio tool (``/<lang>/studio/<tool>/``) and a lesson
(its first demo). The answer is always the embed's iframe, so every consumer (an LMS, a blog,
the "Embed" button) gets the same code. Errors are JSON: 400 (no or bad url, bad maxwidth),
404 (not on this site, nothing to embed), 501 (a format other than json). An error's message is
in the language of the page asked about (its /ja/ or /en/ prefix, or an embed's ?lang=), else in
the request's language.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from urllib.parse import urlsplit

from django.conf import settings
from django.http import HttpRequest, JsonResponse, QueryDict
from django.http.request import split_domain_port, validate_host
from django.urls import Resolver404, resolve, reverse
from django.utils import translation
from django.utils.html import format_html
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from core.api_language import language_of_address
from courses.models import Block, Course, Lesson
from demos.query import state_query, with_query
from embeds.i18n import keep_not_found
from embeds.models import find_preset
from embeds.targets import (
    OPTION_KEYS,
    EmbedError,
    EmbedOptions,
    demo_state,
    find_target,
    read_options,
    tool_values,
)

# Frame sizes by shape (?aspect=, not part of the oEmbed spec): a 16:9 slide by default, or 4:3.
FRAME_SIZES = {"16:9": (960, 540), "4:3": (800, 600)}
_LANG_PREFIX = re.compile(r"^/(ja|en)/")


class NotEmbeddable(Exception):
    def __init__(self, message: str, status: int = 404):
        super().__init__(message)
        self.message = message
        self.status = status


@dataclass(frozen=True)
class Embed:
    path: str  # the embed's path and query, e.g. /embed/sigmoid-grid/?cmap=magma
    title: str


def iframe_html(src: str, width: int, height: int, title: str) -> str:
    """The iframe code every embed is shared as (oEmbed, the Embed button, the admin)."""
    return format_html(
        '<iframe src="{}" width="{}" height="{}" title="{}" style="border:0;max-width:100%" '
        'loading="lazy" allow="clipboard-write; fullscreen" allowfullscreen></iframe>',
        src,
        width,
        height,
        title,
    )


def fit_size(maxwidth: int | None, maxheight: int | None, aspect: str = "16:9") -> tuple[int, int]:
    """The frame size for ``aspect``, scaled down (never up) to fit maxwidth × maxheight."""
    width, height = FRAME_SIZES[aspect]
    scale = min(
        1.0,
        (maxwidth / width) if maxwidth else 1.0,
        (maxheight / height) if maxheight else 1.0,
    )
    return max(1, round(width * scale)), max(1, round(height * scale))


# A maxwidth/maxheight longer than this is larger than any frame: it constrains nothing.
_MAX_SIZE_DIGITS = 6


def _positive_int(request: HttpRequest, name: str) -> int | None:
    """A pixel count from ASCII digits, or None (absent, or too large to constrain anything).

    str.isdigit() alone also accepts "²", "١٢" or "９", and int() refuses numbers of more than
    4,300 digits: both would be a server error instead of a 400.
    """
    raw = request.GET.get(name)
    if raw is None or raw == "":
        return None
    digits = raw.lstrip("0") if raw.isascii() and raw.isdigit() else ""
    if not digits:
        raise NotEmbeddable(
            _("“%(name)s” must be a positive whole number of pixels, not “%(value)s”.")
            % {"name": name, "value": raw if len(raw) <= 40 else raw[:40] + "…"},
            400,
        )
    return None if len(digits) > _MAX_SIZE_DIGITS else int(digits)


def _on_this_site(request: HttpRequest, netloc: str) -> bool:
    if netloc == request.get_host():
        return True
    host, _port = split_domain_port(netloc)
    # A "*" in ALLOWED_HOSTS would accept every host; only named hosts count as this site.
    named = [h for h in settings.ALLOWED_HOSTS if h != "*"]
    return bool(host) and validate_host(host, named)


def _lesson_embed(lang: str, course_slug: str, lesson_slug: str, user) -> Embed:
    """A lesson's first demo, as its page shows it (a saved preset, or the block's values)."""
    lesson = (
        Lesson.objects.visible_to(user)
        .filter(course__in=Course.objects.visible_to(user))
        .filter(course__slug=course_slug, slug=lesson_slug)
        .first()
    )
    if lesson is None:
        raise NotEmbeddable(_("There is no such lesson (or it is not published yet)."))
    block = (
        lesson.blocks.filter(kind=Block.Kind.DEMO)
        .select_related("demo_preset")
        .order_by("order", "pk")
        .first()
    )
    if block is None:
        raise NotEmbeddable(_("This lesson has no interactive demo to embed."))
    slug, _preset = block.demo_source()
    target = find_target(slug)
    if target is None or target.demo is None:
        raise NotEmbeddable(_("The lesson's demo “%(slug)s” no longer exists.") % {"slug": slug})
    options = EmbedOptions(lang=lang).query_items()
    if block.demo_preset_id:
        path = with_query(block.demo_preset.get_embed_url(), options)
    else:
        items = state_query(block.demo_state(), target.demo.defaults()) + options
        path = with_query(reverse("embeds:demo", args=[slug]), items)
    with translation.override(lang):
        lesson_title = lesson.title
    return Embed(path, f"{lesson_title} — {target.title(lang)}")


def _target_embed(slug: str, query: QueryDict, lang: str | None = None) -> Embed:
    """A demo or studio tool with the state in ``query`` (``lang`` from a page's prefix)."""
    target = find_target(slug)
    if target is None:
        raise NotEmbeddable(
            _("There is no demo or studio tool called “%(slug)s”.") % {"slug": slug}
        )
    if lang:
        query = query.copy()
        query["lang"] = lang
    try:
        options = read_options(target, query)
        if target.demo:
            items = state_query(demo_state(target.demo, query), target.demo.defaults())
        else:
            tool_values(target.tool, query)  # checked: a bad value is a 400, not a broken embed
            items = [(k, v) for k, v in query.items() if k not in OPTION_KEYS]
    except EmbedError as error:
        raise NotEmbeddable(str(error), 400) from None
    path = with_query(reverse("embeds:demo", args=[slug]), items + options.query_items())
    return Embed(path, target.title(options.lang))


def _preset_embed(code: str, query: QueryDict) -> Embed:
    preset = find_preset(code)
    target = find_target(preset.demo) if preset else None
    if preset is None or target is None or target.demo is None:
        raise NotEmbeddable(
            _("There is no saved preset with the code “%(code)s”.") % {"code": code}
        )
    try:
        options = read_options(target, query)
        base = preset.state()
        state = demo_state(target.demo, query, base)
    except EmbedError as error:
        raise NotEmbeddable(str(error), 400) from None
    except ValueError as error:  # the preset itself no longer fits its demo
        raise NotEmbeddable(
            _(
                "The preset “%(name)s” no longer fits its demo (%(problem)s). "
                "A teacher can fix it in the admin."
            )
            % {"name": code, "problem": error}
        ) from None
    items = state_query(state, base) + options.query_items()
    return Embed(with_query(preset.get_embed_url(), items), target.title(options.lang))


def resolve_embed(request: HttpRequest, url: str) -> Embed:
    """The embed behind a URL of this site, or NotEmbeddable saying why not."""
    if len(url) > 4000:
        raise NotEmbeddable(_("“url” is too long (at most 4000 characters)."), 400)
    try:
        parts = urlsplit(url)
    except ValueError:
        raise NotEmbeddable(
            _("“url” is not a web address: “%(url)s”.") % {"url": url}, 400
        ) from None
    if parts.scheme not in ("http", "https") or not parts.netloc:
        raise NotEmbeddable(
            _("“url” must be the full address (http or https) of a Kanade page."), 400
        )
    if not _on_this_site(request, parts.netloc):
        raise NotEmbeddable(
            _("%(host)s is not this site; only Kanade pages can be embedded.")
            % {"host": parts.netloc}
        )
    query = QueryDict(parts.query)
    prefix = _LANG_PREFIX.match(parts.path)
    lang = prefix.group(1) if prefix else "ja"
    try:
        with translation.override(lang):  # i18n_patterns match the active language's prefix
            match = resolve(parts.path)
    except Resolver404:
        raise NotEmbeddable(
            _("There is nothing to embed at %(path)s.") % {"path": parts.path}
        ) from None
    name, kwargs = match.view_name, match.kwargs
    if name == "embeds:demo":
        return _target_embed(kwargs["slug"], query)
    if name == "embeds:preset":
        return _preset_embed(kwargs["code"], query)
    if name == "demos:page":
        return _target_embed(kwargs["slug"], query, lang=lang)
    if name == "studio:tool":
        return _target_embed(kwargs["tool"], query, lang=lang)
    if name == "courses:lesson_detail":
        return _lesson_embed(lang, kwargs["course_slug"], kwargs["lesson_slug"], request.user)
    raise NotEmbeddable(
        _("%(path)s has nothing to embed (try a lesson or a demo page).") % {"path": parts.path}
    )


def _language_of(url: str) -> str | None:
    """The language a page address names (the API's rule for a Referer), ja for an embed
    that names none, as the embed itself."""
    language = language_of_address(url)
    if language:
        return language
    try:
        path = urlsplit(url).path
    except ValueError:
        return None
    return "ja" if path.startswith("/embed/") else None


@keep_not_found
@require_GET
def oembed(request: HttpRequest) -> JsonResponse:
    url = request.GET.get("url", "").strip()
    with translation.override(_language_of(url) or translation.get_language()):
        return _answer(request, url)


def _answer(request: HttpRequest, url: str) -> JsonResponse:
    response_format = request.GET.get("format", "json")
    try:
        if response_format != "json":
            raise NotEmbeddable(
                _("Only format=json is offered, not “%(format)s”.") % {"format": response_format},
                501,
            )
        if not url:
            raise NotEmbeddable(
                _("Give the page to embed as ?url=<address of a Kanade page>."), 400
            )
        aspect = request.GET.get("aspect", "16:9")
        if aspect not in FRAME_SIZES:
            raise NotEmbeddable(
                _("“aspect” must be 16:9 or 4:3, not “%(value)s”.") % {"value": aspect}, 400
            )
        width, height = fit_size(
            _positive_int(request, "maxwidth"), _positive_int(request, "maxheight"), aspect
        )
        embed = resolve_embed(request, url)
    except NotEmbeddable as error:
        return JsonResponse({"error": error.message}, status=error.status)
    src = request.build_absolute_uri(embed.path)
    return JsonResponse(
        {
            "version": "1.0",
            "type": "rich",
            "html": iframe_html(src, width, height, embed.title),
            "width": width,
            "height": height,
            "title": embed.title,
            "provider_name": "Kanade",
            "provider_url": request.build_absolute_uri("/"),
        },
        json_dumps_params={"ensure_ascii": False},
    )
