"""Invalid submissions: 400 {"error"} naming the field, nothing stored; unknown tool 404;
oversized uploads refused before parsing; models that have not landed answer 503."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile

from courses.studio import engines, forms
from courses.studio.cleanup import delete_job
from courses.studio.models import GenerationJob
from tests.studio_support import drum_clip, install_rule_engine, melody_clip, midi

pytestmark = pytest.mark.django_db


@pytest.fixture
def rule_engine(monkeypatch):
    return install_rule_engine(monkeypatch)


def upload(data: bytes, name: str = "clip.mid") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, data, content_type="audio/midi")


def stored_files() -> list[str]:
    root = Path(settings.MEDIA_ROOT) / "studio"
    return [str(p) for p in root.rglob("*") if p.is_file()] if root.exists() else []


def assert_rejected(response, field: str, *words: str, status: int = 400) -> str:
    assert response.status_code == status, response.content
    body = response.json()
    assert body.get("field") == field
    assert f"'{field}'" in body["error"]
    for word in words:
        assert word in body["error"]
    assert GenerationJob.objects.count() == 0
    return body["error"]


@pytest.fixture(autouse=True)
def nothing_stored_before():
    before = set(stored_files())
    yield
    assert set(stored_files()) == before  # a rejected submission leaves no file behind


def test_unknown_tool_is_404(client):
    response = client.post("/api/generate/nsynth", {})
    assert response.status_code == 404
    assert "melody-rnn" in response.json()["error"]


def test_generate_only_accepts_post(client):
    assert client.get("/api/generate/generate").status_code == 405


@pytest.mark.parametrize(
    "tool,field,value,words",
    [
        ("generate", "variations", "17", ("between 1 and 16", "17")),
        ("generate", "variations", "0", ("between 1 and 16",)),
        ("generate", "variations", "2.5", ("whole number",)),
        ("generate", "temperature", "2.1", ("between 0 and 2",)),
        ("generate", "temperature", "-0.1", ("between 0 and 2",)),
        ("generate", "temperature", "nan", ("between 0 and 2",)),
        ("generate", "temperature", "warm", ("a number",)),
        ("generate", "seed", "-1", ("between 0 and",)),
        ("generate", "type", "bass", ("melody, drums",)),
        ("continue", "variations", "9", ("between 1 and 8",)),
        ("continue", "length", "33", ("between 1 and 32",)),
        ("continue", "length", "0", ("between 1 and 32",)),
        ("interpolate", "steps", "17", ("between 1 and 16",)),
        ("melody-rnn", "num_outputs", "11", ("between 1 and 10",)),
        ("melody-rnn", "num_steps", "15", ("between 16 and 512",)),
        ("melody-rnn", "num_steps", "513", ("between 16 and 512",)),
        ("melody-rnn", "qpm", "10", ("between 20 and 300",)),
    ],
)
def test_out_of_range_numbers(client, rule_engine, tool, field, value, words):
    fields = {field: value}
    if tool == "continue":
        fields["input_example"] = "melody"
    if tool == "interpolate":
        fields |= {"input_a_example": "melody", "input_b_example": "bass-line"}
    assert_rejected(client.post(f"/api/generate/{tool}", fields), field, *words)


def test_random_bytes_are_not_midi(client, rule_engine):
    error = assert_rejected(
        client.post("/api/generate/groove", {"input": upload(os.urandom(4000))}), "input"
    )
    assert "not a MIDI file" in error


def test_midi_header_with_garbage_is_refused(client, rule_engine):
    data = b"MThd\x00\x00\x00\x06" + os.urandom(200)
    error = assert_rejected(client.post("/api/generate/groove", {"input": upload(data)}), "input")
    assert "could not be" in error


def test_empty_file_and_midi_without_notes(client, rule_engine):
    assert "empty" in assert_rejected(
        client.post("/api/generate/drumify", {"input": upload(b"")}), "input"
    )
    import io

    import pretty_midi

    buffer = io.BytesIO()
    empty = pretty_midi.PrettyMIDI()
    empty.instruments.append(pretty_midi.Instrument(0))
    empty.write(buffer)
    error = assert_rejected(
        client.post("/api/generate/drumify", {"input": upload(buffer.getvalue())}), "input"
    )
    assert "no notes" in error


def test_five_megabyte_upload_is_refused_before_parsing(client, rule_engine, monkeypatch):
    monkeypatch.setattr(forms, "read_midi", lambda *a, **k: pytest.fail("parsed a 5 MB upload"))
    big = upload(b"MThd" + b"\x00" * (5 * 1024 * 1024))
    response = client.post("/api/generate/groove", {"input": big})
    error = assert_rejected(response, "input", "at most 1,000,000 bytes")
    assert "5,2" in error  # the size it saw, from the request's declared length


def test_upload_over_the_limit_is_refused_from_its_size(client, rule_engine, settings, monkeypatch):
    settings.MAX_UPLOAD_BYTES = 100
    monkeypatch.setattr(forms, "read_midi", lambda *a, **k: pytest.fail("parsed an oversized file"))
    response = client.post("/api/generate/continue", {"input": upload(midi(melody_clip(4)))})
    assert_rejected(response, "input", "at most 100 bytes")


def test_drums_only_clip_to_a_melody_tool_is_a_clear_error(client, rule_engine):
    response = client.post(
        "/api/generate/continue", {"type": "melody", "input": upload(midi(drum_clip()))}
    )
    error = assert_rejected(response, "input", "no usable melody track", "drum")
    assert error.startswith("'input': ")


def test_melody_clip_to_groove_is_a_clear_error(client, rule_engine):
    response = client.post("/api/generate/groove", {"input_example": "melody"})
    assert_rejected(response, "input", "no usable drums track")


def test_missing_and_ambiguous_inputs(client, rule_engine):
    assert_rejected(client.post("/api/generate/continue", {}), "input", "required")
    response = client.post(
        "/api/generate/continue", {"input_example": "melody", "input": upload(midi(melody_clip()))}
    )
    assert_rejected(response, "input", "not file and example")
    assert_rejected(
        client.post("/api/generate/interpolate", {"input_a_example": "melody"}), "input_b"
    )
    assert_rejected(
        client.post("/api/generate/continue", {"input_example": "waltz"}), "input_example"
    )


def test_bad_references_to_earlier_jobs(client, rule_engine):
    assert_rejected(client.post("/api/generate/drumify", {"input_job": "x" * 22}), "input_job")
    done = client.post("/api/generate/generate", {"variations": "2"}).json()
    assert GenerationJob.objects.get(pk=done["id"]).status == "done"
    response = client.post("/api/generate/drumify", {"input_job": done["id"], "input_index": "2"})
    assert response.status_code == 400
    assert response.json()["field"] == "input_index"
    assert "0..1" in response.json()["error"]
    GenerationJob.objects.filter(pk=done["id"]).update(status="running")
    response = client.post("/api/generate/drumify", {"input_job": done["id"]})
    assert response.status_code == 400 and "running, not done" in response.json()["error"]
    delete_job(
        GenerationJob.objects.get(pk=done["id"])
    )  # only the rejected ones must leave nothing


def test_primer_melody_errors(client, rule_engine):
    error = assert_rejected(
        client.post("/api/generate/melody-rnn", {"primer_melody": "[60, 200]"}), "primer_melody"
    )
    assert "0..127" in error
    assert_rejected(
        client.post("/api/generate/melody-rnn", {"primer_melody": "C D E"}), "primer_melody"
    )
    both = {"primer_melody": "[60]", "input": upload(midi(melody_clip(1)))}
    assert_rejected(client.post("/api/generate/melody-rnn", both), "primer_melody", "not both")
    long_primer = "[" + ", ".join(["60"] + ["-2"] * 20) + "]"
    response = client.post(
        "/api/generate/melody-rnn", {"primer_melody": long_primer, "num_steps": "16"}
    )
    assert_rejected(response, "num_steps", "counts the primer", "21 steps")


def test_tool_without_trained_weights_answers_503_and_stores_nothing(client, monkeypatch, tmp_path):
    monkeypatch.setattr(engines, "CHECKPOINT_ROOT", tmp_path)  # no weights at all
    for tool, fields in [
        ("generate", {"type": "drums"}),
        ("continue", {"input_example": "melody"}),
        ("groove", {"input_example": "rock-beat"}),
        ("drumify", {"input_example": "chords"}),
        ("interpolate", {"input_a_example": "melody", "input_b_example": "melody"}),
        ("melody-rnn", {}),
    ]:
        response = client.post(f"/api/generate/{tool}", fields)
        assert response.status_code == 503, tool
        body = response.json()
        assert body["code"] == "model_unavailable"
        assert "not yet available" in body["error"] and f"'{tool}'" in body["error"]
    assert GenerationJob.objects.count() == 0


def test_missing_function_is_reported_as_not_yet_available(monkeypatch, tmp_path):
    (tmp_path / "groovae").mkdir()
    (tmp_path / "groovae" / "model.weights.h5").write_bytes(b"weights")
    monkeypatch.setattr(engines, "CHECKPOINT_ROOT", tmp_path)
    monkeypatch.setitem(engines.FUNCTION_MODULES, "groove", "inference.no_such_module")
    reason = engines.model_status("groove", {})
    assert "not yet available" in reason and "groove() has not landed" in reason
    with pytest.raises(engines.ModelUnavailable, match="not yet available"):
        engines.resolve_function("groove", {})
