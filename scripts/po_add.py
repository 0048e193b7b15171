"""Add or update Japanese translations in locale/ja/LC_MESSAGES/<domain>.po.

msgids are the English interface text (English pages show the msgid itself), so only the
Japanese catalogues hold translations. Several people (or agents) may add strings at once, so
the catalogue is rewritten under an exclusive lock.

    python scripts/po_add.py [--domain django|djangojs] MSGID MSGSTR [MSGID MSGSTR ...]
    python scripts/po_add.py --domain djangojs --json entries.json   # {"msgid": "msgstr", ...}

    python scripts/po_add.py --prune    # drop entries no code asks for any more (both domains)

A plural entry is a JSON list: {"%(n)s note": ["%(n)s 音"]} with the msgid_plural after "|":
"%(n)s note|%(n)s notes". Then run scripts/compile_messages.py (make install does).
"""

from __future__ import annotations

import argparse
import fcntl
import json
import os
import re
import sys
from pathlib import Path

from babel.messages.pofile import read_po, write_po

ROOT = Path(__file__).resolve().parent.parent
PYTHON_FORMAT = re.compile(r"%(\([a-zA-Z_]\w*\))?[-#0 +]*\d*(\.\d+)?[sdif]")


def catalogue_path(domain: str) -> Path:
    return ROOT / "locale" / "ja" / "LC_MESSAGES" / f"{domain}.po"


def add_entries(domain: str, entries: dict[str, str | list[str]]) -> int:
    path = catalogue_path(domain)
    path.parent.mkdir(parents=True, exist_ok=True)
    with open(ROOT / "locale" / ".lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        if path.exists():
            with path.open("rb") as handle:
                catalog = read_po(handle, locale="ja", domain=domain)
        else:
            from babel.messages.catalog import Catalog

            catalog = Catalog(locale="ja", domain=domain, project="Kanade")
        for msgid, msgstr in entries.items():
            key: str | tuple[str, str] = msgid
            if "|" in msgid and isinstance(msgstr, list):
                key = tuple(msgid.split("|", 1))
                msgstr = tuple(msgstr)
            flags = ["python-format"] if PYTHON_FORMAT.search(msgid) else []
            if domain == "djangojs":
                flags = ["javascript-format"] if PYTHON_FORMAT.search(msgid) else []
            existing = catalog.get(key if isinstance(key, str) else key[0])
            if existing is not None:
                existing.string = msgstr
                existing.flags = set(flags)
            else:
                catalog.add(key, msgstr, flags=flags)
        with path.open("wb") as handle:
            write_po(handle, catalog, width=100, omit_header=False, sort_output=False)
    return len(entries)


def prune() -> None:
    """Remove the entries whose msgid the code no longer uses (extracted as the guard tests do)."""
    sys.path.insert(0, str(ROOT))
    import django

    from tests.i18n_catalogue import code_messages

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "webapp.settings_test")
    django.setup()  # templatize needs the template engine's settings
    with open(ROOT / "locale" / ".lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        for domain in ("django", "djangojs"):
            used = {(m.context, m.msgid) for m in code_messages(domain)}
            path = catalogue_path(domain)
            with path.open("rb") as handle:
                catalog = read_po(handle, locale="ja", domain=domain)
            unused = [
                message
                for message in catalog
                if message.id
                and (
                    message.context,
                    message.id[0] if isinstance(message.id, tuple) else message.id,
                )
                not in used
            ]
            for message in unused:
                catalog.delete(message.id, context=message.context)
            with path.open("wb") as handle:
                write_po(handle, catalog, width=100, omit_header=False, sort_output=False)
            print(f"{domain}: removed {len(unused)} unused entries")


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--domain", choices=["django", "djangojs"], default="django")
    parser.add_argument("--json", type=Path, help="a JSON object of msgid -> msgstr")
    parser.add_argument("--prune", action="store_true", help="drop entries the code no longer uses")
    parser.add_argument("pairs", nargs="*")
    args = parser.parse_args(argv)
    if args.prune:
        prune()
        return
    entries: dict = {}
    if args.json:
        entries.update(json.loads(args.json.read_text(encoding="utf-8")))
    if len(args.pairs) % 2:
        sys.exit("pairs must come as MSGID MSGSTR")
    entries.update(dict(zip(args.pairs[::2], args.pairs[1::2], strict=True)))
    count = add_entries(args.domain, entries)
    print(f"{count} entries in {catalogue_path(args.domain).relative_to(ROOT)}")


if __name__ == "__main__":
    main()
