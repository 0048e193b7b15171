"""A result dragged out of the studio in Chromium: the MIDI link carries a "DownloadURL" drag
item (what Chromium turns into a file on the desktop or in a DAW) naming the same file the
download gives, at an address that serves it."""

from __future__ import annotations

import io
import re

import pretty_midi
import pytest

from studio import worker
from tests.browser import needs_chromium
from tests.studio_support import install_rule_engine

pytestmark = needs_chromium


@pytest.fixture
def studio(settings, monkeypatch):
    settings.KANADE_JOBS_EAGER = False
    settings.KANADE_WORKER_WARMUP = False
    yield install_rule_engine(monkeypatch)
    worker.stop_worker()


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
