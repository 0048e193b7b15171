"""Lesson 5 in a real browser: math typeset by KaTeX, copy buttons, the language switch.

Screenshots land in test-output/ (git-ignored): lesson5-ja-desktop.png, lesson5-en-phone.png.
"""

import pytest

from tests.browser import OUTPUT, needs_chromium

pytestmark = needs_chromium


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

    page.set_viewport_size({"width": 390, "height": 844})
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
