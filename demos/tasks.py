"""The Celery task behind the TF graph demo in production (demos/tf_runner.py).

It runs on the generation workers, which load TensorFlow anyway, from its own queue
(``kanade-demos``, read before the generation queue), so a student waits at most for the job a
worker is running, never for the whole queue. The trace goes to the shared cache, where the
waiting web process picks it up.
"""

from __future__ import annotations

from celery import shared_task

from demos.tf_runner import TASK_NAME, run_and_store


@shared_task(name=TASK_NAME, ignore_result=True, acks_late=False)
def run_tf_graph(a: int, b: int, c: int) -> None:
    # Acknowledged on receipt: a lost run only costs the student a retry, never a duplicate wait.
    run_and_store(int(a), int(b), int(c))
