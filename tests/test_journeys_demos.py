"""Journey: a student works through every demo of the shipped lesson 5, in Japanese and English, on a
school laptop (1366×768) and on a phone (390×844).

For each demo the student does what its caption asks (moves a slider, types a value, picks a
colormap, presses a shape button) and must see what the demo shows change; the TF stepper prints
9, 18 and 27, all at once and step by step. On the phone the lesson starts on the first screen and
nothing makes the page scroll sideways; captions show code, not Markdown backticks, and the English
lesson's code is in English. Mistyped values are refused with a message in the page's language,
the field marked invalid, and the TF stepper does not run the previous values. Screenshots: test-output/journeys/lesson-<lang>-<screen>.png.
"""

from __future__ import annotations

import re
import time

import pytest

from tests.browser import needs_chromium
from tests.journey_support import (
    LAPTOP,
    PHONE,
    axe_violations,
    chromium_per_module,  # noqa: F401  (the `chromium` fixture)
    lesson_path,
    load_shipped_lessons,
    open_page,
    run_tf_steppers,
    wait_for_demos,
)

pytestmark = [*needs_chromium, pytest.mark.slow]

JAPANESE = re.compile(r"[\u3040-\u30ff\u3400-\u9fff]")

# What the demo shows a student: its visible text, and a fingerprint of each canvas and chart.
SHOWN = """(root) => {
  const hash = (text) => [...text].reduce((h, c) => (h * 31 + c.charCodeAt(0)) | 0, 7);
  const pictures = [...root.querySelectorAll('canvas')].map((c) => hash(c.toDataURL()));
  const charts = [...root.querySelectorAll('svg')].map((s) => hash(s.outerHTML));
  return JSON.stringify({ text: root.innerText, pictures, charts });
}"""


LOOKS = f"(root) => ({{ shown: ({SHOWN})(root), state: JSON.stringify(root.demo.getState()) }})"


def changed_within(root, before: dict, seconds: float) -> dict:
    """The demo's look once both its state and what it shows differ from `before`, or after
    `seconds` (whatever it is then)."""
    deadline = time.monotonic() + seconds
    while True:
        now = root.evaluate(LOOKS)
        if (now["shown"] != before["shown"] and now["state"] != before["state"]) or (
            time.monotonic() > deadline
        ):
            return now
        root.page.wait_for_timeout(50)


def slider(name: str, key: str, presses: int):
    def move(root, page):
        control = root.get_by_role("slider", name=name, exact=True)
        control.focus()
        for _ in range(presses):
            page.keyboard.press(key)

    return move


def number(name, value: str):
    def move(root, page):
        box = root.get_by_role("spinbutton", name=name, exact=isinstance(name, str))
        box.fill(value)
        box.press("Tab")

    return move


def button(name: str):
    def move(root, page):
        root.get_by_role("button", name=name, exact=True).click()

    return move


def choice(name, value: str):
    def move(root, page):
        root.get_by_role("combobox", name=name).select_option(value)

    return move


# What a student does with each demo of the lesson (its caption's suggestion).
MOVES = {
    "sigmoid-grid": slider("w_im[0][0]", "ArrowLeft", 5),
    "regression": slider("b1", "ArrowRight", 5),
    "arange": number("step", "0.5"),
    "zeros": number(re.compile(r"^(軸 0 の大きさ|size of axis 0)$"), "3"),
    "sigmoid-curve": slider("u", "ArrowRight", 5),
    "reshape": button("(2, 3, 4)"),
    "matmul": number("A[0][0]", "7"),
    "colormap": choice(re.compile(r"cmap"), "magma"),
}
STEP = re.compile(r"^(ステップ|Step)")
RESET = re.compile(r"^(リセット|Reset)$")


def use_every_demo(page, screen: str) -> list[str]:
    """Work each demo; returns what went wrong (all of it, not just the first problem)."""
    problems = []
    roots = page.locator("[data-demo]")
    for index in range(roots.count()):
        root = roots.nth(index)
        slug = root.get_attribute("data-demo")
        if slug == "tf-graph":
            problems += step_through_tf_graph(page, root)
            continue
        if slug not in MOVES:
            problems.append(f"{slug}: the journey has no step for this demo yet (add one to MOVES)")
            continue
        root.scroll_into_view_if_needed()
        before = root.evaluate(LOOKS)
        MOVES[slug](root, page)
        after = changed_within(root, before, seconds=5)  # a repaint, or the demo's API
        if after["state"] == before["state"]:
            problems.append(f"{slug}: the student's change did not reach the demo's state")
        if after["shown"] == before["shown"]:
            problems.append(f"{slug}: nothing the student sees changed after the change")
        problems += overflowing_pictures(root, slug, screen)
        if slug == "sigmoid-grid":
            problems += read_a_cell(root)
    return problems


def read_a_cell(root) -> list[str]:
    """Point at a cell of the grid: the readout shows its computation in plain arithmetic."""
    root.locator(".sg-canvas:not(.sg-neuron-canvas)").hover()
    readout = root.locator(".sg-readout")
    text = readout.inner_text()
    if not re.search(r"\d", text):
        return [f"sigmoid-grid: pointing at a cell shows no computation ({text!r})"]
    if re.search(r"[+−-]\s*[−-]", text):
        return [f"sigmoid-grid: the readout adds a negative number as '+ -': {text!r}"]
    return []


# Values a student mistypes, each in the lesson's words: the demo must say what is wrong, in
# the page's language, and the TF stepper must not run the previous values.
BAD_VALUES = [
    ("arange", "step", "0.001"),
    ("reshape", re.compile(r"^(この数はどこ|Where is the number)"), "25"),
    ("tf-graph", re.compile(r"^c[ （(]"), "2.5"),
]
MESSAGE = "[role=status], [role=alert], .demo-message"


def type_bad_values(page, lang: str) -> list[str]:
    problems = []
    for slug, name, value in BAD_VALUES:
        root = page.locator(f'[data-demo="{slug}"]').first
        root.scroll_into_view_if_needed()
        box = root.get_by_role("spinbutton", name=name, exact=isinstance(name, str))
        box.fill(value)
        box.press("Tab")
        page.wait_for_timeout(300)
        said = " ".join(t.strip() for t in root.locator(MESSAGE).all_inner_texts() if t.strip())
        if not said:
            problems.append(f"{slug}: {value} is refused without a word")
        elif (lang == "ja") != bool(JAPANESE.search(said)):
            problems.append(f"{slug}: the message for {value} is not in {lang}: {said!r}")
        if box.get_attribute("aria-invalid") != "true":
            problems.append(f"{slug}: the field holding {value} is not marked invalid")
        if slug == "tf-graph":
            console = root.locator(".tf-console")
            before = console.inner_text()
            step = root.get_by_role("button", name=STEP)
            if step.is_disabled():  # refusing to run is right
                continue
            step.click()
            page.wait_for_timeout(300)
            if console.inner_text() != before:
                problems.append(f"tf-graph: Step ran with c = {value} refused")
    return problems


def overflowing_pictures(root, slug: str, screen: str) -> list[str]:
    wide = root.evaluate(
        "(r) => [...r.querySelectorAll('canvas, svg')].filter((e) => e.getBoundingClientRect()"
        ".width > 0 && e.getBoundingClientRect().right > innerWidth + 1).length"
    )
    return [f"{slug}: {wide} picture(s) wider than the {screen} screen"] if wide else []


def step_through_tf_graph(page, root) -> list[str]:
    """All at once, then step by step from the recorded run: 9, 18, 27 each time."""
    problems = []
    root.scroll_into_view_if_needed()
    printed = run_tf_steppers(page)
    lines = printed[0].split() if printed else []
    if lines != ["9", "18", "27"]:
        problems.append(f"tf-graph: 'run all' printed {lines}, expected ['9', '18', '27']")
    root.get_by_role("button", name=RESET).click()
    console = root.locator(".tf-console")
    waits = []
    for expected in (["9"], ["9", "18"], ["9", "18", "27"]):
        started = time.perf_counter()
        root.get_by_role("button", name=STEP).click()
        try:
            page.wait_for_function(
                "([el, n]) => el.innerText.trim().split(/\\s+/).filter(Boolean).length >= n",
                arg=[console.element_handle(), len(expected)],
                timeout=1_000,
            )
        except Exception:
            problems.append(f"tf-graph: step {len(expected)} did not print within 1 s")
            break
        waits.append(round((time.perf_counter() - started) * 1000))
        shown = console.inner_text().split()
        if shown != expected:
            problems.append(f"tf-graph: after step {len(expected)} it printed {shown}")
    # The printed lines must be readable: light text on a light box was the bug.
    colours = console.evaluate(
        "(el) => [getComputedStyle(el).color, getComputedStyle(el).backgroundColor]"
    )
    if contrast(*colours) < 4.5:
        problems.append(f"tf-graph: printed lines have contrast {contrast(*colours):.2f}:1")
    return problems


def contrast(foreground: str, background: str) -> float:
    """WCAG contrast ratio of two opaque `rgb(...)` colours."""

    def luminance(colour: str) -> float:
        channels = [int(v) / 255 for v in re.findall(r"\d+", colour)[:3]]
        linear = [c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
        return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]

    light, dark = sorted((luminance(foreground), luminance(background)), reverse=True)
    return (light + 0.05) / (dark + 0.05)


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("screen", ["laptop", "phone"])
@pytest.mark.parametrize("lang", ["ja", "en"])
def test_student_uses_every_demo_of_lesson5(chromium, live_server, lang, screen):
    lesson = load_shipped_lessons()
    expected_demos = lesson.blocks.filter(kind="demo").count()
    viewport = PHONE if screen == "phone" else LAPTOP
    visit = open_page(chromium, live_server.url + lesson_path(lang), viewport=viewport)
    page = visit.page
    assert wait_for_demos(page, visit.errors) == expected_demos
    visit.shot(f"lesson-{lang}-{screen}")  # the first screen a student sees
    problems = []

    title_top = page.locator("h1").bounding_box()["y"]
    if title_top >= viewport["height"]:
        problems.append(f"the lesson title starts {title_top:.0f} px down, below the first screen")
    captions = [c for c in page.locator("figcaption").all_inner_texts() if "`" in c]
    if captions:
        problems.append(f"captions show Markdown backticks: {captions[:3]}")
    if lang == "en":
        code = [c for c in page.locator(".block-code pre").all_inner_texts() if JAPANESE.search(c)]
        if code:
            problems.append(f"{len(code)} code block(s) of the English lesson contain Japanese")

    problems += use_every_demo(page, screen)
    problems += type_bad_values(page, lang)
    if screen == "laptop":  # the messages' colours too (the audit sees the page untouched)
        problems += axe_violations(page, f"lesson {lang} after bad values")

    page_width = page.evaluate("document.documentElement.scrollWidth")
    if page_width > viewport["width"]:
        problems.append(f"the page is {page_width} px wide on a {viewport['width']} px screen")
    visit.close()
    problems += [f"script error: {error}" for error in visit.errors]
    assert not problems, f"lesson 5 ({lang}, {screen}):\n" + "\n".join(problems)
