"""Where jobs run: never inside a web request.

* Embedded default: one worker thread per server process, started with the first studio page or
  submission (``ensure_worker``), takes queued jobs from the database oldest first and runs them
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


def fail_stale_jobs() -> int:
    """Jobs left 'running' by a process that died: fail them so their pages stop waiting."""
    cutoff = timezone.now() - timedelta(seconds=settings.KANADE_JOB_TIMEOUT_S)
    return GenerationJob.objects.filter(
        status=GenerationJob.Status.RUNNING, started_at__lt=cutoff
    ).update(
        status=GenerationJob.Status.FAILED,
        finished_at=timezone.now(),
        error="The job was interrupted (the server restarted or it ran too long); please generate again.",
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


def uses_embedded_worker() -> bool:
    return not settings.KANADE_JOBS_EAGER and not settings.CELERY_BROKER_URL


def enqueue(job_id: str) -> None:
    """Hand a stored job to whichever runner this deployment uses."""
    if settings.KANADE_JOBS_EAGER:
        jobs.run_job(job_id)
    elif settings.CELERY_BROKER_URL:
        from webapp.celery import app

        app.send_task(CELERY_TASK_NAME, args=[job_id])
    else:
        ensure_worker()
        _wake.set()
