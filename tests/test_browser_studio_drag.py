"""A result dragged out of the studio in Chromium: the MIDI link carries a "DownloadURL" drag
item (what Chromium turns into a file on the desktop or in a DAW) naming the same file the
download gives, at an address that serves it."""

from __future__ import annotations

import io
import re

import pretty_midi
import pytest

from tests.browser import needs_chromium

pytestmark = needs_chromium


@pytest.mark.django_db(transaction=True)
def test_a_result_drags_out_as_the_midi_file_it_downloads_as(browser, live_server, studio):
    page = browser.new_page(viewport={"width": 1280, "height": 900})
    page.goto(f"{live_server.url}/ja/studio/melody-rnn/")
    page.wait_for_selector("html[data-studio-ready]")
    page.fill("#field-num_outputs", "2")
    page.click("button.studio-generate")
    page.wait_for_selector(".studio-variation >> nth=1", timeout=60_000)
    link = page.locator(".studio-variation >> nth=1").locator("a.studio-midi")
    assert link.get_attribute("draggable") == "true"
    item = link.evaluate(
        """(a) => { const transfer = new DataTransfer();
            a.dispatchEvent(new DragEvent('dragstart', { dataTransfer: transfer, bubbles: true }));
            return transfer.getData('DownloadURL'); }"""
    )
    mime, name, url = re.fullmatch(r"([^:]+):([^:]+):(http.+)", item).groups()
    assert mime == "audio/midi" and url == link.evaluate("(a) => a.href")
    response = page.request.get(url)
    assert response.ok
    assert f'filename="{name}"' in response.headers["content-disposition"]
    assert name.endswith("-variation-2.mid")
    midi = pretty_midi.PrettyMIDI(io.BytesIO(response.body()))
    assert sum(len(instrument.notes) for instrument in midi.instruments) > 0


DROP = """([slot, uri, midi]) => {
  const transfer = new DataTransfer();
  if (uri) transfer.setData('text/uri-list', uri);
  if (midi) transfer.items.add(new File([new Uint8Array(midi)], 'mine.mid', { type: 'audio/midi' }));
  const target = document.querySelector(`.studio-input[data-slot=${slot}]`);
  for (const type of ['dragenter', 'dragover', 'drop']) {
    target.dispatchEvent(new DragEvent(type, { dataTransfer: transfer, bubbles: true, cancelable: true }));
  }
}"""


@pytest.mark.django_db(transaction=True)
def test_a_result_or_a_midi_file_dropped_on_another_tools_input_is_used(
    browser, live_server, studio
):
    """Drag a Melody RNN result onto Drumify's input (in English): it becomes the earlier
    output the input uses, named by its tool, and Drumify runs on it. A MIDI file dropped from
    the desktop becomes the upload instead."""
    page = browser.new_page(viewport={"width": 1280, "height": 900})
    page.goto(f"{live_server.url}/en/studio/melody-rnn/")
    page.wait_for_selector("html[data-studio-ready]")
    page.click("button.studio-generate")
    page.wait_for_selector(".studio-variation", timeout=60_000)
    uri = page.locator(".studio-variation").first.locator("a.studio-midi").evaluate("a => a.href")
    midi = page.request.get(uri).body()

    page.goto(f"{live_server.url}/en/studio/drumify/")
    page.wait_for_selector("html[data-studio-ready]")
    page.evaluate(DROP, ["input", uri, None])
    assert page.locator("input[name=input__source][value=job]").is_checked()
    page.wait_for_function(
        "document.querySelector('.studio-job-ref').textContent.includes('Melody RNN')"
    )
    page.click("button.studio-generate")
    page.wait_for_selector(".studio-variation", timeout=60_000)
    job = page.evaluate("fetch('/api/jobs/' + new URLSearchParams(location.search).get('job'))"
                        ".then(r => r.json())")  # fmt: skip
    assert job["status"] == "done" and job["inputs"]["input"]["source"].startswith("job:")

    page.evaluate(DROP, ["input", None, list(midi)])
    assert page.locator("input[name=input__source][value=upload]").is_checked()
    assert page.evaluate(
        "document.querySelector('input[type=file][name=input]').files[0].name"
    ) == ("mine.mid")
    assert page.locator(".studio-source[data-source=upload]").is_visible()


@pytest.mark.django_db(transaction=True)
def test_a_link_reopens_a_drawing_and_a_bad_one_opens_without_it(browser, live_server, studio):
    """Groove in Japanese on a laptop: draw kick and snare over 4 bars, take the drawing's link,
    open it in a fresh page: the same cells, the same length, ready to generate. A link whose
    drawing was tampered with opens the tool without a drawing."""
    page = browser.new_page(viewport={"width": 1280, "height": 900})
    page.goto(f"{live_server.url}/ja/studio/groove/?temperature=0.7")
    page.wait_for_selector("html[data-studio-ready]")
    page.check("input[name=input__source][value=draw]")
    page.select_option(".studio-bars", "4")
    cells = page.locator(".studio-grid .studio-cell")
    assert cells.count() == 9 * 64
    for index in (8 * 64 + 0, 7 * 64 + 4):  # kick, snare
        cells.nth(index).click()
    page.locator(".studio-grid-view").nth(1).click()  # bars 3 and 4
    cells.nth(8 * 64 + 40).click()  # a kick in bar 3
    page.get_by_role("button", name="この絵のリンク").click()
    field = page.locator(".studio-draw-link-field")
    href = field.input_value()
    assert "input_draw=4-" in href and "temperature=0.7" in href

    fresh = browser.new_page(viewport={"width": 1280, "height": 900})
    fresh.goto(href)
    fresh.wait_for_selector("html[data-studio-ready]")
    assert fresh.locator("input[name=input__source][value=draw]").is_checked()
    assert fresh.locator(".studio-bars").input_value() == "4"
    pressed = fresh.locator(".studio-grid .studio-cell").evaluate_all(
        "cells => cells.flatMap((c, i) => c.getAttribute('aria-pressed') === 'true' ? [i] : [])"
    )
    assert pressed == [7 * 64 + 4, 8 * 64 + 0, 8 * 64 + 40]
    assert fresh.locator("#field-temperature").input_value() == "0.7"
    fresh.click("button.studio-generate")
    fresh.wait_for_selector(".studio-variation", timeout=60_000)
    assert studio.calls[-1][0] == "groove"

    fresh.goto(href.replace("input_draw=4-", "input_draw=3-"))
    fresh.wait_for_selector("html[data-studio-ready]")
    assert not fresh.locator("input[name=input__source][value=draw]").is_checked()
    assert fresh.locator(".studio-source[data-source=draw]").is_hidden()
