"""The studio in Chromium: generate (real worker thread), play (the audio loads and the cursor
moves), download, send to Drumify, merge with the input, and a field error.

Models are the rule-based stand-in from studio_support (the studio's behaviour is under test here;
test_studio_models.py runs the trained models). Screenshots: test-output/studio-*.png.
"""

from __future__ import annotations

import io
from pathlib import Path

import pytest

from courses.studio import worker
from inference.midi_io import read_midi
from tests.browser import OUTPUT, needs_chromium
from tests.studio_support import install_rule_engine

pytestmark = needs_chromium


@pytest.fixture
def studio(settings, monkeypatch):
    """The embedded default: jobs go to the worker thread, not run in the request."""
    settings.KANADE_JOBS_EAGER = False
    settings.KANADE_WORKER_WARMUP = False
    engine = install_rule_engine(monkeypatch)
    yield engine
    worker.stop_worker()


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
    assert "between 16 and 512" in error.inner_text()

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
    assert page.locator(".studio-tool-card").count() == 6
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    page.screenshot(path=str(OUTPUT / "studio-index-ja-phone.png"), full_page=True)
    page.get_by_role("link", name="Groove(人間らしいノリ)").click()
    page.wait_for_url("**/ja/studio/groove/")
    page.wait_for_selector("html[data-studio-ready]")
    assert page.locator("h1").count() == 1
    page.check("input[name=input__source][value=draw]")
    cells = page.locator(".studio-grid .studio-cell")
    assert cells.count() == 9 * 32
    for index in (8 * 32 + 0, 8 * 32 + 8, 7 * 32 + 4, 7 * 32 + 12):  # kick and snare rows
        cells.nth(index).click()
    page.click("button.studio-generate")
    page.wait_for_selector(".studio-variation", timeout=60_000)
    assert "できました" in page.locator(".studio-status").inner_text()
    assert studio.calls[-1][0] == "groove"
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
    assert page.locator("input[name=temperature]").input_value() == "1"
    assert page.locator("input[name=variations]").input_value() == "8"
    assert errors == []
    page.close()
