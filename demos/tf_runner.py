"""Where the TF graph demo's TensorFlow runs, so that production web processes never import it.

TensorFlow costs a process ~700 MB and seconds to import. The demo's numbers must come from a
real TensorFlow session (that is the lesson), so the graph runs where TensorFlow is loaded anyway:

* Production with Celery (``CELERY_BROKER_URL``): the web process sends the task
  ``demos.run_tf_graph`` to the ``kanade-demos`` queue, which the generation workers
  take before their next job, and waits a few seconds for the trace to appear in the shared
  cache (Redis, ``REDIS_URL``). A web process never imports TensorFlow.
* Embedded default and tests (no broker, or ``KANADE_JOBS_EAGER``): the server process runs the
  graph itself, as its generation worker thread already loads TensorFlow.

Either way one run records the loop's 20 steps (the API's maximum) for a given ``a, b, c``;
shorter loops are that trace's first steps (the session runs the same steps in the same order).
Traces are cached per ``a, b, c`` and TensorFlow version, so each parameter set runs on
TensorFlow at most once per cache lifetime.
"""

from __future__ import annotations

import functools
import importlib.metadata
import logging
import threading
import time
from typing import Any

from django.conf import settings
from django.core.cache import cache

logger = logging.getLogger(__name__)

TASK_NAME = "demos.run_tf_graph"
QUEUE = "kanade-demos"
TRACE_STEPS = 20  # the API's largest loop; every shorter loop is a prefix of it
CACHE_SECONDS = 24 * 3600
WAIT_S = 15.0  # under gunicorn's 30 s timeout; a free runner answers in well under a second
POLL_S = 0.05
# Requests of one web process that may wait for a runner at once; the others are told to retry,
# so a burst of new parameter sets cannot hold every thread that serves pages.
MAX_WAITING = 2
_waiting = threading.BoundedSemaphore(MAX_WAITING)


class RunnerUnavailable(Exception):
    """No runner could be asked (the broker does not answer)."""


class RunnerBusy(Exception):
    """The runners did not answer within WAIT_S; the student may try again."""


@functools.lru_cache(maxsize=1)
def tensorflow_version() -> str:
    """The installed TensorFlow's version, read from its metadata without importing it."""
    try:
        return importlib.metadata.version("tensorflow")
    except importlib.metadata.PackageNotFoundError:
        return "none"


def cache_key(a: int, b: int, c: int) -> str:
    return f"demos:tf-graph:v1:{tensorflow_version()}:{a}:{b}:{c}"


def runs_on_job_runners() -> bool:
    return bool(settings.CELERY_BROKER_URL) and not settings.KANADE_JOBS_EAGER


def first_steps(trace: dict[str, Any], steps: int) -> dict[str, Any]:
    return {**trace, "steps": trace["steps"][:steps]}


def run_and_store(a: int, b: int, c: int) -> dict[str, Any]:
    """Run the graph on this process's TensorFlow and share the trace (job runners, embedded)."""
    from demos.tf_graph import run_lesson_graph

    trace = run_lesson_graph(a, b, c, TRACE_STEPS)
    cache.set(cache_key(a, b, c), trace, CACHE_SECONDS)
    return trace


def lesson_trace(a: int, b: int, c: int, steps: int) -> dict[str, Any]:
    """The lesson's loop run ``steps`` times with ``a, b, c``: from the cache, else from a runner.

    Raises ImportError where TensorFlow is missing (embedded), RunnerUnavailable or RunnerBusy."""
    trace = cache.get(cache_key(a, b, c))
    if trace is None:
        trace = _ask_job_runners(a, b, c) if runs_on_job_runners() else run_and_store(a, b, c)
    return first_steps(trace, steps)


def cache_is_shared() -> bool:
    """A per-process cache would never see the trace a worker stores (REDIS_URL unset)."""
    backend = settings.CACHES["default"]["BACKEND"]
    return not backend.endswith(("LocMemCache", "DummyCache"))


def _ask_job_runners(a: int, b: int, c: int) -> dict[str, Any]:
    if not cache_is_shared():
        logger.error("TF graph demo: set REDIS_URL; the workers' traces need a shared cache")
        raise RunnerUnavailable("the cache is not shared with the workers (REDIS_URL is unset)")
    if not _waiting.acquire(blocking=False):
        raise RunnerBusy("too many graphs are already waiting for a runner in this process")
    try:
        key = cache_key(a, b, c)
        pending = f"{key}:pending"
        # One task per parameter set at a time, however many students ask for it together. A
        # cache that does not answer says False; then the broker (same Redis) decides below.
        if cache.add(pending, 1, WAIT_S) or cache.get(pending) is None:
            _send(a, b, c)
        deadline = time.monotonic() + WAIT_S
        while time.monotonic() < deadline:
            time.sleep(POLL_S)
            trace = cache.get(key)
            if trace is not None:
                return trace
        raise RunnerBusy(f"no runner answered within {WAIT_S:g} s")
    finally:
        _waiting.release()


def _send(a: int, b: int, c: int) -> None:
    from celery import current_app as app
    from kombu.exceptions import OperationalError

    try:
        # Expires with the wait: after that nobody is waiting, and the next asker sends anew.
        app.send_task(TASK_NAME, args=[a, b, c], queue=QUEUE, expires=WAIT_S)
    except (OperationalError, OSError) as error:
        logger.error("TF graph demo: the Celery broker did not take the task: %s", error)
        cache.delete(f"{cache_key(a, b, c)}:pending")
        raise RunnerUnavailable(str(error)) from error
