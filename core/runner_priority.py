"""Job runners yield the CPU to web processes: generation is a batch job, a page is not.

On a small machine a generation burst (TensorFlow on every core, then one FluidSynth render per
variation) otherwise leaves students' page requests waiting seconds for a core. Runner processes
lower their scheduling priority (``nice``, ``KANADE_RUNNER_NICE``, default 10; 0 leaves it):
they still use every idle cycle, but a web request that wants a core gets it first.

Linux keeps the nice value per thread and a new thread inherits its creator's, so every thread
the process already has is lowered, and TensorFlow's thread pools and the audio render processes
started later inherit the lower priority.
"""

from __future__ import annotations

import logging
import os

from core.env import envint

logger = logging.getLogger(__name__)


def runner_nice() -> int:
    return envint("KANADE_RUNNER_NICE", 10, minimum=0, maximum=19)


def _thread_ids() -> list[int]:
    try:
        return [int(tid) for tid in os.listdir("/proc/self/task")]
    except OSError:  # not Linux: the process-wide value is all there is
        return [0]


def lower_thread_priority(thread_id: int = 0) -> None:
    """Lower one thread (0: the calling one) to the runner's nice value; never raise it."""
    target = runner_nice()
    try:
        if os.getpriority(os.PRIO_PROCESS, thread_id) < target:
            os.setpriority(os.PRIO_PROCESS, thread_id, target)
    except OSError as error:
        logger.warning("could not lower the priority of thread %s: %s", thread_id, error)


def lower_process_priority() -> None:
    """Lower every thread of this process (a Celery worker at start)."""
    if runner_nice() == 0:
        return
    for thread_id in _thread_ids():
        lower_thread_priority(thread_id)
    logger.info("job runner running at nice %d", os.getpriority(os.PRIO_PROCESS, 0))
