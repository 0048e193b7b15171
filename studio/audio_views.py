"""Downloads of an audio tool's result (Master, NSynth): the WAV and the other OGG files of an
output (Master's inputs for the A/B player, NSynth's keyboard). Files only, or 404, like the other media routes."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.views.decorators.http import require_safe

from . import files
from .views import _job_or_404, _output, _stored_file


@require_safe
def output_wav(request: HttpRequest, job_id: str, number: int) -> HttpResponse:
    job = _job_or_404(job_id)
    output = _output(job, number)
    # A report may name its file (NSynth's "blend-piano-flute-…"); Master's are "mastered-<n>".
    stem = (output.get("report") or {}).get("file_stem") or f"mastered-{number}"
    return _stored_file(
        request, output.get("wav"), files.download_name(job, stem, "wav"), "audio/wav"
    )


@require_safe
def output_preview(request: HttpRequest, job_id: str, slot: str, number: int) -> HttpResponse:
    """The OGG preview of an audio input, for the page's A/B player."""
    job = _job_or_404(job_id)
    name = files.download_name(job, f"{slot}-{number}", "ogg")
    stored = _output(job, number).get("previews", {}).get(slot)
    return _stored_file(request, stored, name, "audio/ogg")
