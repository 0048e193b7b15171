"""Generation speed of the compiled sampler vs a naive ``model.predict``-per-step loop.

For each committed model (Melody RNN attention_rnn, Drums RNN drum_kit), in a fresh subprocess:

* cold start: ``import inference.rnn.generate`` + load the checkpoint + trace the sampling loop;
* warm: 8 variations x 64 new steps after a 1-step primer, median of ``--runs`` calls of the
  compiled ``tf.function`` sampler;
* masked (melody): the same call with a Key and Scale mask (C blues), each right after an
  unmasked call with the same seed; its median and its ratio to the unmasked median;
* naive: the same job written the obvious way — every step calls ``model.predict`` on the whole
  sequence so far and samples the last step in numpy — on the same weights, median of
  ``--naive-runs`` runs; the ratio naive / compiled is measured in the same process;
* peak RSS of that process (``ru_maxrss``).

Then the same for the VAE tools (generate, interpolate, groove, drumify), from
``bench/generation_vae.py``.

    OPENBLAS_NUM_THREADS=1 .venv/bin/python bench/generation.py
"""

from __future__ import annotations

import json
import os
import sys
from pathlib import Path

import child_runs

ROOT = child_runs.ROOT
MODELS = {"melody": "melody_rnn", "drums": "drums_rnn"}  # folders under --checkpoints
VARIATIONS, STEPS = 8, 64


def measure(kind: str, root: Path, runs: int, naive_runs: int) -> dict:
    """Runs inside the subprocess: everything for one model."""
    import time

    started = time.perf_counter()
    from inference.rnn.generate import load_sampler

    sampler = load_sampler(root / MODELS[kind])
    cold = time.perf_counter() - started

    import numpy as np

    from inference.music.scales import logit_mask

    primer = np.full((VARIATIONS, 1), 1, np.int32)  # a note-off / a kick: any valid class
    mask = logit_mask("C", "blues") if kind == "melody" else None
    timings, masked = [], []
    for seed in range(runs):
        t0 = time.perf_counter()
        classes, _ = sampler.sample(primer, 1 + STEPS, 1.0, seed)
        timings.append(time.perf_counter() - t0)
        if mask is not None:
            t0 = time.perf_counter()
            sampler.sample(primer, 1 + STEPS, 1.0, seed, mask)
            masked.append(time.perf_counter() - t0)
    assert classes.shape == (VARIATIONS, 1 + STEPS)

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
    summary = child_runs.summary(cold, timings, naive)
    return {"model": kind, **summary, **child_runs.masked_summary(timings, masked)}


def main() -> int:
    args = child_runs.parse_args(__doc__.splitlines()[0], MODELS)
    if args.child:
        sys.path.insert(0, str(ROOT))
        print(json.dumps(measure(args.child, args.checkpoints, args.runs, args.naive_runs)))
        return 0
    threads = child_runs.child_environment()["INFERENCE_THREADS"]
    print(
        f"generation: {VARIATIONS} variations x {STEPS} steps, threads={threads}, "
        f"cpus={os.cpu_count()}"
    )
    ok = child_runs.run_children(__file__, MODELS, args, 7)
    # The four VAE tools, same rules and options (bench/generation_vae.py).
    import generation_vae

    print()
    ok &= generation_vae.report(args)
    return 0 if ok else 1


if __name__ == "__main__":
    raise SystemExit(main())
