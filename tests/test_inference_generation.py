"""Generation: the compiled sampler, seeds, temperature, Magenta's primer semantics, the model cards."""

import json
import math
from collections import Counter
from pathlib import Path

import numpy as np
import pytest

from inference.music import NO_EVENT, NOTE_OFF, Clip, Note, PrimerError
from inference.music.midi_io import MidiError, clip_to_midi_bytes
from inference.rnn.generate import (
    CHECKPOINT_FOR_KIND,
    GenerationError,
    continue_sequence,
    load_sampler,
    melody_rnn_generate,
)
from inference.shared.checkpoints import checkpoint_dir


@pytest.fixture(scope="module")
def random_checkpoints(tmp_path_factory):
    """Untrained models saved like real checkpoints: shapes and plumbing, not musicality."""
    from inference.configs import CONFIG_MAP
    from inference.rnn.model import build_model, save_model

    root = tmp_path_factory.mktemp("checkpoints")
    for name in ("melody_rnn", "drums_rnn"):
        save_model(build_model(CONFIG_MAP[name].network), root / name)
    return {"melody": root / "melody_rnn", "drums": root / "drums_rnn"}


def test_stepwise_sampling_model_matches_the_training_graph(random_checkpoints):
    from inference.rnn.model import load_model

    for kind in ("melody", "drums"):
        model = load_model(random_checkpoints[kind])
        rng = np.random.default_rng(1)
        tokens = rng.integers(0, model.config.num_classes, (3, 70)).astype(np.int32)
        positions = np.broadcast_to(np.arange(70, dtype=np.int32), tokens.shape)
        parallel = model((tokens, positions)).numpy()
        state, stepwise = model.initial_state(3), []
        for t in range(70):  # longer than the attention window, so the buffer rolls
            logits, state = model.step(tokens[:, t], positions[:, t], state)
            stepwise.append(logits.numpy())
        np.testing.assert_allclose(np.stack(stepwise, axis=1), parallel, atol=1e-4)


def test_output_shapes_and_primer_opens_every_variation(random_checkpoints):
    primer = Clip((Note(60, 0, 2), Note(64, 2, 4)), "melody", qpm=100)
    result = continue_sequence(
        primer, "melody", 20, 3, 1.0, 5, checkpoint=random_checkpoints["melody"]
    )
    assert len(result.clips) == len(result.events) == 3
    assert all(len(events) == 24 for events in result.events)
    assert all(events[:4] == [60, NO_EVENT, 64, NO_EVENT] for events in result.events)
    assert all(clip.qpm == 100 and clip.total_steps == 24 for clip in result.clips)
    drums = continue_sequence(
        [1, 0, 4, 0], "drums", 12, 2, 1.0, 5, checkpoint=random_checkpoints["drums"]
    )
    assert [len(e) for e in drums.events] == [16, 16]
    assert all(e[:4] == [1, 0, 4, 0] and all(0 <= x < 512 for x in e) for e in drums.events)
    assert all(clip.kind == "drums" for clip in drums.clips)


def test_a_continuation_plays_on_its_primers_instrument(random_checkpoints):
    ckpt = random_checkpoints["melody"]
    bass = Clip((Note(36, 0, 2), Note(43, 2, 4)), "melody", qpm=100, program=33)
    assert {c.program for c in continue_sequence(bass, "melody", 8, 2, checkpoint=ckpt).clips} == {
        33
    }
    primed = melody_rnn_generate(
        primer_midi=clip_to_midi_bytes(bass), num_outputs=2, num_steps=16, checkpoint=ckpt
    )
    assert {clip.program for clip in primed.clips} == {33}
    plain = melody_rnn_generate(primer_melody="[60]", num_outputs=1, num_steps=8, checkpoint=ckpt)
    assert plain.clips[0].program == 0  # no instrument given: Magenta's default, the piano


def test_same_seed_same_music_other_seed_other_music(random_checkpoints):
    ckpt = random_checkpoints["drums"]
    first = continue_sequence([1], "drums", 32, 4, 1.0, 42, checkpoint=ckpt).events
    again = continue_sequence([1], "drums", 32, 4, 1.0, 42, checkpoint=ckpt).events
    other = continue_sequence([1], "drums", 32, 4, 1.0, 43, checkpoint=ckpt).events
    assert first == again
    assert first != other
    assert len({tuple(e) for e in first}) > 1  # variations differ from each other


def test_sampler_is_loaded_once_per_process(random_checkpoints):
    assert load_sampler(random_checkpoints["melody"]) is load_sampler(random_checkpoints["melody"])


def test_magenta_semantics_of_num_steps_and_primer(random_checkpoints):
    ckpt = random_checkpoints["melody"]
    result = melody_rnn_generate("[60]", num_outputs=2, num_steps=16, seed=1, checkpoint=ckpt)
    assert all(len(e) == 16 and e[0] == 60 for e in result.events)
    assert result.primer_steps == 1
    result = melody_rnn_generate("[60, -2, -1, 62]", num_outputs=1, num_steps=8, checkpoint=ckpt)
    assert result.events[0][:4] == [60, NO_EVENT, NOTE_OFF, 62]
    default = melody_rnn_generate(num_outputs=1, num_steps=4, checkpoint=ckpt)
    assert default.events[0][0] == 60 and "middle C" in default.notices[0]
    with pytest.raises(GenerationError, match="longer than"):
        melody_rnn_generate("[60, 62, 64]", num_outputs=1, num_steps=2, checkpoint=ckpt)


def test_primer_midi_is_read_reduced_and_timed(random_checkpoints):
    chord = Clip((Note(60, 0, 4), Note(67, 0, 4)), "melody", qpm=90)
    result = melody_rnn_generate(
        primer_midi=clip_to_midi_bytes(chord),
        num_outputs=1,
        num_steps=12,
        checkpoint=random_checkpoints["melody"],
    )
    assert result.events[0][0] == 67
    assert result.clips[0].qpm == pytest.approx(90)
    assert any("highest" in notice for notice in result.notices)
    with pytest.raises(MidiError):
        melody_rnn_generate(primer_midi=b"not midi", checkpoint=random_checkpoints["melody"])


@pytest.mark.parametrize(
    ("kwargs", "error", "match"),
    [
        ({"num_outputs": 0}, GenerationError, "variations"),
        ({"temperature": 0}, GenerationError, "temperature"),
        ({"num_steps": 10_000}, GenerationError, "total length"),
        ({"qpm": 5}, GenerationError, "qpm"),
        ({"primer_melody": "[60, 200]"}, PrimerError, "primer"),
    ],
)
def test_bad_generation_parameters_are_explained(random_checkpoints, kwargs, error, match):
    with pytest.raises(error, match=match):
        melody_rnn_generate(checkpoint=random_checkpoints["melody"], **kwargs)


def test_out_of_range_primer_is_transposed_with_a_notice(random_checkpoints):
    result = melody_rnn_generate(
        [96, -2], num_outputs=1, num_steps=4, checkpoint=random_checkpoints["melody"]
    )
    assert result.events[0][0] == 72 and "transposed" in result.notices[0]


# --- the committed, trained checkpoints ------------------------------------------------------


def histogram_entropy(sequences) -> float:
    counts = Counter(x for seq in sequences for x in seq)
    total = sum(counts.values())
    return -sum(c / total * math.log(c / total) for c in counts.values())


@pytest.mark.parametrize("kind", ["melody", "drums"])
def test_lower_temperature_gives_lower_entropy(kind):
    cold = continue_sequence(None, kind, 96, 16, 0.5, 7)
    hot = continue_sequence(None, kind, 96, 16, 1.5, 7)
    assert np.mean(cold.mean_entropy) < np.mean(hot.mean_entropy)
    generated = slice(cold.primer_steps, None)
    assert histogram_entropy(e[generated] for e in cold.events) < histogram_entropy(
        e[generated] for e in hot.events
    )


@pytest.mark.parametrize("kind", ["melody", "drums"])
def test_committed_model_card_beats_the_bigram_baseline(kind):
    directory = checkpoint_dir(CHECKPOINT_FOR_KIND[kind])
    card = json.loads((directory / "card.json").read_text())
    for key in ("data", "license", "split", "metrics", "baseline"):
        assert key in card
    assert set(card["metrics"]) == set(card["baseline"]) == {"nll", "accuracy"}
    assert card["metrics"]["nll"] <= 0.85 * card["baseline"]["nll"]
    assert {"train", "validation", "test"} <= set(card["split"])
    assert (directory / "model.weights.h5").stat().st_size <= 10 * 1024 * 1024
    assert (directory / "README.md").read_text().startswith("# Model card")
    if kind == "drums":
        assert "CC BY 4.0" in card["license"]["data"] and "Gillick" in card["license"]["credit"]


def run_cli(*args, cwd):
    import os
    import subprocess
    import sys

    # As a student's shell has it: no TensorFlow settings of ours.
    env = {k: v for k, v in os.environ.items() if not k.startswith("TF_")}
    env["OPENBLAS_NUM_THREADS"] = "1"
    command = [sys.executable, "-m", "inference.melody_rnn_generate", *args]
    root = Path(__file__).resolve().parent.parent
    env["PYTHONPATH"] = str(root)
    return subprocess.run(command, capture_output=True, text=True, env=env, cwd=cwd, timeout=300)


@pytest.mark.slow
def test_cli_writes_the_lessons_melodies_on_the_committed_weights(tmp_path):
    from inference.music.midi_io import read_midi

    done = run_cli(
        "--config=attention_rnn",
        "--num_outputs=3",
        "--num_steps=64",
        "--primer_melody=[60]",
        "--seed=11",
        "--output_dir=out/attention",
        cwd=tmp_path,
    )
    assert done.returncode == 0, done.stderr
    # Nothing but its results: the files on stdout, one summary line on stderr, no TF notes.
    assert done.stderr.splitlines() == [
        f"Wrote 3 melodies of 64 steps to {Path('out/attention')} (seed 11)."
    ], done.stderr
    paths = [Path(tmp_path / line) for line in done.stdout.split()]
    assert len(paths) == 3 and all(p.suffix == ".mid" and p.is_file() for p in paths)
    for path in paths:
        clip = read_midi(path, "melody")
        assert clip.notes[0].pitch == 60 and clip.notes[0].start_step == 0
        assert clip.total_steps <= 64 and len(clip.notes) >= 4


@pytest.mark.parametrize(
    "flag",
    [
        "--num_steps=0",
        "--config=basic_rnn",
        "--temperature=-1",
        "--primer_melody=[60,x]",
        "--bogus",
    ],
)
def test_cli_rejects_bad_flags_with_usage_and_status_2(tmp_path, flag):
    done = run_cli(flag, cwd=tmp_path)
    assert done.returncode == 2
    assert "usage:" in done.stderr and "error:" in done.stderr


def test_cli_reports_an_unusable_primer_midi(tmp_path):
    (tmp_path / "bad.mid").write_bytes(b"definitely not midi")
    done = run_cli("--primer_midi=bad.mid", "--num_outputs=1", cwd=tmp_path)
    assert done.returncode == 1 and "not a MIDI file" in done.stderr


def test_one_checkpoint_root_redirects_every_loader(random_checkpoints, monkeypatch):
    from inference.shared import checkpoints
    from inference.vae import tools

    root = random_checkpoints["melody"].parent
    monkeypatch.setattr(checkpoints, "CHECKPOINT_ROOT", root)
    assert checkpoints.checkpoint_dir("melody_rnn") == root / "melody_rnn"
    assert checkpoints.has_weights("melody_rnn") and not checkpoints.has_weights("groovae")
    assert load_sampler("melody_rnn") is load_sampler(root / "melody_rnn")  # a name or a folder
    with pytest.raises(FileNotFoundError, match="not a checkpoint"):
        tools.load_bundle("groovae")  # resolved under the patched root, where it is missing
    # Weights without their config are not a checkpoint: has_weights agrees with the loader.
    (root / "half").mkdir()
    (root / "half" / checkpoints.WEIGHTS_FILE).write_bytes(b"")
    assert not checkpoints.has_weights("half")
    with pytest.raises(FileNotFoundError):
        load_sampler("half")
