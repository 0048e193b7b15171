"""Adding a demo is one module plus one registry line: a demo defined in a test module
(tests/demo_steep_sigmoid.py) gets its page and a place in the list, its bounds reach the page
as data, teachers' presets and lesson blocks are checked against it, and it embeds."""

from __future__ import annotations

import html
import json
import re

import pytest
from django.core.exceptions import ValidationError

from demos import registry
from embeds.models import DemoPreset
from tests import demo_steep_sigmoid

pytestmark = pytest.mark.django_db


@pytest.fixture
def steep(monkeypatch):
    monkeypatch.setattr(registry, "_REGISTRY", dict(registry._REGISTRY))
    registry.register(demo_steep_sigmoid.DEMO)  # the one line a new demo adds
    return demo_steep_sigmoid.DEMO


def spec_on(page: str) -> dict:
    match = re.search(r'data-demo="steep-sigmoid"[^>]*data-spec="([^"]*)"', page)
    assert match, "the demo's root with its spec"
    return json.loads(html.unescape(match.group(1)))


def test_the_demo_has_a_page_and_a_place_in_the_list(client, steep):
    page = client.get("/en/demos/steep-sigmoid/").content.decode()
    assert "A steeper sigmoid" in page and "demos/sigmoid_curve.js" in page
    assert spec_on(page) == steep.as_json()
    assert "/en/demos/steep-sigmoid/" in client.get("/en/demos/").content.decode()


def test_presets_are_checked_against_its_bounds_and_its_rule(steep):
    assert steep.clean_preset({"k": 4}) == {"u": 1.0, "k": 4.0}
    with pytest.raises(registry.PresetError):
        steep.clean_preset({"k": 9})
    with pytest.raises(registry.PresetError, match="both be 0"):
        steep.clean_preset({"u": 0, "k": 0})
    preset = DemoPreset(name="steep", demo="steep-sigmoid", params={"k": 99})
    with pytest.raises(ValidationError):
        preset.full_clean()


def test_a_lesson_block_shows_it(client, lesson5, steep):
    block = lesson5.blocks.filter(kind="demo").first()
    block.demo, block.preset, block.demo_preset = "steep-sigmoid", {"k": 5}, None
    block.full_clean()
    block.save()
    page = client.get(lesson5.get_absolute_url()).content.decode()
    assert json.loads(html.unescape(re.search(
        r'data-demo="steep-sigmoid"[^>]*data-state="([^"]*)"', page
    ).group(1))) == {"u": 1.0, "k": 5.0}  # fmt: skip


def test_it_embeds_with_its_settings_in_the_address(client, steep):
    frame = client.get("/embed/steep-sigmoid/?lang=en&k=3")
    assert frame.status_code == 200
    assert spec_on(frame.content.decode()) == steep.as_json()
    refused = client.get("/embed/steep-sigmoid/?lang=en&k=30")
    assert refused.status_code == 400
