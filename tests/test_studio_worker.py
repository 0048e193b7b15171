"""The runners: the embedded worker thread takes jobs from the DB queue (real thread, real
commits), and with CELERY_BROKER_URL set the same run_job is sent to Celery instead."""

from __future__ import annotations

import time

import pytest
from django.test import Client

from courses.studio import worker
from courses.studio.models import GenerationJob
from tests.studio_support import install_rule_engine


@pytest.fixture
def rule_engine(monkeypatch):
    return install_rule_engine(monkeypatch)


def wait_until_finished(job_id: str, timeout: float = 60.0) -> GenerationJob:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        job = GenerationJob.objects.get(pk=job_id)
        if job.is_finished:
            return job
        time.sleep(0.1)
    raise AssertionError(f"job {job_id} still {job.status} after {timeout} s")


@pytest.mark.django_db(transaction=True)
def test_worker_thread_picks_up_jobs_in_order(rule_engine, settings):
    settings.KANADE_JOBS_EAGER = False
    settings.KANADE_WORKER_WARMUP = False
    client = Client()
    try:
        ids = []
        for variations in ("1", "2"):
            response = client.post("/api/generate/generate", {"variations": variations})
            assert response.status_code == 202
            ids.append(response.json()["id"])
        running = worker.ensure_worker()
        assert running.is_alive() and running.name == "kanade-studio-worker"
        first, second = (wait_until_finished(job_id) for job_id in ids)
        assert first.status == second.status == "done"
        assert len(first.outputs) == 1 and len(second.outputs) == 2
        assert first.started_at <= second.started_at  # oldest first
        assert client.get(f"/api/jobs/{ids[1]}").json()["status"] == "done"
        assert worker.ensure_worker() is running  # one thread per process
    finally:
        worker.stop_worker()


@pytest.mark.django_db(transaction=True)
def test_stale_running_jobs_are_failed(settings):
    from datetime import timedelta

    from django.utils import timezone

    settings.KANADE_JOB_TIMEOUT_S = 60
    old = GenerationJob.objects.create(
        tool="generate", status="running", started_at=timezone.now() - timedelta(minutes=5)
    )
    fresh = GenerationJob.objects.create(
        tool="generate", status="running", started_at=timezone.now()
    )
    assert worker.fail_stale_jobs() == 1
    old.refresh_from_db()
    fresh.refresh_from_db()
    assert old.status == "failed" and old.error_code == "interrupted"
    assert fresh.status == "running"


@pytest.mark.django_db
def test_with_a_broker_jobs_go_to_celery(
    rule_engine, settings, monkeypatch, django_capture_on_commit_callbacks
):
    from webapp.celery import app

    settings.KANADE_JOBS_EAGER = False
    settings.CELERY_BROKER_URL = "redis://127.0.0.1:6379/0"
    sent = []
    monkeypatch.setattr(app, "send_task", lambda name, args: sent.append((name, args)))
    monkeypatch.setattr(worker, "ensure_worker", lambda: pytest.fail("started a local thread"))
    with django_capture_on_commit_callbacks(execute=True):
        response = Client().post("/api/generate/generate", {"variations": "1"})
    job_id = response.json()["id"]
    assert sent == [("courses.studio.run_generation_job", [job_id])]
    assert GenerationJob.objects.get(pk=job_id).status == "queued"
    # What a Celery worker then runs: the registered task, which is run_job.
    from courses.studio.tasks import run_generation_job

    assert run_generation_job.name == "courses.studio.run_generation_job"
    run_generation_job.run(job_id)
    assert GenerationJob.objects.get(pk=job_id).status == "done"


def test_celery_app_finds_the_task():
    from webapp.celery import app

    app.loader.import_default_modules()
    assert "courses.studio.run_generation_job" in app.tasks


@pytest.mark.parametrize(
    "eager,broker,starts",
    [(False, "", True), (False, "redis://127.0.0.1:6379/0", False), (True, "", False)],
)
def test_the_server_starts_its_worker_only_in_the_embedded_default(
    settings, monkeypatch, eager, broker, starts
):
    settings.KANADE_JOBS_EAGER = eager
    settings.CELERY_BROKER_URL = broker
    started = []
    monkeypatch.setattr(worker, "ensure_worker", lambda: started.append(True))
    worker.ensure_embedded_worker()
    assert bool(started) == starts


def test_wsgi_and_asgi_start_the_worker():
    from pathlib import Path

    for name in ("wsgi.py", "asgi.py"):
        source = (Path(__file__).resolve().parent.parent / "webapp" / name).read_text()
        assert "ensure_embedded_worker()" in source


@pytest.mark.slow
def test_warm_up_loads_every_committed_model():
    from courses.studio import engines
    from inference import studio_tools

    warmed = engines.warm_up()
    assert warmed == [
        "melody_rnn",
        "drums_rnn",
        "musicvae_melody",
        "musicvae_drums",
        "groovae",
        "tap2drum",
    ]
    # Loaded into the caches the jobs read, so the first job does no loading.
    assert str((studio_tools.CHECKPOINTS / "groovae").resolve()) in studio_tools._bundles
