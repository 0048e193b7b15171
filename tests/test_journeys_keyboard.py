"""Journey of a keyboard user: every control on the lesson, a demo page and a studio tool page
(with the step editor open) is reached by Tab, shows where the focus is, and works from the keyboard.

Reached: pressing Tab from the top focuses every visible, enabled control (a radio group or a
grid with a roving focus counts as one stop). Visible focus: the focused control draws an outline
or a box shadow, or its look changes (an SVG handle's stroke, a background). Works: sliders and
number boxes move with the arrow keys, selects with ArrowDown, checkboxes with Space, disclosures
and toggle buttons with Enter, and the demo they belong to changes; Space on the TF stepper's
"run all" prints, Enter on the grid's reset button resets it.
"""

from __future__ import annotations

import re

import pytest

from tests.browser import needs_chromium
from tests.journey_support import (
    RUN_ALL,
    chromium_per_module,  # noqa: F401  (the `chromium` fixture)
    lesson_path,
    load_shipped_lessons,
    open_page,
    wait_for_demos,
    wait_for_studio,
    words,
)

pytestmark = [*needs_chromium, pytest.mark.slow]

# How a control looks, in the properties a focus style may change instead of drawing an outline
# (an SVG handle's stroke, a button's background): compared with its look before the walk.
LOOK = """((el) => { const s = getComputedStyle(el);
  return [s.outlineStyle, s.boxShadow, s.stroke, s.strokeWidth, s.fill, s.backgroundColor,
          s.borderColor, s.color, s.textDecorationLine].join('|'); })"""

# Tags every control a student could use (visible, enabled) and reports how each belongs to a
# group whose members share one tab stop (a radio group, a grid or toolbar with a roving focus).
TAG_CONTROLS = """() => {
  const look = LOOK;
  const selector = 'a[href], button, input:not([type=hidden]), select, textarea, summary,'
    + ' audio[controls], video[controls], [tabindex], [contenteditable="true"], [role=button],'
    + ' [role=slider], [role=checkbox], [role=radio], [role=tab], [role=link], [role=switch]';
  const composite = '[role=grid], [role=toolbar], [role=radiogroup], [role=tablist],'
    + ' [role=listbox], [role=menu], [role=menubar], [role=tree]';
  const groups = new Map();
  const describe = (el) => {
    const name = (el.getAttribute('aria-label') || el.labels?.[0]?.innerText || el.innerText
      || el.value || el.getAttribute('title') || '').trim().replace(/\\s+/g, ' ').slice(0, 40);
    return `${el.tagName.toLowerCase()}${el.type ? '[type=' + el.type + ']' : ''}`
      + `${el.id ? '#' + el.id : ''} "${name}"`;
  };
  const usable = (el) => {
    if (el.disabled || el.closest('[inert]')) return false;
    if (el.tagName === 'SUMMARY' && el.parentElement.querySelector('summary') !== el) return false;
    if (!el.checkVisibility({ visibilityProperty: true })) return false;
    const box = el.getBoundingClientRect();
    return box.width > 0 && box.height > 0;
  };
  window.unfocusedLook = [];
  return [...document.querySelectorAll(selector)].filter(usable).map((el, index) => {
    el.dataset.kb = String(index);
    window.unfocusedLook[index] = look(el);
    const container = el.closest(composite);
    let group = null;
    if (el.type === 'radio') group = `radio ${el.form ? el.form.id : ''} ${el.name}`;
    else if (container) {
      if (!groups.has(container)) groups.set(container, `composite ${groups.size}`);
      group = groups.get(container);
    }
    return { id: el.dataset.kb, group, label: describe(el) };
  });
}""".replace("LOOK", LOOK)

# What Tab focused: its tag, and whether a focus indicator (outline or box shadow) is drawn once
# any transition on it has finished.
FOCUSED = """() => {
  const el = document.activeElement;
  if (!el || el === document.body) return null;
  el.getAnimations().forEach((animation) => animation.finish());
  const style = getComputedStyle(el);
  const outline = style.outlineStyle !== 'none' && parseFloat(style.outlineWidth) > 0;
  const id = el.dataset.kb ?? null;
  const changed = id !== null && LOOK(el) !== window.unfocusedLook[Number(id)];
  return { id, ring: outline || style.boxShadow !== 'none' || changed };
}""".replace("LOOK", LOOK)


def tab_through(page, controls: list[dict]) -> tuple[list[str], list[str]]:
    """Press Tab from the top of the page until every control was focused (or twice as many
    presses as controls); returns (controls never reached, controls focused without a visible
    focus indicator)."""
    page.evaluate("window.scrollTo(0, 0); document.activeElement?.blur()")
    reached: dict[str, bool] = {}
    for _ in range(2 * len(controls) + 10):
        page.keyboard.press("Tab")
        focused = page.evaluate(FOCUSED)
        if focused and focused["id"] is not None:
            reached[focused["id"]] = focused["ring"]
        if len(reached) == len(controls):
            break
    reached_groups = {c["group"] for c in controls if c["id"] in reached and c["group"]}
    unreachable = [
        c["label"]
        for c in controls
        if c["id"] not in reached and not (c["group"] and c["group"] in reached_groups)
    ]
    no_ring = [c["label"] for c in controls if reached.get(c["id"]) is False]
    return unreachable, no_ring


# Works each kind of native control from the keyboard and says which did not respond: a slider
# or a number box must change with the arrow keys, a select with ArrowDown, a checkbox with
# Space, a disclosure (summary) with Enter; a demo the control belongs to must change its state.
def operate(page, controls: list[dict]) -> list[str]:
    failures = []
    kinds = page.evaluate(f"[...document.querySelectorAll('[data-kb]')].map({CONTROL_KIND})")
    toggles = 0
    for control in controls:
        kind = kinds[int(control["id"])]
        if kind not in KEYS:
            continue
        if kind == "toggle":
            toggles += 1
            if toggles > SAMPLED_TOGGLES:  # 288 step-editor cells work alike
                continue
        element = page.locator(f'[data-kb="{control["id"]}"]')
        if not element.is_visible():
            continue  # an earlier control hid it (drums hide a melody's key and scale)
        before = element.evaluate(SNAPSHOT)
        key = KEYS[kind][1 if before["atEnd"] else 0]
        element.focus()
        page.keyboard.press(key)
        after = element.evaluate(SNAPSHOT)
        for _ in range(20):  # a demo may update its state a moment later (up to 2 s)
            if after["value"] != before["value"] and (
                kind == "summary" or before["demo"] is None or after["demo"] != before["demo"]
            ):
                break
            page.wait_for_timeout(100)
            after = element.evaluate(SNAPSHOT)
        if after["value"] == before["value"]:
            failures.append(f"{control['label']}: {key} did not change it")
        elif kind != "summary" and before["demo"] is not None and after["demo"] == before["demo"]:
            failures.append(f"{control['label']}: {key} changed it but not its demo's state")
    return failures


SAMPLED_TOGGLES = 6
# The key that must change a control of each kind, and the one used when it is at its maximum.
KEYS = {
    "range": ("ArrowRight", "ArrowLeft"),
    "aria-slider": ("ArrowUp", "ArrowDown"),
    "number": ("ArrowUp", "ArrowDown"),
    "select": ("ArrowDown", "ArrowUp"),
    "checkbox": ("Space", "Space"),
    "summary": ("Enter", "Enter"),
    "toggle": ("Enter", "Enter"),  # a button showing aria-pressed="false" (a step editor cell)
}
CONTROL_KIND = """(el) => el.tagName === 'SUMMARY' ? 'summary' : el.tagName === 'SELECT' ? 'select'
  : el.tagName === 'INPUT' ? el.type : el.getAttribute('role') === 'slider' ? 'aria-slider'
  : el.tagName === 'BUTTON' && el.getAttribute('aria-pressed') === 'false' ? 'toggle' : ''"""
SNAPSHOT = """(el) => {
  const root = el.closest('[data-demo]');
  const aria = el.tagName !== 'INPUT' && el.getAttribute('role') === 'slider';
  const value = el.tagName === 'SUMMARY' ? String(el.parentElement.open)
    : el.hasAttribute('aria-pressed') ? el.getAttribute('aria-pressed')
    : el.type === 'checkbox' ? String(el.checked)
    : aria ? el.getAttribute('aria-valuenow') : el.value;
  const atEnd = el.tagName === 'SELECT' ? el.selectedIndex === el.options.length - 1
    : aria ? Number(value) >= Number(el.getAttribute('aria-valuemax'))
    : el.max !== '' && el.max !== undefined && Number(el.value) >= Number(el.max);
  return { value, atEnd, demo: root?.demo?.getState ? JSON.stringify(root.demo.getState()) : null };
}"""


GRID_STATES = (
    "[...document.querySelectorAll('[data-demo=\"sigmoid-grid\"]')]"
    ".map((root) => JSON.stringify(root.demo.getState()))"
)


def press_buttons(page, lang: str, grid_states: list[str]) -> list[str]:
    """Buttons work from the keyboard: Space on the TF stepper's "run all" prints its lines;
    Enter on the grid's reset button brings back the values the page opened with (after the
    walk above moved its sliders)."""
    failures = []
    for stepper in page.locator('[data-demo="tf-graph"]').all():
        run_all = stepper.get_by_role("button", name=RUN_ALL)
        # New values send the stepper back to TensorFlow; the button waits for the answer.
        page.wait_for_function(
            "(button) => !button.disabled", arg=run_all.element_handle(), timeout=60_000
        )
        run_all.focus()
        page.keyboard.press("Space")
        try:  # the walk above changed a, b, c and steps, so any printed line will do
            stepper.locator(".tf-console").filter(has_text=re.compile(r"\d")).wait_for(
                timeout=60_000
            )
        except Exception:
            failures.append("TF stepper: Space on 'run all' printed nothing")
    reset = words(lang, "Reset to the lesson's values", "djangojs")
    for index, grid in enumerate(page.locator('[data-demo="sigmoid-grid"]').all()):
        grid.get_by_role("button", name=reset).focus()
        page.keyboard.press("Enter")
        if page.evaluate(GRID_STATES)[index] != grid_states[index]:
            failures.append("sigmoid grid: Enter on the reset button did not reset it")
    return failures


def draw_drums(page) -> None:
    """Open the step editor (its 9×32 cells are controls too)."""
    page.get_by_role("radio", name=words("en", "Draw it")).check()
    page.locator(".studio-grid").wait_for()


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize(
    "path, prepare",
    [
        (lesson_path("ja"), None),
        ("/en/demos/sigmoid-grid/", None),
        ("/ja/studio/generate/", None),
        ("/en/studio/groove/", draw_drums),
    ],
)
def test_every_control_is_reachable_by_tab_and_works_from_the_keyboard(
    chromium, live_server, path, prepare
):
    load_shipped_lessons()
    visit = open_page(chromium, live_server.url + path)
    if "/studio/" in path:
        wait_for_studio(visit.page)
    else:
        wait_for_demos(visit.page, visit.errors)
    if prepare:
        prepare(visit.page)
    grid_states = visit.page.evaluate(GRID_STATES)
    controls = visit.page.evaluate(TAG_CONTROLS)
    assert controls, f"{path}: no control found"
    unreachable, no_ring = tab_through(visit.page, controls)
    inoperable = operate(visit.page, controls)
    inoperable += press_buttons(visit.page, path.split("/")[1], grid_states)
    visit.close()
    problems = (
        [f"not reachable with Tab: {label}" for label in unreachable]
        + [f"no visible focus indicator: {label}" for label in no_ring]
        + [f"not operable: {text}" for text in inoperable]
    )
    assert not problems, (
        f"{path}: {len(problems)} keyboard problem(s) among {len(controls)} controls:\n"
        + "\n".join(problems)
    )
