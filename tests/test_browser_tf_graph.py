"""The TF graph stepper in Chromium: readable output, instant steps from the recorded trace,
input that cannot run is refused with a message, late answers are ignored, and the address
carries what the student sees. Real TensorFlow answers every API request here."""

import io

import pytest
from django.core.management import call_command

from tests.browser import needs_chromium

pytestmark = [*needs_chromium, pytest.mark.slow, pytest.mark.django_db(transaction=True)]

ROOT = '[data-demo="tf-graph"]'
READY = f"document.querySelector('{ROOT}')?.demo?.getRun()"
LESSON = "/{lang}/ai-composition/neural-networks-magenta-tensorflow/"

# The printed lines' colour and the background actually behind them (the first opaque one up
# the tree), as the browser computed them.
CONSOLE_COLOURS = """() => {
  const el = document.querySelector('.tf-console');
  const rgba = (text) => text.match(/[\\d.]+/g).map(Number);
  let background = [255, 255, 255];
  for (let e = el; e; e = e.parentElement) {
    const c = rgba(getComputedStyle(e).backgroundColor);
    if (c.length < 4 || c[3] === 1) { background = c.slice(0, 3); break; }
    if (c[3] > 0) throw new Error('a translucent background: blend it before measuring');
  }
  return { text: rgba(getComputedStyle(el).color).slice(0, 3), background, opacity: getComputedStyle(el).opacity };
}"""


def contrast(first, second) -> float:
    """WCAG 2 contrast ratio of two sRGB colours (0-255 channels)."""

    def luminance(rgb):
        def linear(channel):
            c = channel / 255
            return c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4

        r, g, b = (linear(c) for c in rgb)
        return 0.2126 * r + 0.7152 * g + 0.0722 * b

    light, dark = sorted((luminance(first), luminance(second)), reverse=True)
    return (light + 0.05) / (dark + 0.05)


def test_contrast_formula_matches_wcag():
    assert contrast((0, 0, 0), (255, 255, 255)) == pytest.approx(21.0)
    # The reported failure: light green text on the light demo background.
    assert contrast((232, 245, 233), (244, 245, 247)) == pytest.approx(1.03, abs=0.01)
    assert contrast((0x55, 0x5B, 0x66), (255, 255, 255)) == pytest.approx(6.83, abs=0.01)


def open_stepper(browser, url, width=1366, height=768, init_script=None):
    page = browser.new_page(viewport={"width": width, "height": height})
    errors = []
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    page.on("console", lambda msg: errors.append(msg.text) if msg.type == "error" else None)
    if init_script:
        page.add_init_script(init_script)
    page.goto(url)
    page.wait_for_function(READY, timeout=90_000)  # the first answer waits for TensorFlow
    return page, errors


def printed(page):
    return page.locator(f"{ROOT} .tf-console").inner_text().split()


def step_button(page):
    return page.locator(f"{ROOT} .demo-actions button").first


@pytest.mark.parametrize(
    ("path", "width"),
    [
        ("/ja/demos/tf-graph/", 1366),
        ("/en/demos/tf-graph/", 390),
        ("/embed/tf-graph/?lang=ja", 960),
        ("/embed/tf-graph/?lang=en", 390),
        (LESSON.format(lang="ja"), 390),
    ],
)
def test_printed_lines_are_readable(browser, live_server, path, width):
    if "ai-composition" in path:
        call_command("load_lessons", verbosity=0, stdout=io.StringIO())
    page, errors = open_stepper(browser, f"{live_server.url}{path}", width=width, height=844)
    page.locator(f"{ROOT} .demo-actions button").nth(1).click()  # Run all / すべて実行
    assert printed(page) == ["9", "18", "27"]
    colours = page.evaluate(CONSOLE_COLOURS)
    assert colours["opacity"] == "1"
    ratio = contrast(colours["text"], colours["background"])
    assert ratio >= 4.5, f"{path}: {colours} gives {ratio:.2f}:1"
    assert not errors, errors


def test_steps_show_at_once_from_one_tensorflow_run(browser, live_server):
    requests = []
    page, errors = open_stepper(browser, f"{live_server.url}/en/demos/tf-graph/")
    page.on("request", lambda r: requests.append(r.url) if "/api/demos/tf-graph" in r.url else None)
    waits = []
    for k, expected in enumerate(["9", "18", "27"], start=1):
        button = page.get_by_role("button", name=f"Step ({k}/3)")
        waits.append(
            page.evaluate(
                """(button) => { const started = performance.now(); button.click();
                   return { ms: performance.now() - started,
                            lines: document.querySelector('.tf-console').textContent.split('\\n').filter(Boolean) }; }""",
                button.element_handle(),
            )
        )
        assert waits[-1]["lines"][-1] == expected, waits[-1]  # printed by the click itself
        assert (
            page.locator('.tf-node[data-node="mul"] .tf-node-value').text_content()
            == f"= {expected}"
        )
    assert max(w["ms"] for w in waits) < 100, waits
    assert requests == [], "stepping must not ask the server again"
    assert page.locator('.tf-node[data-node="val1"] .tf-node-value').text_content() == "= 9"
    assert page.locator(".tf-line.is-active").inner_text().strip().startswith("print(sess.run(mul")
    assert step_button(page).is_disabled()
    assert "Reset" in page.locator(".tf-message").inner_text()
    assert not errors, errors


def test_invalid_input_refuses_to_run_and_says_why(browser, live_server):
    page, errors = open_stepper(browser, f"{live_server.url}/ja/demos/tf-graph/")
    c_box = page.get_by_label("c（feed_dict で渡す値）")
    steps_box = page.get_by_label("steps（ループの回数）")
    cases = [
        (c_box, "2.5", "c = 2.5 は整数ではありません。"),
        (c_box, "", "c が空です。"),
        (steps_box, "0", "steps = 0 は小さすぎます。"),
        (steps_box, "21", "steps = 21 は大きすぎます。"),
    ]
    for box, typed, reason in cases:
        box.fill(typed)
        assert box.get_attribute("aria-invalid") == "true", typed
        error = page.locator(f"#{box.get_attribute('aria-describedby')}")
        assert error.is_visible() and reason in error.inner_text(), error.inner_text()
        assert "までの整数を入れてください" in error.inner_text()
        buttons = page.locator(f"{ROOT} .demo-actions button")
        assert buttons.nth(0).is_disabled() and buttons.nth(1).is_disabled(), typed
        assert "直すと" in page.locator(".tf-message").inner_text()
        box.fill("3")  # back to a value that runs
        assert box.get_attribute("aria-invalid") == "false"
        page.wait_for_function(READY)
    # A valid change runs the new values, not the ones before.
    c_box.fill("2")
    steps_box.fill("2")
    page.get_by_role("button", name="ステップ（1/2）").wait_for(timeout=30_000)
    page.get_by_role("button", name="すべて実行").click()
    assert printed(page) == ["6", "12"]
    assert not errors, errors


# Holds back the API's answer for c=4 by 1.5 s, as a slow TensorFlow run would.
SLOW_FOR_C4 = """
const realFetch = window.fetch.bind(window);
window.fetch = async (url, options) => {
  const response = await realFetch(url, options);
  if (String(url).includes('c=4&')) await new Promise((done) => setTimeout(done, 1500));
  return response;
};
"""


def test_a_late_answer_never_overrides_newer_input(browser, live_server):
    page, errors = open_stepper(
        browser, f"{live_server.url}/en/demos/tf-graph/", init_script=SLOW_FOR_C4
    )
    c_box = page.get_by_label("c (fed through feed_dict)")
    c_box.fill("4")
    page.wait_for_timeout(400)  # the c=4 request is on its way
    c_box.fill("5")
    page.wait_for_function(f"{READY} && document.querySelector('{ROOT}').demo.getState().c === 5")
    page.wait_for_timeout(1800)  # the c=4 answer has arrived by now
    page.get_by_role("button", name="Run all").click()
    assert printed(page) == ["15", "30", "45"]

    # Invalid input while an answer is on its way: the late answer must not clear the message.
    c_box.fill("4")
    page.wait_for_timeout(400)
    c_box.fill("2.5")
    page.wait_for_timeout(1800)
    assert "Fix the marked value" in page.locator(".tf-message").inner_text()
    assert c_box.get_attribute("aria-invalid") == "true"
    assert step_button(page).is_disabled()
    assert not errors, errors


def test_the_address_shares_what_the_student_sees(browser, live_server):
    page, errors = open_stepper(browser, f"{live_server.url}/en/demos/tf-graph/")
    page.get_by_label("c (fed through feed_dict)").fill("5")
    page.get_by_label("steps (loop count)").fill("4")
    page.get_by_role("button", name="Step (1/4)").wait_for(timeout=30_000)
    page.get_by_role("button", name="Step (1/4)").click()
    page.get_by_role("button", name="Step (2/4)").click()
    page.wait_for_function("location.search === '?c=5&steps=4&step=2'")

    shared = page.url
    page.close()
    page, errors = open_stepper(browser, shared)
    assert printed(page) == ["15", "30"]
    assert page.get_by_label("c (fed through feed_dict)").input_value() == "5"
    assert page.get_by_role("button", name="Step (3/4)").is_enabled()
    assert not errors, errors

    # Values that cannot run are ignored, each with a message in the page's language.
    page.close()
    page, errors = open_stepper(
        browser, f"{live_server.url}/ja/demos/tf-graph/?c=2.5&steps=4&step=9"
    )
    note = page.locator(".tf-address-note").inner_text()
    assert "アドレスにある c=2.5 は使えないので無視しました。" in note
    assert "step=9" in note
    assert page.get_by_label("c（feed_dict で渡す値）").input_value() == "3"
    assert page.get_by_role("button", name="ステップ（1/4）").is_enabled()
    assert not errors, errors


def test_lesson_and_embed_addresses(browser, live_server):
    """A lesson page holds several demos: the stepper's keys carry its slug. An embed's server
    checks its query against the demo's parameters, so the step stays out of it."""
    call_command("load_lessons", verbosity=0, stdout=io.StringIO())
    lesson = f"{live_server.url}{LESSON.format(lang='ja')}?tf-graph.c=2&tf-graph.step=1"
    page, errors = open_stepper(browser, lesson)
    assert printed(page) == ["6"]
    page.get_by_role("button", name="ステップ（2/3）").click()
    page.wait_for_function("location.search === '?tf-graph.c=2&tf-graph.step=2'")
    assert not errors, errors
    page.close()

    page, errors = open_stepper(browser, f"{live_server.url}/embed/tf-graph/?lang=en&c=4")
    page.get_by_role("button", name="Step (1/3)").click()
    page.get_by_label("steps (loop count)").fill("2")
    page.wait_for_function("location.search === '?lang=en&c=4&steps=2'")
    reloaded = page.goto(page.url)
    assert reloaded.status == 200
    page.wait_for_function(READY, timeout=30_000)
    assert page.get_by_role("button", name="Step (1/2)").is_enabled()
    assert not errors, errors


def test_japanese_page_says_everything_in_japanese(browser, live_server):
    url = "/ja/demos/tf-graph/?a=1000000&b=1000000&c=1000000&steps=20"
    page, errors = open_stepper(browser, f"{live_server.url}{url}")
    page.get_by_role("button", name="すべて実行").click()
    last = printed(page)
    assert "int32" in page.locator(".tf-console").inner_text()
    assert "のあふれ" in page.locator(".tf-console").inner_text(), last
    assert "overflow" not in page.locator(".tf-console").inner_text()
    for english in ["Step", "Run all", "Reset", "Output", "TensorFlow 2 runs", "Engine"]:
        assert english not in page.locator(ROOT).inner_text(), english
    assert not errors, errors
