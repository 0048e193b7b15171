"""A refused demo setting is explained in the reader's language, wherever it is refused: the
registry itself, the embed frame, the admin's block form and the /api/demos/ JSON answers."""

import html
import json
import re

import pytest
from django.utils import translation

from demos.registry import PresetError, get_demo
from tests.admin_forms import block_admin_form
from tests.browser import JAPANESE

BAD_PRESETS = [
    ("sigmoid-grid", {"cmap": "rainbow"}),
    ("sigmoid-grid", {"w_im": [1, 2]}),
    ("sigmoid-grid", {"w_mo": [1, "x"]}),
    ("sigmoid-grid", {"speed": 3}),
    ("sigmoid-grid", [1, 2]),
    ("sigmoid-grid", {"vmin": 5, "vmax": 1}),
    ("sigmoid-grid", {"start": 1, "stop": -1}),
    ("sigmoid-grid", {"step": 0.001}),
    ("sigmoid-grid", {"start": 500}),
    ("sigmoid-grid", {"b_mo": [float("inf")]}),
    ("zeros", {"shape": "11,1"}),
    ("zeros", {"shape": 7}),
    ("zeros", {"shape": "x" * 501}),
    ("tf-graph", {"a": 1.5}),
    ("tf-graph", {"steps": True}),
]

# Query strings the sigmoid grid refuses, both in its embed and in its JSON API.
BAD_GRID_QUERIES = [
    "w_im=1,2",
    "b_mo=1,2",
    "vmax=nan",
    "step=abc",
    "cmap=rainbow",
    "speed=3",
    "vmin=5&vmax=1",
    "cmap=gray&cmap=jet",
    "start=" + "1" * 50,
    "start=-100&stop=100&step=0.001",
]


def refusal(slug, preset) -> str:
    with pytest.raises(PresetError) as error:
        get_demo(slug).clean_preset(preset)
    return str(error.value)


def assert_japanese(message: str, english: str) -> None:
    assert JAPANESE.search(message), message
    assert message != english


def assert_english(message: str) -> None:
    assert not JAPANESE.search(message), message


@pytest.mark.parametrize(("slug", "preset"), BAD_PRESETS)
def test_every_refusal_of_the_registry_is_in_the_active_language(slug, preset):
    with translation.override("en"):
        english = refusal(slug, preset)
    with translation.override("ja"):
        japanese = refusal(slug, preset)
    assert_english(english)
    assert_japanese(japanese, english)
    # The parameter is named in both (the preset-wide refusals name the setting's braces).
    name = next(iter(preset)) if isinstance(preset, dict) else "{}"
    assert name in english and name in japanese


def test_an_unknown_demo_is_named_in_the_active_language():
    with (
        translation.override("ja"),
        pytest.raises(PresetError, match="「no-such」というデモはありません。"),
    ):
        get_demo("no-such")
    with translation.override("en"), pytest.raises(PresetError, match="no demo called “no-such”"):
        get_demo("no-such")


def embed_message(client, query: str) -> str:
    response = client.get(f"/embed/sigmoid-grid/?{query}")
    assert response.status_code == 400
    return html.unescape(re.search(r"<p[^>]*>(.*?)</p>", response.content.decode(), re.S)[1])


@pytest.mark.django_db
@pytest.mark.parametrize("query", BAD_GRID_QUERIES)
def test_the_embed_frame_explains_in_its_own_language(client, query):
    english = embed_message(client, f"{query}&lang=en")
    assert_english(english)
    assert_japanese(embed_message(client, query), english)  # a frame without ?lang= is Japanese


@pytest.mark.django_db
@pytest.mark.parametrize("query", [*BAD_GRID_QUERIES, "step=0"])
def test_the_grid_api_answers_in_the_language_of_the_request(client, query):
    def error(address: str, **headers) -> tuple[str, str]:
        response = client.get(address, headers=headers)
        assert response.status_code == 400
        return response.json()["error"], response["Content-Language"]

    url = f"/api/demos/sigmoid-grid?{query}"
    english, language = error(f"{url}&lang=en")
    assert_english(english) and language == "en"
    assert error(url, Referer="http://testserver/en/ai-composition/lesson/") == (english, "en")
    assert error(url, Referer="http://testserver/embed/sigmoid-grid/?lang=en") == (english, "en")
    assert error(url, **{"Accept-Language": "en"}) == (english, "en")
    japanese, language = error(url)  # nothing says which: Japanese, the site's language
    assert_japanese(japanese, english) and language == "ja"
    assert error(url, Referer="http://testserver/ja/ai-composition/lesson/") == (japanese, "ja")


@pytest.mark.django_db
def test_the_tf_graph_api_answers_in_the_language_of_the_request(client):
    for query in ["a=x", "steps=1.5", "steps=99", "colour=red"]:
        english = client.get(f"/api/demos/tf-graph?{query}&lang=en").json()["error"]
        japanese = client.get(f"/api/demos/tf-graph?{query}").json()["error"]
        assert_english(english)
        assert_japanese(japanese, english)


@pytest.mark.django_db
def test_a_good_grid_answer_does_not_vary_on_the_language(client):
    """Only refusals carry words; a drawn grid stays cacheable by its address alone."""
    response = client.get("/api/demos/sigmoid-grid?cmap=jet", headers={"Accept-Language": "en"})
    assert response.status_code == 200
    assert "Referer" not in response.get("Vary", "")


@pytest.mark.django_db
def test_the_admin_block_form_explains_in_the_admin_language(teacher_client, lesson5):
    demo = lesson5.blocks.get(kind="demo")
    url = f"/admin/courses/block/{demo.pk}/change/"
    for preset in [{"cmap": "rainbow"}, {"w_im": [1, 2]}, {"vmin": 5, "vmax": 1}, [1]]:
        data = block_admin_form(demo, preset=json.dumps(preset))
        english = teacher_client.post(url, data, headers={"Accept-Language": "en"})
        japanese = teacher_client.post(url, data)
        with translation.override("en"):
            expected_en = "Preset rejected: " + refusal("sigmoid-grid", preset)
        with translation.override("ja"):
            expected_ja = "このプリセットは使えません: " + refusal("sigmoid-grid", preset)
        assert html.escape(expected_en, quote=False) in html.unescape(english.content.decode())
        assert expected_ja in html.unescape(japanese.content.decode())
        assert_japanese(expected_ja, expected_en)


@pytest.mark.django_db
def test_the_preset_admin_shows_the_shape_hint_in_the_admin_language(teacher_client):
    from embeds.models import DemoPreset

    preset = DemoPreset.objects.create(name="shape", demo="zeros", params={})
    url = f"/admin/embeds/demopreset/{preset.pk}/change/"
    japanese = html.unescape(teacher_client.get(url).content.decode())
    english = html.unescape(
        teacher_client.get(url, headers={"Accept-Language": "en"}).content.decode()
    )
    assert '"10,10"（大きさを 1〜4 個、それぞれ 1〜10）' in japanese
    assert '"10,10" (1 to 4 sizes, each 1-10)' in english and "大きさを" not in english
