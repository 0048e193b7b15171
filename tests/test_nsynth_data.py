"""The mini-NSynth builder: NSynth's format, metadata, the split by instrument, atomic and
resumable writing. Rendered here from pretty_midi's TimGM6mb (tests/nsynth_fixtures.py)."""

from __future__ import annotations

import json
import os
import shutil

import numpy as np
import pytest
import soundfile

from inference.nsynth import data, gm, metrics
from inference.nsynth.features import midi_to_hz
from tests.nsynth_fixtures import (
    PITCH_STEP,
    PROGRAMS,
    VELOCITIES,
    build_tiny_nsynth,
    split_programs,
)

pytest.importorskip("fluidsynth", exc_type=ImportError)


@pytest.fixture(scope="session")
def tiny(tmp_path_factory):
    return build_tiny_nsynth(tmp_path_factory.mktemp("nsynth") / "data")


def test_the_fixture_covers_every_split():
    assert sorted(split_programs()) == sorted(gm.SPLITS)


def test_every_note_is_four_seconds_of_16_khz_mono_16_bit(tiny):
    examples = data.load_examples(tiny)
    assert examples
    for example in examples:
        info = soundfile.info(data.note_path(tiny, example))
        assert (info.samplerate, info.channels, info.frames) == (16_000, 1, 64_000)
        assert info.subtype == "PCM_16"


def test_metadata_has_nsynth_fields_and_the_source(tiny):
    examples = json.loads((tiny / "examples.json").read_text())
    first = examples["keyboard_timgm6mb_004-060-100"]
    assert first["instrument_str"] == "keyboard_timgm6mb_004"
    assert first["instrument_family_str"] == "keyboard"
    assert (first["source_font"], first["program"], first["pitch"], first["velocity"]) == (
        "timgm6mb",
        4,
        60,
        100,
    )
    assert first["split"] == "test" and first["sample_rate"] == 16_000
    notes = sorted(e["note"] for e in examples.values())
    assert notes == list(range(len(examples)))  # unique ids, in order
    for key, example in examples.items():
        assert (
            key
            == example["note_str"]
            == data.note_str(example["instrument_str"], example["pitch"], example["velocity"])
        )
        assert example["velocity"] in VELOCITIES
        assert example["pitch"] in gm.pitches_of(example["program"], PITCH_STEP)


def test_the_split_is_by_instrument_and_follows_the_program_rule(tiny):
    examples = data.load_examples(tiny)
    splits_of_instrument: dict[str, set] = {}
    for e in examples:
        splits_of_instrument.setdefault(e["instrument_str"], set()).add(e["split"])
        assert e["split"] == gm.split_of(e["program"])
    assert all(len(s) == 1 for s in splits_of_instrument.values())
    train = {e["instrument_str"] for e in data.load_examples(tiny, "train")}
    test = {e["instrument_str"] for e in data.load_examples(tiny, "test")}
    assert train and test and not train & test


def test_the_split_rule_puts_every_family_in_every_split():
    for group in range(15):  # the 16th family (sound effects) is never rendered
        programs = [p for p in range(group * 8, group * 8 + 8) if p not in gm.SKIPPED_PROGRAMS]
        splits = [gm.split_of(p) for p in programs]
        assert splits.count("test") == 1 and splits.count("valid") == 1, group
    assert all(p not in gm.melodic_programs() for p in range(120, 128))


def test_a_note_sounds_at_its_pitch_and_is_released_after_three_seconds(tiny):
    organ = [e for e in data.load_examples(tiny) if e["program"] == 19 and e["pitch"] == 60][0]
    audio = data.load_audio(tiny, organ)
    assert abs(metrics.cents(metrics.estimate_f0(audio), midi_to_hz(60))) < 15

    def rms(start, end):
        return np.sqrt(np.mean(audio[int(start * 16000) : int(end * 16000)] ** 2))

    assert rms(2.0, 2.9) > 10 * rms(3.6, 4.0)  # held until 3 s, then released


def test_metadata_records_licences_and_counts(tiny):
    metadata = json.loads((tiny / "metadata.json").read_text())
    (font,) = metadata["fonts"]
    assert font["licence"] == "GPL-2" and "Brechbill" in font["credit"]
    counts = metadata["counts"]
    assert sum(c["instruments"] for c in counts.values()) == len(PROGRAMS)
    assert sum(c["notes"] for c in counts.values()) == len(data.load_examples(tiny))
    readme = (tiny / "README.md").read_text()
    assert "GPL-2" in readme and "By GM program" in readme
    licences = {f.key: f.licence for f in data.DEBIAN_FONTS}
    assert licences == {
        "timgm6mb": "GPL-2",
        "fluidr3": "MIT",
        "musescore": "MIT (parts public domain or CC0)",
    }


def test_a_rerun_renders_nothing_and_keeps_the_files(tiny):
    wav = data.note_path(tiny, data.load_examples(tiny)[0])
    before = os.stat(wav).st_mtime_ns
    metadata = data.build(
        tiny,
        [data.pretty_midi_font()],
        PROGRAMS,
        VELOCITIES,
        PITCH_STEP,
        log=lambda *_: None,
    )
    assert metadata["this_run"]["rendered_instruments"] == 0
    assert os.stat(wav).st_mtime_ns == before


def test_an_interrupted_build_resumes_with_the_missing_instrument_only(tiny, tmp_path):
    copy = tmp_path / "copy"
    shutil.copytree(tiny, copy)
    victim = "keyboard_timgm6mb_000"
    shutil.rmtree(copy / "instruments" / victim)
    # What a build killed mid-instrument leaves: a half-written folder under .partial/.
    (copy / ".partial" / victim).mkdir(parents=True)
    (copy / ".partial" / victim / "junk.wav").write_bytes(b"half")
    listed = json.loads((copy / "examples.json").read_text())
    assert any(e["instrument_str"] == victim for e in listed.values())
    logged = []
    metadata = data.build(
        copy, [data.pretty_midi_font()], PROGRAMS, VELOCITIES, PITCH_STEP, log=logged.append
    )
    assert metadata["this_run"]["rendered_instruments"] == 1
    assert logged == [f"{victim}: 5 notes"]
    assert not (copy / ".partial" / victim).exists()
    assert sorted(p.name for p in (copy / "instruments" / victim).glob("*.wav")) == sorted(
        p.name for p in (tiny / "instruments" / victim).glob("*.wav")
    )
    assert (copy / "examples.json").read_text() == (tiny / "examples.json").read_text()


def test_only_whole_instruments_are_listed(tiny, tmp_path):
    """An instrument folder without its instrument.json (never renamed into place whole) is
    not data: the metadata lists only whole instruments."""
    copy = tmp_path / "copy"
    shutil.copytree(tiny, copy)
    (copy / "instruments" / "keyboard_timgm6mb_004" / "instrument.json").unlink()
    data.write_metadata(
        copy,
        [data.pretty_midi_font()],
        {data.instrument_str("timgm6mb", p) for p in PROGRAMS},
        VELOCITIES,
        PITCH_STEP,
    )
    assert not data.load_examples(copy, "test")
    assert data.load_examples(copy, "train")


def test_renders_are_deterministic(tiny):
    renderer = data.NoteRenderer(data.pretty_midi_font())
    try:
        first = renderer.render(0, 60, 100)
        renderer.render(19, 48, 127)  # another program in between leaves nothing behind
        again = renderer.render(0, 60, 100)
    finally:
        renderer.close()
    stored = data.load_audio(
        tiny, next(e for e in data.load_examples(tiny) if e["note_str"].endswith("000-060-100"))
    )
    # FluidSynth's 16-bit output is dithered: renders agree to a few LSB, no more.
    np.testing.assert_allclose(first, again, atol=30 / 32767)
    np.testing.assert_allclose(first, stored, atol=30 / 32767)
    assert np.abs(stored).max() > 0.01


def test_the_script_refuses_an_unknown_font(capsys):
    import importlib.util
    from pathlib import Path

    path = Path(__file__).resolve().parent.parent / "scripts" / "build_nsynth_data.py"
    spec = importlib.util.spec_from_file_location("build_nsynth_data", path)
    script = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(script)
    with pytest.raises(SystemExit) as stopped:
        script.main(["--out", "unused", "--fonts", "timgm6mb,nosuchfont"])
    assert stopped.value.code == 2
    assert "unknown font 'nosuchfont'" in capsys.readouterr().err
