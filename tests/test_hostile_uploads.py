"""The hostile corpus (tests/hostile_midi.py) and malformed requests against every upload path.

Every path that takes a MIDI file (each tool with an input slot, each kind a slot can be read as)
gets every file of the corpus. Invariants: never a 5xx; a refusal is a 4xx JSON answer with a
stable ``code`` and a ``message`` in words, and stores nothing (no GenerationJob, no file under
MEDIA_ROOT); an accepted submission ends done or failed (jobs run eagerly here). Where the corpus
says what a file must get, the melody path answers exactly that code. How much CPU and memory each
file costs is measured by bench/hostile_uploads.py, not here.
"""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from django.conf import settings
from django.core.cache import cache
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from inference.music import STEPS_PER_BAR
from inference.music.midi_io import MAX_QPM, MIN_QPM, MidiError, read_midi
from studio.forms import MAX_INPUT_BARS, upload_limit
from studio.models import GenerationJob
from studio.tools import TOOLS, NumberField
from studio.views import FORM_OVERHEAD_BYTES
from tests.hostile_midi import corpus
from tests.studio_support import install_rule_engine

CORPUS = corpus()

# (tool, the slot the file goes in, the other fields): every way a MIDI file enters the studio.
UPLOAD_PATHS = [
    ("continue", "input", {"type": "melody"}),
    ("continue", "input", {"type": "drums"}),
    ("interpolate", "input_a", {"type": "melody", "input_b_example": "melody"}),
    ("interpolate", "input_b", {"type": "drums", "input_a_example": "rock-beat"}),
    ("groove", "input", {}),
    ("drumify", "input", {}),
    ("melody-rnn", "input", {"num_steps": "600", "num_outputs": "1"}),
]


@pytest.fixture
def studio(monkeypatch, settings, tmp_path):
    install_rule_engine(monkeypatch)
    # Every rate limit out of the way: this is about what each submission gets, not how many.
    settings.KANADE_STUDIO_RATE_LIMIT = 1_000_000
    settings.KANADE_STUDIO_ADDRESS_RATE_LIMIT = 1_000_000
    settings.KANADE_STUDIO_REFUSED_LIMIT = 1_000_000
    settings.KANADE_SOUNDFONT = str(tmp_path / "no-soundfont.sf2")  # no audio: not tested here
    cache.clear()
    return Client()


def stored_files() -> set[str]:
    root = Path(settings.MEDIA_ROOT)
    return {str(p) for p in root.rglob("*") if p.is_file()} if root.exists() else set()


def answer(response, jobs_before: int, files_before: set[str]) -> str:
    """The code a submission got ("" when accepted), after checking the invariants."""
    assert response.status_code < 500, (response.status_code, response.content[:300])
    assert response["Content-Type"].startswith("application/json"), response["Content-Type"]
    body = response.json()
    if response.status_code == 202:
        job = GenerationJob.objects.get(pk=body["id"])
        assert job.status in ("done", "failed"), f"job left {job.status}"
        return ""
    assert 400 <= response.status_code < 500, response.status_code
    assert isinstance(body.get("code"), str) and body["code"], body
    assert isinstance(body.get("message"), str) and body["message"].strip(), body
    assert "%(" not in body["message"], body["message"]  # every placeholder filled
    assert GenerationJob.objects.count() == jobs_before, "a refused submission stored a job"
    assert stored_files() == files_before, "a refused submission stored a file"
    return body["code"]


def test_the_corpus_is_large_and_always_the_same():
    assert len(CORPUS) >= 150
    again = corpus()
    assert list(again) == list(CORPUS)
    assert all(again[name].data == item.data for name, item in CORPUS.items())
    assert all(len(item.data) <= 1024 * 1024 for name, item in CORPUS.items() if "+ 1" not in name)


@pytest.mark.parametrize("name", list(CORPUS))
def test_the_reader_answers_each_file_as_the_corpus_says(name):
    item = CORPUS[name]
    try:
        clip = read_midi(item.data, "melody", max_steps=MAX_INPUT_BARS * STEPS_PER_BAR)
    except MidiError as error:
        got = f"{error.code}:{error.reason}" if error.reason else error.code
        assert error.message
    else:
        got = "" if MIN_QPM <= clip.qpm <= MAX_QPM else "tempo_out_of_range"
    if item.expect != "?":
        assert got == item.expect


@pytest.mark.django_db
@pytest.mark.parametrize("name", list(CORPUS))
def test_every_upload_path_with_every_hostile_file(studio, name):
    item = CORPUS[name]
    for tool, slot, fields in UPLOAD_PATHS:
        jobs, files = GenerationJob.objects.count(), stored_files()
        upload = SimpleUploadedFile("hostile.mid", item.data, "audio/midi")
        response = studio.post(f"/api/generate/{tool}?lang=en", {**fields, slot: upload})
        code = answer(response, jobs, files)
        if response.status_code == 400:
            assert response.json()["field"] in (slot, "num_steps"), response.json()
        if (tool, fields.get("type")) == ("continue", "melody") and item.expect not in ("?",):
            wanted = "file_too_large" if item.expect == "too_large" else item.expect
            assert code == wanted, (tool, slot, response.json() if code else "accepted")


# --- malformed requests -----------------------------------------------------------------------

HUGE_NUMBERS = [
    "9" * 309,
    "-" + "9" * 309,
    "9" * 400,
    "9" * 4301,  # past Python's int() digit limit
    "1" + "0" * 100_000,
    "1e309",
    "-1e309",
    "1e-400",
    "nan",
    "NaN",
    "-nan",
    "inf",
    "-Infinity",
    "0x10",
    "１２",
    "١٢",
    "12\u200b",
    "\ufeff3",
    "3\x00",
    "😀",
    "",
]
GOOD_INPUTS = {
    "generate": {},
    "continue": {"input_example": "melody"},
    "interpolate": {"input_a_example": "melody", "input_b_example": "chords"},
    "groove": {"input_example": "rock-beat"},
    "drumify": {"input_example": "melody"},
    "melody-rnn": {},
    "nsynth": {},
}
NUMBER_FIELDS = [
    (tool.slug, spec.name)
    for tool in TOOLS.values()
    for spec in tool.fields
    if isinstance(spec, NumberField)
]


@pytest.mark.django_db
@pytest.mark.parametrize("tool,field", NUMBER_FIELDS)
def test_every_number_field_takes_any_text_without_a_500(studio, tool, field):
    for value in HUGE_NUMBERS:
        jobs, files = GenerationJob.objects.count(), stored_files()
        fields = {field: value, **GOOD_INPUTS[tool]}
        response = studio.post(f"/api/generate/{tool}?lang=en", fields)
        answer(response, jobs, files)
        if response.status_code == 400:
            mine = {e["code"] for e in response.json()["errors"] if e["field"] == field}
            assert mine <= {"out_of_range", "not_whole_number", "not_a_number"}, mine
            assert mine or response.json()["code"] == "primer_too_long", response.json()


@pytest.mark.django_db
def test_a_309_digit_seed_is_out_of_range(studio):
    response = studio.post("/api/generate/generate?lang=en", {"seed": "9" * 309})
    assert response.status_code == 400
    assert (response.json()["field"], response.json()["code"]) == ("seed", "out_of_range")


@pytest.mark.django_db
def test_an_earlier_result_index_of_400_digits(studio):
    accepted = studio.post("/api/generate/continue", {"input_example": "melody"})
    assert accepted.status_code == 202
    job_id = accepted.json()["id"]
    for index in ("9" * 400, "-" + "9" * 400, "9" * 5000, "nan", "1e3"):
        jobs, files = GenerationJob.objects.count(), stored_files()
        fields = {"input_job": job_id, "input_index": index}
        response = studio.post("/api/generate/continue?lang=en", fields)
        assert answer(response, jobs, files) == "bad_index"
        assert len(response.json()["message"]) < 300


@pytest.mark.django_db
@pytest.mark.parametrize(
    "content_type,body",
    [
        ("application/json", b'{"input_example": "melody", "variations": 1e999}'),
        ("text/plain", "ありがとう".encode() * 100),
        ("application/octet-stream", bytes(range(256)) * 64),
        ("application/x-www-form-urlencoded", b"input_example=%ff%fe&variations=%00%00"),
        # Over DATA_UPLOAD_MAX_NUMBER_FIELDS (Django's TooManyFieldsSent): still the API's JSON.
        ("application/x-www-form-urlencoded", b"&&&===&" * 1000),
        ("multipart/form-data", b"--x\r\n\r\n"),
        ("multipart/form-data; boundary=", b"--\r\n"),
        ("multipart/form-data; boundary=abc", b"--abc\r\nContent-Disposition: form-data\r\n"),
        ("multipart/form-data; boundary=abc", b"no boundary anywhere" * 100),
        ("audio/midi", CORPUS["a plain melody"].data),
    ],
)
def test_wrong_or_broken_bodies(studio, content_type, body):
    for tool in ("continue", "drumify", "generate"):
        jobs, files = GenerationJob.objects.count(), stored_files()
        response = studio.generic(
            "POST", f"/api/generate/{tool}?lang=en", body, content_type=content_type
        )
        answer(response, jobs, files)


@pytest.mark.django_db
def test_unicode_file_names_and_fields(studio):
    melody = CORPUS["a plain melody"].data
    for name in ("旋律.mid", "a" * 5000 + ".mid", "../../etc/passwd", "nul\x00.mid", "😀.midi"):
        jobs, files = GenerationJob.objects.count(), stored_files()
        upload = SimpleUploadedFile(name, melody, "image/png")
        fields = {"input": upload, "type": "メロディ", "variations": "٣"}
        code = answer(studio.post("/api/generate/continue?lang=en", fields), jobs, files)
        assert code == "not_a_choice"


class EndlessBody(io.RawIOBase):
    """A request body that is generated as it is read (50 MB are never held in memory) and
    remembers how much of it was read."""

    def __init__(self, size: int, head: bytes = b""):
        self.size, self.head, self.taken = size, head, 0

    def readable(self) -> bool:
        return True

    def readinto(self, buffer) -> int:
        count = min(len(buffer), self.size - self.taken)
        if count <= 0:
            return 0
        chunk = (self.head[self.taken :] + b"\0" * count)[:count]
        buffer[:count] = chunk
        self.taken += count
        return count


@pytest.mark.django_db
@pytest.mark.parametrize("tool", [tool for tool in TOOLS])
@pytest.mark.parametrize("with_csrf_token", [False, True])
def test_a_50_megabyte_body_is_refused_unread(studio, tool, with_csrf_token):
    """Also as a browser sends it (CSRF cookie and header): the CSRF check must not parse the
    body before the view refuses it from its declared length."""
    # 50 MiB is over every MIDI tool's limit; an audio tool (Master) takes more: send more.
    allowed = sum(upload_limit(slot) for slot in TOOLS[tool].inputs) + FORM_OVERHEAD_BYTES
    size = max(50 * 1024 * 1024, allowed + 1)
    headers = {}
    if with_csrf_token:
        studio = Client(enforce_csrf_checks=True)
        studio.get("/en/studio/continue/")
        headers["HTTP_X_CSRFTOKEN"] = studio.cookies["csrftoken"].value
    head = b'--abc\r\nContent-Disposition: form-data; name="input"; filename="big.mid"\r\n\r\nMThd'
    body = EndlessBody(size, head)
    jobs, files = GenerationJob.objects.count(), stored_files()
    response = studio.generic(
        "POST",
        f"/api/generate/{tool}?lang=en",
        b"",
        content_type="multipart/form-data; boundary=abc",
        CONTENT_LENGTH=str(size),
        **headers,
        **{"wsgi.input": body},
    )
    assert answer(response, jobs, files) == "file_too_large"
    # The size it was sent (50 MiB for a MIDI tool), in words.
    assert f"{size / 1e6:.1f} MB" in response.json()["message"]
    assert body.taken <= 64 * 1024, f"read {body.taken:,} bytes of a refused body"


@pytest.mark.django_db
def test_a_body_longer_than_it_says_is_only_read_as_far_as_it_says(studio):
    """Content-Length: 200 with 50 MB behind it: Django reads 200 bytes, the form is unreadable
    or incomplete, never a 5xx."""
    body = EndlessBody(50 * 1024 * 1024, b'--abc\r\nContent-Disposition: form-data; name="x"')
    jobs, files = GenerationJob.objects.count(), stored_files()
    response = studio.generic(
        "POST",
        "/api/generate/continue?lang=en",
        b"",
        content_type="multipart/form-data; boundary=abc",
        CONTENT_LENGTH="200",
        **{"wsgi.input": body},
    )
    answer(response, jobs, files)
    assert body.taken <= 64 * 1024
