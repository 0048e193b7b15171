"""What ``bench/generation.py`` and ``bench/generation_vae.py`` share: the command line, one
fresh subprocess per model or tool, the summary each child prints and the table of results."""

from __future__ import annotations

import argparse
import json
import os
import resource
import statistics
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
TARGET_SPEEDUP, TARGET_WARM_MS = 20, 150


def parse_args(description: str, names) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=description)
    parser.add_argument("--runs", type=int, default=15, help="timed compiled runs (median)")
    parser.add_argument("--naive-runs", type=int, default=3, help="timed naive runs (median)")
    parser.add_argument(
        "--checkpoints", type=Path, default=ROOT / "inference" / "checkpoints", help="model folders"
    )
    parser.add_argument("--child", choices=sorted(names), help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.runs < 1 or args.naive_runs < 1:
        parser.error("--runs and --naive-runs must be at least 1")
    return args


def summary(cold: float, timings: list[float], naive: list[float]) -> dict:
    """A child's result: cold start, warm and naive medians, their ratio, peak RSS."""
    warm, naive_median = statistics.median(timings), statistics.median(naive)
    return {
        "cold_start_s": round(cold, 2),
        "warm_ms": round(warm * 1000, 1),
        "warm_min_ms": round(min(timings) * 1000, 1),
        "naive_ms": round(naive_median * 1000, 1),
        "speedup": round(naive_median / warm, 1),
        "peak_rss_mb": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1),
        "runs": len(timings),
        "naive_runs": len(naive),
    }


def masked_summary(timings: list[float], masked: list[float]) -> dict:
    """The scale-masked case (Key and Scale), timed in the same process, each masked call right
    after an unmasked one with the same seed so both see the same machine: its median and its
    ratio to the unmasked median."""
    if not masked:
        return {}
    warm, masked_median = statistics.median(timings), statistics.median(masked)
    return {
        "masked_ms": round(masked_median * 1000, 1),
        "masked_ratio": round(masked_median / warm, 3),
    }


def child_environment() -> dict:
    env = dict(os.environ, OPENBLAS_NUM_THREADS="1", TF_CPP_MIN_LOG_LEVEL="3")
    env.setdefault("INFERENCE_THREADS", "1")
    return env


def run_children(script: str, names, args, width: int) -> bool:
    """Run ``script --child NAME`` for each name, print a row each; False if one failed."""
    print(f"{'':<{width}} cold start   warm median (min)    naive median   speedup   peak RSS")
    ok = True
    for name in names:
        command = [sys.executable, script, "--child", name, "--runs", str(args.runs)]
        command += ["--naive-runs", str(args.naive_runs), "--checkpoints", str(args.checkpoints)]
        done = subprocess.run(
            command, capture_output=True, text=True, env=child_environment(), cwd=ROOT
        )
        if done.returncode:
            print(f"{name}: failed\n{done.stderr[-2000:]}")
            ok = False
            continue
        r = json.loads(done.stdout.strip().splitlines()[-1])
        print(
            f"{name:<{width}} {r['cold_start_s']:>8.2f} s  {r['warm_ms']:>8.1f} ms "
            f"({r['warm_min_ms']:.1f})   {r['naive_ms']:>9.1f} ms   {r['speedup']:>6.1f}x"
            f"   {r['peak_rss_mb']:>6.1f} MB"
        )
        if "masked_ms" in r:
            print(
                f"{'':<{width}} with a scale mask: {r['masked_ms']:.1f} ms warm median, "
                f"{r['masked_ratio']:.3f}x the unmasked median"
            )
        met = r["speedup"] >= TARGET_SPEEDUP and r["warm_ms"] < TARGET_WARM_MS
        targets = f"targets (>= {TARGET_SPEEDUP}x, < {TARGET_WARM_MS} ms warm)"
        print(f"{'':<{width}} {targets}: {'met' if met else 'NOT met'}")
    return ok
