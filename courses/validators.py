"""Checks on teacher input that the database cannot express."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _
from PIL import Image, UnidentifiedImageError
from pygments.lexers import get_lexer_by_name
from pygments.util import ClassNotFound

# Raster formats only: an SVG can carry script, so it is never accepted as a figure.
FIGURE_FORMATS = {"PNG": "png", "JPEG": "jpg", "WEBP": "webp"}
FIGURE_EXTENSIONS = ("png", "jpg", "jpeg", "webp")
FIGURE_MAX_BYTES = 5 * 1024 * 1024

# Slugs that would collide with other language-prefixed routes (/ja/demos/...).
RESERVED_COURSE_SLUGS = frozenset({"demos", "embed", "api", "admin", "static", "media"})


def validate_figure_image(upload) -> None:
    """Accept PNG, JPEG or WebP up to FIGURE_MAX_BYTES, judged by content, not by name."""
    size = getattr(upload, "size", None)
    if size is not None and size > FIGURE_MAX_BYTES:
        raise ValidationError(
            _("The image is %(size).1f MB; the limit is %(limit)d MB."),
            params={"size": size / 1_048_576, "limit": FIGURE_MAX_BYTES // 1_048_576},
            code="too_large",
        )
    name = (getattr(upload, "name", "") or "").lower()
    if not name.endswith(tuple(f".{ext}" for ext in FIGURE_EXTENSIONS)):
        raise ValidationError(
            _("Upload a PNG, JPEG or WebP image (SVG is not allowed)."),
            code="bad_extension",
        )
    position = upload.tell() if hasattr(upload, "tell") else None
    try:
        with Image.open(upload) as image:
            image_format = image.format
            image.verify()
    except (UnidentifiedImageError, OSError, SyntaxError):
        raise ValidationError(_("This file is not a readable image."), code="unreadable") from None
    finally:
        if position is not None:
            upload.seek(position)
    if image_format not in FIGURE_FORMATS:
        raise ValidationError(
            _("Upload a PNG, JPEG or WebP image (SVG is not allowed)."),
            code="bad_format",
        )


def validate_code_language(value: str) -> None:
    try:
        get_lexer_by_name(value)
    except ClassNotFound:
        raise ValidationError(
            _("Unknown language %(value)r; use e.g. python, bash, text."),
            params={"value": value},
            code="unknown_language",
        ) from None


def validate_course_slug(value: str) -> None:
    if value in RESERVED_COURSE_SLUGS:
        raise ValidationError(
            _("%(value)r is reserved for another part of the site."),
            params={"value": value},
            code="reserved",
        )
