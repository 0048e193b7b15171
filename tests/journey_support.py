"""Shared pieces of the journey suite and the accessibility audit (tests/test_journeys_*.py,
tests/test_accessibility.py): the shipped lesson 5 loaded by `load_lessons`, one Chromium per test
module, pages opened at a student's screen sizes with their script errors collected, the waits
for a page's scripts to be ready, and a second local web server for pages on another origin.

Every journey runs on the real content in courses/content (not a fixture), so what a student or a
teacher meets in class is what is tested.
"""

from __future__ import annotations

import functools
import io
import os
import re
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest
from django.core.management import call_command

from courses.models import Lesson
from demos import catalog  # noqa: F401  (registers the demos)
from demos.registry import all_demos
from studio.tools import TOOLS
from tests.browser import CHROMIUM, CHROMIUM_ARGS, OUTPUT
from tests.data_migrations import ensure_teachers_group

COURSE_SLUG = "ai-composition"
LESSON_SLUG = "neural-networks-magenta-tensorflow"
LANGUAGES = ("ja", "en")

# The screens the issue names: a school laptop, a phone, and a 16:9 slide.
LAPTOP = {"width": 1366, "height": 768}
PHONE = {"width": 390, "height": 844}
SLIDE = {"width": 960, "height": 540}

TEACHERS_GROUP = "Teachers"
TEACHER_PASSWORD = "a-long-teacher-password-42"

VENDOR = Path(__file__).resolve().parent / "vendor"
SHOTS = OUTPUT / "journeys"


def lesson_path(lang: str) -> str:
    return f"/{lang}/{COURSE_SLUG}/{LESSON_SLUG}/"


def load_shipped_lessons() -> Lesson:
    """Run the management command a fresh install runs, into the test database."""
    call_command("load_lessons", stdout=io.StringIO())
    return Lesson.objects.select_related("course").get(course__slug=COURSE_SLUG, slug=LESSON_SLUG)


def teacher_login() -> tuple[str, str]:
    """A staff user in the Teachers group, as `createteacher` makes one; returns (name, password).

    A transactional test's flush empties every table, including the rows the data migrations
    wrote (the Teachers group and its permissions), so the courses app's data migrations are
    replayed first, each against the models of its own point in history.
    """
    from django.contrib.auth.models import Group, User

    ensure_teachers_group()
    user = User.objects.create_user("teacher", "teacher@example.org", TEACHER_PASSWORD)
    user.is_staff = True
    user.save()
    user.groups.add(Group.objects.get(name=TEACHERS_GROUP))
    return user.username, TEACHER_PASSWORD


@functools.cache
def _catalogue(lang: str, domain: str):
    from django.utils.translation.trans_real import DjangoTranslation

    return DjangoTranslation(lang, domain=domain)


def words(lang: str, msgid: str, domain: str = "django", **values) -> str:
    """The interface text a student reads for `msgid` in `lang`, from the same catalogues the
    pages use ("djangojs" for text the scripts write), so journeys find buttons by their names
    in either language without copying the Japanese here."""
    text = msgid if lang == "en" else _catalogue(lang, domain).gettext(msgid)
    return text % values if values else text


def demo_slugs() -> list[str]:
    return [demo.slug for demo in all_demos()]


def studio_slugs() -> list[str]:
    return list(TOOLS)


@pytest.fixture(scope="module", name="chromium")
def chromium_per_module():
    """One Chromium for the whole test module (a launch costs about a second on two cores);
    each test still gets fresh contexts, so no cookie or storage leaks between tests."""
    from playwright import sync_api

    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    with sync_api.sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@dataclass
class Visit:
    """A page in its own browser context, with every script error and console error it logged."""

    page: object
    errors: list[str] = field(default_factory=list)

    def close(self) -> None:
        self.page.context.close()

    def shot(self, name: str) -> None:
        """What is on screen (a full-page shot of the 64-block lesson takes 6–13 s)."""
        SHOTS.mkdir(parents=True, exist_ok=True)
        self.page.screenshot(path=str(SHOTS / f"{name}.png"))


def open_page(chromium, url: str | None = None, viewport=LAPTOP, locale: str = "ja-JP") -> Visit:
    """A new context at `viewport`; `locale` sets Accept-Language (what the admin follows)."""
    context = chromium.new_context(
        viewport=viewport, device_scale_factor=1, locale=locale, accept_downloads=True
    )
    page = context.new_page()
    visit = Visit(page)
    page.on("pageerror", lambda exc: visit.errors.append(f"{page.url}: {exc}"))
    page.on(
        "console",
        lambda msg: (
            visit.errors.append(f"{page.url}: console: {msg.text}")
            # A message without a script address comes from code the test evaluated (axe).
            if msg.type == "error"
            and not msg.text.startswith("Failed to load resource")
            and msg.location.get("url")
            else None
        ),
    )
    # A failed load is reported with its address (the console line above does not name it).
    page.on(
        "response",
        lambda response: (
            visit.errors.append(f"{page.url}: HTTP {response.status} {response.url}")
            if response.status >= 400 and not response.url.endswith("/favicon.ico")
            else None
        ),
    )
    if url:
        page.goto(url)
    return visit


def wait_for_demos(page, errors: list[str] | None = None, timeout: float = 30_000) -> int:
    """Wait until every demo on the page has mounted (its root carries the `demo` API object);
    returns how many there are. A demo that never mounts fails with its name."""
    try:
        page.wait_for_function(
            "() => [...document.querySelectorAll('[data-demo]')].every((root) => root.demo)",
            timeout=timeout,
        )
    except Exception as error:
        missing = page.evaluate(
            "[...document.querySelectorAll('[data-demo]')].filter((r) => !r.demo)"
            ".map((r) => r.dataset.demo)"
        )
        raise AssertionError(
            f"{page.url}: demos that never started: {missing}; page errors: {errors}"
        ) from error
    return page.locator("[data-demo]").count()


RUN_ALL = re.compile(r"^(Run all|すべて実行)$")


def run_tf_steppers(page, timeout: float = 60_000) -> list[str]:
    """Press "run all" on every TF stepper on the page and wait for its printed lines; returns
    each stepper's printed text (the lesson's defaults print 9, 18 and 27)."""
    printed = []
    steppers = page.locator('[data-demo="tf-graph"]')
    for index in range(steppers.count()):
        stepper = steppers.nth(index)
        stepper.get_by_role("button", name=RUN_ALL).click()
        console = stepper.locator(".tf-console")
        console.filter(has_text="27").wait_for(timeout=timeout)
        printed.append(console.inner_text())
    return printed


def wait_for_studio(page, timeout: float = 30_000) -> None:
    page.wait_for_selector("html[data-studio-ready]", timeout=timeout)


def next_frames(page_or_frame) -> None:
    """Let two animation frames pass, so what a change repaints is on screen."""
    page_or_frame.evaluate(
        "new Promise((done) => requestAnimationFrame(() => requestAnimationFrame(done)))"
    )


def login(page, base_url: str, username: str, password: str) -> None:
    """Log in through the admin's own form, as a teacher does."""
    page.goto(f"{base_url}/admin/login/?next=/admin/")
    page.locator("input[name=username]").fill(username)
    page.locator("input[name=password]").fill(password)
    page.locator("input[type=submit]").click()
    page.wait_for_url(f"{base_url}/admin/")


class _QuietHandler(SimpleHTTPRequestHandler):
    def log_message(self, *args):
        pass


@contextmanager
def serve_folder(folder: Path) -> Iterator[str]:
    """Serve `folder` on 127.0.0.1 at a free port; yields its origin. The live server answers on
    `localhost`, so pages served here are another origin (and another site) to Chromium."""
    handler = functools.partial(_QuietHandler, directory=str(folder))
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()


# --- axe-core (tests/vendor/axe): the accessibility audit, also run on pages a journey built up ---

AXE = VENDOR / "axe" / "axe.min.js"
BLOCKING_IMPACTS = ("serious", "critical")
LISTED_TARGETS = 6

# axe's findings, reduced to what a reader of the failure needs.
RUN_AXE = """async (blocking) => {
  const results = await axe.run(document, { resultTypes: ["violations"] });
  return results.violations
    .filter((v) => blocking.includes(v.impact))
    .map((v) => ({
      id: v.id,
      impact: v.impact,
      help: v.help,
      targets: v.nodes.map((n) => n.target.join(" ")),
      detail: (v.nodes[0].any[0] || v.nodes[0].all[0] || v.nodes[0].none[0] || {}).message || "",
    }));
}"""


@functools.cache
def _axe_source() -> str:
    return AXE.read_text(encoding="utf-8")


def axe_violations(page, label: str) -> list[str]:
    """axe-core's serious and critical violations on the page as it is now, one readable line
    each (page, rule, impact, what axe measured, the elements' selectors)."""
    # Evaluated through the DevTools protocol, not added as a <script>: the site's
    # Content-Security-Policy rightly refuses inline scripts, and the test must not loosen it.
    if not page.evaluate("typeof window.axe === 'object'"):
        page.evaluate(_axe_source())
    found = page.evaluate(RUN_AXE, list(BLOCKING_IMPACTS))
    lines = []
    for violation in found:
        targets = violation["targets"]
        shown = "; ".join(targets[:LISTED_TARGETS])
        more = f" (+{len(targets) - LISTED_TARGETS} more)" if len(targets) > LISTED_TARGETS else ""
        lines.append(
            f"{label}: {violation['id']} [{violation['impact']}] {violation['help']}. "
            f"{violation['detail']} -- at {shown}{more}"
        )
    return lines
