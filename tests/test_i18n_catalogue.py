"""Guard tests: one i18n mechanism, and every interface msgid has Japanese."""

import re
from pathlib import Path

import pytest
from django.utils import translation

from tests.i18n_catalogue import ROOT, code_messages, japanese_catalogue


@pytest.mark.parametrize("domain", ["django", "djangojs"])
def test_every_msgid_in_the_code_has_a_japanese_translation(domain):
    messages = code_messages(domain)
    assert messages, f"no msgid found for {domain}: the extractor is broken"
    catalogue = japanese_catalogue(domain)

    def translated(message) -> bool:
        if catalogue.get((message.context, message.msgid), "").strip():
            return True
        if domain == "djangojs":
            return False  # the page's JS catalogue holds only the project's own entries
        # Words the admin templates borrow from Django itself ("Home", "Save and view").
        with translation.override("ja"):
            if message.context:
                return translation.pgettext(message.context, message.msgid) != message.msgid
            return translation.gettext(message.msgid) != message.msgid

    missing = sorted(
        {
            f"{m.where}: {m.msgid!r}" + (f" (context {m.context!r})" if m.context else "")
            for m in messages
            if not translated(m)
        }
    )
    assert not missing, (
        f"{len(missing)} msgid(s) without Japanese in locale/ja/LC_MESSAGES/{domain}.po "
        "(add them with scripts/po_add.py):\n" + "\n".join(missing)
    )


@pytest.mark.parametrize("domain", ["django", "djangojs"])
def test_placeholders_survive_translation(domain):
    placeholder = re.compile(r"%\(\w+\)[sd]|%[sd]")
    wrong = [
        f"{msgid!r} -> {text!r}"
        for (_context, msgid), text in japanese_catalogue(domain).items()
        if text and sorted(placeholder.findall(msgid)) != sorted(placeholder.findall(text))
    ]
    assert not wrong, "placeholders differ between msgid and Japanese:\n" + "\n".join(wrong)


def _sources(folder: str, suffix: str):
    for path in sorted((ROOT / folder).rglob(f"*{suffix}")):
        if not {"vendor", "node_modules"}.intersection(path.relative_to(ROOT).parts):
            yield path


def test_no_parallel_translation_tables_remain():
    """Interface text goes through gettext only: no (ja, en) pairs picked by language."""
    offenders = []
    patterns = {
        ".js": re.compile(r"\bt\(\s*lang\s*,|export function t\("),
        ".py": re.compile(r"\bclass Text\b|\bText\(\s*\"|:\s*tuple\[str, str\]\] = \{"),
        ".html": re.compile(r"\{% if lang == ['\"]en['\"] %\}"),
    }
    for folder, suffix in (("static", ".js"), ("courses", ".py"), ("templates", ".html")):
        for path in _sources(folder, suffix):
            text = path.read_text(encoding="utf-8")
            for match in patterns[suffix].finditer(text):
                line = text.count("\n", 0, match.start()) + 1
                offenders.append(f"{Path(path).relative_to(ROOT)}:{line}: {match.group(0)}")
    assert not offenders, "bilingual tables instead of gettext:\n" + "\n".join(offenders)
