"""The demos in a real browser (Debian's Chromium through Playwright).

Screenshots land in test-output/ (git-ignored): demo-sigmoid-grid.png, demo-tf-graph.png,
demo-<slug>.png for every widget, demo-sigmoid-grid-phone.png.
"""

import re
from urllib.parse import urlencode

import numpy as np
import pytest

from tests.browser import OUTPUT, needs_chromium

ROOT_SELECTOR = '[data-demo="sigmoid-grid"]'
JAPANESE = re.compile(r"[\u3040-\u30ff\u4e00-\u9fff]")

pytestmark = needs_chromium


def open_page(browser, url, width=1280, height=900):
    page = browser.new_page(viewport={"width": width, "height": height}, device_scale_factor=1)
    errors = []
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    page.on("console", lambda msg: errors.append(msg.text) if msg.type == "error" else None)
    page.goto(url)
    return page, errors


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


WIDGET_CHECKS = {
    "sigmoid-curve": ("u", "sigmoid(u) = 1 / (1 + 1) = 0.5"),
    "regression": (None, "Y = 0.02·X + 4000"),
    "arange": (None, "len(X) = 10"),
    "zeros": (None, "Z.strides = (80, 8)"),
    "reshape": (None, "b.shape = (4, 6)"),
    "matmul": (None, "[[ 6  3]\n [12  6]]"),
    "colormap": (None, "0.75"),
}


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("slug", sorted(WIDGET_CHECKS))
def test_widget_pages_mount_and_read_well(browser, live_server, slug):
    OUTPUT.mkdir(exist_ok=True)
    page, errors = open_page(browser, f"{live_server.url}/en/demos/{slug}/", width=900)
    root = page.locator(f'[data-demo="{slug}"]')
    page.wait_for_function(f"document.querySelector('[data-demo=\"{slug}\"]').demo !== undefined")
    _, expected_text = WIDGET_CHECKS[slug]
    if slug != "colormap":
        assert expected_text in root.inner_text()
    page.screenshot(path=str(OUTPUT / f"demo-{slug}.png"), full_page=True)
    assert not errors, errors


# Per widget: the field to spoil, a bad value, what the message says (English page), text that must
# vanish with it; then a good value, the text it brings back and the address key it writes.
BAD_INPUT = {
    "arange": (
        "step",
        "0.001",
        "2000 elements",
        "len(X)",
        "0.5",
        "len(X) = 4 elements",
        "step=0.5",
    ),
    "reshape": (
        "Where is the number",
        "25",
        "whole number from 1 to 24",
        "= b[",
        "17",
        "17 = b[2][4]",
        "pick=17",
    ),
    "zeros": (
        "size of axis 0",
        "11",
        "Axis 0: enter a whole number",
        "Z.strides",
        "3",
        "Z.shape = (3, 10)",
        "shape=3,10",
    ),
    "matmul": (
        "A[0][0]",
        "",
        "A[0][0]: enter a number.",
        "print(np.dot",
        "5",
        "[[16  8]",
        "a=5,1,2;1,2,3",
    ),
    "regression": (
        "b1",
        "0.5",
        "b1: enter a number from -0.2 to 0.2",
        "Your line",
        "0.05",
        "Y = 0.05·X + 4000",
        "b1=0.05",
    ),
    "sigmoid-curve": ("u", "11", "u: enter a number from -10 to 10", "exp(", "2", "u = 2", "u=2"),
    "colormap": ("vmin", "5", "vmin must be less than vmax", None, "0.5", None, "vmin=0.5"),
}
JA_LABELS = {"Where is the number": "この数はどこ？", "size of axis 0": "軸 0 の大きさ"}


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("lang", ["en", "ja"])
@pytest.mark.parametrize("slug", sorted(BAD_INPUT))
def test_widgets_withdraw_results_on_bad_input_and_share_their_state(
    browser, live_server, slug, lang
):
    label, bad, says, hidden_text, good, shown_text, query = BAD_INPUT[slug]
    page, errors = open_page(browser, f"{live_server.url}/{lang}/demos/{slug}/", width=900)
    page.wait_for_function(f"document.querySelector('[data-demo=\"{slug}\"]').demo !== undefined")
    root = page.locator(f'[data-demo="{slug}"]')
    if lang == "ja":
        label = JA_LABELS.get(label, label)
    field = root.get_by_role("spinbutton", name=label, exact=True)
    field.fill(bad)
    message = root.locator(".demo-message:not(.demo-address-note)").first
    assert field.get_attribute("aria-invalid") == "true"
    if lang == "en":
        assert says in message.inner_text()
        if hidden_text:
            assert hidden_text not in root.inner_text()
    else:
        assert JAPANESE.search(message.inner_text()), message.inner_text()
    field.fill(good)
    page.evaluate("new Promise((done) => requestAnimationFrame(() => requestAnimationFrame(done)))")
    assert field.get_attribute("aria-invalid") == "false"
    assert message.inner_text() == ""
    if lang == "en" and shown_text:
        assert shown_text in root.inner_text()
    # The address now carries the input: a reload (a shared link) shows the same thing.
    key, value = query.split("=", 1)
    page.wait_for_function(
        "([k, v]) => new URLSearchParams(location.search).get(k) === v", arg=[key, value]
    )
    state = page.evaluate(f"document.querySelector('[data-demo=\"{slug}\"]').demo.getState()")
    page.reload()
    page.wait_for_function(f"document.querySelector('[data-demo=\"{slug}\"]').demo !== undefined")
    assert (
        page.evaluate(f"document.querySelector('[data-demo=\"{slug}\"]').demo.getState()") == state
    )
    assert not errors, errors


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("lang", ["en", "ja"])
def test_bad_values_in_the_address_are_ignored_with_a_message(browser, live_server, lang):
    page, errors = open_page(browser, f"{live_server.url}/{lang}/demos/arange/?step=abc&start=-2")
    page.wait_for_function("document.querySelector('[data-demo=arange]').demo !== undefined")
    assert page.evaluate("document.querySelector('[data-demo=arange]').demo.getState()") == {
        "start": -2,
        "stop": 1,
        "step": 0.2,
    }
    note = page.locator(".demo-address-note").inner_text()
    assert "step" in note
    assert bool(JAPANESE.search(note)) == (lang == "ja"), note
    page.wait_for_function("!location.search.includes('step=')")  # the address is cleaned up
    assert "start=-2" in page.url
    assert not errors, errors


@pytest.mark.django_db(transaction=True)
def test_widget_interactions(browser, live_server):
    page, errors = open_page(browser, f"{live_server.url}/en/demos/matmul/", width=900)
    page.get_by_role("button", name="Next cell").click()
    assert (
        "AB[0][0] = A[0, :]·B[:, 0] = 0×2 + 1×2 + 2×2 = 6"
        in page.locator(".demo-matmul").inner_text()
    )
    page.get_by_role("button", name="Next cell").click()
    page.get_by_role("button", name="Next cell").click()
    assert "1×2 + 2×2 + 3×2 = 12" in page.locator(".demo-matmul").inner_text()
    page.locator(".mm-tools").nth(1).get_by_role("button", name="Row −").click()
    assert (
        "shapes (2,3) and (2,2) not aligned: 3 (dim 1) != 2 (dim 0)"
        in page.locator(".demo-message:not(.demo-address-note)").inner_text()
    )

    page.goto(f"{live_server.url}/ja/demos/regression/")
    page.get_by_role("button", name="最小二乗法で直線を引く").click()
    assert "Y = 0.05229·X + 3093" in page.locator(".demo-regression").inner_text()
    handle = page.get_by_role("slider", name="直線の右端（上下に動かす）")
    handle.focus()
    page.keyboard.press("ArrowUp")
    line = page.evaluate("document.querySelector('[data-demo=regression]').demo.getLine()")
    assert (
        abs(
            (line["b1"] * 100000 + line["b0"])
            - (0.052286534668780686 * 100000 + 3092.99537878495 + 100)
        )
        < 1e-6
    )

    page.goto(f"{live_server.url}/en/demos/reshape/")
    page.get_by_role("button", name="(2, 3, 4)").click()
    assert "15 = b[1][0][2]" in page.locator(".demo-reshape").inner_text()
    assert not errors, errors


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("slug", ["sigmoid-grid", *sorted(WIDGET_CHECKS)])
def test_demo_pages_fit_a_phone(browser, live_server, slug):
    OUTPUT.mkdir(exist_ok=True)
    page, errors = open_page(browser, f"{live_server.url}/ja/demos/{slug}/", width=390, height=844)
    page.wait_for_function(f"document.querySelector('[data-demo=\"{slug}\"]').demo !== undefined")
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    if slug == "sigmoid-grid":
        # The hidden neurons sit side by side above the output, each at least 120 px wide.
        boxes = [page.locator(".sg-neuron-canvas").nth(k).bounding_box() for k in (0, 1)]
        assert boxes[0]["y"] == boxes[1]["y"] and boxes[0]["x"] + boxes[0]["width"] <= boxes[1]["x"]
        assert min(b["width"] for b in boxes) >= 120
        assert boxes[1]["x"] + boxes[1]["width"] <= 390
        assert boxes[0]["y"] < page.locator(".sg-canvas").bounding_box()["y"]
        page.screenshot(path=str(OUTPUT / "demo-sigmoid-grid-phone.png"), full_page=True)
    assert not errors, errors


@pytest.mark.slow
@pytest.mark.django_db(transaction=True)
def test_every_demo_mounts_on_the_lesson_page(browser, live_server):
    """The lesson page renders demo blocks through the same contract; all of them start together."""
    import io

    from django.core.management import call_command
    from django.utils import translation

    from courses.models import Lesson

    call_command("load_lessons", verbosity=0, stdout=io.StringIO())
    lesson = Lesson.objects.filter(number=5, published=True).first()
    assert lesson is not None
    with translation.override("en"):
        url = lesson.get_absolute_url()
    page, errors = open_page(browser, f"{live_server.url}{url}", width=1280)
    slugs = page.eval_on_selector_all("[data-demo]", "els => els.map((e) => e.dataset.demo)")
    assert {"sigmoid-grid", "colormap", "tf-graph", "matmul"} <= set(slugs)
    page.wait_for_function(
        "[...document.querySelectorAll('[data-demo]')].every((e) => e.demo !== undefined)"
    )
    # Two grids on one page keep separate URL state: moving the colormap widget's cmap leaves
    # the main grid's alone.
    page.locator('[data-demo="colormap"] select').select_option("magma")
    page.wait_for_function("location.search.includes('colormap.cmap=magma')")
    assert (
        page.evaluate("document.querySelector('[data-demo=\"sigmoid-grid\"]').demo.getState().cmap")
        == "gray"
    )
    # arange and the grid both have start/stop/step: each keeps its own, namespaced by slug.
    page.locator('[data-demo="arange"]').get_by_role("spinbutton", name="start").fill("0")
    page.locator('[data-demo="sigmoid-grid"]').get_by_role("spinbutton", name="start").fill("-2")
    page.wait_for_function(
        "location.search.includes('arange.start=0') && location.search.includes('sigmoid-grid.start=-2')"
    )
    page.reload()
    page.wait_for_function(
        "[...document.querySelectorAll('[data-demo]')].every((e) => e.demo !== undefined)"
    )
    states = page.evaluate(
        """() => Object.fromEntries(['arange', 'sigmoid-grid', 'colormap'].map((slug) =>
            [slug, document.querySelector(`[data-demo="${slug}"]`).demo.getState()]))"""
    )
    assert states["arange"]["start"] == 0 and states["sigmoid-grid"]["start"] == -2
    assert states["colormap"]["cmap"] == "magma"
    assert not errors, errors
