"""Every model this project trains, by name: ``CONFIG_MAP`` (after Magenta's music_vae/configs.py).

A :class:`ModelSpec` holds everything the trainer, the evaluation and the card need to know about
one model: its network config (saved as ``config.json``), its data converter, the texts of its
card, its target rule and its family (which trainer it gets). Nothing else in ``inference``
switches on a model's name, so adding a model is its network's module (when it is a new
architecture) plus one entry here; ``python -m inference.train <name>`` then trains it and writes
its checkpoint and card. See docs/models.md, "Adding a model".

Importing this module does not import TensorFlow (the web side and the workers may read it):
the data converters and evaluations referenced here are numpy-only at import time.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field

from .evaluation.heldout.drums import drums_rnn_suite, musicvae_drums_suite
from .evaluation.heldout.interpolation import interpolation_suite
from .evaluation.heldout.performance import groove_suite
from .evaluation.heldout.scales import melody_rnn_suite, musicvae_melody_suite
from .evaluation.heldout.taps import drumify_suite
from .evaluation.targets import AboveBaseline, BelowBaseline
from .evaluation.vae import evaluate_musicvae, evaluate_performance
from .music import DRUM_NUM_EVENTS, MELODY_NUM_CLASSES, NUM_DRUM_CLASSES
from .nsynth.config import DdspConfig
from .rnn.config import RnnConfig
from .training.corpora import GROOVE, MELODIES, MINI_NSYNTH, Corpus
from .training.datasets import load_groove, load_melodies
from .training.nsynth import evaluate_on_test, load_data
from .training.windows import (
    humanize_data,
    musicvae_drum_data,
    musicvae_melody_data,
    tap_data_with_flat_taps,
)
from .vae.config import TAP_FEATURES, VaeConfig

FAMILIES = ("rnn", "vae", "ddsp")  # the trainers: inference.training.rnn, .vae, .nsynth


@dataclass(frozen=True)
class ModelSpec:
    name: str  # the CLI's model name and the checkpoint folder's
    family: str  # "rnn" | "vae" | "ddsp": its trainer, evaluation and card
    network: RnnConfig | VaeConfig | DdspConfig  # how to build the network; saved as config.json
    corpus: Corpus  # the data it learns from: folder, licence, credit, split rule
    # The data converter: (data_dir, limit=None, ...) -> the family's training data (the RNNs:
    # a Dataset of sequences; the VAEs: per split, the arrays of one example, also cache_dir).
    load_data: Callable
    purpose: str  # the card's first sentence
    target: AboveBaseline | BelowBaseline | None = None  # the card's acceptance rule (VAEs)
    windowing: str = ""  # VAE cards: how the data is cut into windows
    style: str = ""  # RNN cards: the style of the data, hence of the outputs
    model_notes: str = ""  # VAE cards: ends the architecture paragraph ({field}: the config's)
    baselines: Mapping[str, str] = field(default_factory=dict)  # metric -> what its baseline does
    transpose: int = 0  # RNNs: default ± semitones of transposition augmentation
    evaluate: Callable | None = None  # VAEs: (model, data, split, references) -> results
    references: tuple[str, ...] = ()  # VAEs: yardsticks measured for context (evaluation.vae)
    # The held-out suite (inference.evaluation.heldout): (spec, data_dir, split, checkpoint,
    # seed) -> Report; run by ``python -m inference.evaluate <name>``.
    heldout: Callable | None = None

    def __post_init__(self):
        if self.family not in FAMILIES:
            raise ValueError(f"{self.name}: family must be one of {FAMILIES}, got {self.family}")


# --- shared card texts -----------------------------------------------------------------------

MUSICVAE_NOTES = (
    "The decoder starts from tanh(W z) and reads the previous event, z and a binary step counter "
    "at each step; in training a share of {word_dropout} of those previous events is hidden "
    "(word dropout) so the decoder must use z. Sampling draws z ~ N(0, {prior_scale}^2 I): the "
    "prior scale is the measured spread of the codes of the training windows (low-KL recipe)."
)
PERFORMANCE_NOTES = (
    "The encoder reads the conditioning input ({num_classes} features per step: the quantized "
    "hits, or the tap voice); the decoder reads that input, z and a step counter and writes hit, "
    "velocity and offset for the 9 drum classes. At temperature T, z = mean + T x sd x noise and "
    "hits are Bernoulli(sigmoid((logit - logit({hit_threshold})) / T)): at T = 0, the cells whose "
    "hit probability is above {hit_threshold}."
)
SCATTER_NOTES = (
    " The decoder also predicts a spread (a Gaussian standard deviation) for every velocity and "
    "offset, trained by likelihood; at temperature T offsets are drawn with T times their "
    "spread and velocities with T x {velocity_spread} of theirs."
)
MUSICVAE_BASELINES = {
    "reconstruction_accuracy": "the most frequent event of the train split at each of the "
    "64 step positions",
    "kl": "0 by definition: the baseline sends no information about the window",
}
PERFORMANCE_BASELINES = {
    "velocity_mae": "train mean velocity per (step position, drum class)",
    "offset_mae": "train mean offset per (step position, drum class)",
    "hit_f1": "a kick drum on every tap, nothing else",
}
GROOVE_WINDOWS = (
    "4-bar windows with the real velocities and offsets; a last window of 1-3 bars is "
    "zero-padded (as at inference); train windows start on every bar."
)
BEATS_ITS_BASELINE = AboveBaseline(
    metric="reconstruction_accuracy",
    gain_key="accuracy_gain",
    rule="reconstruction_accuracy above the baseline",
)


MUSICVAE_SIZES = dict(
    encoder_units=128, decoder_units=256, latent=64, beta=0.2, free_bits=48.0, word_dropout=0.3
)
PERFORMANCE_SIZES = dict(
    kind="drums",
    embed_dim=0,
    encoder_units=128,
    decoder_units=128,
    latent=32,
    beta=0.2,
    free_bits=8.0,
)


def musicvae(**fields) -> VaeConfig:
    """A MusicVAE config: the shared sizes, then the model's own fields (name, kind, classes,
    embedding; any size it changes)."""
    return VaeConfig(**{"family": "musicvae", **MUSICVAE_SIZES, **fields})


def performance_vae(**fields) -> VaeConfig:
    """A performance VAE config (GrooVAE's sizes), then the model's own fields."""
    return VaeConfig(**{"family": "performance", **PERFORMANCE_SIZES, **fields})


# --- the models ------------------------------------------------------------------------------

CONFIG_MAP: dict[str, ModelSpec] = {}

CONFIG_MAP["melody_rnn"] = ModelSpec(
    name="melody_rnn",
    family="rnn",
    network=RnnConfig(
        name="attention_rnn",
        kind="melody",
        num_classes=MELODY_NUM_CLASSES,
        layer_sizes=(128, 128),
        attn_length=40,
        attn_score_size=32,
        counter_bits=5,
        embed_dim=MELODY_NUM_CLASSES,
        dropout=0.2,
    ),
    corpus=MELODIES,
    load_data=load_melodies,
    purpose="Generates melodies (Melody RNN) one 16th-note step at a time",
    style="Irish/Scottish folk tunes and chorale melodies",
    transpose=5,
    heldout=melody_rnn_suite,
)

CONFIG_MAP["drums_rnn"] = ModelSpec(
    name="drums_rnn",
    family="rnn",
    network=RnnConfig(
        name="drum_kit",
        kind="drums",
        num_classes=DRUM_NUM_EVENTS,
        layer_sizes=(192, 192),
        attn_length=32,
        attn_score_size=32,
        counter_bits=6,
        embed_dim=64,
        dropout=0.3,
    ),
    corpus=GROOVE,
    load_data=load_groove,
    purpose="Generates drum patterns (Drums RNN) one 16th-note step at a time",
    style="the grooves and fills of the GMD drummers, without dynamics or micro-timing",
    heldout=drums_rnn_suite,
)

CONFIG_MAP["musicvae_melody"] = ModelSpec(
    name="musicvae_melody",
    family="vae",
    network=musicvae(
        name="musicvae_melody", kind="melody", num_classes=MELODY_NUM_CLASSES, embed_dim=32
    ),
    corpus=MELODIES,
    load_data=musicvae_melody_data,
    purpose="Generate and Interpolate for 4-bar melodies (MusicVAE)",
    target=BEATS_ITS_BASELINE,
    windowing="4-bar (64-step) windows; train windows start on every bar, validation and test "
    "windows do not overlap; windows with fewer than 4 notes are skipped.",
    model_notes=MUSICVAE_NOTES,
    baselines=MUSICVAE_BASELINES,
    evaluate=evaluate_musicvae,
    heldout=musicvae_melody_suite,
)

CONFIG_MAP["musicvae_drums"] = ModelSpec(
    name="musicvae_drums",
    family="vae",
    network=musicvae(
        name="musicvae_drums", kind="drums", num_classes=DRUM_NUM_EVENTS, embed_dim=64
    ),
    corpus=GROOVE,
    load_data=musicvae_drum_data,
    purpose="Generate and Interpolate for 4-bar drum patterns (MusicVAE)",
    target=BEATS_ITS_BASELINE,
    windowing="Quantized 4-bar windows; train windows start on every bar, validation and test "
    "windows do not overlap; windows with fewer than 8 struck steps are skipped.",
    model_notes=MUSICVAE_NOTES,
    baselines=MUSICVAE_BASELINES,
    evaluate=evaluate_musicvae,
    heldout=musicvae_drums_suite,
)

# High-KL twins for Interpolate (Magenta's ".hikl" recipe: 256 free nats instead of 48): the code
# may carry far more about the window, so a clip comes back close to itself and the endpoints of
# an interpolation are the clips it started from; their prior is too spread out to sample from,
# which is why Generate keeps the low-KL models above.
HIGH_KL = dict(free_bits=256.0)
HIGH_KL_NOTES = MUSICVAE_NOTES.replace(
    "Sampling draws z ~ N(0, {prior_scale}^2 I): the prior scale is the measured spread of the "
    "codes of the training windows (low-KL recipe).",
    "This is the high-KL twin used by Interpolate: 256 free nats let the code describe the "
    "window almost note for note; it is not sampled from the prior.",
)

CONFIG_MAP["musicvae_melody_hikl"] = dataclasses.replace(
    CONFIG_MAP["musicvae_melody"],
    name="musicvae_melody_hikl",
    network=musicvae(
        name="musicvae_melody_hikl",
        kind="melody",
        num_classes=MELODY_NUM_CLASSES,
        embed_dim=32,
        **HIGH_KL,
    ),
    purpose="Interpolate for 4-bar melodies: the high-KL MusicVAE, faithful to its inputs",
    model_notes=HIGH_KL_NOTES,
    heldout=interpolation_suite,
)

CONFIG_MAP["musicvae_drums_hikl"] = dataclasses.replace(
    CONFIG_MAP["musicvae_drums"],
    name="musicvae_drums_hikl",
    network=musicvae(
        name="musicvae_drums_hikl",
        kind="drums",
        num_classes=DRUM_NUM_EVENTS,
        embed_dim=64,
        **HIGH_KL,
    ),
    purpose="Interpolate for 4-bar drum patterns: the high-KL MusicVAE, faithful to its inputs",
    model_notes=HIGH_KL_NOTES,
    heldout=interpolation_suite,
)

CONFIG_MAP["groovae"] = ModelSpec(
    name="groovae",
    family="vae",
    # The velocity spread was chosen on validation (the card's held-out evaluation shows how).
    network=performance_vae(
        name="groovae", num_classes=NUM_DRUM_CLASSES, scatter_head=True, velocity_spread=0.4
    ),
    corpus=GROOVE,
    load_data=humanize_data,
    purpose="Groove: humanize quantized drums with velocities and micro-timing (GrooVAE)",
    windowing=GROOVE_WINDOWS,
    model_notes=PERFORMANCE_NOTES + SCATTER_NOTES,
    baselines=PERFORMANCE_BASELINES,
    evaluate=evaluate_performance,
    references=("knn_50", "oracle_window_shift"),
    heldout=groove_suite,
)

CONFIG_MAP["tap2drum"] = ModelSpec(
    name="tap2drum",
    family="vae",
    # The hit threshold was chosen on validation (the card's held-out evaluation shows the sweep).
    network=performance_vae(
        name="tap2drum", num_classes=TAP_FEATURES, tap_input=True, hit_threshold=0.3
    ),
    corpus=GROOVE,
    load_data=tap_data_with_flat_taps,
    purpose="Drumify: a full drum part from the rhythm of any clip (Tap2Drum GrooVAE)",
    target=AboveBaseline(
        metric="hit_f1",
        gain_key="hit_f1_gain",
        rule="hit_f1 clearly above the baseline: at least +0.10",
        margin=0.10,
        inclusive=True,
    ),
    windowing=GROOVE_WINDOWS,
    model_notes=PERFORMANCE_NOTES,
    baselines=PERFORMANCE_BASELINES,
    evaluate=evaluate_performance,
    heldout=drumify_suite,
)

CONFIG_MAP["nsynth"] = ModelSpec(
    name="nsynth",
    family="ddsp",
    network=DdspConfig(name="nsynth"),
    corpus=MINI_NSYNTH,
    load_data=load_data,
    purpose="NSynth-style timbre autoencoder: 16 numbers per frame, decoded by a DDSP "
    "harmonic-plus-noise synthesizer, so instruments can be blended",
    evaluate=evaluate_on_test,
)
