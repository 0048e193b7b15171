"""TensorFlow's thread pools, set once per process before the first op runs.

Serving (the CLI, the web workers) reads ``INFERENCE_THREADS`` (default 1: many small requests,
a small shared machine); training takes ``--threads``. Either way one inter-op thread.
"""

from __future__ import annotations

import os


def set_threads(intra_op: int) -> None:
    """Intra-op threads as asked, one inter-op thread; a no-op once TensorFlow is running in this
    process (the host process, or an earlier training under pytest), which cannot change them."""
    import tensorflow as tf

    try:
        tf.config.threading.set_intra_op_parallelism_threads(intra_op)
        tf.config.threading.set_inter_op_parallelism_threads(1)
    except RuntimeError:
        pass


def set_inference_threads() -> None:
    """``INFERENCE_THREADS`` (default 1) intra-op threads for serving."""
    set_threads(int(os.environ.get("INFERENCE_THREADS", "1")))
