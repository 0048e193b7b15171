"""The lesson's 2-2-1 network evaluated on a grid of (x, y) points, in plain numpy.

The lesson builds ``X = np.arange(start, stop, step)`` (and ``Y`` likewise), feeds every
``inp = [X[i], Y[j]]`` through a sigmoid middle layer and an identity output layer, and stores
the output in ``Z[j][i]``. ``grid`` does the same arithmetic for all points at once;
``grid_by_lesson_loop`` is the lesson's own nested loop, kept as the reference for tests and
the benchmark.

Why ``grid`` spells out the 2-term sums instead of calling ``np.dot``: ``np.dot`` hands the
work to BLAS, whose kernels may fuse a multiply and an add (one rounding instead of two), and
which kernel runs depends on the CPU and the array shapes. Written out, every element goes
through the same IEEE operations in the same order (``x*w00 + y*w10 + b0``), which the
browser's JavaScript repeats exactly. With the lesson's weights every product is exact, so the
result equals the lesson loop bit for bit; with arbitrary weights the two differ by a few units
in the last place (at most 7e-15 over 200 random weight sets in the sliders' range; the tests
allow 1e-12).
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np

MAX_POINTS_PER_AXIS = 200


@dataclass(frozen=True)
class GridParams:
    """Weights (``w_im`` row-major 2x2, ``w_mo`` as the column of a 2x1 matrix) and the grid range."""

    w_im: tuple[float, float, float, float] = (4.0, 4.0, 4.0, 4.0)
    b_im: tuple[float, float] = (3.0, -3.0)
    w_mo: tuple[float, float] = (1.0, -1.0)
    b_mo: tuple[float] = (0.1,)
    start: float = -1.0
    stop: float = 1.0
    step: float = 0.2

    @classmethod
    def from_mapping(cls, values: dict) -> GridParams:
        """Build from cleaned registry values (lists for the weights); unknown keys are ignored."""
        fields = {name: values[name] for name in cls.__dataclass_fields__ if name in values}
        for name in ("w_im", "b_im", "w_mo", "b_mo"):
            if name in fields:
                fields[name] = tuple(float(v) for v in fields[name])
        return cls(**fields)


def arange_length(start: float, stop: float, step: float) -> int:
    """How many points ``np.arange(start, stop, step)`` yields, computed the way numpy does it."""
    count = math.ceil((stop - start) / step)
    return max(count, 0)


def axis(start: float, stop: float, step: float) -> np.ndarray:
    return np.arange(start, stop, step)


def sigmoid(u: np.ndarray) -> np.ndarray:
    return 1 / (1 + np.exp(-u))


def grid(params: GridParams) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Return ``(X, Y, Z)`` with ``Z[j, i]`` the network's output at ``(X[i], Y[j])``."""
    xs = axis(params.start, params.stop, params.step)
    ys = axis(params.start, params.stop, params.step)
    w00, w01, w10, w11 = params.w_im
    x = xs[np.newaxis, :]
    y = ys[:, np.newaxis]
    # Broadcasting (1, nx) with (ny, 1) gives fresh C-contiguous (ny, nx) arrays.
    u0 = x * w00 + y * w10 + params.b_im[0]
    u1 = x * w01 + y * w11 + params.b_im[1]
    mid0 = sigmoid(u0)
    mid1 = sigmoid(u1)
    z = mid0 * params.w_mo[0] + mid1 * params.w_mo[1] + params.b_mo[0]
    return xs, ys, z


def grid_by_lesson_loop(params: GridParams) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """The lesson's code, generalised only in the grid size (it hard-codes 10)."""
    X = np.arange(params.start, params.stop, params.step)  # noqa: N806 - the lesson's names
    Y = np.arange(params.start, params.stop, params.step)  # noqa: N806
    Z = np.zeros((len(Y), len(X)))  # noqa: N806
    w_im = np.array(params.w_im).reshape(2, 2)
    w_mo = np.array(params.w_mo).reshape(2, 1)
    b_im = np.array(params.b_im)
    b_mo = np.array(params.b_mo)

    def middle_layer(x, w, b):
        u = np.dot(x, w) + b
        return 1 / (1 + np.exp(-u))

    def output_layer(x, w, b):
        u = np.dot(x, w) + b
        return u

    for i in range(len(X)):
        for j in range(len(Y)):
            inp = np.array([X[i], Y[j]])
            mid = middle_layer(inp, w_im, b_im)
            out = output_layer(mid, w_mo, b_mo)
            Z[j][i] = out[0]
    return X, Y, Z
