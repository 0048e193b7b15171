"""GET /oembed: answers for lesson, demo, studio and embed URLs; 400/404/501 errors; discovery."""

import html
from html.parser import HTMLParser
from urllib.parse import quote

import pytest

from courses.models import Block
from embeds.models import DemoPreset

pytestmark = pytest.mark.django_db
SITE = "http://testserver"


class _Tags(HTMLParser):
    def __init__(self):
        super().__init__()
        self.tags: list[tuple[str, dict]] = []

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, dict(attrs)))


def tags(markup: str, name: str) -> list[dict]:
    parser = _Tags()
    parser.feed(markup)
    return [attrs for tag, attrs in parser.tags if tag == name]


def oembed(client, url, **params):
    query = "&".join(f"{key}={quote(str(value), safe='')}" for key, value in params.items())
    return client.get(f"/oembed?url={quote(url, safe='')}{'&' + query if query else ''}")


def iframe_of(body) -> dict:
    (frame,) = tags(body["html"], "iframe")
    return frame


def test_demo_page_url_gives_a_rich_iframe_answer(client):
    response = oembed(client, f"{SITE}/ja/demos/sigmoid-grid/?w_im=4,-2,4,4&cmap=magma")
    assert response.status_code == 200
    body = response.json()
    assert set(body) == {
        "version",
        "type",
        "html",
        "width",
        "height",
        "title",
        "provider_name",
        "provider_url",
    }
    assert body["version"] == "1.0" and body["type"] == "rich"
    assert body["provider_name"] == "Kanade" and body["provider_url"] == f"{SITE}/"
    assert (body["width"], body["height"]) == (960, 540)
    assert body["title"] == "シグモイドのグリッド（2-2-1 ネットワーク）"
    frame = iframe_of(body)
    assert frame["src"] == f"{SITE}/embed/sigmoid-grid/?w_im=4,-2,4,4&cmap=magma"
    assert (frame["width"], frame["height"]) == ("960", "540")
    assert frame["title"] == body["title"]


def test_english_pages_embed_english_and_embed_urls_keep_their_options(client):
    body = oembed(client, f"{SITE}/en/demos/tf-graph/?c=5").json()
    assert iframe_of(body)["src"] == f"{SITE}/embed/tf-graph/?c=5&lang=en"
    assert body["title"] == "TensorFlow computation graph, step by step"
    # Defaults are dropped, options kept: the answer is the canonical embed URL.
    url = f"{SITE}/embed/sigmoid-grid/?cmap=gray&large=1&controls=cmap&w_im=1,2,3,4"
    assert iframe_of(oembed(client, url).json())["src"] == (
        f"{SITE}/embed/sigmoid-grid/?w_im=1,2,3,4&large=1&controls=cmap"
    )
    tool = oembed(client, f"{SITE}/en/studio/groove/").json()
    assert iframe_of(tool)["src"] == f"{SITE}/embed/groove/?lang=en"


def test_lesson_url_embeds_its_first_demo_as_the_page_shows_it(client, lesson5):
    body = oembed(client, SITE + lesson5.get_absolute_url()).json()
    assert iframe_of(body)["src"] == f"{SITE}/embed/sigmoid-grid/?cmap=viridis"
    assert body["title"] == f"{lesson5.title_ja} — シグモイドのグリッド（2-2-1 ネットワーク）"
    # With a teacher preset on the block, the lesson embeds the preset's short URL.
    preset = DemoPreset.objects.create(name="grid", demo="sigmoid-grid", params={"cmap": "jet"})
    Block.objects.filter(lesson=lesson5, kind="demo").update(demo_preset=preset)
    english = SITE + lesson5.get_absolute_url().replace("/ja/", "/en/")
    body = oembed(client, english).json()
    assert iframe_of(body)["src"] == f"{SITE}/embed/p/{preset.code}/?lang=en"
    assert body["title"].startswith(lesson5.title_en)


def test_lessons_without_demos_and_drafts_have_nothing_to_embed(client, make_lesson):
    plain = make_lesson(number=4, blocks=[{"kind": "markdown", "body_ja": "## 見出し"}])
    response = oembed(client, SITE + plain.get_absolute_url())
    assert response.status_code == 404
    assert response.json() == {"error": "この授業には埋め込める動くデモがありません。"}
    draft = make_lesson(number=6, published=False, blocks=[{"kind": "demo", "demo": "zeros"}])
    assert oembed(client, SITE + draft.get_absolute_url()).status_code == 404


def test_maxwidth_maxheight_and_aspect(client):
    url = f"{SITE}/ja/demos/zeros/"
    assert oembed(client, url, maxwidth=480).json()["width"] == 480
    assert oembed(client, url, maxwidth=480).json()["height"] == 270
    small = oembed(client, url, maxwidth=2000, maxheight=300).json()
    assert (small["width"], small["height"]) == (533, 300)
    assert 'width="533" height="300"' in small["html"]
    square = oembed(client, url, aspect="4:3").json()
    assert (square["width"], square["height"]) == (800, 600)
    for bad in ({"maxwidth": "-5"}, {"maxheight": "wide"}, {"aspect": "2:1"}):
        response = oembed(client, url, **bad)
        assert response.status_code == 400
        assert next(iter(bad)) in response.json()["error"]


@pytest.mark.parametrize(
    "url",
    [
        "https://example.org/ja/demos/sigmoid-grid/",
        "http://testserver.evil.example/ja/demos/sigmoid-grid/",
        "https://slides.example.org/embed/sigmoid-grid/",
    ],
)
def test_a_url_not_on_this_site_is_a_404(client, url):
    response = oembed(client, url)
    assert response.status_code == 404
    assert (
        "はこのサイトではありません。埋め込めるのは Kanade のページだけです。"
        in response.json()["error"]
    )


def test_missing_url_is_a_400_and_other_formats_are_501(client):
    missing = client.get("/oembed?format=json")
    assert missing.status_code == 400
    assert "?url=" in missing.json()["error"]
    xml = oembed(client, f"{SITE}/ja/demos/sigmoid-grid/", format="xml")
    assert xml.status_code == 501
    assert xml.json() == {"error": "使える形式は format=json だけです（「xml」は使えません）。"}
    english = oembed(client, f"{SITE}/en/demos/sigmoid-grid/", format="xml")
    assert english.json() == {"error": "Only format=json is offered, not “xml”."}


@pytest.mark.parametrize(
    "url, status, words",
    [
        ("/ja/demos/sigmoid-grid/", 400, "Kanade のページの完全なアドレス"),
        (
            "ftp://testserver/en/demos/sigmoid-grid/",
            400,
            "must be the full address (http or https)",
        ),
        (f"{SITE}/admin/", 404, "/admin/"),
        (f"{SITE}/ja/no-course/", 404, "には埋め込めるものがありません（授業やデモのページ"),
        (f"{SITE}/en/no-course/", 404, "has nothing to embed (try a lesson or a demo page)"),
        (f"{SITE}/nowhere", 404, "/nowhere"),
        (
            f"{SITE}/embed/no-such-demo/",
            404,
            "「no-such-demo」というデモやスタジオのツールはありません。",
        ),
        (f"{SITE}/embed/p/zzzzzzzz/?lang=en", 404, "no saved preset with the code “zzzzzzzz”"),
        (
            f"{SITE}/ja/demos/sigmoid-grid/?w_im=1",
            400,
            "「w_im」には 4,4,4,4 のように、カンマで区切った数を 4 個入れてください(いまは 1 個)。",
        ),
        (f"{SITE}/embed/generate/?temperature=9&lang=en", 400, "from 0 to 2"),
    ],
)
def test_bad_urls_get_json_errors(client, url, status, words):
    response = oembed(client, url)
    assert response.status_code == status, response.content
    assert words in response.json()["error"]
    assert response["Content-Type"] == "application/json"


def test_discovery_links_on_lesson_and_demo_pages_answer(client, lesson5):
    for page in (lesson5.get_absolute_url(), "/en/demos/matmul/?a=1,2;3,4"):
        markup = client.get(page).content.decode()
        links = [
            attrs
            for attrs in tags(markup, "link")
            if attrs.get("type") == "application/json+oembed"
        ]
        assert len(links) == 1, page
        assert links[0]["rel"] == "alternate"
        href = html.unescape(links[0]["href"])
        assert href.startswith(f"{SITE}/oembed?url=")
        response = client.get(href.removeprefix(SITE))
        assert response.status_code == 200, (page, response.content)
        assert "<iframe" in response.json()["html"]
    matmul = client.get(href.removeprefix(SITE)).json()
    assert iframe_of(matmul)["src"] == f"{SITE}/embed/matmul/?a=1,2;3,4&lang=en"
