"""What can be embedded, and how an embed URL's query string becomes its state and options.

An embed target is a registered demo (``courses/demos/catalog.py``) or a studio tool
(``courses/studio/tools.py``); both live under ``/embed/<slug>/``. The query string carries

- the state, in the same format as the demo's shareable URL: ``w_im=4,-2,4,4&cmap=magma``
  (a demo that prefixes its URL keys, as the colormap widget writes ``colormap.cmap=...``,
  may be given either form); for a studio tool its settings (``type=drums&temperature=1.2``)
  and the studio's own links (``input_job=...&input_index=0``, ``job=...``);
- the options: ``lang`` (ja, the default, or en), ``large=1`` (projector type) and
  ``controls=<name>,<name>`` (show only these controls; ``controls=none`` hides them all).

Anything else is refused with a message that names it, so a typo never silently shows a
different demo than the teacher meant.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlencode

from django.http import QueryDict

from courses.demos.query import parse_query
from courses.demos.registry import Demo, PresetError, get_demo
from courses.studio.forms import SubmissionError, clean_field
from courses.studio.tools import Tool, get_tool
from courses.translation import SUPPORTED

OPTION_KEYS = ("lang", "large", "controls")
_TRUE = {"1", "true", "yes", "on"}
_FALSE = {"0", "false", "no", "off", ""}
# The studio's own link keys (static/studio/links.js): an earlier job's output as an input.
_STUDIO_REF = re.compile(r"[A-Za-z0-9_-]{1,64}")


class EmbedError(ValueError):
    """The embed URL cannot be shown as asked; the message says why (HTTP 400)."""


@dataclass(frozen=True)
class EmbedOptions:
    lang: str = "ja"
    large: bool = False
    controls: tuple[str, ...] | None = None  # None: every control

    def query_items(self) -> list[tuple[str, str]]:
        """The options as query items, leaving out the defaults."""
        items = []
        if self.lang != "ja":
            items.append(("lang", self.lang))
        if self.large:
            items.append(("large", "1"))
        if self.controls is not None:
            items.append(("controls", ",".join(self.controls) or "none"))
        return items


@dataclass(frozen=True)
class Target:
    """A demo or a studio tool, seen through what an embed needs from it."""

    slug: str
    demo: Demo | None = None
    tool: Tool | None = None

    def title(self, lang: str) -> str:
        if self.demo:
            return self.demo.title(lang)
        return self.tool.title.get(lang)

    def control_names(self) -> tuple[str, ...]:
        if self.demo:
            return tuple(param.name for param in self.demo.params)
        return tuple(f.name for f in self.tool.fields) + tuple(s.name for s in self.tool.inputs)


def find_target(slug: str) -> Target | None:
    """The demo or studio tool called ``slug`` (demos first; tests keep the names apart)."""
    try:
        return Target(slug, demo=get_demo(slug))
    except PresetError:
        pass
    tool = get_tool(slug)
    return Target(slug, tool=tool) if tool else None


def read_options(target: Target, query: QueryDict) -> EmbedOptions:
    for key in OPTION_KEYS:
        if len(query.getlist(key)) > 1:
            raise EmbedError(f"'{key}' is given more than once")
    lang = query.get("lang", "ja")
    if lang not in SUPPORTED:
        raise EmbedError(f"'lang' must be ja or en, not {lang!r}")
    large_text = query.get("large", "").strip().lower()
    if large_text not in _TRUE | _FALSE:
        raise EmbedError(f"'large' must be 1 or 0, not {query.get('large')!r}")
    controls = None
    if "controls" in query:
        names = [n.strip() for n in query["controls"].split(",") if n.strip()]
        if names in ([], ["none"]):
            controls = ()
        else:
            known = target.control_names()
            unknown = [n for n in names if n not in known]
            if unknown:
                raise EmbedError(
                    f"unknown control(s) {', '.join(unknown)} for '{target.slug}'; "
                    f"the controls are: {', '.join(known)} (or none)"
                )
            controls = tuple(dict.fromkeys(names))  # keep the order given, once each
    return EmbedOptions(lang=lang, large=large_text in _TRUE, controls=controls)


def _state_query(demo: Demo, query: QueryDict) -> QueryDict:
    """The query without the options, prefixed keys (``<slug>.<param>``) read as plain ones."""
    prefix = f"{demo.slug}."
    plain = QueryDict(mutable=True)
    for key, values in query.lists():
        if key in OPTION_KEYS:
            continue
        name = key.removeprefix(prefix)
        if name != key and name in query:
            raise EmbedError(f"'{name}' is given twice (as '{name}' and '{key}')")
        plain.setlist(name, values)
    return plain


def demo_state(demo: Demo, query: QueryDict, base: Mapping[str, Any] | None = None) -> dict:
    """The demo's state: ``base`` (defaults, or a saved preset) overridden by the query."""
    try:
        given = parse_query(demo, _state_query(demo, query))
        return demo.clean_preset({**(base or {}), **given})
    except PresetError as error:
        raise EmbedError(str(error)) from None


def tool_values(tool: Tool, query: QueryDict) -> dict[str, Any]:
    """The studio tool settings named in the query, checked against the tool's ranges."""
    slots = {slot.name for slot in tool.inputs}
    links = {f"{slot}_{part}" for slot in slots for part in ("job", "index")} | {"job"}
    fields = {f.name: f for f in tool.fields}
    unknown = sorted(set(query) - set(fields) - links - set(OPTION_KEYS))
    if unknown:
        raise EmbedError(
            f"unknown parameter(s) {', '.join(unknown)}; allowed: {', '.join(fields)}, "
            f"{', '.join(sorted(links))}"
        )
    for key in links & set(query):
        if not _STUDIO_REF.fullmatch(query[key]):
            raise EmbedError(f"'{key}' must be a job id or a number, not {query[key]!r}")
    values = {}
    for name, spec in fields.items():
        raw = query.get(name)
        if raw is None:
            continue
        if len(query.getlist(name)) > 1:
            raise EmbedError(f"'{name}' is given more than once")
        try:
            values[name] = clean_field(spec, raw)
        except SubmissionError as error:
            raise EmbedError(error.message) from None
    return values


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
