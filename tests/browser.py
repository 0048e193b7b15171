"""Debian's Chromium driven by Playwright: one launch recipe for the browser tests and benches."""

import os
import re
from pathlib import Path

import pytest

from tests.ci import skip_unless_available

CHROMIUM = Path("/usr/bin/chromium")
# Headless in a sandbox-less container, and quiet: without the networking flags Chromium keeps
# trying hosts this machine cannot reach.
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-dev-shm-usage",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
OUTPUT = Path(__file__).resolve().parent.parent / "test-output"

needs_chromium = [
    pytest.mark.browser,
    skip_unless_available(
        not CHROMIUM.exists(),
        "Debian's chromium is not installed (make test installs it as root)",
    ),
]


@pytest.fixture
def browser():
    """A headless Chromium; the live server and Playwright share this test's thread."""
    from playwright import sync_api  # pinned in the dev extras: missing means a broken install

    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    with sync_api.sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()


JAPANESE = re.compile(r"[\u3040-\u30ff\u4e00-\u9fff]")


def open_page(browser, url, width=1280, height=900):
    page = browser.new_page(viewport={"width": width, "height": height}, device_scale_factor=1)
    errors = []
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    page.on("console", lambda msg: errors.append(msg.text) if msg.type == "error" else None)
    page.goto(url)
    return page, errors
