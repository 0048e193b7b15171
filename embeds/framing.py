"""Who may frame the embed routes.

Every other route keeps Django's ``X-Frame-Options: DENY`` (settings.X_FRAME_OPTIONS) and the
site-wide Content-Security-Policy's ``frame-ancestors 'none'``. Embed views are wrapped in
``embeddable``: exempt from X-Frame-Options, and the site-wide policy (settings.CONTENT_SECURITY_POLICY)
is sent with its ``frame-ancestors`` replaced by these sources, which can list several origins
(X-Frame-Options cannot); every other directive (script-src …) stays as it is.

``EMBED_FRAME_ANCESTORS`` (env ``KANADE_EMBED_FRAME_ANCESTORS``) lists the allowed origins,
separated by spaces or commas; the site itself ('self') is always added, so the admin can preview
presets, unless the value is 'none'. Left empty, any page may frame an embed: ``*`` allows every
http(s) page and ``file:`` allows a slide deck opened from disk (Chromium refuses a file://
parent under ``*`` alone; measured with tests/test_browser_embed.py's host page).
"""

from __future__ import annotations

import re
from functools import lru_cache, wraps

from django.conf import settings
from django.core import checks
from django.core.exceptions import ImproperlyConfigured
from django.views.decorators.clickjacking import xframe_options_exempt

from embeds.i18n import keep_not_found

ANY_ANCESTOR = ("*", "file:")

_KEYWORDS = {"'self'", "'none'"}
_SCHEME = r"[a-z][a-z0-9+.-]*"
# CSP host-source: optional scheme, host (optionally "*." first), optional port, optional path.
_HOST_SOURCE = re.compile(
    rf"({_SCHEME}://)?(\*\.)?[a-z0-9]([a-z0-9-]*[a-z0-9])?(\.[a-z0-9]([a-z0-9-]*[a-z0-9])?)*"
    r"(:(\d{1,5}|\*))?(/[^\s;,'\"]*)?",
    re.IGNORECASE,
)
_SCHEME_SOURCE = re.compile(rf"{_SCHEME}:", re.IGNORECASE)


def parse_frame_ancestors(value: str | list[str] | tuple[str, ...] | None) -> tuple[str, ...]:
    """The configured sources as a tuple; raises ImproperlyConfigured naming a bad entry.

    An empty value means "any page" (ANY_ANCESTOR).
    """
    if isinstance(value, list | tuple):
        value = " ".join(value)
    tokens = tuple(token for token in re.split(r"[\s,]+", value or "") if token)
    if not tokens:
        return ANY_ANCESTOR
    for token in tokens:
        if token.lower() in _KEYWORDS or token == "*":
            continue
        if _SCHEME_SOURCE.fullmatch(token) or _HOST_SOURCE.fullmatch(token):
            continue
        raise ImproperlyConfigured(
            f"EMBED_FRAME_ANCESTORS (KANADE_EMBED_FRAME_ANCESTORS): {token!r} is not an origin; "
            "write origins such as https://slides.example.org or https://*.example.org, "
            "separated by spaces or commas"
        )
    lowered = [token.lower() for token in tokens]
    if "'none'" in lowered:
        if len(tokens) > 1:
            raise ImproperlyConfigured(
                "EMBED_FRAME_ANCESTORS (KANADE_EMBED_FRAME_ANCESTORS): 'none' cannot be combined "
                "with other origins"
            )
        return ("'none'",)
    # The site itself may always frame its embeds (the admin's preset preview does).
    return tokens if "'self'" in lowered else ("'self'", *tokens)


@lru_cache(maxsize=8)
def _sources_for(raw: str) -> tuple[str, ...]:
    return parse_frame_ancestors(raw)


def frame_ancestors_sources() -> tuple[str, ...]:
    """The frame-ancestors sources for embed responses, from the current settings."""
    value = getattr(settings, "EMBED_FRAME_ANCESTORS", "")
    raw = " ".join(value) if isinstance(value, list | tuple) else (value or "")
    return _sources_for(raw)


def frame_ancestors_header() -> str:
    """The frame-ancestors directive embed responses carry (inside their Content-Security-Policy)."""
    return "frame-ancestors " + " ".join(frame_ancestors_sources())


def embeddable(view):
    """Let ``view`` be framed by the configured ancestors (and nothing else); keep its 404s."""

    @keep_not_found
    @wraps(view)
    def wrapper(request, *args, **kwargs):
        response = view(request, *args, **kwargs)
        # Read by django-csp's middleware: the rest of the site-wide policy is kept.
        response._csp_replace = {"frame-ancestors": list(frame_ancestors_sources())}
        return response

    return xframe_options_exempt(wrapper)


def check_frame_ancestors(app_configs=None, **kwargs) -> list[checks.CheckMessage]:
    """System check: a malformed EMBED_FRAME_ANCESTORS stops `manage.py check` and start-up."""
    try:
        frame_ancestors_header()
    except ImproperlyConfigured as error:
        return [checks.Error(str(error), id="kanade.E701")]
    return []
