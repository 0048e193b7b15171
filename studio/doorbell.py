"""Ringing the Celery workers: a message names the task, and a job id for the logs.

A message is only a doorbell: the task runs whichever queued job's turn it is (``worker``), so the
queue (``jobqueue``) may ring again for jobs a lost broker forgot without knowing who runs them.
"""

from __future__ import annotations

import logging

logger = logging.getLogger(__name__)

CELERY_TASK_NAME = "studio.run_generation_job"


def send_doorbell(job_id: str) -> bool:
    """Tell the Celery workers there is work (the job's id rides along for the logs); False
    when the broker did not take it."""
    from celery import current_app as app
    from kombu.exceptions import OperationalError

    try:
        app.send_task(CELERY_TASK_NAME, args=[job_id])
        return True
    except (OperationalError, OSError) as error:
        logger.error("studio: the Celery broker did not take job %s: %s", job_id, error)
        return False
