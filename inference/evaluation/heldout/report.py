"""A held-out evaluation's result: tables of measures next to baselines, and target checks.

Every suite of this package returns a :class:`Report`; :func:`write_report` puts it in a
checkpoint folder as ``evaluation.json`` and as the README's "Evaluation on held-out music"
section (between two markers, so re-running the evaluation replaces it and nothing else).
numpy only; no TensorFlow.
"""

from __future__ import annotations

import datetime as dt
import json
import math
from dataclasses import asdict, dataclass, field
from pathlib import Path

from ...shared.checkpoints import write_text_atomic

BEGIN = "<!-- held-out evaluation: written by python -m inference.evaluate -->"
END = "<!-- end of held-out evaluation -->"
EVALUATION_FILE = "evaluation.json"


@dataclass
class Table:
    """Rows of measures: ``rows[label] = {column: value}``; ``note`` says how it was measured."""

    title: str
    columns: list[str]
    rows: dict[str, dict[str, float | str | None]] = field(default_factory=dict)
    note: str = ""

    def add(self, label: str, **values) -> None:
        self.rows[label] = {column: values.get(column) for column in self.columns}


@dataclass
class Target:
    """One acceptance rule of the issue this model answers, checked on the measured value."""

    rule: str
    value: float
    threshold: float
    higher_is_better: bool = True

    @property
    def met(self) -> bool:
        if self.higher_is_better:
            return self.value >= self.threshold
        return self.value <= self.threshold


@dataclass
class Report:
    model: str
    split: str
    data: str  # what the held-out music is, in words
    tables: list[Table] = field(default_factory=list)
    targets: list[Target] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)

    def table(self, title: str, columns: list[str], note: str = "") -> Table:
        table = Table(title, columns, note=note)
        self.tables.append(table)
        return table

    def target(self, rule: str, value: float, threshold: float, higher_is_better=True) -> Target:
        target = Target(rule, float(value), float(threshold), higher_is_better)
        self.targets.append(target)
        return target

    @property
    def met(self) -> bool:
        return all(t.met for t in self.targets)

    def to_json(self) -> dict:
        return {
            "model": self.model,
            "split": self.split,
            "data": self.data,
            "created": dt.date.today().isoformat(),
            "tables": [_rounded(asdict(t)) for t in self.tables],
            "targets": [{**_rounded(asdict(t)), "met": t.met} for t in self.targets],
            "all_targets_met": self.met,
            "notes": self.notes,
        }

    def markdown(self) -> str:
        lines = [
            "## Evaluation on held-out music",
            "",
            f"Measured on the {self.split} split ({self.data}) with "
            f"`python -m inference.evaluate {self.model}`; every row of a table was measured "
            "the same way in the same run.",
        ]
        for table in self.tables:
            lines += ["", f"### {table.title}", ""]
            lines.append("| | " + " | ".join(table.columns) + " |")
            lines.append("|---|" + "---:|" * len(table.columns))
            for label, values in table.rows.items():
                cells = [_cell(values.get(c)) for c in table.columns]
                lines.append(f"| {label} | " + " | ".join(cells) + " |")
            if table.note:
                lines += ["", table.note]
        if self.targets:
            lines += ["", "### Targets", ""]
            for t in self.targets:
                sign = "≥" if t.higher_is_better else "≤"
                verdict = "met" if t.met else "**NOT met**"
                lines.append(
                    f"- {t.rule}: {_cell(t.value)} ({sign} {_cell(t.threshold)}) — {verdict}"
                )
        if self.notes:
            lines += [""] + [f"{note}" for note in self.notes]
        return "\n".join(lines) + "\n"


def _cell(value) -> str:
    if value is None:
        return "–"
    if isinstance(value, float):
        return "–" if math.isnan(value) else f"{value:.3f}"
    return str(value)


def _rounded(data):
    if isinstance(data, float):
        return None if math.isnan(data) else round(data, 4)
    if isinstance(data, dict):
        return {k: _rounded(v) for k, v in data.items()}
    if isinstance(data, list):
        return [_rounded(v) for v in data]
    return data


def write_report(directory: str | Path, report: Report) -> None:
    """``evaluation.json`` and the README section of ``report`` in the checkpoint ``directory``."""
    directory = Path(directory)
    write_text_atomic(
        directory / EVALUATION_FILE,
        json.dumps(report.to_json(), indent=2, ensure_ascii=False) + "\n",
    )
    write_section(directory / "README.md", BEGIN, END, report.markdown())


def write_section(
    readme: str | Path, begin: str, end: str, body: str, before: str | None = None
) -> None:
    """The README's section between the ``begin`` and ``end`` markers: replaced where it is, or
    added before the ``before`` marker (at the end when there is none), whole or not at all."""
    readme = Path(readme)
    text = readme.read_text(encoding="utf-8") if readme.is_file() else ""
    section = f"{begin}\n{body}{end}\n"
    if begin in text and end in text:
        head, rest = text.split(begin, 1)
        tail = rest.split(end, 1)[1].lstrip("\n")
        text = head + section + ("\n" + tail if tail else "")
    elif before and before in text:
        head, found, rest = text.partition(before)
        text = head.rstrip("\n") + "\n\n" + section + "\n" + found + rest
    else:
        text = text.rstrip("\n") + "\n\n" + section
    write_text_atomic(readme, text)
