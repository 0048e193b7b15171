"""run_job and its output contract: failures are reported (never a made-up result), drums only on
the 9 canonical pitches, melodies monophonic, audio optional."""

from __future__ import annotations

import pytest
from django.core.files.storage import default_storage
from django.test import RequestFactory
from django.utils import translation

from inference.music import DRUM_OUTPUT_PITCHES, Clip, Note
from inference.music.midi_io import read_midi
from studio import audio, jobs
from studio.forms import validate
from studio.models import GenerationJob
from studio.tools import ToolResult, get_tool, running
from tests.studio_support import make_tool_run, point_checkpoints_at

pytestmark = pytest.mark.django_db


def queued_job(tool: str, **fields) -> GenerationJob:
    request = RequestFactory().post("/", fields)
    submission = validate(get_tool(tool), request.POST, request.FILES)
    return jobs.create_job(submission, session_key="s" * 32)


def test_conform_drums_maps_every_class_to_its_output_pitch():
    notes = (
        Note(35, 0, 3, 80),
        Note(36, 0, 1, 120),
        Note(40, 4, 5),
        Note(22, 6, 7),
        Note(99, 8, 9),
    )
    clip, notices = jobs.conform(Clip(notes, "drums", 120.0, 16), "drums")
    assert [(n.pitch, n.start_step, n.end_step, n.velocity) for n in clip.notes] == [
        (36, 0, 1, 120),  # 35 and 36 on one step are one kick: the louder hit stays
        (38, 4, 5, 100),
        (42, 6, 7, 100),
    ]
    assert notices == ["Model output pitches outside the drum kit were dropped: [99]."]


def test_conform_melody_is_monophonic():
    notes = (Note(60, 0, 8), Note(64, 0, 4), Note(67, 2, 6))
    clip, notices = jobs.conform(Clip(notes, "melody", 120.0, 8), "melody")
    starts = sorted((n.start_step, n.end_step) for n in clip.notes)
    assert all(a[1] <= b[0] for a, b in zip(starts, starts[1:], strict=False))
    assert "overlapping notes" in notices[0]


def test_run_job_is_idempotent_and_records_timings(rule_engine):
    job = queued_job("generate", type="drums", variations="2", seed="3")
    jobs.run_job(job.id)
    jobs.run_job(job.id)  # a second runner finds it claimed: no-op
    job.refresh_from_db()
    assert job.status == "done" and len(job.outputs) == 2
    assert len(rule_engine.calls) == 1
    assert set(job.timings) == {"queued_s", "inference_s", "audio_s", "total_s"}
    assert job.timings["total_s"] >= job.timings["inference_s"] >= 0
    for output in job.outputs:
        clip = read_midi(default_storage.open(output["midi"]).read(), "drums")
        assert {n.pitch for n in clip.notes} <= set(DRUM_OUTPUT_PITCHES)


def test_same_seed_same_music(rule_engine):
    first, second = (queued_job("generate", variations="1", seed="11") for _ in range(2))
    for job in (first, second):
        jobs.run_job(job.id)
        job.refresh_from_db()
    assert first.outputs[0]["roll"]["notes"] == second.outputs[0]["roll"]["notes"]


def test_model_missing_at_run_time_fails_the_job_clearly(monkeypatch, tmp_path, client):
    job = queued_job("groove", input_example="rock-beat")
    point_checkpoints_at(monkeypatch, tmp_path)
    jobs.run_job(job.id)
    job.refresh_from_db()
    assert job.status == "failed" and job.outputs == []
    assert (job.error_code, job.error_params) == ("model_unavailable", {"tool": "groove"})
    with translation.override("en"):
        assert job.error_message == (
            "The model for “Groove” is not ready on this server yet, so this tool cannot make "
            "anything for now."
        )


def test_a_failure_is_worded_in_the_language_of_whoever_reads_it(rule_engine, monkeypatch, client):
    """Stored as a code: a job that fails while a Japanese student waits reads Japanese."""
    make_tool_run(monkeypatch, "generate", lambda params, inputs: 1 / 0)
    job = queued_job("generate")
    jobs.run_job(job.id)
    japanese = client.get(f"/api/jobs/{job.id}", HTTP_REFERER="http://x/ja/studio/generate/")
    english = client.get(f"/api/jobs/{job.id}?lang=en")
    assert japanese.json()["error_code"] == english.json()["error_code"] == "internal_error"
    assert japanese.json()["error"].startswith("作っている途中でサーバーに問題が起きました")
    assert english.json()["error"].startswith("Something went wrong on the server")
    assert japanese["Content-Language"] == "ja" and english["Content-Language"] == "en"


def test_model_input_errors_fail_the_job_with_their_message(rule_engine, monkeypatch):
    def refuses(*args, **kwargs):
        raise ValueError("the primer is 600 steps long, longer than the 512 steps requested")

    make_tool_run(monkeypatch, "melody-rnn", refuses)
    job = queued_job("melody-rnn")
    jobs.run_job(job.id)
    job.refresh_from_db()
    assert job.status == "failed" and job.error_code == "bad_input"
    assert "600 steps" in job.error_params["detail"]  # kept for whoever debugs it
    with translation.override("ja"):
        assert job.error_message == (
            "モデルがこの入力を使えませんでした。別のクリップか、別の設定でお試しください。"
        )


def test_unexpected_errors_are_logged_not_leaked(rule_engine, monkeypatch, caplog):
    def crashes(*args, **kwargs):
        raise RuntimeError("secret internals")

    make_tool_run(monkeypatch, "generate", crashes)
    job = queued_job("generate")
    jobs.run_job(job.id)
    job.refresh_from_db()
    assert job.status == "failed" and job.error_code == "internal_error"
    assert job.error_params == {}
    with translation.override("en"):
        assert "went wrong on the server" in job.error_message
        assert "secret" not in job.error_message
    assert "secret internals" in caplog.text


def test_a_result_that_is_not_clips_is_refused(rule_engine, monkeypatch):
    make_tool_run(monkeypatch, "generate", lambda params, inputs: ToolResult([[60, 62]]))
    job = queued_job("generate", variations="1")
    jobs.run_job(job.id)
    job.refresh_from_db()
    assert job.status == "failed" and job.outputs == []


def test_temperature_zero_runs_greedy_with_a_notice(rule_engine):
    job = queued_job("generate", temperature="0", variations="1")
    jobs.run_job(job.id)
    job.refresh_from_db()
    assert rule_engine.calls[0][1]["t"] == running.GREEDY_TEMPERATURE
    assert any("Temperature 0" in notice for notice in job.notices)


def test_without_fluidsynth_the_job_succeeds_with_midi_and_says_so(rule_engine, monkeypatch):
    monkeypatch.setattr(audio, "fluidsynth_library", lambda: None)
    job = queued_job("generate", variations="2")
    jobs.run_job(job.id)
    job.refresh_from_db()
    assert job.status == "done"
    assert [o["audio"] for o in job.outputs] == [None, None]
    assert any("FluidSynth is not installed" in n for n in job.notices)


def test_render_ogg_makes_vorbis():
    from inference.music.midi_io import clip_to_midi_bytes

    data = audio.render_ogg(clip_to_midi_bytes(Clip((Note(60, 0, 4),), "melody", 120.0, 4)))
    assert data[:4] == b"OggS" and b"vorbis" in data[:100]


def test_continue_outputs_mark_the_primer(monkeypatch, rule_engine):
    def continues(params, inputs):
        clips = [Clip((Note(60, 0, 2),), "melody", 120.0, 64)] * params["variations"]
        return ToolResult(clips, ["primer note"], 32)

    make_tool_run(monkeypatch, "continue", continues)
    job = queued_job("continue", input_example="melody", variations="2")
    jobs.run_job(job.id)
    job.refresh_from_db()
    assert [o["roll"]["primer_steps"] for o in job.outputs] == [32, 32]
    assert "primer note" in job.notices


def test_a_busy_database_is_retried_so_the_job_still_finishes(rule_engine, monkeypatch):
    from django.db import OperationalError
    from django.db.models import QuerySet

    real_update, failures = QuerySet.update, []

    def locked_twice(self, **kwargs):
        if self.model is GenerationJob and kwargs.get("status") == "done" and len(failures) < 2:
            failures.append(1)
            raise OperationalError("database is locked")
        return real_update(self, **kwargs)

    job = queued_job("generate", variations="1")
    monkeypatch.setattr(QuerySet, "update", locked_twice)
    monkeypatch.setattr(jobs.time, "sleep", lambda seconds: None)
    jobs.run_job(job.id)
    job.refresh_from_db()
    assert len(failures) == 2 and job.status == "done"


def test_notices_the_inputs_already_gave_are_not_repeated(monkeypatch):
    from dataclasses import replace

    given = Clip((Note(60, 0, 4),), "melody", 120.0, 16, notices=("the input was polyphonic",))
    made = replace(given, notices=("the input was polyphonic", "the output was cut to 4 bars"))
    make_tool_run(monkeypatch, "groove", lambda params, inputs: ToolResult([made]))
    result = running.run_tool("groove", {"seed": 1}, {"input": given}, {})
    assert result.notices == ["the output was cut to 4 bars"]
