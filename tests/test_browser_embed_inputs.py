"""A studio embed starts on the example clip its address names (?input=funk-beat,
?input_b=chords), "Open in Kanade" carries the clip the student picked in the frame, and
Interpolate's two slots start on different clips."""

import pytest

from tests.browser import needs_chromium

pytestmark = needs_chromium

SLOT = "document.querySelector('[data-slot=\"{slot}\"]')"


def slot_state(page, slot):
    root = SLOT.format(slot=slot)
    return page.evaluate(
        f"""() => ({{source: {root}.querySelector('input[type=radio]:checked').value,
                    example: {root}.querySelector('select').value,
                    shown: !{root}.querySelector('[data-source=example]').hidden}})"""
    )


@pytest.mark.django_db(transaction=True)
def test_example_clips_named_in_the_address_are_picked(browser, live_server):
    page = browser.new_page(viewport={"width": 960, "height": 540})
    errors = []
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    page.goto(f"{live_server.url}/embed/groove/?input=funk-beat&lang=en")
    page.wait_for_function("document.documentElement.dataset.studioReady === 'true'")
    assert slot_state(page, "input") == {"source": "example", "example": "funk-beat", "shown": True}

    # Melody RNN's input is optional ("None" by default): naming a clip picks "Example".
    page.goto(f"{live_server.url}/embed/melody-rnn/?input=bass-line")
    page.wait_for_function("document.documentElement.dataset.studioReady === 'true'")
    assert slot_state(page, "input") == {"source": "example", "example": "bass-line", "shown": True}

    page.goto(f"{live_server.url}/embed/interpolate/?input_b=chords&lang=en")
    page.wait_for_function("document.documentElement.dataset.studioReady === 'true'")
    assert slot_state(page, "input_b")["example"] == "chords"
    assert slot_state(page, "input_a")["example"] == "melody"  # untouched: the first clip
    # The student picks another clip for A: Open in Kanade takes both along.
    page.locator('[data-slot="input_a"] select').select_option("bass-line")
    page.locator(".embed-open").dispatch_event("pointerdown")
    href = page.evaluate("document.querySelector('.embed-open').href")
    assert "/en/studio/interpolate/?" in href
    assert "input_a=bass-line" in href and "input_b=chords" in href
    # ... and the studio page it opens starts on those clips too.
    page.goto(href)
    page.wait_for_function("document.documentElement.dataset.studioReady === 'true'")
    assert slot_state(page, "input_a")["example"] == "bass-line"
    assert slot_state(page, "input_b") == {"source": "example", "example": "chords", "shown": True}
    page.close()
    assert errors == []


@pytest.mark.django_db(transaction=True)
def test_interpolate_starts_on_two_clips_and_its_chosen_temperature(browser, live_server):
    """A clip blended with itself shows nothing, so B starts on another example, for either
    type; and the slider holds the tool's default temperature (0.25) instead of snapping it."""
    page = browser.new_page(viewport={"width": 390, "height": 844})
    errors = []
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    page.goto(f"{live_server.url}/ja/studio/interpolate/")
    page.wait_for_function("document.documentElement.dataset.studioReady === 'true'")
    assert slot_state(page, "input_a")["example"] == "melody"
    assert slot_state(page, "input_b") == {
        "source": "example",
        "example": "bass-line",
        "shown": True,
    }
    assert page.locator("input[name=temperature]").input_value() == "0.25"
    assert page.locator(".studio-field[data-field=temperature] output").inner_text() == "0.25"
    page.select_option("select[name=type]", "drums")
    assert slot_state(page, "input_a")["example"] == "rock-beat"
    assert slot_state(page, "input_b")["example"] == "funk-beat"
    page.close()
    assert errors == []


@pytest.mark.django_db(transaction=True)
def test_a_japanese_embed_keeps_its_language_after_generate(browser, live_server, studio):
    """The address names the job once it is submitted; it must keep ?lang=ja, or the polls
    (whose language the API reads from the page's address) answer in the browser's English."""
    page = browser.new_page(viewport={"width": 960, "height": 540}, locale="en-US")
    languages = []
    page.on(
        "response",
        lambda r: (
            languages.append(r.headers.get("content-language"))
            if "/api/jobs/" in r.url and r.request.resource_type == "fetch"
            else None
        ),
    )
    page.goto(f"{live_server.url}/embed/interpolate/?lang=ja")
    page.wait_for_function("document.documentElement.dataset.studioReady === 'true'")
    page.locator("button.studio-generate").click()
    page.wait_for_selector(".studio-variation >> nth=0", timeout=60_000)
    query = page.evaluate("Object.fromEntries(new URLSearchParams(location.search))")
    assert query["lang"] == "ja" and query["job"]
    assert languages and set(languages) == {"ja"}, languages
    page.close()
