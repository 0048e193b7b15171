"""One way to describe and check an input: the studio's tool settings and the demos' parameters.

A field knows its bounds, checks a value (``clean`` for a JSON value from a preset or a lesson
block, ``clean_text`` for text from a form or an address) and describes itself to the browser
(``as_json``), so the server's rules and the page's controls come from the same object and the
JavaScript never repeats a limit. A problem is a :class:`FieldError`: a stable code plus
parameters, worded only when shown (``message``), in the language active at that moment. The
demos' readers show ``message``; the studio re-words the same code with its own sentences
(``studio/messages.py``), so each audience keeps the wording it has always had.

Text is read with one grammar (plain decimal notation, as the pages write numbers): Python's own
``float()`` would also take "1_000", "nan" and "infinity".
"""

from __future__ import annotations

import json
import math
import re
from dataclasses import dataclass
from typing import Any

from django.utils import translation
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

Label = str | Promise  # a lazy msgid, or plain text that needs no translation

MAX_NUMBER_CHARS = 40  # longer text is no number any field accepts: never converted
_DECIMAL = re.compile(r"[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?")
_INTEGER = re.compile(r"[+-]?\d+")
_NON_FINITE = re.compile(r"[+-]?(nan|inf|infinity)", re.IGNORECASE)

# The wording for readers of demos, presets and embeds (the studio words the codes itself).
MESSAGES = {
    "not_a_number": _("“%(label)s” must be a number (you entered “%(value)s”)."),
    "not_whole_number": _("“%(label)s” must be a whole number (you entered “%(value)s”)."),
    "not_finite": _(
        "“%(label)s” must be an ordinary number, not infinity or NaN (you entered “%(value)s”)."
    ),
    "number_too_long": _("“%(label)s” must be a number of at most %(max)s characters."),
    "out_of_range": _("“%(label)s” must be from %(min)s to %(max)s (you entered %(value)s)."),
    "below_minimum": _("“%(label)s” must be at least %(min)s (you entered %(value)s)."),
    "above_maximum": _("“%(label)s” must be at most %(max)s (you entered %(value)s)."),
    "not_a_choice": _("“%(label)s” must be one of %(choices)s (you entered “%(value)s”)."),
    "not_bool": _("“%(label)s” must be true or false."),
    "not_text": _("“%(label)s” must be a text of at most %(max)s characters."),
    "text_too_long": _("“%(label)s” must be a text of at most %(max)s characters."),
    "pattern": _("“%(label)s” must be written like %(example)s (you entered “%(value)s”)."),
    "not_a_list": _("“%(label)s” must be a list of %(count)s numbers, such as [%(example)s]."),
    "wrong_count": _(
        "“%(label)s” takes %(count)s numbers separated by commas, such as %(example)s; "
        "it has %(got)s."
    ),
    "wrong_count_one": _("“%(label)s” takes a single number, such as %(example)s; it has %(got)s."),
}


def plain_number(value: Any) -> str:
    """10.0 as "10", 0.25 as "0.25": how a number is written in an address or a form."""
    if isinstance(value, float) and math.isfinite(value) and value == int(value):
        return str(int(value))
    return str(value)


def shown_value(value: Any, limit: int = 40) -> str:
    """A value as the reader typed it, shortened so a long paste cannot flood the message."""
    text = value if isinstance(value, str) else json.dumps(value, ensure_ascii=False, default=str)
    return text if len(text) <= limit else text[: limit - 1] + "…"


def in_language(text: Label, lang: str) -> str:
    """``text`` worded in ``lang`` (ja | en), whatever language is active."""
    with translation.override(lang):
        return str(text)


class FieldError(ValueError):
    """One problem with one value: ``code`` (a key of ``MESSAGES``) and its ``params``.

    ``field`` names the field, ``text`` keeps what was typed when the value came as text (the
    studio quotes it back as typed). Code-less errors carry a finished sentence (``worded``).
    """

    def __init__(self, code: str, field: str = "", text: str | None = None, **params):
        if code != "worded" and code not in MESSAGES:
            # A sentence passed as a code would fail only when shown: fail where it is raised.
            raise TypeError(f"unknown code {code!r}; a finished sentence goes to FieldError.worded")
        super().__init__(code)
        self.code, self.field, self.text, self.params = code, field, text, params

    @classmethod
    def worded(cls, message: str) -> FieldError:
        """A problem with a whole preset or address, already worded by whoever found it."""
        return cls("worded", message=message)

    @property
    def message(self) -> str:
        if self.code == "worded":
            return str(self.params["message"])
        words = {name: _shown_param(value) for name, value in self.params.items()}
        return str(MESSAGES[self.code]) % words

    def __str__(self) -> str:
        return self.message


def _shown_param(value: Any) -> str:
    if isinstance(value, list | tuple):
        return ", ".join(str(item) for item in value)
    if isinstance(value, int | float) and not isinstance(value, bool):
        return plain_number(value)
    return str(value)


@dataclass(frozen=True)
class Field:
    """What every kind shares; ``label`` and ``help`` are lazy msgids (a demo's label is its name)."""

    name: str
    label: Label
    help: Label

    widget = ""

    def error(self, code: str, text: str | None = None, **params) -> FieldError:
        return FieldError(code, field=self.name, text=text, label=self.label, **params)

    def parse(self, text: str) -> Any:
        """Text from an address or a form as the value ``clean`` checks (syntax only)."""
        return text

    def clean_text(self, text: str) -> Any:
        """Text checked completely: syntax, then the value's bounds."""
        value = self.parse(text)
        try:
            return self.clean(value)
        except FieldError as error:
            error.text = text if error.text is None else error.text
            raise

    def clean(self, value: Any) -> Any:
        raise NotImplementedError

    def base_json(self) -> dict:
        return {
            "name": self.name,
            "kind": self.kind,
            "widget": self.widget,
            "label": str(self.label),
            "help": str(self.help),
        }


class _Unlisted:
    """What a kind without choices or an example answers, so a table of mixed fields (the preset
    admin's) can ask any field for them. A mixin, not ``Field``: a dataclass would take these
    class attributes as defaults for the fields that do have them."""

    choices = ()
    pattern_hint = ""


@dataclass(frozen=True)
class NumberField(Field, _Unlisted):
    minimum: float | None
    maximum: float | None
    default: float | None
    step: float | None = 1  # the controls' step; None: any
    integer: bool = True
    required: bool = True  # False: may be left out (the studio's seed)

    widget = "number"

    @property
    def kind(self) -> str:
        return "int" if self.integer else "float"

    def is_numeral(self, text: str) -> bool:
        """Whether ``text`` is written as this field's kind of number, however long it is."""
        return bool((_INTEGER if self.integer else _DECIMAL).fullmatch(str(text).strip()))

    def parse(self, text: str) -> float | int:
        text = str(text).strip()
        if len(text) > MAX_NUMBER_CHARS:
            raise self.error("number_too_long", text, max=MAX_NUMBER_CHARS)
        if _NON_FINITE.fullmatch(text):
            raise self.error("not_finite", text, value=shown_value(text))
        if self.integer:
            if not _INTEGER.fullmatch(text):
                raise self.error("not_whole_number", text, value=shown_value(text))
            return int(text)
        if not _DECIMAL.fullmatch(text):
            raise self.error("not_a_number", text, value=shown_value(text))
        return float(text)

    def clean(self, value: Any) -> float | int:
        if isinstance(value, bool) or not isinstance(value, int | float):
            raise self.error("not_a_number", value=shown_value(value))
        if not math.isfinite(value):
            raise self.error("not_finite", value=shown_value(str(value)))
        if self.integer and int(value) != value:
            raise self.error("not_whole_number", value=plain_number(value))
        low, high = self.minimum, self.maximum
        if (low is not None and value < low) or (high is not None and value > high):
            raise self.range_error(value)
        return int(value) if self.integer else float(value)

    def range_error(self, value: float) -> FieldError:
        shown = plain_number(value)
        if self.minimum is not None and self.maximum is not None:
            return self.error("out_of_range", min=self.minimum, max=self.maximum, value=shown)
        if self.minimum is not None:
            return self.error("below_minimum", min=self.minimum, value=shown)
        return self.error("above_maximum", max=self.maximum, value=shown)

    def as_json(self) -> dict:
        return {
            **self.base_json(),
            "min": self.minimum,
            "max": self.maximum,
            "step": self.step,
            "default": self.default,
            "integer": self.integer,
            "required": self.required,
        }


@dataclass(frozen=True)
class NumbersField(Field, _Unlisted):
    """A fixed number of numbers, written "4,-2,4,4" in an address and [4, -2, 4, 4] in JSON."""

    default: list[float]
    length: int
    minimum: float | None = None
    maximum: float | None = None
    step: float | None = None

    widget = "numbers"
    kind = "floats"

    def _item(self) -> NumberField:
        return NumberField(
            self.name, self.label, "", self.minimum, self.maximum, None, self.step, integer=False
        )

    def example(self) -> str:
        return ",".join(plain_number(v) for v in self.default)

    def parse(self, text: str) -> list[float]:
        parts = str(text).split(",")
        if len(parts) != self.length:
            code = "wrong_count_one" if self.length == 1 else "wrong_count"
            raise self.error(code, text, count=self.length, got=len(parts), example=self.example())
        item = self._item()
        return [item.parse(part) for part in parts]

    def clean(self, value: Any) -> list[float]:
        if not isinstance(value, list) or len(value) != self.length:
            raise self.error("not_a_list", count=self.length, example=self.example())
        item = self._item()
        return [item.clean(v) for v in value]

    def as_json(self) -> dict:
        return {
            **self.base_json(),
            "min": self.minimum,
            "max": self.maximum,
            "step": self.step,
            "length": self.length,
            "default": list(self.default),
        }


@dataclass(frozen=True)
class ChoiceField(Field):
    """One of ``choices``: plain values (a demo's "gray") or (value, label) pairs (the studio's)."""

    choices: tuple[str | tuple[str, Label], ...]
    default: str

    widget = "choice"
    kind = "choice"

    def values(self) -> list[str]:
        return [c[0] if isinstance(c, tuple) else c for c in self.choices]

    def labelled(self) -> list[tuple[str, Label]]:
        return [c if isinstance(c, tuple) else (c, c) for c in self.choices]

    def clean(self, value: Any) -> str:
        if value not in self.values():
            raise self.error("not_a_choice", choices=self.values(), value=shown_value(value))
        return value

    def as_json(self) -> dict:
        return {
            **self.base_json(),
            "choices": [[value, str(text)] for value, text in self.labelled()],
            "default": self.default,
        }


@dataclass(frozen=True)
class TextField(Field):
    """Text of at most ``max_length`` characters, optionally matching ``pattern`` (whole text)."""

    default: str
    max_length: int = 2000
    pattern: str = ""
    pattern_hint: Label = ""  # an example such as "10,10", translated when shown
    strip: bool = True  # a form's text is trimmed; a demo's is kept as written

    widget = "text"
    kind = "str"
    choices = ()

    def clean(self, value: Any) -> str:
        if not isinstance(value, str):
            raise self.error("not_text", max=self.max_length)
        if self.strip:
            value = value.strip()
        if len(value) > self.max_length:
            raise self.error("text_too_long", length=len(value), max=self.max_length)
        if self.pattern and not re.fullmatch(self.pattern, value):
            example = self.pattern_hint or self.default
            raise self.error("pattern", example=example, value=shown_value(value))
        return value

    def as_json(self) -> dict:
        body = {**self.base_json(), "default": self.default, "maxlength": self.max_length}
        if self.pattern:
            body |= {"pattern": self.pattern, "example": str(self.pattern_hint or self.default)}
        return body


@dataclass(frozen=True)
class BoolField(Field, _Unlisted):
    default: bool = False

    widget = "bool"
    kind = "bool"
    minimum = maximum = None

    def parse(self, text: str) -> Any:
        return {"true": True, "false": False}.get(str(text).strip().lower(), text)

    def clean(self, value: Any) -> bool:
        if not isinstance(value, bool):
            raise self.error("not_bool")
        return value

    def as_json(self) -> dict:
        return {**self.base_json(), "default": self.default}
