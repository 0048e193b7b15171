"""The Celery task for studio jobs (used when CELERY_BROKER_URL is set).

``celery -A webapp worker`` finds it through ``webapp/celery.py``. A message is a doorbell: the
task runs the queued job whose turn it is (``worker.run_next_job``), which is usually the one
named in the message but need not be (clients take turns; a recovered job goes first). Models
stay loaded in each worker process between tasks.

A worker killed mid-job stops renewing its job's lease; within a lease the job is back at the
front of the queue (``jobqueue.recover_lost_jobs``, run every few seconds by each worker's
sweeper thread and on students' polls) and another worker runs it. The killed worker's own
message comes back later (``task_acks_late``) as one more doorbell, which finds nothing to do or
runs whatever is queued.
"""

from __future__ import annotations

import logging

from celery import shared_task
from celery.signals import worker_ready, worker_shutdown

from .doorbell import CELERY_TASK_NAME

__all__ = ["run_generation_job"]

logger = logging.getLogger(__name__)
_sweeper = None


@shared_task(name=CELERY_TASK_NAME, ignore_result=True)
def run_generation_job(job_id: str) -> None:
    from .worker import run_next_job

    if not run_next_job():
        logger.info("studio: nothing queued for the doorbell of job %s", job_id)


@worker_ready.connect
def start_sweeping_on_ready(**_kwargs) -> None:
    """A ready worker checks the broker's persistence once, then sweeps every few seconds:
    lost jobs back to the queue, unclaimed ones sent again."""
    global _sweeper
    from .broker_check import warn_if_broker_forgets
    from .jobqueue import Sweeper

    warn_if_broker_forgets()
    if _sweeper is None or not _sweeper.is_alive():
        _sweeper = Sweeper()
        _sweeper.start()


@worker_shutdown.connect
def stop_sweeping(**_kwargs) -> None:
    if _sweeper is not None:
        _sweeper.stopping.set()
