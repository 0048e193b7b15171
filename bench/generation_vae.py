"""Speed of the four VAE studio tools, same rules as ``bench/generation.py``.

Each tool runs in a fresh subprocess on the committed weights:

* cold start: ``import inference.vae.tools`` + load the checkpoint + trace + the first call;
* warm: median of ``--runs`` calls of the public function, 8 variations' worth of work —
  ``generate`` 8 variations x 64 steps, ``interpolate`` 8 points x 64 steps, ``groove`` and
  ``drumify`` a 32-bar clip (8 chunks of 4 bars in one batch);
* masked (generate/melody): ``generate`` with a Key and Scale (C blues), each call right after
  an unmasked one with the same seed; its median and its ratio to the unmasked median;
* naive: the same job written the obvious way on the same weights, median of ``--naive-runs``:
  MusicVAE decodes step by step with ``model.predict`` on a one-step Keras model and samples in
  numpy (Interpolate first refines its two codes with eager TensorFlow gradients);
  GrooVAE / Tap2Drum (not autoregressive: one pass per chunk) call ``model.predict``
  once per 4-bar chunk and sample the hits in numpy. The ratio is measured in the same process;
* peak RSS of that process (``ru_maxrss``).

    OPENBLAS_NUM_THREADS=1 .venv/bin/python bench/generation_vae.py
"""

from __future__ import annotations

import json
import os
import sys
from pathlib import Path

import child_runs

ROOT = child_runs.ROOT
TOOLS = {  # tool -> checkpoint folder
    "generate/melody": "musicvae_melody",
    "generate/drums": "musicvae_drums",
    "interpolate/melody": "musicvae_melody_hikl",
    "interpolate/drums": "musicvae_drums_hikl",
    "groove": "groovae",
    "drumify": "tap2drum",
}
WORK = 8  # variations, interpolation points or 4-bar chunks


def example_clips():
    """A 4-bar melody and drum beat, and a 32-bar drum clip (8 chunks)."""
    from inference.music import Clip, Note

    scale = [60, 62, 64, 65, 67, 69, 71, 72]
    melody = Clip(tuple(Note(scale[i % 8], 4 * i, 4 * i + 3) for i in range(16)), "melody")
    other = Clip(tuple(Note(scale[-1 - i % 8], 2 * i, 2 * i + 2) for i in range(32)), "melody")

    def beat(bars):
        notes = []
        for step in range(0, 16 * bars, 2):
            notes.append(Note(42, step, step + 1, 90))
            if step % 8 in (0, 4):
                notes.append(Note(36 if step % 8 == 0 else 38, step, step + 1, 100))
        return Clip(tuple(notes), "drums", total_steps=16 * bars)

    return {"melody": (melody, other), "drums": (beat(4), beat(4)), "long": beat(4 * WORK)}


def naive_musicvae(bundle, z, rng):
    """Decode step by step: one ``model.predict`` per step, sampling in numpy."""
    import keras
    import numpy as np

    from inference.vae.latent import COUNTER_BITS

    model = bundle.model

    class OneStep(keras.Model):
        def call(self, inputs):
            token, code, counter, h, c = inputs
            x = model._decoder_inputs(token, code, counter)
            output, (h, c) = model.decoder.cell(x, [h, c])
            return model.classifier(output), h, c

    step_model = OneStep()
    h, c = np.split(model.initial_state(z).numpy(), 2, axis=-1)
    token = np.full(len(z), model.start_token, np.int32)
    bias = bundle.generate_bias(1.0)  # drum Generate's class calibration at T = 1
    bias = np.zeros(model.config.num_classes) if bias is None else bias
    chosen = []
    for step in range(64):
        counter = np.tile([(step >> b & 1) * 2.0 - 1.0 for b in range(COUNTER_BITS)], (len(z), 1))
        logits, h, c = step_model.predict([token, z, counter.astype(np.float32), h, c], verbose=0)
        logits = logits + bias
        probs = np.exp(logits - logits.max(axis=1, keepdims=True))
        probs /= probs.sum(axis=1, keepdims=True)
        token = np.array([rng.choice(len(p), p=p) for p in probs], np.int32)
        chosen.append(token)
    return np.stack(chosen, axis=1)


def naive_refine(bundle, windows, refinement):
    """Interpolate's code refinement the obvious way: eager TensorFlow gradients through the
    Keras decoder, one Adam step at a time."""
    import keras
    import tensorflow as tf

    codes = tf.Variable(bundle.model.encode(windows)[0])
    optimizer = keras.optimizers.Adam(refinement.learning_rate)
    for _ in range(refinement.steps):
        with tf.GradientTape() as tape:
            logits = bundle.model.teacher_forced_logits(codes, windows)
            loss = tf.reduce_sum(tf.nn.sparse_softmax_cross_entropy_with_logits(windows, logits))
        optimizer.apply_gradients([(tape.gradient(loss, codes), codes)])
    return codes.numpy()


def naive_performance(bundle, windows, rng):
    """One ``model.predict`` per 4-bar chunk (the unbatched way), hits sampled in numpy."""
    import numpy as np

    out = []
    config = bundle.model.config
    for window in windows:
        if config.scatter_head:  # the same job: draw velocity and offset from their spreads too
            outputs = [np.asarray(a) for a in bundle.model(window[None], with_spreads=True)]
            hit_logits, velocity, offset, _, _, velocity_sd, offset_sd = outputs
            velocity = velocity + config.velocity_spread * velocity_sd * rng.standard_normal(
                velocity.shape
            )
            offset = offset + offset_sd * rng.standard_normal(offset.shape)
        else:
            hit_logits, velocity, offset, _, _ = bundle.model.predict(window[None], verbose=0)
        hits = rng.random(hit_logits.shape) < 1 / (1 + np.exp(-hit_logits))
        out.append(np.stack([hits, velocity * hits, offset * hits], axis=-1))
    return np.concatenate(out)


def measure(tool: str, runs: int, naive_runs: int, checkpoints: Path) -> dict:
    import time

    started = time.perf_counter()
    from inference.shared import checkpoints as checkpoint_files
    from inference.vae import tools as studio_tools

    checkpoint_files.CHECKPOINT_ROOT = checkpoints

    clips = example_clips()
    kind = tool.split("/")[-1]
    calls = {
        "generate": lambda seed: studio_tools.generate(kind, WORK, 1.0, seed),
        "interpolate": lambda seed: studio_tools.interpolate(*clips[kind], WORK, 1.0, seed),
        "groove": lambda seed: studio_tools.groove(clips["long"], 1.0, seed),
        "drumify": lambda seed: studio_tools.drumify(clips["long"], 1.0, seed),
    }
    call = calls[tool.split("/")[0]]
    call(0)
    cold = time.perf_counter() - started

    import numpy as np

    from inference.vae.data import performance_from_clip, taps_from_clip

    timings, masked = [], []
    for seed in range(runs):
        t0 = time.perf_counter()
        call(seed)
        timings.append(time.perf_counter() - t0)
        if tool == "generate/melody":
            t0 = time.perf_counter()
            studio_tools.generate(kind, WORK, 1.0, seed, key="C", scale="blues")
            masked.append(time.perf_counter() - t0)

    bundle, rng = studio_tools.load_bundle(TOOLS[tool]), np.random.default_rng(0)
    if bundle.config.family == "musicvae":
        z = rng.standard_normal((WORK, bundle.config.latent)).astype(np.float32)
        job = lambda: naive_musicvae(bundle, z, rng)  # noqa: E731
        if tool.startswith("interpolate"):  # its codes are refined before they are decoded
            ends = np.stack([studio_tools.classes_from_clip(c, 64) for c in clips[kind]])
            refinement = studio_tools.INTERPOLATE_REFINEMENT[kind]

            def job():
                naive_refine(bundle, ends, refinement)
                return naive_musicvae(bundle, z, rng)
    else:
        long = clips["long"]
        score = taps_from_clip(long) if tool == "drumify" else performance_from_clip(long)[..., 0]
        windows = score.reshape(WORK, 64, -1).astype(np.float32)
        job = lambda: naive_performance(bundle, windows, rng)  # noqa: E731
    naive = []
    for _ in range(naive_runs):
        t0 = time.perf_counter()
        job()
        naive.append(time.perf_counter() - t0)
    summary = child_runs.summary(cold, timings, naive)
    return {"tool": tool, **summary, **child_runs.masked_summary(timings, masked)}


def report(args) -> bool:
    """Run every tool in its own process and print the table; False if one failed."""
    threads = child_runs.child_environment()["INFERENCE_THREADS"]
    print(
        f"VAE tools: {WORK} variations / points / 4-bar chunks x 64 steps, "
        f"threads={threads}, cpus={os.cpu_count()}"
    )
    return child_runs.run_children(__file__, TOOLS, args, 19)


def main() -> int:
    args = child_runs.parse_args(__doc__.splitlines()[0], TOOLS)
    if args.child:
        sys.path.insert(0, str(ROOT))
        print(json.dumps(measure(args.child, args.runs, args.naive_runs, args.checkpoints)))
        return 0
    return 0 if report(args) else 1


if __name__ == "__main__":
    raise SystemExit(main())
