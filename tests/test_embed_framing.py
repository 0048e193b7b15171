"""Framing headers per route: embeds may be framed (CSP frame-ancestors), everything else is DENY.

The rest of the Content-Security-Policy (tests/test_csp.py) is the same on every route."""

import os
import subprocess
import sys

import pytest
from django.core.exceptions import ImproperlyConfigured
from django.test import override_settings

from demos.registry import all_demos
from embeds.framing import check_frame_ancestors, parse_frame_ancestors
from embeds.models import DemoPreset
from studio.tools import TOOLS

ANY_PAGE = "frame-ancestors * file:"


def frame_ancestors(response) -> str:
    """The frame-ancestors directive of the response's Content-Security-Policy ("" if none)."""
    header = response.headers.get("Content-Security-Policy", "")
    found = [
        part.strip() for part in header.split(";") if part.strip().startswith("frame-ancestors")
    ]
    assert len(found) <= 1, header
    return found[0] if found else ""


def embed_paths() -> list[str]:
    return [f"/embed/{demo.slug}/" for demo in all_demos()] + [f"/embed/{slug}/" for slug in TOOLS]


def assert_framable(response, csp=ANY_PAGE):
    assert "X-Frame-Options" not in response.headers, response.headers.get("X-Frame-Options")
    assert frame_ancestors(response) == csp
    assert "script-src 'self'" in response.headers["Content-Security-Policy"]


@pytest.mark.django_db
@pytest.mark.parametrize("path", embed_paths())
def test_every_demo_and_studio_tool_embed_is_framable_from_any_page(client, path):
    response = client.get(path)
    assert response.status_code == 200, response.content[:500]
    assert_framable(response)


@pytest.mark.django_db
def test_preset_and_error_embeds_are_framable_too(client):
    preset = DemoPreset.objects.create(name="magma", demo="sigmoid-grid", params={"cmap": "magma"})
    assert_framable(client.get(preset.get_embed_url()))
    # Errors show inside the frame, where the teacher sees them: framable as well.
    missing = client.get("/embed/no-such-demo/")
    assert missing.status_code == 404
    assert_framable(missing)
    bad = client.get("/embed/sigmoid-grid/?w_im=1,2")
    assert bad.status_code == 400
    assert_framable(bad)


@pytest.mark.django_db
def test_setting_restricts_the_frame_ancestors(client):
    configured = "https://slides.example.org, https://lms.example.edu  https://*.school.example"
    with override_settings(EMBED_FRAME_ANCESTORS=configured):
        response = client.get("/embed/sigmoid-grid/")
    assert_framable(
        response,
        "frame-ancestors 'self' https://slides.example.org https://lms.example.edu "
        "https://*.school.example",
    )
    with override_settings(EMBED_FRAME_ANCESTORS="'none'"):
        assert frame_ancestors(client.get("/embed/tf-graph/")) == "frame-ancestors 'none'"


@pytest.mark.django_db
def test_every_other_route_keeps_x_frame_options_deny(client, lesson5):
    lesson = lesson5.get_absolute_url()
    for path in (
        lesson,
        "/ja/",
        "/en/demos/sigmoid-grid/",
        "/ja/studio/generate/",
        "/api/demos/sigmoid-grid",
        "/api/demos/sigmoid-grid.png",
        "/oembed?url=http://testserver" + lesson,
        "/admin/login/",
        "/healthz",
    ):
        response = client.get(path)
        assert response.status_code == 200, path
        assert response.headers["X-Frame-Options"] == "DENY", path
        assert frame_ancestors(response) == "frame-ancestors 'none'", path


@pytest.mark.parametrize(
    "value, expected",
    [
        ("", ("*", "file:")),
        ("https://a.example.org", ("'self'", "https://a.example.org")),
        (
            "https://a.example.org,http://localhost:8000",
            ("'self'", "https://a.example.org", "http://localhost:8000"),
        ),
        (["'self'", "https:"], ("'self'", "https:")),
    ],
)
def test_parse_frame_ancestors(value, expected):
    assert parse_frame_ancestors(value) == expected


@pytest.mark.parametrize(
    "value", ["https://ok.example.org; script-src *", "'unsafe-inline'", "'none' https://a.example"]
)
def test_bad_frame_ancestors_are_refused_with_the_entry_named(value):
    with pytest.raises(ImproperlyConfigured, match="EMBED_FRAME_ANCESTORS"):
        parse_frame_ancestors(value)
    with override_settings(EMBED_FRAME_ANCESTORS=value):
        errors = check_frame_ancestors()
    assert [error.id for error in errors] == ["kanade.E701"]


def test_environment_variable_reaches_the_header_and_a_bad_one_stops_manage_check():
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "webapp.settings_test"}
    code = (
        "import django; django.setup();"
        "from embeds.framing import frame_ancestors_header as h; print(h())"
    )
    good = {
        **env,
        "KANADE_EMBED_FRAME_ANCESTORS": "https://slides.example.org https://lms.example.edu",
    }
    out = subprocess.run([sys.executable, "-c", code], env=good, capture_output=True, text=True)
    assert out.stdout.strip() == (
        "frame-ancestors 'self' https://slides.example.org https://lms.example.edu"
    ), out.stderr
    bad = {**env, "KANADE_EMBED_FRAME_ANCESTORS": "https://ok.example.org;script-src"}
    check = subprocess.run(
        [sys.executable, "manage.py", "check"], env=bad, capture_output=True, text=True
    )
    assert check.returncode != 0
    assert "kanade.E701" in check.stderr and "is not an origin" in check.stderr
