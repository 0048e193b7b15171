from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class EmbedsConfig(AppConfig):
    """Iframe-ready demos and studio tools (/embed/), oEmbed (/oembed) and teacher presets."""

    name = "embeds"
    verbose_name = _("Embeds and presets")

    def ready(self) -> None:
        from django.core import checks

        from embeds.framing import check_frame_ancestors

        # A malformed EMBED_FRAME_ANCESTORS stops `manage.py check` and the server's start,
        # not a first request.
        checks.register(check_frame_ancestors, checks.Tags.security)
