"""A MIDI result's downloads in Chromium: MIDI, WAV (rendered by the server on the first click)
and OGG, named in each language; on a 390-px phone in Japanese and at 1280 px in English.
Screenshots: test-output/studio-downloads-*.png."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
import soundfile

from studio import audio
from tests.browser import OUTPUT, needs_chromium
from tests.ci import skip_unless_available

pytestmark = [
    *needs_chromium,
    skip_unless_available(
        audio.audio_unavailable_reason() is not None, "FluidSynth or its SoundFont is missing"
    ),
]


def generate_two(page, base: str, lang: str) -> None:
    page.goto(f"{base}/{lang}/studio/generate/")
    page.wait_for_selector("html[data-studio-ready]")
    page.fill("#field-variations", "2")
    page.click("button.studio-generate")
    page.wait_for_selector(".studio-variation >> nth=1", timeout=60_000)


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize(
    ("lang", "width", "labels"),
    [
        ("en", 1280, ["MIDI", "WAV (CD quality)", "OGG (smaller)"]),
        ("ja", 390, ["MIDI", "WAV(CD音質)", "OGG(軽量)"]),
    ],
)
def test_a_result_downloads_as_midi_wav_and_ogg(browser, live_server, studio, lang, width, labels):
    OUTPUT.mkdir(exist_ok=True)
    errors: list[str] = []
    page = browser.new_page(viewport={"width": width, "height": 900}, accept_downloads=True)
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    generate_two(page, live_server.url, lang)
    second = page.locator(".studio-variation").nth(1)
    group = second.locator(".studio-downloads")
    title = "Variation 2" if lang == "en" else "バリエーション 2"
    expected_group = f"Download {title}" if lang == "en" else f"{title}をダウンロード"
    assert group.get_attribute("role") == "group"
    assert group.get_attribute("aria-label") == expected_group
    assert group.locator("a").all_inner_texts() == labels
    assert page.evaluate("document.documentElement.scrollWidth") <= width  # nothing overflows

    with page.expect_download() as info:
        group.locator("a.studio-wav").click()
    job = page.url.split("job=")[1][:8]
    assert info.value.suggested_filename == f"kanade-generate-{job}-variation-2.wav"
    data = Path(info.value.path()).read_bytes()
    sound = soundfile.info(io.BytesIO(data))
    assert (sound.format, sound.samplerate, sound.channels) == ("WAV", 44_100, 2)
    samples, _rate = soundfile.read(io.BytesIO(data))
    assert sound.duration > 1.0 and abs(samples).max() > 0.01

    with page.expect_download() as info:
        group.locator("a.studio-ogg").click()
    assert info.value.suggested_filename == f"kanade-generate-{job}-variation-2.ogg"
    assert Path(info.value.path()).read_bytes()[:4] == b"OggS"

    second.scroll_into_view_if_needed()
    second.screenshot(path=str(OUTPUT / f"studio-downloads-{lang}-{width}.png"))
    assert errors == []
