"""manage.py cleanup_jobs [--days N] [--dry-run]: delete finished studio jobs and their files."""

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from studio.cleanup import cleanup_finished_jobs


class Command(BaseCommand):
    help = (
        "Delete generation jobs (done or failed) that finished more than N days ago, with their "
        "MIDI and audio files. N defaults to KANADE_JOB_RETENTION_DAYS."
    )

    def add_arguments(self, parser):
        parser.add_argument("--days", type=int, default=None, help="age in days (default: setting)")
        parser.add_argument("--dry-run", action="store_true", help="only count what would go")

    def handle(self, *args, days=None, dry_run=False, **options):
        days = settings.KANADE_JOB_RETENTION_DAYS if days is None else days
        if days < 0:
            raise CommandError("--days must be 0 or more")
        jobs, files = cleanup_finished_jobs(days, dry_run=dry_run)
        verb = "Would delete" if dry_run else "Deleted"
        self.stdout.write(
            f"{verb} {jobs} finished job(s) older than {days} day(s) and {files} file(s)."
        )
