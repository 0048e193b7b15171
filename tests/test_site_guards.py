"""Site-wide guards: things that must hold for every change."""

from html.parser import HTMLParser

import pytest
from django.core.management import call_command


@pytest.mark.django_db
def test_no_pending_migrations():
    call_command("makemigrations", "--check", "--dry-run", verbosity=0)


def test_healthz(client, db):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json() == {"status": "ok"}


def test_page_modules_do_not_import_tensorflow():
    import subprocess
    import sys

    code = (
        "import django, os, sys;"
        "os.environ.setdefault('DJANGO_SETTINGS_MODULE','webapp.settings_test');"
        "django.setup();"
        "import webapp.urls;"
        "from django.urls import get_resolver; get_resolver().url_patterns;"
        "print('tensorflow' in sys.modules)"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"


class _HeadingCounter(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.h1 = 0
        self.links: list[str] = []

    def handle_starttag(self, tag, attrs):
        if tag == "h1":
            self.h1 += 1
        if tag == "a":
            href = dict(attrs).get("href") or ""
            if href.startswith(("/ja/", "/en/")):
                self.links.append(href.split("#")[0])


def _crawl(client, start: list[str], limit: int = 300) -> dict[str, int]:
    """Follow same-site /ja/ and /en/ links from `start`; return {path: number of <h1>}."""
    seen: dict[str, int] = {}
    queue = list(start)
    while queue and len(seen) < limit:
        path = queue.pop(0)
        if path in seen:
            continue
        response = client.get(path)
        assert response.status_code == 200, f"{path} answered {response.status_code}"
        parser = _HeadingCounter()
        parser.feed(response.content.decode())
        seen[path] = parser.h1
        queue.extend(link for link in parser.links if link not in seen)
    return seen


def test_every_page_has_exactly_one_h1(client, staff_client, lesson5, make_lesson):
    make_lesson(number=4, blocks=[{"kind": "markdown", "body_ja": "# 見出し1 は h2 になる"}])
    make_lesson(number=6, published=False)
    student_pages = _crawl(client, ["/ja/", "/en/"])
    assert "/en/ai-composition/neural-networks-magenta-tensorflow/" in student_pages
    assert "/ja/ai-composition/lesson-4/" in student_pages
    staff_pages = _crawl(staff_client, ["/ja/", "/en/"])
    assert "/ja/ai-composition/lesson-6/" in staff_pages  # the draft preview
    for path in (
        "/admin/",
        "/admin/courses/lesson/",
        f"/admin/courses/lesson/{lesson5.pk}/change/",
    ):
        staff_pages[path] = _crawl_one(staff_client, path)
    staff_pages["404"] = _crawl_one(client, "/ja/no-such-course/", status=404)
    wrong = {path: count for path, count in (student_pages | staff_pages).items() if count != 1}
    assert not wrong, f"pages without exactly one <h1>: {wrong}"


def _crawl_one(client, path: str, status: int = 200) -> int:
    response = client.get(path)
    assert response.status_code == status, f"{path} answered {response.status_code}"
    parser = _HeadingCounter()
    parser.feed(response.content.decode())
    return parser.h1
