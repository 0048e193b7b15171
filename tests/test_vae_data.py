"""The VAE data representation: performance tensors, taps, windows (numpy only, no TensorFlow)."""

from __future__ import annotations

import numpy as np
import pytest

from inference.music import Clip, Note
from inference.training.datasets import Sequence
from inference.training.windows import (
    Performance,
    event_windows,
    performance_windows,
    window_starts,
)
from inference.vae.data import (
    HIT,
    OFFSET,
    VELOCITY,
    WINDOW_STEPS,
    drum_events_from_hits,
    hits_from_drum_events,
    performance_from_clip,
    quantize_performance,
    taps_from_clip,
    taps_from_performance,
)


def drum_clip(*notes: tuple[int, int, int, float], steps: int = 16) -> Clip:
    return Clip(tuple(Note(p, s, s + 1, v, o) for p, s, v, o in notes), "drums", total_steps=steps)


def test_performance_maps_pitches_to_classes_with_velocity_and_offset():
    clip = drum_clip((36, 0, 127, 0.1), (40, 4, 64, -0.2), (22, 2, 30, 0.0), (99, 3, 100, 0.0))
    tensor = performance_from_clip(clip)
    assert tensor.shape == (16, 9, 3)
    assert tensor[0, 0].tolist() == pytest.approx([1.0, 1.0, 0.1])  # kick 36
    assert tensor[4, 1].tolist() == pytest.approx([1.0, 64 / 127, -0.2])  # snare family 40
    assert tensor[2, 2, HIT] == 1.0  # TD-11 hi-hat edge 22 → closed hi-hat
    assert tensor[..., HIT].sum() == 3  # pitch 99 is not a drum: ignored


def test_two_hits_of_one_class_on_one_step_keep_the_louder():
    clip = drum_clip((38, 5, 40, 0.3), (40, 5, 90, -0.1), (38, 5, 20, 0.0))
    cell = performance_from_clip(clip)[5, 1]
    assert cell.tolist() == pytest.approx([1.0, 90 / 127, -0.1])


def test_taps_keep_the_loudest_onset_of_each_step_from_any_clip():
    melody = Clip(
        (Note(60, 0, 4, 50, 0.0), Note(64, 0, 2, 110, 0.25), Note(67, 6, 8, 80, -0.1)),
        "melody",
    )
    taps = taps_from_clip(melody)
    assert taps.shape == (8, 3)
    assert taps[0].tolist() == pytest.approx([1.0, 110 / 127, 0.25])
    assert taps[6].tolist() == pytest.approx([1.0, 80 / 127, -0.1])
    assert taps[[1, 2, 3, 4, 5, 7]].sum() == 0


def test_taps_from_performance_agree_with_taps_from_the_clip():
    clip = drum_clip((36, 0, 100, 0.05), (42, 0, 120, -0.05), (38, 4, 70, 0.2), steps=8)
    from_tensor = taps_from_performance(performance_from_clip(clip))
    assert from_tensor == pytest.approx(taps_from_clip(clip))


def test_quantize_keeps_hits_and_zeroes_velocity_and_offset():
    clip = drum_clip((36, 0, 100, 0.3), (38, 4, 70, -0.2))
    quantized = quantize_performance(performance_from_clip(clip))
    assert quantized[..., HIT].sum() == 2
    assert not quantized[..., VELOCITY].any() and not quantized[..., OFFSET].any()


def test_drum_events_round_trip_through_hits():
    events = np.array([0, 1, 2, 5, 511, 256])
    assert drum_events_from_hits(hits_from_drum_events(events)).tolist() == events.tolist()


def test_windows_start_on_bars_and_keep_a_padded_tail_only_when_asked():
    assert list(window_starts(100, 16, full_only=True)) == [0, 16, 32]
    assert list(window_starts(100, 16, full_only=False)) == [0, 16, 32, 48, 64, 80]
    assert list(window_starts(40, 64, full_only=True)) == []


def test_event_windows_are_full_and_bar_aligned():
    seq = Sequence("tune", np.arange(150, dtype=np.int32))
    windows = event_windows([seq], hop=64)
    assert windows.shape == (2, WINDOW_STEPS)
    assert windows[1, 0] == 64


def test_performance_windows_pad_a_six_bar_tail_and_skip_silence():
    tensor = np.zeros((96, 9, 3), np.float32)
    tensor[::2, 2, HIT] = 1.0  # eighth-note hi-hats for six bars
    windows = performance_windows([Performance("p", tensor, 120.0)], hop=64)
    assert windows.shape == (2, WINDOW_STEPS, 9, 3)
    assert windows[1, :32, 2, HIT].sum() == 16 and not windows[1, 32:].any()
    silent = performance_windows([Performance("s", np.zeros((64, 9, 3), np.float32), 120.0)], 64)
    assert silent.shape == (0, WINDOW_STEPS, 9, 3)
