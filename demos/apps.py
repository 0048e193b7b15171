from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DemosConfig(AppConfig):
    """The lesson's interactive demos: their registry, JSON APIs and full pages."""

    name = "demos"
    verbose_name = _("Demos")

    def ready(self) -> None:
        # The catalogue fills the registry that lesson blocks, presets and embeds read.
        from demos import catalog  # noqa: F401
