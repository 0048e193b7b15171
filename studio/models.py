"""GenerationJob: one press of "Generate" in the studio, from queue to downloadable outputs.

Registered with Django through one import line at the end of ``courses/models.py`` (the studio
lives inside the courses app). Files (inputs and outputs) live under
``MEDIA_ROOT/studio/<job id>/`` and are referred to by storage names in ``inputs``/``outputs``.
"""

from __future__ import annotations

import re
import secrets

from django.db import models


def new_job_id() -> str:
    """128 random bits, URL-safe: the id is the capability to read a job, so it must not be guessable."""
    return secrets.token_urlsafe(16)


# Shown, not stored: a job shows it while ``restarted`` (read from its attempts counter) holds.
RETRIED_NOTICE = "The worker running this job stopped; it was run again from the start."


class GenerationJob(models.Model):
    class Status(models.TextChoices):
        QUEUED = "queued", "queued"
        RUNNING = "running", "running"
        DONE = "done", "done"
        FAILED = "failed", "failed"

    FINISHED = (Status.DONE, Status.FAILED)

    id = models.CharField(primary_key=True, max_length=32, default=new_job_id, editable=False)
    tool = models.CharField(max_length=20)
    params = models.JSONField(default=dict, help_text="Validated tool settings (seed included).")
    inputs = models.JSONField(
        default=dict,
        help_text='{"input": {"file": storage name, "source": "upload:…|example:…|job:…"}}',
    )
    status = models.CharField(
        max_length=10, choices=Status.choices, default=Status.QUEUED, db_index=True
    )
    # Why it failed, as a code of studio.messages (+ its parameters): worded when read, in the
    # reader's language, not in whatever language the worker ran in.
    error_code = models.CharField(max_length=40, blank=True)
    error_params = models.JSONField(default=dict, blank=True)
    notices = models.JSONField(default=list, help_text="What was changed in the inputs, and why.")
    outputs = models.JSONField(
        default=list, help_text='[{"midi": name, "audio": name|null, "notes": n, "roll": {…}}]'
    )
    timings = models.JSONField(default=dict, help_text="Seconds: queued, inference, audio, total.")
    session_key = models.CharField(max_length=40, db_index=True)
    # Who sent it, as a keyed hash of the client's address (ratelimit.client_key): the queue is
    # shared fairly between clients and each client may hold only so many queued jobs.
    client_key = models.CharField(max_length=32, blank=True, default="")
    # Runs so far (a run whose runner died counts); past KANADE_JOB_MAX_ATTEMPTS it fails.
    attempts = models.PositiveSmallIntegerField(default=0)
    # The run in progress holds a lease that its runner renews every few seconds; a lease that
    # runs out means the runner died, and the job goes back to the front of the queue.
    lease_token = models.CharField(max_length=32, blank=True, default="")
    lease_expires_at = models.DateTimeField(null=True, blank=True)
    # When the job was last handed to the broker (Celery): a queued job no runner claimed for
    # KANADE_JOB_RESEND_S is sent again, so a broker that lost its data strands nothing.
    sent_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)
    started_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True, db_index=True)

    class Meta:
        # The table keeps the name it had when jobs belonged to the courses app: moving the model
        # changed no data.
        db_table = "courses_generationjob"
        ordering = ["created_at"]
        verbose_name = "generation job"
        indexes = [
            models.Index(fields=["status", "client_key"], name="studio_job_status_client"),
            models.Index(fields=["status", "lease_expires_at"], name="studio_job_status_lease"),
        ]

    def __str__(self) -> str:
        return f"{self.tool} {self.id} ({self.status})"

    @property
    def restarted(self) -> bool:
        """Whether a runner died while making this job, read from the attempts counter: a
        queued job that was already claimed, or a job claimed more than once."""
        return self.attempts > 1 or (self.attempts == 1 and self.status == self.Status.QUEUED)

    def shown_notices(self) -> list[str]:
        """The notices a student reads: the stored ones, and the restart when there was one."""
        return [*self.notices, RETRIED_NOTICE] if self.restarted else list(self.notices)

    @property
    def storage_folder(self) -> str:
        return f"studio/{self.id}"

    @property
    def is_finished(self) -> bool:
        return self.status in self.FINISHED

    @property
    def error_message(self) -> str:
        """Why the job failed, in the active language ("" unless it failed)."""
        if self.status != self.Status.FAILED:
            return ""
        from .messages import word

        return word(self.error_code or "failed", self.error_params)


# What new_job_id() makes. Anything else cannot name a job: answering "no such job" before the
# query also keeps NUL bytes and the like away from PostgreSQL, which refuses them (a 500).
_JOB_ID = re.compile(r"[A-Za-z0-9_-]{1,32}")


def find_job(job_id: str) -> GenerationJob | None:
    """The job with this id, or None (unknown, cleaned up, or not an id at all)."""
    if not isinstance(job_id, str) or not _JOB_ID.fullmatch(job_id):
        return None
    return GenerationJob.objects.filter(pk=job_id).first()


# Registers the system check that warns when the broker's Redis would lose queued jobs.
from . import broker_check  # noqa: E402,F401
