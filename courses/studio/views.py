"""Studio pages (/<lang>/studio/) and JSON API (/api/generate/<tool>, /api/jobs/<id>, downloads).

Nothing here imports TensorFlow or runs a model: a submission is validated, stored as a
``GenerationJob`` and handed to the worker (``worker.enqueue``); the page polls the job.
"""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import RequestDataTooBig
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import transaction
from django.http import FileResponse, Http404, HttpRequest, HttpResponse, JsonResponse
from django.http.multipartparser import MultiPartParserError
from django.shortcuts import render
from django.urls import reverse
from django.views.decorators.http import require_GET, require_POST, require_safe

from ..translation import active_language
from . import engines, files, ratelimit, worker
from .examples import example_midi, examples_json, get_example
from .forms import SubmissionError, too_large_message, validate
from .http_range import bytes_response, stored_file_response
from .jobs import create_job
from .models import GenerationJob, find_job
from .tools import TOOLS, get_tool, tools_json
from .ui_text import drum_rows, ui_text

# Room for the form fields and multipart boundaries around the files themselves.
FORM_OVERHEAD_BYTES = 64 * 1024


def _error(message: str, status: int = 400, **extra) -> JsonResponse:
    return JsonResponse({"error": message, **extra}, status=status)


def _session_key(request: HttpRequest) -> str:
    if not request.session.session_key:
        request.session.save()
    return request.session.session_key


# --- API --------------------------------------------------------------------------------------


@require_POST
def generate(request: HttpRequest, tool: str) -> JsonResponse:
    spec = get_tool(tool)
    if spec is None:
        return _error(f"Unknown tool {tool!r}; the tools are: {', '.join(TOOLS)}.", status=404)
    slots = [slot.name for slot in spec.inputs]
    declared = int(request.META.get("CONTENT_LENGTH") or 0)
    if declared > settings.MAX_UPLOAD_BYTES * max(1, len(slots)) + FORM_OVERHEAD_BYTES:
        # Refused from the declared length: the body is never read, let alone parsed as MIDI.
        name = slots[0] if len(slots) == 1 else " / ".join(slots) or "the request"
        return _error(too_large_message(name, declared), field=slots[0] if slots else None)
    try:
        data, uploads = request.POST, request.FILES
    except (RequestDataTooBig, MultiPartParserError) as error:
        return _error(f"The form could not be read: {error}")
    try:
        submission = validate(spec, data, uploads)
    except SubmissionError as error:
        return _error(error.message, field=error.field)
    unavailable = engines.model_status(spec.slug, submission.params)
    if unavailable:
        return _error(unavailable, status=503, code="model_unavailable")
    session_key = _session_key(request)
    wait = ratelimit.retry_after(session_key)
    if wait is not None:
        messages = ratelimit.friendly_message(wait)
        response = _error(messages["en"], status=429, message_ja=messages["ja"], retry_after=wait)
        response["Retry-After"] = str(wait)
        return response
    queued = GenerationJob.objects.filter(status=GenerationJob.Status.QUEUED).count()
    if queued >= settings.KANADE_STUDIO_MAX_QUEUED:
        return _error(
            f"The studio is busy ({queued} jobs waiting); please try again in a minute.", 503
        )
    job = create_job(submission, session_key)
    try:
        if settings.KANADE_JOBS_EAGER:
            worker.enqueue(job.id)  # tests: run now, inside the test's transaction
        else:
            transaction.on_commit(lambda: worker.enqueue(job.id))  # the worker must see the row
    except worker.QueueUnavailable as error:  # the job and its files are already deleted
        return _error(str(error), status=503, code="queue_unavailable")
    ratelimit.count(session_key)
    url = reverse("studio_api:job", args=[job.id])
    response = JsonResponse({"id": job.id, "url": url, "status": job.status}, status=202)
    response["Location"] = url
    return response


def _job_or_404(job_id: str) -> GenerationJob:
    job = find_job(job_id)
    if job is None:
        raise Http404("no such job")
    return job


def job_json(job: GenerationJob) -> dict:
    def file_url(name: str, route: str, **kwargs) -> str:
        return reverse(f"studio_api:{route}", kwargs={"job_id": job.id, **kwargs})

    outputs = [
        {
            "index": index,
            "midi": file_url(output["midi"], "output_midi", number=index + 1),
            "audio": file_url(output["audio"], "output_audio", number=index + 1)
            if output["audio"]
            else None,
            "notes": output["notes"],
            "roll": output["roll"],
        }
        for index, output in enumerate(job.outputs)
    ]
    inputs = {
        slot: {
            "source": entry["source"],
            "midi": file_url(entry["file"], "input_midi", slot=slot),
            "roll": entry["roll"],
        }
        for slot, entry in job.inputs.items()
    }
    body = {
        "id": job.id,
        "tool": job.tool,
        "status": job.status,
        "error": job.error,
        "notices": job.notices,
        "params": job.params,
        "inputs": inputs,
        "outputs": outputs,
        "timings": job.timings,
        "created_at": job.created_at.isoformat(),
        "finished_at": job.finished_at.isoformat() if job.finished_at else None,
    }
    if job.status == GenerationJob.Status.QUEUED:
        body["ahead"] = GenerationJob.objects.filter(
            status__in=[GenerationJob.Status.QUEUED, GenerationJob.Status.RUNNING],
            created_at__lt=job.created_at,
        ).count()
    if job.status == GenerationJob.Status.DONE and job.outputs:
        body["zip"] = reverse("studio_api:zip", args=[job.id])
    return body


@require_GET
def job_detail(request: HttpRequest, job_id: str) -> JsonResponse:
    job = find_job(job_id)
    if job is None:
        return _error(f"No job {job_id!r} (it may have been cleaned up).", status=404)
    if job.status == GenerationJob.Status.QUEUED:
        worker.ensure_embedded_worker()  # e.g. after a restart: someone is waiting for this queue
    if job.status == GenerationJob.Status.RUNNING and worker.fail_stale_jobs():
        job.refresh_from_db()  # its runner died and nothing retried it: say so, never "running"
    return JsonResponse(job_json(job))


def _stored_file(request: HttpRequest, name: str | None, filename: str, content_type: str):
    # Served with byte ranges: the page's <audio> can only seek (and know its length) with them.
    return stored_file_response(
        request,
        default_storage,
        name,
        content_type=content_type,
        filename=filename,
        as_attachment=content_type == "audio/midi",
    )


def _output(job: GenerationJob, number: int) -> dict:
    if not 1 <= number <= len(job.outputs):
        raise Http404("no such variation")
    return job.outputs[number - 1]


@require_safe
def output_midi(request: HttpRequest, job_id: str, number: int) -> HttpResponse:
    job = _job_or_404(job_id)
    name = files.download_name(job, f"variation-{number}", "mid")
    return _stored_file(request, _output(job, number)["midi"], name, "audio/midi")


@require_safe
def output_audio(request: HttpRequest, job_id: str, number: int) -> HttpResponse:
    job = _job_or_404(job_id)
    name = files.download_name(job, f"variation-{number}", "ogg")
    return _stored_file(request, _output(job, number)["audio"], name, "audio/ogg")


@require_safe
def input_midi(request: HttpRequest, job_id: str, slot: str) -> HttpResponse:
    job = _job_or_404(job_id)
    entry = job.inputs.get(slot)
    if entry is None:
        raise Http404("no such input")
    name = files.download_name(job, slot, "mid")
    return _stored_file(request, entry["file"], name, "audio/midi")


@require_safe
def variations_zip(request: HttpRequest, job_id: str) -> HttpResponse:
    job = _job_or_404(job_id)
    if job.status != GenerationJob.Status.DONE or not job.outputs:
        return _error(f"Job {job_id} is {job.status}; the zip exists once it is done.", 409)
    return bytes_response(
        request,
        files.variations_zip(job),
        content_type="application/zip",
        filename=files.download_name(job, "all", "zip"),
        as_attachment=True,
        streaming=True,
    )


@require_GET
def merge(request: HttpRequest) -> HttpResponse:
    parts = request.GET.getlist("part")
    try:
        data = files.merge(parts)
    except files.PartError as error:
        return _error(str(error), field="part")
    return FileResponse(
        ContentFile(data),
        as_attachment=True,
        filename="kanade-merged.mid",
        content_type="audio/midi",
    )


@require_safe
def example_file(request: HttpRequest, slug: str) -> HttpResponse:
    if get_example(slug) is None:
        return _error(f"No example called {slug!r}.", status=404)
    return bytes_response(
        request,
        example_midi(slug),
        content_type="audio/midi",
        filename=f"kanade-example-{slug}.mid",
        as_attachment=True,
    )


@require_GET
def catalog(request: HttpRequest) -> JsonResponse:
    lang = request.GET.get("lang", "ja")
    return JsonResponse({"tools": tools_json(lang), "examples": examples_json(lang)})


# --- pages ------------------------------------------------------------------------------------


def _recent_jobs(request: HttpRequest) -> list[GenerationJob]:
    key = request.session.session_key
    if not key:
        return []
    return list(GenerationJob.objects.filter(session_key=key).order_by("-created_at")[:10])


@require_GET
def studio_index(request: HttpRequest) -> HttpResponse:
    worker.ensure_embedded_worker()  # start (and warm up) the models before the first Generate
    lang = active_language()
    tools = [
        {**tool.as_json(lang), "unavailable": engines.model_status(tool.slug, {})}
        for tool in TOOLS.values()
    ]
    context = {
        "tools": tools,
        "examples": examples_json(lang),
        "jobs": _recent_jobs(request),
        "ui": ui_text(lang),
    }
    return render(request, "studio/index.html", context)


def tool_page_context(spec, lang: str, defaults: dict | None = None) -> dict:
    """The context of templates/studio/tool.html, shared with the tool's embed page.

    ``defaults`` (field name → value) become the form's starting values.
    """
    tool = spec.as_json(lang)
    for field in tool["fields"]:
        if defaults and field["name"] in defaults:
            field["default"] = defaults[field["name"]]
    status = {kind: engines.model_status(spec.slug, {"type": kind}) for kind in ("melody", "drums")}
    config = {
        "tool": tool,
        "tools": [{"slug": t.slug, "title": t.title.get(lang)} for t in TOOLS.values()],
        "examples": examples_json(lang),
        "lang": lang,
        "text": ui_text(lang),
        "drumRows": drum_rows(lang),
        "jobUrl": reverse("studio_api:job", args=["JOB_ID"]),
        "generateUrl": reverse("studio_api:generate", args=[spec.slug]),
        "mergeUrl": reverse("studio_api:merge"),
        "studioUrl": reverse("studio:index"),
        "status": status,
    }
    return {
        "tool": tool,
        "config": config,
        "examples": config["examples"],
        "ui": config["text"],
        # Shown by the server when no type can run; the script updates it as the type changes.
        "unavailable": status["melody"] and status["drums"],
    }


@require_GET
def tool_page(request: HttpRequest, tool: str) -> HttpResponse:
    spec = get_tool(tool)
    if spec is None:
        raise Http404(f"no tool {tool!r}")
    worker.ensure_embedded_worker()
    _session_key(request)  # the CSRF-protected POST and the rate limit need a session
    return render(request, "studio/tool.html", tool_page_context(spec, active_language()))
