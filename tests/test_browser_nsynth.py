"""The NSynth tool in Chromium on the committed weights: on a 390-px phone in Japanese a student
picks two instruments, generates, gets the four players and spectrograms without sideways
scrolling, and plays the blend on the keyboard (a touch on a key and a computer key). In English
at 1280 px, four instruments on the pad. Screenshots: var/shots/nsynth-*.png."""

from __future__ import annotations

from pathlib import Path

import pytest

from inference.shared.checkpoints import has_weights
from tests.browser import JAPANESE, needs_chromium

SHOTS = Path.cwd() / "var" / "shots"

pytestmark = [
    *needs_chromium,
    pytest.mark.skipif(not has_weights("nsynth"), reason="the nsynth weights are not here"),
]


def open_tool(browser, url: str, width: int, height: int):
    errors: list[str] = []
    page = browser.new_page(viewport={"width": width, "height": height})
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    page.on("console", lambda msg: errors.append(msg.text) if msg.type == "error" else None)
    page.goto(url)
    page.wait_for_selector("html[data-studio-ready]")
    return page, errors


def generate(page, errors: list[str], sounds: int = 4) -> None:
    page.click("button.studio-generate")
    page.wait_for_function(
        "document.querySelector('.nsynth-result .nsynth-keys')"
        " || document.querySelector('.studio-status[data-state=error]')",
        timeout=120_000,
    )
    assert not errors and page.locator(".nsynth-keys").count() == 1, (
        errors,
        page.locator(".studio-status").inner_text(),
    )
    result = page.locator(".nsynth-result")
    assert result.locator("audio").count() == sounds
    assert result.locator("canvas.nsynth-spectrogram").count() == sounds
    labels = result.locator("canvas.nsynth-spectrogram").evaluate_all(
        "canvases => canvases.map(c => c.getAttribute('aria-label'))"
    )
    assert all("Hz" in label for label in labels), labels
    # The canvases were drawn: some pixel of each is not black.
    drawn = result.locator("canvas.nsynth-spectrogram").evaluate_all(
        """canvases => canvases.map(c => {
            const data = c.getContext('2d').getImageData(0, 0, c.width, c.height).data;
            return data.some((v, i) => i % 4 !== 3 && v > 100);
        })"""
    )
    assert drawn == [True] * sounds


@pytest.mark.django_db(transaction=True)
def test_nsynth_on_a_phone_in_japanese_then_in_english(browser, live_server, studio_models):
    SHOTS.mkdir(parents=True, exist_ok=True)
    page, errors = open_tool(browser, f"{live_server.url}/ja/studio/nsynth/", 390, 844)
    assert page.locator("h1").inner_text() == "NSynth"
    assert "WaveNet" in page.locator(".studio-about").inner_text()
    options = page.locator("select[name=a] option").all_inner_texts()
    assert any("テスト用" in option for option in options)  # held-out instruments are marked
    page.select_option("select[name=a]", "vibraphone")
    page.select_option("select[name=b]", "alto-sax")
    assert JAPANESE.search(page.locator(".nsynth-range").inner_text())
    page.fill("input[name=pitch]", "62")
    generate(page, errors)
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    heading = page.locator(".nsynth-result h3").inner_text()
    assert "ビブラフォン" in heading and "アルトサックス" in heading
    page.locator(".nsynth-keyboard").scroll_into_view_if_needed()
    page.screenshot(path=str(SHOTS / "nsynth-result-ja-390.png"), full_page=True)

    # A touch (mouse) on the key of the chosen pitch sounds it from the sprite.
    key = page.get_by_role("button", name="D4 (62)")  # each key is named for screen readers
    box = key.bounding_box()
    page.mouse.move(box["x"] + box["width"] / 2, box["y"] + box["height"] - 10)
    page.mouse.down()
    page.wait_for_selector(".nsynth-keys[data-played='62']", timeout=15_000)
    assert key.get_attribute("aria-pressed") == "true"
    page.mouse.up()
    assert key.get_attribute("aria-pressed") == "false"
    # The computer's A key plays the C at or under the chosen pitch (C4 = 60).
    page.keyboard.down("a")
    page.wait_for_selector(".nsynth-keys[data-played='60']", timeout=5_000)
    page.keyboard.up("a")
    assert errors == []

    # The English page at a laptop's width, with the same kind of result.
    page, errors = open_tool(browser, f"{live_server.url}/en/studio/nsynth/", 1280, 900)
    page.select_option("select[name=a]", "electric-piano")
    page.select_option("select[name=b]", "strings")
    # With C and D the pad appears; a touch on it sets the mix (x) and y sliders.
    assert page.locator(".studio-field[data-field=y]").is_hidden()
    page.select_option("select[name=c]", "flute")
    page.select_option("select[name=d]", "trumpet")
    pad = page.locator(".nsynth-pad")
    pad.scroll_into_view_if_needed()
    box = pad.bounding_box()
    page.mouse.click(box["x"] + 0.75 * box["width"], box["y"] + 0.25 * box["height"])
    assert page.locator("input[name=mix]").input_value() == "0.75"
    assert page.locator("input[name=y]").input_value() == "0.75"
    assert "60 (C4)" in page.locator(".nsynth-range").inner_text()  # all four: 60-76
    generate(page, errors, sounds=6)
    heading = page.locator(".nsynth-result h3").inner_text()
    assert "Electric piano" in heading and "(0.75, 0.75)" in heading
    assert page.evaluate("document.documentElement.scrollWidth") <= 1280
    page.screenshot(path=str(SHOTS / "nsynth-result-en-1280.png"), full_page=True)
    assert errors == []


@pytest.mark.django_db(transaction=True)
def test_nsynth_framed_in_a_slide_shows_the_four_sounds_in_the_frame(
    browser, live_server, studio_models
):
    """A teacher's 16:9 slide (960×540), English, with a preset in the address: after Generate
    the four players and spectrograms are in view beside the form, and the keyboard is one scroll
    of the results column away and plays."""
    SHOTS.mkdir(parents=True, exist_ok=True)
    url = f"{live_server.url}/embed/nsynth/?lang=en&a=vibraphone&b=trumpet&mix=0.4&pitch=62"
    page, errors = open_tool(browser, url, 960, 540)
    assert page.locator("select[name=a]").input_value() == "vibraphone"
    assert page.locator("input[name=mix]").input_value() == "0.4"
    generate(page, errors)
    page.screenshot(path=str(SHOTS / "nsynth-embed-en-960x540.png"))
    assert page.evaluate("document.documentElement.scrollHeight") <= 540
    form = page.locator(".studio-form").bounding_box()
    for index in range(4):
        box = page.locator(".nsynth-card").nth(index).bounding_box()
        assert box["y"] >= 0 and box["y"] + box["height"] <= 540, (index, box)
        assert box["x"] >= form["x"] + form["width"] and box["x"] + box["width"] <= 960, index
    page.locator(".nsynth-keys").scroll_into_view_if_needed()
    page.screenshot(path=str(SHOTS / "nsynth-embed-keys-en-960x540.png"))
    key = page.get_by_role("button", name="D4 (62)").bounding_box()
    page.mouse.move(key["x"] + key["width"] / 2, key["y"] + key["height"] - 8)
    page.mouse.down()
    page.wait_for_selector(".nsynth-keys[data-played='62']", timeout=15_000)
    page.mouse.up()
    assert errors == []


@pytest.mark.django_db(transaction=True)
def test_a_four_instrument_pad_framed_in_a_slide(browser, live_server, studio_models):
    """The 2-D pad in a teacher's 16:9 slide, Japanese, four instruments and a pad position in
    the address: the pad fits the frame beside nothing cut off, a touch moves the position, and
    after Generate the six sounds are there with the blend's card in view."""
    SHOTS.mkdir(parents=True, exist_ok=True)
    preset = "a=electric-piano&b=strings&c=flute&d=trumpet&mix=0.25&y=0.75&pitch=67"
    page, errors = open_tool(browser, f"{live_server.url}/embed/nsynth/?lang=ja&{preset}", 960, 540)
    assert page.locator("select[name=d]").input_value() == "trumpet"
    pad = page.locator(".nsynth-pad")
    assert pad.is_visible()
    box = pad.bounding_box()
    assert box["y"] >= 0 and box["y"] + box["height"] <= 540 and box["x"] + box["width"] <= 960
    page.screenshot(path=str(SHOTS / "nsynth-embed-pad-ja-960x540.png"))
    page.mouse.click(box["x"] + 0.5 * box["width"], box["y"] + 0.5 * box["height"])
    assert page.locator("input[name=mix]").input_value() == "0.5"
    assert page.locator("input[name=y]").input_value() == "0.5"
    generate(page, errors, sounds=6)
    page.screenshot(path=str(SHOTS / "nsynth-embed-pad-result-ja-960x540.png"))
    assert page.evaluate("document.documentElement.scrollWidth") <= 960
    first = page.locator(".nsynth-card").first.bounding_box()
    assert first["y"] >= 0 and first["y"] + first["height"] <= 540
    assert errors == []
