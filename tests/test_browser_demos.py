"""The sigmoid grid and the TF graph stepper in a real browser (Debian's Chromium through
Playwright); the concept widgets are in test_browser_demo_widgets.py.

Screenshots land in test-output/ (git-ignored): demo-sigmoid-grid.png, demo-tf-graph.png.
"""

from urllib.parse import urlencode

import numpy as np
import pytest

from tests.browser import JAPANESE, OUTPUT, needs_chromium, open_page

ROOT_SELECTOR = '[data-demo="sigmoid-grid"]'

pytestmark = needs_chromium


def grid_state(page):
    return page.evaluate(f"document.querySelector('{ROOT_SELECTOR}').demo.getState()")


def grid_values(page):
    return page.evaluate(f"document.querySelector('{ROOT_SELECTOR}').demo.getGrid()")


def api_query(state):
    return urlencode(
        {k: ",".join(map(str, v)) if isinstance(v, list) else v for k, v in state.items()}
    )


@pytest.mark.django_db(transaction=True)
def test_slider_repaints_the_grid_with_the_apis_values(browser, live_server, client):
    OUTPUT.mkdir(exist_ok=True)
    page, errors = open_page(browser, f"{live_server.url}/en/demos/sigmoid-grid/")
    page.wait_for_function(f"document.querySelector('{ROOT_SELECTOR}').demo !== undefined")
    before = grid_values(page)

    # Move the first weight's slider with the keyboard: 4 -> 4.3 -> ... -> 2.5 (down 15 steps of 0.1).
    slider = page.get_by_role("slider", name="w_im[0][0]")
    slider.focus()
    for _ in range(15):
        page.keyboard.press("ArrowLeft")
    page.evaluate("new Promise((done) => requestAnimationFrame(() => requestAnimationFrame(done)))")
    state = grid_state(page)
    assert state["w_im"] == [2.5, 4, 4, 4]
    assert (
        page.get_by_role("spinbutton", name="w_im[0][0]").input_value() == "2.5"
    )  # the number box follows

    drawn = grid_values(page)
    assert drawn["z"] != before["z"]
    expected = client.get("/api/demos/sigmoid-grid?" + api_query(state)).json()
    assert drawn["x"] == expected["x"] and drawn["y"] == expected["y"]
    np.testing.assert_allclose(np.array(drawn["z"]), np.array(expected["z"]), rtol=0, atol=1e-9)

    # The canvas shows matplotlib's colours: sample the centre of a few cells.
    from matplotlib import colormaps
    from matplotlib.colors import Normalize

    rgb = colormaps["gray"](Normalize(0.0, 1.0)(np.array(expected["z"])), bytes=True)[..., :3]
    for j, i in [(0, 0), (3, 7), (9, 9), (5, 2)]:
        pixel = page.evaluate(
            """([i, j]) => {
                const root = document.querySelector('[data-demo="sigmoid-grid"]');
                const canvas = root.querySelector('.sg-canvas');
                const plot = root.demo.plotBox();
                const x = Math.floor(plot.x + ((i + 0.5) * plot.size) / 10);
                const y = Math.floor(plot.y + ((j + 0.5) * plot.size) / 10);
                return Array.from(canvas.getContext('2d').getImageData(x, y, 1, 1).data.slice(0, 3));
            }""",
            [i, j],
        )
        assert pixel == rgb[j][i].tolist(), (j, i)

    # Hovering a cell shows its forward pass in numbers.
    canvas = page.locator(".sg-canvas")
    box = canvas.bounding_box()
    plot = page.evaluate(f"document.querySelector('{ROOT_SELECTOR}').demo.plotBox()")
    page.mouse.move(box["x"] + plot["x"] + 3, box["y"] + plot["y"] + 3)  # inside cell (0, 0)
    readout = page.locator(".sg-pass").inner_text()
    assert "inp = [x, y] = [\u22121, \u22121]" in readout and "Z[0][0]" in readout
    assert "+ -" not in readout and "+ \u2212" not in readout  # signs as a student writes them
    assert "sigmoid(u)" in readout

    # The state is in the URL: a reload (or a shared link) restores the same grid.
    page.wait_for_function("location.search.includes('w_im=')")
    assert "w_im=2.5,4,4,4" in page.url
    page.screenshot(path=str(OUTPUT / "demo-sigmoid-grid.png"), full_page=True)
    page.reload()
    page.wait_for_function(f"document.querySelector('{ROOT_SELECTOR}').demo !== undefined")
    assert grid_values(page)["z"] == drawn["z"]

    # Reset restores the lesson's values; the lesson's grid is the API's default grid.
    page.get_by_role("button", name="Reset to the lesson's values").click()
    page.evaluate("new Promise((done) => requestAnimationFrame(() => requestAnimationFrame(done)))")
    np.testing.assert_allclose(
        np.array(grid_values(page)["z"]),
        np.array(client.get("/api/demos/sigmoid-grid").json()["z"]),
        atol=1e-9,
    )
    page.wait_for_function("!location.search.includes('w_im=')")
    assert not errors, errors


@pytest.mark.django_db(transaction=True)
def test_bad_typing_greys_the_grid_and_says_why(browser, live_server):
    page, errors = open_page(browser, f"{live_server.url}/ja/demos/sigmoid-grid/")
    page.wait_for_function(f"document.querySelector('{ROOT_SELECTOR}').demo !== undefined")
    before = grid_values(page)
    step = page.get_by_label("step", exact=True)
    step.fill("0.001")
    message = page.locator(".demo-sigmoid-grid > .demo-message:not(.demo-address-note)")
    assert "2000" in message.inner_text() and "step" in message.inner_text()
    assert JAPANESE.search(message.inner_text())
    assert step.get_attribute("aria-invalid") == "true"
    assert grid_values(page) == before  # the last drawable grid stays, greyed
    assert "is-stale" in page.locator(".sg-canvas").get_attribute("class")
    assert "is-stale" in page.locator(".sg-neuron-canvas").first.get_attribute("class")
    assert not page.locator(".sg-neuron-formula").first.is_visible()
    assert not page.locator(".demo-code pre").is_visible()  # no code for a grid not drawn
    step.fill("0.1")
    page.evaluate("new Promise((done) => requestAnimationFrame(() => requestAnimationFrame(done)))")
    assert len(grid_values(page)["x"]) == 20
    assert message.inner_text() == ""
    assert step.get_attribute("aria-invalid") == "false"
    assert "is-stale" not in page.locator(".sg-canvas").get_attribute("class")
    assert page.locator(".sg-neuron-formula").first.is_visible()
    assert "np.arange(-1.0, 1.0, 0.1)" in page.locator(".demo-code pre").inner_text()
    # A rule across fields marks the field it names: vmin >= vmax.
    page.get_by_label("vmin", exact=True).fill("2")
    assert page.get_by_label("vmin", exact=True).get_attribute("aria-invalid") == "true"
    assert "vmin" in message.inner_text()
    page.get_by_label("vmin", exact=True).fill("0")
    assert message.inner_text() == ""
    assert not errors, errors


@pytest.mark.django_db(transaction=True)
def test_hidden_neurons_are_drawn_beside_the_output_and_follow_the_sliders(browser, live_server):
    page, errors = open_page(browser, f"{live_server.url}/en/demos/sigmoid-grid/?b_im=1,-2")
    page.wait_for_function(f"document.querySelector('{ROOT_SELECTOR}').demo !== undefined")
    state = grid_state(page)
    assert state["b_im"] == [1, -2]

    def expected_neurons(state):
        x = np.array(grid_values(page)["x"])
        X, Y = np.meshgrid(x, x)  # Y[j][i] = y[j]
        w = state["w_im"]
        u0 = X * w[0] + Y * w[2] + state["b_im"][0]
        u1 = X * w[1] + Y * w[3] + state["b_im"][1]
        return 1 / (1 + np.exp(-u0)), 1 / (1 + np.exp(-u1))

    drawn = page.evaluate(f"document.querySelector('{ROOT_SELECTOR}').demo.getNeurons()")
    for got, want in zip(drawn, expected_neurons(state), strict=True):
        np.testing.assert_allclose(np.array(got), want, rtol=0, atol=1e-12)
    captions = page.locator(".sg-neuron figcaption").all_inner_texts()
    assert captions == [
        "mid[0] = sigmoid(4×x + 4×y + 1)",
        "mid[1] = sigmoid(4×x + 4×y \u2212 2)",
    ]
    assert page.locator(".sg-combination").inner_text() == "out = 1×mid[0] \u2212 1×mid[1] + 0.1"
    # On a laptop they stand in a column beside the output, as the network flows into it.
    output = page.locator(".sg-canvas").bounding_box()
    for k in (0, 1):
        neuron = page.locator(".sg-neuron-canvas").nth(k).bounding_box()
        assert (
            neuron["x"] + neuron["width"] <= output["x"]
            and neuron["y"] < output["y"] + output["height"]
        )

    # A slider moves the neuron it feeds: w_im[1][1] (y's weight into mid[1]) down to 3.
    slider = page.get_by_role("slider", name="w_im[1][1]")
    slider.focus()
    for _ in range(10):
        page.keyboard.press("ArrowLeft")
    page.evaluate("new Promise((done) => requestAnimationFrame(() => requestAnimationFrame(done)))")
    state = grid_state(page)
    assert state["w_im"] == [4, 4, 4, 3]
    after = page.evaluate(f"document.querySelector('{ROOT_SELECTOR}').demo.getNeurons()")
    assert after[0] == drawn[0] and after[1] != drawn[1]
    np.testing.assert_allclose(np.array(after[1]), expected_neurons(state)[1], atol=1e-12)
    assert "4×x + 3×y" in page.locator(".sg-neuron figcaption").nth(1).inner_text()

    # Same colours as the output: the centre pixel of a neuron cell is the colormap of its value.
    from matplotlib import colormaps

    value = after[0][0][0]
    pixel = page.evaluate(
        """() => {
            const canvas = document.querySelector('.sg-neuron-canvas');
            const box = canvas.getBoundingClientRect();
            const size = Math.min(box.width, box.height) - 2;
            const x = Math.floor(1 + size / 20), y = Math.floor(1 + size / 20);
            return Array.from(canvas.getContext('2d').getImageData(x, y, 1, 1).data.slice(0, 3));
        }"""
    )
    want = colormaps["gray"](min(int(value * 256), 255), bytes=True)[:3]
    assert pixel == list(want)
    assert not errors, errors


@pytest.mark.slow
@pytest.mark.django_db(transaction=True)
def test_tf_graph_steps_print_9_18_27(browser, live_server):
    OUTPUT.mkdir(exist_ok=True)
    page, errors = open_page(browser, f"{live_server.url}/en/demos/tf-graph/", width=1100)
    console = page.locator(".tf-console")
    for k, expected in enumerate(["9", "18", "27"], start=1):
        button = page.get_by_role("button", name=f"Step ({k}/3)")
        button.wait_for(timeout=60_000)  # the first answer waits for TensorFlow to start
        page.wait_for_function(
            "!document.querySelector('.demo-tf-graph .is-primary').disabled", timeout=60_000
        )
        button.click()
        page.wait_for_function(
            "([n]) => document.querySelector('.tf-console').textContent.split('\\n').filter(Boolean).length === n",
            arg=[k],
        )
        assert console.inner_text().split() == ["9", "18", "27"][:k]
        assert expected in console.inner_text()
    assert page.locator('.tf-node[data-node="mul"] .tf-node-value').text_content() == "= 27"
    assert page.locator('.tf-node[data-node="val1"] .tf-node-value').text_content() == "= 9"
    assert page.locator(".tf-line.is-active").inner_text().strip().startswith("print(sess.run(mul")
    assert page.get_by_role("button", name="Step (3/3)").is_disabled()
    page.screenshot(path=str(OUTPUT / "demo-tf-graph.png"), full_page=True)

    # Editing c re-runs the graph on TensorFlow: c = 2 prints 6, 12.
    page.get_by_role("button", name="Reset").click()
    page.get_by_label("steps (loop count)").fill("2")
    page.get_by_label("c (fed through feed_dict)").fill("2")
    page.get_by_role("button", name="Step (1/2)").wait_for(timeout=60_000)
    page.wait_for_function(
        "!document.querySelector('.demo-tf-graph .is-primary').disabled", timeout=60_000
    )
    page.get_by_role("button", name="Run all").click()
    page.wait_for_function(
        "document.querySelector('.tf-console').textContent.split('\\n').filter(Boolean).length === 2"
    )
    assert console.inner_text().split() == ["6", "12"]
    assert "feed_dict={c: 2}" in page.locator(".tf-code").first.inner_text()
    assert not errors, errors
