"""Reading demo parameters from a query string, checked against the demo's registry spec.

Query strings carry text; this turns each value into what the registry's ``Param.clean``
expects (numbers, lists of numbers) and lets ``clean`` enforce the bounds, so the API and
the lesson presets reject the same values with the same messages.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from typing import Any
from urllib.parse import urlencode

from django.http import QueryDict
from django.utils.translation import gettext as _

from demos.registry import (
    Demo,
    Param,
    PresetError,
    not_finite,
    shown_value,
    unknown_settings,
)

# Plain decimal notation only: Python's float() would also take "1_000", "nan" and "infinity".
_DECIMAL = re.compile(r"[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?")
_INTEGER = re.compile(r"[+-]?\d+")
_NON_FINITE = re.compile(r"[+-]?(nan|inf|infinity)", re.IGNORECASE)


def _number(param: Param, text: str) -> float | int:
    text = text.strip()
    if len(text) > 40:
        raise PresetError(
            _("“%(label)s” must be a number of at most %(max)s characters.")
            % {"label": param.name, "max": 40}
        )
    if _NON_FINITE.fullmatch(text):
        raise PresetError(not_finite(param, text))
    words = {"label": param.name, "value": shown_value(text)}
    if param.kind == "int":
        if not _INTEGER.fullmatch(text):
            raise PresetError(
                _("“%(label)s” must be a whole number (you entered “%(value)s”).") % words
            )
        return int(text)
    if not _DECIMAL.fullmatch(text):
        raise PresetError(_("“%(label)s” must be a number (you entered “%(value)s”).") % words)
    return float(text)


def _parse(param: Param, text: str) -> Any:
    if param.kind == "floats":
        parts = text.split(",")
        if param.length and len(parts) != param.length:
            words = {
                "label": param.name,
                "count": param.length,
                "got": len(parts),
                "example": param.example(),
            }
            if param.length == 1:
                message = _(
                    "“%(label)s” takes a single number, such as %(example)s; it has %(got)s."
                )
            else:
                message = _(
                    "“%(label)s” takes %(count)s numbers separated by commas, such as %(example)s; "
                    "it has %(got)s."
                )
            raise PresetError(message % words)
        return [_number(param, part) for part in parts]
    if param.kind in ("float", "int"):
        return _number(param, text)
    return text


def parse_query(demo: Demo, query: QueryDict, also_allowed: Iterable[str] = ()) -> dict[str, Any]:
    """The query's values as Python values (not yet checked against the bounds).

    Raises PresetError naming the parameter. ``also_allowed`` names parameters accepted but not
    in the spec (ignored by the caller).
    """
    known = {p.name: p for p in demo.params}
    allowed = set(known) | set(also_allowed)
    unknown = sorted(set(query) - allowed)
    if unknown:
        raise PresetError(unknown_settings(demo, unknown))
    preset = {}
    for name in known:
        values = query.getlist(name)
        if not values:
            continue
        if len(values) > 1:
            raise PresetError(
                _("“%(key)s” appears twice in the address; keep one.") % {"key": name}
            )
        preset[name] = _parse(known[name], values[0])
    return preset


# --- the other way: a demo state written as the query its shareable URL carries -------------


def format_value(value: Any) -> str:
    """A parameter as the shareable URLs write it: lists comma-joined, 4.0 as 4."""
    if isinstance(value, list):
        return ",".join(format_value(v) for v in value)
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def state_query(state: Mapping[str, Any], base: Mapping[str, Any]) -> list[tuple[str, str]]:
    """Query items for the values of ``state`` that differ from ``base``."""
    return [
        (name, format_value(value))
        for name, value in state.items()
        if value is not None and base.get(name) != value
    ]


def with_query(path: str, items: list[tuple[str, str]]) -> str:
    return f"{path}?{urlencode(items, safe=',;')}" if items else path
