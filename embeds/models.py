"""Teacher presets: a named demo state with a short, stable embed URL (/embed/p/<code>/).

Imported at the end of ``courses/models.py``, so the model belongs to the ``courses`` app and
its migration lives in ``courses/migrations/``. A lesson's demo block may point at a preset
(``Block.demo_preset``); then the preset decides the demo and its parameters.
"""

from __future__ import annotations

import secrets
from typing import Any

from django.core.exceptions import ValidationError
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from demos.registry import PresetError, get_demo
from demos.registry import choices as demo_choices

# No 0/o, 1/l/i: a code read aloud or copied from a projector is not mistyped.
CODE_ALPHABET = "abcdefghjkmnpqrstuvwxyz23456789"
CODE_LENGTH = 8


def new_preset_code() -> str:
    return "".join(secrets.choice(CODE_ALPHABET) for _ in range(CODE_LENGTH))


class DemoPreset(models.Model):
    name = models.CharField(
        _("name"),
        max_length=200,
        help_text=_("A name for you to tell presets apart."),
    )
    demo = models.CharField(
        _("demo"),
        max_length=64,
        choices=demo_choices,
        help_text=_("Which demo this preset is for."),
    )
    params = models.JSONField(
        _("values (JSON)"),
        default=dict,
        blank=True,
        help_text=_(
            'The demo\'s values as JSON, e.g. {"cmap": "viridis", "w_im": [4, -2, 4, 4]}; '
            "{} for the defaults. The allowed names are listed below."
        ),
    )
    # Set once, never edited: the embed URL stays valid however the preset is changed.
    code = models.CharField(
        _("short code"),
        max_length=16,
        unique=True,
        editable=False,
        default=new_preset_code,
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("last changed"), auto_now=True)

    class Meta:
        # The table keeps the name it had when presets belonged to the courses app.
        db_table = "courses_demopreset"
        ordering = ["name", "pk"]
        verbose_name = _("demo preset")
        verbose_name_plural = _("demo presets")

    def __str__(self) -> str:
        return f"{self.name} ({self.demo})"

    def save(self, *args, **kwargs) -> None:
        # A clash is astronomically rare (31**8 codes); draw again rather than fail the save.
        while self._state.adding and DemoPreset.objects.filter(code=self.code).exists():
            self.code = new_preset_code()
        super().save(*args, **kwargs)

    def clean(self) -> None:
        if not self.demo:
            return  # the form reports the missing demo itself
        try:
            get_demo(self.demo).clean_preset(self.params)
        except PresetError as error:
            message = _("Preset rejected: %(reason)s") % {"reason": error}
            raise ValidationError({"params": message}) from None

    def state(self) -> dict[str, Any]:
        """The parameters with the demo's defaults filled in (raises PresetError if stale)."""
        return get_demo(self.demo).clean_preset(self.params)

    def get_embed_url(self) -> str:
        return reverse("embeds:preset", kwargs={"code": self.code})


def find_preset(code: str) -> DemoPreset | None:
    """The preset with this code, or None. A NUL byte cannot be in a code, and PostgreSQL refuses
    it in a query (a 500), so such a code is answered "no preset" before the query."""
    if "\x00" in code:
        return None
    return DemoPreset.objects.filter(code=code).first()
