"""What both card writers do alike: write the two files, and show the training log as a table."""

from __future__ import annotations

import csv
import json
from collections.abc import Callable
from pathlib import Path


def write_files(out: Path, card: dict, readme: str) -> None:
    (out / "card.json").write_text(json.dumps(card, indent=2) + "\n", encoding="utf-8")
    (out / "README.md").write_text(readme, encoding="utf-8")


def log_table(log: Path, columns: dict[str, Callable[[dict], str]]) -> str:
    """``training_log.csv`` as a Markdown table: each column's header and how a row fills it."""
    if not log.is_file():
        return "(no training log)"
    with log.open(newline="") as handle:
        rows = list(csv.DictReader(handle))
    lines = ["| " + " | ".join(columns) + " |", "|" + "---:|" * len(columns)]
    lines += ["| " + " | ".join(cell(row) for cell in columns.values()) + " |" for row in rows]
    return "\n".join(lines)
