"""The studio in Chromium: generate (real worker thread), play (the audio loads and the cursor
moves), download, send to Drumify, merge with the input, and a field error.

Models are the rule-based stand-in from studio_support (the studio's behaviour is under test here;
test_studio_models.py runs the trained models). Screenshots: test-output/studio-*.png.
"""

from __future__ import annotations

import io
import re
from pathlib import Path

import pytest
from playwright.sync_api import expect

from inference.music.midi_io import read_midi
from tests.browser import OUTPUT, needs_chromium

# The step editor's visible cells and row names, as laid out.
GRID_GEOMETRY = """() => {
  const shown = (node) => !node.hidden && node.getClientRects().length > 0;
  const cells = [...document.querySelectorAll('.studio-grid .studio-cell')].filter(shown);
  const boxes = cells.map((cell) => cell.getBoundingClientRect());
  const labels = [...document.querySelectorAll('.studio-grid .studio-grid-label')];
  const grid = document.querySelector('.studio-grid');
  return {
    visible_cells: cells.length,
    min_cell_width: Math.min(...boxes.map((box) => box.width)),
    min_cell_height: Math.min(...boxes.map((box) => box.height)),
    grid_right: Math.max(...boxes.map((box) => box.right)),
    overflowing: grid.scrollWidth - grid.clientWidth,
    labels: labels.map((label) => label.textContent),
    cut_labels: labels.filter((label) => label.scrollWidth > label.clientWidth + 1
      || label.getBoundingClientRect().left < 0).map((label) => label.textContent),
  };
}"""

# Plays the first result muted, then seeks to the middle of it; reports what the element says.
SEEK_TO_MIDDLE = """async () => {
  const audio = document.querySelector('.studio-variation audio');
  const jobId = new URLSearchParams(location.search).get('job');
  const job = await (await fetch('/api/jobs/' + jobId)).json();
  const output = job.outputs[0].roll;
  const musicSteps = Math.max(...output.notes.map((note) => note[2]));
  audio.muted = true;
  await audio.play();
  const middle = audio.duration / 2;
  audio.currentTime = middle;
  await new Promise((resolve) => audio.addEventListener('seeked', resolve, { once: true }));
  await new Promise((resolve) => setTimeout(resolve, 300));
  const after = audio.currentTime;
  audio.pause();
  return {
    music: (musicSteps * 60) / output.qpm / 4,
    duration: audio.duration,
    seekable_end: audio.seekable.length ? audio.seekable.end(0) : 0,
    after_seek: after,
  };
}"""

pytestmark = needs_chromium


def downloaded_bytes(download) -> bytes:
    return Path(download.path()).read_bytes()


@pytest.mark.django_db(transaction=True)
def test_generate_play_download_send_to_drumify(browser, live_server, studio):
    OUTPUT.mkdir(exist_ok=True)
    errors: list[str] = []
    page = browser.new_page(viewport={"width": 1280, "height": 900}, accept_downloads=True)
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    page.goto(f"{live_server.url}/en/studio/melody-rnn/")
    page.wait_for_selector("html[data-studio-ready]")
    assert page.locator("h1").all_inner_texts() == ["Melody RNN (attention_rnn)"]

    # A field error is shown at its field, and nothing is generated.
    page.fill("#field-num_steps", "8")
    page.click("button.studio-generate")
    error = page.locator("[data-field=num_steps] .studio-field-error")
    error.wait_for(state="visible")
    assert "must be from 16 to 512" in error.inner_text()

    page.fill("#field-num_steps", "64")
    page.fill("#field-num_outputs", "2")
    page.fill("#field-primer_melody", "[60, -2, 64, -2, 67]")
    page.click("button.studio-generate")
    page.wait_for_selector(".studio-variation >> nth=1", timeout=60_000)
    assert "Done" in page.locator(".studio-status").inner_text()
    assert page.locator(".studio-variation").count() == 2
    assert page.locator(".studio-variation").first.locator("rect.studio-note").count() > 0
    assert "?job=" in page.url  # a reload shows the same job

    # Play: the OGG loads, plays, and the piano-roll cursor follows it.
    page.wait_for_function(
        "document.querySelector('.studio-variation audio').readyState >= 2", timeout=30_000
    )
    duration = page.evaluate("document.querySelector('.studio-variation audio').duration")
    assert duration > 1.0
    page.evaluate(
        "(() => { const a = document.querySelector('.studio-variation audio');"
        " a.muted = true; return a.play(); })()"
    )
    page.wait_for_function(
        "document.querySelector('.studio-variation audio').currentTime > 0.5", timeout=15_000
    )
    cursor_x = page.locator(".studio-variation .studio-cursor").first.get_attribute("x1")
    assert float(cursor_x) > 110  # moved right of the label column

    # The whole length is known up front (byte ranges) and is the music plus a short release;
    # seeking to the middle stays there instead of jumping back to 0.
    audio = page.evaluate(SEEK_TO_MIDDLE)
    assert audio["music"] > 1.0
    assert audio["music"] + 0.5 <= audio["duration"] <= audio["music"] + 1.0, audio
    assert audio["seekable_end"] == pytest.approx(audio["duration"], abs=0.05)
    assert audio["after_seek"] >= audio["duration"] / 2 - 0.05, audio

    # The seed of the result is shown and goes back into the form in one click.
    seed = page.locator(".studio-seed strong").inner_text()
    assert seed.isdigit()
    page.fill("#field-num_steps", "32")
    page.click("button.studio-use-seed")
    assert page.input_value("#field-seed") == seed
    assert page.input_value("#field-num_steps") == "64"
    page.screenshot(path=str(OUTPUT / "studio-melody-rnn-en.png"), full_page=True)

    # Download a variation's MIDI.
    with page.expect_download() as info:
        page.locator(".studio-variation a.studio-midi").first.click()
    melody = read_midi(downloaded_bytes(info.value), "melody")
    assert melody.notes

    # Send it to Drumify, generate there, and download drums + melody as one file.
    page.locator(".studio-variation").first.get_by_role("link", name="Drumify").click()
    page.wait_for_url("**/en/studio/drumify/?input_job=*")
    page.wait_for_selector("html[data-studio-ready]")
    assert page.locator("input[name=input__source][value=job]").is_checked()
    # The earlier output is named by its tool, not by a job id.
    expect(page.locator("[data-slot=input] .studio-job-ref")).to_have_text(
        "Melody RNN (attention_rnn) · Variation 1"
    )
    page.click("button.studio-generate")
    page.wait_for_selector(".studio-variation", timeout=60_000)
    roll_labels = page.locator(".studio-variation .studio-row-label").all_text_contents()
    assert roll_labels[-1] == "Kick" and len(roll_labels) == 9
    with page.expect_download() as info:
        page.locator("a.studio-merge-input").first.click()
    import pretty_midi

    merged = downloaded_bytes(info.value)
    tracks = pretty_midi.PrettyMIDI(io.BytesIO(merged)).instruments
    assert sorted(t.is_drum for t in tracks) == [False, True]
    page.screenshot(path=str(OUTPUT / "studio-drumify-en.png"), full_page=True)
    assert errors == []


@pytest.mark.django_db(transaction=True)
def test_drum_editor_and_phone_layout_in_japanese(browser, live_server, studio):
    OUTPUT.mkdir(exist_ok=True)
    errors: list[str] = []
    page = browser.new_page(viewport={"width": 390, "height": 844})
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    page.goto(f"{live_server.url}/ja/studio/")
    assert page.locator("h1").all_inner_texts() == ["生成スタジオ"]
    assert page.locator(".studio-tool-card").count() == 8  # the five, Melody RNN, Master, NSynth
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    page.screenshot(path=str(OUTPUT / "studio-index-ja-phone.png"), full_page=True)
    page.get_by_role("link", name="Groove(人間らしいノリ)").click()
    page.wait_for_url("**/ja/studio/groove/")
    page.wait_for_selector("html[data-studio-ready]")
    assert page.locator("h1").count() == 1
    page.check("input[name=input__source][value=draw]")
    cells = page.locator(".studio-grid .studio-cell")
    assert cells.count() == 9 * 32
    # On a phone the grid shows half a bar at a time: finger-sized cells, every drum's whole
    # name beside them, nothing scrolling sideways.
    grid = page.evaluate(GRID_GEOMETRY)
    assert grid["visible_cells"] == 9 * 8, grid
    assert grid["min_cell_width"] >= 24 and grid["min_cell_height"] >= 24, grid
    assert grid["grid_right"] <= 390 and grid["overflowing"] == 0, grid
    assert grid["cut_labels"] == [] and "クローズド・ハイハット" in grid["labels"], grid
    views = page.locator(".studio-grid-view")
    assert views.all_inner_texts() == [
        "1小節目 1〜2拍", "1小節目 3〜4拍", "2小節目 1〜2拍", "2小節目 3〜4拍"
    ]  # fmt: skip
    for index in (8 * 32 + 0, 7 * 32 + 4):  # kick on beat 1, snare on beat 2
        cells.nth(index).click()
    views.nth(1).click()
    for index in (8 * 32 + 8, 7 * 32 + 12):  # the same on beats 3 and 4
        cells.nth(index).click()
    assert cells.nth(0).is_hidden() and cells.nth(8).is_visible()
    expect(views.nth(0)).to_have_class(re.compile("studio-grid-view-used"))
    page.screenshot(path=str(OUTPUT / "studio-groove-editor-ja-phone.png"), full_page=True)
    page.click("button.studio-generate")
    page.wait_for_selector(".studio-variation", timeout=60_000)
    assert "できました" in page.locator(".studio-status").inner_text()
    assert studio.calls[-1][0] == "groove"
    # The result's drum names stay inside the roll's label column, the longest included.
    widest = page.evaluate(
        "Math.max(...[...document.querySelectorAll('.studio-variation .studio-row-label')]"
        ".map((label) => label.getBBox().x + label.getBBox().width))"
    )
    first_note = page.evaluate(
        "Math.min(...[...document.querySelectorAll('.studio-variation rect.studio-row-even')]"
        ".map((row) => Number(row.getAttribute('x'))))"
    )
    assert widest <= first_note, (widest, first_note)
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    page.screenshot(path=str(OUTPUT / "studio-groove-ja-phone.png"), full_page=True)
    assert errors == []


@pytest.mark.django_db(transaction=True)
def test_settings_in_the_url_start_the_form_and_bad_ones_are_ignored(browser, live_server, studio):
    errors: list[str] = []
    page = browser.new_page(viewport={"width": 1280, "height": 900})
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    page.goto(f"{live_server.url}/en/studio/generate/?type=drums&temperature=1.6&variations=3")
    page.wait_for_selector("html[data-studio-ready]")
    assert page.locator("select[name=type]").input_value() == "drums"
    assert page.locator("input[name=temperature]").input_value() == "1.6"
    assert page.locator("[data-field=temperature] output").inner_text() == "1.6"
    assert page.locator("input[name=variations]").input_value() == "3"

    page.goto(f"{live_server.url}/en/studio/generate/?type=bass&temperature=9&variations=2.5")
    page.wait_for_selector("html[data-studio-ready]")
    assert page.locator("select[name=type]").input_value() == "melody"  # the tool's default
    assert page.locator("input[name=temperature]").input_value() == "0.5"  # the default
    assert page.locator("input[name=variations]").input_value() == "8"
    assert errors == []
    page.close()
