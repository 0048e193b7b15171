"""Read lesson content from TOML (courses/content/<course>/course.toml, lesson-*.toml) into the DB.

The format is described in docs/content.md. Loading is idempotent and never overwrites a
teacher: each course and lesson remembers two fingerprints, one of the TOML it was loaded from
and one of the database copy the loader wrote. On a re-run a lesson is updated only when its
database copy still matches what the loader wrote (nobody edited it in the admin) and the TOML
changed; otherwise it is left alone and the reason is reported.
"""

from __future__ import annotations

import hashlib
import tomllib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from django.core.exceptions import ValidationError
from django.core.files import File
from django.db import transaction

from courses.models import Block, Course, Lesson, content_hash
from courses.validators import validate_figure_image

COURSE_KEYS = {
    "slug": True,
    "order": False,
    "published": False,
    "title_ja": True,
    "title_en": False,
}
COURSE_KEYS |= {"summary_ja": False, "summary_en": False}
LESSON_KEYS = {"number": True, "slug": True, "order": False, "published": False, "title_ja": True}
LESSON_KEYS |= {"title_en": False, "summary_ja": False, "summary_en": False, "blocks": False}
BLOCK_KEYS = {
    "markdown": {"kind", "body_ja", "body_en"},
    "callout": {"kind", "style", "body_ja", "body_en"},
    # source_en: the same code with English comments, shown on English pages when given.
    "code": {"kind", "language", "source", "source_en", "caption_ja", "caption_en"},
    "figure": {"kind", "image", "alt_ja", "alt_en", "caption_ja", "caption_en"},
    "demo": {"kind", "demo", "preset", "caption_ja", "caption_en"},
    "studio": {"kind", "tool", "tool_preset", "caption_ja", "caption_en"},
}


class ContentError(ValueError):
    """A content file cannot be loaded; the message names the file and the problem."""


@dataclass
class LessonSpec:
    path: Path
    fields: dict[str, Any]
    blocks: list[dict[str, Any]]
    images: dict[int, Path] = field(default_factory=dict)  # block index → figure file
    source_hash: str = ""


@dataclass
class CourseSpec:
    path: Path
    fields: dict[str, Any]
    lessons: list[LessonSpec]
    errors: list[str]
    source_hash: str = ""


def _read_toml(path: Path) -> dict[str, Any]:
    try:
        with path.open("rb") as handle:
            return tomllib.load(handle)
    except tomllib.TOMLDecodeError as exc:
        raise ContentError(f"{path}: not valid TOML: {exc}") from None


def _check_keys(where: str, data: dict[str, Any], spec: dict[str, bool]) -> None:
    unknown = sorted(set(data) - set(spec))
    if unknown:
        raise ContentError(
            f"{where}: unknown key(s) {', '.join(unknown)}; allowed: {', '.join(spec)}"
        )
    missing = [key for key, required in spec.items() if required and key not in data]
    if missing:
        raise ContentError(f"{where}: missing required key(s) {', '.join(missing)}")


def _messages(error: ValidationError) -> str:
    if hasattr(error, "message_dict"):
        return "; ".join(f"{name}: {' '.join(msgs)}" for name, msgs in error.message_dict.items())
    return " ".join(error.messages)


def _file_digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def parse_lesson(path: Path, course_dir: Path) -> LessonSpec:
    data = _read_toml(path)
    _check_keys(str(path), data, LESSON_KEYS)
    blocks = data.pop("blocks", [])
    if not isinstance(blocks, list):
        raise ContentError(f"{path}: 'blocks' must be an array of tables ([[blocks]])")
    lesson = Lesson(**data)
    try:
        lesson.full_clean(exclude=["course"], validate_unique=False)
    except ValidationError as exc:
        raise ContentError(f"{path}: {_messages(exc)}") from None

    spec = LessonSpec(path=path, fields=data, blocks=[])
    image_digests: dict[int, str] = {}
    for index, raw in enumerate(blocks):
        where = f"{path}: block {index + 1}"
        if not isinstance(raw, dict) or raw.get("kind") not in BLOCK_KEYS:
            raise ContentError(f"{where}: 'kind' must be one of {', '.join(BLOCK_KEYS)}")
        unknown = sorted(set(raw) - BLOCK_KEYS[raw["kind"]])
        if unknown:
            raise ContentError(f"{where} ({raw['kind']}): unknown key(s) {', '.join(unknown)}")
        values = {key: value for key, value in raw.items() if key != "image"}
        values["order"] = (index + 1) * 10  # gaps leave room for a teacher to insert blocks
        if raw["kind"] == "figure":
            image_path = _figure_path(where, course_dir, raw.get("image", ""))
            spec.images[index] = image_path
            image_digests[index] = _file_digest(image_path)
        block = Block(**values)
        if index in spec.images:
            block.image.name = spec.images[index].name  # checked above; clean() only needs it set
        try:
            block.full_clean(exclude=["lesson", "image"], validate_unique=False)
        except ValidationError as exc:
            raise ContentError(f"{where} ({raw['kind']}): {_messages(exc)}") from None
        spec.blocks.append(values)
    spec.source_hash = content_hash(
        {"lesson": data, "blocks": spec.blocks, "images": image_digests}
    )
    return spec


def _figure_path(where: str, course_dir: Path, relative: str) -> Path:
    if not relative:
        raise ContentError(
            f"{where} (figure): 'image' is required (a path relative to {course_dir})"
        )
    image_path = (course_dir / relative).resolve()
    if not image_path.is_relative_to(course_dir.resolve()) or not image_path.is_file():
        raise ContentError(
            f"{where} (figure): image '{relative}' is not a file inside {course_dir}"
        )
    with image_path.open("rb") as handle:
        upload = File(handle, name=image_path.name)
        try:
            validate_figure_image(upload)
        except ValidationError as exc:
            raise ContentError(f"{where} (figure): {image_path.name}: {_messages(exc)}") from None
    return image_path


def parse_course(course_toml: Path) -> CourseSpec:
    """Parse one course folder. Bad lesson files are collected as errors, not raised."""
    data = _read_toml(course_toml)
    _check_keys(str(course_toml), data, COURSE_KEYS)
    try:
        Course(**data).full_clean(validate_unique=False)
    except ValidationError as exc:
        raise ContentError(f"{course_toml}: {_messages(exc)}") from None
    spec = CourseSpec(path=course_toml, fields=data, lessons=[], errors=[])
    spec.source_hash = content_hash(data)
    for lesson_path in sorted(course_toml.parent.glob("lesson-*.toml")):
        try:
            spec.lessons.append(parse_lesson(lesson_path, course_toml.parent))
        except ContentError as exc:
            spec.errors.append(str(exc))
    slugs = [lesson.fields["slug"] for lesson in spec.lessons]
    duplicates = sorted({slug for slug in slugs if slugs.count(slug) > 1})
    if duplicates:
        spec.errors.append(
            f"{course_toml.parent}: two lesson files use slug(s) {', '.join(duplicates)}"
        )
        spec.lessons = [
            lesson for lesson in spec.lessons if lesson.fields["slug"] not in duplicates
        ]
    return spec


def find_courses(root: Path) -> list[Path]:
    return sorted(root.glob("**/course.toml"))


def _decide(obj, source_hash: str, force: bool) -> str | None:
    """None to (re)load; otherwise the reason to leave the database copy alone."""
    if obj.pk is None:
        return None
    if not obj.loaded_db_hash:
        return "skipped: it was created in the admin, not by the loader" if not force else None
    if content_hash(obj.content_snapshot()) != obj.loaded_db_hash and not force:
        return "skipped: edited in the admin since the last load (use --force to overwrite)"
    if obj.loaded_source_hash == source_hash and not force:
        return "unchanged"
    return None


@transaction.atomic
def load_course(spec: CourseSpec, *, force: bool = False) -> list[str]:
    """Load one parsed course and its lessons; return one report line per course and lesson."""
    report = []
    course = Course.objects.filter(slug=spec.fields["slug"]).first() or Course(
        slug=spec.fields["slug"]
    )
    verdict = _decide(course, spec.source_hash, force)
    if verdict is None:
        action = "created" if course.pk is None else "updated"
        for name, value in spec.fields.items():
            setattr(course, name, value)
        course.save()
        course.loaded_source_hash = spec.source_hash
        course.loaded_db_hash = content_hash(course.content_snapshot())
        course.save(update_fields=["loaded_source_hash", "loaded_db_hash"])
        verdict = action
    report.append(f"course {course.slug}: {verdict}")
    for lesson_spec in spec.lessons:
        report.append(
            f"  lesson {lesson_spec.path.name}: {_load_lesson(course, lesson_spec, force)}"
        )
    return report


def _load_lesson(course: Course, spec: LessonSpec, force: bool) -> str:
    lesson = course.lessons.filter(slug=spec.fields["slug"]).first() or Lesson(course=course)
    verdict = _decide(lesson, spec.source_hash, force)
    if verdict is not None:
        return verdict
    action = "created" if lesson.pk is None else "updated"
    for name, value in spec.fields.items():
        setattr(lesson, name, value)
    lesson.save()
    lesson.blocks.all().delete()
    for index, values in enumerate(spec.blocks):
        block = Block(lesson=lesson, **values)
        if index in spec.images:
            image_path = spec.images[index]
            with image_path.open("rb") as handle:
                block.image.save(f"{course.slug}/{image_path.name}", File(handle), save=False)
        block.save()
    lesson.loaded_source_hash = spec.source_hash
    lesson.loaded_db_hash = content_hash(lesson.content_snapshot())
    lesson.save(update_fields=["loaded_source_hash", "loaded_db_hash"])
    return f"{action} ({len(spec.blocks)} blocks)"
