"""The Master tool in Chromium on a 390-px phone, in Japanese: upload a WAV, run it through the
worker thread, and read the report (loudness table, spectra, gain reduction) and the A/B player
at equal loudness. Screenshots: var/shots/master-*.png."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.browser import JAPANESE, needs_chromium
from tests.mastering_fixtures import RATE, detune, encode, music

SHOTS = Path.cwd() / "var" / "shots"

pytestmark = needs_chromium


@pytest.mark.django_db(transaction=True)
def test_master_a_wav_on_a_phone_in_japanese(browser, live_server, studio_models):
    SHOTS.mkdir(parents=True, exist_ok=True)
    errors: list[str] = []
    page = browser.new_page(viewport={"width": 390, "height": 844})
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    page.on("console", lambda msg: errors.append(msg.text) if msg.type == "error" else None)
    page.goto(f"{live_server.url}/ja/studio/master/")
    page.wait_for_selector("html[data-studio-ready]")
    assert page.locator("h1").inner_text() == "マスタリング"
    assert "Master Assistant" in page.locator(".studio-about").inner_text()
    page.screenshot(path=str(SHOTS / "master-form-ja-390.png"), full_page=True)

    # The form starts on the example tracks; the student uploads their own.
    assert page.locator("input[name=input__source][value=example]").is_checked()
    page.check("input[name=input__source][value=upload]")
    track = encode(detune(music(4.0, seed=3), -1.0, -6.0), RATE)
    page.set_input_files(
        "input[name=input]", files=[{"name": "song.wav", "mimeType": "audio/wav", "buffer": track}]
    )
    page.click("button.studio-generate")
    page.wait_for_selector(".studio-mastered", timeout=60_000)
    result = page.locator(".studio-mastered")
    assert "−14.0 LUFS" in result.locator("h3").inner_text()

    # The loudness table: before and after, measured numbers in both columns.
    header = result.locator(".master-loudness thead th").all_inner_texts()
    assert header[1:] == ["処理前", "処理後"]
    cells = result.locator(".master-loudness tbody td").all_inner_texts()
    assert len(cells) == 6 and all(cell != "—" for cell in cells), cells
    after_lufs = float(cells[1].replace("−", "-"))
    before_lufs = float(cells[0].replace("−", "-"))
    assert abs(after_lufs - -14.0) <= 0.5

    # Spectra (before and after; no reference) and the gain reduction are drawn.
    assert result.locator(".master-spectra path.master-line").count() == 2
    assert result.locator(".master-gr path.master-reduction").count() == 1

    # A/B at equal loudness: the louder (mastered) version is turned down to the quieter one.
    gains = result.locator(".master-version").evaluate_all(
        "buttons => buttons.map(b => [b.value, Number(b.dataset.gainDb)])"
    )
    gains = dict(gains)
    assert gains["input"] == 0
    assert gains["output"] == pytest.approx(before_lufs - after_lufs, abs=0.11)
    page.click(".master-version[value=input]")
    assert result.locator(".master-version[value=input]").get_attribute("aria-pressed") == "true"
    page.click(".master-play")
    page.wait_for_function(
        "[...document.querySelectorAll('.master-ab audio')].some(a => a.currentTime > 0.3)",
        timeout=15_000,
    )
    page.click(".master-play")  # pause
    assert JAPANESE.search(result.locator(".master-gain-note").inner_text())
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    page.screenshot(path=str(SHOTS / "master-result-ja-390.png"), full_page=True)
    page.uncheck(".master-match")
    assert result.locator(".master-version[value=output]").get_attribute("data-gain-db") == "0"

    # Again with a reference track: three columns, three spectra, three versions to compare.
    reference = encode(detune(music(4.0, seed=4), 1.5, 3.0), RATE)
    target = page.locator(".studio-field[data-field=target]")
    assert target.is_visible()
    page.check("input[name=reference__source][value=example]")
    # The reference's loudness replaces the target: the only setting, so its box goes too.
    assert target.is_hidden() and page.locator(".studio-settings").is_hidden()
    page.check("input[name=reference__source][value=none]")
    assert target.is_visible()
    page.check("input[name=reference__source][value=upload]")
    assert target.is_hidden()
    page.set_input_files(
        "input[name=reference]",
        files=[{"name": "ref.wav", "mimeType": "audio/wav", "buffer": reference}],
    )
    page.click("button.studio-generate")
    page.wait_for_selector(".studio-mastered h3:has-text('リファレンス')", timeout=60_000)
    result = page.locator(".studio-mastered")
    assert result.locator(".master-loudness thead th").count() == 4
    assert result.locator(".master-spectra path.master-line").count() == 3
    assert result.locator(".master-version").count() == 3
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    page.screenshot(path=str(SHOTS / "master-reference-ja-390.png"), full_page=True)
    assert errors == []


@pytest.mark.django_db(transaction=True)
def test_master_framed_in_a_slide_shows_its_result_in_the_frame(
    browser, live_server, studio_models
):
    """A teacher's 16:9 slide (960×540 frame), English: the embed starts on the example track,
    and after Generate the player, the loudness table and both charts are in view at once,
    beside the form, without scrolling the frame or the result column."""
    SHOTS.mkdir(parents=True, exist_ok=True)
    page = browser.new_page(viewport={"width": 960, "height": 540})
    page.goto(f"{live_server.url}/embed/master/?lang=en")
    page.wait_for_selector("html[data-studio-ready]")
    assert not page.locator(".studio-about").is_visible()  # the essay stays on the full page
    page.click("button.studio-generate")
    page.wait_for_selector(".studio-mastered .master-gr svg", timeout=60_000)
    page.screenshot(path=str(SHOTS / "master-embed-en-960x540.png"))
    assert page.evaluate("document.documentElement.scrollHeight") <= 540
    boxes = page.evaluate(
        """() => Object.fromEntries(['.master-ab', '.master-loudness', '.master-spectra svg',
            '.master-gr svg', '.studio-form'].map(s => {
              const r = document.querySelector(s).getBoundingClientRect();
              return [s, [r.left, r.top, r.right, r.bottom]];
            }))"""
    )
    for selector in (".master-ab", ".master-loudness", ".master-spectra svg", ".master-gr svg"):
        left, top, right, bottom = boxes[selector]
        assert top >= 0 and bottom <= 540 and right <= 960, (selector, boxes[selector])
        assert left >= boxes[".studio-form"][2], selector  # beside the form, not under it
    spectrum = boxes[".master-spectra svg"]
    assert spectrum[2] - spectrum[0] > 300 and spectrum[3] - spectrum[1] > 80  # readable
