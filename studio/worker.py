"""Where jobs run: never inside a web request.

* Embedded default: one worker thread per server process, started with the server
  (``ensure_embedded_worker`` from webapp/wsgi.py and asgi.py) or else by the first studio page,
  submission or poll (the same call), takes queued jobs from the database in turns
  (``jobqueue.next_queued_job_id``), runs them with ``jobs.run_job`` and sweeps lost jobs every
  few seconds; models are loaded once (warmed up at start) and stay in memory. Several server
  processes may each run a thread: ``run_job`` claims a job with a conditional UPDATE, so a job
  runs once.
* ``CELERY_BROKER_URL`` set: a Celery message is a doorbell; the task
  ``studio.run_generation_job`` (``celery -A webapp worker``) runs the job whose turn it
  is with the same ``run_job`` (``run_next_job``).
* ``KANADE_JOBS_EAGER`` (tests): ``run_job`` is called right away, in the caller's thread.
"""

from __future__ import annotations

import logging
import threading

from django.conf import settings
from django.db import close_old_connections, connection

from . import doorbell, jobqueue, jobs
from .models import GenerationJob
from .tools import running

logger = logging.getLogger(__name__)

POLL_INTERVAL_S = 1.0  # the wake-up event makes a new job start at once; this is the fallback

_lock = threading.Lock()
_wake = threading.Event()
_worker: EmbeddedWorker | None = None


class QueueUnavailable(Exception):
    """The Celery broker (Redis) did not take the job; the submission is answered 503."""


def run_next_job() -> bool:
    """Claim the queued job whose turn it is and run it; False when there was none to claim.
    A doorbell (Celery message) for one job may run another: turns are the database's."""
    for _ in range(5):  # another runner may claim the job first: ask again
        job_id = jobqueue.next_queued_job_id()
        if job_id is None:
            return False
        if jobs.run_job(job_id):
            return True
    return False


class EmbeddedWorker(threading.Thread):
    def __init__(self, warm_up: bool):
        super().__init__(name="kanade-studio-worker", daemon=True)
        self.warm_up = warm_up
        self.stopping = threading.Event()
        self.jobs_run = 0

    def run(self) -> None:
        from core.runner_priority import lower_thread_priority

        lower_thread_priority()  # pages first: generation yields the CPU to the web threads
        try:
            if self.warm_up:
                warmed = running.warm_up()
                logger.info("studio worker warmed up: %s", ", ".join(warmed) or "no model present")
            while not self.stopping.is_set():
                self.run_one_or_wait()
        finally:
            connection.close()

    def run_one_or_wait(self) -> None:
        close_old_connections()
        try:
            jobqueue.sweep_if_due()
            if not run_next_job():
                _wake.wait(POLL_INTERVAL_S)
                _wake.clear()
                return
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
    """Publish a new job; if the broker does not answer (bounded by
    CELERY_BROKER_CONNECTION_TIMEOUT and the publish retry policy), delete the job and its files
    so nothing of it is left queued, and raise QueueUnavailable."""
    if doorbell.send_doorbell(job_id):
        return
    from .cleanup import delete_job

    job = GenerationJob.objects.filter(pk=job_id).first()
    if job is not None:
        delete_job(job)
    raise QueueUnavailable(
        "The generation queue is not reachable right now, so nothing was generated; "
        "please try again in a minute. (The rest of the site keeps working.)"
    )
