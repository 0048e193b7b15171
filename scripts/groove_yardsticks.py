"""How far metadata the GrooVAE never sees would get a humanizer (docs/models.md).

For the GMD test split, the positional-mean baseline of ``inference.evaluation.baselines`` against the same
table computed per drummer, per session and per tempo band of the train split (falling back to
the global table where a group has fewer than 3 hits in a cell). Prints relative improvements.

    OPENBLAS_NUM_THREADS=1 .venv/bin/python scripts/groove_yardsticks.py --data ../shared/data/groove
"""

from __future__ import annotations

import argparse
import csv
import sys
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from inference.evaluation.baselines import position_table  # noqa: E402
from inference.music import STEPS_PER_BAR  # noqa: E402
from inference.training.windows import load_gmd_performances, performance_windows  # noqa: E402
from inference.vae.data import HIT, OFFSET, VELOCITY, WINDOW_STEPS  # noqa: E402

TEMPO_BANDS = [80, 95, 105, 115, 125, 140]


def windows_with_rows(items, info, hop):
    arrays, rows = [], []
    for item in items:
        windows = performance_windows([item], hop)
        arrays.append(windows)
        rows += [info[item.name] | {"qpm": item.qpm}] * len(windows)
    return np.concatenate(arrays), rows


def grouped_mae(train, train_keys, test, test_keys, channel) -> float:
    overall = position_table(train, channel)
    guess = np.broadcast_to(overall, test.shape[:3]).copy()
    for key in set(test_keys):
        chosen = train_keys == key
        if chosen.any():
            group = position_table(train[chosen], channel)
            enough = train[chosen][..., HIT].sum(axis=0) >= 3
            guess[test_keys == key] = np.where(enough, group, overall)
    return float(np.abs(guess - test[..., channel])[test[..., HIT] > 0].mean())


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--data", required=True, help="the groove/ data folder")
    parser.add_argument("--cache-dir", default="var/vae_data")
    args = parser.parse_args(argv)
    with (Path(args.data) / "info.csv").open(encoding="utf-8", newline="") as handle:
        info = {row["id"]: row for row in csv.DictReader(handle)}
    performances = load_gmd_performances(args.data, cache_dir=args.cache_dir)
    # The same windows as the card: train starts on every bar, test windows do not overlap.
    train, train_rows = windows_with_rows(performances["train"], info, STEPS_PER_BAR)
    test, test_rows = windows_with_rows(performances["test"], info, WINDOW_STEPS)
    groupings = {
        "none (the baseline)": lambda row: "all",
        "drummer": lambda row: row["drummer"],
        "session": lambda row: row["session"],
        "tempo band": lambda row: str(np.digitize(row["qpm"], TEMPO_BANDS)),
    }
    print(f"windows: train {len(train)}, test {len(test)}")
    for channel, name, scale in ((VELOCITY, "velocity", 127), (OFFSET, "offset", 1)):
        base = None
        for label, key in groupings.items():
            train_keys = np.array([key(row) for row in train_rows])
            test_keys = np.array([key(row) for row in test_rows])
            mae = scale * grouped_mae(train, train_keys, test, test_keys, channel)
            base = mae if base is None else base
            print(f"{name:8s} table per {label:20s} MAE {mae:.4f}  gain {1 - mae / base:+.1%}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
