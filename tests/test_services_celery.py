"""Generation on real services: gunicorn + PostgreSQL + Celery workers fed from Redis.

Runs whenever PostgreSQL (127.0.0.1:5432) answers and redis-server is installed (each stack starts
a Redis of its own on a free port); skipped with the reason otherwise (a failure under CI=true). Every process is a subprocess with the production settings module, so the
worker and the web process share only what a deployment shares (the database, Redis, media).
The models are replaced in the workers by the rule-based stand-in (tests/studio_support.py) so a
job takes a known time; what is under test is the queue, not the music.
"""

from __future__ import annotations

import os
import signal
import time

import pytest

from tests.ci import skip_unless_available
from tests.services_stack import Browser, Stack, missing_services

_missing = missing_services()
needs_services = skip_unless_available(_missing is not None, f"services: {_missing}")

MELODY = {"primer_melody": "[60, 62, 64]", "num_outputs": "2", "num_steps": "32", "seed": "7"}
# Short bounds so a lost job comes back within seconds: a lease of 4 s (renewed every 1.3 s),
# workers sweep every 1.3 s and re-send queued jobs nobody claimed after 3 s.
# KANADE_TEST_LEASE_S=15 measures the production default.
LEASE_S = int(os.environ.get("KANADE_TEST_LEASE_S", "4"))
FAST_RECOVERY = {"KANADE_JOB_LEASE_S": str(LEASE_S), "KANADE_JOB_RESEND_S": "3"}
LEASE_BOUND_S = 2 * LEASE_S + 22  # kill -9 → done: a lease + a sweep + a run, and room


@pytest.fixture(scope="module")
def stack(tmp_path_factory):
    stack = Stack(
        name=f"kanade_services_{os.getpid()}",
        workdir=tmp_path_factory.mktemp("services"),
        extra_env=FAST_RECOVERY,
    )
    stack.create()
    try:
        yield stack
    finally:
        stack.drop()


@pytest.fixture(scope="module")
def web(stack):
    return stack.start_web()


def job_files(stack: Stack, job_id: str) -> list[str]:
    folder = stack.workdir / "media" / "studio" / job_id
    return sorted(str(p.relative_to(folder)) for p in folder.rglob("*") if p.is_file())


# Melody RNN from a primer melody: no input file, two variations.
ONE_SET = {f"variation-{n}.{ext}" for n in (1, 2) for ext in ("mid", "ogg")}


@pytest.mark.services
@needs_services
def test_a_celery_worker_runs_jobs_from_redis(stack, web):
    worker = stack.start_worker("plain")
    try:
        stack.wait_worker_ready("plain")
        student = Browser(web)
        student.open_tool("melody-rnn")
        ids = []
        for seed in ("1", "2"):
            status, body = student.generate("melody-rnn", {**MELODY, "seed": seed})
            assert status == 202, body
            ids.append(body["id"])
        for job_id in ids:
            job = student.wait_finished(job_id, timeout=90)
            assert job["status"] == "done", job
            assert len(job["outputs"]) == 2 and all(o["notes"] > 0 for o in job["outputs"])
            midi_status, midi, _ = student.request("GET", job["outputs"][0]["midi"])
            assert midi_status == 200 and midi.startswith(b"MThd")
        # Ran in the Celery worker (not an embedded thread of the web process).
        log = stack.log("worker-plain.log")
        assert all(f"studio job {job_id} (melody-rnn): done" in log for job_id in ids), log[-2000:]
        # The stack's own Redis keeps nothing: the worker said so when it started.
        assert "does not persist anything" in log
    finally:
        worker.send_signal(signal.SIGTERM)
        worker.wait(30)


def submit_and_wait_mid_job(stack: Stack, student: Browser) -> str:
    status, body = student.generate("melody-rnn", MELODY)
    assert status == 202, body
    job_id = body["id"]
    _wait_for(lambda: list((stack.workdir / "media/studio" / job_id).glob("attempt-*/*.mid")),
              60, "the run to write its MIDI files")  # fmt: skip
    return job_id


@pytest.mark.services
@needs_services
def test_kill_9_mid_job_a_fresh_worker_finishes_it_within_a_lease_with_one_set_of_files(stack, web):
    doomed = stack.start_worker("doomed", audio_delay_s=120)  # killed while rendering audio
    stack.wait_worker_ready("doomed")
    student = Browser(web)
    student.open_tool("melody-rnn")
    job_id = submit_and_wait_mid_job(stack, student)
    os.killpg(doomed.pid, signal.SIGKILL)
    doomed.wait(10)
    killed_at = time.monotonic()
    assert stack.job_row(job_id)["status"] == "running"  # the dead worker could not say anything
    fresh = stack.start_worker("fresh")
    try:
        stack.wait_worker_ready("fresh")
        ready_at = time.monotonic()
        job = student.wait_finished(job_id, timeout=LEASE_BOUND_S)
        took, after_ready = time.monotonic() - killed_at, time.monotonic() - ready_at
        assert job["status"] == "done", f"{job['status']} {took:.0f} s after kill -9"
        assert after_ready < LEASE_BOUND_S
        assert any("again from the start" in n for n in job["notices"]), job["notices"]
        assert len(job["outputs"]) == 2 and stack.job_row(job_id)["attempts"] == 2
        assert set(job_files(stack, job_id)) == ONE_SET  # nothing left of the dead run
        print(
            f"kill -9 → done {took:.1f} s after the kill, {after_ready:.1f} s after a worker was ready"
        )
    finally:
        fresh.send_signal(signal.SIGTERM)
        fresh.wait(30)


def _wait_for(predicate, timeout: float, what: str):
    deadline = time.monotonic() + timeout
    while not (value := predicate()):
        assert time.monotonic() < deadline, f"timed out waiting for {what}"
        time.sleep(0.2)
    return value


@pytest.mark.services
@needs_services
def test_a_job_that_kills_two_workers_is_failed_not_retried_forever(stack, web):
    first = stack.start_worker("first-victim", delay_s=120)
    stack.wait_worker_ready("first-victim")
    student = Browser(web)
    student.open_tool("melody-rnn")
    status, body = student.generate("melody-rnn", MELODY)
    assert status == 202, body
    job_id = body["id"]
    _wait_for(lambda: stack.job_row(job_id)["status"] == "running", 60, "the first run")
    os.killpg(first.pid, signal.SIGKILL)
    first.wait(10)
    second = stack.start_worker("second-victim", delay_s=120)

    def retried_and_running():
        row = stack.job_row(job_id)
        return row["status"] == "running" and row["attempts"] == 2

    _wait_for(retried_and_running, LEASE_BOUND_S, "the retry")
    os.killpg(second.pid, signal.SIGKILL)
    second.wait(10)
    killed_at = time.monotonic()
    fresh = stack.start_worker("after-two")
    try:
        job = student.wait_finished(job_id, timeout=LEASE_BOUND_S)
        assert job["status"] == "failed" and job["error_code"] == "runner_lost", job
        assert "stopped 2 times" in job["error"], job["error"]
        print(f"second kill -9 → failed after {time.monotonic() - killed_at:.1f} s: {job['error']}")
    finally:
        fresh.send_signal(signal.SIGTERM)
        fresh.wait(30)


@pytest.mark.services
@needs_services
def test_redis_down_generation_answers_503_and_pages_keep_working(stack, tmp_path):
    closed = "redis://127.0.0.1:1/0"  # nothing listens on port 1
    web_down = stack.start_web(CELERY_BROKER_URL=closed, REDIS_URL=closed)
    student = Browser(web_down)
    for page in ("/en/", "/ja/", "/en/studio/", "/healthz"):
        status, _, _ = student.request("GET", page)
        assert status == 200, page
    student.open_tool("melody-rnn")
    before = stack.count_jobs()
    media = stack.workdir / "media"
    files_before = set(media.rglob("*")) if media.exists() else set()
    started = time.monotonic()
    status, body = student.generate("melody-rnn", MELODY)
    took = time.monotonic() - started
    assert status == 503, body
    assert body["code"] == "queue_unavailable"
    assert "work queue" in body["message"] and "try again" in body["message"]
    assert took < 15, f"the 503 took {took:.1f} s"
    assert stack.count_jobs() == before  # nothing stored for the refused submission
    files_after = set(media.rglob("*")) if media.exists() else set()
    assert files_after == files_before, sorted(files_after - files_before)


# The re-sending rule itself, in process (any database): the broker is only a doorbell, so a
# queued job nobody claimed is sent again, as many as the broker's queue is short.


@pytest.mark.django_db
def test_unclaimed_jobs_are_sent_again_as_many_as_the_broker_lacks(settings, monkeypatch):
    from datetime import timedelta

    from django.utils import timezone

    from studio import doorbell, jobqueue
    from studio.models import GenerationJob

    settings.KANADE_JOB_RESEND_S = 30
    sent = []
    monkeypatch.setattr(doorbell, "send_doorbell", lambda job_id: sent.append(job_id) or True)
    long_ago = timezone.now() - timedelta(seconds=60)
    stale = [GenerationJob.objects.create(tool="generate", sent_at=long_ago) for _ in range(3)]
    GenerationJob.objects.create(tool="generate", sent_at=timezone.now())  # just sent
    monkeypatch.setattr(jobqueue, "broker_backlog", lambda: 4)  # every job has its message
    assert jobqueue.resend_unclaimed() == 0 and sent == []
    monkeypatch.setattr(jobqueue, "broker_backlog", lambda: 0)  # Redis restarted empty
    assert jobqueue.resend_unclaimed() == 3
    assert sent == [job.id for job in stale]
    assert all(job.sent_at > long_ago for job in GenerationJob.objects.filter(pk__in=sent))
    assert jobqueue.resend_unclaimed() == 0  # sent again just now: not before the next bound
