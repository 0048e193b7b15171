"""Speed of the timbre autoencoder on one core, against a naive run of the same decoding.

* cold: import, load the checkpoint, trace and decode the first note;
* warm decode of one 4-s note (median of ``--runs``), target < 200 ms;
* a 2-D pad of 4 instruments precomputed for one octave (13 notes, C4..C5, at one pad position:
  encode the four corners, blend, decode the 13 pitches in one call), target < 10 s; and, for
  context, a 3 x 3 grid of pad positions for the same octave (corners encoded once);
* naive: the same decoding run eagerly, op by op (no ``tf.function``), measured in the same
  process on the same note; the ratio is naive / compiled.

Notes are rendered with FluidSynth from the TimGM6mb font pretty_midi ships (no data folder).

    OPENBLAS_NUM_THREADS=1 .venv/bin/python bench/nsynth.py [--checkpoint DIR] [--runs 7]
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import sys
import time
from pathlib import Path

import numpy as np

os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")
os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")
os.environ.setdefault("TF_ENABLE_ONEDNN_OPTS", "0")
os.environ.setdefault("INFERENCE_THREADS", "1")
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

CORNERS = {"piano": 0, "violin": 40, "trumpet": 56, "flute": 73}
OCTAVE = list(range(60, 73))


def timed(function, runs: int) -> tuple[float, object]:
    times, result = [], None
    for _ in range(runs):
        start = time.perf_counter()
        result = function()
        times.append(time.perf_counter() - start)
    return statistics.median(times), result


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--checkpoint", default="nsynth")
    parser.add_argument("--runs", type=int, default=7)
    parser.add_argument("--naive-runs", type=int, default=3)
    args = parser.parse_args()

    from inference.nsynth import data

    renderer = data.NoteRenderer(data.pretty_midi_font())
    notes = {name: renderer.render(program, 60, 100) for name, program in CORNERS.items()}
    renderer.close()

    started = time.perf_counter()
    from inference.nsynth import timbre
    from inference.nsynth.features import midi_to_hz

    model = timbre.load_model(args.checkpoint)
    first = model.encode(notes["piano"], 60)
    model.decode(first.z, first.f0_hz, first.loudness_db)
    cold = time.perf_counter() - started

    warm, _ = timed(lambda: model.decode(first.z, first.f0_hz, first.loudness_db), args.runs)

    import tensorflow as tf

    def naive():
        tf.config.run_functions_eagerly(True)
        try:
            return model.decode(first.z, first.f0_hz, first.loudness_db)
        finally:
            tf.config.run_functions_eagerly(False)

    naive_time, _ = timed(naive, args.naive_runs)

    def encode_corners():
        return [model.encode(notes[name], 60) for name in CORNERS]

    def pad(corners, x: float, y: float) -> object:
        z = timbre.blend_pad(*(c.z for c in corners), x, y)
        loudness = timbre.blend_pad(*(c.loudness_db for c in corners), x, y)
        count = len(OCTAVE)
        return model.decode_many(
            np.repeat(z[None], count, 0), midi_to_hz(OCTAVE), np.repeat(loudness[None], count, 0)
        )

    # What a pad position costs from scratch: encode the four corners, blend, decode 13 notes.
    pad_time, octave = timed(lambda: pad(encode_corners(), 0.3, 0.7), 3)

    def grid():
        corners = encode_corners()
        return [pad(corners, x, y) for x in (0, 0.5, 1) for y in (0, 0.5, 1)]

    grid_time, _ = timed(grid, 1)

    def naive_pad():
        tf.config.run_functions_eagerly(True)
        try:
            corners = [model.encode(notes[name], 60) for name in CORNERS]
            z = timbre.blend_pad(*(c.z for c in corners), 0.3, 0.7)
            loudness = timbre.blend_pad(*(c.loudness_db for c in corners), 0.3, 0.7)
            return [model.decode(z, midi_to_hz(p), loudness) for p in OCTAVE]
        finally:
            tf.config.run_functions_eagerly(False)

    naive_pad_time, _ = timed(naive_pad, 1)
    result = {
        "checkpoint": str(args.checkpoint),
        "threads": int(os.environ["INFERENCE_THREADS"]),
        "cold_start_s": round(cold, 2),
        "decode_4s_note_warm_ms": round(warm * 1000, 1),
        "decode_target_ms": 200,
        "naive_eager_decode_ms": round(naive_time * 1000, 1),
        "decode_speedup_vs_naive": round(naive_time / warm, 1),
        "pad_octave_13_notes_s": round(pad_time, 2),
        "pad_target_s": 10,
        "naive_pad_octave_s": round(naive_pad_time, 2),
        "pad_speedup_vs_naive": round(naive_pad_time / pad_time, 1),
        "pad_3x3_grid_octave_s": round(grid_time, 2),
        "octave_shape": list(np.shape(octave)),
        "load_average_1min": round(os.getloadavg()[0], 2),
    }
    print(json.dumps(result, indent=1))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
