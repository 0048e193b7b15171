"""Per-session rate limit for generation requests, counted in Django's cache.

A fixed window (``KANADE_STUDIO_RATE_WINDOW_S``) allows ``KANADE_STUDIO_RATE_LIMIT`` accepted
submissions per browser session. With the default local-memory cache the count is per server
process; a shared cache (Redis) makes it global.
"""

from __future__ import annotations

import math
import time

from django.conf import settings
from django.core.cache import cache


def _key(session_key: str, now: float) -> tuple[str, float]:
    window = settings.KANADE_STUDIO_RATE_WINDOW_S
    bucket = int(now // window)
    return f"studio-rate:{session_key}:{bucket}", window - (now % window)


def retry_after(session_key: str) -> int | None:
    """Seconds to wait when the session has used up its window, else None."""
    key, remaining = _key(session_key, time.time())
    if cache.get(key, 0) >= settings.KANADE_STUDIO_RATE_LIMIT:
        return max(1, math.ceil(remaining))
    return None


def count(session_key: str) -> None:
    key, _ = _key(session_key, time.time())
    if not cache.add(key, 1, timeout=settings.KANADE_STUDIO_RATE_WINDOW_S * 2):
        try:
            cache.incr(key)
        except ValueError:  # expired between add and incr
            cache.add(key, 1, timeout=settings.KANADE_STUDIO_RATE_WINDOW_S * 2)
