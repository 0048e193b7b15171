"""A recording keeps its timing: the grid shows 16ths, but the MIDI file the page sends puts each
note where it was played, so the server reads the same 16ths with the same offsets (what Groove's
model is given). Driven by a stand-in Web MIDI input in Chromium."""

from __future__ import annotations

import re

import pytest

from tests.browser import needs_chromium

pytestmark = needs_chromium

FAKE_MIDI = """
window.fakeMidiInput = { onmidimessage: null };
navigator.requestMIDIAccess = () =>
  Promise.resolve({ inputs: new Map([["test", window.fakeMidiInput]]), onstatechange: null });
"""
# Hits 1.5 sixteenths apart (225 ms at 100 BPM), stamped in the recent past: whatever the phase
# against the metronome, every other hit is at least a quarter of a 16th off the grid.
PLAY_OFF_THE_GRID = """(pitches) => {
  const now = performance.now();
  pitches.forEach((pitch, i) => {
    const at = now - 1000 + i * 225;
    window.fakeMidiInput.onmidimessage({ data: new Uint8Array([0x99, pitch, 110]), timeStamp: at });
    window.fakeMidiInput.onmidimessage({ data: new Uint8Array([0x89, pitch, 0]), timeStamp: at + 50 });
  });
}"""
STEP_MS = 60_000 / 100 / 4


@pytest.mark.django_db(transaction=True)
def test_recorded_offsets_reach_the_server(browser, live_server, studio):
    page = browser.new_page(viewport={"width": 1280, "height": 900})
    errors: list[str] = []
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    page.add_init_script(FAKE_MIDI)
    page.goto(f"{live_server.url}/en/studio/groove/")
    page.wait_for_selector("html[data-studio-ready]")
    page.check("input[name=input__source][value=draw]")
    page.locator(".studio-tempo").fill("100")
    page.locator(".studio-bars").select_option("1")
    page.get_by_role("button", name="Record", exact=True).click()
    page.wait_for_selector(".studio-editor[data-recording=recording]", timeout=10_000)
    page.wait_for_timeout(1200)  # every stamped hit falls after the downbeat
    page.evaluate(PLAY_OFF_THE_GRID, [36, 38, 42, 38])
    page.keyboard.press("Escape")
    status = page.locator(".studio-record-status").inner_text()
    page_ms = int(re.search(r"on average (\d+) ms off it", status).group(1))
    assert page_ms >= 15, status  # played off the grid on purpose

    page.click("button.studio-generate")
    page.wait_for_selector(".studio-variation", timeout=60_000)
    job_id = page.url.split("job=")[1]
    job = page.evaluate(f"fetch('/api/jobs/{job_id}').then((r) => r.json())")
    notes = job["inputs"]["input"]["roll"]["notes"]
    assert len(notes) == 4
    starts = [start for _pitch, start, *_rest in notes]
    assert [b - a for a, b in zip(starts, starts[1:], strict=False)] in ([1, 2, 1], [2, 1, 2])
    # Played 1.5 sixteenths apart, read back 1.5 apart: each event maps to the beat through
    # one steady clock, to within the file's resolution (each offset to 1/48 of a 16th).
    played = [note[1] + note[4] for note in notes]
    gaps = [b - a for a, b in zip(played, played[1:], strict=False)]
    assert all(abs(gap - 1.5) <= 1 / 24 + 1e-9 for gap in gaps), gaps
    server_ms = sum(abs(note[4]) for note in notes) / len(notes) * STEP_MS
    # The same timing, to within the file's resolution (a tick is 1/24 of a 16th: 6 ms here).
    assert abs(server_ms - page_ms) <= 7, (server_ms, page_ms, notes)
    assert errors == []
