"""The runners: the embedded worker thread takes jobs from the DB queue (real thread, real
commits), and with CELERY_BROKER_URL set the same run_job is sent to Celery instead."""

from __future__ import annotations

import time

import pytest
from django.test import Client

from studio import jobqueue, worker
from studio.models import RETRIED_NOTICE, GenerationJob


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
    assert jobqueue.recover_lost_jobs() == (0, 1)  # past the job timeout: failed, not re-run
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
    assert sent == [("studio.run_generation_job", [job_id])]
    assert GenerationJob.objects.get(pk=job_id).status == "queued"
    # What a Celery worker then runs: the registered task, which is run_job.
    from studio.tasks import run_generation_job

    assert run_generation_job.name == "studio.run_generation_job"
    run_generation_job.run(job_id)
    assert GenerationJob.objects.get(pk=job_id).status == "done"


def test_celery_app_finds_the_task():
    from webapp.celery import app

    app.loader.import_default_modules()
    assert "studio.run_generation_job" in app.tasks


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
    from inference.shared.checkpoints import checkpoint_dir
    from inference.vae import tools as studio_tools
    from studio.tools import running

    warmed = running.warm_up()
    assert sorted(warmed) == [
        "drums_rnn",
        "groovae",
        "melody_rnn",
        "musicvae_drums",
        "musicvae_drums_hikl",
        "musicvae_melody",
        "musicvae_melody_hikl",
        "nsynth",
        "tap2drum",
    ]
    # Loaded into the caches the jobs read, so the first job does no loading.
    assert str(checkpoint_dir("groovae").resolve()) in studio_tools._bundles
    from inference.nsynth import timbre

    assert checkpoint_dir("nsynth").resolve() in timbre._models


# --- leases: a runner that dies gives its job back within a lease ------------------------------


def _files_of(job: GenerationJob) -> list[str]:
    from pathlib import Path

    from django.conf import settings as django_settings

    folder = Path(django_settings.MEDIA_ROOT) / job.storage_folder
    return sorted(str(p.relative_to(folder)) for p in folder.rglob("*") if p.is_file())


def _expire(job_id: str) -> None:
    from datetime import timedelta

    from django.utils import timezone

    GenerationJob.objects.filter(pk=job_id).update(
        lease_expires_at=timezone.now() - timedelta(seconds=1)
    )


@pytest.mark.django_db
def test_an_expired_lease_puts_the_job_back_first_then_fails_it_after_max_attempts(settings):
    from django.utils import translation

    from studio import jobqueue

    settings.KANADE_JOB_MAX_ATTEMPTS = 2
    older = GenerationJob.objects.create(tool="generate", client_key="a")
    job = GenerationJob.objects.create(tool="generate", client_key="b")
    assert jobqueue.claim(job.id) and jobqueue.claim(job.id) is None  # claimed once
    _expire(job.id)
    assert jobqueue.recover_lost_jobs() == (1, 0)
    job.refresh_from_db()
    assert job.status == "queued" and job.attempts == 1 and not job.lease_token
    assert job.restarted and RETRIED_NOTICE in job.shown_notices()
    assert jobqueue.next_queued_job_id() == job.id  # before the older job: the front of the queue
    token = jobqueue.claim(job.id)
    assert jobqueue.renew(job.id, token)
    assert jobqueue.recover_lost_jobs() == (0, 0)  # a live lease is left alone
    _expire(job.id)
    assert jobqueue.recover_lost_jobs() == (0, 1)
    job.refresh_from_db()
    assert job.status == "failed" and job.error_code == "runner_lost" and job.finished_at
    with translation.override("en"):
        assert "stopped 2 times" in job.error_message
    assert not jobqueue.renew(job.id, token)  # the lost run cannot take it back
    assert jobqueue.next_queued_job_id() == older.id


@pytest.mark.django_db
def test_clients_take_turns_instead_of_one_backlog_first():
    from datetime import timedelta

    from django.utils import timezone

    from studio import jobqueue

    flood = [GenerationJob.objects.create(tool="generate", client_key="flood") for _ in range(5)]
    GenerationJob.objects.create(
        tool="generate", client_key="flood", status="done", started_at=timezone.now()
    )
    student = GenerationJob.objects.create(tool="generate", client_key="student")
    assert jobqueue.next_queued_job_id() == student.id  # fewer recent runs goes first
    assert jobqueue.jobs_ahead(student) == 1  # one of the flood's, not all five
    assert jobqueue.jobs_ahead(flood[3]) == 4
    GenerationJob.objects.filter(pk=student.pk).update(
        status="done", started_at=timezone.now() - timedelta(seconds=1)
    )
    GenerationJob.objects.create(tool="generate", client_key="student")
    # Both have run one job recently: the client whose oldest job waited longest goes.
    assert jobqueue.next_queued_job_id() == flood[0].id


@pytest.mark.django_db(transaction=True)
def test_the_heartbeat_renews_the_lease_while_a_job_runs(settings):
    from studio import jobqueue

    settings.KANADE_JOB_LEASE_S = 3  # renewed every second
    job = GenerationJob.objects.create(tool="generate")
    token = jobqueue.claim(job.id)
    first = GenerationJob.objects.get(pk=job.id).lease_expires_at
    with jobqueue.Heartbeat(job.id, token) as beat:
        time.sleep(2.5)
    renewed = GenerationJob.objects.get(pk=job.id).lease_expires_at
    assert renewed > first and not beat.lost
    GenerationJob.objects.filter(pk=job.id).update(lease_token="someone-else")
    with jobqueue.Heartbeat(job.id, token) as beat:
        time.sleep(1.5)
    assert beat.lost  # the job was taken back: the run learns it


@pytest.mark.django_db(transaction=True)
def test_a_job_whose_runner_died_is_run_again_by_the_worker_with_one_set_of_files(
    rule_engine, settings
):
    """What kill -9 leaves: the job 'running' under a lease nobody renews, and the dead run's
    half-written files aside. The worker thread runs it again; the result has one set of files."""
    from django.core.files.base import ContentFile
    from django.core.files.storage import default_storage

    from studio import jobqueue

    settings.KANADE_JOBS_EAGER = False
    settings.KANADE_WORKER_WARMUP = False
    settings.KANADE_JOB_LEASE_S = 3
    from django.test import RequestFactory

    from studio import jobs
    from studio.forms import validate
    from studio.tools import get_tool

    form = RequestFactory().post("/", {"input_example": "melody", "variations": "2"})
    job_id = jobs.create_job(validate(get_tool("continue"), form.POST, form.FILES), "s").id
    dead_token = jobqueue.claim(job_id)
    job = GenerationJob.objects.get(pk=job_id)
    default_storage.save(
        f"{job.storage_folder}/attempt-{dead_token}/variation-1.mid", ContentFile(b"half")
    )
    default_storage.save(f"{job.storage_folder}/variation-10_CsaHRi7.mid", ContentFile(b"old"))
    _expire(job_id)
    try:
        worker.ensure_worker()
        job = wait_until_finished(job_id, timeout=30)
    finally:
        worker.stop_worker()
    assert job.status == "done" and job.attempts == 2 and len(job.outputs) == 2
    assert job.restarted and RETRIED_NOTICE in job.shown_notices()
    files = _files_of(job)
    expected = {"input-input.mid", "variation-1.mid", "variation-2.mid"}
    if job.outputs[0]["audio"]:
        expected |= {"variation-1.ogg", "variation-2.ogg"}
    assert set(files) == expected, files
    assert [o["midi"] for o in job.outputs] == [
        f"{job.storage_folder}/variation-1.mid",
        f"{job.storage_folder}/variation-2.mid",
    ]


@pytest.mark.django_db
def test_a_run_that_lost_its_job_stores_neither_result_nor_files(rule_engine, monkeypatch):
    from studio import jobs
    from studio.tools import running

    job = GenerationJob.objects.create(tool="generate", params={"variations": 1, "seed": 1})
    real_run = running.run_tool

    def taken_back_meanwhile(*args, **kwargs):
        # What a sweep does when this run's lease ran out: the job is queued again.
        GenerationJob.objects.filter(pk=job.id).update(status="queued", lease_token="")
        return real_run(*args, **kwargs)

    monkeypatch.setattr(running, "run_tool", taken_back_meanwhile)
    assert jobs.run_job(job.id)
    job.refresh_from_db()
    assert job.status == "queued" and job.outputs == []
    assert _files_of(job) == []


@pytest.mark.django_db
def test_a_poll_sweeps_only_when_the_polled_job_looks_lost(settings, monkeypatch):
    from datetime import timedelta

    from django.utils import timezone

    settings.KANADE_JOB_TIMEOUT_S = 600
    now = timezone.now()
    healthy = GenerationJob.objects.create(
        tool="generate",
        status="running",
        started_at=now,
        lease_expires_at=now + timedelta(seconds=10),
    )
    lost = GenerationJob.objects.create(
        tool="generate",
        status="running",
        started_at=now,
        lease_expires_at=now - timedelta(seconds=1),
    )
    assert not jobqueue.looks_lost(healthy) and jobqueue.looks_lost(lost)
    sweeps = []
    monkeypatch.setattr(jobqueue, "recover_lost_jobs", lambda: sweeps.append(1) or (1, 0))
    client = Client()
    client.get(f"/api/jobs/{healthy.id}")
    assert sweeps == []  # the common poll costs no sweep
    client.get(f"/api/jobs/{lost.id}")
    assert sweeps == [1]
