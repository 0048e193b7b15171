"""The studio's inputs heard and played in Chromium: a toggled cell loads and sounds its sample,
the drawing plays with a cursor and grows to 8 bars, and a melody played on the computer
keyboard after a count-in lands in the step editor on the 16th grid.

Screenshots: test-output/studio-sound-*.png.
"""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from tests.browser import OUTPUT, needs_chromium

pytestmark = needs_chromium

PRESSED = """() => [...document.querySelectorAll('.studio-cell[aria-pressed=true]')]
  .map((cell) => cell.getAttribute('aria-label'))"""


def open_studio(browser, url, width=1280, height=900):
    page = browser.new_page(viewport={"width": width, "height": height})
    errors: list[str] = []
    samples: list[tuple[str, int]] = []
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    page.on("console", lambda msg: errors.append(msg.text) if msg.type == "error" else None)
    page.on(
        "response",
        lambda response: (
            samples.append((response.url.rsplit("/", 1)[-1], response.status))
            if "/studio/samples/" in response.url
            else None
        ),
    )
    page.goto(url)
    page.wait_for_selector("html[data-studio-ready]")
    return page, errors, samples


@pytest.mark.django_db(transaction=True)
def test_cells_sound_the_drawing_plays_and_grows_to_eight_bars(browser, live_server, studio):
    OUTPUT.mkdir(exist_ok=True)
    page, errors, samples = open_studio(browser, f"{live_server.url}/en/studio/continue/")
    page.check("input[name=input__source][value=draw]")
    page.get_by_role("button", name="C4, step 1", exact=True).click()
    page.get_by_role("button", name="E4, step 5", exact=True).click()
    page.get_by_role("button", name="G4, step 9", exact=True).click()
    page.wait_for_function(
        "document.querySelectorAll('.studio-cell[aria-pressed=true]').length === 3"
    )
    page.wait_for_timeout(500)
    assert ("piano-60.ogg", 200) in samples and ("piano-63.ogg", 200) in samples, samples
    play = page.get_by_role("button", name="Play", exact=True)
    play.click()
    expect(page.get_by_role("button", name="Stop", exact=True)).to_have_attribute(
        "data-active", "true"
    )
    page.wait_for_selector(".studio-cell.studio-now")
    page.screenshot(path=str(OUTPUT / "studio-sound-playing-en.png"), full_page=True)
    # A new tempo restarts the playback at once, which goes on playing (and says so).
    page.get_by_label("Tempo (BPM)").fill("100")
    page.get_by_label("Tempo (BPM)").press("Tab")
    expect(page.get_by_role("button", name="Stop", exact=True)).to_have_attribute(
        "data-active", "true"
    )
    # Two bars at 120 qpm last 4 s: the button comes back by itself.
    expect(page.get_by_role("button", name="Play", exact=True)).to_have_attribute(
        "data-active", "false", timeout=8000
    )
    assert page.locator(".studio-cell.studio-now").count() == 0
    page.get_by_label("Drawing length").select_option("8")
    assert page.locator(".studio-grid .studio-cell").count() == 25 * 128
    assert page.locator(".studio-grid-view").all_inner_texts() == [
        "Bars 1–2", "Bars 3–4", "Bars 5–6", "Bars 7–8"
    ]  # fmt: skip
    assert len(page.evaluate(PRESSED)) == 3  # the drawing survives a longer length
    expect(page.locator('[aria-label="C4, step 128"]')).to_be_attached()
    assert errors == []


@pytest.mark.django_db(transaction=True)
def test_a_melody_played_on_the_keyboard_lands_in_the_editor(browser, live_server, studio):
    page, errors, samples = open_studio(browser, f"{live_server.url}/en/studio/continue/")
    page.check("input[name=input__source][value=draw]")
    page.get_by_label("Tempo (BPM)").fill("90")
    page.get_by_label("Drawing length").select_option("1")
    page.get_by_role("button", name="Record", exact=True).click()
    expect(page.locator(".studio-editor")).to_have_attribute("data-recording", "count-in")
    page.wait_for_selector(".studio-editor[data-recording=recording]", timeout=10_000)
    # One bar at 90 qpm is 2.67 s: C4, E4, G4 and (an octave up with X) C5, a beat apart.
    for key in ("a", "d", "g", "x", "a"):
        if key == "x":
            page.keyboard.press("x")
            continue
        page.keyboard.down(key)
        page.wait_for_timeout(300)
        page.keyboard.up(key)
        page.wait_for_timeout(300)
    page.screenshot(path=str(OUTPUT / "studio-sound-recording-en.png"), full_page=True)
    expect(page.locator(".studio-editor")).not_to_have_attribute(
        "data-recording", "recording", timeout=10_000
    )
    pressed = page.evaluate(PRESSED)
    names = [label.split(",")[0] for label in pressed]
    assert set(names) == {"C4", "E4", "G4", "C5"}, pressed
    steps = {
        name: [int(label.rsplit(" ", 1)[-1]) for label in pressed if label.startswith(name + ",")]
        for name in names
    }
    assert min(steps["C4"]) < min(steps["E4"]) < min(steps["G4"]) < min(steps["C5"]), steps
    status = page.locator(".studio-record-status").inner_text()
    assert "recorded on the 16th grid" in status, status
    assert any(name.startswith("piano-") for name, _ in samples)
    # The recording is the drawing: Generate sends it.
    page.click("button.studio-generate")
    page.wait_for_selector(".studio-variation", timeout=60_000)
    assert studio.calls[-1][0] == "continue"
    assert errors == []


@pytest.mark.django_db(transaction=True)
def test_an_example_and_an_uploaded_file_can_be_heard_before_generating(
    browser, live_server, studio
):
    from studio.examples import example_midi

    page, errors, samples = open_studio(browser, f"{live_server.url}/en/studio/continue/")
    listen = page.get_by_role("button", name="Listen to the example")
    expect(listen).to_have_attribute("aria-pressed", "false")
    with page.expect_response("**/examples/melody.mid") as example:
        listen.click()
    assert example.value.status == 200
    expect(listen).to_have_attribute("aria-pressed", "true")
    page.wait_for_timeout(400)
    assert any(name.startswith("piano-") for name, _ in samples), samples
    listen.press("Enter")  # the keyboard stops it as well as a click
    expect(listen).to_have_attribute("aria-pressed", "false")
    page.check("input[name=input__source][value=upload]")
    heard = page.get_by_role("button", name="Listen to the chosen file")
    expect(heard).to_be_disabled()
    page.set_input_files(
        "input[name=input]",
        files=[{"name": "beat.mid", "mimeType": "audio/midi", "buffer": example_midi("rock-beat")}],
    )
    heard.click()
    expect(heard).to_have_attribute("aria-pressed", "true")
    page.wait_for_timeout(400)
    assert any(name.startswith("drum-") for name, _ in samples), samples
    page.screenshot(path=str(OUTPUT / "studio-sound-listen-en.png"))
    heard.click()
    expect(heard).to_have_attribute("aria-pressed", "false")
    assert errors == []


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("lang", ["ja", "en"])
@pytest.mark.parametrize("width", [1280, 390])
def test_the_transport_fits_a_laptop_and_a_phone_in_both_languages(
    browser, live_server, studio, lang, width
):
    OUTPUT.mkdir(exist_ok=True)
    page, errors, _ = open_studio(
        browser, f"{live_server.url}/{lang}/studio/continue/", width=width, height=844
    )
    listen = page.locator(".studio-listen").first.bounding_box()
    assert listen["x"] + listen["width"] <= width
    page.locator(".studio-input").screenshot(
        path=str(OUTPUT / f"studio-sound-example-{lang}-{width}.png")
    )
    page.check("input[name=input__source][value=draw]")
    transport = page.locator(".studio-transport")
    expect(transport).to_be_visible()
    # Every control is named (screen readers) and inside the page (nothing scrolls sideways).
    names = page.evaluate(
        """() => [...document.querySelectorAll(
            '.studio-transport button, .studio-transport select, .studio-transport input, .studio-listen'
          )].map((node) => node.labels?.[0]?.textContent || node.getAttribute('aria-label') || node.textContent)"""
    )
    assert len(names) == 8 and all(name.strip() for name in names), names
    assert page.evaluate("document.documentElement.scrollWidth") <= width
    right = page.evaluate(
        "Math.max(...[...document.querySelectorAll('.studio-transport > *')]"
        ".map((node) => node.getBoundingClientRect().right))"
    )
    assert right <= width, right
    if lang == "ja":
        assert "録音" in page.locator(".studio-transport").inner_text()
    page.locator('.studio-cell[aria-label^="C4"]').first.click()
    page.screenshot(path=str(OUTPUT / f"studio-sound-editor-{lang}-{width}.png"), full_page=True)
    # The results' player bar too: named controls, inside the page.
    page.click("button.studio-generate")
    page.wait_for_selector(".studio-results-player", timeout=60_000)
    player = page.evaluate(
        """() => [...document.querySelectorAll('.studio-results-player > *, .studio-play-one')]
          .map((node) => [node.getBoundingClientRect().right, node.innerText.trim()])"""
    )
    assert all(right <= width and words for right, words in player), player
    assert page.evaluate("document.documentElement.scrollWidth") <= width
    if lang == "ja":
        assert "楽器" in page.locator(".studio-results-player").inner_text()
    page.locator(".studio-results-player").scroll_into_view_if_needed()
    page.screenshot(path=str(OUTPUT / f"studio-sound-results-{lang}-{width}.png"))
    assert errors == []


# A MIDI keyboard for the page: Chromium offers Web MIDI, but a test machine has no device, so
# the one input the page is given is driven from the test (the page's own MIDI path runs).
FAKE_MIDI = """
window.fakeMidiInput = { onmidimessage: null };
navigator.requestMIDIAccess = () =>
  Promise.resolve({ inputs: new Map([["test", window.fakeMidiInput]]), onstatechange: null });
"""
SEND_MIDI = """([status, pitch, velocity]) => window.fakeMidiInput.onmidimessage(
  { data: new Uint8Array([status, pitch, velocity]), timeStamp: performance.now() })"""


@pytest.mark.django_db(transaction=True)
def test_drums_played_on_a_midi_keyboard_land_in_the_groove_editor(browser, live_server, studio):
    page = browser.new_page(viewport={"width": 1280, "height": 900})
    errors: list[str] = []
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    page.add_init_script(FAKE_MIDI)
    page.goto(f"{live_server.url}/ja/studio/groove/")
    page.wait_for_selector("html[data-studio-ready]")
    page.check("input[name=input__source][value=draw]")
    page.locator(".studio-tempo").fill("100")
    page.locator(".studio-bars").select_option("2")  # 4.8 s: Esc ends it early
    page.get_by_role("button", name="録音", exact=True).click()
    page.wait_for_selector(".studio-editor[data-recording=recording]", timeout=10_000)
    for pitch in (36, 38, 36, 38):  # kick, snare, kick, snare on channel 10, half a second apart
        page.evaluate(SEND_MIDI, [0x99, pitch, 110])
        page.wait_for_timeout(250)
        page.evaluate(SEND_MIDI, [0x89, pitch, 0])
        page.wait_for_timeout(250)
    # While recording, the hits are already in the grid and the cursor runs.
    assert page.locator(".studio-cell.studio-now").count() > 0
    page.keyboard.press("Escape")
    expect(page.locator(".studio-editor")).not_to_have_attribute("data-recording", "recording")
    pressed = page.evaluate(PRESSED)
    rows = page.evaluate(
        "JSON.parse(document.getElementById('studio-config').textContent).drumRows"
    )
    kick, snare = rows[-1]["label"], rows[-2]["label"]
    hits = [label.split("、")[0] for label in pressed]
    assert hits.count(kick) == 2 and hits.count(snare) == 2, pressed
    assert "録音しました" in page.locator(".studio-record-status").inner_text()
    page.screenshot(path=str(OUTPUT / "studio-sound-midi-drums-ja.png"), full_page=True)
    assert errors == []


CURSOR_X = """() => [...document.querySelectorAll('.studio-variation svg.studio-roll')].map((svg) =>
  Number(svg.querySelector('.studio-cursor').getAttribute('x1')) - Number(svg.dataset.labelWidth))"""


@pytest.mark.django_db(transaction=True)
def test_results_play_in_the_page_one_looped_or_all_in_a_row(browser, live_server, studio):
    page, errors, samples = open_studio(browser, f"{live_server.url}/en/studio/continue/")
    page.fill("#field-variations", "2")
    page.click("button.studio-generate")
    page.wait_for_selector(".studio-variation", timeout=60_000)
    player = page.get_by_role("group", name="Play the results in the page")
    player.get_by_label("Tempo (BPM)").fill("240")
    player.get_by_label("Tempo (BPM)").press("Tab")
    all_in_a_row = page.get_by_role("button", name="Play all in a row")
    all_in_a_row.click()
    expect(all_in_a_row).to_have_attribute("aria-pressed", "true")
    first = page.get_by_role("button", name="Play here · Variation 1")
    second = page.get_by_role("button", name="Play here · Variation 2")
    expect(first).to_have_attribute("aria-pressed", "true")
    page.wait_for_function(f"({CURSOR_X})()[0] > 0")
    page.screenshot(path=str(OUTPUT / "studio-sound-results-en.png"), full_page=True)
    # The first variation ends by itself and the second follows, its cursor moving.
    expect(second).to_have_attribute("aria-pressed", "true", timeout=20_000)
    page.wait_for_function(f"({CURSOR_X})()[1] > 0")
    expect(first).to_have_attribute("aria-pressed", "false")
    second.press("Enter")  # stops it, from the keyboard
    expect(all_in_a_row).to_have_attribute("aria-pressed", "false")
    # One variation looped: it is still playing after its own length.
    player.get_by_label("Loop").check()
    first.click()
    expect(first).to_have_attribute("aria-pressed", "true")
    steps = page.evaluate(
        "async () => { const id = new URLSearchParams(location.search).get('job');"
        " const job = await (await fetch('/api/jobs/' + id)).json(); return job.outputs[0].roll.steps; }"
    )
    page.wait_for_timeout(int(steps * 60 / 240 / 4 * 1000) + 800)
    expect(first).to_have_attribute("aria-pressed", "true")
    # Another instrument is heard at once (the playing part starts again with its samples).
    with page.expect_response("**/samples/gm73-*.ogg"):
        player.get_by_label("Instrument").select_option(label="Flute")
    expect(first).to_have_attribute("aria-pressed", "true")
    # The server's audio and the page's playback never sound together.
    page.evaluate("document.querySelector('.studio-variation audio').muted = true")
    page.evaluate("document.querySelector('.studio-variation audio').play()")
    expect(first).to_have_attribute("aria-pressed", "false")
    assert any(name.startswith("piano-") for name, _ in samples)
    assert errors == []


@pytest.mark.django_db(transaction=True)
def test_a_continued_bass_line_starts_on_the_nearest_instrument(browser, live_server, studio):
    """The bass example is GM program 33; its continuation keeps it, and the page's player,
    which has no bass samples, starts on the nearest offered instrument (the guitar)."""
    page, errors, _ = open_studio(browser, f"{live_server.url}/ja/studio/continue/")
    page.select_option("select[name=input_example]", "bass-line")
    page.fill("#field-variations", "1")
    page.click("button.studio-generate")
    page.wait_for_selector(".studio-results-player", timeout=60_000)
    program = page.evaluate(
        "async () => { const id = new URLSearchParams(location.search).get('job');"
        " return (await (await fetch('/api/jobs/' + id)).json()).outputs[0].roll.program; }"
    )
    assert program == 33
    assert page.locator(".studio-results-instrument").input_value() == "24"
    assert errors == []


@pytest.mark.django_db(transaction=True)
def test_a_slot_with_fewer_bars_offers_only_the_lengths_it_takes(browser, live_server, studio):
    page, errors, _ = open_studio(browser, f"{live_server.url}/en/studio/interpolate/")
    page.check("input[name=input_a__source][value=draw]")
    lengths = page.locator("[data-slot=input_a] .studio-bars option").all_inner_texts()
    assert lengths == ["1 bar", "2 bars", "4 bars"]  # Interpolate's clips are up to 4 bars
    assert errors == []
