"""Bilingual fields as paired columns: ``title_ja`` / ``title_en``.

Why paired columns: two languages are fixed by the course, teachers edit both side by side in
the admin, the loader maps TOML keys one to one, and no translation library or extra table is
needed. ``Translated("title")`` on a model reads the active language's column and falls back
to Japanese (the course's own language) when the English text is empty.
"""

from __future__ import annotations

from typing import Any

from django.utils.translation import get_language

FALLBACK_LANGUAGE = "ja"
SUPPORTED = ("ja", "en")


def active_language() -> str:
    code = (get_language() or FALLBACK_LANGUAGE).split("-")[0]
    return code if code in SUPPORTED else FALLBACK_LANGUAGE


def pick(obj: Any, field: str, language: str | None = None) -> str:
    """The text of ``<field>_<language>``, or the Japanese text when that one is blank."""
    language = language or active_language()
    text = getattr(obj, f"{field}_{language}", "") or ""
    if text.strip():
        return text
    return getattr(obj, f"{field}_{FALLBACK_LANGUAGE}", "") or ""


class Translated:
    """Read-only attribute: ``lesson.title`` is ``lesson.title_en`` on /en/ pages, else ``title_ja``."""

    def __init__(self, field: str) -> None:
        self.field = field

    def __get__(self, obj: Any, owner: type | None = None) -> Any:
        if obj is None:
            return self
        return pick(obj, self.field)
