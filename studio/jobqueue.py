"""The job queue as the database sees it: whose turn it is, leases, and jobs nobody is running.

The database is the source of truth; a broker message (Celery) is only a doorbell saying "there
is work". Whatever runs jobs asks ``next_queued_job_id`` and claims the job with a conditional
UPDATE (``claim``), so a job runs once however many doorbells ring.

* **Turns.** A job whose runner died goes first. Then clients take turns: the next job is the
  oldest queued job of the client (address group, ``ratelimit.client_key``) that started the
  fewest jobs in the last ``FAIR_SHARE_WINDOW_S``, so one client's backlog waits behind
  everyone else's first job.
* **Leases.** A claimed job holds a lease of ``KANADE_JOB_LEASE_S`` that its runner renews every
  third of that (``Heartbeat``). ``recover_lost_jobs`` puts a job whose lease ran out back at
  the front of the queue with a notice, or fails it (``runner_lost``) after
  ``KANADE_JOB_MAX_ATTEMPTS`` runs: it may be the job that kills its runner.
* **Re-sending.** ``resend_unclaimed`` (Celery) rings again for queued jobs no runner claimed
  within ``KANADE_JOB_RESEND_S``, as many as the broker's queue is short of the database's: a
  Redis that lost its data strands nothing.
"""

from __future__ import annotations

import logging
import secrets
import threading
import time
from datetime import timedelta

from django.conf import settings
from django.db import close_old_connections, connection
from django.db.models import Count, F, Min, Q
from django.utils import timezone

from . import doorbell
from .models import GenerationJob

logger = logging.getLogger(__name__)
Status = GenerationJob.Status

FAIR_SHARE_WINDOW_S = 600

_last_sweep = 0.0
_sweep_lock = threading.Lock()


def lease_length() -> timedelta:
    return timedelta(seconds=settings.KANADE_JOB_LEASE_S)


def heartbeat_interval_s() -> float:
    return settings.KANADE_JOB_LEASE_S / 3


# --- whose turn -------------------------------------------------------------------------------


def next_queued_job_id() -> str | None:
    queued = GenerationJob.objects.filter(status=Status.QUEUED)
    recovered = queued.filter(attempts__gt=0).order_by("created_at").values_list("id", flat=True)
    if first := recovered.first():
        return first
    heads = list(queued.values("client_key").annotate(oldest=Min("created_at")))
    if not heads:
        return None
    if len(heads) > 1:
        since = timezone.now() - timedelta(seconds=FAIR_SHARE_WINDOW_S)
        recent = dict(
            GenerationJob.objects.filter(
                client_key__in=[head["client_key"] for head in heads], started_at__gte=since
            )
            .values("client_key")
            .annotate(n=Count("id"))
            .values_list("client_key", "n")
        )
        heads.sort(key=lambda head: (recent.get(head["client_key"], 0), head["oldest"]))
    client = heads[0]["client_key"]
    return (
        queued.filter(client_key=client).order_by("created_at").values_list("id", flat=True).first()
    )


def jobs_ahead(job: GenerationJob) -> int:
    """About how many jobs run before this queued one: the running and recovered ones, this
    client's earlier ones, and of each other client's queued jobs as many as take a turn first."""
    active = GenerationJob.objects.filter(status__in=[Status.QUEUED, Status.RUNNING])
    first = active.filter(Q(status=Status.RUNNING) | Q(attempts__gt=0)).exclude(pk=job.pk)
    waiting = active.filter(status=Status.QUEUED, attempts=0)
    turn = waiting.filter(client_key=job.client_key, created_at__lt=job.created_at).count() + 1
    others = (
        waiting.exclude(client_key=job.client_key)
        .values("client_key")
        .annotate(n=Count("id"), oldest=Min("created_at"))
    )
    before = sum(
        min(other["n"], turn if other["oldest"] < job.created_at else turn - 1) for other in others
    )
    return first.count() + (turn - 1) + before


# --- claiming and leases ----------------------------------------------------------------------


def claim(job_id: str) -> str | None:
    """Take a queued job: running, one more attempt, a fresh lease. Returns the lease token, or
    None when another runner was first (or the job is not queued)."""
    token = secrets.token_hex(8)
    now = timezone.now()
    claimed = GenerationJob.objects.filter(pk=job_id, status=Status.QUEUED).update(
        status=Status.RUNNING,
        started_at=now,
        attempts=F("attempts") + 1,
        lease_token=token,
        lease_expires_at=now + lease_length(),
    )
    return token if claimed else None


def holding(job_id: str, token: str):
    return GenerationJob.objects.filter(pk=job_id, status=Status.RUNNING, lease_token=token)


def renew(job_id: str, token: str) -> bool:
    """Extend the lease; False when the job is no longer this run's (taken back, or failed)."""
    return bool(holding(job_id, token).update(lease_expires_at=timezone.now() + lease_length()))


class Heartbeat:
    """Renews a running job's lease every ``heartbeat_interval_s`` on a thread of its own, so
    a runner busy in the model or the audio still proves it is alive."""

    def __init__(self, job_id: str, token: str):
        self.job_id, self.token = job_id, token
        self.lost = False
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._beat, name=f"lease-{job_id}", daemon=True)

    def __enter__(self) -> Heartbeat:
        self._thread.start()
        return self

    def __exit__(self, *_exc) -> None:
        self._stop.set()
        self._thread.join(10)

    def _beat(self) -> None:
        try:
            while not self._stop.wait(heartbeat_interval_s()):
                try:
                    if not renew(self.job_id, self.token):
                        self.lost = True
                        logger.warning(
                            "studio job %s: lease lost; the result will be dropped", self.job_id
                        )
                        return
                except Exception:  # noqa: BLE001 - a busy database: the next beat tries again
                    logger.warning("studio job %s: lease not renewed", self.job_id, exc_info=True)
        finally:
            connection.close()


# --- jobs nobody is running -------------------------------------------------------------------


def looks_lost(job) -> bool:
    """Whether a running job's lease ran out or it ran past the timeout, read from the row in
    hand: a poll asks this (no query) before paying for the sweep."""
    if job.status != Status.RUNNING:
        return False
    now = timezone.now()
    if job.lease_expires_at is not None and job.lease_expires_at < now:
        return True
    too_long = now - timedelta(seconds=settings.KANADE_JOB_TIMEOUT_S) - lease_length()
    return job.started_at is not None and job.started_at < too_long


def recover_lost_jobs() -> tuple[int, int]:
    """Jobs whose lease ran out (their runner died) back to the front of the queue, or failed
    after ``KANADE_JOB_MAX_ATTEMPTS`` runs; jobs running past ``KANADE_JOB_TIMEOUT_S`` failed.
    Returns (requeued, failed)."""
    now = timezone.now()
    running = GenerationJob.objects.filter(status=Status.RUNNING)
    too_long = now - timedelta(seconds=settings.KANADE_JOB_TIMEOUT_S) - lease_length()
    expired = running.filter(lease_expires_at__lt=now)
    overdue = running.filter(started_at__lt=too_long)
    # Read first: on SQLite an UPDATE takes the write lock even when it matches nothing, and
    # this runs on polls while a runner is writing.
    if not expired.exists() and not overdue.exists():
        return 0, 0
    failed = overdue.update(
        status=Status.FAILED,
        finished_at=now,
        error_code="interrupted",
        lease_token="",
        lease_expires_at=None,
    )
    requeued = 0
    for job in expired.only("id", "attempts", "lease_token"):
        lost = holding(job.id, job.lease_token).filter(lease_expires_at__lt=now)
        if job.attempts >= settings.KANADE_JOB_MAX_ATTEMPTS:
            failed += lost.update(
                status=Status.FAILED,
                finished_at=now,
                error_code="runner_lost",
                error_params={"attempts": job.attempts},
                lease_token="",
                lease_expires_at=None,
            )
            logger.warning("studio job %s lost its runner %d times: failed", job.id, job.attempts)
            continue
        if lost.update(status=Status.QUEUED, lease_token="", lease_expires_at=None, sent_at=None):
            requeued += 1
            logger.warning("studio job %s lost its runner: back to the front of the queue", job.id)
    return requeued, failed


def broker_backlog() -> int | None:
    """Messages waiting in the Celery queue (Redis: the list's length), or None if unknown."""
    from amqp.exceptions import ChannelError as AmqpChannelError
    from celery import current_app as app
    from kombu.exceptions import ChannelError

    queue = app.conf.task_default_queue or "celery"
    try:
        with app.connection_for_read() as conn, conn.channel() as channel:
            try:
                return channel.queue_declare(queue=queue, passive=True).message_count
            except (ChannelError, AmqpChannelError):
                return 0  # Redis drops an empty list: no queue is an empty queue
    except Exception:  # noqa: BLE001 - unknown; re-send by age alone
        logger.warning("studio: could not count the broker's queue", exc_info=True)
        return None


def resend_unclaimed() -> int:
    """Ring again for queued jobs not claimed within ``KANADE_JOB_RESEND_S`` (or just put back
    by ``recover_lost_jobs``), as many as the broker holds fewer messages than there are queued
    jobs. Returns how many were sent."""
    now = timezone.now()
    queued = GenerationJob.objects.filter(status=Status.QUEUED)
    cutoff = now - timedelta(seconds=settings.KANADE_JOB_RESEND_S)
    unclaimed = queued.filter(Q(sent_at__isnull=True) | Q(sent_at__lt=cutoff)).order_by(
        "-attempts", "created_at"
    )
    ids = list(unclaimed.values_list("id", flat=True)[: settings.KANADE_STUDIO_MAX_QUEUED])
    if not ids:
        return 0
    waiting = broker_backlog()
    if waiting is not None:
        ids = ids[: max(0, queued.count() - waiting)]
    sent = 0
    for job_id in ids:
        if not doorbell.send_doorbell(job_id):
            break  # the broker is away: the next sweep tries again
        GenerationJob.objects.filter(pk=job_id).update(sent_at=now)
        sent += 1
    if sent:
        logger.warning("studio: re-sent %d queued job(s) no runner had claimed", sent)
    return sent


def sweep(*, resend: bool) -> None:
    """Recover lost jobs (and, for Celery runners, re-send unclaimed ones)."""
    requeued, failed = recover_lost_jobs()
    if requeued or failed:
        logger.info("studio: %d lost job(s) requeued, %d failed", requeued, failed)
    if resend:
        resend_unclaimed()


def sweep_if_due(*, resend: bool = False, every_s: float | None = None) -> bool:
    """``sweep`` at most once per ``every_s`` (a third of the lease) in this process."""
    global _last_sweep
    every_s = heartbeat_interval_s() if every_s is None else every_s
    with _sweep_lock:
        if time.monotonic() - _last_sweep < every_s:
            return False
        _last_sweep = time.monotonic()
    sweep(resend=resend)
    return True


class Sweeper(threading.Thread):
    """For Celery workers: sweeps every third of a lease, from the moment the worker is ready."""

    def __init__(self):
        super().__init__(name="kanade-studio-sweeper", daemon=True)
        self.stopping = threading.Event()

    def run(self) -> None:
        while True:
            close_old_connections()
            try:
                sweep(resend=True)
            except Exception:  # noqa: BLE001 - a database or broker hiccup: next round
                logger.warning("studio: sweep failed", exc_info=True)
            if self.stopping.wait(heartbeat_interval_s()):
                break
        connection.close()
