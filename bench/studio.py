"""40 students press Generate at once: the studio's embedded default under load.

Starts a real server process (``runserver``, threaded, no reloader) on a throw-away SQLite
database and media folder; the server's own worker thread runs the jobs with models loaded
once. Then: one untimed warm-up job per tool (loads each model), and N concurrent clients, each
its own browser session (page GET for the CSRF cookie, POST /api/generate/<tool> with the tool's
default controls, poll /api/jobs/<id> on the page's schedule). Prints p50/p95/max time from POST
to done, the server's own timings (queue wait, inference, audio), and every error.

    .venv/bin/python bench/studio.py                          # 40 requests over the available tools
    .venv/bin/python bench/studio.py --requests 40 --tools melody-rnn,drumify
    .venv/bin/python bench/studio.py --checkpoints /path/to/checkpoints   # weights not yet committed
"""

from __future__ import annotations

import argparse
import http.cookiejar
import json
import os
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.error
import urllib.request
import uuid
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

# Inputs per tool: the examples a student would pick; every other control keeps its default.
TOOL_FIELDS = {
    "generate": {"type": "drums"},
    "continue": {"type": "melody", "input_example": "melody"},
    "interpolate": {
        "type": "drums",
        "input_a_example": "rock-beat",
        "input_b_example": "funk-beat",
    },
    "groove": {"input_example": "rock-beat"},
    "drumify": {"input_example": "bass-line"},
    "melody-rnn": {"primer_melody": "[60]"},
}


BACKLOG = 128
JOB_DEADLINE_S = 300  # a job not finished by then counts as an error (and the run goes on)


def serve(port: int, checkpoints: str | None, backlog: int) -> None:
    """The server process: Django with the embedded worker, optionally other checkpoints."""
    import django

    django.setup()
    if checkpoints:
        from inference.shared import checkpoints as checkpoint_files

        checkpoint_files.CHECKPOINT_ROOT = Path(checkpoints)
    from django.core.management import call_command
    from django.core.servers.basehttp import WSGIServer

    # runserver listens with a backlog of 10: 40 students connecting at once get resets.
    # A deployment's server (gunicorn: 2048) queues them; so does this benchmark's.
    WSGIServer.request_queue_size = backlog
    call_command("migrate", verbosity=0, interactive=False)
    call_command("runserver", f"127.0.0.1:{port}", use_reloader=False, verbosity=0)


class Student:
    def __init__(self, base: str):
        self.base = base
        self.cookies = http.cookiejar.CookieJar()
        self.opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(self.cookies))

    def get(self, path: str):
        with self.opener.open(self.base + path, timeout=120) as response:
            return response.status, response.read()

    def csrf(self) -> str:
        return next(c.value for c in self.cookies if c.name == "csrftoken")

    def post_form(self, path: str, fields: dict) -> tuple[int, dict]:
        boundary = uuid.uuid4().hex
        body = (
            b"".join(
                f'--{boundary}\r\nContent-Disposition: form-data; name="{k}"\r\n\r\n{v}\r\n'.encode()
                for k, v in fields.items()
            )
            + f"--{boundary}--\r\n".encode()
        )
        request = urllib.request.Request(
            self.base + path,
            data=body,
            headers={
                "Content-Type": f"multipart/form-data; boundary={boundary}",
                "X-CSRFToken": self.csrf(),
                "Referer": self.base + "/",
            },
        )
        try:
            with self.opener.open(request, timeout=120) as response:
                return response.status, json.loads(response.read())
        except urllib.error.HTTPError as error:
            return error.code, json.loads(error.read() or b"{}")


def run_one(base: str, tool: str, results: list, start_gate: threading.Event) -> None:
    student = Student(base)
    record = {"tool": tool}
    try:
        student.get(f"/en/studio/{tool}/")  # session + CSRF cookie, like opening the page
        start_gate.wait()
        began = time.monotonic()
        status, body = student.post_form(f"/api/generate/{tool}", TOOL_FIELDS[tool])
        record["post_s"] = time.monotonic() - began
        if status != 202:
            record["error"] = f"POST {status}: {body.get('error')}"
            return
        interval = 0.4  # the page's schedule (static/studio/poll.js): 400 ms, ×1.5, at most 2 s
        while True:
            _, raw = student.get(body["url"])
            job = json.loads(raw)
            if job["status"] in ("done", "failed"):
                break
            if time.monotonic() - began > JOB_DEADLINE_S:
                record["error"] = f"still {job['status']} after {JOB_DEADLINE_S} s"
                return
            time.sleep(interval)
            interval = min(2.0, interval * 1.5)
        record["done_s"] = time.monotonic() - began
        record["timings"] = job["timings"]
        record["outputs"] = len(job["outputs"])
        if job["status"] != "done":
            record["error"] = f"job failed: {job['error']}"
    except Exception as error:  # noqa: BLE001 - a benchmark reports every failure, never stops
        record["error"] = f"{type(error).__name__}: {error}"
    finally:
        results.append(record)


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, max(0, round(q / 100 * len(ordered) + 0.5) - 1))]


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def wait_for(base: str, seconds: float = 60.0) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            urllib.request.urlopen(base + "/healthz", timeout=2).read()
            return
        except OSError:
            time.sleep(0.3)
    raise SystemExit("the server did not start")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--requests", type=int, default=40)
    parser.add_argument("--tools", default="", help="comma-separated (default: every available)")
    parser.add_argument("--checkpoints", help="checkpoint folder instead of inference/checkpoints")
    parser.add_argument(
        "--backlog", type=int, default=BACKLOG, help="listen backlog (runserver: 10)"
    )
    parser.add_argument("--serve", type=int, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.serve:
        serve(args.serve, args.checkpoints, args.backlog)
        return 0

    work = Path(tempfile.mkdtemp(prefix="kanade-bench-studio-"))
    port = free_port()
    env = os.environ | {
        "DJANGO_SETTINGS_MODULE": "webapp.settings",
        "DJANGO_DEBUG": "1",
        "DATABASE_URL": f"sqlite:///{work / 'bench.sqlite3'}",
        "DJANGO_MEDIA_ROOT": str(work / "media"),
        "KANADE_STUDIO_RATE_LIMIT": "1000",
        "OPENBLAS_NUM_THREADS": "1",
        "DJANGO_LOG_LEVEL": "WARNING",
    }
    command = [sys.executable, __file__, "--serve", str(port), "--backlog", str(args.backlog)]
    if args.checkpoints:
        command += ["--checkpoints", args.checkpoints]
    log = open(work / "server.log", "w")  # noqa: SIM115 - closed after the server stops
    server = subprocess.Popen(command, cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT)
    base = f"http://127.0.0.1:{port}"
    try:
        wait_for(base)
        catalog = json.loads(Student(base).get("/api/studio/catalog?lang=en")[1])
        wanted = [t for t in args.tools.split(",") if t] or [t["slug"] for t in catalog["tools"]]
        tools = []
        for tool in wanted:  # warm-up: one untimed job per tool loads its model
            warm: list = []
            gate = threading.Event()
            gate.set()
            run_one(base, tool, warm, gate)
            if "error" in warm[0] and "not yet available" in warm[0]["error"]:
                print(f"skip {tool}: {warm[0]['error']}")
                continue
            if "error" in warm[0]:
                print(f"warm-up {tool} failed: {warm[0]['error']}")
            else:
                print(f"warm-up {tool}: done in {warm[0]['done_s']:.2f} s (loads the model)")
            tools.append(tool)
        if not tools:
            print("No tool has a model on this server; nothing to measure.")
            return 1

        results: list = []
        gate = threading.Event()
        threads = [
            threading.Thread(target=run_one, args=(base, tools[i % len(tools)], results, gate))
            for i in range(args.requests)
        ]
        for thread in threads:
            thread.start()
        time.sleep(1.0)  # every student has the page open
        began = time.monotonic()
        gate.set()
        for thread in threads:
            thread.join()
        wall = time.monotonic() - began
        report(results, tools, wall, args.requests, args.backlog)
        return 0 if all("error" not in r for r in results) else 1
    finally:
        server.terminate()
        server.wait(timeout=30)
        log.close()


def report(results: list, tools: list[str], wall: float, requests: int, backlog: int) -> None:
    done = [r for r in results if "error" not in r]
    errors = [r for r in results if "error" in r]
    print(f"\n{requests} concurrent generate requests over {', '.join(tools)}")
    print(f"server: runserver (threaded, listen backlog {backlog}) + embedded worker thread")
    print(f"completed {len(done)}/{requests}, errors {len(errors)}, wall {wall:.1f} s")
    if done:
        times = [r["done_s"] for r in done]
        posts = [r["post_s"] for r in done]
        print(
            f"time to done  p50 {percentile(times, 50):.2f} s  p95 {percentile(times, 95):.2f} s"
            f"  max {max(times):.2f} s"
        )
        print(
            f"POST answer   p50 {percentile(posts, 50) * 1000:.0f} ms  p95 {percentile(posts, 95) * 1000:.0f} ms"
        )
        for key in ("queued_s", "inference_s", "audio_s"):
            values = [r["timings"].get(key, 0.0) for r in done]
            print(
                f"server {key:<12} median {statistics.median(values):.2f} s  max {max(values):.2f} s"
            )
        print("per tool (median time to done, outputs):")
        for tool in tools:
            mine = [r for r in done if r["tool"] == tool]
            if mine:
                median = statistics.median(r["done_s"] for r in mine)
                print(
                    f"  {tool:<12} n={len(mine):<3} {median:6.2f} s  {mine[0]['outputs']} outputs"
                )
    for record in errors:
        print(f"ERROR {record['tool']}: {record['error']}")


if __name__ == "__main__":
    sys.exit(main())
