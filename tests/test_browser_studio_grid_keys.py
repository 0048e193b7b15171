"""The step editor as an ARIA grid, driven by the keyboard in Chromium: one tab stop for the whole
grid, arrow keys / Home / End / PageUp / PageDown move it (switching the shown bar on a phone),
Space and Enter toggle and sound a cell, names in ja and en, and axe finds nothing in the open
grid at any impact. Screenshots: test-output/studio-grid-keys-*.png."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from tests.browser import OUTPUT, needs_chromium
from tests.journey_support import RUN_AXE, _axe_source

pytestmark = needs_chromium

FOCUSED = "() => document.activeElement.getAttribute('aria-label')"
TAB_STOPS = "() => document.querySelectorAll('.studio-grid [tabindex=\"0\"]').length"
STRUCTURE = """() => {
  const grid = document.querySelector('[role=grid]');
  const rows = [...grid.children];
  return {
    rows: rows.map((row) => row.getAttribute('role')),
    header_hidden: rows[0].getAttribute('aria-hidden'),
    first_row: [...rows[1].children].map((cell) => cell.getAttribute('role')).slice(0, 3),
    cells_are_buttons: [...grid.querySelectorAll('[role=gridcell]')]
      .every((cell) => cell.children.length === 1 && cell.firstChild.tagName === 'BUTTON'),
    described: document.getElementById(grid.getAttribute('aria-describedby')).textContent,
  };
}"""


def open_drawing(browser, url, width):
    page = browser.new_page(viewport={"width": width, "height": 900})
    errors: list[str] = []
    samples: list[str] = []
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    page.on("console", lambda msg: errors.append(msg.text) if msg.type == "error" else None)
    page.on(
        "response",
        lambda r: samples.append(r.url.rsplit("/", 1)[-1]) if "/studio/samples/" in r.url else None,
    )
    page.goto(url)
    page.wait_for_selector("html[data-studio-ready]")
    page.check("input[name=input__source][value=draw]")
    page.locator(".studio-grid").wait_for()
    return page, errors, samples


def tab_into_grid(page, before: str) -> int:
    """Focus ``before`` (the control just before the grid) and press Tab until a cell has focus."""
    page.locator(before).focus()
    for presses in range(1, 6):
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement.classList.contains('studio-cell')"):
            return presses
    raise AssertionError("Tab never reached the grid")


def all_violations(page) -> list[dict]:
    page.evaluate(_axe_source())
    found = page.evaluate(RUN_AXE, ["minor", "moderate", "serious", "critical"])
    return [v for v in found if any("studio-grid" in t or "studio-cell" in t for t in v["targets"])]


@pytest.mark.django_db(transaction=True)
def test_the_grid_is_one_tab_stop_moved_by_arrows_in_english(browser, live_server, studio):
    OUTPUT.mkdir(exist_ok=True)
    page, errors, samples = open_drawing(browser, f"{live_server.url}/en/studio/continue/", 1280)
    structure = page.evaluate(STRUCTURE)
    assert structure["rows"] == ["row"] * 26  # the hidden beat numbers, then C6 … C4
    assert structure["header_hidden"] == "true"
    assert structure["first_row"] == ["rowheader", "gridcell", "gridcell"]
    assert structure["cells_are_buttons"]
    assert "arrow keys" in structure["described"]
    assert page.evaluate(TAB_STOPS) == 1

    assert tab_into_grid(page, ".studio-draw-link") == 1
    assert page.evaluate(FOCUSED) == "C6, step 1"
    for _ in range(12):
        page.keyboard.press("ArrowDown")
    page.keyboard.press("ArrowRight")
    page.keyboard.press("ArrowRight")
    assert page.evaluate(FOCUSED) == "C5, step 3"
    page.keyboard.press("Space")
    cell = page.get_by_role("button", name="C5, step 3", exact=True)
    expect(cell).to_have_attribute("aria-pressed", "true")
    # It sounds, as a click does: its sample is fetched (polled here, where the response
    # handler runs; a count passed into the page would be frozen at the moment of the call).
    for _ in range(100):
        if samples:
            break
        page.wait_for_timeout(100)
    assert any(name.startswith("piano-") for name in samples), samples
    page.keyboard.press("ArrowDown")
    page.keyboard.press("Enter")  # melodies are one note a step: B4 replaces C5
    expect(page.get_by_role("button", name="B4, step 3", exact=True)).to_have_attribute(
        "aria-pressed", "true"
    )
    expect(cell).to_have_attribute("aria-pressed", "false")
    page.keyboard.press("PageDown")
    assert page.evaluate(FOCUSED) == "C4, step 3"  # clamped at the lowest row
    page.keyboard.press("PageUp")
    assert page.evaluate(FOCUSED) == "C5, step 3"  # an octave up from C4
    page.keyboard.press("End")
    assert page.evaluate(FOCUSED) == "C5, step 32"
    page.keyboard.press("Control+Home")
    assert page.evaluate(FOCUSED) == "C6, step 1"
    page.keyboard.press("Control+End")
    assert page.evaluate(FOCUSED) == "C4, step 32"
    assert page.evaluate(TAB_STOPS) == 1

    # Tab leaves the grid in one press; Shift+Tab comes back to the cell it left.
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.className").startswith("studio-button")
    page.keyboard.press("Shift+Tab")
    assert page.evaluate(FOCUSED) == "C4, step 32"
    page.locator(".studio-editor").screenshot(path=str(OUTPUT / "studio-grid-keys-en-1280.png"))
    assert all_violations(page) == []
    assert errors == []


@pytest.mark.django_db(transaction=True)
def test_on_a_phone_in_japanese_the_keys_switch_the_shown_bar(browser, live_server, studio):
    OUTPUT.mkdir(exist_ok=True)
    page, errors, _samples = open_drawing(browser, f"{live_server.url}/ja/studio/groove/", 390)
    views = page.locator(".studio-grid-view")
    assert views.count() == 4  # half a bar at a time
    tab_into_grid(page, ".studio-grid-view >> nth=3")
    first = page.evaluate(FOCUSED)
    assert first.endswith("、1番目のマス"), first
    for _ in range(8):
        page.keyboard.press("ArrowRight")
    assert page.evaluate(FOCUSED).endswith("、9番目のマス")
    expect(views.nth(1)).to_have_attribute("aria-pressed", "true")  # beats 3–4 now shown
    assert page.evaluate("document.activeElement.checkVisibility()")
    page.keyboard.press("Enter")
    expect(page.locator(".studio-cell:focus")).to_have_attribute("aria-pressed", "true")
    expect(views.nth(1)).to_have_class("studio-button studio-grid-view studio-grid-view-used")
    # The view buttons move the tab stop with them: it stays on a cell that can be seen.
    views.nth(3).click()
    stop = page.locator('.studio-grid [tabindex="0"]')
    assert stop.evaluate("(cell) => cell.checkVisibility()")
    assert stop.get_attribute("aria-label").endswith("、25番目のマス")
    assert page.evaluate(TAB_STOPS) == 1
    page.keyboard.press("Home")  # a click on a view button leaves the focus there: no move
    assert page.evaluate("document.activeElement.classList.contains('studio-grid-view')")
    page.locator(".studio-editor").screenshot(path=str(OUTPUT / "studio-grid-keys-ja-390.png"))
    assert all_violations(page) == []
    assert errors == []
