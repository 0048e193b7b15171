"""Celery app for the studio's generation jobs: ``celery -A webapp worker -l info``.

Used only when ``CELERY_BROKER_URL`` is set (the embedded default runs jobs on a thread in the
server process). Settings come from Django settings prefixed ``CELERY_``.
"""

import os

from celery import Celery
from celery.signals import worker_init
from kombu import Queue

from demos.tf_runner import QUEUE as DEMOS_QUEUE

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "webapp.settings")

app = Celery("kanade")
app.config_from_object("django.conf:settings", namespace="CELERY")
# Finds studio/tasks.py (the generation task) and demos/tasks.py (the TF graph
# demo, run here so that web processes never import TensorFlow) once Django's apps are ready.
app.autodiscover_tasks(["studio", "demos"])

# Every worker reads both queues, the demos' first: a student waiting on the TF graph demo waits
# for the job a worker is running, not for the whole generation queue.
app.conf.task_queues = (Queue(DEMOS_QUEUE), Queue(app.conf.task_default_queue))
app.conf.broker_transport_options = {
    **app.conf.broker_transport_options,
    "queue_order_strategy": "priority",
}


@worker_init.connect
def _runners_yield_to_web(**_kwargs) -> None:
    from core.runner_priority import lower_process_priority

    lower_process_priority()
