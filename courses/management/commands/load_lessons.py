"""Load courses/content/**/course.toml and lesson-*.toml into the database (idempotent).

A lesson a teacher edited in the admin is never overwritten; the command says so and moves on.
"""

from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.utils import translation

from courses.loader import ContentError, find_courses, load_course, parse_course


class Command(BaseCommand):
    help = "Load lesson content from TOML files; never overwrites a teacher's edits."

    def add_arguments(self, parser):
        parser.add_argument(
            "--path",
            type=Path,
            default=None,
            help="Folder searched for course.toml files (default: courses/content).",
        )
        parser.add_argument(
            "--force",
            action="store_true",
            help="Overwrite lessons even if a teacher edited them in the admin.",
        )

    def handle(self, *args, path: Path | None, force: bool, **options):
        # The report is English; validation messages would otherwise follow LANGUAGE_CODE (ja).
        with translation.override("en"):
            self._load(path, force)

    def _load(self, path: Path | None, force: bool) -> None:
        root = path or Path(settings.BASE_DIR) / "courses" / "content"
        if path is not None and not root.is_dir():
            raise CommandError(f"--path {root} is not a folder")
        course_files = find_courses(root) if root.is_dir() else []
        if not course_files:
            self.stdout.write(
                self.style.WARNING(f"No course.toml found under {root}; nothing to load.")
            )
            return

        errors: list[str] = []
        for course_toml in course_files:
            try:
                spec = parse_course(course_toml)
            except ContentError as exc:
                errors.append(str(exc))
                continue
            errors.extend(spec.errors)
            for line in load_course(spec, force=force):
                style = self.style.WARNING if "skipped" in line else self.style.SUCCESS
                self.stdout.write(style(line))
        for message in errors:
            self.stderr.write(self.style.ERROR(message))
        if errors:
            raise CommandError(
                f"{len(errors)} content file(s) could not be loaded; see the messages above."
            )
