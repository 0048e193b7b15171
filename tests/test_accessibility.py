"""Accessibility audit: axe-core (tests/vendor/axe) on every page a student or a teacher opens, in
Japanese and English (the keyboard walk is tests/test_journeys_keyboard.py).

A page fails on any axe violation of impact "serious" or "critical" (colour contrast included);
the message lists the page, the rule, its impact, what axe measured and the elements (CSS
selectors), so whoever owns the page can find them. The pages are the shipped lesson 5 (loaded by
`load_lessons`) with the course list and course page, the demo index and every demo page, every
studio tool page and the studio index, every embed, and the admin's lesson, block and
add-a-block pages as a teacher sees them.
"""

from __future__ import annotations

import pytest

from tests.browser import needs_chromium
from tests.journey_support import (
    COURSE_SLUG,
    LANGUAGES,
    LAPTOP,
    PHONE,
    axe_violations,
    chromium_per_module,  # noqa: F401  (the `chromium` fixture)
    demo_slugs,
    lesson_path,
    load_shipped_lessons,
    login,
    open_page,
    run_tf_steppers,
    studio_slugs,
    teacher_login,
    wait_for_demos,
    wait_for_studio,
)

pytestmark = [*needs_chromium, pytest.mark.slow]


def audit(visit, url: str, label: str, ready) -> list[str]:
    response = visit.page.goto(url)
    assert response.status == 200, f"{label}: HTTP {response.status}"
    ready(visit.page)
    return axe_violations(visit.page, label)


def demos_ready(page) -> None:
    """Every demo started, and the TF stepper has printed its lines (they are what a student
    reads, so their colours are audited too)."""
    wait_for_demos(page)
    run_tf_steppers(page)


def lesson_ready(page) -> None:
    demos_ready(page)
    page.wait_for_selector(".math-display .katex-display")


def embed_ready(page) -> None:
    if page.locator("[data-demo]").count():
        demos_ready(page)
    else:
        wait_for_studio(page)


def assert_no_violations(found: list[str]) -> None:
    assert not found, f"{len(found)} serious/critical axe violation(s):\n" + "\n".join(found)


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("lang", LANGUAGES)
def test_lesson_page_has_no_serious_violations(chromium, live_server, lang):
    """The lesson on a laptop and a phone, and the two pages that lead to it."""
    load_shipped_lessons()
    found = []
    for name, viewport in (("laptop", LAPTOP), ("phone", PHONE)):
        visit = open_page(chromium, viewport=viewport)
        found += audit(
            visit, live_server.url + lesson_path(lang), f"lesson {lang} {name}", lesson_ready
        )
        for path in (f"/{lang}/", f"/{lang}/{COURSE_SLUG}/"):
            found += audit(visit, live_server.url + path, f"{path} {name}", lambda page: None)
        visit.close()
    assert_no_violations(found)


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("lang", LANGUAGES)
def test_demo_pages_have_no_serious_violations(chromium, live_server, lang):
    visit = open_page(chromium)
    found = audit(visit, f"{live_server.url}/{lang}/demos/", f"/{lang}/demos/", lambda p: None)
    for slug in demo_slugs():
        url = f"{live_server.url}/{lang}/demos/{slug}/"
        found += audit(visit, url, f"/{lang}/demos/{slug}/", demos_ready)
    visit.close()
    assert_no_violations(found)


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("lang", LANGUAGES)
def test_studio_tool_pages_have_no_serious_violations(chromium, live_server, lang):
    visit = open_page(chromium)
    found = audit(visit, f"{live_server.url}/{lang}/studio/", f"/{lang}/studio/", lambda p: None)
    for slug in studio_slugs():
        url = f"{live_server.url}/{lang}/studio/{slug}/"
        found += audit(visit, url, f"/{lang}/studio/{slug}/", wait_for_studio)
    visit.close()
    assert_no_violations(found)


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("lang", LANGUAGES)
def test_embeds_have_no_serious_violations(chromium, live_server, lang):
    visit = open_page(chromium, viewport={"width": 960, "height": 540})
    found = []
    for slug in demo_slugs() + studio_slugs():
        url = f"{live_server.url}/embed/{slug}/?lang={lang}"
        found += audit(visit, url, f"/embed/{slug}/?lang={lang}", embed_ready)
    visit.close()
    assert_no_violations(found)


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("lang", LANGUAGES)
def test_admin_lesson_and_block_pages_have_no_serious_violations(chromium, live_server, lang):
    """The lesson's page (its list of blocks), a block's own page and the page that adds a
    demo block, as a teacher sees them."""
    lesson = load_shipped_lessons()
    block = lesson.blocks.filter(kind="markdown").order_by("order").first()
    visit = open_page(chromium, locale="en-US" if lang == "en" else "ja-JP")
    login(visit.page, live_server.url, *teacher_login())
    assert visit.page.locator("html").get_attribute("lang") == lang
    admin = f"{live_server.url}/admin/courses"
    found = audit(
        visit, f"{admin}/lesson/{lesson.pk}/change/", f"admin lesson ({lang})", lambda p: None
    )
    found += audit(
        visit, f"{admin}/block/{block.pk}/change/", f"admin block ({lang})", lambda p: None
    )
    found += audit(
        visit,
        f"{admin}/block/add/?lesson={lesson.pk}&kind=demo",
        f"admin add block ({lang})",
        lambda page: page.locator("select[name=kind]").select_option("demo"),
    )
    visit.close()
    assert_no_violations(found)
