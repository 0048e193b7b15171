"""Who may queue a generation job, and how many: limits per session and per client address.

A session alone is no limit: a script that drops the ``sessionid`` cookie gets a fresh session
with every POST. So each submission is also counted against the client's address (the address
the outermost trusted proxy saw, see ``client_address``), and the queue holds at most so many
jobs per session and per address (``queue_refusal``); ``jobqueue.next_queued_job_id`` then takes
turns between clients, so one client's backlog never runs before everyone else's first job.

Counts live in Django's cache in fixed windows (``KANADE_STUDIO_RATE_WINDOW_S``): per process
with the default local-memory cache, shared with Redis (``REDIS_URL``). The cache failing open
(Redis away) leaves the queue caps, which count in the database, as the guard.

Limits per window, per session / per address:

* accepted submissions: ``KANADE_STUDIO_RATE_LIMIT`` / ``KANADE_STUDIO_ADDRESS_RATE_LIMIT``;
* refused submissions (a bad upload, an invalid form): ``KANADE_STUDIO_REFUSED_LIMIT`` per
  address. ``count_refused_upload`` counts one (once per request, whoever calls it) and
  ``refused_retry_after`` is checked before a request's body is read, so a client that keeps
  sending files that cannot be used is turned away without parsing them.
"""

from __future__ import annotations

import hashlib
import hmac
import ipaddress
import math
import time
from dataclasses import dataclass, field

from django.conf import settings
from django.core.cache import cache
from django.http import HttpRequest

_REFUSAL_COUNTED = "_kanade_refusal_counted"
_CLIENT_KEY = "_kanade_client_key"


@dataclass
class Refusal:
    """Why a submission is turned away: a code of ``messages``, its HTTP status and parameters."""

    code: str
    status: int = 429
    params: dict = field(default_factory=dict)
    retry_after: int | None = None


# --- who is asking ----------------------------------------------------------------------------


def client_address(request: HttpRequest) -> str:
    """The client's address: REMOTE_ADDR, or behind ``KANADE_TRUSTED_PROXY_COUNT`` proxies the
    entry of ``KANADE_TRUSTED_PROXY_HEADER`` that the outermost of them appended. Entries further
    left were written by the client itself and are never believed."""
    header = settings.KANADE_TRUSTED_PROXY_HEADER
    if header:
        hops = [hop.strip() for hop in request.META.get(header, "").split(",") if hop.strip()]
        count = settings.KANADE_TRUSTED_PROXY_COUNT
        if len(hops) >= count and _parse_ip(hops[-count]) is not None:
            return str(_parse_ip(hops[-count]))
    return request.META.get("REMOTE_ADDR", "") or "unknown"


def _parse_ip(text: str):
    try:
        return ipaddress.ip_address(text.strip("[]"))
    except ValueError:
        return None


def address_group(address: str) -> str:
    """One client per IPv4 address, and per IPv6 /64 (one home or phone gets a whole /64 and
    could otherwise take a new address for every request)."""
    ip = _parse_ip(address)
    if ip is None:
        return address[:64]
    if ip.version == 4:
        return str(ip)
    if ip.ipv4_mapped is not None:
        return str(ip.ipv4_mapped)
    return str(ipaddress.ip_network(f"{ip}/64", strict=False))


def client_key(request: HttpRequest) -> str:
    """The client's address group as a keyed hash: stored on its jobs without storing the
    address itself."""
    cached = getattr(request, _CLIENT_KEY, None)
    if cached is None:
        group = address_group(client_address(request)).encode()
        cached = hmac.new(settings.SECRET_KEY.encode(), group, hashlib.sha256).hexdigest()[:32]
        setattr(request, _CLIENT_KEY, cached)
    return cached


# --- counting in fixed windows ----------------------------------------------------------------


def _bucket(kind: str, who: str, now: float) -> tuple[str, float]:
    window = settings.KANADE_STUDIO_RATE_WINDOW_S
    return f"studio-rate:{kind}:{who}:{int(now // window)}", window - (now % window)


def _wait_if_over(kind: str, who: str, limit: int) -> int | None:
    key, remaining = _bucket(kind, who, time.time())
    if (cache.get(key, 0) or 0) >= limit:
        return max(1, math.ceil(remaining))
    return None


def _add_one(kind: str, who: str) -> None:
    key, _ = _bucket(kind, who, time.time())
    timeout = settings.KANADE_STUDIO_RATE_WINDOW_S * 2
    if not cache.add(key, 1, timeout=timeout):
        try:
            cache.incr(key)
        except ValueError:  # expired between add and incr
            cache.add(key, 1, timeout=timeout)


def retry_after(session_key: str) -> int | None:
    """Seconds to wait when the session has used up its window, else None."""
    return _wait_if_over("session", session_key, settings.KANADE_STUDIO_RATE_LIMIT)


def count(session_key: str) -> None:
    _add_one("session", session_key)


# --- what the generate view asks --------------------------------------------------------------


def refused_retry_after(request: HttpRequest) -> int | None:
    """Seconds to wait when this address has sent too many refused submissions, else None.
    One cache read: checked before the request's body is read."""
    return _wait_if_over("refused", client_key(request), settings.KANADE_STUDIO_REFUSED_LIMIT)


def count_refused_upload(request: HttpRequest) -> None:
    """Count a refused submission (a file that cannot be used, an invalid form) against the
    client's address. Cheap (one cache increment) and counted once per request however many
    times it is called."""
    if getattr(request, _REFUSAL_COUNTED, False):
        return
    setattr(request, _REFUSAL_COUNTED, True)
    _add_one("refused", client_key(request))


def refused_refusal(request: HttpRequest) -> Refusal | None:
    wait = refused_retry_after(request)
    if wait is None:
        return None
    window = settings.KANADE_STUDIO_RATE_WINDOW_S
    return Refusal("too_many_refused", 429, {"window": window, "seconds": wait}, wait)


def rate_refusal(request: HttpRequest, session_key: str | None) -> Refusal | None:
    """The session's and the address's windows of accepted submissions (read only)."""
    window = settings.KANADE_STUDIO_RATE_WINDOW_S
    if session_key:
        wait = retry_after(session_key)
        if wait is not None:
            params = {"limit": settings.KANADE_STUDIO_RATE_LIMIT, "window": window, "seconds": wait}
            return Refusal("rate_limited", 429, params, wait)
    limit = settings.KANADE_STUDIO_ADDRESS_RATE_LIMIT
    wait = _wait_if_over("address", client_key(request), limit)
    if wait is not None:
        params = {"limit": limit, "window": window, "seconds": wait}
        return Refusal("address_rate_limited", 429, params, wait)
    return None


def count_submission(request: HttpRequest, session_key: str) -> None:
    count(session_key)
    _add_one("address", client_key(request))


def queue_refusal(request: HttpRequest, session_key: str | None) -> Refusal | None:
    """Jobs waiting per session, per address and in all (counted in the database)."""
    from .models import GenerationJob

    queued = GenerationJob.objects.filter(status=GenerationJob.Status.QUEUED)
    if session_key:
        mine = queued.filter(session_key=session_key).count()
        if mine >= settings.KANADE_STUDIO_MAX_QUEUED_PER_SESSION:
            return Refusal("too_many_waiting", 429, {"waiting": mine})
    from_address = queued.filter(client_key=client_key(request)).count()
    if from_address >= settings.KANADE_STUDIO_MAX_QUEUED_PER_CLIENT:
        return Refusal("network_too_many_waiting", 429, {"waiting": from_address})
    total = queued.count()
    if total >= settings.KANADE_STUDIO_MAX_QUEUED:
        return Refusal("queue_full", 503, {"queued": total})
    return None
