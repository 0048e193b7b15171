"""Every tool through the API on the trained models (the two RNNs and the four VAEs).

A tool whose weights are committed under inference/checkpoints/ runs for real and must keep the
studio's contract (one output per variation, drums on the 9 canonical pitches, monophonic
melodies, MIDI + OGG); every tool has committed weights, so each must run. In a folder given by
``KANADE_TEST_CHECKPOINTS`` a tool whose weights are not there must answer 503 "not yet
available" and store nothing — never a made-up result. ``KANADE_TEST_CHECKPOINTS=/path`` points the whole
run at another checkpoint folder (same layout), e.g. to try weights before committing them.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from inference.music.midi_io import read_midi
from inference.shared import checkpoints
from studio.models import GenerationJob
from studio.tools import running
from tests.studio_support import assert_fits_studio_contract

pytestmark = [pytest.mark.django_db, pytest.mark.slow]

CASES = [
    ("generate", {"type": "drums", "variations": "3"}, 3, "drums"),
    ("generate", {"type": "melody", "variations": "2", "temperature": "0.5"}, 2, "melody"),
    ("continue", {"type": "melody", "input_example": "melody", "length": "1"}, 4, "melody"),
    ("continue", {"type": "drums", "input_example": "rock-beat", "variations": "2"}, 2, "drums"),
    ("interpolate", {"type": "drums", "input_a_example": "rock-beat", "input_b_example": "funk-beat"}, 3, "drums"),
    ("interpolate", {"type": "melody", "input_a_example": "melody", "input_b_example": "bass-line", "steps": "4"}, 4, "melody"),
    ("groove", {"input_example": "funk-beat"}, 1, "drums"),
    ("drumify", {"input_example": "bass-line"}, 1, "drums"),
    ("drumify", {"input_example": "chords"}, 1, "drums"),
    ("melody-rnn", {"primer_melody": "[60]", "num_outputs": "2", "num_steps": "64"}, 2, "melody"),
    ("melody-rnn", {"input_example": "melody", "num_outputs": "1", "num_steps": "128"}, 1, "melody"),
]  # fmt: skip


@pytest.fixture(autouse=True)
def checkpoint_root(monkeypatch):
    """Use KANADE_TEST_CHECKPOINTS for every model when it is set."""
    root = os.environ.get("KANADE_TEST_CHECKPOINTS")
    if not root:
        return checkpoints.CHECKPOINT_ROOT
    monkeypatch.setattr(checkpoints, "CHECKPOINT_ROOT", Path(root))
    return Path(root)


def params_of(fields: dict) -> dict:
    return {"type": fields.get("type", "melody")}


@pytest.mark.parametrize("tool,fields,count,kind", CASES)
def test_tool_on_its_model(client, tool, fields, count, kind):
    response = client.post(f"/api/generate/{tool}", fields | {"seed": "5"})
    reason = running.model_problem(tool, params_of(fields))
    if reason:
        # Only a trial folder may lack weights: the committed ones serve every tool.
        assert os.environ.get("KANADE_TEST_CHECKPOINTS"), f"{tool}: {reason}"
        assert response.status_code == 503
        assert response.json()["code"] == "model_unavailable"
        assert response.json()["detail"] == reason and "not yet available" in reason
        assert GenerationJob.objects.count() == 0
        return
    assert response.status_code == 202, response.content
    job = client.get(response.json()["url"]).json()
    assert job["status"] == "done", job["error"]
    assert len(job["outputs"]) == count
    for output in job["outputs"]:
        data = b"".join(client.get(output["midi"]).streaming_content)
        clip = read_midi(data, kind) if output["notes"] else None
        if clip:
            assert_fits_studio_contract(clip, kind)
        if output["audio"]:
            assert b"".join(client.get(output["audio"]).streaming_content)[:4] == b"OggS"
    assert sum(o["notes"] for o in job["outputs"]) > 0  # the models make music, not silence
    if tool == "melody-rnn" and fields.get("primer_melody") == "[60]":
        assert all(o["roll"]["notes"][0][:2] == [60, 0] for o in job["outputs"])  # primer opens
