"""The Celery task for studio jobs (used when CELERY_BROKER_URL is set).

``celery -A webapp worker`` finds it through ``webapp/celery.py``. It is the same ``run_job`` the
embedded worker thread calls; models stay loaded in each Celery worker process between tasks.
"""

from celery import shared_task

from .worker import CELERY_TASK_NAME


@shared_task(name=CELERY_TASK_NAME, ignore_result=True)
def run_generation_job(job_id: str) -> None:
    from .jobs import run_job

    run_job(job_id)
