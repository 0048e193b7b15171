"""Housekeeping: delete finished studio jobs older than N days, with their files."""

from __future__ import annotations

from datetime import timedelta

from django.core.files.storage import default_storage
from django.utils import timezone

from .models import GenerationJob


def job_files(job: GenerationJob) -> list[str]:
    names = [entry["file"] for entry in job.inputs.values()]
    for output in job.outputs:
        names += [name for name in (output.get("midi"), output.get("audio")) if name]
    return names


def delete_job(job: GenerationJob) -> int:
    """Delete a job's files and its folder (with what unfinished attempts left there), then
    the row; returns the job's files deleted."""
    from .outputs_aside import remove_tree

    deleted = 0
    for name in job_files(job):
        if default_storage.exists(name):
            default_storage.delete(name)
            deleted += 1
    remove_tree(job.storage_folder)
    job.delete()
    return deleted


def cleanup_finished_jobs(days: int, *, dry_run: bool = False) -> tuple[int, int]:
    """Delete done/failed jobs that finished more than ``days`` days ago → (jobs, files)."""
    cutoff = timezone.now() - timedelta(days=days)
    old = GenerationJob.objects.filter(status__in=GenerationJob.FINISHED, finished_at__lt=cutoff)
    jobs = files = 0
    for job in old.iterator():
        jobs += 1
        files += len(job_files(job)) if dry_run else delete_job(job)
    return jobs, files
