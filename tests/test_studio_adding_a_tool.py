"""Adding a tool is one module plus one registry line: a tool defined in a test module
(tests/studio_transpose_tool.py) works everywhere the studio's own tools do: its page, the
catalogue, the API and a job, its embed, a lesson's studio block, and the worker's warm-up."""

from __future__ import annotations

import json
import re

import pytest
from django.core.exceptions import ValidationError
from django.test import Client

from courses.models import Block
from inference.music.midi_io import read_midi
from studio import tools
from studio.tools import running
from tests import studio_transpose_tool

pytestmark = pytest.mark.django_db


@pytest.fixture
def transpose(monkeypatch):
    # What the one line in REGISTERED does (register), undone after the test.
    monkeypatch.setitem(tools.TOOLS, "transpose", studio_transpose_tool.TOOL)
    return tools.register(studio_transpose_tool.TOOL)


def test_the_tool_has_a_page_and_a_place_in_the_catalogue(client, transpose):
    page = client.get("/en/studio/transpose/")
    assert page.status_code == 200
    html = page.content.decode()
    assert "Transpose" in html and "Semitones" in html
    index = client.get("/en/studio/").content.decode()
    assert "/en/studio/transpose/" in index
    assert any(tool["slug"] == "transpose" for tool in tools.tools_json("en"))


def test_the_tool_runs_as_a_job_through_the_api(client, transpose):
    response = client.post("/api/generate/transpose", {"semitones": "7", "input_example": "melody"})
    assert response.status_code == 202, response.content
    job = client.get(response.json()["url"]).json()
    assert job["status"] == "done", job["error"]
    made = read_midi(b"".join(client.get(job["outputs"][0]["midi"]).streaming_content), "melody")
    given = read_midi(client.get("/api/studio/examples/melody.mid").content, "melody")
    assert [n.pitch for n in made.notes] == [n.pitch + 7 for n in given.notes]


def test_its_bounds_are_checked_like_every_tool(client, transpose):
    response = client.post(
        "/api/generate/transpose?lang=en", {"semitones": "13", "input_example": "melody"}
    )
    assert response.status_code == 400
    assert "semitones" in response.content.decode()


def test_the_catalogue_api_lists_it(client, transpose):
    catalog = client.get("/api/studio/catalog?lang=en").json()
    assert "transpose" in [tool["slug"] for tool in catalog["tools"]]


def test_the_tool_embeds_in_a_slide(client, transpose):
    response = client.get("/embed/transpose/?lang=en&semitones=-3")
    assert response.status_code == 200
    assert 'value="-3"' in response.content.decode()


def test_a_lesson_block_can_show_it_with_its_settings_checked(make_lesson, transpose):
    lesson = make_lesson(
        blocks=[{"kind": "studio", "tool": "transpose", "tool_preset": "semitones=7"}]
    )
    html = Client().get(lesson.get_absolute_url()).content.decode()
    assert 'src="/embed/transpose/?semitones=7"' in html
    block = Block(lesson=lesson, kind="studio", tool="transpose", tool_preset="semitones=13")
    with pytest.raises(ValidationError, match="semitones: "):
        block.full_clean()


def test_a_tool_without_models_is_always_available(transpose):
    assert transpose.models == () and transpose.checkpoints({}) == ()
    assert running.model_problem("transpose", {}) is None


def test_other_tools_offer_to_send_their_melodies_to_it(client, transpose):
    """A tool page learns the other tools' inputs from the registry (the browser's "send to"
    links are built from them), so a new tool is offered without touching the JavaScript."""
    page = client.get("/en/studio/generate/").content.decode()
    config = json.loads(re.search(r'id="studio-config"[^>]*>(.*?)</script>', page, re.S).group(1))
    offered = {tool["slug"]: tool for tool in config["tools"]}
    assert offered["transpose"] == transpose.as_link_json("en")
    assert offered["transpose"]["inputs"][0]["kind"] == "melody"
    assert offered["drumify"]["plays_along"] and not offered["transpose"]["plays_along"]
