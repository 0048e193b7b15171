"""The Content-Security-Policy in Chromium: every kind of page runs without a single violation.

Each page is visited with a listener for ``securitypolicyviolation`` in every frame (installed
before any page script runs) and the console; Chromium reports a refused inline script, inline
style, style attribute, image, font, frame or form there. Pages: the course list and course, the
shipped lesson 5, every demo page, the studio and every tool (one generates), every embed (one
with ?controls=, whose inline <style> carries the nonce), an embed framed by another site from
the oEmbed code, the admin as a teacher, and the 404, 400 and CSRF-failure pages.
"""

from __future__ import annotations

import functools
import threading
import time
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer

import pytest
from django.core.management import call_command
from django.test import Client

from courses.models import Block, Lesson
from demos.registry import all_demos
from embeds.models import DemoPreset
from studio.tools import TOOLS
from tests.browser import OUTPUT, needs_chromium

pytestmark = needs_chromium

MARK = "csp-violation "
RECORD_VIOLATIONS = f"""
document.addEventListener("securitypolicyviolation", (event) => {{
  console.error({MARK!r} + JSON.stringify({{
    page: location.href, directive: event.violatedDirective, blocked: event.blockedURI,
    sample: event.sample, line: event.lineNumber, source: event.sourceFile,
  }}));
}});
"""


@pytest.fixture(autouse=True)
def production_policy(settings):
    """The policy production sends (the test settings add 'unsafe-eval' for Playwright)."""
    settings.CONTENT_SECURITY_POLICY = settings.PRODUCTION_CONTENT_SECURITY_POLICY


@pytest.fixture
def other_site(tmp_path):
    """A static web server for tmp_path on 127.0.0.1 (another origin than localhost)."""
    handler = functools.partial(QuietHandler, directory=str(tmp_path))
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()
    server.server_close()


class QuietHandler(SimpleHTTPRequestHandler):
    def log_message(self, *args) -> None:
        pass


class Visitor:
    """One browser context that records every CSP report and checks every page's header."""

    def __init__(self, browser, base: str, cookies: list[dict] | None = None):
        self.base = base
        self.context = browser.new_context(viewport={"width": 1366, "height": 768})
        if cookies:
            self.context.add_cookies(cookies)
        self.context.add_init_script(RECORD_VIOLATIONS)
        self.reports: list[str] = []
        self.errors: list[str] = []
        self.page = self.context.new_page()
        self.page.on("console", self._console)
        self.page.on("pageerror", lambda exc: self.errors.append(f"{self.page.url}: {exc}"))

    def _console(self, message) -> None:
        text = message.text
        if text.startswith(MARK) or "Content Security Policy" in text:
            self.reports.append(text)

    def wait_until(self, expression: str, timeout_s: float = 30) -> None:
        """page.wait_for_function evaluates with eval(), which this policy refuses: poll instead."""
        deadline = time.monotonic() + timeout_s
        while not self.page.evaluate(expression):
            assert time.monotonic() < deadline, expression
            self.page.wait_for_timeout(100)

    def visit(self, path: str, status: int = 200) -> None:
        response = self.page.goto(self.base + path, wait_until="networkidle")
        assert response.status == status, (path, response.status)
        policy = response.headers.get("content-security-policy", "")
        assert "script-src 'self'" in policy and "object-src 'none'" in policy, (path, policy)
        assert "unsafe" not in policy, (path, policy)
        self.page.wait_for_timeout(150)  # reports are queued as tasks after the load


def session_cookie(live_server, user) -> list[dict]:
    client = Client()
    client.force_login(user)
    return [
        {"name": "sessionid", "value": client.cookies["sessionid"].value, "url": live_server.url}
    ]


@pytest.mark.django_db(transaction=True)
def test_every_page_type_runs_without_a_csp_violation(
    browser, live_server, teacher, studio, other_site, tmp_path
):
    OUTPUT.mkdir(exist_ok=True)
    call_command("load_lessons", verbosity=0)
    lesson = Lesson.objects.get(number=5)
    block = lesson.blocks.filter(kind=Block.Kind.DEMO).first()
    visitor = Visitor(browser, live_server.url, session_cookie(live_server, teacher))

    for lang in ("ja", "en"):
        visitor.visit(f"/{lang}/")
        visitor.visit(f"/{lang}/{lesson.course.slug}/")
        visitor.visit(f"/{lang}/{lesson.course.slug}/{lesson.slug}/")
    # KaTeX's style attributes went through the CSSOM: the formulas are typeset, not TeX text.
    assert visitor.page.locator(".math-display .katex-display").count() > 0
    visitor.page.locator(".math-display").first.scroll_into_view_if_needed()
    visitor.page.screenshot(path=str(OUTPUT / "csp-lesson-math.png"))
    # The lesson's studio blocks frame the tools: the frame loads (frame-src 'self') and sizes.
    # (While the frame navigates its document can be one without an element yet.)
    visitor.page.locator(".block-studio iframe").first.scroll_into_view_if_needed()
    visitor.wait_until(
        "document.querySelector('.block-studio iframe').contentDocument"
        "?.documentElement?.hasAttribute('data-studio-ready')"
        " && document.querySelector('.block-studio iframe').style.height !== ''"
    )
    visitor.visit("/ja/demos/")
    for demo in all_demos():
        visitor.visit(f"/ja/demos/{demo.slug}/")
        visitor.visit(f"/embed/{demo.slug}/?lang=en")
    visitor.visit("/embed/sigmoid-grid/?controls=cmap")
    visitor.visit("/en/studio/")
    for slug in TOOLS:
        visitor.visit(f"/en/studio/{slug}/")
        visitor.visit(f"/embed/{slug}/?controls=none")

    # One generation: piano rolls, the audio player and the result links.
    visitor.visit("/en/studio/generate/")
    visitor.page.wait_for_selector("html[data-studio-ready]")
    visitor.page.click("button.studio-generate")
    visitor.page.wait_for_selector(".studio-variation", timeout=60_000)
    visitor.wait_until("document.querySelector('.studio-variation audio').readyState >= 2")

    # The code an LMS gets from oEmbed, on another site's page (a server on 127.0.0.1: another
    # site than localhost, and local, so Chromium's local-network checks let it frame localhost).
    oembed = Client().get("/oembed", {"url": f"http://testserver/embed/{all_demos()[0].slug}/"})
    frame_code = oembed.json()["html"].replace("http://testserver", live_server.url)
    (tmp_path / "deck.html").write_text(f"<!doctype html><title>deck</title>{frame_code}")
    visitor.page.goto(f"{other_site}/deck.html", wait_until="networkidle")
    frame = visitor.page.frame_locator("iframe")
    frame.locator("[data-demo] *").first.wait_for(state="attached")
    visitor.page.wait_for_timeout(500)
    visitor.page.screenshot(path=str(OUTPUT / "csp-oembed-frame.png"))
    visitor.page.wait_for_timeout(300)

    # The admin, as a teacher: the block editor frames a preset preview from /embed/.
    visitor.visit("/admin/")
    visitor.visit(f"/admin/courses/lesson/{lesson.pk}/change/")
    visitor.visit(f"/admin/courses/block/{block.pk}/change/")
    with_math = lesson.blocks.filter(kind=Block.Kind.MARKDOWN, body_ja__contains="$$").first()
    visitor.visit(f"/admin/courses/block/{with_math.pk}/change/")
    assert visitor.page.locator(".kanade-preview .katex").count() > 0
    preset = DemoPreset.objects.create(name="magma", demo="sigmoid-grid", params={"cmap": "magma"})
    visitor.visit(f"/admin/embeds/demopreset/{preset.pk}/change/")
    visitor.page.frame_locator("iframe").locator("[data-demo] *").first.wait_for(state="attached")
    visitor.page.focus("#preset-embed-code")
    assert visitor.page.evaluate("document.activeElement.selectionEnd") > 0  # selected to copy
    visitor.page.screenshot(path=str(OUTPUT / "csp-admin-preset.png"), full_page=True)
    visitor.visit(f"/admin/courses/block/add/?lesson={lesson.pk}&order=5")

    # Error pages: 404, 400 (more query fields than Django accepts), CSRF failure.
    visitor.visit("/en/no-such-course/", status=404)
    too_many_fields = "&".join(f"f{n}=1" for n in range(1100))
    visitor.visit(f"/embed/sigmoid-grid/?{too_many_fields}", status=400)
    assert visitor.page.locator(".site-header").count() == 1  # the site's 400.html
    visitor.visit("/embed/sigmoid-grid/?w_im=1,2", status=400)  # the embed's own error page
    visitor.visit("/en/")
    with visitor.page.expect_navigation() as navigation:
        visitor.page.evaluate(
            """() => { const form = document.createElement("form"); form.method = "post";
                       form.action = "/admin/login/"; document.body.append(form); form.submit(); }"""
        )
    refused = navigation.value
    assert refused.status == 403
    assert "script-src 'self'" in refused.headers.get("content-security-policy", "")
    visitor.page.wait_for_load_state("networkidle")
    visitor.page.wait_for_timeout(300)

    visitor.context.close()
    assert not visitor.reports, "\n".join(visitor.reports)
    assert not visitor.errors, visitor.errors
