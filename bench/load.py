"""Load on the production stack over loopback: gunicorn + PostgreSQL + Redis (+ Celery workers).

1. Pages: C concurrent clients (default 200, keep-alive HTTP/1.1, asyncio) read the lesson pages
   for D seconds (default 12) from gunicorn with the production settings (DEBUG off, hashed
   static files, Redis cache). Prints requests/s, p50/p95/p99 latency and every error.
2. Generation: N jobs (default 40) submitted at the same moment by N student sessions, run
   (a) by 2 Celery workers fed from Redis, and (b) by the embedded default (one gunicorn process,
   its in-process worker thread, no broker). Real models; each runner first finishes one untimed
   job per process so loading the models is not counted. Prints the time until all are done,
   p50/p95 time to done per job, and every error.

3. Pages during a burst: C students (default 40) read the lesson pages, the demo pages and the
   demo APIs (the TF graph, the sigmoid grid) from gunicorn as configured by default
   (gunicorn.conf.py), first idle, then while ONE Celery worker runs a burst of B jobs (default
   20). Done twice in the same run: the worker at normal priority (KANADE_RUNNER_NICE=0, as before
   runners yielded) and at the default nice 10. The web processes keep their database
   connections (DATABASE_CONN_MAX_AGE=60, docs/deploy.md; --web-env to change). Prints p50/p95/max and errors of each phase and
   the resident memory of every gunicorn worker afterwards.

Needs PostgreSQL on 127.0.0.1:5432 and redis-server installed: the bench starts its own Redis on
a free port (no persistence) and never touches another Redis.

    .venv/bin/python bench/load.py                        # every part
    .venv/bin/python bench/load.py --part pages --clients 200 --seconds 12
    .venv/bin/python bench/load.py --part jobs --jobs 40 --tool melody-rnn
    .venv/bin/python bench/load.py --part burst --clients-burst 40 --burst 20
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

from bench.http_clients import pages, percentile  # noqa: E402
from tests.services_stack import POSTGRES, Browser, Stack, answers, psql  # noqa: E402

# Small jobs on purpose: the machine is shared; what is compared is the queueing, not the models.
JOB_FIELDS = {
    "melody-rnn": {"primer_melody": "[60, 62, 64]", "num_outputs": "2", "num_steps": "64"},
    "drumify": {"input_example": "bass-line"},
    "groove": {"input_example": "rock-beat"},
}


# --- part 1: pages ------------------------------------------------------------------------------


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


def runpages(stack: Stack, clients: int, seconds: float, workers: int, threads: int) -> None:
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
    results = asyncio.run(pages(base, paths, clients, seconds))
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
    celery = Stack(name="kanade_load_celery", workdir=workdir / "celery", debug=False, redis_db=1)
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


# --- part 3: pages during a generation burst -----------------------------------------------------

# What a class reads while the studio runs: lessons, demo pages, and the demo APIs the lesson's
# widgets call (TF graph traces for a few parameter sets, the sigmoid grid as JSON and PNG).
DEMO_PATHS = [
    "/ja/demos/tf-graph/",
    "/en/demos/sigmoid-grid/",
    "/api/demos/tf-graph?a=3&b=0&c=3&steps=3",
    "/api/demos/tf-graph?a=2&b=1&c=4&steps=5",
    "/api/demos/tf-graph?a=-1&b=10&c=3&steps=20",
    "/api/demos/sigmoid-grid",
    "/api/demos/sigmoid-grid.png",
]


def worker_rss_mb(master_pid: int) -> list[float]:
    """Resident memory of each gunicorn worker (the master's children)."""
    children = Path(f"/proc/{master_pid}/task/{master_pid}/children").read_text().split()
    sizes = []
    for pid in children:
        status = Path(f"/proc/{pid}/status").read_text()
        kb = next(int(line.split()[1]) for line in status.splitlines() if line.startswith("VmRSS"))
        sizes.append(kb / 1024)
    return sizes


def reportpages(label: str, results: dict) -> None:
    latencies = results["latencies"]
    print(
        f"{label}: {len(latencies)} requests in {results['elapsed']:.1f} s, "
        f"p50 {percentile(latencies, 0.5) * 1000:.0f} ms, p95 {percentile(latencies, 0.95) * 1000:.0f} ms, "
        f"max {max(latencies, default=0) * 1000:.0f} ms; status {dict(results['status'])}; "
        f"errors {dict(results['errors']) or 'none'}"
    )
    slowest = sorted(results["by_path"].items(), key=lambda item: -percentile(item[1], 0.95))[:3]
    print(
        "    slowest p95: "
        + "; ".join(f"{path} {percentile(times, 0.95) * 1000:.0f} ms" for path, times in slowest)
    )


def pages_during_burst(base: str, paths: list[str], clients: int, jobs: int, tool: str) -> None:
    outcome: dict = {}

    def burst() -> None:
        outcome.update(submit_and_wait(base, tool, jobs, timeout=900))

    runner = threading.Thread(target=burst)
    runner.start()
    results = asyncio.run(pages(base, paths, clients, 0, until=lambda: not runner.is_alive()))
    runner.join()
    reportpages(f"  {clients} students during the burst", results)
    print(
        f"  burst: {len(outcome['done_s'])}/{jobs} done in {outcome['all_s']:.1f} s; "
        f"errors {outcome['errors'] or 'none'}"
    )


def run_burst(
    workdir: Path,
    clients: int,
    jobs: int,
    seconds: float,
    tool: str,
    runner_envs: list[str],
    web_env: dict[str, str],
) -> None:
    import multiprocessing
    import subprocess

    stack = Stack(
        name="kanade_load_burst", workdir=workdir / "burst", debug=False, extra_env=web_env
    )
    stack.create()
    try:
        subprocess.run(
            [sys.executable, "manage.py", "load_lessons"],
            cwd=ROOT,
            env=stack.env(),
            check=True,
            capture_output=True,
            timeout=300,
        )
        # gunicorn.conf.py's defaults for this machine.
        workers, threads = min(8, multiprocessing.cpu_count() * 2 + 1), 4
        base = stack.start_web(workers=workers, threads=threads)
        master = stack.processes[-1].pid
        paths = lesson_paths(stack) + DEMO_PATHS
        print(
            f"\n== {clients} students on {len(paths)} lesson/demo pages and APIs; gunicorn "
            f"{workers} workers x {threads} threads {web_env or ''}; one Celery worker runs {jobs} {tool} jobs =="
        )
        for index, setting in enumerate(runner_envs):
            name = f"burst-{index}"
            env = dict(pair.split("=", 1) for pair in setting.split(",") if pair)
            worker = stack.start_worker(name, rule_engine=False, **env)
            stack.wait_worker_ready(name, timeout=180)
            warm(base, tool, 1)
            browser = Browser(base)
            for path in paths:  # each once: render cache and TF graph traces as after one student
                status, _, _ = browser.request("GET", path, timeout=60)
                assert status == 200, (path, status)
            print(f"runner with {setting or 'no extra settings'}:")
            reportpages(
                f"  {clients} students, idle", asyncio.run(pages(base, paths, clients, seconds))
            )
            pages_during_burst(base, paths, clients, jobs, tool)
            worker.terminate()
            worker.wait(60)
        sizes = worker_rss_mb(master)
        print(
            f"gunicorn workers' resident memory after the load: {', '.join(f'{mb:.0f} MB' for mb in sizes)}"
        )
    finally:
        stack.drop()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--part", choices=["pages", "jobs", "burst", "all"], default="all")
    parser.add_argument("--clients", type=int, default=200)
    parser.add_argument("--seconds", type=float, default=12.0)
    parser.add_argument("--web-workers", type=int, default=3)
    parser.add_argument("--web-threads", type=int, default=8)
    parser.add_argument("--jobs", type=int, default=40)
    parser.add_argument("--tool", choices=sorted(JOB_FIELDS), default="melody-rnn")
    parser.add_argument("--celery-workers", type=int, default=2)
    parser.add_argument("--clients-burst", type=int, default=40, help="students during the burst")
    parser.add_argument("--burst", type=int, default=20, help="jobs in the burst")
    parser.add_argument(
        "--runner-env",
        nargs="+",
        default=["KANADE_RUNNER_NICE=0", ""],
        help="one burst per item, the worker started with these K=V,K=V settings "
        "(default: at normal priority as before, then as configured by default)",
    )
    parser.add_argument(
        "--web-env",
        nargs="*",
        default=["DATABASE_CONN_MAX_AGE=60"],
        help="K=V settings of the burst part's deployment (default: docs/deploy.md's advice)",
    )
    args = parser.parse_args()
    if not answers(POSTGRES):
        raise SystemExit(f"bench/load.py needs PostgreSQL on {POSTGRES[0]}:{POSTGRES[1]}")
    # Every Stack below starts a Redis of its own (tests/services_redis.py) and never touches
    # another one.
    with tempfile.TemporaryDirectory(prefix="kanade-load-") as folder:
        workdir = Path(folder)
        if args.part in ("pages", "all"):
            stack = Stack(name="kanade_load_pages", workdir=workdir / "pages", debug=False)
            stack.create()
            try:
                runpages(stack, args.clients, args.seconds, args.web_workers, args.web_threads)
            finally:
                stack.drop()
        if args.part in ("jobs", "all"):
            run_jobs(workdir, args.tool, args.jobs, args.celery_workers)
        if args.part in ("burst", "all"):
            run_burst(
                workdir,
                args.clients_burst,
                args.burst,
                args.seconds,
                args.tool,
                args.runner_env,
                dict(pair.split("=", 1) for pair in args.web_env),
            )


if __name__ == "__main__":
    main()
