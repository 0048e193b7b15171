"""The language the studio's JSON API answers in.

API paths carry no language prefix, so each request's language is chosen by one rule, first
match wins:

1. ``?lang=ja`` or ``?lang=en`` in the request's own address (what a script should send);
2. the page that sent it: the language prefix of the ``Referer`` path (``/en/studio/drumify/``)
   or that address's own ``lang`` parameter (embeds: ``/embed/drumify/?lang=en``);
3. the browser's ``Accept-Language`` header (Django's usual negotiation);
4. Japanese, the site's language.

Only the address and headers are read, never the body, so a request refused for its size (or its
CSRF token) is still answered in the right language.
"""

from __future__ import annotations

from functools import wraps
from urllib.parse import parse_qs, urlsplit

from django.utils import translation
from django.utils.cache import patch_vary_headers

from core.translation import FALLBACK_LANGUAGE, SUPPORTED


def _supported(code: str | None) -> str | None:
    return code if code in SUPPORTED else None


def language_of_address(address: str) -> str | None:
    """The language a page address names: its /ja/ or /en/ prefix, else its own ?lang=."""
    try:
        parts = urlsplit(address)
    except ValueError:
        return None
    first = parts.path.lstrip("/").split("/", 1)[0]
    return _supported(first) or _supported((parse_qs(parts.query).get("lang") or [None])[0])


def request_language(request) -> str:
    """``ja`` or ``en`` for an API request, by the rule above."""
    chosen = _supported(request.GET.get("lang")) or language_of_address(
        request.META.get("HTTP_REFERER", "")
    )
    if chosen:
        return chosen
    negotiated = translation.get_language_from_request(request, check_path=False) or ""
    return _supported(negotiated.split("-")[0]) or FALLBACK_LANGUAGE


def answers_in_request_language(view, *, worded_successes: bool = True):
    """Run an API view with the request's language active; the answer says which it used.

    ``worded_successes=False`` is for answers whose 200s carry no words (the demo APIs' grids):
    those then do not vary on the language headers, and stay cacheable by address alone.
    """

    @wraps(view)
    def wrapper(request, *args, **kwargs):
        language = request_language(request)
        with translation.override(language):
            response = view(request, *args, **kwargs)
        if worded_successes or response.status_code != 200:
            response["Content-Language"] = language
            patch_vary_headers(response, ("Accept-Language", "Referer"))
        return response

    return wrapper
