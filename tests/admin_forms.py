"""What the admin's pages post: a block's own form, and every field a rendered form sends.

`posted_fields` reads a rendered admin page as a browser would submit it (named inputs,
textareas and selects of the main form), so a test can count what a save really posts.
"""

from __future__ import annotations

import json
from html.parser import HTMLParser

from courses.models import BLOCK_CONTENT_FIELDS, Block

# What the block's own page posts: its content fields (the preset as JSON, below) and the
# English code, which is hashed only when set.
BLOCK_FIELDS = (*(f for f in BLOCK_CONTENT_FIELDS if f != "preset"), "source_en")


def block_admin_form(block: Block, **changes) -> dict[str, str]:
    """The POST data of the block's own admin page, plus changes."""
    data = {"lesson": str(block.lesson_id)}
    data |= {name: str(getattr(block, name)) for name in BLOCK_FIELDS}
    data["preset"] = json.dumps(block.preset)
    data["demo_preset"] = str(block.demo_preset_id or "")
    data.update(changes)
    return data


class _FormFields(HTMLParser):
    """Collects (name, value) of the controls a browser submits from the form with `form_id`."""

    def __init__(self, form_id: str) -> None:
        super().__init__(convert_charrefs=True)
        self.form_id = form_id
        self.in_form = False
        self.fields: list[tuple[str, str]] = []
        self._textarea: str | None = None
        self._select: str | None = None
        self._select_value: str | None = None
        self._text: list[str] = []

    def handle_starttag(self, tag, attrs):
        attributes = dict(attrs)
        if tag == "form":
            self.in_form = attributes.get("id") == self.form_id
            return
        if (
            tag == "option"
            and self._select
            and (
                "selected" in attributes or self._select_value is None  # else the first option
            )
        ):
            self._select_value = attributes.get("value", "")
        name = attributes.get("name")
        if not self.in_form or not name or "disabled" in attributes:
            return
        if tag == "input":
            kind = attributes.get("type", "text")
            if kind in ("submit", "button", "image", "reset", "file"):
                return  # buttons post only when clicked; file inputs post nothing when empty
            if kind in ("checkbox", "radio") and "checked" not in attributes:
                return
            self.fields.append((name, attributes.get("value") or ""))
        elif tag == "textarea":
            self._textarea, self._text = name, []
        elif tag == "select":
            self._select, self._select_value = name, None

    def handle_data(self, data):
        if self._textarea is not None:
            self._text.append(data)

    def handle_endtag(self, tag):
        if tag == "form":
            self.in_form = False
        elif tag == "textarea" and self._textarea is not None:
            self.fields.append((self._textarea, "".join(self._text).removeprefix("\n")))
            self._textarea = None
        elif tag == "select" and self._select is not None:
            self.fields.append((self._select, self._select_value or ""))
            self._select = None


def posted_fields(html: str, form_id: str) -> list[tuple[str, str]]:
    parser = _FormFields(form_id)
    parser.feed(html)
    return parser.fields
