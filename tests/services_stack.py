"""A real deployment on loopback for the services tests and bench/load.py: a PostgreSQL database
of its own, gunicorn serving webapp.wsgi, and Celery worker processes fed from Redis.

Everything runs as subprocesses with ``webapp.settings`` (what production runs), so nothing is
shared with the test process but PostgreSQL, Redis and a media folder. Workers can be given the
rule-based stand-in for the models (``tests/studio_support.py``) with a delay, so a job is
reliably mid-run when a test kills its worker.
"""

from __future__ import annotations

import contextlib
import http.cookiejar
import json
import os
import shutil
import signal
import subprocess
import sys
import time
import urllib.error
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path

from tests.services_redis import OwnRedis, answers, free_port  # noqa: F401 (re-exported)

ROOT = Path(__file__).resolve().parent.parent
PYTHON = str(ROOT / ".venv" / "bin" / "python")
POSTGRES = ("127.0.0.1", 5432)

# Django set up with the deployment's settings, the models optionally replaced by the rule-based
# stand-in (slowed down by KANADE_TEST_JOB_DELAY_S), then Celery or runserver.
RUNNER_SETUP = """
import os, sys, time
import django
django.setup()
if os.environ.get("KANADE_TEST_RULE_ENGINE") == "1":
    import pytest
    from studio.tools import running
    from tests.studio_support import install_rule_engine
    patch = pytest.MonkeyPatch()
    install_rule_engine(patch)
    run_tool, delay = running.run_tool, float(os.environ.get("KANADE_TEST_JOB_DELAY_S", "0"))
    def slow(*args, **kwargs):
        time.sleep(delay)
        return run_tool(*args, **kwargs)
    patch.setattr(running, "run_tool", slow)
    # Slow audio: a run killed now has written its MIDI files (aside) but not finished.
    from studio import audio
    render, audio_delay = audio.render_ogg, float(os.environ.get("KANADE_TEST_AUDIO_DELAY_S", "0"))
    patch.setattr(audio, "render_ogg", lambda midi: (time.sleep(audio_delay), render(midi))[1])
"""

WORKER_BOOTSTRAP = (
    RUNNER_SETUP
    + """
from webapp.celery import app
app.worker_main(sys.argv[1:])
"""
)

# The embedded default: runserver (threaded, no reloader) and its worker thread.
RUNSERVER_BOOTSTRAP = (
    RUNNER_SETUP
    + """
from django.core.management import call_command
call_command("runserver", sys.argv[1], use_reloader=False, use_threading=True)
"""
)


def missing_services() -> str | None:
    """Why the services tests cannot run here, or None. (Redis: each stack starts its own.)"""
    down = [f"PostgreSQL on {POSTGRES[0]}:{POSTGRES[1]} (not answering)"]
    if answers(POSTGRES):
        down = []
    if shutil.which("redis-server") is None:
        down.append("redis-server (not installed)")
    return f"needs {' and '.join(down)}" if down else None


def psql(sql: str, database: str = "postgres") -> str:
    result = subprocess.run(
        ["psql", "-h", POSTGRES[0], "-U", "postgres", "-d", database, "-Atqc", sql],
        capture_output=True,
        text=True,
        timeout=60,
        check=True,
    )
    return result.stdout.strip()


@dataclass
class Stack:
    """One database + one media folder + one Redis + the processes serving them."""

    name: str
    workdir: Path
    redis_db: int = 0
    debug: bool = True  # False: production settings (collectstatic, a real key), for bench/load.py
    extra_env: dict[str, str] = field(default_factory=dict)
    processes: list[subprocess.Popen] = field(default_factory=list)
    redis: OwnRedis | None = None

    @property
    def database_url(self) -> str:
        return f"postgres://postgres@{POSTGRES[0]}:{POSTGRES[1]}/{self.name}"

    @property
    def broker_url(self) -> str:
        if self.redis is None:
            raise RuntimeError("create() the stack first: it starts the stack's own Redis")
        return f"redis://127.0.0.1:{self.redis.port}/{self.redis_db}"

    def env(self, **overrides: str) -> dict[str, str]:
        env = dict(os.environ)
        env.pop("DJANGO_SETTINGS_MODULE", None)
        env.update(
            DJANGO_SETTINGS_MODULE="webapp.settings",
            DJANGO_DEBUG="1" if self.debug else "0",
            DATABASE_URL=self.database_url,
            KANADE_VAR_DIR=str(self.workdir),
            CELERY_BROKER_URL=self.broker_url,
            REDIS_URL=self.broker_url,
            KANADE_WORKER_WARMUP="0",
            KANADE_STUDIO_RATE_LIMIT="100000",
            OPENBLAS_NUM_THREADS="1",
            TF_CPP_MIN_LOG_LEVEL="3",
            PYTHONPATH=str(ROOT),
        )
        if not self.debug:  # production, except plain HTTP on loopback
            env.update(
                DJANGO_SECRET_KEY="load-test-" + "k" * 50,
                DJANGO_ALLOWED_HOSTS="127.0.0.1,localhost",
                DJANGO_SECURE_SSL_REDIRECT="0",
                DJANGO_SECURE_COOKIES="0",
                DJANGO_HSTS_SECONDS="0",
                DJANGO_LOG_LEVEL="WARNING",
            )
        env.update(self.extra_env)
        env.update(overrides)
        return env

    def create(self) -> None:
        self.workdir.mkdir(parents=True, exist_ok=True)
        self.redis = OwnRedis(self.workdir)
        self.redis.start()
        psql(f'DROP DATABASE IF EXISTS "{self.name}" WITH (FORCE)')
        psql(f'CREATE DATABASE "{self.name}"')
        (self.workdir / "static").mkdir(parents=True, exist_ok=True)
        subprocess.run(
            [PYTHON, "manage.py", "migrate", "--noinput", "-v", "0"],
            cwd=ROOT,
            env=self.env(),
            check=True,
            timeout=300,
        )
        if not self.debug:
            subprocess.run(
                [PYTHON, "manage.py", "collectstatic", "--noinput", "-v", "0"],
                cwd=ROOT,
                env=self.env(),
                check=True,
                timeout=300,
            )

    def _spawn(self, args: list[str], log_name: str, env: dict[str, str]) -> subprocess.Popen:
        log = open(self.workdir / log_name, "ab")  # noqa: SIM115 - lives as long as the process
        process = subprocess.Popen(
            args, cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT, start_new_session=True
        )
        self.processes.append(process)
        return process

    def start_web(self, workers: int = 1, threads: int = 4, **env: str) -> str:
        port = free_port()
        gunicorn_env = self.env(
            GUNICORN_BIND=f"127.0.0.1:{port}",
            GUNICORN_WORKERS=str(workers),
            GUNICORN_THREADS=str(threads),
            **env,
        )
        self._spawn(
            [str(ROOT / ".venv/bin/gunicorn"), "-c", "gunicorn.conf.py"],
            f"web-{port}.log",
            gunicorn_env,
        )
        base = f"http://127.0.0.1:{port}"
        deadline = time.monotonic() + 90
        while time.monotonic() < deadline:
            with (
                contextlib.suppress(OSError),
                urllib.request.urlopen(base + "/healthz", timeout=2) as response,
            ):
                if response.status == 200:
                    return base
            time.sleep(0.3)
        raise RuntimeError(f"gunicorn did not answer on {base}: {self.log(f'web-{port}.log')}")

    def start_embedded(self, port: int, *, delay_s: float = 0.0, audio_delay_s: float = 0.0,
                       **env: str) -> subprocess.Popen:  # fmt: skip
        """The embedded default on ``port``: runserver + its worker thread + a SQLite database
        in the workdir (no broker, no cache server), the models replaced by the stand-in."""
        server_env = self.env(
            DATABASE_URL=f"sqlite:///{self.workdir / 'embedded.sqlite3'}",
            CELERY_BROKER_URL="",
            REDIS_URL="",
            KANADE_TEST_RULE_ENGINE="1",
            KANADE_TEST_JOB_DELAY_S=str(delay_s),
            KANADE_TEST_AUDIO_DELAY_S=str(audio_delay_s),
            **env,
        )
        subprocess.run([PYTHON, "manage.py", "migrate", "--noinput", "-v", "0"], cwd=ROOT,
                       env=server_env, check=True, timeout=300)  # fmt: skip
        process = self._spawn(
            [PYTHON, "-c", RUNSERVER_BOOTSTRAP, f"127.0.0.1:{port}"], f"embedded-{port}.log",
            server_env,
        )  # fmt: skip
        deadline = time.monotonic() + 90
        while not answers(("127.0.0.1", port)):
            if time.monotonic() > deadline or process.poll() is not None:
                raise RuntimeError(f"runserver did not start: {self.log(f'embedded-{port}.log')}")
            time.sleep(0.2)
        return process

    def start_worker(
        self,
        name: str,
        *,
        rule_engine: bool = True,
        delay_s: float = 0.0,
        audio_delay_s: float = 0.0,
        pool: str = "solo",
        **env: str,
    ) -> subprocess.Popen:
        worker_env = self.env(
            KANADE_TEST_RULE_ENGINE="1" if rule_engine else "0",
            KANADE_TEST_JOB_DELAY_S=str(delay_s),
            KANADE_TEST_AUDIO_DELAY_S=str(audio_delay_s),
            **env,
        )
        args = [
            PYTHON,
            "-c",
            WORKER_BOOTSTRAP,
            "worker",
            f"--pool={pool}",
            "--concurrency=1",
            "-l",
            "info",
            "-n",
            f"{name}@%h",
            "--without-gossip",
            "--without-mingle",
            "--without-heartbeat",
        ]
        return self._spawn(args, f"worker-{name}.log", worker_env)

    def wait_worker_ready(self, name: str, timeout: float = 90) -> None:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if "ready." in self.log(f"worker-{name}.log"):
                return
            time.sleep(0.2)
        raise RuntimeError(f"worker {name} not ready: {self.log(f'worker-{name}.log')[-3000:]}")

    def log(self, log_name: str) -> str:
        path = self.workdir / log_name
        return path.read_text(errors="replace") if path.exists() else ""

    def job_row(self, job_id: str) -> dict | None:
        out = psql(
            f"SELECT row_to_json(j) FROM courses_generationjob j WHERE id = '{job_id}'", self.name
        )
        return json.loads(out) if out else None

    def count_jobs(self) -> int:
        return int(psql("SELECT count(*) FROM courses_generationjob", self.name))

    def stop(self) -> None:
        for process in self.processes:
            if process.poll() is None:
                with contextlib.suppress(ProcessLookupError):
                    os.killpg(process.pid, signal.SIGTERM)
        for process in self.processes:
            try:
                process.wait(15)
            except subprocess.TimeoutExpired:
                with contextlib.suppress(ProcessLookupError):
                    os.killpg(process.pid, signal.SIGKILL)
                process.wait(5)
        self.processes.clear()

    def drop(self) -> None:
        self.stop()
        if self.redis is not None:
            self.redis.kill()
        with contextlib.suppress(subprocess.CalledProcessError):
            psql(f'DROP DATABASE IF EXISTS "{self.name}" WITH (FORCE)')


class Browser:
    """A student's browser over HTTP: a cookie jar, the CSRF token the tool page sets, JSON."""

    def __init__(self, base: str):
        self.base = base
        self.jar = http.cookiejar.CookieJar()
        self.opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(self.jar))

    def request(
        self,
        method: str,
        path: str,
        body: bytes | None = None,
        headers: dict | None = None,
        timeout: float = 30,
    ):
        request = urllib.request.Request(
            self.base + path, data=body, method=method, headers=headers or {}
        )
        try:
            with self.opener.open(request, timeout=timeout) as response:
                return response.status, response.read(), dict(response.headers)
        except urllib.error.HTTPError as error:
            return error.code, error.read(), dict(error.headers)

    def csrf_token(self) -> str:
        return next((c.value for c in self.jar if c.name == "csrftoken"), "")

    def open_tool(self, tool: str) -> None:
        status, _, _ = self.request("GET", f"/en/studio/{tool}/")
        assert status == 200, status

    def generate(self, tool: str, fields: dict[str, str], headers: dict | None = None):
        boundary = "kanadeboundary"
        parts = [
            f'--{boundary}\r\nContent-Disposition: form-data; name="{k}"\r\n\r\n{v}\r\n'
            for k, v in fields.items()
        ]
        body = ("".join(parts) + f"--{boundary}--\r\n").encode()
        headers = {
            "Content-Type": f"multipart/form-data; boundary={boundary}",
            "X-CSRFToken": self.csrf_token(),
            "Accept": "application/json",
            **(headers or {}),
        }
        status, payload, _ = self.request("POST", f"/api/generate/{tool}?lang=en", body, headers)
        return status, json.loads(payload or b"{}")

    def job(self, job_id: str) -> dict:
        status, payload, _ = self.request("GET", f"/api/jobs/{job_id}?lang=en")
        assert status == 200, (status, payload[:300])
        return json.loads(payload)

    def wait_finished(self, job_id: str, timeout: float, interval: float = 0.5) -> dict:
        deadline = time.monotonic() + timeout
        while True:
            job = self.job(job_id)
            if job["status"] in ("done", "failed") or time.monotonic() > deadline:
                return job
            time.sleep(interval)


if __name__ == "__main__":  # pragma: no cover - manual check: python tests/services_stack.py
    print(missing_services() or "PostgreSQL and Redis answer", file=sys.stderr)
