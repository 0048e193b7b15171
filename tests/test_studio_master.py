"""The studio's Master tool through the API: a synthesised WAV mastered to a loudness target and
to a reference (report, 24-bit WAV, OGG previews), every refusal of an audio input with its
message in Japanese and English and nothing stored, and the page in both languages."""

from __future__ import annotations

import io
import math

import numpy as np
import pytest
import soundfile
from django.core.files.uploadedfile import SimpleUploadedFile

from inference.mastering.loudness import integrated_loudness
from studio.models import GenerationJob
from tests.mastering_fixtures import RATE, detune, encode, music
from tests.studio_validation_support import assert_rejected, assert_worded, stored_files

pytestmark = pytest.mark.django_db


def wav(samples: np.ndarray, rate: int = RATE, name: str = "track.wav", **kwargs):
    return SimpleUploadedFile(name, encode(samples, rate, **kwargs), content_type="audio/wav")


@pytest.fixture(scope="module")
def track() -> np.ndarray:
    return detune(music(4.0, seed=1), -1.5, -8.0)  # darker and quieter than the reference


@pytest.fixture(scope="module")
def reference() -> np.ndarray:
    return detune(music(4.0, seed=2), 1.0, 4.0)


def body(client, response) -> bytes:
    return b"".join(client.get(response).streaming_content)


def done_job(client, fields: dict) -> dict:
    response = client.post("/api/generate/master?lang=en", fields)
    assert response.status_code == 202, response.content
    job = client.get(response.json()["url"] + "?lang=en").json()
    assert job["status"] == "done", job["error"]
    return job


def test_a_track_is_mastered_to_a_loudness_target(client, track):
    job = done_job(client, {"input": wav(track), "target": "streaming"})
    assert job["tool_name"] == "Master" and job["params"]["target"] == "streaming"
    output = job["outputs"][0]
    assert output["midi"] is None and "zip" not in job
    report = output["report"]
    assert report["target_lufs"] == -14.0 and report["reference"] is None
    assert report["output"]["true_peak_dbtp"] <= -1.0
    master, rate = soundfile.read(io.BytesIO(body(client, output["wav"])), always_2d=True)
    assert soundfile.info(io.BytesIO(body(client, output["wav"]))).subtype == "PCM_24"
    assert abs(integrated_loudness(master, rate) - report["output"]["integrated_lufs"]) < 0.05
    assert abs(report["output"]["integrated_lufs"] - -14.0) <= 0.5
    assert report["input"]["integrated_lufs"] < -20  # it was made louder, and says so
    preview = body(client, output["audio"])
    assert preview[:4] == b"OggS"
    original = body(client, output["previews"]["input"])
    assert original[:4] == b"OggS" and set(output["previews"]) == {"input"}
    assert len(report["gain_reduction"]["db"]) == pytest.approx(40, abs=1)  # every 100 ms
    stored = job["inputs"]["input"]
    assert stored["audio"]["container"] == "WAV" and stored["audio"]["seconds"] == 4.0


@pytest.mark.parametrize(
    ("container", "name"), [("FLAC", "t.flac"), ("OGG", "t.ogg"), ("MP3", "t.mp3")]
)
def test_flac_ogg_and_mp3_are_read_too(client, track, container, name):
    upload = SimpleUploadedFile(name, encode(track, RATE, container))
    job = done_job(client, {"input": upload, "target": "broadcast"})
    assert job["inputs"]["input"]["audio"]["container"] == container
    assert job["outputs"][0]["report"]["input_file"]["container"] == container
    assert abs(job["outputs"][0]["report"]["output"]["integrated_lufs"] - -23.0) <= 0.5


def test_a_track_is_matched_to_a_reference(client, track, reference):
    job = done_job(client, {"input": wav(track), "reference": wav(reference, name="ref.wav")})
    report = job["outputs"][0]["report"]
    assert report["target"] is None
    ref_lufs = integrated_loudness(reference, RATE)
    assert abs(report["output"]["integrated_lufs"] - ref_lufs) <= 0.5
    assert report["reference"]["integrated_lufs"] == pytest.approx(ref_lufs, abs=0.05)
    spectra = report["spectra"]
    assert len(spectra["bands_hz"]) == len(spectra["reference_db"]) == len(spectra["output_db"])
    distance = [
        np.abs(np.subtract(spectra[key], spectra["reference_db"])).mean()
        for key in ("input_db", "output_db")
    ]
    assert distance[1] < distance[0] / 2
    assert set(job["outputs"][0]["previews"]) == {"input", "reference"}
    assert body(client, job["outputs"][0]["previews"]["reference"])[:4] == b"OggS"


def test_a_studio_result_can_be_sent_to_it_as_audio(client, track):
    first = done_job(client, {"input": wav(track), "target": "broadcast"})
    job = done_job(client, {"input_job": first["id"], "input_index": "0", "target": "loud"})
    assert job["inputs"]["input"]["source"] == f"job:{first['id']}:0"
    reached = job["outputs"][0]["report"]["output"]["integrated_lufs"]
    # This track cannot reach −9 LUFS under a −1 dBTP ceiling: the student is told so.
    said = [n for n in job["notices"] if "limiter could not reach -9 LUFS" in n]
    assert (abs(reached - -9.0) > 0.1) == bool(said), (reached, job["notices"])


def test_the_example_tracks_master_without_an_upload(client):
    from studio.audio import audio_unavailable_reason

    if audio_unavailable_reason():
        pytest.skip(audio_unavailable_reason())
    fields = {"input_example": "band-demo", "reference_example": "band-bright"}
    job = done_job(client, fields)
    assert job["inputs"]["input"]["source"] == "example:band-demo"
    assert job["inputs"]["input"]["audio"]["seconds"] > 7  # 4 bars at 120 qpm, and the release
    report = job["outputs"][0]["report"]
    # The demo mix is dull and quiet, the reference bright and mastered loud.
    assert report["input"]["integrated_lufs"] < report["reference"]["integrated_lufs"] - 6
    assert report["reference"]["integrated_lufs"] > -12.0
    print("example tracks (LUFS):", report["input"]["integrated_lufs"],
          report["reference"]["integrated_lufs"], report["output"]["integrated_lufs"])  # fmt: skip
    assert abs(report["output"]["integrated_lufs"] - report["reference"]["integrated_lufs"]) <= 0.5
    spectra = report["spectra"]
    before, after = (
        np.abs(np.subtract(spectra[key], spectra["reference_db"])).mean()
        for key in ("input_db", "output_db")
    )
    assert after < before / 2


@pytest.mark.usefixtures("refusals_not_rate_limited", "nothing_stored_before")
def test_an_unknown_example_track_or_none_to_play_is_refused(client, monkeypatch):
    response = client.post("/api/generate/master?lang=en", {"input_example": "melody"})
    assert (response.json()["field"], response.json()["code"]) == (
        "input_example",
        "unknown_example",
    )
    from studio import example_tracks

    def unavailable(slug):
        raise example_tracks.ExampleUnavailable("no FluidSynth")

    monkeypatch.setattr(example_tracks, "example_track", unavailable)
    for lang, words in (("en", "no synthesizer"), ("ja", "シンセサイザー")):
        answer = client.post(f"/api/generate/master?lang={lang}", {"input_example": "band-demo"})
        assert answer.json()["code"] == "example_unavailable" and words in answer.json()["message"]
    assert GenerationJob.objects.count() == 0


# What each refusal sends, the field and code it is refused with, and words of each language.
SILENCE = np.zeros((RATE * 2, 2), np.float32)
HISS = np.full((RATE * 2, 1), 1e-5, np.float32)  # −100 dBFS: below the −70 LUFS gate
REFUSALS = {
    "not_audio": (
        lambda t: {"input": SimpleUploadedFile("song.wav", b"MThd not audio at all" * 10)},
        "input", "not_audio", "not a WAV, FLAC, OGG or MP3", "WAV、FLAC、OGG、MP3",
    ),
    "too_short": (
        lambda t: {"input": SimpleUploadedFile("song.wav", encode(t, RATE)[:44] + b"\x00" * 9)},
        "input", "too_short", "too short", "短すぎ",
    ),
    "lying_header": (
        lambda t: {"input": SimpleUploadedFile("song.flac", b"fLaC" + b"\xff" * 200)},
        "input", "not_audio:damaged", "damaged", "壊れて",
    ),
    "too_large": (
        lambda t: {"input": wav(t)},
        "input", "file_too_large", "too big", "大きすぎ",
    ),
    "too_long": (
        lambda t: {"input": wav(np.zeros((8_000 * 601, 1), np.float32), 8_000, subtype="PCM_U8")},
        "input", "audio_too_long", "too long", "長すぎ",
    ),
    "silent": (
        lambda t: {"input": wav(SILENCE)},
        "input", "silent", "nothing to master", "無音",
    ),
    "silent_hiss": (
        lambda t: {"input": wav(HISS)},
        "input", "silent", "nothing to master", "無音",
    ),
    "silent_reference": (
        lambda t: {"input": wav(t), "reference": wav(SILENCE, name="ref.wav")},
        "reference", "silent_reference", "nothing to match", "無音",
    ),
    "missing": (lambda t: {}, "input", "audio_missing", "upload an audio file", "音声ファイル"),
    "bad_target": (
        lambda t: {"input": wav(t), "target": "cd"},
        "target", "not_a_choice", "Streaming (−14 LUFS)", "ストリーミング",
    ),
}  # fmt: skip


@pytest.mark.usefixtures("refusals_not_rate_limited", "nothing_stored_before")
@pytest.mark.parametrize("case", sorted(REFUSALS))
@pytest.mark.parametrize("lang", ["en", "ja"])
def test_each_refusal_is_worded_on_its_field_and_stores_nothing(
    client, settings, track, case, lang
):
    make, field, code, english, japanese = REFUSALS[case]
    if case == "too_large":
        settings.MAX_AUDIO_UPLOAD_BYTES = 100_000
    before = stored_files()
    response = client.post(f"/api/generate/master?lang={lang}", make(track))
    assert_worded(assert_rejected(response, field, code), lang, english, japanese)
    assert stored_files() == before


@pytest.mark.usefixtures("refusals_not_rate_limited")
def test_a_body_over_the_audio_limits_is_refused_unread(client, settings):
    settings.MAX_AUDIO_UPLOAD_BYTES = 1_000
    response = client.post(
        "/api/generate/master?lang=en", data=b"x", content_type="application/octet-stream",
        CONTENT_LENGTH=str(2 * 1_000 + 64 * 1024 + 1),
    )  # fmt: skip
    assert response.status_code == 400 and response.json()["code"] == "file_too_large"


@pytest.mark.parametrize("lang", ["ja", "en"])
def test_the_page_explains_the_tool_in_both_languages(client, lang):
    page = client.get(f"/{lang}/studio/master/")
    assert page.status_code == 200
    html = page.content.decode()
    assert 'accept="audio/' in html and 'name="reference"' in html and 'name="target"' in html
    assert "Ozone" in html and "BS.1770" in html and "−14 LUFS" in html
    assert 'src="/static/studio/studio.js"' in html or "studio/studio.js" in html
    if lang == "ja":
        assert "マスタリング" in html and "リファレンス" in html
    else:
        assert "Master Assistant" in html and "Reference track" in html
    index = client.get(f"/{lang}/studio/").content.decode()
    assert f"/{lang}/studio/master/" in index


def test_silence_checks_use_the_gate_not_digital_zero():
    # The refusal above with hiss relies on this: −100 dBFS reads as no loudness at all.
    assert not math.isfinite(integrated_loudness(HISS, RATE))


def test_a_midi_result_is_sent_to_it_as_its_rendered_audio(client, rule_engine):
    from studio.audio import audio_unavailable_reason

    if audio_unavailable_reason():
        pytest.skip(audio_unavailable_reason())
    made = client.post("/api/generate/generate?lang=en", {"type": "melody", "variations": "1"})
    first = client.get(made.json()["url"] + "?lang=en").json()
    assert first["status"] == "done" and first["outputs"][0]["audio"]
    job = done_job(client, {"input_job": first["id"], "input_index": "0"})
    assert job["inputs"]["input"]["audio"]["container"] == "OGG"
    assert abs(job["outputs"][0]["report"]["output"]["integrated_lufs"] - -14.0) <= 0.5


def test_an_audio_result_is_no_midi_part(client, track):
    job = done_job(client, {"input": wav(track)})
    assert client.get(f"/api/jobs/{job['id']}/variations.zip").status_code == 404
    assert client.get(f"/api/jobs/{job['id']}/inputs/input.mid").status_code == 404
    for part in (f"{job['id']}:0", f"{job['id']}:input"):
        merged = client.get("/api/studio/merge.mid", {"part": [part, part], "lang": "en"})
        assert merged.status_code == 400 and merged.json()["code"] == "bad_parts"


@pytest.mark.parametrize(
    "lang, words", [("en", "“Reference track” is silence"), ("ja", "「リファレンス曲」は無音")]
)
def test_a_refusal_met_in_the_job_is_worded_for_its_input(client, track, monkeypatch, lang, words):
    """Submission catches what it can read; should the chain itself refuse an input, the failed
    job says which input and why, in the reader's language, not a generic English sentence."""
    from inference import mastering
    from inference.mastering import MasteringError

    def refuse(*args, **kwargs):
        error = MasteringError("silent_reference", "The reference track is silence.")
        error.field = "reference"
        raise error

    monkeypatch.setattr(mastering, "master", refuse)
    response = client.post(
        "/api/generate/master?lang=en", {"input": wav(track), "reference": wav(track)}
    )
    assert response.status_code == 202, response.content
    job = client.get(response.json()["url"] + f"?lang={lang}").json()
    assert job["status"] == "failed" and job["error_code"] == "silent_reference"
    assert words in job["error"]
