"""Where jobs run: never inside a web request.

* Embedded default: one worker thread per server process, started with the server
  (``ensure_embedded_worker`` from webapp/wsgi.py and asgi.py) or else by the first studio page,
  submission or poll (the same call), takes queued jobs from the database oldest first and runs them
  with ``jobs.run_job``; models are loaded once (warmed up at start) and stay in memory. Several
  server processes may each run a thread: ``run_job`` claims a job with a conditional UPDATE, so
  a job runs once.
* ``CELERY_BROKER_URL`` set: the same ``run_job`` runs as the Celery task
  ``courses.studio.run_generation_job`` (``celery -A webapp worker``) instead.
* ``KANADE_JOBS_EAGER`` (tests): ``run_job`` is called right away, in the caller's thread.
"""

from __future__ import annotations

import logging
import threading
from datetime import timedelta

from django.conf import settings
from django.db import close_old_connections, connection
from django.utils import timezone

from . import engines, jobs
from .models import GenerationJob

logger = logging.getLogger(__name__)

POLL_INTERVAL_S = 1.0  # the wake-up event makes a new job start at once; this is the fallback
CELERY_TASK_NAME = "courses.studio.run_generation_job"

_lock = threading.Lock()
_wake = threading.Event()
_worker: EmbeddedWorker | None = None


def next_queued_job_id() -> str | None:
    return (
        GenerationJob.objects.filter(status=GenerationJob.Status.QUEUED)
        .order_by("created_at")
        .values_list("id", flat=True)
        .first()
    )


class QueueUnavailable(Exception):
    """The Celery broker (Redis) did not take the job; the submission is answered 503."""


def stale_after_s() -> int:
    """How long a job may stay 'running' before it is considered lost. With Celery, a lost job's
    message comes back after the visibility timeout and the task retries it once, so the reaper
    waits for that (and one restore sweep) before failing the job."""
    if settings.CELERY_BROKER_URL and not settings.KANADE_JOBS_EAGER:
        restore = settings.CELERY_BROKER_TRANSPORT_OPTIONS.get("unacked_restore_interval", 10)
        return settings.CELERY_VISIBILITY_TIMEOUT_S + settings.KANADE_JOB_TIMEOUT_S + 2 * restore
    return settings.KANADE_JOB_TIMEOUT_S


def fail_stale_jobs() -> int:
    """Jobs left 'running' by a process that died: fail them so their pages stop waiting."""
    cutoff = timezone.now() - timedelta(seconds=stale_after_s())
    stale = GenerationJob.objects.filter(status=GenerationJob.Status.RUNNING, started_at__lt=cutoff)
    # Read first: on SQLite an UPDATE takes the write lock even when it matches nothing, and this
    # runs on every poll of a running job while the worker is writing.
    if not stale.exists():
        return 0
    return stale.update(
        status=GenerationJob.Status.FAILED,
        finished_at=timezone.now(),
        error_code="interrupted",
    )


class EmbeddedWorker(threading.Thread):
    def __init__(self, warm_up: bool):
        super().__init__(name="kanade-studio-worker", daemon=True)
        self.warm_up = warm_up
        self.stopping = threading.Event()
        self.jobs_run = 0

    def run(self) -> None:
        try:
            if self.warm_up:
                warmed = engines.warm_up()
                logger.info("studio worker warmed up: %s", ", ".join(warmed) or "no model present")
            fail_stale_jobs()
            while not self.stopping.is_set():
                self.run_one_or_wait()
        finally:
            connection.close()

    def run_one_or_wait(self) -> None:
        close_old_connections()
        try:
            job_id = next_queued_job_id()
            if job_id is None:
                _wake.wait(POLL_INTERVAL_S)
                _wake.clear()
                return
            jobs.run_job(job_id)
            self.jobs_run += 1
        except Exception:  # noqa: BLE001 - the worker outlives any one bad job or DB hiccup
            logger.exception("studio worker: error while taking a job")
            self.stopping.wait(POLL_INTERVAL_S)

    def stop(self) -> None:
        self.stopping.set()
        _wake.set()


def ensure_worker() -> EmbeddedWorker:
    """Start this process's worker thread if it is not running (idempotent, thread-safe)."""
    global _worker
    with _lock:
        if _worker is None or not _worker.is_alive():
            _worker = EmbeddedWorker(warm_up=settings.KANADE_WORKER_WARMUP)
            _worker.start()
        return _worker


def stop_worker(timeout: float = 30.0) -> None:
    """Stop this process's worker (tests, shutdown); waits for a running job to finish."""
    global _worker
    with _lock:
        worker, _worker = _worker, None
    if worker is not None:
        worker.stop()
        worker.join(timeout)


def ensure_embedded_worker() -> None:
    """This process's worker thread, when this deployment uses one (no Celery, not eager).

    Called by webapp/wsgi.py and asgi.py, so the server starts its worker (and warms the models
    up) at boot and the first student does not wait for TensorFlow to load; and by the studio's
    pages, submissions and polls, for a process that missed it (e.g. a gunicorn worker forked
    with --preload)."""
    if uses_embedded_worker():
        ensure_worker()


def uses_embedded_worker() -> bool:
    return not settings.KANADE_JOBS_EAGER and not settings.CELERY_BROKER_URL


def enqueue(job_id: str) -> None:
    """Hand a stored job to whichever runner this deployment uses."""
    if settings.KANADE_JOBS_EAGER:
        jobs.run_job(job_id)
    elif settings.CELERY_BROKER_URL:
        send_to_celery(job_id)
    else:
        ensure_worker()
        _wake.set()


def send_to_celery(job_id: str) -> None:
    """Publish the job; if the broker does not answer (bounded by CELERY_BROKER_CONNECTION_TIMEOUT
    and the publish retry policy), delete the job and its files so nothing of it is left queued
    forever, and raise QueueUnavailable."""
    from kombu.exceptions import OperationalError

    from webapp.celery import app

    try:
        app.send_task(CELERY_TASK_NAME, args=[job_id])
    except (OperationalError, OSError) as error:
        logger.error("studio: the Celery broker did not take job %s: %s", job_id, error)
        from .cleanup import delete_job

        job = GenerationJob.objects.filter(pk=job_id).first()
        if job is not None:
            delete_job(job)
        raise QueueUnavailable(
            "The generation queue is not reachable right now, so nothing was generated; "
            "please try again in a minute. (The rest of the site keeps working.)"
        ) from error
