"""The demo registry: which interactive demos exist and which parameters each one accepts.

A lesson's demo block names a demo by slug and carries a JSON preset. The preset is checked
against the demo's parameter spec here, so the admin can reject a bad preset with a clear
message and the page never receives parameters its ES module cannot handle.

Front-end contract: each demo's ES module (``static/<module>``) exports
``mount(root: HTMLElement, state: object, ctx: {lang: "ja"|"en"})``; the lesson page renders
``<div data-demo="<slug>" data-module="<static url>" data-state="<json>">`` and
``static/js/demos.js`` imports the module and calls ``mount``.
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any

from django.utils import translation
from django.utils.translation import gettext


class PresetError(ValueError):
    """A preset does not fit its demo's parameter spec. The message names the parameter."""


@dataclass(frozen=True)
class Param:
    """One parameter of a demo.

    kind: "float", "int", "bool", "choice", "floats" (a fixed-length list of numbers) or "str".
    """

    name: str
    kind: str
    default: Any
    minimum: float | None = None
    maximum: float | None = None
    choices: tuple[str, ...] = ()
    length: int | None = None
    # For kind "str": a regular expression the whole text must match, and how to describe it.
    pattern: str = ""
    pattern_hint: str = ""

    def clean(self, value: Any) -> Any:
        if self.kind == "bool":
            if not isinstance(value, bool):
                raise PresetError(f"'{self.name}' must be true or false")
            return value
        if self.kind == "choice":
            if value not in self.choices:
                raise PresetError(f"'{self.name}' must be one of {', '.join(self.choices)}")
            return value
        if self.kind == "str":
            if not isinstance(value, str) or len(value) > 500:
                raise PresetError(f"'{self.name}' must be a text of at most 500 characters")
            if self.pattern and not re.fullmatch(self.pattern, value):
                raise PresetError(
                    f"'{self.name}' must look like {self.pattern_hint or self.pattern}"
                )
            return value
        if self.kind == "floats":
            if not isinstance(value, list) or (self.length and len(value) != self.length):
                raise PresetError(f"'{self.name}' must be a list of {self.length} numbers")
            return [self._number(v) for v in value]
        if self.kind in ("float", "int"):
            return self._number(value)
        raise PresetError(f"'{self.name}' has an unknown kind {self.kind!r}")

    def _number(self, value: Any) -> float | int:
        if isinstance(value, bool) or not isinstance(value, int | float):
            raise PresetError(f"'{self.name}' must be a number")
        if not math.isfinite(value):
            raise PresetError(f"'{self.name}' must be a finite number")
        if self.kind == "int" and int(value) != value:
            raise PresetError(f"'{self.name}' must be a whole number")
        if self.minimum is not None and value < self.minimum:
            raise PresetError(f"'{self.name}' must be at least {self.minimum}")
        if self.maximum is not None and value > self.maximum:
            raise PresetError(f"'{self.name}' must be at most {self.maximum}")
        return int(value) if self.kind == "int" else float(value)


@dataclass(frozen=True)
class Demo:
    slug: str
    title_en: str  # the English title, which is also the msgid of its translations
    module: str  # path under static/, e.g. "demos/sigmoid_grid.js"
    params: tuple[Param, ...] = field(default_factory=tuple)
    # Rules across parameters (e.g. vmin < vmax), run on every cleaned preset: lesson blocks,
    # teacher presets, embeds and the JSON APIs all pass through clean_preset.
    check: Callable[[dict[str, Any]], None] | None = field(default=None, compare=False)

    def title(self, lang: str) -> str:
        with translation.override(lang):
            return gettext(self.title_en)

    @property
    def title_ja(self) -> str:
        return self.title("ja")

    def defaults(self) -> dict[str, Any]:
        return {p.name: p.default for p in self.params}

    def clean_preset(self, preset: Any) -> dict[str, Any]:
        """Return the preset with defaults filled in, or raise PresetError naming the problem."""
        if preset in (None, ""):
            preset = {}
        if not isinstance(preset, Mapping):
            raise PresetError('the preset must be a JSON object, e.g. {} or {"cmap": "gray"}')
        known = {p.name: p for p in self.params}
        unknown = sorted(set(preset) - set(known))
        if unknown:
            allowed = ", ".join(known) or "none"
            raise PresetError(
                f"unknown parameter(s) {', '.join(unknown)} for demo '{self.slug}'; allowed: {allowed}"
            )
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
        raise PresetError(f"unknown demo '{slug}'") from None


def all_demos() -> list[Demo]:
    return sorted(_REGISTRY.values(), key=lambda d: d.slug)


def choices() -> list[tuple[str, str]]:
    return [(d.slug, f"{d.title('ja')} / {d.title('en')}") for d in all_demos()]
