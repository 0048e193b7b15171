from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class EmbedsConfig(AppConfig):
    """Iframe-ready demos and studio tools (/embed/), oEmbed (/oembed) and teacher presets."""

    name = "embeds"
    verbose_name = _("Embeds and presets")

    def ready(self) -> None:
        from django.core import checks

        from courses.studio_blocks import provide
        from embeds.framing import check_frame_ancestors
        from embeds.lesson_blocks import STUDIO_TOOLS

        # A malformed EMBED_FRAME_ANCESTORS stops `manage.py check` and the server's start,
        # not a first request.
        checks.register(check_frame_ancestors, checks.Tags.security)
        # Lesson blocks that show a studio tool ask the studio through this (courses cannot
        # import it: tests/test_architecture.py).
        provide(STUDIO_TOOLS)
