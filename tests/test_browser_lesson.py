"""Lesson pages in a real browser: math typeset by KaTeX, copy buttons, the language switch,
the layout on a laptop and on a phone (the shipped lesson 5, loaded by load_lessons).

Screenshots land in test-output/ (git-ignored): lesson5-ja-desktop.png, lesson5-en-phone.png,
shipped-lesson5-<lang>-phone.png, lesson-without-headings.png.
"""

import io

import pytest
from django.core.management import call_command

from tests.browser import OUTPUT, needs_chromium

pytestmark = needs_chromium

PHONE = {"width": 390, "height": 844}
LAPTOP = {"width": 1366, "height": 768}
SHIPPED_LESSON = "/{lang}/ai-composition/neural-networks-magenta-tensorflow/"
BOX = "(selector) => { const r = document.querySelector(selector).getBoundingClientRect();"
BOX += " return {left: r.left, right: r.right, top: r.top, bottom: r.bottom, width: r.width}; }"


@pytest.mark.django_db(transaction=True)
def test_lesson5_reads_in_both_languages(browser, live_server, lesson5):
    OUTPUT.mkdir(exist_ok=True)
    errors: list[str] = []
    page = browser.new_page(viewport={"width": 1280, "height": 900})
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    page.goto(f"{live_server.url}/ja/ai-composition/neural-networks-magenta-tensorflow/")

    assert page.locator("h1").all_inner_texts() == ["第5回 ニューラルネットワーク"]
    page.wait_for_selector(".math-display .katex-display")
    assert page.locator(".math-inline .katex").count() >= 1  # KaTeX replaced the TeX text
    assert page.locator(".copy-button").first.inner_text() == "コピー"
    assert page.locator("nav.toc a").first.inner_text() == "3層のネットワーク"
    page.screenshot(path=str(OUTPUT / "lesson5-ja-desktop.png"), full_page=True)

    page.set_viewport_size(PHONE)
    page.get_by_role("link", name="English").click()
    page.wait_for_url("**/en/ai-composition/neural-networks-magenta-tensorflow/")
    assert page.locator("h1").all_inner_texts() == ["Lesson 5: neural networks"]
    assert page.locator("html").get_attribute("lang") == "en"
    page.wait_for_selector(".math-display .katex-display")
    assert page.locator(".copy-button").first.inner_text() == "Copy"
    # Readable on a phone: nothing forces the page wider than the screen.
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    page.screenshot(path=str(OUTPUT / "lesson5-en-phone.png"), full_page=True)

    page.get_by_role("link", name="日本語").click()
    page.wait_for_url("**/ja/ai-composition/neural-networks-magenta-tensorflow/")
    assert not [e for e in errors if "katex" in e.lower() or "lesson" in e.lower()], errors


@pytest.mark.django_db(transaction=True)
def test_shipped_lesson5_starts_with_the_lesson_on_a_phone(browser, live_server):
    call_command("load_lessons", stdout=io.StringIO())
    OUTPUT.mkdir(exist_ok=True)
    page = browser.new_page(viewport=PHONE)
    for lang, copy in (("ja", "コピー"), ("en", "Copy")):
        page.set_viewport_size(PHONE)
        page.goto(live_server.url + SHIPPED_LESSON.format(lang=lang))
        page.wait_for_selector(".copy-button")
        assert page.locator(".copy-button").first.inner_text() == copy
        contents = page.locator(".toc details")
        assert not contents.evaluate("details => details.open")  # closed: the lesson comes first
        title = page.evaluate(BOX, "h1")
        first_paragraph = page.evaluate(BOX, ".lesson-body p")
        assert title["top"] >= 0 and first_paragraph["bottom"] <= PHONE["height"], (
            lang,
            title,
            first_paragraph,
        )
        assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
        caption = page.locator("figure.block-code figcaption").first
        assert caption.locator("code").first.inner_text() == "%matplotlib inline"
        assert "`" not in caption.inner_text()
        page.screenshot(path=str(OUTPUT / f"shipped-lesson5-{lang}-phone.png"))

        page.set_viewport_size(LAPTOP)  # turned into a laptop: the contents open in the sidebar
        page.wait_for_function("document.querySelector('.toc details').open")
        toc, article = page.evaluate(BOX, "nav.toc"), page.evaluate(BOX, "article.lesson")
        assert toc["right"] <= article["left"] and article["width"] >= 700, (toc, article)
        assert page.evaluate(BOX, "h1")["bottom"] <= LAPTOP["height"]
    page.close()


@pytest.mark.django_db(transaction=True)
def test_a_lesson_without_headings_uses_the_main_column(browser, live_server, make_lesson):
    lesson = make_lesson(
        number=6, blocks=[{"kind": "markdown", "body_ja": "見出しのない短い授業です。" * 20}]
    )
    page = browser.new_page(viewport=LAPTOP)
    page.goto(live_server.url + lesson.get_absolute_url())
    assert page.locator("nav.toc").count() == 0
    article = page.evaluate(BOX, "article.lesson")
    # The text column (46rem, about 880 px here), centred, not the 345-px sidebar column.
    assert article["width"] >= 700, article
    centre = (article["left"] + article["right"]) / 2
    assert abs(centre - LAPTOP["width"] / 2) < 20, article
    page.screenshot(path=str(OUTPUT / "lesson-without-headings.png"))
    page.close()
