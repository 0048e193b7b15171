"""The interface text in the code, and the Japanese catalogues that must translate it.

One i18n mechanism: msgids are English and appear in Python (gettext & co.), templates
({% translate %} / {% blocktranslate %}) and front-end modules (gettext from static/js/i18n.js).
This module extracts them the way makemessages would (Babel's extractors; Django's own
templatize for templates), so the guard tests need no GNU gettext.
"""

from __future__ import annotations

import io
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from babel.messages.extract import extract_javascript, extract_python
from babel.messages.pofile import read_po

ROOT = Path(__file__).resolve().parent.parent
LOCALE = ROOT / "locale" / "ja" / "LC_MESSAGES"
PYTHON_DIRS = ("webapp", "courses")
TEMPLATE_DIRS = ("templates",)
SCRIPT_DIRS = ("static",)
SKIPPED_PARTS = {"vendor", "tests", "migrations", "node_modules", "__pycache__"}

PYTHON_KEYWORDS = {
    "_": None,
    "gettext": None,
    "gettext_lazy": None,
    "gettext_noop": None,
    "ngettext": (1, 2),
    "ngettext_lazy": (1, 2),
    "pgettext": ((1, "c"), 2),
    "pgettext_lazy": ((1, "c"), 2),
    "npgettext": ((1, "c"), 2, 3),
    "npgettext_lazy": ((1, "c"), 2, 3),
}
SCRIPT_KEYWORDS = {
    "gettext": None,
    "gettextf": None,
    "ngettext": (1, 2),
    "pgettext": ((1, "c"), 2),
}


@dataclass(frozen=True)
class Message:
    msgid: str
    context: str | None
    where: str


def _files(dirs: tuple[str, ...], suffix: str):
    for name in dirs:
        for path in sorted((ROOT / name).rglob(f"*{suffix}")):
            if not SKIPPED_PARTS.intersection(path.relative_to(ROOT).parts):
                yield path


def _messages(path: Path, source: bytes, extractor, keywords) -> list[Message]:
    found = []
    for lineno, _funcname, messages, _comments in extractor(
        # Template literals too: `${gettext("Seed")}: ` is as common as a plain call.
        io.BytesIO(source),
        keywords,
        [],
        {"encoding": "utf-8", "parse_template_string": True},
    ):
        context = None
        if isinstance(messages, tuple | list):
            parts = list(messages)
            spec = keywords.get(_funcname)
            if isinstance(spec, tuple) and isinstance(spec[0], tuple):
                context, parts = parts[0], parts[1:]
            msgid = parts[0]
        else:
            msgid = messages
        if msgid:
            where = f"{path.relative_to(ROOT)}:{lineno}"
            found.append(Message(msgid, context, where))
    return found


@cache
def code_messages(domain: str) -> tuple[Message, ...]:
    """Every msgid the code asks for in `domain` ("django": Python + templates; "djangojs")."""
    from django.utils.translation.template import templatize

    found: list[Message] = []
    if domain == "django":
        for path in _files(PYTHON_DIRS, ".py"):
            found += _messages(path, path.read_bytes(), extract_python, PYTHON_KEYWORDS)
        for path in _files(TEMPLATE_DIRS, ".html"):
            code = templatize(path.read_text(encoding="utf-8"), origin=str(path))
            found += _messages(path, code.encode(), extract_python, PYTHON_KEYWORDS)
    else:
        for path in _files(SCRIPT_DIRS, ".js"):
            found += _messages(path, path.read_bytes(), extract_javascript, SCRIPT_KEYWORDS)
    return tuple(found)


@cache
def japanese_catalogue(domain: str) -> dict[tuple[str | None, str], str]:
    """(context, msgid) -> Japanese text; plural entries keyed by their singular msgid."""
    path = LOCALE / f"{domain}.po"
    if not path.exists():
        return {}
    with path.open("rb") as handle:
        catalog = read_po(handle, locale="ja", domain=domain)
    table = {}
    for message in catalog:
        if not message.id:
            continue
        msgid = message.id[0] if isinstance(message.id, tuple | list) else message.id
        text = message.string
        if isinstance(text, tuple | list):
            text = text[0] if text else ""
        table[(message.context, msgid)] = text or ""
    return table
