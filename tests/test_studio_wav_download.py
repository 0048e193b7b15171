"""A MIDI result downloads as WAV (rendered with FluidSynth on its first download and kept) and
as OGG, under the job's own address like its MIDI; unknown jobs and variations are 404."""

from __future__ import annotations

import io
import threading

import pytest
import soundfile
from django.core.files.storage import default_storage

from studio import audio, wav_cache
from studio.models import GenerationJob
from tests.ci import skip_unless_available

pytestmark = [
    pytest.mark.django_db,
    skip_unless_available(
        audio.audio_unavailable_reason() is not None, "FluidSynth or its SoundFont is missing"
    ),
]


def body(response) -> bytes:
    return b"".join(response.streaming_content)


def finished_job(client, **fields) -> dict:
    accepted = client.post("/api/generate/generate", {"variations": "2", "seed": "5", **fields})
    assert accepted.status_code == 202, accepted.content
    job = client.get(accepted.json()["url"]).json()
    assert job["status"] == "done", job["error"]
    return job


@pytest.fixture
def renders(monkeypatch):
    """Counts the WAV renders (still rendering for real)."""
    calls = []
    real = audio.render_wav

    def counted(midi: bytes) -> bytes:
        calls.append(len(midi))
        return real(midi)

    monkeypatch.setattr(audio, "render_wav", counted)
    return calls


def test_a_midi_result_downloads_as_a_wav_of_its_music(client, rule_engine, renders):
    job = finished_job(client, type="melody")
    output = job["outputs"][1]
    assert output["wav"] == f"/api/jobs/{job['id']}/variation-2.wav"
    response = client.get(output["wav"])
    assert response.status_code == 200
    assert response["Content-Type"] == "audio/wav"
    name = f"kanade-generate-{job['id'][:8]}-variation-2.wav"
    assert response["Content-Disposition"] == f'attachment; filename="{name}"'
    data = body(response)
    info = soundfile.info(io.BytesIO(data))
    assert (info.samplerate, info.channels, info.subtype) == (44_100, 2, "PCM_16")
    samples, _rate = soundfile.read(io.BytesIO(data))
    midi = body(client.get(output["midi"]))
    music = audio.music_end_s(midi)
    assert music + 0.5 <= info.duration <= music + 1.0  # cut like the OGG preview
    assert abs(samples).max() > 0.01  # notes, not silence
    assert renders == [len(midi)]


def test_the_wav_is_rendered_once_then_served_from_storage(client, rule_engine, renders):
    job = finished_job(client, type="drums")
    url = job["outputs"][0]["wav"]
    first = body(client.get(url))
    second = client.get(url, HTTP_RANGE="bytes=0-11")
    assert second.status_code == 206
    assert body(second) == first[:12] and first[:4] == b"RIFF" and first[8:12] == b"WAVE"
    assert len(renders) == 1
    stored = GenerationJob.objects.get(pk=job["id"])
    assert default_storage.exists(wav_cache.wav_name(stored, 1))


def test_simultaneous_downloads_render_one_file(client, rule_engine, renders):
    job = GenerationJob.objects.get(pk=finished_job(client)["id"])
    names = []
    threads = [
        threading.Thread(target=lambda: names.append(wav_cache.cached_wav(job, 1)))
        for _ in range(4)
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert names == [wav_cache.wav_name(job, 1)] * 4
    assert len(renders) == 1


def test_renders_wait_for_a_free_slot_and_give_up_with_503(client, rule_engine, monkeypatch):
    job = finished_job(client)
    monkeypatch.setattr(wav_cache, "_slots", threading.BoundedSemaphore(1))
    monkeypatch.setattr(wav_cache, "WAIT_FOR_SLOT_S", 0.05)
    wav_cache._slots.acquire()  # another render holds the only slot
    try:
        response = client.get(job["outputs"][0]["wav"])
    finally:
        wav_cache._slots.release()
    assert response.status_code == 503
    assert response["Retry-After"]
    assert client.get(job["outputs"][0]["wav"]).status_code == 200


def test_the_ogg_preview_downloads_as_an_attachment_when_asked(client, rule_engine):
    job = finished_job(client)
    audio_url = job["outputs"][0]["audio"]
    inline = client.get(audio_url)
    assert inline["Content-Disposition"].startswith("inline")  # the page's <audio> plays it
    download = client.get(audio_url, {"download": "1"})
    name = f"kanade-generate-{job['id'][:8]}-variation-1.ogg"
    assert download["Content-Disposition"] == f'attachment; filename="{name}"'
    assert body(download)[:4] == b"OggS"


def test_unknown_jobs_and_variations_are_404(client, rule_engine, renders):
    job = finished_job(client)
    assert client.get("/api/jobs/nope/variation-1.wav").status_code == 404
    assert client.get(f"/api/jobs/{job['id']}/variation-3.wav").status_code == 404
    assert client.get(f"/api/jobs/{job['id']}/variation-0.wav").status_code == 404
    assert renders == []


def test_without_fluidsynth_there_is_no_wav(client, rule_engine, monkeypatch):
    job = finished_job(client)
    monkeypatch.setattr(audio, "fluidsynth_library", lambda: None)
    assert client.get(job["outputs"][0]["wav"]).status_code == 404
