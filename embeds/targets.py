"""What can be embedded, and how an embed URL's query string becomes its state and options.

An embed target is a registered demo (``demos/catalog.py``) or a studio tool
(``studio/tools.py``); both live under ``/embed/<slug>/``. The query string carries

- the state, in the same format as the demo's shareable URL: ``w_im=4,-2,4,4&cmap=magma``
  (a demo that prefixes its URL keys, as the colormap widget writes ``colormap.cmap=...``,
  may be given either form); for a studio tool its settings (``type=drums&temperature=1.2``),
  an example clip for an input slot (``input=melody``, ``input_a=rock-beat``) and the studio's
  own links (``input_job=...&input_index=0``, ``job=...``);
- the options: ``lang`` (ja, the default, or en), ``large=1`` (projector type) and
  ``controls=<name>,<name>`` (show only these controls; ``controls=none`` hides them all).

Anything else is refused with a message that names it, in the frame's language (the caller
activates it), so a typo never silently shows a different demo than the teacher meant.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from django.http import QueryDict
from django.utils.translation import gettext as _

from core.translation import SUPPORTED
from demos.query import given_twice, parse_query
from demos.registry import Demo, PresetError, get_demo
from studio.examples import EXAMPLES
from studio.forms import SubmissionError, clean_field
from studio.tools import InputSlot, Tool, get_tool

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
        return self.tool.name(lang)

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


def _given_twice(key: str) -> EmbedError:
    return EmbedError(str(given_twice(key)))  # the demos' own sentence for it


def frame_language(query: QueryDict) -> str:
    """The language the frame speaks, even when the rest of the address is wrong."""
    lang = query.get("lang", "ja")
    return lang if lang in SUPPORTED else "ja"


def read_options(target: Target, query: QueryDict) -> EmbedOptions:
    for key in OPTION_KEYS:
        if len(query.getlist(key)) > 1:
            raise _given_twice(key)
    lang = query.get("lang", "ja")
    if lang not in SUPPORTED:
        raise EmbedError(_("“lang” must be ja or en, not “%(value)s”.") % {"value": lang})
    large_text = query.get("large", "").strip().lower()
    if large_text not in _TRUE | _FALSE:
        raise EmbedError(
            _("“large” must be 1 (large type) or 0, not “%(value)s”.") % {"value": query["large"]}
        )
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
                    _(
                        "“controls” names something this embed does not have: %(unknown)s. "
                        "Its controls are %(known)s (or none)."
                    )
                    % {"unknown": ", ".join(unknown), "known": ", ".join(known)}
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
            raise _given_twice(name)
        plain.setlist(name, values)
    return plain


def demo_state(demo: Demo, query: QueryDict, base: Mapping[str, Any] | None = None) -> dict:
    """The demo's state: ``base`` (defaults, or a saved preset) overridden by the query."""
    try:
        given = parse_query(demo, _state_query(demo, query))
        return demo.clean_preset({**(base or {}), **given})
    except PresetError as error:
        raise EmbedError(str(error)) from None


def _slot_kind(slot: InputSlot, query: QueryDict, tool: Tool) -> str:
    """What the slot takes: melody, drums or any (a "type" slot follows the type setting)."""
    if slot.kind != "type":
        return slot.kind
    type_field = tool.field("type")
    return query.get("type") or (type_field.default if type_field else "any")


def example_choices(tool: Tool, query: QueryDict) -> dict[str, str]:
    """Each input slot's example clip named in the query (``input=melody``), checked to fit it."""
    chosen = {}
    for slot in tool.inputs:
        name = query.get(slot.name)
        if name is None:
            continue
        if len(query.getlist(slot.name)) > 1:
            raise _given_twice(slot.name)
        kind = _slot_kind(slot, query, tool)
        fitting = [e.slug for e in EXAMPLES.values() if kind == "any" or e.kind == kind]
        example = EXAMPLES.get(name)
        if example is None or example.slug not in fitting:
            raise EmbedError(
                _("“%(slot)s” must be one of the example clips %(examples)s, not “%(value)s”.")
                % {"slot": slot.name, "examples": ", ".join(fitting), "value": name}
            )
        chosen[slot.name] = example.slug
    return chosen


def tool_values(tool: Tool, query: QueryDict) -> dict[str, Any]:
    """The studio tool settings named in the query, checked against the tool's ranges; the
    example clips and the studio's links are checked too (the page's script applies them)."""
    slots = {slot.name for slot in tool.inputs}
    links = {f"{slot}_{part}" for slot in slots for part in ("job", "index")} | {"job"}
    fields = {f.name: f for f in tool.fields}
    unknown = sorted(set(query) - set(fields) - slots - links - set(OPTION_KEYS))
    if unknown:
        raise EmbedError(
            _("This tool has no setting called %(unknown)s. It has: %(allowed)s.")
            % {"unknown": ", ".join(unknown), "allowed": ", ".join([*fields, *sorted(slots)])}
        )
    for key in links & set(query):
        if not _STUDIO_REF.fullmatch(query[key]):
            raise EmbedError(
                _("“%(key)s” must be the id of an earlier result or a number, not “%(value)s”.")
                % {"key": key, "value": query[key]}
            )
    values = {}
    for name, spec in fields.items():
        raw = query.get(name)
        if raw is None:
            continue
        if len(query.getlist(name)) > 1:
            raise _given_twice(name)
        try:
            values[name] = clean_field(spec, raw)
        except SubmissionError as error:
            raise EmbedError(error.message) from None
    example_choices(tool, query)
    return values
