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

import json
import math
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any

from django.utils import translation
from django.utils.functional import Promise
from django.utils.translation import gettext
from django.utils.translation import gettext as _

from core.translation import active_language

KINDS = ("float", "int", "bool", "choice", "floats", "str")


class PresetError(ValueError):
    """A preset does not fit its demo's parameter spec. The message names the parameter.

    Messages are worded with gettext when raised: every caller (lesson page, admin, embed, JSON
    API) runs in the language of the person who reads them.
    """


def plain_number(value: Any) -> str:
    """10.0 as "10", 0.25 as "0.25": how a number is written in an address or a form."""
    if isinstance(value, float) and math.isfinite(value) and value == int(value):
        return str(int(value))
    return str(value)


def shown_value(value: Any, limit: int = 40) -> str:
    """A value as the reader typed it, shortened so a long paste cannot flood the message."""
    text = value if isinstance(value, str) else json.dumps(value, ensure_ascii=False, default=str)
    return text if len(text) <= limit else text[: limit - 1] + "…"


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
    pattern_hint: str | Promise = ""  # an example such as "10,10", translated when shown

    def __post_init__(self) -> None:
        if self.kind not in KINDS:  # a mistake in the catalogue, caught when it is imported
            raise ValueError(f"parameter {self.name!r} has an unknown kind {self.kind!r}")

    def example(self) -> str:
        """The default, written as it would be in an address ("4,4,4,4")."""
        if isinstance(self.default, list):
            return ",".join(plain_number(v) for v in self.default)
        return plain_number(self.default)

    def clean(self, value: Any) -> Any:
        if self.kind == "bool":
            if not isinstance(value, bool):
                raise PresetError(_("“%(label)s” must be true or false.") % {"label": self.name})
            return value
        if self.kind == "choice":
            if value not in self.choices:
                raise PresetError(
                    _("“%(label)s” must be one of %(choices)s (you entered “%(value)s”).")
                    % {
                        "label": self.name,
                        "choices": ", ".join(self.choices),
                        "value": shown_value(value),
                    }
                )
            return value
        if self.kind == "str":
            if not isinstance(value, str) or len(value) > 500:
                raise PresetError(
                    _("“%(label)s” must be a text of at most %(max)s characters.")
                    % {"label": self.name, "max": 500}
                )
            if self.pattern and not re.fullmatch(self.pattern, value):
                raise PresetError(
                    _("“%(label)s” must be written like %(example)s (you entered “%(value)s”).")
                    % {
                        "label": self.name,
                        "example": self.pattern_hint or self.example(),
                        "value": shown_value(value),
                    }
                )
            return value
        if self.kind == "floats":
            if not isinstance(value, list) or (self.length and len(value) != self.length):
                raise PresetError(
                    _("“%(label)s” must be a list of %(count)s numbers, such as [%(example)s].")
                    % {"label": self.name, "count": self.length, "example": self.example()}
                )
            return [self._number(v) for v in value]
        return self._number(value)

    def _number(self, value: Any) -> float | int:
        if isinstance(value, bool) or not isinstance(value, int | float):
            raise PresetError(
                _("“%(label)s” must be a number (you entered “%(value)s”).")
                % {"label": self.name, "value": shown_value(value)}
            )
        if not math.isfinite(value):
            raise PresetError(not_finite(self, str(value)))
        if self.kind == "int" and int(value) != value:
            raise PresetError(
                _("“%(label)s” must be a whole number (you entered “%(value)s”).")
                % {"label": self.name, "value": plain_number(value)}
            )
        low, high = self.minimum, self.maximum
        if (low is not None and value < low) or (high is not None and value > high):
            raise PresetError(out_of_range(self, value))
        return int(value) if self.kind == "int" else float(value)


def not_finite(param: Param, text: str) -> str:
    return _(
        "“%(label)s” must be an ordinary number, not infinity or NaN (you entered “%(value)s”)."
    ) % {"label": param.name, "value": shown_value(text)}


def out_of_range(param: Param, value: float) -> str:
    words = {"label": param.name, "value": plain_number(value)}
    if param.minimum is not None and param.maximum is not None:
        words |= {"min": plain_number(param.minimum), "max": plain_number(param.maximum)}
        return _("“%(label)s” must be from %(min)s to %(max)s (you entered %(value)s).") % words
    if param.minimum is not None:
        words["min"] = plain_number(param.minimum)
        return _("“%(label)s” must be at least %(min)s (you entered %(value)s).") % words
    words["max"] = plain_number(param.maximum)
    return _("“%(label)s” must be at most %(max)s (you entered %(value)s).") % words


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
            raise PresetError(
                _('The settings must be a JSON object in braces, such as {} or {"cmap": "gray"}.')
            )
        known = {p.name: p for p in self.params}
        unknown = sorted(set(preset) - set(known))
        if unknown:
            raise PresetError(unknown_settings(self, unknown))
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
        raise PresetError(
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
