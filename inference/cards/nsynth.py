"""The timbre autoencoder's model card: ``card.json``, ``evaluation.json`` and ``README.md``.

The numbers come from :mod:`inference.evaluation.nsynth` (held-out test instruments); the texts
that say how the model differs from NSynth are here, since only this family has them.
"""

from __future__ import annotations

import datetime as dt
import json
import os
from dataclasses import asdict
from pathlib import Path

from .common import log_table, write_files

BLEND_TARGET = 0.9  # share of test pairs whose centroid moves monotonically

DIFFERENCES = (
    "NSynth (Engel et al. 2017) is a WaveNet autoencoder: its decoder generates every sample "
    "autoregressively, conditioned on 16 numbers per 32 ms and the pitch, and was trained on "
    "306k notes of 1,006 commercial instruments on GPUs. This model keeps NSynth's bottleneck "
    "(16 numbers per frame, here every 16 ms) and its use (blend two codes, decode at any "
    "pitch), but its decoder drives a differentiable harmonic-plus-noise synthesizer (DDSP, "
    "Engel et al. 2020): the pitch is imposed, not generated, so notes are always in tune, "
    "and it trains on a CPU in about an hour. It cannot make inharmonic or noisy sounds "
    "beyond filtered noise (bells, drums), has no reverb module, and was trained on "
    "SoundFont renders of three General MIDI fonts, not recordings."
)


def write_card(out: Path, spec, args, config, results: dict, state: dict, stopped_by: str):
    recon = results["reconstruction"]["mean"]
    blend, pitch = results["blend"], results["pitch"]
    weights = out / "model.weights.h5"
    targets = {
        "beats_nearest_train_instrument": recon["model"] < recon["nearest_train_instrument"],
        "beats_family_mean_spectrum": recon["model"] < recon["family_mean_spectrum"],
        "blend_monotonic_share_at_least_0.9": blend["monotonic_share"] >= BLEND_TARGET,
        "blend_differs_from_crossfade_share_at_least_0.9": blend["differs_from_crossfade_share"]
        >= BLEND_TARGET,
        "reconstruction_f0_within_10_cents_share_at_least_0.9": pitch["reconstructions"].get(
            "within_10_cents", 0
        )
        >= BLEND_TARGET,
        "weights_at_most_15_MB": os.path.getsize(weights) <= 15 * 2**20,
    }
    card = {
        "model": config.name,
        "purpose": spec.purpose,
        "architecture": asdict(config),
        "weights_bytes": os.path.getsize(weights),
        "data": {"folder": Path(args.data).name, "format": "4 s, 16 kHz mono, key held 3 s"},
        "license": spec.corpus.licence_card(),
        "split": {"rule": spec.corpus.split_rule, "evaluated_on": results["split"]},
        "instruments_evaluated": results["instruments"],
        "reconstruction": results["reconstruction"],
        "blend": {k: v for k, v in blend.items() if k != "records"},
        "pitch": pitch,
        "targets": targets,
        "training": {
            "seed": args.seed,
            "batches": state["batches"],
            "best_batches": state["best_batches"],
            "best_val_loss": state["best_val_loss"] and round(state["best_val_loss"], 4),
            "stopped_by": stopped_by,
            "minutes": round(state["seconds"] / 60, 1),
            "batch_size": args.batch_size,
            "crop_frames": args.crop_frames,
            "learning_rate_phases": state.get("phases"),
            "optimizer": "Adam, global gradient-norm clip 3",
            "threads": args.threads,
            "initialized_from": state.get("initialized_from"),
            "blend_weight": state.get("blend_weight", 0.0),
        },
        "created": dt.date.today().isoformat(),
    }
    evaluation = {k: v for k, v in results.items()}
    (out / "evaluation.json").write_text(json.dumps(evaluation, indent=1) + "\n", encoding="utf-8")
    write_files(out, card, render_readme(card, out / "training_log.csv"))
    return card


LOG_COLUMNS = {
    header: (lambda row, key=key: row[key])
    for header, key in (
        ("batches", "batches"),
        ("train loss", "train_loss"),
        ("val loss", "val_loss"),
        ("minutes", "minutes"),
    )
}


def _yes(flag: bool) -> str:
    return "met" if flag else "**NOT met**"


def _provenance(training: dict) -> str:
    parts = []
    if training.get("initialized_from"):
        parts.append(f"The run started from the weights of `{training['initialized_from']}`.")
    if training.get("blend_weight"):
        parts.append(
            f"Blend regulariser weight {training['blend_weight']:g}"
            " (`inference/training/nsynth_blend.py`): batches of same-pitch pairs whose blends"
            " at mix 0.25 / 0.5 / 0.75 must move the centroid from A towards B."
        )
    return "\n\n" + " ".join(parts) if parts else ""


def _still_training(training: dict) -> str:
    if training["stopped_by"] != "still_training":
        return ""
    return (
        "\n\nThis card was written from the best weights so far while the run went on "
        "(`--card-only`). Re-running the training command resumes the run from "
        "`var/train/nsynth/`; `--card-only --out inference/checkpoints/nsynth` then rewrites "
        "this folder from its best weights."
    )


def render_readme(card: dict, log: Path) -> str:
    arch, training, recon = card["architecture"], card["training"], card["reconstruction"]
    mean, share = recon["mean"], recon["share_of_notes"]
    families = "\n".join(
        f"| {family} | {v['notes']} | {v['model']} | {v['nearest_train_instrument']} | "
        f"{v['family_mean_spectrum']} | {v['family_mean_spectrum_true_phase']} |"
        for family, v in recon["by_family"].items()
    )
    blend, pitch, targets = card["blend"], card["pitch"], card["targets"]

    def pitch_row(name, label):
        p = pitch.get(name) or {}
        if not p:
            return f"| {label} | - | - | - | - |"
        return (
            f"| {label} | {p['notes']} | {p['within_10_cents']} | "
            f"{p['within_10_cents_any_octave']} | {p['median_abs_cents']} |"
        )

    phases = ", then ".join(
        f"{p['learning_rate']:g} from batch {p['from_batch']}"
        for p in training["learning_rate_phases"] or []
    )
    return f"""# Model card: `{card["model"]}`

{card["purpose"]}. Trained by this project with `python -m inference.train {card["model"]}`
(TensorFlow 2.21 / Keras 3) on a shared 2-core CPU; no pretrained weights. Weights
{card["weights_bytes"] / 2**20:.1f} MB.

## Model
Per frame of 16 ms (256 samples at 16 kHz; 250 frames per 4-s note):
- encoder: the frame's log-mel spectrum ({64} bands) -> dense ({arch["encoder_units"]}) ->
  residual dilated 1-D convolutions (kernel 3, dilations {list(arch["dilations"])}) ->
  **z: {arch["latent"]} numbers per frame**;
- decoder: (pitch, A-weighted loudness, z) -> dense ({arch["decoder_units"]}) -> the same kind
  of convolutions -> a total amplitude, a distribution over {arch["harmonics"]} harmonics and
  {arch["noise_bands"]} noise-filter magnitudes;
- synthesizer (differentiable, written from Engel et al. 2020): the harmonics of the requested
  f0 (those above 8 kHz silenced) plus white noise shaped per frame by a 128-tap linear-phase
  FIR filter;
- loss: multi-scale spectral loss, FFT sizes {list(arch["fft_sizes"])}, 75 % overlap, mean
  absolute difference of linear plus log magnitudes, summed over sizes.

{DIFFERENCES}

## Data
- The mini-NSynth built by `scripts/build_nsynth_data.py` (folder `{card["data"]["folder"]}`): {card["data"]["format"]}.
- Licence: {card["license"]["data"]}. {card["license"]["credit"]}
- Split: {card["split"]["rule"]}

## Reconstruction of held-out ({card["split"]["evaluated_on"]}) instruments
Multi-scale spectral loss of whole 4-s notes (lower is better), mean over
{sum(v["notes"] for v in recon["by_family"].values())} notes of the {card["split"]["evaluated_on"]} instruments ({card["instruments_evaluated"]}, 2 notes each,
spread over pitch and velocity):

| | this model | nearest train instrument | family mean spectrum | family mean, true phase |
|---|---:|---:|---:|---:|
| all notes | {mean["model"]} | {mean["nearest_train_instrument"]} | {mean["family_mean_spectrum"]} | {mean["family_mean_spectrum_true_phase"]} |
| share of notes where the model is lower | | {share["model_below_nearest_train_instrument"]} | {share["model_below_family_mean_spectrum"]} | {share["model_below_family_mean_spectrum_true_phase"]} |

- *Nearest train instrument*: of the train instruments of the same GM family, the note at the
  same pitch and velocity closest to the test note in this same loss (an oracle choice: the
  best that picking an existing instrument could do).
- *Family mean spectrum*: the mean STFT magnitude (1024-point, hop 256) of those same train
  notes, resynthesized with a Griffin-Lim phase (32 iterations from zero phase): like the
  model, it never sees the test note's phase. *True phase*: the same magnitudes given the
  test note's own phase, a generous variant for context (the true phase carries the note's
  timing and fine pitch into every resolution of the loss).

| family | notes | model | nearest | family mean | family mean, true phase |
|---|---:|---:|---:|---:|---:|
{families}

## Blends ({blend["pairs"]} {card["split"]["evaluated_on"]} pairs: different programs, same pitch and velocity)
- Spectral centroid of the sustained part moves monotonically from A to B over mix 0, 0.25,
  0.5, 0.75, 1: **{blend["monotonic_share"]}** of pairs (target 0.9: {_yes(targets["blend_monotonic_share_at_least_0.9"])}).
  A and B here are the decoded ends (mix 0 and 1). Where the model's error in brightness
  orders them the other way round from the real notes, the path is monotonic but runs from
  B's side to A's: monotonic *and* in the real notes' direction for
  **{blend.get("monotonic_in_real_direction_share", "(not measured)")}** of pairs (no target; context).
- The blend at 0.5 is not a crossfade: its band levels (64 mel bands, sustained part) differ
  from those of the crossfade of the decoded ends (mix 0 and 1, so the model's own error
  cancels) by more than 1 dB on average for **{blend["differs_from_crossfade_share"]}** of
  pairs (median {blend["median_blend_vs_crossfade_db"]} dB, where A and B differ by a median
  {blend["median_a_vs_b_db"]} dB;
  {_yes(targets["blend_differs_from_crossfade_share_at_least_0.9"])}).

## Pitch
f0 of the sustained part (0.25-2.75 s) by YIN refined on the spectrum, not told the pitch:

| output | notes | within 10 cents | within 10 cents, any octave | median abs cents |
|---|---:|---:|---:|---:|
{pitch_row("reconstructions", "reconstructions")}
{pitch_row("blends_a_fourth_up", "0.5-blends played a fourth up")}
{pitch_row("rendered_notes_reference", "the rendered test notes (reference)")}

The synthesizer's partials are exact multiples of the requested f0; a miss is the estimator
failing on that output (a note that is mostly noise, or whose fundamental is weak), and the
"any octave" column shows how many misses are octave confusions.

## Targets
- Beats the nearest train instrument: {_yes(targets["beats_nearest_train_instrument"])}; beats the family mean spectrum: {_yes(targets["beats_family_mean_spectrum"])}.
- Blend centroid monotonic for at least 90 % of pairs: {_yes(targets["blend_monotonic_share_at_least_0.9"])}; the 0.5-blend differs from the crossfade for at least 90 %: {_yes(targets["blend_differs_from_crossfade_share_at_least_0.9"])}.
- Reconstructions within 10 cents for at least 90 % of notes: {_yes(targets["reconstruction_f0_within_10_cents_share_at_least_0.9"])}.
- Weights at most 15 MB: {_yes(targets["weights_at_most_15_MB"])}.

## Training
Seed {training["seed"]}, batches of {training["batch_size"]} crops of {training["crop_frames"]} frames
(1.02 s) with 16 frames of context each side, {training["optimizer"]}, learning rate {phases},
{training["threads"]} TensorFlow thread. {training["batches"]} batches in {training["minutes"]} minutes
({training["stopped_by"].replace("_", " ")}); best validation loss {training["best_val_loss"]}
after {training["best_batches"]} batches (48 whole notes of the validation instruments): the
checkpoint is the one with the lowest validation loss.{_provenance(training)}{_still_training(training)}

{log_table(log, LOG_COLUMNS)}

## Limits
Trained for {training["minutes"]} minutes on one shared CPU core: reconstructions are
recognisable but not transparent. Notes are single, dry (no reverb), 4 s long; pitch comes from the MIDI note, so
vibrato and pitch bends are not modelled.
"""
