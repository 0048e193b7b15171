"""WAV downloads: an audio tool's result (Master's mastered WAV, NSynth's sounds) or a MIDI
result rendered with FluidSynth on its first download (``wav_cache``); and the other OGG files
of an audio tool's output (Master's inputs for the A/B player, NSynth's keyboard). Files only,
or 404, like the other media routes (503 only when every render slot stays busy)."""

from __future__ import annotations

from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.views.decorators.http import require_safe

from . import files, wav_cache
from .views import _job_or_404, _output, _stored_file


@require_safe
def output_wav(request: HttpRequest, job_id: str, number: int) -> HttpResponse:
    job = _job_or_404(job_id)
    output = _output(job, number)
    if output.get("wav"):
        # A report may name its file (NSynth's "blend-piano-flute-…"); Master's are "mastered-<n>".
        stem = (output.get("report") or {}).get("file_stem") or f"mastered-{number}"
        return _stored_file(
            request, output["wav"], files.download_name(job, stem, "wav"), "audio/wav"
        )
    try:
        stored = wav_cache.cached_wav(job, number)
    except wav_cache.RenderBusy:
        retry = str(int(wav_cache.WAIT_FOR_SLOT_S))
        return JsonResponse({"code": "render_busy"}, status=503, headers={"Retry-After": retry})
    if stored is None:
        raise Http404("no MIDI to render, or no FluidSynth here")
    name = files.download_name(job, f"variation-{number}", "wav")
    return _stored_file(request, stored, name, "audio/wav", download=True)


@require_safe
def output_preview(request: HttpRequest, job_id: str, slot: str, number: int) -> HttpResponse:
    """The OGG preview of an audio input, for the page's A/B player."""
    job = _job_or_404(job_id)
    name = files.download_name(job, f"{slot}-{number}", "ogg")
    stored = _output(job, number).get("previews", {}).get(slot)
    return _stored_file(request, stored, name, "audio/ogg")
