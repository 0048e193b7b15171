from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CoursesConfig(AppConfig):
    name = "courses"
    verbose_name = _("Courses")

    def ready(self) -> None:
        # Demos register themselves on import; the admin and lesson pages read the registry.
        from courses.demos import catalog  # noqa: F401
