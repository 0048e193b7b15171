"""The sigmoid-grid maths and its API: equal to the lesson's loop, strict about bad parameters."""

import json
import struct
from pathlib import Path

import numpy as np
import pytest

from demos import sigmoid_grid
from demos.grid_png import PNG_SIZE
from demos.registry import PresetError
from demos.sigmoid_grid import GridParams, arange_length, grid, grid_by_lesson_loop

VECTORS = json.loads((Path(__file__).parent / "vectors" / "sigmoid_grid.json").read_text())
URL = "/api/demos/sigmoid-grid"


def lesson_code_verbatim():
    """The lesson's program as printed in the slides (minus plotting), to pin the defaults."""
    X = np.arange(-1.0, 1.0, 0.2)  # noqa: N806
    Y = np.arange(-1.0, 1.0, 0.2)  # noqa: N806
    Z = np.zeros((10, 10))  # noqa: N806
    w_im = np.array([[4.0, 4.0], [4.0, 4.0]])
    w_mo = np.array([[1.0], [-1.0]])
    b_im = np.array([3.0, -3.0])
    b_mo = np.array([0.1])

    def middle_layer(x, w, b):
        u = np.dot(x, w) + b
        return 1 / (1 + np.exp(-u))

    def output_layer(x, w, b):
        u = np.dot(x, w) + b
        return u

    for i in range(10):
        for j in range(10):
            inp = np.array([X[i], Y[j]])
            mid = middle_layer(inp, w_im, b_im)
            out = output_layer(mid, w_mo, b_mo)
            Z[j][i] = out[0]
    return X, Y, Z


def random_params(seed: int) -> GridParams:
    rng = np.random.default_rng(seed)
    weights = np.round(rng.uniform(-10, 10, 9), 1).tolist()
    return GridParams(
        w_im=tuple(weights[:4]),
        b_im=tuple(weights[4:6]),
        w_mo=tuple(weights[6:8]),
        b_mo=(weights[8],),
        start=float(np.round(rng.uniform(-3, 0), 2)),
        stop=float(np.round(rng.uniform(0.5, 3), 2)),
        step=float(np.round(rng.uniform(0.05, 0.3), 3)),
    )


def query(params: GridParams) -> dict:
    return {
        "w_im": ",".join(map(repr, params.w_im)),
        "b_im": ",".join(map(repr, params.b_im)),
        "w_mo": ",".join(map(repr, params.w_mo)),
        "b_mo": repr(params.b_mo[0]),
        "start": repr(params.start),
        "stop": repr(params.stop),
        "step": repr(params.step),
    }


def test_default_response_equals_the_lesson_code_exactly(client):
    X, Y, Z = lesson_code_verbatim()  # noqa: N806
    body = client.get(URL).json()
    assert body["x"] == X.tolist()
    assert body["y"] == Y.tolist()
    assert body["z"] == Z.tolist()  # exact float equality, cell by cell
    assert len(body["x"]) == 10 and len(body["z"]) == 10 and len(body["z"][0]) == 10


@pytest.mark.parametrize("seed", range(8))
def test_random_weights_match_the_lesson_loop(client, seed):
    params = random_params(seed)
    X, Y, Z = grid_by_lesson_loop(params)  # noqa: N806
    body = client.get(URL, query(params)).json()
    assert body["x"] == X.tolist() and body["y"] == Y.tolist()
    # np.dot may fuse multiply-adds in BLAS; the vectorised sums round twice (see sigmoid_grid.py).
    np.testing.assert_allclose(np.array(body["z"]), Z, rtol=0, atol=1e-12)


def test_vectorised_grid_is_the_loop_for_odd_ranges():
    for start, stop, step in [
        (-1.0, 1.0, 0.3),
        (0.1, 0.35, 0.05),
        (-2.5, 2.5, 0.7),
        (5.0, 5.1, 0.2),
    ]:
        params = GridParams(start=start, stop=stop, step=step)
        gx, gy, gz = grid(params)
        lx, ly, lz = grid_by_lesson_loop(params)
        assert gx.tolist() == lx.tolist() and gz.shape == lz.shape
        np.testing.assert_array_equal(gz, lz)  # default weights: products are exact


def test_arange_length_is_numpys():
    rng = np.random.default_rng(7)
    for _ in range(2000):
        start, stop = np.round(rng.uniform(-100, 100, 2), int(rng.integers(0, 4)))
        step = float(np.round(rng.uniform(0.001, 5), int(rng.integers(1, 4))))
        if step <= 0:
            continue
        assert arange_length(float(start), float(stop), step) == len(np.arange(start, stop, step))


def test_shared_vectors_agree_with_numpy():
    assert len(VECTORS["cases"]) >= 6
    for case in VECTORS["cases"]:
        params = GridParams.from_mapping(case["params"])
        xs, ys, z = grid(params)
        assert xs.tolist() == case["x"], case["name"]
        np.testing.assert_allclose(z, np.array(case["z"]), rtol=0, atol=1e-9, err_msg=case["name"])


def test_api_accepts_explicit_defaults_and_display_params(client):
    response = client.get(URL, {"w_im": "4,4,4,4", "b_mo": "0.1", "cmap": "magma", "vmax": "2"})
    assert response.status_code == 200
    assert response.json()["z"] == lesson_code_verbatim()[2].tolist()


def test_200_points_per_axis_is_allowed(client):
    body = client.get(URL, {"start": "0", "stop": "2", "step": "0.01"}).json()
    assert len(body["x"]) == 200 and len(body["z"]) == 200 and len(body["z"][199]) == 200


BAD = [
    ({"w_im": "1,2,3"}, "w_im"),
    ({"w_im": "1,2,3,4,5"}, "w_im"),
    ({"w_im": "a,b,c,d"}, "w_im"),
    ({"w_im": "1,2,,4"}, "w_im"),
    ({"b_im": "3"}, "b_im"),
    ({"b_im": "nan,1"}, "b_im"),
    ({"w_mo": "1,inf"}, "w_mo"),
    ({"w_mo": "1,1e400"}, "w_mo"),
    ({"b_mo": "0.1,0.2"}, "b_mo"),
    ({"b_mo": "11"}, "b_mo"),
    ({"start": "x"}, "start"),
    ({"start": "NaN"}, "start"),
    ({"stop": "-Infinity"}, "stop"),
    ({"stop": "1_0"}, "stop"),
    ({"step": "0"}, "step"),
    ({"step": "-0.2"}, "step"),
    ({"step": "0.001"}, "step"),  # 2000 points per axis
    ({"start": "-1", "stop": "1", "step": "0.0099"}, "step"),  # 203 points
    ({"stop": "-1"}, "stop"),  # empty range
    ({"cmap": "hot"}, "cmap"),
    ({"vmin": "1", "vmax": "1"}, "vmin"),
    ({"vmin": "2"}, "vmin"),
    ({"vmax": "abc"}, "vmax"),
    ({"colour": "red"}, "colour"),
]


@pytest.mark.parametrize(("params", "name"), BAD, ids=[f"{k}-{i}" for i, (k, _) in enumerate(BAD)])
@pytest.mark.parametrize("url", [URL, URL + ".png"])
def test_bad_parameters_get_400_naming_the_parameter(client, url, params, name):
    response = client.get(url, params)
    assert response.status_code == 400
    assert response["Content-Type"] == "application/json"
    assert name in response.json()["error"]


def test_repeated_parameter_is_refused(client):
    response = client.get(URL + "?step=0.2&step=0.1")
    assert response.status_code == 400 and "step" in response.json()["error"]


def test_png_is_a_png_of_the_right_size(client):
    response = client.get(URL + ".png", {"cmap": "viridis", "vmin": "-0.5", "vmax": "1.5"})
    assert response.status_code == 200
    assert response["Content-Type"] == "image/png"
    png = response.content
    assert png[:8] == b"\x89PNG\r\n\x1a\n"
    assert png[12:16] == b"IHDR"
    width, height = struct.unpack(">II", png[16:24])
    assert (width, height) == PNG_SIZE


def test_png_shows_the_grid_with_the_colormap(client):
    """The gray default draws the lesson's dark/light pattern: the image is not uniform."""
    import io

    from matplotlib.image import imread

    image = imread(io.BytesIO(client.get(URL + ".png").content))
    assert image.shape[:2] == (PNG_SIZE[1], PNG_SIZE[0])
    centre = image[100:380, 100:420, :3]
    assert centre.std() > 0.1  # both dark and light cells are present


def test_post_is_not_allowed(client):
    assert client.post(URL).status_code == 405


def test_module_constant_matches_registry():
    """The grid's defaults are the registry's, and the most points per axis the registry checks
    and ships to the page (data-spec) is the module's own constant; no script repeats it
    (tests/test_demo_spec.py)."""
    from demos.catalog import SIGMOID_GRID

    defaults = SIGMOID_GRID.defaults()
    assert GridParams.from_mapping(defaults) == GridParams()
    limit = SIGMOID_GRID.as_json()["limits"]["max_points_per_axis"]
    assert limit == sigmoid_grid.MAX_POINTS_PER_AXIS
    # The registry's check refuses one point more than the limit, and takes the limit itself.
    step = 2 / limit
    assert SIGMOID_GRID.clean_preset({"start": 0.0, "stop": 2.0, "step": step})
    with pytest.raises(PresetError, match=str(limit)):
        SIGMOID_GRID.clean_preset({"start": 0.0, "stop": 2.0 + step, "step": step})


def test_code_panel_reproduces_the_grid(client):
    """The numpy code the browser shows for a state runs and draws that state's grid."""
    import os
    import subprocess
    import sys

    root = Path(__file__).resolve().parents[1]
    state = {
        "w_im": [4, -2.5, 0.3, 7.1],
        "b_im": [1.5, -0.7],
        "w_mo": [-1.2, 2],
        "b_mo": [0.4],
        "start": -2,
        "stop": 1.5,
        "step": 0.3,
        "cmap": "magma",
        "vmin": -1,
        "vmax": 2,
    }
    script = (
        "import { numpyCode } from './static/demos/sigmoid_grid_math.js';"
        f"process.stdout.write(numpyCode({json.dumps(state)}, 'en'));"
    )
    code = subprocess.run(
        ["node", "--input-type=module", "-e", script],
        capture_output=True,
        text=True,
        check=True,
        cwd=root,
    ).stdout
    assert 'plt.imshow(Z, "magma", vmin=-1.0, vmax=2.0)' in code
    code += "\nimport json\nprint(json.dumps({'x': X.tolist(), 'z': Z.tolist()}))\n"
    env = {**os.environ, "MPLBACKEND": "Agg", "OPENBLAS_NUM_THREADS": "1"}
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True, env=env
    )
    drawn = json.loads(out.stdout.strip().splitlines()[-1])
    query = {k: ",".join(map(str, v)) if isinstance(v, list) else str(v) for k, v in state.items()}
    body = client.get(URL, query).json()
    assert drawn["x"] == body["x"]
    np.testing.assert_allclose(np.array(drawn["z"]), np.array(body["z"]), rtol=0, atol=1e-12)
