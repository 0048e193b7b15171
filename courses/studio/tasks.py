"""The Celery task for studio jobs (used when CELERY_BROKER_URL is set).

``celery -A webapp worker`` finds it through ``webapp/celery.py``. It is the same ``run_job`` the
embedded worker thread calls; models stay loaded in each Celery worker process between tasks.

A worker killed mid-job never acknowledged the message (``task_acks_late``), so Redis hands it
out again: at once when a prefork child dies (``task_reject_on_worker_lost``), after the
visibility timeout when the whole worker dies. The job is then still 'running' in the database;
this task puts it back in the queue and runs it again, once. If that second run dies too, the job
is failed with a message instead of being retried forever (it may be what kills the worker).
"""

from __future__ import annotations

import logging
from datetime import timedelta

from celery import shared_task
from celery.signals import worker_ready
from django.conf import settings
from django.utils import timezone

from .worker import CELERY_TASK_NAME

logger = logging.getLogger(__name__)
RETRIED_NOTICE = "The worker running this job stopped; it was run again from the start."


@shared_task(name=CELERY_TASK_NAME, ignore_result=True, bind=True)
def run_generation_job(self, job_id: str) -> None:
    from .jobs import run_job

    redelivered = bool((self.request.delivery_info or {}).get("redelivered"))
    recover_lost_job(job_id, redelivered=redelivered)
    run_job(job_id)


def recover_lost_job(job_id: str, *, redelivered: bool) -> str | None:
    """A 'running' job whose message came back lost its worker: re-queue it once, or fail it.

    Returns "requeued", "failed" or None (nothing to recover: queued, finished, or still being
    run by a live worker)."""
    from .models import GenerationJob

    Status = GenerationJob.Status
    job = GenerationJob.objects.filter(pk=job_id, status=Status.RUNNING).first()
    if job is None:
        return None
    cutoff = timezone.now() - timedelta(seconds=settings.KANADE_JOB_TIMEOUT_S)
    if not redelivered and job.started_at and job.started_at > cutoff:
        return None  # a duplicate message while the job is legitimately running
    running = GenerationJob.objects.filter(pk=job_id, status=Status.RUNNING)
    if RETRIED_NOTICE in job.notices:
        running.update(
            status=Status.FAILED,
            finished_at=timezone.now(),
            error_code="worker_lost_twice",
        )
        logger.warning("studio job %s lost its worker twice: failed", job_id)
        return "failed"
    running.update(status=Status.QUEUED, started_at=None, notices=[*job.notices, RETRIED_NOTICE])
    logger.warning("studio job %s lost its worker: running it again", job_id)
    return "requeued"


@worker_ready.connect
def reap_stale_jobs_on_start(**_kwargs) -> None:
    """A starting worker fails jobs 'running' for longer than any retry could explain."""
    from .worker import fail_stale_jobs

    failed = fail_stale_jobs()
    if failed:
        logger.warning("studio: failed %d job(s) left running by a dead worker", failed)
