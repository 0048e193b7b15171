"""Property-based bad input for the studio API: every form field of every tool, the job and
download routes, merge, and MIDI uploads (random bytes, truncated files, broken headers, absurd
tempos, zero-length notes, 100k notes).

Invariants: never a 500 (the test client re-raises a view's exception, so a crash fails the
example); a refused submission is a 4xx JSON with an ``error`` naming what is wrong and stores
nothing (no row, no file); an accepted one ends done or failed (jobs run eagerly here), never
queued or running. Bounded ``max_examples`` keep the file well under a minute.
"""

from __future__ import annotations

import io
from pathlib import Path

import mido
import pytest
from django.conf import settings
from django.core.cache import cache
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from hypothesis import HealthCheck, given
from hypothesis import settings as hypothesis_settings
from hypothesis import strategies as st

from studio.models import GenerationJob
from studio.tools import TOOLS
from tests.studio_support import drum_clip, melody_clip, midi

FUZZ = hypothesis_settings(
    max_examples=25,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
    database=None,  # no example database in the checkout; failures print their example
)

# Text that has broken parsers before: numbers at and past the limits, non-numbers, NUL,
# control characters, very long digit strings, JSON-ish primers, path-like values.
NASTY = st.sampled_from(
    [
        "",
        " ",
        "0",
        "-0",
        "1",
        "-1",
        "0.1",
        "1e308",
        "1e999",
        "-1e999",
        "nan",
        "NaN",
        "inf",
        "-inf",
        "2147483647",
        "2147483648",
        "99999999999999999999",
        "9" * 5000,
        "0x10",
        "1_000",
        "１２",
        "[60]",
        "[60, 62, 64]",
        "[]",
        "[",
        "[999]",
        "[-3]",
        "[60," * 200,
        "null",
        "true",
        "melody",
        "drums",
        "type",
        "../../etc/passwd",
        "a\x00b",
        "\x00",
        "<script>x</script>",
        "é" * 3000,
    ]
)
VALUES = st.one_of(NASTY, st.text(max_size=40), st.integers().map(str), st.floats().map(str))
FIELD_NAMES = sorted(
    {spec.name for tool in TOOLS.values() for spec in tool.fields}
    | {
        f"{slot.name}{suffix}"
        for tool in TOOLS.values()
        for slot in tool.inputs
        for suffix in ("_example", "_job", "_index")
    }
)
TOOL_NAMES = st.sampled_from([*TOOLS, "nope", "GENERATE", "generate/", "..", "%00"])


@pytest.fixture
def roomy_rate_limit(settings, tmp_path):
    # Every limit out of the way: these tests are about what one submission gets, not how many.
    settings.KANADE_STUDIO_RATE_LIMIT = 1_000_000
    settings.KANADE_STUDIO_ADDRESS_RATE_LIMIT = 1_000_000
    settings.KANADE_STUDIO_REFUSED_LIMIT = 1_000_000
    cache.clear()
    # No audio rendering: FluidSynth is tested elsewhere and would make each example slow.
    settings.KANADE_SOUNDFONT = str(tmp_path / "no-soundfont.sf2")


def stored_files() -> set[str]:
    root = Path(settings.MEDIA_ROOT) / "studio"
    return {str(p) for p in root.rglob("*") if p.is_file()} if root.exists() else set()


def check_answer(response, jobs_before: int, files_before: set[str]) -> None:
    assert response.status_code != 500
    body = response.json()
    if response.status_code == 202:
        job = GenerationJob.objects.get(pk=body["id"])
        assert job.status in ("done", "failed"), f"job left {job.status}"
        if job.status == "failed":
            assert job.error_code and job.error_message
        return
    assert response.status_code in (400, 404, 413, 503), response.status_code
    assert isinstance(body.get("code"), str) and body["code"]
    assert isinstance(body.get("message"), str) and body["message"].strip()
    assert body["message"] == body["error"]
    if response.status_code == 400:
        assert body["errors"] and all(e["code"] and e["message"] for e in body["errors"])
    assert GenerationJob.objects.count() == jobs_before, "a refused submission stored a job"
    assert stored_files() == files_before, "a refused submission stored a file"


@pytest.mark.django_db
@FUZZ
@given(tool=TOOL_NAMES, fields=st.dictionaries(st.sampled_from(FIELD_NAMES), VALUES, max_size=6))
def test_every_generate_field_any_value(rule_engine, roomy_rate_limit, tool, fields):
    before, files = GenerationJob.objects.count(), stored_files()
    response = Client().post(f"/api/generate/{tool}", fields)
    if response.status_code == 404 and tool not in TOOLS:
        return  # unknown tool (JSON 404, or no route at all for names with a slash)
    check_answer(response, before, files)


def _smf(tracks: list[list[mido.Message | mido.MetaMessage]], ticks: int = 220) -> bytes:
    song = mido.MidiFile(ticks_per_beat=ticks)
    for messages in tracks:
        song.tracks.append(mido.MidiTrack(messages))
    buffer = io.BytesIO()
    song.save(file=buffer)
    return buffer.getvalue()


def _notes(count: int, length: int, pitch=lambda i: 60 + i % 12) -> list[mido.Message]:
    messages = []
    for i in range(count):
        messages.append(mido.Message("note_on", note=pitch(i), velocity=90, time=0))
        messages.append(mido.Message("note_off", note=pitch(i), velocity=0, time=length))
    return messages


def _tempo(microseconds_per_beat: int) -> mido.MetaMessage:
    return mido.MetaMessage("set_tempo", tempo=microseconds_per_beat, time=0)


VALID = midi(melody_clip())
CRAFTED = {
    "empty": b"",
    "header only": VALID[:14],
    "truncated in a track": VALID[: len(VALID) // 2],
    "one byte short": VALID[:-1],
    "not midi": b"RIFF\x00\x00\x00\x00WAVEfmt ",
    "header length 0": b"MThd\x00\x00\x00\x00" + VALID[14:],
    "huge header length": b"MThd\xff\xff\xff\xff" + VALID[8:],
    "format 7": VALID[:8] + b"\x00\x07" + VALID[10:],
    "division 0": VALID[:12] + b"\x00\x00" + VALID[14:],
    "SMPTE division": VALID[:12] + b"\xe7\x28" + VALID[14:],
    "track count lies": VALID[:10] + b"\xff\xff" + VALID[12:],
    "track length lies": VALID[:18] + b"\x7f\xff\xff\xff" + VALID[22:],
    "fastest tempo": _smf([[_tempo(1), *_notes(16, 110)]]),
    "slowest tempo": _smf([[_tempo(0xFFFFFF), *_notes(16, 110)]]),
    "tempo every tick": _smf(
        [[m for i in range(400) for m in (_tempo(1 + i * 997), *_notes(1, 1))]]
    ),
    "zero-length notes": _smf([_notes(64, 0)]),
    "zero-length drums": _smf([[m.copy(channel=9) for m in _notes(64, 0, lambda i: 36)]]),
    "one tick per beat": _smf([_notes(16, 1)], ticks=1),
    "notes far apart": _smf([_notes(4, 10_000_000)]),
    "running status garbage": VALID[:22] + bytes(range(256)) * 2,
    "drums": midi(drum_clip()),
}


@pytest.mark.django_db
@pytest.mark.parametrize("name", sorted(CRAFTED))
@pytest.mark.parametrize("tool", ["continue", "drumify", "melody-rnn"])
def test_crafted_midi_uploads(rule_engine, roomy_rate_limit, tool, name):
    before, files = GenerationJob.objects.count(), stored_files()
    upload = SimpleUploadedFile("clip.mid", CRAFTED[name], "audio/midi")
    fields = {"input": upload}
    if tool == "melody-rnn":
        fields.update(num_steps="512", num_outputs="1")
    response = Client().post(f"/api/generate/{tool}", fields)
    check_answer(response, before, files)
    if response.status_code == 400:
        assert response.json()["field"] in ("input", "num_steps")


@pytest.mark.django_db
def test_a_hundred_thousand_notes(rule_engine, roomy_rate_limit):
    """100k notes (about 800 KB, under the 1 MB limit): read, cut to 32 bars, never a 500."""
    data = _smf([_notes(100_000, 1)])
    assert len(data) < settings.MAX_UPLOAD_BYTES
    before, files = GenerationJob.objects.count(), stored_files()
    response = Client().post("/api/generate/continue", {"input": SimpleUploadedFile("n.mid", data)})
    check_answer(response, before, files)
    if response.status_code == 202:
        job = GenerationJob.objects.get(pk=response.json()["id"])
        assert job.inputs["input"]["roll"]["steps"] <= 32 * 16  # cut to 32 bars


@pytest.mark.django_db
@FUZZ
@given(
    data=st.binary(max_size=4096), prefix=st.sampled_from([b"", b"MThd", VALID[:14], VALID[:30]])
)
def test_random_bytes_as_midi(rule_engine, roomy_rate_limit, data, prefix):
    before, files = GenerationJob.objects.count(), stored_files()
    upload = SimpleUploadedFile("random.mid", prefix + data, "audio/midi")
    check_answer(Client().post("/api/generate/drumify", {"input": upload}), before, files)


@pytest.mark.django_db
@FUZZ
@given(
    cut=st.integers(min_value=0, max_value=len(VALID)),
    flip=st.integers(0, 255),
    at=st.integers(0, len(VALID) - 1),
)
def test_truncated_and_corrupted_midi(rule_engine, roomy_rate_limit, cut, flip, at):
    corrupted = bytearray(VALID)
    corrupted[at] ^= flip
    before, files = GenerationJob.objects.count(), stored_files()
    upload = SimpleUploadedFile("cut.mid", bytes(corrupted[:cut]), "audio/midi")
    check_answer(Client().post("/api/generate/continue", {"input": upload}), before, files)


@pytest.fixture
def done_job(db, rule_engine, roomy_rate_limit) -> GenerationJob:
    response = Client().post(
        "/api/generate/continue", {"input_example": "melody", "variations": "2"}
    )
    assert response.status_code == 202
    return GenerationJob.objects.get(pk=response.json()["id"])


SEGMENTS = st.one_of(
    NASTY, st.text(max_size=30), st.sampled_from(["..", ".", "%2e%2e", "%00", "%2F"])
)


@pytest.mark.django_db
@FUZZ
@given(
    job_id=SEGMENTS,
    tail=st.sampled_from(
        [
            "",
            "/variation-1.mid",
            "/variation-0.ogg",
            "/variation-99.mid",
            "/inputs/input.mid",
            "/inputs/..%2F..%2Fsettings.mid",
            "/variations.zip",
        ]
    ),
)
def test_job_routes_any_id(done_job, job_id, tail):
    from urllib.parse import quote

    for candidate in (quote(job_id, safe=""), done_job.id + quote(job_id, safe="")):
        response = Client().get(f"/api/jobs/{candidate}{tail}")
        # 302: LocaleMiddleware sends a path no API route matches to /ja/…, where it is a 404.
        assert response.status_code in (200, 302, 404, 409), (candidate, tail, response.status_code)


@pytest.mark.django_db
@FUZZ
@given(parts=st.lists(st.one_of(SEGMENTS, st.builds(lambda s: f"JOB:{s}", SEGMENTS)), max_size=6))
def test_merge_any_parts(done_job, parts):
    parts = [part.replace("JOB", done_job.id) for part in parts]
    response = Client().get("/api/studio/merge.mid", {"part": parts})
    assert response.status_code in (200, 400), response.status_code
    if response.status_code == 400:
        assert response.json()["field"] == "part"
