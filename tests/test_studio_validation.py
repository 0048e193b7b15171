"""Invalid submissions: 400 with every problem (stable code and field, plain words in the
request's language), nothing stored; unknown tool 404; oversized uploads refused before parsing;
models that have not landed answer 503."""

from __future__ import annotations

import os

import pytest
from django.utils import translation

from studio import forms
from studio.cleanup import delete_job
from studio.models import GenerationJob
from studio.tools import get_tool, running
from tests.studio_support import (
    drum_clip,
    melody_clip,
    midi,
    point_checkpoints_at,
)
from tests.studio_validation_support import assert_rejected, english, upload

# A refused form stores nothing, and refusals are not rate limited here (that is tested apart).
pytestmark = [
    pytest.mark.django_db,
    pytest.mark.usefixtures("refusals_not_rate_limited", "nothing_stored_before"),
]


def test_unknown_tool_is_404(client):
    response = client.post("/api/generate/theremin?lang=en", {})
    assert response.status_code == 404
    assert response.json()["code"] == "unknown_tool"
    assert "melody-rnn" in response.json()["message"]


def test_generate_only_accepts_post(client):
    assert client.get("/api/generate/generate").status_code == 405


@pytest.mark.parametrize(
    "tool,field,value,code,words",
    [
        ("generate", "variations", "17", "out_of_range", "from 1 to 16 (you entered 17)"),
        ("generate", "variations", "0", "out_of_range", "from 1 to 16"),
        ("generate", "variations", "2.5", "not_whole_number", "whole number"),
        ("generate", "temperature", "2.1", "out_of_range", "from 0 to 2"),
        ("generate", "temperature", "-0.1", "out_of_range", "from 0 to 2"),
        ("generate", "temperature", "nan", "out_of_range", "from 0 to 2"),
        ("generate", "temperature", "warm", "not_a_number", "must be a number"),
        ("generate", "seed", "-1", "out_of_range", "from 0 to 2,147,483,647"),
        ("generate", "type", "bass", "not_a_choice", "Melody (melody) / Drums (drums)"),
        ("continue", "variations", "9", "out_of_range", "from 1 to 8"),
        ("continue", "length", "33", "out_of_range", "from 1 to 32"),
        ("continue", "length", "0", "out_of_range", "from 1 to 32"),
        ("interpolate", "steps", "17", "out_of_range", "from 1 to 16"),
        ("melody-rnn", "num_outputs", "11", "out_of_range", "from 1 to 10"),
        ("melody-rnn", "num_steps", "15", "out_of_range", "from 16 to 512"),
        ("melody-rnn", "num_steps", "513", "out_of_range", "from 16 to 512"),
        # The tempo's bounds are the models' (inference.music.midi_io), read from the tool's field.
        ("melody-rnn", "qpm", "10", "out_of_range", "from {qpm.minimum:g} to {qpm.maximum:g}"),
    ],
)
def test_out_of_range_numbers(client, rule_engine, tool, field, value, code, words):
    words = words.format(qpm=get_tool("melody-rnn").field("qpm"))
    fields = {field: value}
    if tool == "continue":
        fields["input_example"] = "melody"
    if tool == "interpolate":
        fields |= {"input_a_example": "melody", "input_b_example": "bass-line"}
    assert words in assert_rejected(english(client, tool, fields), field, code)


def test_the_issue_examples_read_as_plain_japanese(client, rule_engine):
    variations = client.post("/api/generate/generate", {"variations": "50"})
    assert (
        assert_rejected(variations, "variations", "out_of_range")
        == "「バリエーション数」は 1 から 16 までにしてください(入力: 50)。"
    )
    not_midi = client.post("/api/generate/groove", {"input": upload(b"hello")})
    message = assert_rejected(not_midi, "input", "not_midi")
    assert message.startswith(
        "「ドラムのクリップ」のファイルは、名前が .mid でも中身が MIDI ではありません"
    )
    primer = client.post("/api/generate/melody-rnn", {"primer_melody": "C D E"})
    assert "[60, -2, 62] のような数のリスト" in assert_rejected(
        primer, "primer_melody", "primer_invalid"
    )


def test_every_problem_is_reported_at_once_in_page_order(client, rule_engine):
    response = english(
        client,
        "continue",
        {"variations": "50", "length": "abc", "temperature": "9", "input": upload(b"text")},
    )
    assert response.status_code == 400
    errors = response.json()["errors"]
    assert [(e["field"], e["code"]) for e in errors] == [
        ("input", "not_midi"),
        ("variations", "out_of_range"),
        ("length", "not_whole_number"),
        ("temperature", "out_of_range"),
    ]
    assert response.json()["field"] == "input"  # the first problem, top to bottom
    assert GenerationJob.objects.count() == 0


def test_random_bytes_are_not_midi(client, rule_engine):
    response = english(client, "groove", {"input": upload(os.urandom(4000))})
    message = assert_rejected(response, "input", "not_midi")
    assert message == (
        "The file for “Drum clip” is not a MIDI file inside, whatever its name says. "
        "Choose a MIDI file saved from a music app or a DAW."
    )


def test_midi_header_with_garbage_is_refused(client, rule_engine):
    # A sound header (format 1, one track, 480 ticks a beat) and no track after it.
    data = b"MThd\x00\x00\x00\x06\x00\x01\x00\x01\x01\xe0" + os.urandom(200)
    response = english(client, "groove", {"input": upload(data)})
    assert "damaged" in assert_rejected(response, "input", "not_midi:damaged")


def test_empty_file_and_midi_without_notes(client, rule_engine):
    response = english(client, "drumify", {"input": upload(b"")})
    assert "is empty" in assert_rejected(response, "input", "empty")
    import io

    import pretty_midi

    buffer = io.BytesIO()
    empty = pretty_midi.PrettyMIDI()
    empty.instruments.append(pretty_midi.Instrument(0))
    empty.write(buffer)
    response = english(client, "drumify", {"input": upload(buffer.getvalue())})
    assert "no notes" in assert_rejected(response, "input", "empty:no_notes")


def test_five_megabyte_upload_is_refused_before_parsing(client, rule_engine, monkeypatch):
    monkeypatch.setattr(forms, "read_midi", lambda *a, **k: pytest.fail("parsed a 5 MB upload"))
    big = upload(b"MThd" + b"\x00" * (5 * 1024 * 1024))
    response = english(client, "groove", {"input": big})
    message = assert_rejected(response, "input", "file_too_large")
    assert "(5.2 MB; at most 1 MB)" in message  # the size it saw, from the declared length


def test_upload_over_the_limit_is_refused_from_its_size(client, rule_engine, settings, monkeypatch):
    settings.MAX_UPLOAD_BYTES = 100
    monkeypatch.setattr(forms, "read_midi", lambda *a, **k: pytest.fail("parsed an oversized file"))
    response = english(client, "continue", {"input": upload(midi(melody_clip(4)))})
    assert "at most 100 bytes" in assert_rejected(response, "input", "file_too_large")


def test_drums_only_clip_to_a_melody_tool_is_a_clear_error(client, rule_engine):
    fields = {"type": "melody", "input": upload(midi(drum_clip()))}
    message = assert_rejected(english(client, "continue", fields), "input", "no_track:only_drums")
    assert message == (
        "The MIDI file for “Input clip” only has drums; this needs a melody, bass line or chords."
    )


def test_melody_clip_to_groove_is_a_clear_error(client, rule_engine):
    response = english(client, "groove", {"input_example": "melody"})
    assert "has no drums" in assert_rejected(response, "input", "no_track:no_drums")


def test_missing_and_ambiguous_inputs(client, rule_engine):
    missing = assert_rejected(english(client, "continue", {}), "input", "input_missing")
    assert "draw notes in the grid" in missing  # the page's "Draw it" source is named too
    response = english(
        client, "continue", {"input_example": "melody", "input": upload(midi(melody_clip()))}
    )
    assert_rejected(response, "input", "input_conflict")
    assert_rejected(english(client, "interpolate", {"input_a_example": "melody"}), "input_b",
                    "input_missing")  # fmt: skip
    assert_rejected(
        english(client, "continue", {"input_example": "waltz"}), "input_example", "unknown_example"
    )


def test_an_empty_drawing_says_so(client, rule_engine):
    response = client.post("/api/generate/groove", {"input_source": "draw"})
    message = assert_rejected(response, "input", "drawing_empty")
    assert "打ち込みが空" in message and "マス目" in message


def test_melody_rnn_problems_come_in_the_order_of_its_settings(client, rule_engine):
    fields = {"primer_melody": "C D E", "num_outputs": "0", "qpm": "1000"}
    errors = english(client, "melody-rnn", fields).json()["errors"]
    assert [e["field"] for e in errors] == ["primer_melody", "num_outputs", "qpm"]


def test_bad_references_to_earlier_jobs(client, rule_engine):
    gone = english(client, "drumify", {"input_job": "x" * 22})
    assert_rejected(gone, "input_job", "job_not_found")
    done = client.post("/api/generate/generate", {"variations": "2"}).json()
    assert GenerationJob.objects.get(pk=done["id"]).status == "done"
    response = english(client, "drumify", {"input_job": done["id"], "input_index": "2"})
    assert response.status_code == 400
    assert (response.json()["field"], response.json()["code"]) == ("input_index", "bad_index")
    assert "no variation 3" in response.json()["message"]
    GenerationJob.objects.filter(pk=done["id"]).update(status="running")
    response = english(client, "drumify", {"input_job": done["id"]})
    assert response.status_code == 400 and response.json()["code"] == "job_not_done"
    delete_job(
        GenerationJob.objects.get(pk=done["id"])
    )  # only the rejected ones must leave nothing


def test_primer_melody_errors(client, rule_engine):
    for primer in ("[60, 200]", "C D E"):
        response = english(client, "melody-rnn", {"primer_melody": primer})
        assert "0 to 127 are notes" in assert_rejected(response, "primer_melody", "primer_invalid")
    both = {"primer_melody": "[60]", "input": upload(midi(melody_clip(1)))}
    response = english(client, "melody-rnn", both)
    assert "not both" in assert_rejected(response, "primer_melody", "primer_and_midi")
    long_primer = "[" + ", ".join(["60"] + ["-2"] * 20) + "]"
    response = english(client, "melody-rnn", {"primer_melody": long_primer, "num_steps": "16"})
    message = assert_rejected(response, "num_steps", "primer_too_long")
    assert "(16) counts the primer too" in message and "21 steps" in message


def test_tool_without_trained_weights_answers_503_and_stores_nothing(client, monkeypatch, tmp_path):
    point_checkpoints_at(monkeypatch, tmp_path)  # no weights at all
    for tool, fields in [
        ("generate", {"type": "drums"}),
        ("continue", {"input_example": "melody"}),
        ("groove", {"input_example": "rock-beat"}),
        ("drumify", {"input_example": "chords"}),
        ("interpolate", {"input_a_example": "melody", "input_b_example": "melody"}),
        ("melody-rnn", {}),
    ]:
        response = english(client, tool, fields)
        assert response.status_code == 503, tool
        body = response.json()
        assert body["code"] == "model_unavailable"
        assert "is not ready on this server yet" in body["message"]
        assert f"“{get_tool(tool).name('en')}”" in body["message"]
        assert "inference/checkpoints/" in body["detail"]  # for whoever installs the models
    assert GenerationJob.objects.count() == 0


def test_weights_without_their_config_are_not_a_model(monkeypatch, tmp_path):
    """A half-copied checkpoint (weights, no config.json) is reported, not loaded."""
    (tmp_path / "groovae").mkdir()
    (tmp_path / "groovae" / "model.weights.h5").write_bytes(b"weights")
    point_checkpoints_at(monkeypatch, tmp_path)
    reason = running.model_problem("groove", {})
    assert "not yet available" in reason and "inference/checkpoints/groovae" in reason
    with translation.override("ja"):
        assert "まだ用意されていません" in running.model_status("groove", {})
    with pytest.raises(running.ModelUnavailable, match="not yet available"):
        running.run_tool("groove", {"seed": 1}, {}, {})


@pytest.mark.parametrize(
    "tool,field",
    [
        ("generate", "seed"),
        ("generate", "variations"),
        ("continue", "length"),
        ("interpolate", "steps"),
        ("melody-rnn", "num_steps"),
        ("melody-rnn", "qpm"),
    ],
)
@pytest.mark.parametrize("digits", [309, 400, 4301, 20_000])
def test_whole_numbers_of_any_length_are_out_of_range_not_a_500(
    client, rule_engine, tool, field, digits
):
    fields = {field: "9" * digits}
    if tool == "continue":
        fields["input_example"] = "melody"
    if tool == "interpolate":
        fields |= {"input_a_example": "melody", "input_b_example": "bass-line"}
    message = assert_rejected(english(client, tool, fields), field, "out_of_range")
    assert "9" * 40 in message and "9" * 41 not in message  # the value, shortened
    negative = assert_rejected(
        english(client, tool, {**fields, field: "-" + "9" * digits}), field, "out_of_range"
    )
    assert "(you entered -" in negative


def test_a_309_digit_temperature_is_out_of_range(client, rule_engine):
    for value in ("9" * 309, "1e309", "-1e400"):
        assert "from 0 to 2" in assert_rejected(
            english(client, "generate", {"temperature": value}), "temperature", "out_of_range"
        )
