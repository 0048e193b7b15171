"""Median response time of the lesson page, through Django's test client (no network).

Builds a throw-away test database, loads the lesson content with `load_lessons`, then requests
the lesson page many times in each language and prints the median (and p90) per language.

    .venv/bin/python bench/lesson_page.py                  # lesson 5, 200 requests per language
    .venv/bin/python bench/lesson_page.py --requests 500 --content path/to/content
"""

from __future__ import annotations

import argparse
import io
import os
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "webapp.settings_test")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--requests", type=int, default=200, help="timed requests per language")
    parser.add_argument("--warmup", type=int, default=10, help="untimed requests first")
    parser.add_argument("--content", type=Path, default=ROOT / "courses" / "content")
    parser.add_argument("--lesson", type=int, default=5, help="lesson number to request")
    args = parser.parse_args()
    if args.requests < 1:
        parser.error("--requests must be at least 1")

    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection
    from django.test import Client
    from django.test.utils import setup_test_environment
    from django.utils import translation

    from courses.models import Lesson

    setup_test_environment(debug=False)
    old_name = connection.creation.create_test_db(verbosity=0)
    try:
        call_command("load_lessons", "--path", str(args.content), verbosity=0, stdout=io.StringIO())
        lesson = (
            Lesson.objects.filter(number=args.lesson, published=True)
            .select_related("course")
            .first()
        )
        if lesson is None:
            print(f"No published lesson {args.lesson} under {args.content}.", file=sys.stderr)
            return 1
        client = Client()
        print(
            f"lesson {lesson.number} ({lesson.blocks.count()} blocks), {args.requests} requests per language"
        )
        for language in ("ja", "en"):
            with translation.override(language):
                url = lesson.get_absolute_url()
            timings = []
            for index in range(args.warmup + args.requests):
                started = time.perf_counter()
                response = client.get(url)
                elapsed = time.perf_counter() - started
                if response.status_code != 200:
                    print(f"{url} answered {response.status_code}", file=sys.stderr)
                    return 1
                if index >= args.warmup:
                    timings.append(elapsed)
            timings.sort()
            p90 = timings[int(0.9 * (len(timings) - 1))]
            print(
                f"{url}: median {statistics.median(timings) * 1000:.1f} ms, "
                f"p90 {p90 * 1000:.1f} ms, {len(response.content) / 1024:.0f} KiB"
            )
    finally:
        connection.creation.destroy_test_db(old_name, verbosity=0)
    return 0


if __name__ == "__main__":
    sys.exit(main())
