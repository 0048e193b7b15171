"""Reading demo parameters from a query string, checked against the demo's registry spec.

Query strings carry text; each parameter's field (``core.fields``) reads its text (``parse``:
numbers, lists of numbers) and ``Demo.clean_preset`` enforces the bounds afterwards, so the API,
the embeds and the lesson presets reject the same values with the same messages, and a
problem with the text is reported before a problem with the range.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any
from urllib.parse import urlencode

from django.http import QueryDict
from django.utils.translation import gettext as _

from demos.registry import Demo, PresetError, unknown_settings


def given_twice(key: str) -> PresetError:
    return PresetError.worded(_("“%(key)s” appears twice in the address; keep one.") % {"key": key})


def parse_query(demo: Demo, query: QueryDict, also_allowed: Iterable[str] = ()) -> dict[str, Any]:
    """The query's values as Python values (not yet checked against the bounds).

    Raises PresetError naming the parameter. ``also_allowed`` names parameters accepted but not
    in the spec (ignored by the caller).
    """
    known = {p.name: p for p in demo.params}
    allowed = set(known) | set(also_allowed)
    unknown = sorted(set(query) - allowed)
    if unknown:
        raise PresetError.worded(unknown_settings(demo, unknown))
    preset = {}
    for name in known:
        values = query.getlist(name)
        if not values:
            continue
        if len(values) > 1:
            raise given_twice(name)
        preset[name] = known[name].parse(values[0])
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
