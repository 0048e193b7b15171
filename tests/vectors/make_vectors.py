"""Write the test vectors shared by pytest and node --test (run from the repository root).

    .venv/bin/python tests/vectors/make_vectors.py

sigmoid_grid.json: grids computed by numpy (demos.sigmoid_grid.grid) for the lesson's
    defaults, random weight sets and awkward ranges, with matplotlib's colours for some cells.
numpy_print.json: arrays and the exact text ``print(array)`` shows, for the JS array printer.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

import matplotlib
import numpy as np
from matplotlib.colors import Normalize

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

from demos.sigmoid_grid import GridParams, grid  # noqa: E402

HERE = Path(__file__).resolve().parent

RANGES = [
    ("lesson range", -1.0, 1.0, 0.2),
    ("step 0.3", -1.0, 1.0, 0.3),
    ("0.1 to 0.35 by 0.05", 0.1, 0.35, 0.05),
    ("arange passes stop: 1 to 1.3 by 0.1", 1.0, 1.3, 0.1),
    ("0 to 0.3 by 0.1", 0.0, 0.3, 0.1),
    ("one point", 5.0, 5.1, 0.2),
    ("negative only", -7.3, -2.2, 0.45),
    ("wide", -50.0, 50.0, 3.7),
]
COLOUR_CHECKS = [
    ("gray", 0.0, 1.0),
    ("viridis", -0.5, 1.5),
    ("magma", 0.2, 0.8),
    ("coolwarm", -1.0, 1.0),
    ("jet", 0.0, 0.5),
]


def params_dict(p: GridParams) -> dict:
    return {
        "w_im": list(p.w_im),
        "b_im": list(p.b_im),
        "w_mo": list(p.w_mo),
        "b_mo": list(p.b_mo),
        "start": p.start,
        "stop": p.stop,
        "step": p.step,
    }


def grid_cases() -> list[dict]:
    rng = np.random.default_rng(20240505)
    params = [("lesson defaults", GridParams())]
    for k in range(5):
        w = np.round(rng.uniform(-10, 10, 9), 1).tolist()
        params.append(
            (f"random weights {k}", GridParams(tuple(w[:4]), tuple(w[4:6]), tuple(w[6:8]), (w[8],)))
        )
    full = rng.uniform(-10, 10, 9).tolist()  # not rounded to the slider's 0.1 steps
    params.append(
        (
            "unrounded weights",
            GridParams(tuple(full[:4]), tuple(full[4:6]), tuple(full[6:8]), (full[8],)),
        )
    )
    cases = []
    for index, (name, base) in enumerate(params):
        label, start, stop, step = RANGES[index % len(RANGES)]
        for rname, rstart, rstop, rstep in [(label, start, stop, step)] + (
            [r for r in RANGES[1:]] if index == 0 else []
        ):
            p = GridParams(base.w_im, base.b_im, base.w_mo, base.b_mo, rstart, rstop, rstep)
            xs, ys, z = grid(p)
            case = {
                "name": f"{name}, {rname}",
                "params": params_dict(p),
                "x": xs.tolist(),
                "y": ys.tolist(),
                "z": z.tolist(),
            }
            cmap_name, vmin, vmax = COLOUR_CHECKS[len(cases) % len(COLOUR_CHECKS)]
            rgba = matplotlib.colormaps[cmap_name](Normalize(vmin, vmax)(z), bytes=True)
            case["colours"] = {
                "cmap": cmap_name,
                "vmin": vmin,
                "vmax": vmax,
                "rgb": rgba[..., :3].tolist(),
            }
            cases.append(case)
    return cases


def print_cases() -> list[dict]:
    arrays = {
        "lesson arange": np.arange(-1.0, 1.0, 0.2),
        "arange 0 to 1 by 0.1": np.arange(0.0, 1.0, 0.1),
        "arange 1 to 1.3 by 0.1": np.arange(1.0, 1.3, 0.1),
        "arange ints as floats": np.arange(0.0, 5.0, 1.0),
        "arange long": np.arange(-10.0, 10.0, 0.25),
        "arange big step": np.arange(-100.0, 100.0, 7.5),
        "arange thirds": np.arange(0.0, 2.0, 1 / 3),
        "arange tiny": np.arange(0.0, 0.01, 0.001),
        "arange large": np.arange(0.0, 1e9, 1.5e8),
        "empty": np.arange(1.0, 0.0, 0.5),
        "zeros 10x10": np.zeros((10, 10)),
        "zeros 3": np.zeros(3),
        "zeros 2x3x4": np.zeros((2, 3, 4)),
        "zeros 2x2x2x2": np.zeros((2, 2, 2, 2)),
        "zeros int 3x4": np.zeros((3, 4), dtype=np.int64),
        "zeros float32 2x5": np.zeros((2, 5), dtype=np.float32),
        "zeros 1x10x10": np.zeros((1, 10, 10)),
        "zeros 40": np.zeros(40),
        "reshape 24": np.arange(1, 25),
        "reshape 4,6": np.arange(1, 25).reshape(4, 6),
        "reshape 2,3,4": np.arange(1, 25).reshape(2, 3, 4),
        "reshape 2,2,3,2": np.arange(1, 25).reshape(2, 2, 3, 2),
        "matmul lesson": np.dot(
            np.array([[0, 1, 2], [1, 2, 3]]), np.array([[2, 1], [2, 1], [2, 1]])
        ),
        "matmul negative": np.array([[-6, 3], [12, -60]]),
        "matmul floats": np.dot(
            np.array([[0.5, 1, 2], [1, 2, 3]]), np.array([[2, 1.25], [2, 1], [2, 1]])
        ),
        "negative floats": np.array([[-1.5, 2.0], [3.25, -4.0]]),
        "mixed magnitude": np.array([1e-5, 1.0, 3.0]),
        "ints long": np.arange(0, 60),
    }
    cases = []
    for name, array in arrays.items():
        kind = "int" if array.dtype.kind in "iu" else "float"
        cases.append(
            {
                "name": name,
                "kind": kind,
                "shape": list(array.shape),
                "data": array.ravel().tolist(),
                "text": str(array),
            }
        )
    # The lesson prints X with np.set_printoptions(formatter={'float': '{: 0.1f}'.format}).
    lesson_formatted = {
        "lesson formatter, lesson arange": np.arange(-1.0, 1.0, 0.2),
        "lesson formatter, quarter steps (ties round to even)": np.arange(-10.0, 10.0, 0.25),
        "lesson formatter, 2-D": np.array([[0.25, -0.75], [1.05, 2.5]]),
    }
    with np.printoptions(formatter={"float": "{: 0.1f}".format}):
        for name, array in lesson_formatted.items():
            cases.append(
                {
                    "name": name,
                    "kind": "float",
                    "formatter": "lesson",
                    "shape": list(array.shape),
                    "data": array.ravel().tolist(),
                    "text": str(array),
                }
            )
    return cases


def layout_cases() -> list[dict]:
    """np.zeros(shape, dtype, order): strides and contiguity flags."""
    cases = []
    shapes = [(3,), (10, 10), (2, 3), (1, 10), (10, 1), (2, 3, 4), (2, 1, 3), (2, 2, 3, 2), (1, 1)]
    for shape in shapes:
        for dtype in ("float64", "float32", "int64"):
            for order in ("C", "F"):
                z = np.zeros(shape, dtype=dtype, order=order)
                cases.append(
                    {
                        "shape": list(shape),
                        "dtype": dtype,
                        "order": order,
                        "itemsize": z.itemsize,
                        "strides": list(z.strides),
                        "c_contiguous": bool(z.flags["C_CONTIGUOUS"]),
                        "f_contiguous": bool(z.flags["F_CONTIGUOUS"]),
                    }
                )
    return cases


def dot_error_cases() -> list[dict]:
    """numpy's message when np.dot's shapes do not fit."""
    cases = []
    for a, b in [((2, 3), (2, 2)), ((1, 4), (3, 1)), ((3, 2), (3, 2))]:
        try:
            np.dot(np.zeros(a), np.zeros(b))
        except ValueError as error:
            cases.append({"a": list(a), "b": list(b), "message": str(error)})
    return cases


def main() -> int:
    grid_doc = {
        "generator": "tests/vectors/make_vectors.py",
        "numpy": np.__version__,
        "cases": grid_cases(),
    }
    (HERE / "sigmoid_grid.json").write_text(json.dumps(grid_doc) + "\n", encoding="utf-8")
    print_doc = {
        "generator": "tests/vectors/make_vectors.py",
        "numpy": np.__version__,
        "cases": print_cases(),
        "layouts": layout_cases(),
        "dot_errors": dot_error_cases(),
    }
    (HERE / "numpy_print.json").write_text(json.dumps(print_doc, indent=1) + "\n", encoding="utf-8")
    print(f"{len(grid_doc['cases'])} grid cases, {len(print_doc['cases'])} print cases")
    return 0


if __name__ == "__main__":
    sys.exit(main())
