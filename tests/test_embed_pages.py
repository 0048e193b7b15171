"""Embed pages: no site chrome, state and options from the query string, clear 400s."""

import html
import json
import re

import pytest

from demos.registry import all_demos, get_demo
from embeds.targets import find_target
from studio.tools import TOOLS

pytestmark = pytest.mark.django_db


def data_state(response) -> dict:
    match = re.search(r'data-state="([^"]*)"', response.content.decode())
    assert match, "no demo root on the page"
    return json.loads(html.unescape(match.group(1)))


def test_demo_and_studio_tool_slugs_never_collide():
    demos = {demo.slug for demo in all_demos()}
    assert demos.isdisjoint(TOOLS)
    for slug in TOOLS:
        assert find_target(slug).tool is not None


@pytest.mark.parametrize("slug", [demo.slug for demo in all_demos()])
def test_each_demo_embed_mounts_its_module_with_the_defaults_and_no_site_chrome(client, slug):
    response = client.get(f"/embed/{slug}/")
    page = response.content.decode()
    demo = get_demo(slug)
    assert data_state(response) == demo.defaults()
    assert f'data-module="/static/{demo.module}"' in page
    assert 'class="site-header"' not in page and 'class="site-footer"' not in page
    assert "/static/embed/embed.js" in page and "/static/js/demos.js" in page
    assert f"<h1>{demo.title_ja}</h1>" in page and '<html lang="ja"' in page


def test_state_comes_from_the_query_in_the_shareable_url_format(client):
    response = client.get("/embed/sigmoid-grid/?w_im=4,-2,4,4&cmap=magma&vmax=0.8")
    state = data_state(response)
    assert state["w_im"] == [4.0, -2.0, 4.0, 4.0]
    assert state["cmap"] == "magma" and state["vmax"] == 0.8
    assert state["b_im"] == [3.0, -3.0]  # untouched values keep the defaults
    # "Open in Kanade" carries the same state to the full demo page.
    page = response.content.decode()
    assert 'href="/ja/demos/sigmoid-grid/?w_im=4,-2,4,4&amp;cmap=magma&amp;vmax=0.8"' in page


def test_prefixed_keys_of_the_colormap_widget_are_read_too(client):
    assert data_state(client.get("/embed/colormap/?colormap.cmap=jet"))["cmap"] == "jet"
    both = client.get("/embed/colormap/?colormap.cmap=jet&cmap=gray")
    assert both.status_code == 400
    assert "アドレスに「cmap」が2回あります。1つにしてください。" in both.content.decode()


def test_lang_large_and_controls_options(client):
    response = client.get("/embed/sigmoid-grid/?lang=en&large=1&controls=w_im,cmap")
    page = response.content.decode()
    assert '<html lang="en" class="kanade-embed embed-large">' in page
    assert "<h1>Sigmoid grid (2-2-1 network)</h1>" in page
    assert "Open in Kanade" in page and 'href="/en/demos/sigmoid-grid/"' in page
    assert (
        '.embed [data-control]:not([data-control="w_im"]):not([data-control="cmap"]) '
        "{ display: none !important; }"
    ) in page
    assert (
        '.embed fieldset:has(> [data-control]):not(:has([data-control="w_im"], '
        '[data-control="cmap"])) { display: none !important; }'
    ) in page
    none = client.get("/embed/sigmoid-curve/?controls=none").content.decode()
    assert ".embed [data-control] { display: none !important; }" in none
    plain = client.get("/embed/sigmoid-curve/").content.decode()
    assert "<style>" not in plain and "embed-large" not in plain


@pytest.mark.parametrize(
    "query, message",
    [
        # A frame without ?lang= speaks Japanese; with lang=en, English.
        (
            "w_im=1,2",
            "「w_im」には 4,4,4,4 のように、カンマで区切った数を 4 個入れてください(いまは 2 個)。",
        ),
        (
            "w_im=1,2&lang=en",
            "“w_im” takes 4 numbers separated by commas, such as 4,4,4,4; it has 2.",
        ),
        (
            "cmap=rainbow",
            "「cmap」は gray, viridis, magma, coolwarm, jet のどれかにしてください(入力:「rainbow」)。",
        ),
        (
            "cmap=rainbow&lang=en",
            "“cmap” must be one of gray, viridis, magma, coolwarm, jet (you entered “rainbow”).",
        ),
        ("speed=3", "このデモに speed という設定はありません。使える設定は w_im, b_im,"),
        ("speed=3&lang=en", "This demo has no setting called speed. Its settings are w_im, b_im,"),
        ("lang=fr&lang=en", "“lang” appears twice in the address; keep one."),
        ("lang=en&large=maybe", "“large” must be 1 (large type) or 0, not “maybe”."),
        (
            "lang=en&controls=w_im,volume",
            "“controls” names something this embed does not have: volume. Its controls are w_im",
        ),
        (
            "vmax=nan",
            "「vmax」にはふつうの数を入れてください。無限大や NaN は使えません(入力:「nan」)。",
        ),
        ("vmin=5&vmax=1&lang=en", "“vmin” must be less than “vmax”."),
        ("vmin=5&vmax=1", "「vmin」は「vmax」より小さくしてください。"),
        ("start=-100&stop=100&step=0.001", "1 つの軸の点が 200000 個になります。200 個までです。"),
        ("start=-100&stop=100&step=0.001&lang=en", "each axis has 200000 points; at most 200 fit."),
    ],
)
def test_bad_queries_get_a_400_that_names_the_problem(client, query, message):
    response = client.get(f"/embed/sigmoid-grid/?{query}")
    assert response.status_code == 400
    assert html.escape(message) in response.content.decode()


def test_unknown_demo_is_a_404_inside_the_frame_in_the_asked_language(client):
    response = client.get("/embed/no-such-demo/?lang=en")
    assert response.status_code == 404
    page = response.content.decode()
    assert "This embed cannot be shown" in page
    assert "There is no demo or studio tool called “no-such-demo”." in page


@pytest.mark.parametrize(
    "query, japanese",
    [
        ("lang=fr", "「lang」は ja か en にしてください（「fr」は使えません）。"),
        ("large=maybe", "「large」は 1（大きな文字）か 0 にしてください"),
        ("controls=volume", "「controls」に、この埋め込みにないものがあります: volume。"),
    ],
)
def test_a_japanese_frame_explains_a_bad_address_in_japanese(client, query, japanese):
    response = client.get(f"/embed/sigmoid-grid/?{query}")
    assert response.status_code == 400
    page = response.content.decode()
    assert '<html lang="ja"' in page
    assert "この埋め込みは表示できません" in page and japanese in page
    assert "This embed cannot be shown" not in page and "must be" not in page


def test_a_studio_input_starts_on_the_example_clip_named_in_the_address(client):
    page = client.get("/embed/drumify/?input=melody").content.decode()
    assert 'id="studio-form"' in page and 'data-slot="input"' in page
    assert 'href="/ja/studio/drumify/?input=melody"' in page  # Open in Kanade keeps it
    both = client.get("/embed/interpolate/?input_a=melody&input_b=chords&lang=en")
    assert both.status_code == 200
    # The clip must fit the slot: Groove takes drums; a "type" slot follows the type setting.
    groove = client.get("/embed/groove/?input=melody")
    assert groove.status_code == 400
    assert (
        "「input」にはサンプル曲 rock-beat, funk-beat のどれかを指定してください（「melody」は使えません）。"
        in groove.content.decode()
    )
    assert client.get("/embed/continue/?type=drums&input=funk-beat").status_code == 200
    wrong_type = client.get("/embed/continue/?type=drums&input=melody&lang=en")
    assert wrong_type.status_code == 400
    assert "“input” must be one of the example clips rock-beat, funk-beat, not “melody”." in (
        wrong_type.content.decode()
    )
    unknown = client.get("/embed/drumify/?input=nope&lang=en").content.decode()
    assert "melody, bass-line, chords, rock-beat, funk-beat" in unknown


def test_studio_tool_embed_is_the_studio_page_without_chrome_and_with_the_query_settings(client):
    response = client.get("/embed/generate/?type=drums&temperature=1.3&variations=4&lang=en")
    assert response.status_code == 200
    page = response.content.decode()
    assert 'class="site-header"' not in page and 'class="site-footer"' not in page
    assert 'id="studio-form"' in page and "/static/studio/studio.js" in page
    assert "/static/embed/embed.js" in page and 'classList.add("kanade-embed")' in page
    assert '<option value="drums" selected>' in page
    assert 'name="variations" type="number"' in page and 'value="4"' in page
    assert 'type="range" min="0.0" max="2.0" step="0.05" value="1.3"' in page
    config = json.loads(
        re.search(r'id="studio-config" type="application/json">(.*?)</script>', page).group(1)
    )
    fields = {field["name"]: field["default"] for field in config["tool"]["fields"]}
    assert fields["temperature"] == 1.3 and fields["type"] == "drums"
    assert config["lang"] == "en"
    # "Open in Kanade" leads to the full studio page.
    assert 'href="/en/studio/generate/?type=drums&amp;temperature=1.3&amp;variations=4"' in page


def test_studio_tool_controls_and_links(client):
    page = client.get(
        "/embed/groove/?controls=temperature,input&input_job=abc123&input_index=1&large=1"
    ).content.decode()
    assert (
        '.studio-settings [data-field]:not([data-field="temperature"]) { display: none !important; }'
        in page
    )
    assert '.studio-form [data-slot]:not([data-slot="input"]) { display: none !important; }' in page
    assert '"kanade-embed", "embed-large"' in page
    bad = client.get("/embed/generate/?temperature=5")
    assert bad.status_code == 400
    # The studio's own message, in the frame's language.
    assert "「温度 (temperature)」は 0 から 2 までにしてください" in bad.content.decode()
    unknown = client.get("/embed/generate/?input_job=x&lang=en")  # generate has no input slot
    assert unknown.status_code == 400
    assert "no setting called input_job" in unknown.content.decode()


def test_slide_layout_stylesheets_apply_to_the_frames_fit_js_calls_slides(client, settings):
    """The compact sheets' media is fit.js's SLIDE_FRAME, which embed.js freezes for auto-sized frames."""
    fit_js = (settings.BASE_DIR / "static" / "embed" / "fit.js").read_text(encoding="utf-8")
    slide_frame = re.search(r'export const SLIDE_FRAME = "([^"]+)";', fit_js).group(1)
    for url, sheets in [
        ("/embed/sigmoid-grid/", ["embed-compact"]),
        ("/embed/melody-rnn/", ["embed-compact", "embed-compact-studio"]),
        ("/embed/no-such-demo/", ["embed-compact"]),
    ]:
        page = client.get(url).content.decode()
        links = re.findall(
            r'<link rel="stylesheet" href="[^"]*/(embed-compact[\w-]*)\.css" ([^>]*)>', page
        )
        assert [name for name, _ in links] == sheets, url
        for _, attributes in links:
            assert attributes == f'media="{slide_frame}" data-slide-layout', url
