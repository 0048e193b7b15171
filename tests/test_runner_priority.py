"""Job runners lower the CPU priority of every thread they have and every one they start later."""

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]

SCRIPT = r"""
import os, subprocess, sys, threading, time
from core.runner_priority import lower_process_priority

stop = threading.Event()
earlier = threading.Thread(target=stop.wait)  # like Celery's own threads, started before
earlier.start()
lower_process_priority()
later = {}
thread = threading.Thread(target=lambda: later.update(nice=os.getpriority(os.PRIO_PROCESS, 0)))
thread.start(); thread.join()
child = subprocess.run([sys.executable, "-c", "import os; print(os.nice(0))"],
                       capture_output=True, text=True).stdout.strip()
tids = [int(t) for t in os.listdir("/proc/self/task")]
print(sorted({os.getpriority(os.PRIO_PROCESS, t) for t in tids}), later["nice"], child)
stop.set()
"""


def run(nice: str) -> str:
    env = {**os.environ, "KANADE_RUNNER_NICE": nice, "PYTHONPATH": str(ROOT)}
    out = subprocess.run(
        [sys.executable, "-c", SCRIPT], capture_output=True, text=True, env=env, check=True
    )
    return out.stdout.strip()


def test_every_thread_and_child_runs_at_the_runner_nice_value():
    base = os.nice(0)
    target = max(base, 7)
    assert run(str(target)) == f"[{target}] {target} {target}"


def test_zero_leaves_the_priority_alone():
    base = os.nice(0)
    assert run("0") == f"[{base}] {base} {base}"
