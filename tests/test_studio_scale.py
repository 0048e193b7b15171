"""Key and scale in the studio: the controls of Generate, Continue and Melody RNN (catalogue and
page), what reaches the models and the job record, refusals in both languages with nothing
stored, and Continue with the input's key on the committed Melody RNN."""

from __future__ import annotations

import html

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from inference.music import Clip, Note
from inference.music.midi_io import clip_to_midi_bytes
from inference.music.scales import KEY_NAMES, SCALE_NAMES, in_scale
from studio.models import GenerationJob
from tests.studio_validation_support import assert_rejected, english

pytestmark = pytest.mark.django_db

MELODY_TOOLS = ("generate", "continue", "melody-rnn")


def fields_of(client, slug: str, lang: str = "en") -> dict[str, dict]:
    catalog = client.get("/api/studio/catalog", {"lang": lang}).json()
    tool = next(t for t in catalog["tools"] if t["slug"] == slug)
    return {f["name"]: f for f in tool["fields"]}


def test_every_melody_tool_offers_every_key_and_scale_and_interpolate_none(client):
    for slug in MELODY_TOOLS:
        fields = fields_of(client, slug)
        keys = [value for value, _ in fields["key"]["choices"]]
        assert keys[-12:] == list(KEY_NAMES)
        assert [value for value, _ in fields["scale"]["choices"]] == list(SCALE_NAMES)
        assert fields["scale"]["default"] == "off"  # unconstrained unless asked
    assert fields_of(client, "continue")["key"]["default"] == "primer"
    assert "primer" not in dict(fields_of(client, "generate")["key"]["choices"])
    assert "scale" not in fields_of(client, "interpolate")
    # Shown for melodies only where the tool also makes drums.
    assert fields_of(client, "generate")["scale"]["for_type"] == "melody"
    assert fields_of(client, "continue")["key"]["for_type"] == "melody"
    assert "for_type" not in fields_of(client, "melody-rnn")["scale"]


def test_scale_names_read_in_japanese_on_the_page(client):
    labels = dict(fields_of(client, "generate", "ja")["scale"]["choices"])
    assert labels["natural_minor"].startswith("自然的短音階")
    assert labels["dorian"].startswith("ドリア旋法")
    assert labels["major_pentatonic"] == "メジャー・ペンタトニック"
    page = html.unescape(client.get("/ja/studio/generate/").content.decode())
    assert '<select id="field-scale" name="scale"' in page
    assert "和声的短音階" in page and "ブルース" in page
    assert 'data-field="scale" data-for-type="melody"' in page
    continue_page = html.unescape(client.get("/en/studio/continue/").content.decode())
    assert '<option value="primer" selected>The input\'s key (found from its notes)' in (
        continue_page
    )


def submit(client, tool: str, fields: dict) -> dict:
    response = client.post(f"/api/generate/{tool}", fields)
    assert response.status_code == 202, response.content
    return client.get(response.json()["url"]).json()


def test_key_and_scale_reach_the_models_and_the_job_record(client, rule_engine):
    job = submit(client, "generate", {"type": "melody", "key": "F#", "scale": "blues"})
    assert job["params"]["key"] == "F#" and job["params"]["scale"] == "blues"
    assert rule_engine.calls[-1][1] | {"key": "F#", "scale": "blues"} == rule_engine.calls[-1][1]
    submit(client, "melody-rnn", {"key": "A", "scale": "harmonic_minor", "num_steps": "32"})
    assert rule_engine.calls[-1][1]["key"] == "A"
    assert rule_engine.calls[-1][1]["scale"] == "harmonic_minor"
    job = submit(client, "continue", {"input_example": "melody", "scale": "dorian"})
    assert (job["params"]["key"], job["params"]["scale"]) == ("primer", "dorian")
    assert (
        rule_engine.calls[-1][1] | {"key": "primer", "scale": "dorian"} == rule_engine.calls[-1][1]
    )


def test_drums_ignore_a_scale_and_say_so(client, rule_engine):
    job = submit(client, "generate", {"type": "drums", "scale": "major", "key": "D"})
    assert job["status"] == "done"
    assert rule_engine.calls[-1][1]["scale"] == "off"
    assert job["params"]["scale"] == "major"  # what was sent is kept; the notice says it was unused
    assert job["notices"] == [
        "キーとスケールはメロディー用です。ドラムはそれを使わずに作りました。"
    ]
    job = submit(client, "continue", {"type": "drums", "input_example": "rock-beat"})
    assert rule_engine.calls[-1][1]["scale"] == "off" and job["notices"] == []


@pytest.mark.parametrize(
    ("tool", "field", "value"),
    [
        ("generate", "key", "H"),
        ("generate", "key", "primer"),  # only Continue has an input to take a key from
        ("generate", "scale", "lydian"),
        ("continue", "key", "c"),
        ("continue", "scale", "Major"),
        ("melody-rnn", "scale", "minor"),
        ("melody-rnn", "key", "primer"),
    ],
)
def test_bad_keys_and_scales_are_refused_in_both_languages(client, rule_engine, tool, field, value):
    fields = {field: value, "input_example": "melody"} if tool == "continue" else {field: value}
    message = assert_rejected(english(client, tool, fields), field, "not_a_choice")
    label = {"key": "Key", "scale": "Scale"}[field]
    assert message.startswith(f"Choose “{label}” from:") and f"(you sent “{value}”)" in message
    japanese = client.post(f"/api/generate/{tool}?lang=ja", fields)
    words = assert_rejected(japanese, field, "not_a_choice")
    assert {"key": "キー", "scale": "スケール"}[field] in words and value in words
    if field == "scale":
        assert "長調 (メジャー) (major)" in words
    assert GenerationJob.objects.count() == 0


def test_both_bad_are_listed_in_the_order_of_the_page(client, rule_engine):
    response = english(client, "generate", {"scale": "x", "key": "y", "temperature": "3"})
    errors = [(e["field"], e["code"]) for e in response.json()["errors"]]
    assert errors == [
        ("temperature", "out_of_range"),
        ("key", "not_a_choice"),
        ("scale", "not_a_choice"),
    ]
    assert GenerationJob.objects.count() == 0


@pytest.mark.slow
def test_continue_with_the_inputs_key_on_the_trained_model(client):
    # An E minor phrase (with the leading tone D#) as a MIDI upload.
    tune = [(64, 4), (67, 2), (69, 2), (71, 4), (74, 2), (71, 2), (69, 2), (67, 2), (66, 2)]
    tune += [(63, 2), (64, 8)]
    notes, step = [], 0
    for pitch, length in tune:
        notes.append(Note(pitch, step, step + length, 90))
        step += length
    data = clip_to_midi_bytes(Clip(tuple(notes), "melody", total_steps=step))
    fields = {
        "type": "melody",
        "input": SimpleUploadedFile("e-minor.mid", data, content_type="audio/midi"),
        "key": "primer",
        "scale": "minor_pentatonic",
        "temperature": "1.5",
        "length": "4",
        "variations": "4",
        "seed": "11",
    }
    job = submit(client, "continue", fields)
    assert job["status"] == "done", job["error"]
    assert "入力の調は E 短調 と判定しました。" in " ".join(job["notices"])
    assert "「マイナー・ペンタトニック」" in " ".join(job["notices"])
    made = []
    for output in job["outputs"]:
        roll = output["roll"]
        made += [n[0] for n in roll["notes"] if n[1] >= roll["primer_steps"]]
        # The input opens every output as it was given, D# and F# included.
        assert [n[0] for n in roll["notes"][: len(tune)]] == [p for p, _ in tune]
    assert len(made) > 20 and in_scale(made, "E", "minor_pentatonic")
