"""Studio pages in both languages: one <h1>, every tool's controls with the issue's ranges and
defaults, Japanese and English labels, the page config the script reads, no TensorFlow."""

from __future__ import annotations

import json
import re
import subprocess
import sys
from html.parser import HTMLParser

import pytest
from django.utils import translation

from studio.tools import TOOLS

pytestmark = pytest.mark.django_db


class Page(HTMLParser):
    def __init__(self):
        super().__init__()
        self.h1 = 0
        self.inputs: dict[str, dict] = {}
        self.links: list[str] = []

    def handle_starttag(self, tag, attrs):
        attributes = dict(attrs)
        if tag == "h1":
            self.h1 += 1
        if tag in ("input", "select") and attributes.get("name"):
            self.inputs.setdefault(attributes["name"], attributes)
        if tag == "a" and attributes.get("href"):
            self.links.append(attributes["href"])


def parse(response) -> Page:
    assert response.status_code == 200
    page = Page()
    page.feed(response.content.decode())
    return page


@pytest.mark.parametrize("lang", ["ja", "en"])
def test_studio_index(client, lang):
    page = parse(client.get(f"/{lang}/studio/"))
    assert page.h1 == 1
    for slug in TOOLS:
        assert f"/{lang}/studio/{slug}/" in page.links
    assert sum(link.startswith("/api/studio/examples/") for link in page.links) == 5
    html = client.get(f"/{lang}/studio/").content.decode()
    assert ("Generation studio" in html) == (lang == "en")
    assert ("生成スタジオ" in html) == (lang == "ja")


@pytest.mark.parametrize("lang", ["ja", "en"])
@pytest.mark.parametrize("slug", list(TOOLS))
def test_tool_pages(client, slug, lang):
    response = client.get(f"/{lang}/studio/{slug}/")
    page = parse(response)
    assert page.h1 == 1
    tool = TOOLS[slug]
    for field in tool.fields:
        assert field.name in page.inputs, field.name
        if field.__class__.__name__ == "NumberField" and field.name != "seed":
            attributes = page.inputs[field.name]
            assert float(attributes["min"]) == field.minimum
            assert float(attributes["max"]) == field.maximum
            assert float(attributes["value"]) == field.default
    for slot in tool.inputs:
        assert slot.name in page.inputs and f"{slot.name}_example" in page.inputs
    html = response.content.decode()
    config = json.loads(re.search(r'id="studio-config"[^>]*>(.*?)</script>', html, re.S).group(1))
    assert config["tool"]["slug"] == slug and config["lang"] == lang
    assert config["generateUrl"] == f"/api/generate/{slug}"
    assert [row["name"] for row in config["drumRows"]][-1] == "kick"
    assert len(config["drumRows"]) == 9
    with translation.override(lang):
        label = str(tool.title)
    assert label in html


def test_every_default_is_a_value_its_control_can_hold():
    """A range or number input snaps its value to min + a whole number of steps: a default
    between two steps would show, and send, a value the tool did not choose."""
    for slug, tool in TOOLS.items():
        for field in tool.fields:
            step = getattr(field, "step", None)
            if not step or field.default is None:
                continue
            steps = (field.default - field.minimum) / step
            assert abs(steps - round(steps)) < 1e-6, (slug, field.name, field.default, step)


def test_issue_ranges_and_defaults():
    def spec(tool, name):
        field = TOOLS[tool].field(name)
        return (field.minimum, field.maximum, field.default)

    assert spec("generate", "variations") == (1, 16, 8)
    assert spec("generate", "temperature") == (0.0, 2.0, 0.5)
    assert TOOLS["generate"].field("temperature").step == 0.05
    assert spec("continue", "variations") == (1, 8, 4)
    assert spec("continue", "length") == (1, 32, 2)
    assert spec("interpolate", "steps") == (1, 16, 3)
    assert TOOLS["interpolate"].inputs[0].max_bars == 4
    assert spec("melody-rnn", "num_outputs") == (1, 10, 5)
    assert spec("melody-rnn", "num_steps") == (16, 512, 128)
    assert TOOLS["melody-rnn"].field("primer_melody").default == "[60]"
    assert [f.name for f in TOOLS["groove"].fields] == ["temperature", "seed"]
    assert [f.name for f in TOOLS["drumify"].fields] == ["temperature", "seed"]


def test_unknown_tool_page_is_404(client):
    assert client.get("/en/studio/theremin/").status_code == 404


def test_recent_jobs_are_listed_for_their_session_only(client):
    from studio.models import GenerationJob

    client.get("/en/studio/generate/")  # starts a session
    mine = GenerationJob.objects.create(tool="drumify", session_key=client.session.session_key)
    other = GenerationJob.objects.create(tool="groove", session_key="someone-else")
    html = client.get("/en/studio/").content.decode()
    assert f"?job={mine.id}" in html and other.id not in html


def test_recent_jobs_are_named_by_tool_status_and_seed_in_the_page_language(client):
    from studio.models import GenerationJob

    client.get("/ja/studio/generate/")
    GenerationJob.objects.create(
        tool="drumify", session_key=client.session.session_key, status="done", params={"seed": 42}
    )
    recent = client.get("/ja/studio/").content.decode().split('class="studio-recent"')[1]
    assert "Drumify(リズムからドラムを作る)" in recent and "できました" in recent
    assert "シード 42" in recent
    assert ">drumify<" not in recent and ">done<" not in recent


@pytest.mark.parametrize(("lang", "heading"), [("ja", "使い方"), ("en", "How to use it")])
@pytest.mark.parametrize("slug", list(TOOLS))
def test_every_tool_page_explains_how_to_use_it(client, slug, lang, heading):
    html = client.get(f"/{lang}/studio/{slug}/").content.decode()
    howto = html.split('class="studio-howto"')[1].split("</details>")[0]
    assert heading in howto
    steps = howto.count("<li>")
    # A tool with its own steps (Master: audio in, audio out) shows those instead of the MIDI ones.
    assert steps == (len(TOOLS[slug].howto) or (6 if TOOLS[slug].inputs else 5))


def test_studio_views_never_import_tensorflow():
    code = (
        "import os, django;"
        "os.environ.setdefault('DJANGO_SETTINGS_MODULE', 'webapp.settings_test');"
        "django.setup();"
        "import sys;"
        "import studio.views, studio.jobs, studio.worker, studio.tools.running;"
        "from django.test import Client;"
        "from django.test.utils import setup_test_environment; setup_test_environment();"
        "print('tensorflow' in sys.modules)"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"
