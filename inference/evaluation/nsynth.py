"""The timbre autoencoder on held-out instruments: reconstruction against two baselines, blends,
pitch. Run by its trainer for the card (``inference.training.nsynth``); imports TensorFlow
through the model.

* **Reconstruction**: the multi-scale spectral loss (the training loss, whole 4-s notes) of
  each evaluated test note's encode -> decode, next to
  (a) *nearest train instrument*: of the train instruments of the note's family, the note at
  the same pitch and velocity that is closest to the test note in that same loss (an oracle
  choice: the best that picking an existing instrument could do);
  (b) *family mean spectrum*: the mean STFT magnitude of those same train notes, resynthesized
  with a Griffin-Lim phase (neither it nor the model sees the test note's phase); for context
  also with the test note's own phase (generous: the true phase carries the note's timing and
  fine pitch, which the multi-scale loss then finds in every resolution).
* **Blends** of test pairs (two instruments of different programs at the same pitch and
  velocity): the spectral centroid of the sustained part over mix 0, 0.25, 0.5, 0.75, 1 (codes
  and loudness curves blended) should move monotonically; the blend at 0.5 should not be the
  crossfade of its ends: its band levels (sustained part, 64 mel bands) differ from those of
  the crossfade of the decoded ends (mix 0 and 1, so the model's own error cancels) by more
  than ``DIFFERS_DB`` on average. The multi-scale loss of the blend against the crossfade of
  the original notes is recorded for context.
* **Pitch**: f0 of the sustained part (YIN, refined on the spectrum; not told the pitch)
  within 10 cents of the requested pitch, for reconstructions and for 0.5-blends played a
  fourth higher than their notes; the rendered notes themselves for reference.
"""

from __future__ import annotations

from collections import defaultdict
from pathlib import Path

import numpy as np

from ..nsynth import arrays as note_arrays
from ..nsynth import metrics
from ..nsynth.features import midi_to_hz

MIXES = (0.0, 0.25, 0.5, 0.75, 1.0)
CENTS_TOLERANCE = 10.0
TRANSPOSE = 5  # semitones: blends are also played a fourth above their notes
# A band-level difference of 1 dB is about the smallest change of a sound's level a listener
# notices (the classic just-noticeable difference); below it, a blend sounds like a crossfade.
DIFFERS_DB = 1.0


def _octave_folded(cents: float) -> float:
    return abs((cents + 600.0) % 1200.0 - 600.0)


class SpectralLoss:
    """The training loss as one compiled function of two batches of notes."""

    def __init__(self, fft_sizes):
        import tensorflow as tf

        from ..nsynth.synth import spectral_loss

        self._loss = tf.function(
            lambda a, b: spectral_loss(a, b, fft_sizes),
            autograph=False,
            input_signature=[tf.TensorSpec([None, None]), tf.TensorSpec([None, None])],
        )

    def __call__(self, targets, estimates) -> np.ndarray:
        return self._loss(
            np.asarray(targets, np.float32), np.asarray(estimates, np.float32)
        ).numpy()


def train_index(train: note_arrays.NoteArrays) -> dict[tuple, list[int]]:
    index = defaultdict(list)
    for row, e in enumerate(train.examples):
        index[(e["instrument_family_str"], e["pitch"], e["velocity"])].append(row)
    return index


def reconstruction(model, loss, test, rows, train, index) -> dict:
    """Per evaluated note: the model's loss and both baselines'."""
    per_note, encodings = [], {}
    for row in rows:
        example, audio = test.examples[row], test.waveform([row])[0]
        encoding = model.encode(audio, example["pitch"])
        encodings[row] = encoding
        decoded = model.decode(encoding.z, encoding.f0_hz, encoding.loudness_db)
        key = (example["instrument_family_str"], example["pitch"], example["velocity"])
        candidates = index.get(key, [])
        if not candidates:
            continue
        references = train.waveform(candidates)
        nearest = loss(np.repeat(audio[None], len(candidates), 0), references)
        mean_magnitude = np.mean([metrics.magnitudes(r) for r in references], axis=0)
        family_mean = metrics.griffin_lim(mean_magnitude, len(audio))
        with_true_phase = metrics.with_phase_of(mean_magnitude, audio)
        model_loss, family_loss, true_phase_loss = loss(
            np.stack([audio, audio, audio]), np.stack([decoded, family_mean, with_true_phase])
        )
        per_note.append(
            {
                "row": int(row),
                "note_str": example["note_str"],
                "family": example["instrument_family_str"],
                "model": float(model_loss),
                "nearest_train_instrument": float(nearest.min()),
                "family_mean_spectrum": float(family_loss),
                "family_mean_spectrum_true_phase": float(true_phase_loss),
                "candidates": len(candidates),
            }
        )
    return {"notes": per_note, "encodings": encodings}


def _summary(per_note: list[dict]) -> dict:
    keys = (
        "model",
        "nearest_train_instrument",
        "family_mean_spectrum",
        "family_mean_spectrum_true_phase",
    )
    overall = {k: round(float(np.mean([n[k] for n in per_note])), 4) for k in keys}
    families = defaultdict(list)
    for n in per_note:
        families[n["family"]].append(n)
    by_family = {
        family: {k: round(float(np.mean([n[k] for n in notes])), 3) for k in keys}
        | {"notes": len(notes)}
        for family, notes in sorted(families.items())
    }
    wins = {
        f"model_below_{k}": round(float(np.mean([n["model"] < n[k] for n in per_note])), 3)
        for k in keys[1:]
    }
    return {"mean": overall, "share_of_notes": wins, "by_family": by_family}


def test_pairs(test, rows, count: int, seed: int) -> list[tuple[int, int]]:
    """Pairs of evaluated notes of different programs at the same pitch and velocity."""
    rng = np.random.default_rng(seed)
    groups = defaultdict(list)
    for row in rows:
        e = test.examples[row]
        groups[(e["pitch"], e["velocity"])].append(row)
    candidates = [
        (a, b)
        for group in groups.values()
        for i, a in enumerate(group)
        for b in group[i + 1 :]
        if test.examples[a]["program"] != test.examples[b]["program"]
    ]
    if not candidates:
        return []
    chosen = rng.choice(len(candidates), min(count, len(candidates)), replace=False)
    return [candidates[i] for i in sorted(chosen)]


def blends(model, loss, test, pairs, encodings) -> dict:
    from ..nsynth.timbre import blend

    records = []
    for a, b in pairs:
        ea, eb = encodings[a], encodings[b]
        pitch = test.examples[a]["pitch"]
        outputs = [
            model.decode(
                blend(ea.z, eb.z, mix), ea.f0_hz, blend(ea.loudness_db, eb.loudness_db, mix)
            )
            for mix in MIXES
        ]
        centroids = [metrics.spectral_centroid(o) for o in outputs]
        originals = test.waveform([a, b])
        # The decoded ends may order A and B the other way round from the real notes (the
        # model's error in brightness): such a path is monotonic, but not from A's side to B's.
        real = [metrics.spectral_centroid(o) for o in originals]
        half = outputs[MIXES.index(0.5)]
        context_loss = float(loss((0.5 * (originals[0] + originals[1]))[None], half[None])[0])
        decoded_crossfade = 0.5 * (outputs[0] + outputs[-1])
        difference_db = metrics.spectral_difference_db(half, decoded_crossfade)
        ends_db = metrics.spectral_difference_db(outputs[0], outputs[-1])
        transposed = model.decode(
            blend(ea.z, eb.z, 0.5),
            midi_to_hz(pitch + TRANSPOSE),
            blend(ea.loudness_db, eb.loudness_db, 0.5),
        )
        f0_cents = metrics.cents(metrics.estimate_f0(transposed), midi_to_hz(pitch + TRANSPOSE))
        records.append(
            {
                "a": test.examples[a]["note_str"],
                "b": test.examples[b]["note_str"],
                "centroids_hz": [round(c, 1) for c in centroids],
                "real_centroids_hz": [round(c, 1) for c in real],
                "monotonic": metrics.monotonic(centroids),
                "monotonic_in_real_direction": metrics.monotonic_towards(centroids, *real),
                "blend_vs_crossfade_db": round(difference_db, 2),
                "a_vs_b_db": round(ends_db, 2),
                "differs_from_crossfade": difference_db > DIFFERS_DB,
                "blend_vs_original_crossfade_loss": round(context_loss, 3),
                "transposed_f0_cents": round(f0_cents, 2),
            }
        )
    count = max(1, len(records))
    return {
        "pairs": len(records),
        "monotonic_share": round(sum(r["monotonic"] for r in records) / count, 3),
        "monotonic_in_real_direction_share": round(
            sum(r["monotonic_in_real_direction"] for r in records) / count, 3
        ),
        "differs_from_crossfade_share": round(
            sum(r["differs_from_crossfade"] for r in records) / count, 3
        ),
        "median_blend_vs_crossfade_db": round(
            float(np.median([r["blend_vs_crossfade_db"] for r in records])) if records else 0.0, 2
        ),
        "median_a_vs_b_db": round(
            float(np.median([r["a_vs_b_db"] for r in records])) if records else 0.0, 2
        ),
        "records": records,
    }


def pitch_accuracy(model, test, rows, encodings, blend_records) -> dict:
    def summary(errors):
        errors = np.asarray([e for e in errors if np.isfinite(e)])
        if not errors.size:
            return {}
        return {
            "notes": int(errors.size),
            "within_10_cents": round(float(np.mean(np.abs(errors) <= CENTS_TOLERANCE)), 3),
            "within_10_cents_any_octave": round(
                float(np.mean([_octave_folded(e) <= CENTS_TOLERANCE for e in errors])), 3
            ),
            "median_abs_cents": round(float(np.median(np.abs(errors))), 2),
        }

    decoded, rendered = [], []
    for row in rows:
        e, enc = test.examples[row], encodings[row]
        target = midi_to_hz(e["pitch"])
        audio = model.decode(enc.z, enc.f0_hz, enc.loudness_db)
        decoded.append(metrics.cents(metrics.estimate_f0(audio), target))
        rendered.append(metrics.cents(metrics.estimate_f0(test.waveform([row])[0]), target))
    return {
        "reconstructions": summary(decoded),
        "blends_a_fourth_up": summary([r["transposed_f0_cents"] for r in blend_records]),
        "rendered_notes_reference": summary(rendered),
    }


def evaluate_timbre(model_or_keras, args, train: note_arrays.NoteArrays) -> dict:
    """Everything the card reports, on the test split (``args.eval_split`` to choose on valid)."""
    from ..nsynth.timbre import TimbreModel

    model = (
        model_or_keras if isinstance(model_or_keras, TimbreModel) else TimbreModel(model_or_keras)
    )
    split = getattr(args, "eval_split", "test")
    cache = Path(args.cache_dir) if args.cache_dir else Path(args.data) / "cache"
    test = note_arrays.load_split(Path(args.data), split, cache)
    per_instrument = getattr(args, "eval_notes_per_instrument", 2)
    instruments = len({e["instrument_str"] for e in test.examples})
    rows = note_arrays.spread_rows(len(test), per_instrument * instruments)
    loss = SpectralLoss(model.config.fft_sizes)
    recon = reconstruction(model, loss, test, rows, train, train_index(train))
    error_by_row = {note["row"]: note["model"] for note in recon["notes"]}
    rows = [r for r in rows if r in error_by_row]
    pairs = test_pairs(test, rows, args.eval_pairs, args.seed)
    blend_results = blends(model, loss, test, pairs, recon["encodings"])
    return {
        "split": split,
        "instruments": instruments,
        "notes_evaluated": len(recon["notes"]),
        "reconstruction": _summary(recon["notes"]),
        "blend": blend_results,
        "pitch": pitch_accuracy(model, test, rows, recon["encodings"], blend_results["records"]),
    }
