"""Models: translation fallback, visibility rules, per-kind block rules, figure uploads."""

import pytest
from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import translation

from courses.models import Block, Course, Lesson, content_hash
from courses.validators import FIGURE_MAX_BYTES, validate_figure_image
from tests.conftest import png_bytes


@pytest.fixture(autouse=True)
def english_messages(japanese_by_default):
    """Validation messages are checked in English here; the admin test checks the Japanese."""
    with translation.override("en"):
        yield


def test_translated_fields_follow_the_active_language_and_fall_back_to_japanese(make_lesson):
    lesson = make_lesson(
        title_ja="ニューラルネットワーク", title_en="Neural networks", summary_en=""
    )
    lesson.summary_ja = "概要"
    with translation.override("en"):
        assert lesson.title == "Neural networks"
        assert lesson.summary == "概要"  # blank English falls back to Japanese
    with translation.override("ja"):
        assert lesson.title == "ニューラルネットワーク"


def test_published_and_visible_to(make_lesson, teacher, staff):
    published = make_lesson(number=5)
    draft = make_lesson(number=6, published=False)
    assert list(Lesson.objects.published()) == [published]
    assert list(Lesson.objects.visible_to(AnonymousUser())) == [published]
    assert set(Lesson.objects.visible_to(teacher)) == {published, draft}
    assert set(Lesson.objects.visible_to(staff)) == {published, draft}
    staff.is_active = False
    assert list(Lesson.objects.visible_to(staff)) == [published]


def test_lessons_are_ordered_by_order_then_number(make_course, make_lesson):
    course = make_course()
    later = make_lesson(course=course, number=1, order=20)
    earlier = make_lesson(course=course, number=2, order=10)
    assert list(course.lessons.all()) == [earlier, later]


@pytest.mark.parametrize(
    ("fields", "missing"),
    [
        ({"kind": "markdown"}, "body_ja"),
        ({"kind": "callout", "body_ja": "注意"}, "style"),
        ({"kind": "code", "source": "print(1)"}, "language"),
        ({"kind": "figure", "alt_ja": "図"}, "image"),
        ({"kind": "demo"}, "demo"),
    ],
)
def test_each_kind_requires_its_fields(lesson5, fields, missing):
    block = Block(lesson=lesson5, **fields)
    with pytest.raises(ValidationError) as excinfo:
        block.full_clean()
    assert missing in excinfo.value.message_dict


def test_demo_preset_must_fit_the_spec(lesson5):
    block = Block(lesson=lesson5, kind="demo", demo="sigmoid-grid", preset={"cmap": "rainbow"})
    # Worded in the language of whoever saves it (the admin's, the loader's).
    for language, start in [
        ("ja", "このプリセットは使えません: 「cmap」は gray, viridis,"),
        ("en", "Preset rejected: “cmap” must be one of gray, viridis,"),
    ]:
        with translation.override(language), pytest.raises(ValidationError) as excinfo:
            block.full_clean()
        assert " ".join(excinfo.value.message_dict["preset"]).startswith(start)

    block.preset = {"cmap": "magma", "step": 0.1}
    block.full_clean()
    assert block.demo_state()["cmap"] == "magma" and block.demo_state()["vmax"] == 1.0


def test_unknown_code_language_is_rejected(lesson5):
    block = Block(lesson=lesson5, kind="code", language="klingon", source="x")
    with pytest.raises(ValidationError) as excinfo:
        block.full_clean()
    assert "Unknown language" in excinfo.value.message_dict["language"][0]


def test_reserved_course_slug_is_rejected(db):
    with pytest.raises(ValidationError) as excinfo:
        Course(slug="demos", title_ja="デモ").full_clean()
    assert "reserved" in excinfo.value.message_dict["slug"][0]


@pytest.mark.parametrize(
    "image_format,name", [("PNG", "a.png"), ("JPEG", "a.jpg"), ("WEBP", "a.webp")]
)
def test_figure_accepts_raster_images(image_format, name):
    validate_figure_image(SimpleUploadedFile(name, png_bytes(image_format=image_format)))


@pytest.mark.parametrize(
    ("name", "content", "expected"),
    [
        ("evil.svg", b"<svg onload='alert(1)'/>", "SVG is not allowed"),
        ("fake.png", b"<svg onload='alert(1)'/>", "not a readable image"),
        ("pic.png", png_bytes(image_format="GIF"), "SVG is not allowed"),  # GIF content, PNG name
        ("huge.png", b"\0" * (FIGURE_MAX_BYTES + 1), "the limit is 5 MB"),
    ],
)
def test_figure_rejects_other_files(name, content, expected):
    with pytest.raises(ValidationError) as excinfo:
        validate_figure_image(SimpleUploadedFile(name, content))
    assert expected in excinfo.value.messages[0]


def test_figure_block_records_image_size(lesson5):
    block = Block(lesson=lesson5, kind="figure", alt_ja="図", order=99)
    block.image = SimpleUploadedFile("grid.png", png_bytes(size=(12, 7)))
    block.full_clean()
    block.save()
    assert (block.image_width, block.image_height) == (12, 7)
    assert block.image.name.startswith("figures/")


def test_content_snapshot_changes_with_any_block_edit(lesson5):
    before = content_hash(lesson5.content_snapshot())
    assert content_hash(lesson5.content_snapshot()) == before
    block = lesson5.blocks.get(kind="code")
    block.caption_en = "Changed"
    block.save()
    assert content_hash(lesson5.content_snapshot()) != before
