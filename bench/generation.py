"""Generation speed of the compiled sampler vs a naive ``model.predict``-per-step loop.

For each committed model (Melody RNN attention_rnn, Drums RNN drum_kit), in a fresh subprocess:

* cold start: ``import inference.generate`` + load the checkpoint + trace the sampling loop;
* warm: 8 variations x 64 new steps after a 1-step primer, median of ``--runs`` calls of the
  compiled ``tf.function`` sampler;
* naive: the same job written the obvious way — every step calls ``model.predict`` on the whole
  sequence so far and samples the last step in numpy — on the same weights, median of
  ``--naive-runs`` runs; the ratio naive / compiled is measured in the same process;
* peak RSS of that process (``ru_maxrss``).

Then the same for issue #5's VAE tools (generate, interpolate, groove, drumify), from
``bench/generation_vae.py``.

    OPENBLAS_NUM_THREADS=1 .venv/bin/python bench/generation.py
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
MODELS = {"melody": "melody_rnn", "drums": "drums_rnn"}  # folders under --checkpoints
VARIATIONS, STEPS = 8, 64


def measure(kind: str, root: Path, runs: int, naive_runs: int) -> dict:
    """Runs inside the subprocess: everything for one model."""
    import time

    started = time.perf_counter()
    from inference.generate import load_sampler

    sampler = load_sampler(root / MODELS[kind])
    cold = time.perf_counter() - started

    import resource
    import statistics

    import numpy as np

    primer = np.full((VARIATIONS, 1), 1, np.int32)  # a note-off / a kick: any valid class
    timings = []
    for seed in range(runs):
        t0 = time.perf_counter()
        classes, _ = sampler.sample(primer, 1 + STEPS, 1.0, seed)
        timings.append(time.perf_counter() - t0)
    assert classes.shape == (VARIATIONS, 1 + STEPS)
    warm = statistics.median(timings)

    model, rng = sampler.model, np.random.default_rng(0)
    naive = []
    for _ in range(naive_runs):
        t0 = time.perf_counter()
        tokens = primer.copy()
        for _step in range(STEPS):
            positions = np.broadcast_to(np.arange(tokens.shape[1]), tokens.shape)
            logits = model.predict((tokens, positions), verbose=0)[:, -1]
            probs = np.exp(logits - logits.max(axis=1, keepdims=True))
            probs /= probs.sum(axis=1, keepdims=True)
            nxt = [rng.choice(len(p), p=p) for p in probs]
            tokens = np.concatenate([tokens, np.array(nxt, np.int32)[:, None]], axis=1)
        naive.append(time.perf_counter() - t0)
    naive_median = statistics.median(naive)
    return {
        "model": kind,
        "cold_start_s": round(cold, 2),
        "warm_ms": round(warm * 1000, 1),
        "warm_min_ms": round(min(timings) * 1000, 1),
        "naive_ms": round(naive_median * 1000, 1),
        "speedup": round(naive_median / warm, 1),
        "peak_rss_mb": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1),
        "runs": runs,
        "naive_runs": naive_runs,
    }


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=15, help="timed compiled runs (median)")
    parser.add_argument("--naive-runs", type=int, default=3, help="timed naive runs (median)")
    parser.add_argument(
        "--checkpoints", type=Path, default=ROOT / "inference" / "checkpoints", help="model folders"
    )
    parser.add_argument("--child", choices=sorted(MODELS), help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.runs < 1 or args.naive_runs < 1:
        parser.error("--runs and --naive-runs must be at least 1")
    if args.child:
        sys.path.insert(0, str(ROOT))
        print(json.dumps(measure(args.child, args.checkpoints, args.runs, args.naive_runs)))
        return 0

    env = dict(os.environ, OPENBLAS_NUM_THREADS="1", TF_CPP_MIN_LOG_LEVEL="3")
    env.setdefault("INFERENCE_THREADS", "1")
    print(
        f"generation: {VARIATIONS} variations x {STEPS} steps, threads={env['INFERENCE_THREADS']}, "
        f"cpus={os.cpu_count()}"
    )
    header = "model   cold start   warm median (min)    naive median   speedup   peak RSS"
    print(header)
    failed = False
    for kind in MODELS:
        command = [sys.executable, __file__, "--child", kind, "--runs", str(args.runs)]
        command += ["--naive-runs", str(args.naive_runs), "--checkpoints", str(args.checkpoints)]
        done = subprocess.run(command, capture_output=True, text=True, env=env, cwd=ROOT)
        if done.returncode:
            print(f"{kind}: failed\n{done.stderr[-2000:]}")
            failed = True
            continue
        r = json.loads(done.stdout.strip().splitlines()[-1])
        print(
            f"{kind:<7} {r['cold_start_s']:>8.2f} s  {r['warm_ms']:>8.1f} ms ({r['warm_min_ms']:.1f})"
            f"   {r['naive_ms']:>9.1f} ms   {r['speedup']:>6.1f}x   {r['peak_rss_mb']:>6.1f} MB"
        )
        ok = r["speedup"] >= 20 and r["warm_ms"] < 150
        print(f"        targets (>= 20x, < 150 ms warm): {'met' if ok else 'NOT met'}")
    # Issue #5's four VAE tools, same rules and options (bench/generation_vae.py).
    import generation_vae

    print()
    failed |= not generation_vae.report(args.runs, args.naive_runs, args.checkpoints)
    return 1 if failed else 0


if __name__ == "__main__":
    raise SystemExit(main())
