"""The Content-Security-Policy header: on every response, the same strict policy everywhere, and
embed routes differ only in frame-ancestors (from KANADE_EMBED_FRAME_ANCESTORS).

tests/test_browser_csp.py checks in Chromium that no page breaks the policy.
"""

import re
from pathlib import Path

import pytest
from django.test import Client, override_settings

from demos.registry import all_demos
from embeds.models import DemoPreset
from studio.tools import TOOLS
from webapp import settings as deployed


@pytest.fixture(autouse=True)
def production_policy(settings):
    """The policy production sends (the test settings add 'unsafe-eval' for Playwright)."""
    settings.CONTENT_SECURITY_POLICY = settings.PRODUCTION_CONTENT_SECURITY_POLICY


# What every page promises (docs/deploy.md, "Content-Security-Policy").
STRICT = {
    "default-src": "'self'",
    "object-src": "'none'",
    "base-uri": "'self'",
    "form-action": "'self'",
    "img-src": "'self' data: blob:",
    "media-src": "'self' blob:",
    "font-src": "'self' data:",
    "connect-src": "'self'",
    "frame-src": "'self'",
}


def policy(response) -> dict[str, str]:
    header = response.headers.get("Content-Security-Policy")
    assert header, f"no Content-Security-Policy on {response.request['PATH_INFO']}"
    assert "unsafe" not in header, header
    directives = {}
    for part in header.split(";"):
        name, _, value = part.strip().partition(" ")
        assert name not in directives, f"{name} twice in {header}"
        directives[name] = value
    return directives


def assert_strict(response) -> dict[str, str]:
    directives = policy(response)
    for name, value in STRICT.items():
        assert directives.get(name) == value, (name, directives)
    # Scripts and styles: this site's files, plus inline ones only with this response's nonce.
    for name in ("script-src", "style-src"):
        sources = directives[name].split()
        assert sources[0] == "'self'" and len(sources) <= 2, (name, sources)
        assert all(source.startswith("'nonce-") for source in sources[1:]), (name, sources)
    return directives


@pytest.mark.django_db
def test_every_kind_of_response_carries_the_strict_policy(client, teacher_client, lesson5):
    lesson = lesson5.get_absolute_url()
    pages = [
        ("/ja/", 200),
        ("/en/", 200),
        (lesson, 200),
        ("/en/demos/", 200),
        *[(f"/ja/demos/{demo.slug}/", 200) for demo in all_demos()],
        ("/en/studio/", 200),
        *[(f"/en/studio/{slug}/", 200) for slug in TOOLS],
        ("/api/demos/sigmoid-grid", 200),
        ("/oembed?url=http://testserver" + lesson, 200),
        ("/oembed", 400),
        ("/healthz", 200),
        ("/admin/login/", 200),
        ("/en/no-such-course/", 404),
        ("/embed/sigmoid-grid/?" + "&".join(f"f{n}=1" for n in range(1100)), 400),
    ]
    for path, status in pages:
        response = client.get(path)
        assert response.status_code == status, path
        assert policy(response)["frame-ancestors"] == "'none'", path
        assert_strict(response)
    for path in ("/admin/", f"/admin/courses/lesson/{lesson5.pk}/change/"):
        response = teacher_client.get(path)
        assert response.status_code == 200, path
        assert policy(response)["frame-ancestors"] == "'none'", path
        assert_strict(response)


@pytest.mark.django_db
def test_csrf_failure_page_carries_the_policy():
    response = Client(enforce_csrf_checks=True).post("/admin/login/", {})
    assert response.status_code == 403
    assert policy(response)["frame-ancestors"] == "'none'"
    assert_strict(response)


@pytest.mark.django_db
def test_embeds_keep_the_strict_policy_and_their_frame_ancestors(client):
    preset = DemoPreset.objects.create(name="magma", demo="sigmoid-grid", params={"cmap": "magma"})
    paths = [f"/embed/{demo.slug}/" for demo in all_demos()]
    paths += [f"/embed/{slug}/" for slug in TOOLS]
    paths += [preset.get_embed_url(), "/embed/no-such-demo/", "/embed/sigmoid-grid/?w_im=1,2"]
    configured = "https://slides.example.org, https://lms.example.edu"
    for setting, expected in (
        ("", "* file:"),
        (configured, "'self' https://slides.example.org https://lms.example.edu"),
        ("'none'", "'none'"),
    ):
        with override_settings(EMBED_FRAME_ANCESTORS=setting):
            for path in paths:
                response = client.get(path)
                assert response.status_code in (200, 400, 404), path
                assert policy(response)["frame-ancestors"] == expected, (setting, path)
                assert_strict(response)


@pytest.mark.django_db
def test_an_inline_style_runs_only_with_the_nonce_sent_in_the_header(client):
    """?controls= adds an embed's only inline <style>; its nonce is new on every response."""
    nonces = []
    for path in ("/embed/sigmoid-grid/?controls=cmap", "/embed/generate/?controls=none"):
        for _ in range(2):
            response = client.get(path)
            style = policy(response)["style-src"].split()
            assert len(style) == 2, style
            nonce = style[1].removeprefix("'nonce-").removesuffix("'")
            html = response.content.decode()
            assert html.count("<style") == 1
            assert f'<style nonce="{nonce}">' in html
            inline_scripts = re.findall(r"<script(?![^>]*\bsrc=)[^>]*>", html)
            assert all(
                f'nonce="{nonce}"' in tag or "application/json" in tag for tag in inline_scripts
            )
            nonces.append(nonce)
    assert len(set(nonces)) == len(nonces)
    # A page without an inline style gets no nonce at all.
    plain = policy(client.get("/embed/sigmoid-grid/"))
    assert plain["style-src"] == plain["script-src"] == "'self'"


def test_no_template_has_an_inline_script_handler_or_style_attribute():
    """What the policy refuses (inline code without the nonce), caught before a browser meets it."""
    root = Path(__file__).resolve().parent.parent / "templates"
    refused = re.compile(
        r"<script(?![^>]*\bsrc=)(?![^>]*type=\"application/(ld\+)?json\")(?![^>]*nonce=)[^>]*>"
        r"|\son[a-z]+=\"|\sstyle=\"|<style(?![^>]*nonce=)[^>]*>|javascript:",
        re.IGNORECASE,
    )
    found = [
        f"{path.relative_to(root)}: {match.group(0)}"
        for path in sorted(root.rglob("*.html"))
        for match in refused.finditer(path.read_text(encoding="utf-8"))
    ]
    assert not found, found


def test_the_test_settings_differ_from_production_only_by_eval_for_playwright(settings):
    production = settings.PRODUCTION_CONTENT_SECURITY_POLICY["DIRECTIVES"]
    assert production == deployed.CONTENT_SECURITY_POLICY["DIRECTIVES"]
    assert all("unsafe" not in str(value) for value in production.values())
