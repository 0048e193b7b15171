"""Course → Lesson → ordered Block. Bilingual text lives in paired ``*_ja`` / ``*_en`` columns.

See docs/content.md for the reasons behind the layout and translation.py for the helper that
picks the active language.
"""

from __future__ import annotations

import hashlib
import json
from typing import Any

from django.core.exceptions import ValidationError
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from core.translation import Translated
from courses.studio_blocks import studio_tools, tool_choices
from courses.validators import (
    validate_code_language,
    validate_course_slug,
    validate_figure_image,
)
from demos.registry import PresetError, get_demo
from demos.registry import choices as demo_choices


class VisibleQuerySet(models.QuerySet):
    """Drafts are shown to staff (to preview them) and hidden from everyone else."""

    def published(self):
        return self.filter(published=True)

    def visible_to(self, user):
        if user is not None and user.is_active and user.is_staff:
            return self
        return self.published()


class Course(models.Model):
    slug = models.SlugField(
        _("address name"),
        unique=True,
        validators=[validate_course_slug],
        help_text=_("Part of the page address: small letters, digits and hyphens."),
    )
    order = models.PositiveIntegerField(
        _("order"),
        default=0,
        help_text=_("Position in the course list (smaller numbers first)."),
    )
    published = models.BooleanField(
        _("published"),
        default=True,
        help_text=_("Untick to hide it from students (staff still see it)."),
    )
    title_ja = models.CharField(_("title (Japanese)"), max_length=200)
    title_en = models.CharField(
        _("title (English)"),
        max_length=200,
        blank=True,
        help_text=_("Left blank, English pages show the Japanese title."),
    )
    summary_ja = models.TextField(_("summary (Japanese)"), blank=True)
    summary_en = models.TextField(_("summary (English)"), blank=True)
    # What `load_lessons` wrote last time, so a re-run can tell a teacher's edit from its own.
    loaded_source_hash = models.CharField(max_length=64, blank=True, editable=False)
    loaded_db_hash = models.CharField(max_length=64, blank=True, editable=False)
    updated_at = models.DateTimeField(_("last changed"), auto_now=True)

    objects = VisibleQuerySet.as_manager()

    title = Translated("title")
    summary = Translated("summary")

    class Meta:
        ordering = ["order", "slug"]
        verbose_name = _("course")
        verbose_name_plural = _("courses")

    def __str__(self) -> str:
        return self.title_ja

    def get_absolute_url(self) -> str:
        return reverse("courses:course_detail", kwargs={"course_slug": self.slug})

    def content_snapshot(self) -> dict[str, Any]:
        return {f: getattr(self, f) for f in COURSE_CONTENT_FIELDS}


class Lesson(models.Model):
    course = models.ForeignKey(
        Course, on_delete=models.CASCADE, related_name="lessons", verbose_name=_("course")
    )
    number = models.PositiveSmallIntegerField(
        _("lesson number"), help_text=_("The lesson's number in the course (e.g. 5).")
    )
    slug = models.SlugField(
        _("address name"),
        max_length=100,
        help_text=_("Part of the page address: small letters, digits and hyphens."),
    )
    order = models.PositiveIntegerField(
        _("order"),
        default=0,
        help_text=_("Position in the course (smaller numbers first)."),
    )
    published = models.BooleanField(
        _("published"),
        default=False,
        help_text=_("Tick to publish. Drafts are visible on the site to staff only."),
    )
    title_ja = models.CharField(_("title (Japanese)"), max_length=200)
    title_en = models.CharField(
        _("title (English)"),
        max_length=200,
        blank=True,
        help_text=_("Left blank, English pages show the Japanese title."),
    )
    summary_ja = models.TextField(_("summary (Japanese)"), blank=True)
    summary_en = models.TextField(_("summary (English)"), blank=True)
    loaded_source_hash = models.CharField(max_length=64, blank=True, editable=False)
    loaded_db_hash = models.CharField(max_length=64, blank=True, editable=False)
    updated_at = models.DateTimeField(_("last changed"), auto_now=True)

    objects = VisibleQuerySet.as_manager()

    title = Translated("title")
    summary = Translated("summary")

    class Meta:
        ordering = ["course", "order", "number"]
        constraints = [
            models.UniqueConstraint(fields=["course", "slug"], name="lesson_slug_unique_in_course"),
        ]
        verbose_name = _("lesson")
        verbose_name_plural = _("lessons")

    def __str__(self) -> str:
        return f"{self.number}. {self.title_ja}"

    def get_absolute_url(self) -> str:
        return reverse(
            "courses:lesson_detail",
            kwargs={"course_slug": self.course.slug, "lesson_slug": self.slug},
        )

    def content_snapshot(self) -> dict[str, Any]:
        """Everything a teacher can edit, blocks included: what the loader compares."""
        data = {f: getattr(self, f) for f in LESSON_CONTENT_FIELDS}
        data["blocks"] = [block.content_snapshot() for block in self.blocks.order_by("order", "pk")]
        return data


class Block(models.Model):
    class Kind(models.TextChoices):
        MARKDOWN = "markdown", _("Text (Markdown)")
        CODE = "code", _("Code")
        FIGURE = "figure", _("Figure")
        CALLOUT = "callout", _("Callout")
        DEMO = "demo", _("Interactive demo")
        STUDIO = "studio", _("Studio tool")

    class Style(models.TextChoices):
        NOTE = "note", _("Note")
        TIP = "tip", _("Tip")
        WARNING = "warning", _("Warning")

    lesson = models.ForeignKey(
        Lesson, on_delete=models.CASCADE, related_name="blocks", verbose_name=_("lesson")
    )
    order = models.PositiveIntegerField(
        _("order"), default=0, help_text=_("Position on the page (smaller numbers first).")
    )
    kind = models.CharField(
        _("kind"),
        max_length=16,
        choices=Kind.choices,
        default=Kind.MARKDOWN,
        help_text=_("Each kind of block has its own fields."),
    )
    body_ja = models.TextField(
        _("text (Japanese)"),
        blank=True,
        help_text=_("Markdown: headings start at ##; math as $…$ and $$…$$."),
    )
    body_en = models.TextField(_("text (English)"), blank=True)
    style = models.CharField(
        _("callout style"),
        max_length=16,
        choices=Style.choices,
        blank=True,
    )
    language = models.CharField(
        _("programming language"),
        max_length=32,
        blank=True,
        validators=[validate_code_language],
        help_text=_("For example python or bash."),
    )
    source = models.TextField(
        _("source code"),
        blank=True,
        help_text=_(
            "Shown on the Japanese page, and on the English page when the English version "
            "below is blank."
        ),
    )
    source_en = models.TextField(
        _("source code (English comments)"),
        blank=True,
        help_text=_(
            "The same code with English comments, for English pages. Left blank, English "
            "pages show the code above."
        ),
    )
    image = models.ImageField(
        _("image"),
        upload_to="figures/",
        blank=True,
        width_field="image_width",
        height_field="image_height",
        validators=[validate_figure_image],
        help_text=_("PNG, JPEG or WebP, up to 5 MB (no SVG)."),
    )
    image_width = models.PositiveIntegerField(null=True, blank=True, editable=False)
    image_height = models.PositiveIntegerField(null=True, blank=True, editable=False)
    alt_ja = models.CharField(
        _("alt text (Japanese)"),
        max_length=300,
        blank=True,
        help_text=_("Describes the image for people who cannot see it."),
    )
    alt_en = models.CharField(_("alt text (English)"), max_length=300, blank=True)
    caption_ja = models.CharField(_("caption (Japanese)"), max_length=500, blank=True)
    caption_en = models.CharField(_("caption (English)"), max_length=500, blank=True)
    demo = models.CharField(
        _("demo"),
        max_length=64,
        blank=True,
        choices=demo_choices,
        help_text=_("The interactive demo to show."),
    )
    preset = models.JSONField(
        _("starting values (JSON)"),
        default=dict,
        blank=True,
        help_text=_(
            'The demo\'s starting values as JSON, e.g. {"cmap": "gray"}; {} for the defaults.'
        ),
    )
    demo_preset = models.ForeignKey(
        "embeds.DemoPreset",
        null=True,
        blank=True,
        on_delete=models.PROTECT,  # deleting a preset a lesson shows is refused, with the lesson named
        related_name="blocks",
        verbose_name=_("saved preset"),
        help_text=_("If chosen, the block shows this preset's values instead of the JSON above."),
    )
    tool = models.CharField(
        _("studio tool"),
        max_length=64,
        blank=True,
        choices=tool_choices,
        help_text=_("The studio tool to show on the page, as its slide embed."),
    )
    tool_preset = models.CharField(
        _("tool settings"),
        max_length=500,
        blank=True,
        help_text=_(
            "The tool's starting settings as in its address, e.g. "
            "a=nylon-guitar&b=violin&mix=0.5&pitch=60; blank for the defaults."
        ),
    )
    updated_at = models.DateTimeField(_("last changed"), auto_now=True)

    body = Translated("body")
    alt = Translated("alt")
    caption = Translated("caption")

    class Meta:
        ordering = ["lesson", "order", "pk"]
        verbose_name = _("block")
        verbose_name_plural = _("blocks")

    def __str__(self) -> str:
        return f"{self.get_kind_display()} #{self.order}"

    def clean(self) -> None:
        """Each kind needs its own fields; a demo preset must fit the demo's parameter spec."""
        errors: dict[str, str] = {}
        required = {
            self.Kind.MARKDOWN: ["body_ja"],
            self.Kind.CALLOUT: ["body_ja", "style"],
            self.Kind.CODE: ["language", "source"],
            self.Kind.FIGURE: ["image", "alt_ja"],
            self.Kind.DEMO: ["demo"],
            self.Kind.STUDIO: ["tool"],
        }.get(self.kind, [])
        for name in required:
            if not getattr(self, name):
                errors[name] = _("This kind of block needs this field.")
        if self.kind == self.Kind.DEMO and self.demo:
            try:
                get_demo(self.demo).clean_preset(self.preset)
            except PresetError as exc:
                errors["preset"] = _("Preset rejected: %(reason)s") % {"reason": exc}
        if (
            self.kind == self.Kind.DEMO
            and self.demo_preset_id
            and self.demo_preset.demo != self.demo
        ):
            errors["demo_preset"] = _(
                "This saved preset is for the demo '%(demo)s'; choose that demo or another preset."
            ) % {"demo": self.demo_preset.demo}
        if self.kind == self.Kind.STUDIO and self.tool in dict(tool_choices()):
            try:
                self.tool_preset = studio_tools().clean_preset(self.tool, self.tool_preset)
            except ValueError as exc:
                errors["tool_preset"] = _("Preset rejected: %(reason)s") % {"reason": exc}
        if errors:
            raise ValidationError(errors)

    def demo_source(self) -> tuple[str, Any]:
        """The demo and the preset to show: a saved teacher preset's when one is chosen."""
        if self.demo_preset_id:
            return self.demo_preset.demo, self.demo_preset.params
        return self.demo, self.preset

    def demo_state(self) -> dict[str, Any]:
        """The preset with the demo's defaults filled in, as the demo's ES module receives it."""
        slug, preset = self.demo_source()
        return get_demo(slug).clean_preset(preset)

    def content_snapshot(self) -> dict[str, Any]:
        data = {f: getattr(self, f) for f in BLOCK_CONTENT_FIELDS}
        data["image"] = self.image.name or ""
        if self.source_en:  # only when set, so lessons without it keep their hashes
            data["source_en"] = self.source_en
        for name in ("tool", "tool_preset"):  # only when set, as source_en
            if getattr(self, name):
                data[name] = getattr(self, name)
        if self.demo_preset_id:  # only when set, so lessons without presets keep their hashes
            preset = self.demo_preset
            data["demo_preset"] = {
                "code": preset.code,
                "demo": preset.demo,
                "params": preset.params,
            }
        return data


COURSE_CONTENT_FIELDS = (
    "slug",
    "order",
    "published",
    "title_ja",
    "title_en",
    "summary_ja",
    "summary_en",
)
LESSON_CONTENT_FIELDS = (
    "number",
    "slug",
    "order",
    "published",
    "title_ja",
    "title_en",
    "summary_ja",
    "summary_en",
)
BLOCK_CONTENT_FIELDS = (
    "order",
    "kind",
    "body_ja",
    "body_en",
    "style",
    "language",
    "source",
    "alt_ja",
    "alt_en",
    "caption_ja",
    "caption_en",
    "demo",
    "preset",
)


def content_hash(snapshot: dict[str, Any]) -> str:
    """A stable fingerprint of a content snapshot (key order and whitespace do not matter)."""
    canonical = json.dumps(snapshot, sort_keys=True, ensure_ascii=False, separators=(",", ":"))
    return hashlib.sha256(canonical.encode("utf-8")).hexdigest()
