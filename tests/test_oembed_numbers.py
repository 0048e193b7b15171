"""Numbers no parser expects: oEmbed's maxwidth/maxheight and an embed's ?seed= answer 200 or a
400 with a message, never a server error.

str.isdigit() accepts "²", "١٢" and "９", which int() refuses or reads as other digits, and int()
refuses more than 4,300 digits; a number larger than any frame constrains nothing.
"""

import pytest

from embeds.oembed import FRAME_SIZES
from studio.tools import TOOLS

EMBED = "http://testserver/embed/sigmoid-grid/"
FULL_SIZE = FRAME_SIZES["16:9"]


@pytest.fixture
def oembed(client):
    def ask(**params):
        return client.get("/oembed", {"url": EMBED, **params})

    return ask


@pytest.mark.django_db
@pytest.mark.parametrize("name", ["maxwidth", "maxheight"])
@pytest.mark.parametrize("digits", [7, 309, 5000])
def test_a_size_larger_than_any_frame_constrains_nothing(oembed, name, digits):
    response = oembed(**{name: "9" * digits})
    assert response.status_code == 200
    assert (response.json()["width"], response.json()["height"]) == FULL_SIZE


@pytest.mark.django_db
@pytest.mark.parametrize("name", ["maxwidth", "maxheight"])
def test_leading_zeros_and_six_digits_are_still_read(oembed, name):
    response = oembed(**{name: "0" * 5000 + ("480" if name == "maxwidth" else "270")})
    assert response.status_code == 200
    assert (response.json()["width"], response.json()["height"]) == (480, 270)
    assert oembed(**{name: "999999"}).json()["width"] == FULL_SIZE[0]


@pytest.mark.django_db
@pytest.mark.parametrize("name", ["maxwidth", "maxheight"])
@pytest.mark.parametrize(
    "value",
    ["²", "١٢", "９", "９６０", "-5", "-" + "9" * 5000, "0", "0" * 5000, "1e3", " 12", "+12"],
)
def test_anything_but_ascii_digits_is_a_400_naming_the_parameter(client, oembed, name, value):
    response = oembed(**{name: value})
    assert response.status_code == 400, response.content[:200]
    message = response.json()["error"]
    assert name in message
    assert len(message) < 200  # a 5,000-character value is not echoed whole
    english = client.get(
        "/oembed", {"url": "http://testserver/en/demos/sigmoid-grid/", name: value}
    )
    assert english.status_code == 400
    assert "must be a positive whole number of pixels" in english.json()["error"]


@pytest.mark.django_db
@pytest.mark.parametrize("name", ["maxwidth", "maxheight"])
def test_an_empty_size_is_no_constraint(oembed, name):
    response = oembed(**{name: ""})
    assert response.status_code == 200
    assert (response.json()["width"], response.json()["height"]) == FULL_SIZE


@pytest.mark.django_db
# Every tool with a seed (Master has none: its chain is deterministic).
@pytest.mark.parametrize("slug", sorted(slug for slug in TOOLS if TOOLS[slug].field("seed")))
@pytest.mark.parametrize(
    "seed", ["9" * 309, "9" * 5000, "-" + "9" * 400, "1e999", "nan", "inf", "-inf"]
)
def test_a_studio_embed_refuses_an_impossible_seed_with_a_400(client, slug, seed):
    response = client.get(f"/embed/{slug}/", {"seed": seed, "lang": "en"})
    assert response.status_code == 400, (slug, seed[:10], response.status_code)
    assert "“Seed”" in response.content.decode()  # the message names the field
    oembed = client.get("/oembed", {"url": f"http://testserver/embed/{slug}/?seed={seed}"})
    assert oembed.status_code == 400, (slug, seed[:10], oembed.status_code)
