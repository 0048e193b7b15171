"""Downloads of an audio tool's result (Master): the mastered WAV and the OGG previews of its
inputs that the page's A/B player plays. Files only, or 404, like the other media routes."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.views.decorators.http import require_safe

from . import files
from .views import _job_or_404, _output, _stored_file


@require_safe
def output_wav(request: HttpRequest, job_id: str, number: int) -> HttpResponse:
    job = _job_or_404(job_id)
    name = files.download_name(job, f"mastered-{number}", "wav")
    return _stored_file(request, _output(job, number).get("wav"), name, "audio/wav")


@require_safe
def output_preview(request: HttpRequest, job_id: str, slot: str, number: int) -> HttpResponse:
    """The OGG preview of an audio input, for the page's A/B player."""
    job = _job_or_404(job_id)
    name = files.download_name(job, f"{slot}-{number}", "ogg")
    stored = _output(job, number).get("previews", {}).get(slot)
    return _stored_file(request, stored, name, "audio/ogg")
