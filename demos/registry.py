"""The demo registry: which interactive demos exist and which parameters each one accepts.

A lesson's demo block names a demo by slug and carries a JSON preset. The preset is checked
against the demo's parameter spec here, so the admin can reject a bad preset with a clear
message and the page never receives parameters its ES module cannot handle.

Front-end contract: each demo's ES module (``static/<module>``) exports
``mount(root: HTMLElement, state: object, ctx: {lang: "ja"|"en", spec: object})``; the lesson
page renders ``<div data-demo="<slug>" data-module="<static url>" data-state="<json>"
data-spec="<json>">`` and ``static/js/demos.js`` imports the module and calls ``mount`` with
``Demo.as_json()`` as ``ctx.spec``: the module's inputs take their bounds from it.

The parameters are ``core.fields`` fields, the same kinds the studio's tool settings use, so a
preset, an address and a studio form are checked by one mechanism with one set of messages.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any

from django.utils import translation
from django.utils.functional import Promise
from django.utils.translation import gettext
from django.utils.translation import gettext as _

from core.fields import (
    BoolField,
    ChoiceField,
    FieldError,
    NumberField,
    NumbersField,
    TextField,
    plain_number,
    shown_value,
)
from core.translation import active_language

__all__ = ["Demo", "Param", "PresetError", "plain_number", "shown_value"]

MAX_TEXT_LENGTH = 500  # a demo's text parameter (a shape, a matrix) is short

# A demo parameter is a field of core.fields; its label is its name (the name the address uses).
DemoField = NumberField | NumbersField | ChoiceField | TextField | BoolField
PresetError = FieldError  # kept by name: the admin, lessons and embeds catch it


def Param(  # noqa: N802 - reads as the spec it builds, one line per parameter in catalog.py
    name: str,
    kind: str,
    default: Any,
    minimum: float | None = None,
    maximum: float | None = None,
    choices: tuple[str, ...] = (),
    length: int | None = None,
    pattern: str = "",
    pattern_hint: str | Promise = "",
    step: float | None = None,
) -> DemoField:
    """One parameter of a demo. kind: "float", "int", "bool", "choice", "floats" (a fixed-length
    list of numbers) or "str" (``pattern``: a regular expression the whole text must match)."""
    if kind in ("float", "int"):
        integer = kind == "int"
        step = step if step is not None or not integer else 1
        return NumberField(name, name, "", minimum, maximum, default, step, integer=integer)
    if kind == "floats":
        return NumbersField(name, name, "", default, length, minimum, maximum, step)
    if kind == "choice":
        return ChoiceField(name, name, "", tuple(choices), default)
    if kind == "str":
        return TextField(
            name, name, "", default, MAX_TEXT_LENGTH, pattern, pattern_hint, strip=False
        )
    if kind == "bool":
        return BoolField(name, name, "", default)
    raise ValueError(f"parameter {name!r} has an unknown kind {kind!r}")  # a catalogue mistake


@dataclass(frozen=True)
class Demo:
    slug: str
    title_en: str  # the English title, which is also the msgid of its translations
    module: str  # path under static/, e.g. "demos/sigmoid_grid.js"
    params: tuple[DemoField, ...] = field(default_factory=tuple)
    # Rules across parameters (e.g. vmin < vmax), run on every cleaned preset: lesson blocks,
    # teacher presets, embeds and the JSON APIs all pass through clean_preset.
    check: Callable[[dict[str, Any]], None] | None = field(default=None, compare=False)
    # Limits of the demo as a whole that its check enforces and its page needs too (the most
    # points per axis): they reach the browser with the parameters (``as_json``).
    limits: tuple[tuple[str, float], ...] = ()

    def title(self, lang: str) -> str:
        with translation.override(lang):
            return gettext(self.title_en)

    @property
    def title_ja(self) -> str:
        return self.title("ja")

    def defaults(self) -> dict[str, Any]:
        return {p.name: p.default for p in self.params}

    def param(self, name: str) -> DemoField | None:
        return next((p for p in self.params if p.name == name), None)

    def as_json(self) -> dict[str, Any]:
        """The spec as the page's script reads it (``data-spec``), so it never repeats a bound."""
        return {
            "slug": self.slug,
            "params": {p.name: p.as_json() for p in self.params},
            "limits": dict(self.limits),
        }

    def spec_json(self) -> str:
        """``as_json`` as the page's ``data-spec`` attribute carries it."""
        return json.dumps(self.as_json(), ensure_ascii=False, separators=(",", ":"))

    def clean_preset(self, preset: Any) -> dict[str, Any]:
        """Return the preset with defaults filled in, or raise PresetError naming the problem."""
        if preset in (None, ""):
            preset = {}
        if not isinstance(preset, Mapping):
            raise PresetError.worded(
                _('The settings must be a JSON object in braces, such as {} or {"cmap": "gray"}.')
            )
        known = {p.name: p for p in self.params}
        unknown = sorted(set(preset) - set(known))
        if unknown:
            raise PresetError.worded(unknown_settings(self, unknown))
        cleaned = self.defaults()
        for name, value in preset.items():
            cleaned[name] = known[name].clean(value)
        if self.check:
            self.check(cleaned)
        return cleaned


_REGISTRY: dict[str, Demo] = {}


def register(demo: Demo) -> Demo:
    if demo.slug in _REGISTRY and _REGISTRY[demo.slug] != demo:
        raise ValueError(f"demo '{demo.slug}' is registered twice with different specs")
    _REGISTRY[demo.slug] = demo
    return demo


def get_demo(slug: str) -> Demo:
    try:
        return _REGISTRY[slug]
    except KeyError:
        raise PresetError.worded(
            _("There is no demo called “%(slug)s”.") % {"slug": shown_value(slug)}
        ) from None


def unknown_settings(demo: Demo, unknown: list[str]) -> str:
    """The names the demo does not have, and the ones it has."""
    return _("This demo has no setting called %(unknown)s. Its settings are %(known)s.") % {
        "unknown": ", ".join(shown_value(name) for name in unknown),
        "known": ", ".join(p.name for p in demo.params),
    }


def all_demos() -> list[Demo]:
    return sorted(_REGISTRY.values(), key=lambda d: d.slug)


def choices() -> list[tuple[str, str]]:
    return [(d.slug, f"{d.title('ja')} / {d.title('en')}") for d in all_demos()]


def demo_title_choices() -> list[tuple[str, str]]:
    """The demos by their title in the active language (a model's choices show both)."""
    return [(demo.slug, demo.title(active_language())) for demo in all_demos()]
