"""Drum Generate's class calibration: the maths on toy samplers, and the committed weights'
offsets bringing the rare drums back at the studio's temperature."""

from __future__ import annotations

import json

import numpy as np
import pytest

from inference.evaluation import drum_features as d
from inference.evaluation.heldout.common import GENERATE_TEMPERATURE  # the studio's default
from inference.vae.calibration import EVENT_CLASSES, event_bias, fit_offsets, offsets_at
from inference.vae.config import VaeConfig

# Open hi-hat, the three toms and the crash: what a low temperature had all but removed.
RARE = [3, 4, 5, 6, 7]


def test_an_event_gets_the_offsets_of_the_classes_it_strikes():
    offsets = np.arange(1, 10, dtype=np.float32)
    bias = event_bias(offsets)
    assert bias.shape == (512,)
    assert bias[0] == 0  # nothing struck: untouched
    assert bias[0b1] == 1 and bias[0b1000000] == 7
    assert bias[0b1000001] == pytest.approx(1 + 7)
    assert bias[511] == pytest.approx(offsets.sum())
    with pytest.raises(ValueError, match="9 class offsets"):
        event_bias([1.0, 2.0])


def test_offsets_are_interpolated_between_temperatures_and_clamped_outside():
    table = [[0.2, *[1.0] * 9], [0.6, *[3.0] * 9]]
    assert offsets_at(table, 0.4) == pytest.approx([2.0] * 9)
    assert offsets_at(table, 0.0) == pytest.approx([1.0] * 9)  # greedy: the coldest row
    assert offsets_at(table, 2.0) == pytest.approx([3.0] * 9)
    assert not offsets_at([], 0.4).any()
    with pytest.raises(ValueError, match="ascending"):
        offsets_at([[0.6, *[1.0] * 9], [0.2, *[1.0] * 9]], 0.4)


def toy_rates(logits: np.ndarray, temperature: float):
    """Hits per bar of a toy sampler: 16 steps, one softmax over the 512 events per step."""

    def rates_with(offsets, _round):
        scaled = (logits + event_bias(offsets)) / temperature
        p = np.exp(scaled - scaled.max())
        p /= p.sum()
        return 16 * (p @ EVENT_CLASSES)

    return rates_with


@pytest.mark.parametrize("temperature", [0.3, 1.0])
def test_the_fit_brings_every_class_to_its_target_rate(temperature):
    rng = np.random.default_rng(0)
    # Common kick/snare/hi-hat events, rare toms: the shape of a drum model's step logits.
    class_logits = np.array([0.5, 0.3, 1.0, -2.0, -2.5, -2.5, -4.0, -3.0, -0.5])
    logits = EVENT_CLASSES @ class_logits + rng.normal(0, 0.3, 512)
    target = np.array([4.0, 5.0, 5.3, 0.64, 0.6, 0.51, 0.07, 0.23, 2.4])
    rates_with = toy_rates(logits, temperature)
    before = np.abs(rates_with(np.zeros(9), 0) / target - 1).max()
    offsets, history = fit_offsets(rates_with, target, temperature, rounds=40)
    after = np.abs(rates_with(offsets, 0) / target - 1).max()
    assert before > 0.5
    assert after < 0.03
    assert history[-1].worst < history[0].worst


def test_the_fit_averages_out_sampling_noise():
    rng = np.random.default_rng(1)
    logits = EVENT_CLASSES @ np.array([0.5, 0.3, 1.0, -2.0, -2.5, -2.5, -4.0, -3.0, -0.5])
    exact = toy_rates(logits, 0.4)
    target = np.array([4.0, 5.0, 5.3, 0.64, 0.6, 0.51, 0.07, 0.23, 2.4])

    def noisy(offsets, round_index):
        return exact(offsets, round_index) * rng.normal(1.0, 0.05, 9)  # 5 % noise per round

    offsets, _ = fit_offsets(noisy, target, 0.4, rounds=30, averaged=10)
    assert np.abs(exact(offsets, 0) / target - 1).max() < 0.1


def test_a_config_reads_its_offsets_table_back_as_rows():
    config = VaeConfig.load("inference/checkpoints/musicvae_drums")
    table = config.generate_class_offsets
    assert len(table) >= 2 and all(len(row) == 10 for row in table)
    assert [row[0] for row in table] == sorted(row[0] for row in table)
    assert len(config.generate_class_rates) == 9
    again = json.loads(config.to_json())
    assert again["generate_class_offsets"] == [list(row) for row in table]
    assert not VaeConfig.load("inference/checkpoints/musicvae_melody").generate_class_offsets


def rare_share(bundle, bias, target, temperature=GENERATE_TEMPERATURE):
    """Hits per bar of the rare classes together, relative to ``target``'s (0: the same)."""
    rng = np.random.default_rng([5, 1])
    z = rng.standard_normal((400, bundle.config.latent)) * bundle.config.prior_scale
    events = bundle.decode(z, temperature, 5, None, bias)
    rates = np.mean([d.hits_per_bar(d.hits(row)) for row in events], axis=0)
    return rates[RARE].sum() / np.asarray(target)[RARE].sum() - 1, rates


@pytest.mark.slow
def test_committed_offsets_bring_the_rare_drums_back_at_the_studio_temperature():
    from inference.vae.tools import generate, load_bundle

    bundle = load_bundle("musicvae_drums")
    target = bundle.config.generate_class_rates
    raw, _ = rare_share(bundle, None, target)
    calibrated, rates = rare_share(bundle, bundle.generate_bias(GENERATE_TEMPERATURE), target)
    assert raw < -0.5  # without: toms, open hi-hat and crash mostly gone
    assert abs(calibrated) < 0.2
    # The common classes stay near their rates too.
    assert np.abs(rates[:3] / np.asarray(target)[:3] - 1).max() < 0.2
    # The studio's Generate uses it.
    clips = generate("drums", 32, GENERATE_TEMPERATURE, 3)
    pitches = {n.pitch for c in clips for n in c.notes}
    assert len(pitches) >= 7


@pytest.mark.slow
def test_the_calibrate_command_writes_the_table_and_its_card_section(tmp_path, monkeypatch):
    import shutil

    from inference import calibrate
    from tests.test_vae_training import write_groove_fixture

    write_groove_fixture(tmp_path / "groove")
    checkpoint = tmp_path / "musicvae_drums"
    shutil.copytree("inference/checkpoints/musicvae_drums", checkpoint)
    monkeypatch.setattr(calibrate, "CACHE_DIR", tmp_path / "cache")
    monkeypatch.setattr(calibrate, "TEMPERATURES", (0.4, 1.0))
    argv = ["musicvae_drums", "--data", str(tmp_path / "groove"), "--checkpoint", str(checkpoint)]
    assert calibrate.main([*argv, "--clips", "20"]) == 0
    config = VaeConfig.load(checkpoint)
    assert [row[0] for row in config.generate_class_offsets] == [0.4, 1.0]
    # The fixture is a rock beat: kick, snare and closed hi-hat only.
    assert config.generate_class_rates[0] > 0 and config.generate_class_rates[6] == 0
    readme = (checkpoint / "README.md").read_text(encoding="utf-8")
    assert readme.count(calibrate.BEGIN) == 1
    assert readme.index(calibrate.END) < readme.index("<!-- held-out evaluation")
    written = readme.split(calibrate.BEGIN)[1].split(calibrate.END)[0].strip()
    assert written.startswith("## Generate: drum-class calibration")
    assert "| 0.4 |" in written and "| 1 |" in written
    assert calibrate.main([*argv, "--clips", "20"]) == 0  # a rerun replaces its section
    assert (checkpoint / "README.md").read_text(encoding="utf-8").count(calibrate.BEGIN) == 1


def test_a_card_or_config_written_by_a_killed_run_keeps_its_old_text(tmp_path, monkeypatch):
    import os

    from inference.shared import checkpoints

    config = tmp_path / "config.json"
    checkpoints.write_text_atomic(config, '{"old": 1}\n')
    assert config.read_text(encoding="utf-8") == '{"old": 1}\n'

    def killed(source, target):
        raise KeyboardInterrupt  # the run dies between writing and moving into place

    monkeypatch.setattr(os, "replace", killed)
    with pytest.raises(KeyboardInterrupt):
        checkpoints.write_text_atomic(config, '{"new": ')
    assert config.read_text(encoding="utf-8") == '{"old": 1}\n'
    monkeypatch.undo()
    checkpoints.write_text_atomic(config, '{"new": 2}\n')
    assert json.loads(config.read_text(encoding="utf-8")) == {"new": 2}
