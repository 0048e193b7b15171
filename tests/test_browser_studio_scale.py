"""Key and scale in Chromium: the controls come from the address like every setting, are hidden
while drums are chosen and shown again for melodies, and what the student picked reaches the
model. Models are the rule-based stand-in (tests/studio_support.py)."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from tests.browser import needs_chromium

pytestmark = needs_chromium


@pytest.mark.django_db(transaction=True)
def test_key_and_scale_are_melody_controls_that_reach_the_model(browser, live_server, studio):
    errors: list[str] = []
    page = browser.new_page(viewport={"width": 1280, "height": 900})
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    page.goto(f"{live_server.url}/ja/studio/generate/?key=A&scale=blues&variations=2")
    page.wait_for_selector("html[data-studio-ready]")
    key, scale = page.locator("[data-field=key]"), page.locator("[data-field=scale]")
    expect(key).to_be_visible()
    expect(scale.locator("label")).to_have_text("スケール")
    assert page.locator("select[name=key]").input_value() == "A"
    assert page.locator("select[name=scale]").input_value() == "blues"
    assert "自然的短音階" in scale.locator("select").inner_text()

    page.select_option("select[name=type]", "drums")
    expect(key).to_be_hidden()
    expect(scale).to_be_hidden()
    page.select_option("select[name=type]", "melody")
    expect(scale).to_be_visible()

    page.click(".studio-generate")
    page.wait_for_selector(".studio-variation", timeout=30_000)
    call = next(c for name, c in studio.calls if name == "generate")
    assert (call["kind"], call["key"], call["scale"]) == ("melody", "A", "blues")
    assert errors == []
    page.close()
