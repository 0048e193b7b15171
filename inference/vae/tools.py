"""The four Magenta Studio tools built on this project's VAEs: Generate, Interpolate, Groove, Drumify.

Pure functions on :class:`~inference.music.Clip` objects (read them with
:func:`inference.music.midi_io.read_midi`, write the results with ``write_midi``)::

    generate("drums", variations=4, temperature=1.0, seed=0)      -> 4 new 4-bar clips
    interpolate(a, b, steps=5, temperature=0.5, seed=0)            -> 5 clips from ~A to ~B
    groove(drum_clip, temperature=1.0, seed=0)                     -> the clip played by a "drummer"
    drumify(any_clip, temperature=1.0, seed=0)                     -> a drum part on its rhythm

Every call is batched (all variations, interpolation points or 4-bar chunks go through the model
in one compiled ``tf.function``), seeded with stateless RNG (same seed, same output) and uses
models loaded once per process (:func:`load_bundle`). Bad input raises :class:`StudioError`
with a message meant for the person who sent it. TensorFlow is imported on first use only.
"""

from __future__ import annotations

import numbers
import os
import threading

import numpy as np

from ..music import (
    DRUM_OUTPUT_PITCHES,
    KINDS,
    NO_EVENT,
    NOTE_OFF,
    NUM_DRUM_CLASSES,
    Clip,
    Note,
    clip_from_drum_events,
    clip_from_melody_events,
    drum_events_from_clip,
    melody_class_to_event,
    melody_event_to_class,
    melody_events_from_clip,
)
from ..music.scales import OFF, ScaleError, key_index, logit_mask, pitch_classes
from ..shared.checkpoints import resolve
from ..shared.threads import set_inference_threads
from .calibration import event_bias, offsets_at
from .data import (
    HIT,
    OFFSET,
    VELOCITY,
    WINDOW_STEPS,
    performance_from_clip,
    quantize_performance,
    taps_from_clip,
)
from .keys import home_keys, transpose
from .refine import DecoderWeights, Refinement, refine_codes

MUSICVAE_BY_KIND = {"melody": "musicvae_melody", "drums": "musicvae_drums"}  # Generate's
# Interpolate's: the high-KL twins, whose codes keep a clip close to itself (faithful endpoints).
INTERPOLATE_BY_KIND = {"melody": "musicvae_melody_hikl", "drums": "musicvae_drums_hikl"}
MAX_VARIATIONS = 32
MAX_INTERPOLATION_STEPS = 16
MAX_INPUT_STEPS = 64 * 16  # 64 bars: 16 chunks of 4 bars in one batch
# The studio's default temperatures of the performance tools, chosen on the validation split by
# their held-out suites (python -m inference.evaluate groovae / tap2drum; see their cards).
GROOVE_TEMPERATURE = 1.0
DRUMIFY_TEMPERATURE = 0.25
INTERPOLATE_DEFAULTS = {"steps": 3, "temperature": 0.25}
# Interpolate's codes take a few gradient steps towards their clips before the blend
# (vae/refine.py). Step size chosen on the validation split, number of steps the most whose cost
# keeps a warm Interpolate well inside its time budget (docs/models.md, the twins' cards).
INTERPOLATE_REFINEMENT = {"melody": Refinement(6, 0.03), "drums": Refinement(6, 0.3)}


class StudioError(ValueError):
    """Input a studio tool cannot use; the message says what to change."""


class Bundle:
    """A VAE with its compiled functions (input signatures fixed, so each traces once)."""

    def __init__(self, model):
        import tensorflow as tf

        self.model, self.config = model, model.config
        scalar, seed = tf.TensorSpec([], tf.float32), tf.TensorSpec([2], tf.int32)
        if self.config.family == "musicvae":
            latent = tf.TensorSpec([None, self.config.latent], tf.float32)
            windows = tf.TensorSpec([None, WINDOW_STEPS], tf.int32)
            self._encode = tf.function(model.encode, input_signature=[windows])
            # One mask per row: each clip keeps to the scale on its own home key (vae/keys.py).
            mask = tf.TensorSpec([None, self.config.num_classes], tf.float32)
            bias = tf.TensorSpec([self.config.num_classes], tf.float32)
            self._decode = tf.function(
                model.sample, input_signature=[latent, scalar, seed, mask, bias]
            )
            self.decoder_weights = DecoderWeights.of(model)
        else:
            condition = tf.TensorSpec([None, WINDOW_STEPS, self.config.num_classes], tf.float32)
            self._perform = tf.function(model.perform, input_signature=[condition, scalar, seed])

    def warm_up(self) -> None:
        """Trace the compiled functions now, so the first request does not pay for it."""
        if self.config.family == "musicvae":
            self.decode(self.encode(np.zeros((1, WINDOW_STEPS))), 1.0, 0)
        else:
            self.perform(np.zeros((1, WINDOW_STEPS, self.config.num_classes)), 1.0, 0)

    def encode(self, windows: np.ndarray) -> np.ndarray:
        """Posterior means of ``[B, 64]`` class windows."""
        return self._encode(np.asarray(windows, np.int32))[0].numpy()

    def refine(
        self, windows: np.ndarray, codes: np.ndarray, length: int, refinement: Refinement
    ) -> np.ndarray:
        """``codes`` after ``refinement``'s steps towards decoding the first ``length`` steps
        of their ``windows`` (the steps a caller keeps)."""
        if not refinement.steps:
            return codes
        counted = np.broadcast_to(np.arange(WINDOW_STEPS) < length, windows.shape)
        return refine_codes(
            self.decoder_weights,
            codes,
            windows,
            counted.astype(np.float32),
            refinement.steps,
            refinement.learning_rate,
        )

    def decode(
        self,
        z: np.ndarray,
        temperature: float,
        seed: int,
        mask: np.ndarray | None = None,
        bias: np.ndarray | None = None,
    ) -> np.ndarray:
        """Class windows ``[B, 64]`` of codes; ``mask`` (``[num_classes]`` for every row, or
        ``[B, num_classes]``) keeps every step to a scale (see
        ``inference.music.scales.logit_mask``) and ``bias [num_classes]`` is added to every
        step's logits before the temperature; None leaves the model's choice as it is."""
        z = np.asarray(z, np.float32)
        classes = self.config.num_classes
        if mask is None:
            mask = np.zeros(classes, np.float32)
        mask = np.broadcast_to(np.asarray(mask, np.float32), (len(z), classes))
        bias = np.zeros(classes, np.float32) if bias is None else np.asarray(bias, np.float32)
        return self._decode(z, np.float32(temperature), _seed(seed), mask, bias).numpy()

    def generate_bias(self, temperature: float) -> np.ndarray | None:
        """Generate's class calibration at ``temperature`` (``[num_classes]``), None without one."""
        if not self.config.generate_class_offsets:
            return None
        return event_bias(offsets_at(self.config.generate_class_offsets, temperature))

    def perform(self, condition: np.ndarray, temperature: float, seed: int) -> np.ndarray:
        out = self._perform(np.asarray(condition, np.float32), np.float32(temperature), _seed(seed))
        return out.numpy()


_load_lock = threading.Lock()
_bundles: dict[str, Bundle] = {}


def load_bundle(name: str | os.PathLike) -> Bundle:
    """The checkpoint ``name`` (under the checkpoint root; a folder works too), loaded and traced
    once per process."""
    key = str(resolve(name).resolve())
    with _load_lock:
        if key not in _bundles:
            from .models import load_model

            set_inference_threads()
            bundle = Bundle(load_model(key))
            bundle.warm_up()
            _bundles[key] = bundle
        return _bundles[key]


def _seed(seed: int) -> np.ndarray:
    return np.array([seed, 0x5EED], np.int32)


# --- argument checks -------------------------------------------------------------------------


def _check_kind(kind: object) -> str:
    if kind not in KINDS:
        raise StudioError(f"kind must be 'melody' or 'drums', got {kind!r}.")
    return str(kind)


def _check_number(name: str, value: object, low: float, high: float, integer: bool) -> None:
    types = numbers.Integral if integer else numbers.Real
    if isinstance(value, bool) or not isinstance(value, types) or not low <= value <= high:
        what = "an integer" if integer else "a number"
        raise StudioError(f"{name} must be {what} from {low} to {high}, got {value!r}.")


def _check_common(temperature: object, seed: object) -> None:
    _check_number("temperature", temperature, 0.0, 2.0, integer=False)
    _check_number("seed", seed, 0, 2**31 - 1, integer=True)


def _check_clip(clip: object, label: str) -> Clip:
    if not isinstance(clip, Clip):
        raise StudioError(f"{label} must be a Clip (read a MIDI file with read_midi).")
    if not clip.notes:
        raise StudioError(f"{label} is empty: it has no notes.")
    if clip.total_steps > MAX_INPUT_STEPS:
        raise StudioError(
            f"{label} is {clip.total_steps} steps long; the limit is {MAX_INPUT_STEPS} (64 bars)."
        )
    return clip


# --- event windows <-> clips -----------------------------------------------------------------


def classes_from_clip(clip: Clip, length: int) -> np.ndarray:
    """The first ``length`` steps of a clip as a 64-step class window (padded with rests)."""
    if clip.kind == "melody":
        events = melody_events_from_clip(clip)[0][:length]
        sounding = [e for e in events if e != NO_EVENT][-1:] not in ([], [NOTE_OFF])
        if sounding and length < WINDOW_STEPS:
            events.append(NOTE_OFF)  # the clip ends here: silence after it, not a held note
        classes = [melody_event_to_class(e) for e in events]
    else:
        classes = drum_events_from_clip(clip)[0][:length]
    window = np.zeros(WINDOW_STEPS, np.int32)
    window[: len(classes)] = classes
    return window


def clip_from_classes(classes: np.ndarray, kind: str, qpm: float = 120.0, program: int = 0) -> Clip:
    """Decode a class window; a note still sounding at the end lasts to the last step."""
    if kind == "melody":
        events = [melody_class_to_event(int(c)) for c in classes]
        return clip_from_melody_events(events, qpm=qpm, program=program)
    return clip_from_drum_events([int(c) for c in classes], qpm=qpm)


# --- Generate and Interpolate (MusicVAE) -----------------------------------------------------


def generate(
    kind: str,
    variations: int = 4,
    temperature: float = 1.0,
    seed: int = 0,
    *,
    key: str | int = "C",
    scale: str = OFF,
    bundle=None,
) -> list[Clip]:
    """Sample ``variations`` new 4-bar clips: z from the tuned prior, decoded at ``temperature``
    (drums: with the checkpoint's class calibration at that temperature, :mod:`.calibration`).

    A melody keeps to ``scale`` on ``key`` (``inference.music.scales``; "off": any pitch): the
    decoder's out-of-scale note-ons are masked at every step, each clip on the key its own
    unconstrained decoding fits best, and the clips are moved to ``key`` (:mod:`.keys`). Drums
    have no key: a scale other than "off" is refused."""
    kind = _check_kind(kind)
    _check_number("variations", variations, 1, MAX_VARIATIONS, integer=True)
    _check_common(temperature, seed)
    if kind == "drums" and scale != OFF:
        raise StudioError("Key and scale apply to melodies; drums take scale 'off'.")
    bundle = bundle or load_bundle(MUSICVAE_BY_KIND[kind])
    rng = np.random.default_rng([seed, 1])
    z = rng.standard_normal((variations, bundle.config.latent)) * bundle.config.prior_scale
    bias = bundle.generate_bias(temperature)
    if scale == OFF:
        decoded = bundle.decode(z, temperature, seed, None, bias)
        return [clip_from_classes(row, kind) for row in decoded]
    try:
        target = key_index(key)
        pitch_classes(target, scale)  # the scale's name checked before any decoding
    except ScaleError as error:
        raise StudioError(str(error)) from None
    # Each clip keeps to the scale on the key its own unconstrained decoding fits best, and is
    # then moved whole to the asked key (vae/keys.py).
    homes = home_keys(bundle.decode(z, temperature, seed, None, bias), scale, fallback=target)
    masks = np.stack([logit_mask(home, scale) for home in homes])
    decoded = bundle.decode(z, temperature, seed, masks, bias)
    return [
        transpose(clip_from_classes(row, kind), (target - home + 6) % 12 - 6)
        for row, home in zip(decoded, homes, strict=True)
    ]


def interpolate(
    a: Clip,
    b: Clip,
    steps: int = 5,
    temperature: float = 0.5,
    seed: int = 0,
    *,
    bundle=None,
    refinement: Refinement | None = None,
) -> list[Clip]:
    """Blend clip A into clip B over ``steps`` clips (spherical interpolation of their codes).

    ``steps`` = 1 gives the halfway blend; 2 or more run from A to B with both ends included.
    Each clip's code is refined first (``refinement``, by default the kind's entry of
    ``INTERPOLATE_REFINEMENT``), so the ends decode close to A and B.

    Both are trimmed to the shorter one, at most 4 bars. Every note that starts inside the
    trimmed length is encoded, the last one included, and a decoded note still sounding at the
    end is closed there rather than dropped.
    """
    from .latent import slerp

    a, b = _check_clip(a, "Clip A"), _check_clip(b, "Clip B")
    if a.kind != b.kind:
        raise StudioError(f"Both clips must be of the same kind; got {a.kind} and {b.kind}.")
    _check_number("steps", steps, 1, MAX_INTERPOLATION_STEPS, integer=True)
    _check_common(temperature, seed)
    length = min(a.total_steps, b.total_steps, WINDOW_STEPS)
    windows = np.stack([classes_from_clip(a, length), classes_from_clip(b, length)])
    for label, window in zip(("A", "B"), windows, strict=True):
        if not (window[:length] >= (2 if a.kind == "melody" else 1)).any():
            raise StudioError(f"Clip {label} has no notes in its first {length} steps.")
    bundle = bundle or load_bundle(INTERPOLATE_BY_KIND[a.kind])
    refinement = INTERPOLATE_REFINEMENT[a.kind] if refinement is None else refinement
    codes = bundle.refine(windows, bundle.encode(windows), length, refinement)
    # One step is the halfway blend; more run from A to B, both ends included.
    alphas = np.linspace(0.0, 1.0, steps) if steps > 1 else np.array([0.5])
    path = slerp(codes[0], codes[1], alphas).numpy()
    decoded = bundle.decode(path, temperature, seed)[:, :length]
    notices = tuple(dict.fromkeys(_encoding_notices(a) + _encoding_notices(b)))
    return [
        clip_from_classes(row, a.kind, a.qpm, a.program).with_notices(*notices) for row in decoded
    ]


def _encoding_notices(clip: Clip) -> tuple[str, ...]:
    if clip.kind == "melody":
        return tuple(melody_events_from_clip(clip)[1])
    return tuple(drum_events_from_clip(clip)[1])


# --- Groove and Drumify (performance VAEs) ---------------------------------------------------


def groove(drums: Clip, temperature: float = 1.0, seed: int = 0, *, bundle=None) -> Clip:
    """Humanize a drum clip: new velocities and micro-timing (GrooVAE), in 4-bar chunks."""
    drums = _check_clip(drums, "The drum clip")
    if drums.kind != "drums":
        raise StudioError(
            "Groove needs a drum clip, got a melody clip. Drumify turns any rhythm into drums."
        )
    _check_common(temperature, seed)
    score = performance_from_clip(drums)
    if not score[..., HIT].any():
        raise StudioError("The drum clip has no hits on the 9 drum classes (GM drum pitches).")
    condition = quantize_performance(score)[..., HIT]
    return _perform_in_chunks(condition, drums, temperature, seed, bundle or load_bundle("groovae"))


def drumify(clip: Clip, temperature: float = 1.0, seed: int = 0, *, bundle=None) -> Clip:
    """A drum part following the onsets of any clip (Tap2Drum), in 4-bar chunks."""
    clip = _check_clip(clip, "The clip")
    _check_common(temperature, seed)
    taps = taps_from_clip(clip)
    return _perform_in_chunks(taps, clip, temperature, seed, bundle or load_bundle("tap2drum"))


def _perform_in_chunks(condition, source: Clip, temperature, seed, bundle) -> Clip:
    """Split ``[T, F]`` into 4-bar windows (the last one zero-padded), run them as one batch."""
    total = len(condition)
    chunks = -(-total // WINDOW_STEPS)
    padded = np.zeros((chunks * WINDOW_STEPS, condition.shape[-1]), np.float32)
    padded[:total] = condition
    windows = padded.reshape(chunks, WINDOW_STEPS, -1)
    performance = bundle.perform(windows, temperature, seed).reshape(-1, NUM_DRUM_CLASSES, 3)
    # Whole arrays at once: a 32-bar part has hundreds of hits, and numpy's per-scalar calls
    # cost more than the model's pass.
    steps, drums = np.nonzero(performance[:total, :, HIT] > 0)
    velocities = np.clip(np.rint(performance[steps, drums, VELOCITY] * 127), 1, 127).astype(int)
    offsets = np.round(performance[steps, drums, OFFSET].astype(np.float64), 4)
    pitches = np.asarray(DRUM_OUTPUT_PITCHES)[drums]
    notes = tuple(
        Note(pitch, step, step + 1, velocity, offset)
        for pitch, step, velocity, offset in zip(
            pitches.tolist(), steps.tolist(), velocities.tolist(), offsets.tolist(), strict=True
        )
    )
    return Clip(notes, "drums", source.qpm, total, 0, source.notices)
