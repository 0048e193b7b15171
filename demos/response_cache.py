"""Shared-cache answers for demo endpoints whose answer depends only on their address.

Django's ``cache_page`` keys on the request's ``Vary`` headers too, and these answers vary on
``Cookie`` (the session middleware) and ``Accept-Language``: every student would miss. The grid's
PNG and JSON depend on nothing but the query string, so they are cached by that alone.
"""

from __future__ import annotations

import functools
import hashlib

from django.core.cache import cache
from django.http import HttpRequest, HttpResponse

SECONDS = 24 * 3600
MAX_QUERY_CHARS = 2000  # longer addresses are answered without the cache (they are refused anyway)


def cache_key(path: str, query: str) -> str:
    address = path + "?" + "&".join(sorted(query.split("&")))
    return "demos:answer:" + hashlib.sha256(address.encode()).hexdigest()


def cached_by_address(view):
    """Cache a GET view's 200 answers (body and content type) per path and sorted query."""

    @functools.wraps(view)
    def wrapper(request: HttpRequest, *args, **kwargs) -> HttpResponse:
        query = request.META.get("QUERY_STRING", "")
        if request.method != "GET" or len(query) > MAX_QUERY_CHARS:
            return view(request, *args, **kwargs)
        key = cache_key(request.path, query)
        stored = cache.get(key)
        if stored is not None:
            body, content_type = stored
            return HttpResponse(body, content_type=content_type)
        response = view(request, *args, **kwargs)
        if response.status_code == 200 and not response.streaming:
            cache.set(key, (response.content, response["Content-Type"]), SECONDS)
        return response

    return wrapper
