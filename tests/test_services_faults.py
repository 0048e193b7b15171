"""Faults on real processes: kill -9 of the embedded default's server mid-job, the broker's Redis
restarted empty, and a client flooding the studio while a class works.

Runs with the other services tests (PostgreSQL on 127.0.0.1:5432; each stack starts a Redis of
its own on a free port, without persistence, and never touches another). The models are the
rule-based stand-in (tests/studio_support.py), slowed down where a job must be caught mid-run.
"""

from __future__ import annotations

import os
import signal
import subprocess
import time

import pytest

from tests.ci import skip_unless_available
from tests.services_stack import Browser, Stack, free_port, missing_services, psql

_missing = missing_services()
needs_services = skip_unless_available(_missing is not None, f"services: {_missing}")
pytestmark = [pytest.mark.services, needs_services]

MELODY = {"primer_melody": "[60, 62, 64]", "num_outputs": "2", "num_steps": "32", "seed": "7"}
ONE_SET = {f"variation-{n}.{ext}" for n in (1, 2) for ext in ("mid", "ogg")}
LEASE_S = int(os.environ.get("KANADE_TEST_LEASE_S", "4"))  # 15: the production default
FAST = {"KANADE_JOB_LEASE_S": str(LEASE_S), "KANADE_JOB_RESEND_S": "3"}
BOUND_S = 2 * LEASE_S + 22  # a lease + a sweep + a run, with room for a loaded machine


@pytest.fixture(scope="module")
def stack(tmp_path_factory):
    stack = Stack(
        name=f"kanade_faults_{os.getpid()}",
        workdir=tmp_path_factory.mktemp("faults"),
        extra_env=FAST,
    )
    stack.create()
    try:
        yield stack
    finally:
        stack.drop()


def wait_for(predicate, timeout: float, what: str):
    deadline = time.monotonic() + timeout
    while not (value := predicate()):
        assert time.monotonic() < deadline, f"timed out waiting for {what}"
        time.sleep(0.2)
    return value


def abandon_unfinished(stack: Stack) -> None:
    """Leave no queued or running job to the next test (the flood's backlog, a slowed-down run)."""
    psql("UPDATE courses_generationjob SET status = 'failed' WHERE status <> 'done'", stack.name)


def files_of(stack: Stack, job_id: str) -> set[str]:
    folder = stack.workdir / "media" / "studio" / job_id
    return {str(p.relative_to(folder)) for p in folder.rglob("*") if p.is_file()}


def test_kill_9_of_runserver_mid_job_the_restarted_server_finishes_it(stack):
    port = free_port()
    doomed = stack.start_embedded(port, audio_delay_s=120)  # killed while rendering audio
    student = Browser(f"http://127.0.0.1:{port}")
    student.open_tool("melody-rnn")
    status, body = student.generate("melody-rnn", MELODY)
    assert status == 202, body
    job_id = body["id"]
    media = stack.workdir / "media" / "studio" / job_id
    wait_for(lambda: list(media.glob("attempt-*/*.mid")), 60, "the run to write its MIDI files")
    os.killpg(doomed.pid, signal.SIGKILL)
    doomed.wait(10)
    restarted = stack.start_embedded(port)
    up_at = time.monotonic()
    try:
        job = student.wait_finished(job_id, timeout=BOUND_S)
        took = time.monotonic() - up_at
        assert job["status"] == "done", f"{job['status']} {took:.0f} s after the restart"
        assert any("again from the start" in n for n in job["notices"]), job["notices"]
        assert len(job["outputs"]) == 2
        assert files_of(stack, job_id) == ONE_SET  # nothing left of the killed run
        print(f"runserver kill -9 → done {took:.1f} s after the server was back")
    finally:
        os.killpg(restarted.pid, signal.SIGTERM)
        restarted.wait(15)


def test_jobs_queued_in_a_redis_that_restarts_empty_still_finish(stack):
    web = stack.start_web()
    student = Browser(web)
    student.open_tool("melody-rnn")
    ids = []
    for seed in ("1", "2", "3"):
        status, body = student.generate("melody-rnn", {**MELODY, "seed": seed})
        assert status == 202, body
        ids.append(body["id"])
    stack.redis.restart_empty()  # no worker has seen them: their messages are gone
    worker = stack.start_worker("after-restart")
    try:
        stack.wait_worker_ready("after-restart")
        for job_id in ids:
            job = student.wait_finished(job_id, timeout=BOUND_S)
            assert job["status"] == "done", job
        assert "re-sent" in stack.log("worker-after-restart.log")
    finally:
        worker.send_signal(signal.SIGTERM)
        worker.wait(30)


def test_a_flooding_client_does_not_keep_the_class_from_its_results(stack):
    web = stack.start_web(
        KANADE_TRUSTED_PROXY_HEADER="X-Forwarded-For",
        KANADE_STUDIO_ADDRESS_RATE_LIMIT="30",
        KANADE_STUDIO_MAX_QUEUED_PER_CLIENT="10",
    )
    worker = stack.start_worker("fair", delay_s=0.3)
    try:
        stack.wait_worker_ready("fair")
        flooder = Browser(web)
        flooder.open_tool("melody-rnn")
        answers = []
        for n in range(60):  # no session cookie: a fresh session every time, one address
            flooder.jar.clear(domain="127.0.0.1", path="/", name="sessionid")
            status, body = flooder.generate(
                "melody-rnn", {**MELODY, "seed": str(n)}, {"X-Forwarded-For": "203.0.113.66"}
            )
            answers.append((status, body.get("code")))
        accepted = sum(status == 202 for status, _ in answers)
        assert 0 < accepted <= 30, answers  # at most the address's window, whatever the session
        assert {code for status, code in answers if status != 202} <= {
            "network_too_many_waiting",
            "address_rate_limited",
        }, answers
        classmates = [Browser(web) for _ in range(5)]
        for student in classmates:
            student.open_tool("melody-rnn")
        students = []
        for n, student in enumerate(classmates):  # all at once, as a class presses Generate
            status, body = student.generate(
                "melody-rnn", MELODY, {"X-Forwarded-For": f"198.51.100.{n + 1}"}
            )
            assert status == 202, body
            students.append((student, body["id"]))
        started = time.monotonic()
        for student, job_id in students:
            assert student.wait_finished(job_id, timeout=BOUND_S)["status"] == "done"
        took = time.monotonic() - started
        # They took their turns before the flood's backlog: between the first student's
        # submission and the last student's start, at most the flood job already running (and
        # one more on a slow machine) started.
        ids = ",".join(f"'{job_id}'" for _, job_id in students)
        flood_in_between = psql(
            "SELECT count(*) FROM courses_generationjob WHERE id NOT IN (" + ids + ") AND "
            "started_at > (SELECT min(created_at) FROM courses_generationjob WHERE id IN ("
            + ids
            + ")) AND started_at < (SELECT max(started_at) FROM courses_generationjob "
            "WHERE id IN (" + ids + "))",
            stack.name,
        )
        assert int(flood_in_between) <= 2, flood_in_between
        print(f"flood: {accepted}/60 accepted; 5 students done in {took:.1f} s, "
              f"{flood_in_between} flood job(s) started in between")  # fmt: skip
    finally:
        worker.send_signal(signal.SIGTERM)
        worker.wait(30)
        abandon_unfinished(stack)


def test_kill_9_of_a_prefork_pool_child_its_job_is_run_again_first(stack):
    web = stack.start_web()
    worker = stack.start_worker("prefork", pool="prefork", audio_delay_s=120)
    try:
        stack.wait_worker_ready("prefork")
        student = Browser(web)
        student.open_tool("melody-rnn")
        status, body = student.generate("melody-rnn", MELODY)
        assert status == 202, body
        job_id = body["id"]
        media = stack.workdir / "media" / "studio" / job_id
        wait_for(lambda: list(media.glob("attempt-*/*.mid")), 60, "the child to write its MIDI")
        children = subprocess.run(
            ["pgrep", "-P", str(worker.pid)], capture_output=True, text=True
        ).stdout.split()
        assert children, "no pool child"
        for child in children:
            os.kill(int(child), signal.SIGKILL)
        killed_at = time.monotonic()
        # The main process forks a new child, which runs the job again (slowly: its audio is
        # delayed too), so wait for the second run to start rather than to finish.
        row = wait_for(
            lambda: (
                (r := stack.job_row(job_id))
                and r["attempts"] == 2
                and r["status"] == "running"
                and r
            ),
            BOUND_S,
            "the second run",
        )
        took = time.monotonic() - killed_at
        # Students read "run again from the start" from the attempts counter (row["attempts"]).
        assert row["attempts"] == 2
        print(f"pool child kill -9 → run again {took:.1f} s later")
    finally:
        os.killpg(worker.pid, signal.SIGKILL)
        worker.wait(15)
        # Its second run was slowed down on purpose: leave no job behind for the next test.
        psql(
            "UPDATE courses_generationjob SET status = 'failed' WHERE status <> 'done'", stack.name
        )
