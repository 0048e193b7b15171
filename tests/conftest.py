"""Shared fixtures: named users, a course/lesson factory and a tiny TOML content folder.

Users: `student` is the anonymous visitor (the plain `client`), `teacher` is a staff user in
the Teachers group (no other permission), `staff` is a superuser.
"""

from __future__ import annotations

import io
import json
import textwrap
from pathlib import Path

import pytest
from django.contrib.auth.models import AnonymousUser, Group, User
from django.core.cache import cache
from django.test import Client
from django.utils import translation
from PIL import Image

from courses.models import Block, Course, Lesson
from tests.browser import browser  # noqa: F401  (the Chromium fixture, shared by every browser test)
from tests.data_migrations import ensure_teachers_group
from tests.studio_support import install_rule_engine
from tests.studio_validation_support import stored_files
from webapp.celery import app as celery_app  # noqa: F401

# Tests switch a broker on and off through settings, in one process: the project's Celery app is
# made current up front (imported above), as webapp/__init__.py does in a process with a broker.

TEACHER_PASSWORD = "a-long-teacher-password-42"


@pytest.fixture(autouse=True)
def japanese_by_default():
    """Start every test in Japanese: a request leaves its language active in the thread, and
    get_absolute_url() builds /ja/ or /en/ from the active language."""
    with translation.override("ja"):
        yield


@pytest.fixture
def student():
    return AnonymousUser()


@pytest.fixture
def teacher(db) -> User:
    ensure_teachers_group()  # a transactional test before this one may have flushed it
    user = User.objects.create_user(
        "teacher", "teacher@example.org", TEACHER_PASSWORD, is_staff=True
    )
    user.groups.add(Group.objects.get(name="Teachers"))
    return user


@pytest.fixture
def staff(db) -> User:
    return User.objects.create_superuser("staff", "staff@example.org", "a-long-staff-password-42")


@pytest.fixture
def teacher_client(teacher) -> Client:
    client = Client()
    client.force_login(teacher)
    return client


@pytest.fixture
def staff_client(staff) -> Client:
    client = Client()
    client.force_login(staff)
    return client


LESSON5_MARKDOWN_JA = """\
## 3層のネットワーク

入力層・中間層・出力層の3層です。回帰は $Y = b_1 X + b_0$ と書けます。

$$
y = \\sigma(w_1 x_1 + w_2 x_2 + b)
$$

### シグモイド関数

`np.arange(-1, 1, 0.2)` は終わりの値を含みません。
"""

LESSON5_MARKDOWN_EN = """\
## The three-layer network

Input, middle and output layers. Regression reads $Y = b_1 X + b_0$.

$$
y = \\sigma(w_1 x_1 + w_2 x_2 + b)
$$

### The sigmoid function

`np.arange(-1, 1, 0.2)` stops before the end value.
"""


@pytest.fixture
def make_course(db):
    def make(slug: str = "ai-composition", **fields) -> Course:
        fields.setdefault("title_ja", "AI自動作曲プログラミング")
        fields.setdefault("title_en", "AI Music Composition Programming")
        fields.setdefault("summary_ja", "AI で曲を作るプログラミング。")
        fields.setdefault("summary_en", "Programming music with AI.")
        return Course.objects.create(slug=slug, **fields)

    return make


@pytest.fixture
def make_lesson(db, make_course):
    """make_lesson(number=5, blocks=[{"kind": "markdown", ...}], **lesson fields) → Lesson."""

    def make(
        course: Course | None = None, number: int = 5, blocks: list[dict] | None = None, **fields
    ):
        course = course or Course.objects.filter(slug="ai-composition").first() or make_course()
        fields.setdefault("slug", f"lesson-{number}")
        fields.setdefault("order", number)
        fields.setdefault("published", True)
        fields.setdefault("title_ja", f"第{number}回 ニューラルネットワーク")
        fields.setdefault("title_en", f"Lesson {number}: neural networks")
        lesson = Lesson.objects.create(course=course, number=number, **fields)
        for index, block_fields in enumerate(blocks or []):
            block_fields.setdefault("order", (index + 1) * 10)
            block = Block(lesson=lesson, **block_fields)
            block.full_clean()
            block.save()
        return lesson

    return make


@pytest.fixture
def lesson5(make_lesson) -> Lesson:
    """A published lesson 5 with every block kind but figures (which need an upload)."""
    return make_lesson(
        number=5,
        slug="neural-networks-magenta-tensorflow",
        blocks=[
            {"kind": "markdown", "body_ja": LESSON5_MARKDOWN_JA, "body_en": LESSON5_MARKDOWN_EN},
            {
                "kind": "code",
                "language": "python",
                "source": "import numpy as np\nx = np.arange(-1, 1, 0.2)  # 終わりは含まない\n",
                "caption_ja": "グリッドの座標",
                "caption_en": "Grid coordinates",
            },
            {
                "kind": "callout",
                "style": "tip",
                "body_ja": "活性化関数は**非線形**です。",
                "body_en": "Activation functions are **non-linear**.",
            },
            {"kind": "demo", "demo": "sigmoid-grid", "preset": {"cmap": "viridis"}},
            {
                "kind": "markdown",
                "body_ja": "## TensorFlow の計算グラフ\n\n9 → 18 → 27",
                "body_en": "",
            },
        ],
    )


def png_bytes(size=(8, 6), color=(30, 90, 200), image_format="PNG") -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", size, color).save(buffer, format=image_format)
    return buffer.getvalue()


@pytest.fixture
def content_dir(tmp_path) -> Path:
    """A content folder in the format of docs/content.md: one course, lessons 4 and 5, a figure."""
    course_dir = tmp_path / "content" / "ai-composition"
    course_dir.mkdir(parents=True)
    (course_dir / "figures").mkdir()
    (course_dir / "figures" / "grid.png").write_bytes(png_bytes())
    (course_dir / "course.toml").write_text(
        textwrap.dedent(
            """\
            slug = "ai-composition"
            order = 1
            title_ja = "AI自動作曲プログラミング"
            title_en = "AI Music Composition Programming"
            summary_ja = "AI で曲を作る。"
            summary_en = "Making music with AI."
            """
        ),
        encoding="utf-8",
    )
    (course_dir / "lesson-04.toml").write_text(
        textwrap.dedent(
            """\
            number = 4
            slug = "numpy-basics"
            order = 4
            published = true
            title_ja = "NumPy の基本"
            title_en = "NumPy basics"

            [[blocks]]
            kind = "markdown"
            body_ja = '''## 配列'''
            body_en = '''## Arrays'''
            """
        ),
        encoding="utf-8",
    )
    write_lesson5(course_dir, body_en="## The grid\n\nInputs $x_1$ and $x_2$.")
    return tmp_path / "content"


def write_lesson5(course_dir: Path, body_en: str, preset: dict | None = None) -> Path:
    preset_toml = ", ".join(f"{key} = {json.dumps(value)}" for key, value in (preset or {}).items())
    path = course_dir / "lesson-05.toml"
    path.write_text(
        textwrap.dedent(
            """\
            number = 5
            slug = "neural-networks-magenta-tensorflow"
            order = 5
            published = true
            title_ja = "ニューラルネットワーク・Magenta・TensorFlow"
            title_en = "Neural networks, Magenta and TensorFlow"
            summary_ja = "3層のネットワークから。"
            summary_en = "From a three-layer network."

            [[blocks]]
            kind = "markdown"
            body_ja = '''## グリッド

            入力は $x_1$ と $x_2$ です。'''
            body_en = '''BODY_EN'''

            [[blocks]]
            kind = "code"
            language = "python"
            source = '''print("\\\\n は改行")'''

            [[blocks]]
            kind = "figure"
            image = "figures/grid.png"
            alt_ja = "グリッド"
            alt_en = "The grid"

            [[blocks]]
            kind = "demo"
            demo = "sigmoid-grid"
            preset = { PRESET }
            """
        )
        .replace("BODY_EN", body_en)
        .replace("PRESET", preset_toml),
        encoding="utf-8",
    )
    return path


def lesson_admin_form(lesson: Lesson, **changes) -> dict[str, str]:
    """The POST data the admin's lesson page would send for `lesson`, plus changes.

    Blocks are edited on their own pages; the lesson page sends only the lesson's fields and
    "block_order", the block ids in page order (comma-separated).
    """
    data: dict[str, str] = {
        "course": str(lesson.course_id),
        "number": str(lesson.number),
        "order": str(lesson.order),
        "slug": lesson.slug,
        "title_ja": lesson.title_ja,
        "title_en": lesson.title_en,
        "summary_ja": lesson.summary_ja,
        "summary_en": lesson.summary_en,
    }
    if lesson.published:
        data["published"] = "on"
    block_ids = lesson.blocks.order_by("order", "pk").values_list("pk", flat=True)
    data["block_order"] = ",".join(map(str, block_ids))
    data.update(changes)
    return data


# --- the studio's tests ----------------------------------------------------------------------


@pytest.fixture
def rule_engine(monkeypatch):
    """Every studio tool on the rule-based stand-in, every model reported present."""
    return install_rule_engine(monkeypatch)


@pytest.fixture
def studio(settings, monkeypatch):
    """The embedded default for browser tests: jobs go to the worker thread (as in production,
    not run in the request) and the rule-based stand-in answers (``studio_models``: the
    trained models and the measured DSP instead)."""
    from studio import worker

    settings.KANADE_JOBS_EAGER = False
    settings.KANADE_WORKER_WARMUP = False
    yield install_rule_engine(monkeypatch)
    worker.stop_worker()


@pytest.fixture
def studio_models(settings):
    """As ``studio``, with every tool on its own models: the committed checkpoints, the
    mastering chain. Warm-up is off, so the first job of a test loads what it needs."""
    from studio import worker

    settings.KANADE_JOBS_EAGER = False
    settings.KANADE_WORKER_WARMUP = False
    yield
    worker.stop_worker()


@pytest.fixture
def refusals_not_rate_limited(settings):
    """These tests send many refused forms from one address; the limit on those is tested with
    the rate limits, not here."""
    settings.KANADE_STUDIO_REFUSED_LIMIT = 1_000_000
    cache.clear()


@pytest.fixture
def nothing_stored_before():
    before = set(stored_files())
    yield
    assert set(stored_files()) == before  # a rejected submission leaves no file behind
