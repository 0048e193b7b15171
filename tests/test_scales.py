"""Keys, scales, the sampler's logit mask and the primer's key (pure: no TensorFlow)."""

from __future__ import annotations

import numpy as np
import pytest

from inference.music import (
    MELODY_MAX_PITCH,
    MELODY_MIN_PITCH,
    MELODY_NUM_CLASSES,
    NO_EVENT,
    NOTE_OFF,
    melody_event_to_class,
)
from inference.music.scales import (
    KEY_NAMES,
    MASKED_LOGIT,
    SCALE_NAMES,
    SCALES,
    ScaleError,
    allowed_classes,
    find_key,
    in_scale,
    key_for_scale,
    key_index,
    logit_mask,
    pitch_classes,
)


def test_scales_are_the_textbook_pitch_class_sets():
    assert pitch_classes("C", "major") == {0, 2, 4, 5, 7, 9, 11}
    assert pitch_classes("A", "natural_minor") == pitch_classes("C", "major")
    assert pitch_classes("A", "harmonic_minor") == {9, 11, 0, 2, 4, 5, 8}  # G#, not G
    assert pitch_classes("D", "dorian") == pitch_classes("C", "major")
    assert pitch_classes("G", "major_pentatonic") == {7, 9, 11, 2, 4}
    assert pitch_classes("E", "minor_pentatonic") == {4, 7, 9, 11, 2}
    assert pitch_classes("A", "blues") == {9, 0, 2, 3, 4, 7}  # A C D Eb E G
    assert pitch_classes("F#", "off") == set(range(12))
    assert [len(steps) for steps in SCALES.values()] == [7, 7, 7, 7, 5, 5, 6]
    assert SCALE_NAMES[0] == "off" and len(KEY_NAMES) == 12


def test_keys_by_name_and_number_and_bad_names_are_refused():
    assert key_index("C") == 0 and key_index("B") == 11 and key_index(3) == 3
    for bad in ("H", "c", 12, -1, True, "primer"):
        with pytest.raises(ScaleError):
            key_index(bad)
    with pytest.raises(ScaleError, match="scale must be one of"):
        pitch_classes("C", "lydian")


@pytest.mark.parametrize("scale", SCALE_NAMES)
@pytest.mark.parametrize("key", KEY_NAMES)
def test_the_mask_allows_exactly_the_scale_and_always_rests(key, scale):
    allowed = allowed_classes(key, scale)
    assert allowed.shape == (MELODY_NUM_CLASSES,) and allowed.dtype == bool
    assert allowed[melody_event_to_class(NO_EVENT)] and allowed[melody_event_to_class(NOTE_OFF)]
    classes = pitch_classes(key, scale)
    for pitch in range(MELODY_MIN_PITCH, MELODY_MAX_PITCH):
        assert allowed[melody_event_to_class(pitch)] == (pitch % 12 in classes), pitch
    mask = logit_mask(key, scale)
    assert mask.dtype == np.float32
    assert set(mask[allowed]) == {0.0}
    assert np.all(mask[~allowed] == np.float32(MASKED_LOGIT))


def test_a_masked_class_gets_exactly_zero_probability_in_float32():
    # What the samplers do: logits + mask, softmax. Even a masked class whose logit is far above
    # every allowed one must end at 0, not at a small number a sampler could still draw.
    logits = np.array([-30.0, -30.0, 80.0], np.float32)
    masked = logits + np.array([0.0, 0.0, MASKED_LOGIT], np.float32)
    for temperature in (0.01, 1.0, 2.0):
        scaled = (masked / np.float32(temperature)).astype(np.float32)
        p = np.exp(scaled - scaled.max())
        assert p[2] == 0.0 and np.isfinite(p).all()


def test_in_scale():
    assert in_scale([60, 62, 64, 72], "C", "major")
    assert not in_scale([60, 61], "C", "major")
    assert in_scale([61], "C", "off")


def test_krumhansl_schmuckler_finds_major_and_minor_keys():
    c_major = [(60, 4), (62, 2), (64, 2), (65, 2), (67, 4), (69, 2), (71, 2), (72, 4)]
    assert find_key(c_major) == (0, "major")
    # Transposed, the key moves with it.
    assert find_key([(p + 7, d) for p, d in c_major]) == (7, "major")
    a_minor = [(69, 4), (71, 2), (72, 2), (74, 2), (76, 4), (72, 2), (71, 2), (69, 6)]
    a_minor += [(64, 2), (68, 2), (69, 4)]  # the leading tone of harmonic minor
    assert find_key(a_minor) == (9, "minor")
    assert find_key([]) is None
    assert find_key([(p, 1) for p in range(60, 72)]) is None  # every class alike: no key


def test_a_scale_hangs_on_the_primers_tonic_of_its_own_mode():
    assert key_for_scale((9, "minor"), "natural_minor") == 9
    assert key_for_scale((9, "minor"), "major") == 0  # the relative major shares its notes
    assert key_for_scale((0, "major"), "natural_minor") == 9
    assert key_for_scale((0, "major"), "blues") == 9
    assert key_for_scale((7, "major"), "major_pentatonic") == 7
    assert key_for_scale((2, "minor"), "dorian") == 2


def melody_window(notes: list[tuple[int, int]]) -> np.ndarray:
    """The 64-step class window of (pitch, 16ths) notes played one after another."""
    from inference.music import Clip, Note
    from inference.vae.tools import classes_from_clip

    played, start = [], 0
    for pitch, steps in notes:
        played.append(Note(pitch, start, start + steps))
        start += steps
    clip = Clip(tuple(played), "melody")
    return classes_from_clip(clip, 64)


def test_each_clip_keeps_to_the_scale_on_the_tonic_that_covers_most_of_it():
    from inference.vae.keys import home_key, home_keys

    c_major = melody_window(
        [(60, 4), (62, 2), (64, 2), (65, 2), (67, 4), (69, 2), (71, 2), (72, 4)]
    )
    assert home_key(c_major, "major", fallback=5) == 0
    # C and F major pentatonic cover six of these eight notes alike: the clip's own key wins.
    assert home_key(c_major, "major_pentatonic", fallback=5) == 0
    # Only the notes of A minor pentatonic: it covers all, whichever key the profiles prefer.
    a_pentatonic = melody_window([(69, 4), (72, 2), (74, 2), (76, 4), (79, 2), (76, 2), (69, 8)])
    assert home_key(a_pentatonic, "minor_pentatonic", fallback=5) == 9
    assert home_key(a_pentatonic, "major_pentatonic", fallback=5) == 0
    # Moved up a tone, the home moves with the tune; an empty window takes the fallback.
    d_major = melody_window([(p + 2, s) for p, s in [(60, 4), (64, 4), (67, 4), (71, 4)]])
    rest = np.full(64, melody_event_to_class(NO_EVENT), np.int32)
    assert home_keys(np.stack([d_major, rest]), "major", fallback=5) == [2, 5]
