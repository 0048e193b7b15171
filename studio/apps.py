from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class StudioConfig(AppConfig):
    """Magenta Studio's tools as web pages, a JSON API and generation jobs run by workers."""

    name = "studio"
    verbose_name = _("Studio")

    def ready(self) -> None:
        # The broker check (kanade.W001) registers itself when its module is imported.
        from studio import broker_check  # noqa: F401
