"""A job's notices are shown in the reader's language: every sentence the studio and the
inference package write has a translation, and an unknown one is shown as written."""

from __future__ import annotations

import re

import pytest
from django.utils import translation

from inference.music import Clip, Note, melody_events_from_clip, reduce_to_highest
from inference.music.midi_io import clip_to_midi_bytes, read_midi
from inference.rnn import generate
from studio import audio, jobs
from studio.models import RETRIED_NOTICE
from studio.notices import PATTERNS, word_notice
from studio.tools import get_tool, running
from studio.tools.fields import scale_for_run
from tests.browser import JAPANESE
from tests.studio_support import chord_clip, melody_clip


def written_notices() -> list[str]:
    """Notices as the code writes them (real calls where they are cheap)."""
    long_clip = read_midi(clip_to_midi_bytes(melody_clip(bars=6)), "melody", max_steps=64)
    odd_drums = Clip((Note(36, 0, 1), Note(90, 1, 2)), "drums", 120.0)
    drums_read = read_midi(clip_to_midi_bytes(odd_drums), "drums")
    overlapping = Clip((Note(60, 0, 4), Note(64, 0, 4)), "melody", 120.0)
    return [
        *long_clip.notices,
        *reduce_to_highest(chord_clip()).notices,
        *drums_read.notices,
        *jobs.conform(overlapping, "melody")[1],
        *jobs.conform(odd_drums, "drums")[1],
        f"Temperature 0 picks the most likely event each time (run at {running.GREEDY_TEMPERATURE}).",
        RETRIED_NOTICE,
        "Audio preview failed: fluidsynth exited with 1. The MIDI files are fine.",
        # inference.music / inference.rnn.generate, called as the tools call them (no TensorFlow)
        *melody_events_from_clip(Clip((Note(30, 0, 1), Note(100, 1, 2)), "melody", 120.0))[1],
        *generate._melody_primer(None)[1],
        *generate._drum_primer(None)[1],
        *generate._melody_primer([30])[1],
        *generate._melody_primer([50, 100])[1],
        # Continue's key="primer": the key found, and a primer with no notes to find it from
        *generate._scale_mask("melody", "primer", "harmonic_minor", [64, -2, 67, 71, -2, 64])[1],
        *generate._scale_mask("melody", "primer", "major", [-2, -1, -2])[1],
        *scale_for_run({"type": "drums", "scale": "blues"})[1],
    ]


def test_every_written_notice_has_words_in_both_languages(monkeypatch):
    monkeypatch.setattr(audio, "fluidsynth_library", lambda: None)
    notices = [*written_notices(), audio.audio_unavailable_reason()]
    assert len(notices) == 18
    for notice in notices:
        assert any(re.fullmatch(pattern, notice) for pattern, _ in PATTERNS), notice
        with translation.override("ja"):
            japanese = word_notice(notice)
        with translation.override("en"):
            english = word_notice(notice)
        assert JAPANESE.search(japanese) and not JAPANESE.search(english), notice
        assert "%(" not in japanese + english


def test_an_input_notice_names_the_input_by_its_label():
    tool = get_tool("interpolate")
    notice = "input_a: The input was cut to its first 64 steps."
    with translation.override("ja"):
        assert word_notice(notice, tool) == (
            "「クリップA」: 最初の 64 ステップだけを使いました(16 ステップで1小節)。"
        )
    with translation.override("en"):
        assert word_notice(notice, tool) == (
            "Clip A: It was cut to its first 64 steps (16 steps make one bar)."
        )


def test_an_unknown_notice_is_shown_as_written():
    with translation.override("ja"):
        assert word_notice("input: Something new happened.", get_tool("groove")) == (
            "「ドラムのクリップ」: Something new happened."
        )


@pytest.mark.django_db
def test_the_job_json_words_its_notices_for_the_reader(client, monkeypatch):
    from tests.studio_support import install_rule_engine, midi

    install_rule_engine(monkeypatch)
    from django.core.files.uploadedfile import SimpleUploadedFile

    chords = SimpleUploadedFile("c.mid", midi(chord_clip()), content_type="audio/midi")
    accepted = client.post("/api/generate/continue", {"input": chords}).json()
    japanese = client.get(accepted["url"]).json()["notices"]
    english = client.get(accepted["url"] + "?lang=en").json()["notices"]
    assert "「入力クリップ」: 同時に鳴る音がいくつもあったので" in japanese[0]
    assert english[0].startswith("Input clip: It had several notes at once")
