"""A production web process never imports TensorFlow, whatever it serves.

Production here is the real thing on loopback: production settings (DEBUG off), a Redis started
by this test on a free port (cache + Celery broker; nobody else's data), and one real Celery
worker. A web process (Django's test client in a subprocess, so its ``sys.modules`` is its own)
then serves every page and API of the site, including the TF graph demo for a parameter set
nobody has asked for yet, which must come back from the worker's real TensorFlow.
"""

from __future__ import annotations

import json
import os
import shutil
import signal
import subprocess
import time
from pathlib import Path

import pytest

from tests.ci import skip_unless_available
from tests.services_redis import own_redis

ROOT = Path(__file__).resolve().parents[1]
PYTHON = str(ROOT / ".venv" / "bin" / "python")

pytestmark = pytest.mark.slow  # a Celery worker loads TensorFlow for the demo's first graph

# Runs in the web process. Requests every route the site has (a route added later without a
# request here fails the test), then reports what it saw and whether TensorFlow got imported.
WEB_PROCESS = r"""
import json, sys
import django
django.setup()
from django.test import Client, override_settings
from django.urls import get_resolver, resolve
from django.contrib.auth import get_user_model
from courses.models import Course, Lesson
from embeds.models import DemoPreset
from demos import catalog
from demos.registry import all_demos
from studio import tools, examples
DEMO_SLUGS = [demo.slug for demo in all_demos()]

# Templates need no collectstatic for this: plain static storage, same pages.
override_settings(STORAGES={
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}).enable()

client = Client(HTTP_HOST="127.0.0.1")

def route_of(path):
    # Routes under the language prefix are listed once, as the default language's.
    route = resolve(path.split("?")[0]).route
    return "ja/" + route[3:] if route.startswith("en/") else route

seen, answers = set(), {}

def get(path, **params):
    response = client.get(path, params)
    seen.add(route_of(path))
    answers[path + ("?" + "&".join(f"{k}={v}" for k, v in params.items()) if params else "")] = response.status_code
    return response

for lang in ("ja", "en"):
    get(f"/{lang}/")
    get(f"/{lang}/jsi18n/")
    for course in Course.objects.all():
        get(f"/{lang}/{course.slug}/")
    for lesson in Lesson.objects.select_related("course"):
        get(f"/{lang}/{lesson.course.slug}/{lesson.slug}/")
    get(f"/{lang}/demos/")
    for slug in DEMO_SLUGS:
        get(f"/{lang}/demos/{slug}/")
    get(f"/{lang}/studio/")
    for slug in tools.TOOLS:
        get(f"/{lang}/studio/{slug}/")
for slug in [*DEMO_SLUGS, *tools.TOOLS]:
    get(f"/embed/{slug}/", lang="en")
for code in [*DemoPreset.objects.values_list("code", flat=True)[:5], "no-such-preset"]:
    get(f"/embed/p/{code}/")
get("/oembed", url="http://127.0.0.1/en/demos/tf-graph/")
get("/api/demos/sigmoid-grid")
get("/api/demos/sigmoid-grid.png")
get("/api/studio/catalog", lang="en")
for slug in examples.EXAMPLES:
    get(f"/api/studio/examples/{slug}.mid")
get("/api/studio/merge.mid", part="nope:1")
get("/healthz")

# The TF graph demo: a parameter set never run before (the worker's TensorFlow), then cached.
# Asked before the studio job: the solo worker runs one task at a time, and a generation job
# (a cold model load on a loaded machine) can outlast the graph's 15-s wait for a runner.
first = get("/api/demos/tf-graph", a="4", b="1", c="2", steps="3")
again = get("/api/demos/tf-graph", a="4", b="1", c="2", steps="2")

# Studio: a refused form, then a real submission and every file route of its job.
response = client.post("/api/generate/drumify?lang=en", {"temperature": "x"})
seen.add(route_of("/api/generate/drumify"))
answers["POST /api/generate/drumify (bad)"] = response.status_code
response = client.post("/api/generate/drumify?lang=en", {"input_example": "bass-line", "seed": "1"})
answers["POST /api/generate/drumify"] = response.status_code
job = response.json().get("id", "no-such-job")
for path in (f"/api/jobs/{job}", f"/api/jobs/{job}/variation-1.mid", f"/api/jobs/{job}/variation-1.ogg",
             f"/api/jobs/{job}/inputs/input.mid", f"/api/jobs/{job}/variations.zip",
             f"/api/jobs/{job}/variation-1.wav", f"/api/jobs/{job}/preview-input-1.ogg"):
    get(path)

# The job went to the generation queue beside the demos' queue: the worker still runs it.
import time
deadline = time.monotonic() + 180
while client.get(f"/api/jobs/{job}").json().get("status") not in ("done", "failed"):
    assert time.monotonic() < deadline, "the generation job was not run"
    time.sleep(0.5)
job_status = client.get(f"/api/jobs/{job}").json()["status"]

# The admin, signed in.
admin = get_user_model().objects.create_superuser("guard", "guard@example.org", "pw-guard-123")
client.force_login(admin)
get("/admin/")
for model in ("course", "lesson", "block", "demopreset"):
    get(f"/admin/courses/{model}/")
    get(f"/admin/courses/{model}/add/")
lesson = Lesson.objects.first()
get(f"/admin/courses/lesson/{lesson.pk}/change/")
block = lesson.blocks.first()
get(f"/admin/courses/block/{block.pk}/change/")

routes = set()
def walk(patterns, prefix=""):
    for p in patterns:
        if hasattr(p, "url_patterns"):
            walk(p.url_patterns, prefix + str(p.pattern))
        elif not prefix.startswith("admin/"):
            routes.add(prefix + str(p.pattern))
walk(get_resolver().url_patterns)
print(json.dumps({
    "tensorflow": sorted(m for m in sys.modules if m.split(".")[0] in ("tensorflow", "keras")),
    "answers": answers,
    "unvisited": sorted(routes - seen),
    "first": first.json() if first.status_code == 200 else first.status_code,
    "again": again.json() if again.status_code == 200 else again.status_code,
    "job_status": job_status,
}))
"""


def production_env(folder: Path, redis: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "CELERY_"))}
    env.update(
        DJANGO_SETTINGS_MODULE="webapp.settings",
        DJANGO_DEBUG="0",
        DJANGO_SECRET_KEY="guard-test-" + "k" * 50,
        DJANGO_ALLOWED_HOSTS="127.0.0.1,localhost,testserver",
        DJANGO_SECURE_SSL_REDIRECT="0",
        DJANGO_LOG_LEVEL="WARNING",
        DATABASE_URL=f"sqlite:///{folder / 'guard.sqlite3'}",
        KANADE_VAR_DIR=str(folder),
        CELERY_BROKER_URL=f"{redis}/0",
        REDIS_URL=f"{redis}/1",
        KANADE_JOBS_EAGER="0",
        KANADE_WORKER_WARMUP="0",
        TF_CPP_MIN_LOG_LEVEL="3",
        OPENBLAS_NUM_THREADS="1",
        PYTHONPATH=str(ROOT),
    )
    return env


@skip_unless_available(shutil.which("redis-server") is None, "redis-server is not installed")
def test_production_web_process_never_imports_tensorflow(tmp_path):
    (tmp_path / "static").mkdir()
    with own_redis(tmp_path) as (host, port):
        env = production_env(tmp_path, f"redis://{host}:{port}")
        for command in (["migrate", "--noinput", "-v", "0"], ["load_lessons"]):
            subprocess.run(
                [PYTHON, "manage.py", *command],
                cwd=ROOT,
                env=env,
                check=True,
                capture_output=True,
                timeout=300,
            )
        worker = subprocess.Popen(
            [
                PYTHON,
                "-m",
                "celery",
                "-A",
                "webapp",
                "worker",
                "--pool=solo",
                "-l",
                "info",
                "--without-gossip",
                "--without-mingle",
                "--without-heartbeat",
            ],
            cwd=ROOT,
            env=env,
            stdout=open(tmp_path / "worker.log", "wb"),  # noqa: SIM115
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
        try:
            deadline = time.monotonic() + 120
            while "ready." not in (tmp_path / "worker.log").read_text(errors="replace"):
                assert worker.poll() is None and time.monotonic() < deadline, (
                    tmp_path / "worker.log"
                ).read_text(errors="replace")[-3000:]
                time.sleep(0.2)
            web = subprocess.run(
                [PYTHON, "-c", WEB_PROCESS],
                cwd=ROOT,
                env=env,
                capture_output=True,
                text=True,
                timeout=300,
            )
        finally:
            os.killpg(worker.pid, signal.SIGTERM)
            worker.wait(30)
    assert web.returncode == 0, web.stderr[-4000:]
    report = json.loads(web.stdout.strip().splitlines()[-1])
    assert report["tensorflow"] == [], "the web process imported TensorFlow"
    assert report["unvisited"] == [], "routes the guard does not request yet"
    errors = {path: code for path, code in report["answers"].items() if code >= 500}
    assert errors == {}, errors
    first, again = report["first"], report["again"]
    assert isinstance(first, dict), f"TF graph API answered {first}"
    assert first["engine"].startswith("tensorflow ")
    # val1: 1 -> 5 -> 9 -> 13; mul = assign * 2
    assert [s["mul"] for s in first["steps"]] == [10, 18, 26]
    assert again["steps"] == first["steps"][:2] and again["nodes"] == first["nodes"]
    assert report["job_status"] == "done"
    worker_log = (tmp_path / "worker.log").read_text(errors="replace")
    assert "demos.run_tf_graph" in worker_log
