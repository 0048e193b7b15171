"""Studio pages (/<lang>/studio/) and JSON API (/api/generate/<tool>, /api/jobs/<id>, downloads).

Nothing here imports TensorFlow or runs a model: a submission is validated, stored as a
``GenerationJob`` and handed to the worker (``worker.enqueue``); the page polls the job.

Every API error is JSON ``{"code", "message", "field"?, "error"}``: ``code`` and ``field`` are
stable, ``message`` (and ``error``, the same words) is in the request's language
(``api_language``; the API URLs are wrapped in ``answers_in_request_language``).
"""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import RequestDataTooBig, TooManyFieldsSent, TooManyFilesSent
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import transaction
from django.http import FileResponse, Http404, HttpRequest, HttpResponse, JsonResponse
from django.http.multipartparser import MultiPartParserError
from django.shortcuts import render
from django.urls import reverse
from django.utils import translation
from django.views.decorators.http import require_GET, require_POST, require_safe

from core.translation import active_language

from . import files, jobqueue, ratelimit, worker
from .example_tracks import example_tracks_json
from .examples import example_midi, examples_json, get_example
from .forms import InvalidSubmission, too_large, upload_limit, validate
from .http_range import bytes_response, stored_file_response
from .jobs import create_job
from .messages import StudioMessage
from .models import GenerationJob, find_job
from .notices import word_notices
from .tools import TOOLS, get_tool, running, tools_json
from .ui_text import drum_rows, ui_text

# Room for the form fields and multipart boundaries around the files themselves.
FORM_OVERHEAD_BYTES = 64 * 1024


def api_error(
    code: str, status: int = 400, *, field: str | None = None, extra: dict | None = None, **params
) -> JsonResponse:
    """A JSON error: stable ``code`` (and ``field``), ``message`` in the active language;
    ``extra`` adds keys that are not words (``retry_after``, a developer's ``detail``)."""
    body = StudioMessage(code, params, field).as_json()
    return JsonResponse({**body, "error": body["message"], **(extra or {})}, status=status)


def _error(message: str, status: int = 400, **extra) -> JsonResponse:
    """An error whose words are already made (kept for the download views)."""
    return JsonResponse({"error": message, "message": message, **extra}, status=status)


def invalid_submission(problems) -> JsonResponse:
    """400 for a submission: every problem in ``errors``; the first one also at the top level."""
    errors = [problem.as_json() for problem in problems]
    return JsonResponse({**errors[0], "error": errors[0]["message"], "errors": errors}, status=400)


def _session_key(request: HttpRequest) -> str:
    if not request.session.session_key:
        request.session.save()
    return request.session.session_key


# --- API --------------------------------------------------------------------------------------


def refusal_response(refusal: ratelimit.Refusal) -> JsonResponse:
    extra = {"retry_after": refusal.retry_after} if refusal.retry_after else None
    response = api_error(refusal.code, refusal.status, extra=extra, **refusal.params)
    if refusal.retry_after:
        response["Retry-After"] = str(refusal.retry_after)
    return response


def _declared_length(request: HttpRequest) -> int:
    try:
        return max(0, int(request.META.get("CONTENT_LENGTH") or 0))
    except ValueError:  # "Content-Length: abc" (gunicorn refuses it first; runserver does not)
        return 0


@require_POST
def generate(request: HttpRequest, tool: str) -> JsonResponse:
    spec = get_tool(tool)
    if spec is None:
        return api_error("unknown_tool", 404, value=tool[:40], tools=list(TOOLS))
    # The limits that need no body come first: a client over them costs one cache read.
    refusal = ratelimit.refused_refusal(request) or ratelimit.rate_refusal(
        request, request.session.session_key
    )
    if refusal:
        return refusal_response(refusal)
    declared = _declared_length(request)
    allowed = sum(upload_limit(slot) for slot in spec.inputs) or settings.MAX_UPLOAD_BYTES
    if declared > allowed + FORM_OVERHEAD_BYTES:
        # Refused from the declared length: the body is never read, let alone parsed.
        ratelimit.count_refused_upload(request)
        slot = spec.inputs[0] if spec.inputs else None
        name, label = (slot.name, slot.label) if slot else ("input", "input")
        limit = upload_limit(slot) if slot else None
        return invalid_submission([too_large(name, label, declared, limit)])
    try:
        data, uploads = request.POST, request.FILES
    except (RequestDataTooBig, TooManyFieldsSent, TooManyFilesSent, MultiPartParserError):
        ratelimit.count_refused_upload(request)
        return api_error("form_unreadable")
    try:
        submission = validate(spec, data, uploads)
    except InvalidSubmission as invalid:
        ratelimit.count_refused_upload(request)
        return invalid_submission(invalid.problems)
    unavailable = running.model_problem(spec.slug, submission.params)
    if unavailable:
        return api_error("model_unavailable", 503, tool=spec.slug, extra={"detail": unavailable})
    session_key = _session_key(request)
    refusal = ratelimit.rate_refusal(request, session_key) or ratelimit.queue_refusal(
        request, session_key
    )
    if refusal:
        return refusal_response(refusal)
    job = create_job(submission, session_key, ratelimit.client_key(request))
    try:
        if settings.KANADE_JOBS_EAGER:
            worker.enqueue(job.id)  # tests: run now, inside the test's transaction
        else:
            transaction.on_commit(lambda: worker.enqueue(job.id))  # the worker must see the row
    except worker.QueueUnavailable:  # the job and its files are already deleted
        return api_error("queue_unavailable", 503)
    ratelimit.count_submission(request, session_key)
    url = reverse("studio_api:job", args=[job.id])
    response = JsonResponse(
        {"id": job.id, "url": url, "status": job.status, "seed": job.params.get("seed")},
        status=202,
    )
    response["Location"] = url
    return response


def _job_or_404(job_id: str) -> GenerationJob:
    job = find_job(job_id)
    if job is None:
        raise Http404("no such job")
    return job


def job_json(job: GenerationJob) -> dict:
    def file_url(route: str, **kwargs) -> str:
        return reverse(f"studio_api:{route}", kwargs={"job_id": job.id, **kwargs})

    outputs = [
        {
            "index": index,
            "midi": file_url("output_midi", number=index + 1) if output["midi"] else None,
            "audio": file_url("output_audio", number=index + 1) if output["audio"] else None,
            "notes": output["notes"],
            "roll": output["roll"],
        }
        for index, output in enumerate(job.outputs)
    ]
    for shown, output in zip(outputs, job.outputs, strict=True):
        if output["midi"] and output["audio"]:  # rendered on its first download (wav_cache)
            shown["wav"] = file_url("output_wav", number=shown["index"] + 1)
        if output.get("wav"):  # an audio tool's result: the WAV, the inputs' previews, a report
            number = shown["index"] + 1
            shown["wav"] = file_url("output_wav", number=number)
            shown["previews"] = {
                slot: file_url("output_preview", slot=slot, number=number)
                for slot in output.get("previews", {})
            }
            shown["report"] = output["report"]
    inputs = {
        slot: {"source": entry["source"], "midi": None, "roll": None, "audio": entry["audio"]}
        if entry["kind"] == "audio"
        else {
            "source": entry["source"],
            "midi": file_url("input_midi", slot=slot),
            "roll": entry["roll"],
        }  # fmt: skip
        for slot, entry in job.inputs.items()
    }
    tool = get_tool(job.tool)
    body = {
        "id": job.id,
        "tool": job.tool,
        "tool_name": str(tool.title) if tool else job.tool,
        "seed": job.params.get("seed"),
        "status": job.status,
        "error": job.error_message,
        "error_code": job.error_code if job.status == GenerationJob.Status.FAILED else "",
        "notices": word_notices(job.shown_notices(), tool),
        "params": job.params,
        "inputs": inputs,
        "outputs": outputs,
        "timings": job.timings,
        "created_at": job.created_at.isoformat(),
        "finished_at": job.finished_at.isoformat() if job.finished_at else None,
    }
    if job.status == GenerationJob.Status.QUEUED:
        body["ahead"] = jobqueue.jobs_ahead(job)
    if job.status == GenerationJob.Status.DONE and job.outputs and job.outputs[0]["midi"]:
        body["zip"] = reverse("studio_api:zip", args=[job.id])
    return body


@require_GET
def job_detail(request: HttpRequest, job_id: str) -> JsonResponse:
    job = find_job(job_id)
    if job is None:
        return api_error("no_such_job", 404)
    if job.status == GenerationJob.Status.QUEUED:
        worker.ensure_embedded_worker()  # e.g. after a restart: someone is waiting for this queue
    if jobqueue.looks_lost(job) and any(jobqueue.recover_lost_jobs()):
        job.refresh_from_db()  # its runner died: queued again (or failed), never "running"
    return JsonResponse(job_json(job))


def _stored_file(
    request: HttpRequest, name: str | None, filename: str, content_type: str, download=False
):
    # Served with byte ranges: the page's <audio> can only seek (and know its length) with them.
    return stored_file_response(
        request,
        default_storage,
        name,
        content_type=content_type,
        filename=filename,
        as_attachment=download or content_type == "audio/midi",
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
    # The page's <audio> plays it inline; its download link adds ?download to save it.
    download = "download" in request.GET
    return _stored_file(request, _output(job, number)["audio"], name, "audio/ogg", download)


@require_safe
def input_midi(request: HttpRequest, job_id: str, slot: str) -> HttpResponse:
    job = _job_or_404(job_id)
    entry = job.inputs.get(slot)
    if entry is None or entry["kind"] == "audio":
        raise Http404("no such input")
    name = files.download_name(job, slot, "mid")
    return _stored_file(request, entry["file"], name, "audio/midi")


@require_safe
def variations_zip(request: HttpRequest, job_id: str) -> HttpResponse:
    job = _job_or_404(job_id)
    if job.status != GenerationJob.Status.DONE or not job.outputs:
        return _error(f"Job {job_id} is {job.status}; the zip exists once it is done.", 409)
    if not job.outputs[0]["midi"]:
        raise Http404("an audio result has no zip of MIDI files")
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
        return api_error("bad_parts", field="part", extra={"detail": str(error)})
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
    lang = active_language()  # the request's language (answers_in_request_language)
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
        {**tool.as_json(lang), "unavailable": running.model_status(tool.slug, {})}
        for tool in TOOLS.values()
    ]  # model_status words its reason in the page's (active) language
    context = {
        "tools": tools,
        "examples": examples_json(lang),
        "jobs": _recent_jobs(request),
        "ui": ui_text(lang),
    }
    return render(request, "studio/index.html", context)


def tool_page_context(spec, lang: str, defaults: dict | None = None) -> dict:
    """The context of studio/templates/studio/tool.html, shared with the tool's embed page.

    ``defaults`` (field name → value) become the form's starting values.
    """
    tool = spec.as_json(lang)
    for field in tool["fields"]:
        if defaults and field["name"] in defaults:
            field["default"] = defaults[field["name"]]
    with translation.override(lang):
        status = {
            kind: running.model_status(spec.slug, {"type": kind}) for kind in ("melody", "drums")
        }
    config = {
        "tool": tool,
        "tools": [t.as_link_json(lang) for t in TOOLS.values()],
        "examples": examples_json(lang),
        "example_tracks": example_tracks_json(lang),
        "lang": lang,
        "text": ui_text(lang),
        "drumRows": drum_rows(lang),
        "jobUrl": reverse("studio_api:job", args=["JOB_ID"]),
        "generateUrl": reverse("studio_api:generate", args=[spec.slug]),
        "mergeUrl": reverse("studio_api:merge"),
        "exampleUrl": reverse("studio_api:example", args=["SLUG"]),  # heard before generating
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
