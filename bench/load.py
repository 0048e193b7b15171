"""Load on the production stack over loopback: gunicorn + PostgreSQL + Redis (+ Celery workers).

1. Pages: C concurrent clients (default 200, keep-alive HTTP/1.1, asyncio) read the lesson pages
   for D seconds (default 12) from gunicorn with the production settings (DEBUG off, hashed
   static files, Redis cache). Prints requests/s, p50/p95/p99 latency and every error.
2. Generation: N jobs (default 40) submitted at the same moment by N student sessions, run
   (a) by 2 Celery workers fed from Redis, and (b) by the embedded default (one gunicorn process,
   its in-process worker thread, no broker). Real models; each runner first finishes one untimed
   job per process so loading the models is not counted. Prints the time until all are done,
   p50/p95 time to done per job, and every error.

Needs PostgreSQL on 127.0.0.1:5432 and Redis on 127.0.0.1:6379 (see tests/services_stack.py).

    .venv/bin/python bench/load.py                        # both parts
    .venv/bin/python bench/load.py --part pages --clients 200 --seconds 12
    .venv/bin/python bench/load.py --part jobs --jobs 40 --tool melody-rnn
"""

from __future__ import annotations

import argparse
import asyncio
import sys
import tempfile
import threading
import time
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from tests.services_stack import Browser, Stack, missing_services, psql  # noqa: E402

# Small jobs on purpose: the machine is shared; what is compared is the queueing, not the models.
JOB_FIELDS = {
    "melody-rnn": {"primer_melody": "[60, 62, 64]", "num_outputs": "2", "num_steps": "64"},
    "drumify": {"input_example": "bass-line"},
    "groove": {"input_example": "rock-beat"},
}


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return (
        ordered[min(len(ordered) - 1, int(round(q * (len(ordered) - 1))))]
        if ordered
        else float("nan")
    )


# --- part 1: pages ------------------------------------------------------------------------------


async def _client(
    host: str, port: int, paths: list[str], stop_at: float, offset: int, results: dict
):
    reader = writer = None
    index = offset
    while time.monotonic() < stop_at:
        path = paths[index % len(paths)]
        index += 1
        began = time.monotonic()
        try:
            if writer is None:
                reader, writer = await asyncio.open_connection(host, port)
            writer.write(
                f"GET {path} HTTP/1.1\r\nHost: 127.0.0.1\r\nAccept-Language: ja\r\n\r\n".encode()
            )
            await writer.drain()
            head = await asyncio.wait_for(reader.readuntil(b"\r\n\r\n"), 30)
            status = int(head.split(b" ", 2)[1])
            length, close = 0, False
            for line in head.split(b"\r\n")[1:]:
                name, _, value = line.partition(b":")
                if name.lower() == b"content-length":
                    length = int(value)
                elif name.lower() == b"connection" and value.strip().lower() == b"close":
                    close = True
            await asyncio.wait_for(reader.readexactly(length), 30)
            results["latencies"].append(time.monotonic() - began)
            results["status"][status] += 1
            if close:
                writer.close()
                reader = writer = None
        except (
            TimeoutError,
            OSError,
            asyncio.IncompleteReadError,
            ValueError,
            asyncio.LimitOverrunError,
        ) as error:
            results["errors"][type(error).__name__] += 1
            if writer is not None:
                writer.close()
            reader = writer = None
            await asyncio.sleep(0.05)
    if writer is not None:
        writer.close()


async def _pages(base: str, paths: list[str], clients: int, seconds: float) -> dict:
    host, port = base.removeprefix("http://").split(":")
    results = {"latencies": [], "status": Counter(), "errors": Counter()}
    stop_at = time.monotonic() + seconds
    began = time.monotonic()
    await asyncio.gather(
        *(_client(host, int(port), paths, stop_at, i, results) for i in range(clients))
    )
    results["elapsed"] = time.monotonic() - began
    return results


def lesson_paths(stack: Stack) -> list[str]:
    rows = psql(
        "SELECT c.slug || '/' || l.slug FROM courses_lesson l JOIN courses_course c ON c.id = l.course_id WHERE l.published",
        stack.name,
    ).split()
    courses = {row.split("/")[0] for row in rows}
    paths = [f"/{lang}/{row}/" for row in rows for lang in ("ja", "en")]
    paths += [f"/{lang}/{course}/" for course in courses for lang in ("ja", "en")]
    paths += ["/ja/", "/en/"]  # the course list
    if not paths:
        raise SystemExit("no published lessons were loaded")
    return paths


def run_pages(stack: Stack, clients: int, seconds: float, workers: int, threads: int) -> None:
    import subprocess

    subprocess.run(
        [sys.executable, "manage.py", "load_lessons"],
        cwd=ROOT,
        env=stack.env(),
        check=True,
        capture_output=True,
        timeout=300,
    )
    base = stack.start_web(workers=workers, threads=threads)
    paths = lesson_paths(stack)
    browser = Browser(base)
    for (
        path
    ) in paths:  # each page once, so the render cache is warm as it is after the first student
        status, _, _ = browser.request("GET", path)
        assert status == 200, (path, status)
    results = asyncio.run(_pages(base, paths, clients, seconds))
    latencies = results["latencies"]
    ok = sum(n for code, n in results["status"].items() if code == 200)
    print(
        f"\n== lesson pages: {clients} concurrent clients, {results['elapsed']:.1f} s, gunicorn {workers} workers x {threads} threads, {len(paths)} pages =="
    )
    print(
        f"requests: {len(latencies)}  ({len(latencies) / results['elapsed']:.1f} req/s), 200 OK: {ok}"
    )
    print(
        f"latency p50 {percentile(latencies, 0.5) * 1000:.0f} ms, p95 {percentile(latencies, 0.95) * 1000:.0f} ms, p99 {percentile(latencies, 0.99) * 1000:.0f} ms, max {max(latencies) * 1000:.0f} ms"
    )
    print(
        f"status codes: {dict(results['status'])}; connection errors: {dict(results['errors']) or 'none'}"
    )
    stack.stop()


# --- part 2: generation jobs --------------------------------------------------------------------


def submit_and_wait(base: str, tool: str, count: int, timeout: float) -> dict:
    """`count` students, each its own session, press Generate together and poll until done."""
    students = [Browser(base) for _ in range(count)]
    for student in students:
        student.open_tool(tool)
    barrier = threading.Barrier(count)
    outcome = {"done_s": [], "errors": [], "statuses": Counter()}
    lock = threading.Lock()

    def student_run(student: Browser) -> None:
        barrier.wait()
        began = time.monotonic()
        status, body = student.generate(tool, JOB_FIELDS[tool])
        if status != 202:
            with lock:
                outcome["errors"].append(f"POST {status}: {body.get('error')}")
            return
        job = student.wait_finished(body["id"], timeout=timeout, interval=0.5)
        with lock:
            outcome["statuses"][job["status"]] += 1
            if job["status"] == "done":
                outcome["done_s"].append(time.monotonic() - began)
            else:
                outcome["errors"].append(f"job {job['status']}: {job.get('error')}")

    began = time.monotonic()
    threads = [threading.Thread(target=student_run, args=(s,)) for s in students]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    outcome["all_s"] = time.monotonic() - began
    return outcome


def warm(base: str, tool: str, processes: int) -> None:
    """One job per runner process, untimed: each loads its model once."""
    outcome = submit_and_wait(base, tool, processes, timeout=600)
    if outcome["errors"]:
        raise SystemExit(f"warm-up failed: {outcome['errors']}")


def report_jobs(label: str, outcome: dict, count: int) -> None:
    done = outcome["done_s"]
    print(f"\n== {count} concurrent generation jobs: {label} ==")
    print(
        f"all finished in {outcome['all_s']:.1f} s; done {len(done)}/{count}; statuses {dict(outcome['statuses'])}"
    )
    if done:
        print(
            f"time to done p50 {percentile(done, 0.5):.1f} s, p95 {percentile(done, 0.95):.1f} s, max {max(done):.1f} s"
        )
    print(f"errors: {outcome['errors'] or 'none'}")


def run_jobs(workdir: Path, tool: str, count: int, celery_workers: int) -> None:
    timeout = 900
    celery = Stack(name="kanade_load_celery", workdir=workdir / "celery", debug=False, redis_db=13)
    celery.create()
    try:
        base = celery.start_web(workers=2, threads=8)
        names = [f"load{i}" for i in range(celery_workers)]
        for name in names:
            celery.start_worker(name, rule_engine=False)
        for name in names:
            celery.wait_worker_ready(name, timeout=180)
        warm(base, tool, celery_workers)
        report_jobs(
            f"{celery_workers} Celery workers (solo pool, concurrency 1 each), tool {tool}",
            submit_and_wait(base, tool, count, timeout),
            count,
        )
    finally:
        celery.drop()
    embedded = Stack(
        name="kanade_load_embedded",
        workdir=workdir / "embedded",
        debug=False,
        extra_env={"CELERY_BROKER_URL": "", "KANADE_WORKER_WARMUP": "1"},
    )
    embedded.create()
    try:
        base = embedded.start_web(workers=1, threads=8)
        warm(base, tool, 1)
        report_jobs(
            f"embedded default (1 web process, its worker thread, no broker), tool {tool}",
            submit_and_wait(base, tool, count, timeout),
            count,
        )
    finally:
        embedded.drop()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--part", choices=["pages", "jobs", "both"], default="both")
    parser.add_argument("--clients", type=int, default=200)
    parser.add_argument("--seconds", type=float, default=12.0)
    parser.add_argument("--web-workers", type=int, default=3)
    parser.add_argument("--web-threads", type=int, default=8)
    parser.add_argument("--jobs", type=int, default=40)
    parser.add_argument("--tool", choices=sorted(JOB_FIELDS), default="melody-rnn")
    parser.add_argument("--celery-workers", type=int, default=2)
    args = parser.parse_args()
    missing = missing_services()
    if missing:
        raise SystemExit(f"bench/load.py {missing}")
    with tempfile.TemporaryDirectory(prefix="kanade-load-") as folder:
        workdir = Path(folder)
        if args.part in ("pages", "both"):
            stack = Stack(name="kanade_load_pages", workdir=workdir / "pages", debug=False)
            stack.create()
            try:
                run_pages(stack, args.clients, args.seconds, args.web_workers, args.web_threads)
            finally:
                stack.drop()
        if args.part in ("jobs", "both"):
            run_jobs(workdir, args.tool, args.jobs, args.celery_workers)


if __name__ == "__main__":
    main()
