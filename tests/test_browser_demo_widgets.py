"""The concept widgets (and every demo on the lesson page and on a phone) in a real browser
(Debian's Chromium through Playwright).

Screenshots land in test-output/ (git-ignored): demo-<slug>.png for every widget,
demo-sigmoid-grid-phone.png.
"""

import pytest

from tests.browser import JAPANESE, OUTPUT, needs_chromium, open_page

pytestmark = needs_chromium


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
