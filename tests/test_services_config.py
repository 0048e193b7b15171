"""The production configuration around the services, checked without them running: settings
read from the environment, gunicorn's config file, the Redis cache degrading to misses when Redis
is away, and the poll-time reaper that never leaves a job "running"."""

from __future__ import annotations

import os
import subprocess
import sys
from datetime import timedelta
from pathlib import Path

import pytest
from django.test import Client
from django.utils import timezone

from studio.models import GenerationJob

ROOT = Path(__file__).resolve().parent.parent
CLOSED_PORT = "redis://127.0.0.1:1/0"  # nothing listens on port 1


def settings_in_subprocess(code: str, **env: str) -> subprocess.CompletedProcess:
    full_env = {
        **os.environ,
        "DJANGO_DEBUG": "1",
        "DJANGO_SETTINGS_MODULE": "webapp.settings",
        **env,
    }
    return subprocess.run(
        [
            sys.executable,
            "-c",
            f"import django; django.setup(); from django.conf import settings as s; {code}",
        ],
        cwd=ROOT,
        env=full_env,
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_celery_and_cache_settings_come_from_the_environment():
    result = settings_in_subprocess(
        "print(s.CELERY_TASK_ACKS_LATE, s.CELERY_TASK_REJECT_ON_WORKER_LOST, "
        "s.CELERY_BROKER_TRANSPORT_OPTIONS['visibility_timeout'], s.CACHES['default']['BACKEND'], "
        "s.CACHES['default']['LOCATION'])",
        KANADE_JOB_TIMEOUT_S="100",
        REDIS_URL="redis://cache.example:6379/2",
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == [
        "True",
        "True",
        "160",  # job timeout + 60 s by default
        "webapp.redis_cache.ResilientRedisCache",
        "redis://cache.example:6379/2",
    ]


def test_a_visibility_timeout_shorter_than_a_job_is_refused():
    result = settings_in_subprocess(
        "pass", KANADE_JOB_TIMEOUT_S="600", CELERY_VISIBILITY_TIMEOUT_S="300"
    )
    assert result.returncode != 0
    assert (
        "CELERY_VISIBILITY_TIMEOUT_S (300) must be longer than KANADE_JOB_TIMEOUT_S (600)"
        in result.stderr
    )


def test_without_redis_the_cache_is_local_memory():
    env = {k: v for k, v in os.environ.items() if k not in ("REDIS_URL", "CACHE_URL")}
    result = subprocess.run(
        [
            sys.executable,
            "-c",
            "import django; django.setup(); from django.conf import settings as s; print(s.CACHES['default']['BACKEND'])",
        ],
        cwd=ROOT,
        env={**env, "DJANGO_DEBUG": "1", "DJANGO_SETTINGS_MODULE": "webapp.settings"},
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.stdout.strip() == "django.core.cache.backends.locmem.LocMemCache", result.stderr


def test_gunicorn_config_reads_the_environment():
    code = "import runpy; c = runpy.run_path('gunicorn.conf.py'); print(c['bind'], c['workers'], c['threads'], c['timeout'], c['wsgi_app'])"
    env = {
        **os.environ,
        "GUNICORN_BIND": "0.0.0.0:9000",
        "GUNICORN_WORKERS": "5",
        "GUNICORN_THREADS": "2",
        "GUNICORN_TIMEOUT": "45",
    }
    result = subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, env=env, capture_output=True, text=True, timeout=60
    )
    assert result.stdout.split() == ["0.0.0.0:9000", "5", "2", "45", "webapp.wsgi:application"], (
        result.stderr
    )
    bad = subprocess.run(
        [sys.executable, "-c", code],
        cwd=ROOT,
        env={**env, "GUNICORN_WORKERS": "many"},
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert bad.returncode != 0 and "GUNICORN_WORKERS must be an integer; got 'many'" in bad.stderr


def test_the_redis_cache_degrades_to_misses_when_redis_is_away(caplog):
    from webapp.redis_cache import ResilientRedisCache

    cache = ResilientRedisCache(CLOSED_PORT, {"OPTIONS": {"socket_connect_timeout": 0.5}})
    ResilientRedisCache._last_warning = 0.0
    assert cache.get("k", "default") == "default"
    assert cache.get_many(["a", "b"]) == {}
    assert cache.set("k", 1) is None
    assert cache.add("k", 1) is False
    assert cache.incr("k") == 1
    assert cache.delete("k") is False
    assert "treating as a miss" in caplog.text


@pytest.mark.django_db
def test_pages_and_rate_limit_work_with_the_cache_away(settings, lesson5):
    settings.CACHES = {
        "default": {
            "BACKEND": "webapp.redis_cache.ResilientRedisCache",
            "LOCATION": CLOSED_PORT,
            "OPTIONS": {"socket_connect_timeout": 0.5},
        }
    }
    # (Changing CACHES through the settings fixture makes Django rebuild its cache handlers.)
    client = Client()
    assert client.get(lesson5.get_absolute_url()).status_code == 200
    from studio import ratelimit

    assert ratelimit.retry_after("some-session") is None  # fails open: the queue still guards
    ratelimit.count("some-session")


@pytest.mark.django_db
def test_polling_a_job_whose_runner_died_fails_it_with_a_message(settings):
    settings.KANADE_JOB_TIMEOUT_S = 60
    job = GenerationJob.objects.create(
        tool="generate", status="running", started_at=timezone.now() - timedelta(minutes=5)
    )
    body = Client().get(f"/api/jobs/{job.id}?lang=en").json()
    assert body["status"] == "failed" and body["error_code"] == "interrupted"
    assert "interrupted" in body["error"] and "generate again" in body["error"]
    fresh = GenerationJob.objects.create(
        tool="generate", status="running", started_at=timezone.now()
    )
    assert Client().get(f"/api/jobs/{fresh.id}").json()["status"] == "running"


def test_a_ready_celery_worker_checks_the_broker_and_starts_sweeping(monkeypatch):
    from celery.signals import worker_ready

    from studio import broker_check, jobqueue, tasks

    checked, started = [], []

    class FakeSweeper:
        stopping = None

        def is_alive(self):
            return bool(started)

        def start(self):
            started.append(1)

    monkeypatch.setattr(broker_check, "warn_if_broker_forgets", lambda: checked.append(1))
    monkeypatch.setattr(jobqueue, "Sweeper", FakeSweeper)
    monkeypatch.setattr(tasks, "_sweeper", None)
    worker_ready.send(sender=None)  # what Celery sends once a worker is up
    worker_ready.send(sender=None)
    assert checked == [1, 1] and started == [1]  # one sweeper per worker process


@pytest.mark.parametrize(
    "env,error",
    [
        ({"KANADE_TRUSTED_PROXY_HEADER": "X Forwarded"}, "must be an HTTP header name"),
        ({"KANADE_TRUSTED_PROXY_HEADER": "Forwarded"}, "Forwarded header is not supported"),
        ({"KANADE_TRUSTED_PROXY_COUNT": "2"}, "KANADE_TRUSTED_PROXY_HEADER is not"),
        (
            {"KANADE_TRUSTED_PROXY_HEADER": "X-Forwarded-For", "KANADE_TRUSTED_PROXY_COUNT": "0"},
            "KANADE_TRUSTED_PROXY_COUNT must be at least 1",
        ),
        ({"KANADE_JOB_LEASE_S": "1"}, "KANADE_JOB_LEASE_S must be at least 3"),
        ({"KANADE_JOB_MAX_ATTEMPTS": "twice"}, "KANADE_JOB_MAX_ATTEMPTS must be an integer"),
    ],
)
def test_nonsense_proxy_and_job_settings_stop_the_process(env, error):
    result = settings_in_subprocess("pass", **env)
    assert result.returncode != 0 and error in result.stderr, result.stderr[-500:]


def test_a_trusted_proxy_header_becomes_its_request_meta_key():
    result = settings_in_subprocess(
        "print(s.KANADE_TRUSTED_PROXY_HEADER, s.KANADE_TRUSTED_PROXY_COUNT)",
        KANADE_TRUSTED_PROXY_HEADER="X-Real-IP",
    )
    assert result.stdout.split() == ["HTTP_X_REAL_IP", "1"], result.stderr


def test_the_broker_persistence_check_reads_config_or_info(monkeypatch):
    import redis

    from studio import broker_check

    class FakeRedis:
        def __init__(self, config, info=None):
            self.config, self.info_reply = config, info

        def config_get(self, name):
            if self.config is None:
                raise redis.ResponseError("unknown command 'CONFIG'")
            return {name: self.config[name]}

        def info(self, section):
            return self.info_reply

        def close(self):
            pass

    def with_server(config, info=None):
        monkeypatch.setattr(redis.Redis, "from_url", lambda url, **kw: FakeRedis(config, info))
        return broker_check.persistence_problem("redis://broker:6379/0")

    assert with_server({"appendonly": "yes", "save": ""}) is None
    assert "periodic snapshots (save 3600 1" in with_server(
        {"appendonly": "no", "save": "3600 1 300 100 60 10000"}
    )
    assert "does not persist anything" in with_server({"appendonly": "no", "save": ""})
    assert with_server(None, {"aof_enabled": 1}) is None  # CONFIG disabled: INFO persistence
    assert "does not persist" in with_server(None, {"aof_enabled": 0})
    assert broker_check.persistence_problem("amqp://elsewhere") is None


def test_the_system_check_warns_only_when_jobs_go_to_a_forgetful_broker(settings, monkeypatch):
    from django.core import checks

    from studio import broker_check

    monkeypatch.setattr(broker_check, "persistence_problem", lambda url: f"{url} forgets")
    settings.KANADE_JOBS_EAGER = False
    settings.CELERY_BROKER_URL = "redis://broker:6379/0"
    warnings = [m for m in checks.run_checks(tags=["kanade"]) if m.id == "kanade.W001"]
    assert [w.msg for w in warnings] == ["Redis://broker:6379/0 forgets"]
    settings.CELERY_BROKER_URL = ""  # the embedded default has no broker to ask
    assert not [m for m in checks.run_checks(tags=["kanade"]) if m.id == "kanade.W001"]
