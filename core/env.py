"""Typed readers for settings that come from the environment.

Every reader fails loudly (ImproperlyConfigured naming the variable) on a malformed value,
so a typo in production configuration stops the process instead of silently using a default.
"""

import os
import re

from django.core.exceptions import ImproperlyConfigured

_TRUE = {"1", "true", "yes", "on"}
_FALSE = {"0", "false", "no", "off", ""}


def envbool(name: str, default: bool) -> bool:
    raw = os.environ.get(name)
    if raw is None:
        return default
    value = raw.strip().lower()
    if value in _TRUE:
        return True
    if value in _FALSE:
        return False
    raise ImproperlyConfigured(
        f"{name} must be one of 1/0, true/false, yes/no, on/off; got {raw!r}"
    )


def envint(
    name: str, default: int, *, minimum: int | None = None, maximum: int | None = None
) -> int:
    raw = os.environ.get(name)
    if raw is None or raw.strip() == "":
        return default
    try:
        value = int(raw)
    except ValueError:
        raise ImproperlyConfigured(f"{name} must be an integer; got {raw!r}") from None
    if minimum is not None and value < minimum:
        raise ImproperlyConfigured(f"{name} must be at least {minimum}; got {value}")
    if maximum is not None and value > maximum:
        raise ImproperlyConfigured(f"{name} must be at most {maximum}; got {value}")
    return value


def envlist(name: str, default: list[str]) -> list[str]:
    raw = os.environ.get(name)
    if raw is None:
        return list(default)
    return [item.strip() for item in raw.split(",") if item.strip()]


def envstr(name: str, default: str = "") -> str:
    return os.environ.get(name, default)


_HEADER_NAME = re.compile(r"[A-Za-z][A-Za-z0-9-]{0,63}")


def envheader(name: str) -> str:
    """An HTTP request header's name (``X-Forwarded-For``) → its ``request.META`` key
    (``HTTP_X_FORWARDED_FOR``); "" when unset."""
    raw = os.environ.get(name, "").strip()
    if not raw:
        return ""
    if not _HEADER_NAME.fullmatch(raw):
        raise ImproperlyConfigured(
            f"{name} must be an HTTP header name such as X-Forwarded-For or X-Real-IP; got {raw!r}"
        )
    if raw.lower() == "forwarded":
        raise ImproperlyConfigured(
            f"{name}: the RFC 7239 Forwarded header is not supported; have the proxy set "
            "X-Forwarded-For (or X-Real-IP) and name that one"
        )
    return "HTTP_" + raw.upper().replace("-", "_")
