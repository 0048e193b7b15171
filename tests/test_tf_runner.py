"""Where the TF graph demo runs when generation is on Celery workers (no TensorFlow needed here)."""

import pytest
from django.core.cache import cache
from django.test import override_settings

from demos import tf_runner

URL = "/api/demos/tf-graph"
ON_CELERY = {"CELERY_BROKER_URL": "redis://127.0.0.1:1/0", "KANADE_JOBS_EAGER": False}


@pytest.fixture(autouse=True)
def _no_stored_traces():
    # Only this file's keys: the cache may be a Redis that holds other data (never flushed).
    keys = [tf_runner.cache_key(3, 0, 3), tf_runner.cache_key(5, 0, 3)]
    cache.delete_many(keys + [f"{key}:pending" for key in keys])
    yield
    cache.delete_many(keys + [f"{key}:pending" for key in keys])


def stored_trace(steps: int) -> dict:
    """A trace as the worker stores it (values as TensorFlow printed them for a=3, b=0, c=3)."""
    rows = [
        {
            "step": n,
            "val1_before": 3 * (n - 1),
            "add": 3 * n,
            "assign": 3 * n,
            "mul": 9 * n,
            "val1_after": 3 * n,
            "int32_overflow": False,
        }
        for n in range(1, steps + 1)
    ]
    return {"engine": "tensorflow stored-by-a-worker", "nodes": [], "steps": rows}


@override_settings(**ON_CELERY)
def test_a_trace_a_worker_stored_is_served_and_cut_to_the_loop_length(client, monkeypatch):
    monkeypatch.setattr(tf_runner, "_send", lambda *args: pytest.fail("nothing to send"))
    cache.set(tf_runner.cache_key(3, 0, 3), stored_trace(20))
    body = client.get(URL, {"steps": "3"}).json()
    assert body["engine"] == "tensorflow stored-by-a-worker"
    assert [s["mul"] for s in body["steps"]] == [9, 18, 27]


@override_settings(**ON_CELERY)
def test_without_a_shared_cache_the_answer_is_503_at_once(client, monkeypatch):
    monkeypatch.setattr(tf_runner, "_send", lambda *args: pytest.fail("must not send"))
    response = client.get(URL, {"a": "5"})
    assert response.status_code == 503
    assert "error" in response.json()


def test_the_web_process_runs_it_itself_without_a_broker():
    assert not tf_runner.runs_on_job_runners()  # the test settings: eager, no broker
    with override_settings(**ON_CELERY):
        assert tf_runner.runs_on_job_runners()


def test_cache_keys_name_the_tensorflow_version():
    key = tf_runner.cache_key(1, -2, 3)
    assert key.endswith(":1:-2:3") and tf_runner.tensorflow_version() in key
