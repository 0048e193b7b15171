"""Creating and running generation jobs.

``create_job`` stores a validated submission (inputs as MIDI files) as a queued job.
``run_job`` is the one task function every runner calls (the embedded worker thread, Celery,
or the test suite directly): it claims the job, runs the tool (``tools.running``), and writes
per variation a MIDI file, an OGG preview and the note data the piano roll draws.
"""

from __future__ import annotations

import logging
import os
import time
from concurrent.futures import ThreadPoolExecutor
from dataclasses import replace

from django.conf import settings
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import OperationalError
from django.utils import timezone

from inference.music import DRUM_OUTPUT_PITCHES, DRUM_PITCH_TO_CLASS, Clip, Note, reduce_to_highest
from inference.music.midi_io import MidiError, clip_to_midi_bytes, read_midi

from . import audio, jobqueue, outputs_aside
from .forms import Submission, audio_refusal
from .models import GenerationJob
from .tools import ToolResult, get_tool, running

logger = logging.getLogger(__name__)
AUDIO_PARALLELISM = max(1, min(8, os.cpu_count() or 1))
Status = GenerationJob.Status


def create_job(submission: Submission, session_key: str, client_key: str = "") -> GenerationJob:
    """Store the inputs (as the clip the model will see: cut, reduced) and queue the job."""
    job = GenerationJob(
        tool=submission.tool.slug,
        params=submission.params,
        notices=submission.notices,
        session_key=session_key,
        client_key=client_key,
        sent_at=timezone.now(),  # it is handed to the runner right after this
    )
    saved: list[str] = []
    try:
        inputs = {}
        for slot, resolved in submission.inputs.items():
            if resolved.audio is not None:  # kept as sent: the job decodes it again
                extension = resolved.audio["container"].lower()
                name = default_storage.save(
                    f"{job.storage_folder}/input-{slot}.{extension}", ContentFile(resolved.data)
                )
                saved.append(name)
                inputs[slot] = {"file": name, "source": resolved.source, "kind": "audio",
                                "audio": resolved.audio}  # fmt: skip
                continue
            name = default_storage.save(
                f"{job.storage_folder}/input-{slot}.mid",
                ContentFile(clip_to_midi_bytes(resolved.clip)),
            )
            saved.append(name)
            inputs[slot] = {
                "file": name,
                "source": resolved.source,
                "kind": resolved.kind,
                "roll": roll_json(resolved.clip),
            }
        job.inputs = inputs
        job.save()
    except Exception:
        for name in saved:
            default_storage.delete(name)
        raise
    return job


def roll_json(clip: Clip, primer_steps: int = 0) -> dict:
    """What the front-end piano roll needs: kind, length, tempo, GM program (what the page's
    player starts on) and notes ``[pitch, start step, end step, velocity, offset]``."""
    return {
        "kind": clip.kind,
        "steps": clip.total_steps,
        "qpm": clip.qpm,
        "program": clip.program,
        "primer_steps": primer_steps,
        "notes": [
            [n.pitch, n.start_step, n.end_step, n.velocity, round(n.offset, 3)] for n in clip.notes
        ],
    }


def conform(clip: Clip, kind: str) -> tuple[Clip, list[str]]:
    """Enforce the studio's output contract whatever the model returned: drums only on the 9
    canonical pitches (one hit per class and step), melodies monophonic."""
    if kind == "melody":
        mono = reduce_to_highest(replace(clip, kind="melody", notices=()))
        fixed = ["The model's output had overlapping notes; the highest was kept."]
        return mono, fixed if mono.notices else []
    notes: dict[tuple[int, int], Note] = {}
    dropped = set()
    for note in clip.notes:
        drum = DRUM_PITCH_TO_CLASS.get(note.pitch)
        if drum is None:
            dropped.add(note.pitch)
            continue
        pitch = DRUM_OUTPUT_PITCHES[drum]
        key = (note.start_step, pitch)
        if key not in notes or note.velocity > notes[key].velocity:
            notes[key] = replace(note, pitch=pitch, end_step=note.start_step + 1)
    ordered = tuple(sorted(notes.values(), key=lambda n: (n.start_step, n.pitch)))
    notices = (
        [f"Model output pitches outside the drum kit were dropped: {sorted(dropped)}."]
        if dropped
        else []
    )
    return replace(clip, notes=ordered, kind="drums", program=0, notices=()), notices


def output_kind(job: GenerationJob) -> str:
    kind = get_tool(job.tool).output_kind
    return job.params.get("type", "melody") if kind == "type" else kind


def load_inputs(job: GenerationJob) -> tuple[dict[str, Clip], dict[str, bytes], dict[str, bytes]]:
    """Each input's clip and MIDI bytes, and each audio input's bytes."""
    clips, payloads, sounds = {}, {}, {}
    for slot, entry in job.inputs.items():
        with default_storage.open(entry["file"], "rb") as handle:
            data = handle.read()
        if entry["kind"] == "audio":
            sounds[slot] = data
            continue
        payloads[slot] = data
        clips[slot] = read_midi(data, entry["kind"])
    return clips, payloads, sounds


def run_job(job_id: str) -> bool:
    """Claim a queued job and run it to done or failed. Returns False when it was not queued
    (claimed by another runner, finished, gone): calling it twice runs the job once.

    The run holds a lease renewed by a ``Heartbeat`` (not in eager mode, where the job runs inside
    the caller's transaction); its files are written to a folder of this attempt and moved into
    place only if the run still holds the job when it succeeds, so a run that was given up on
    (its lease ran out) or died half-way leaves neither a result nor stray files."""
    token = jobqueue.claim(job_id)
    if token is None:
        return False
    job = with_db_retry(lambda: GenerationJob.objects.get(pk=job_id))
    attempt = outputs_aside.Attempt(job, token)
    attempt.discard_others()
    if settings.KANADE_JOBS_EAGER:
        _run_claimed(job, token, attempt)
    else:
        with jobqueue.Heartbeat(job_id, token):
            _run_claimed(job, token, attempt)
    return True


def _run_claimed(job: GenerationJob, token: str, attempt: outputs_aside.Attempt) -> None:
    started = time.monotonic()
    try:
        clips, payloads, sounds = load_inputs(job)
        result = running.run_tool(job.tool, job.params, clips, payloads, sounds)
        inference_s = time.monotonic() - started
        if result.audio:
            outputs, notices, audio_s = _write_audio_outputs(result, attempt), result.notices, 0.0
        else:
            outputs, notices, audio_s = _write_outputs(job, result, attempt)
    except running.ModelUnavailable as error:
        logger.warning("studio job %s: %s", job.id, error)
        _finish(job, token, attempt, Status.FAILED, error_code="model_unavailable",
                error_params={"tool": job.tool})  # fmt: skip
        return
    except (ValueError, MidiError) as error:  # the inference package's errors for bad input
        logger.info("studio job %s (%s): the model refused its inputs: %s", job.id, job.tool, error)
        code, params = refusal_of(job, error)
        _finish(job, token, attempt, Status.FAILED, error_code=code, error_params=params)
        return
    except Exception:  # noqa: BLE001 - a worker must survive any one job
        logger.exception("studio job %s (%s) failed", job.id, job.tool)
        _finish(job, token, attempt, Status.FAILED, error_code="internal_error")
        return
    job.outputs = outputs
    job.notices = list(job.notices) + notices
    timings = {"inference_s": inference_s, "audio_s": audio_s}
    _finish(job, token, attempt, Status.DONE, timings=timings)


def refusal_of(job: GenerationJob, error: Exception) -> tuple[str, dict]:
    """Why a job's inputs were refused, as a message code and parameters. An audio reader's
    refusal (it names its code and the input) keeps its own message, worded for that input
    when read; any other is the generic ``bad_input`` with the model's words as detail."""
    slot = getattr(error, "field", "")
    if getattr(error, "code", None) and slot:
        code, params = audio_refusal(error)
        return code, {**params, "tool": job.tool, "slot": slot}
    return "bad_input", {"detail": str(error)}


def _write_outputs(job: GenerationJob, result: ToolResult, attempt):
    kind = output_kind(job)
    notices = list(result.notices)
    outputs, midis = [], []
    for index, raw_clip in enumerate(result.clips):
        clip, fixes = conform(raw_clip, kind)
        notices += [fix for fix in fixes if fix not in notices]
        midi = clip_to_midi_bytes(clip)
        midis.append(midi)
        outputs.append(
            {
                "midi": attempt.write(f"variation-{index + 1}.mid", midi),
                "audio": None,
                "notes": len(clip.notes),
                "roll": roll_json(clip, min(result.primer_steps, clip.total_steps)),
            }
        )
    began = time.monotonic()
    audio_problem = audio.audio_unavailable_reason()
    if audio_problem is None:
        # Rendering is most of a job's time (the models take milliseconds): one FluidSynth
        # process per variation, as many at once as there are cores.
        with ThreadPoolExecutor(max_workers=AUDIO_PARALLELISM) as pool:
            rendered = list(pool.map(_render_or_error, midis))
        for index, (ogg, error) in enumerate(rendered):
            if ogg is not None:
                outputs[index]["audio"] = attempt.write(f"variation-{index + 1}.ogg", ogg)
            elif audio_problem is None:
                audio_problem = f"Audio preview failed: {error}. The MIDI files are fine."
                logger.warning("job %s: %s", job.id, audio_problem)
    if audio_problem:
        notices.append(audio_problem)
    return outputs, notices, time.monotonic() - began


def _write_audio_outputs(result: ToolResult, attempt) -> list[dict]:
    """An audio tool's results: the file to keep (WAV), its OGG preview, the inputs' previews
    and the report (kept in the job, shown by the page)."""
    outputs = []
    for index, made in enumerate(result.audio):
        number = index + 1
        previews = {
            slot: attempt.write(f"preview-{slot}-{number}.ogg", data)
            for slot, data in made.previews.items()
        }
        outputs.append(
            {
                "midi": None,
                "wav": attempt.write(f"variation-{number}.wav", made.wav),
                "audio": attempt.write(f"variation-{number}.ogg", made.preview),
                "previews": previews,
                "notes": 0,
                "roll": None,
                "report": made.report,
            }
        )
    return outputs


def _render_or_error(midi: bytes) -> tuple[bytes | None, str]:
    try:
        return audio.render_ogg(midi), ""
    except audio.AudioError as error:
        return None, str(error)


def _finish(
    job: GenerationJob,
    token: str,
    attempt: outputs_aside.Attempt,
    status: str,
    *,
    error_code: str = "",
    error_params: dict | None = None,
    timings: dict | None = None,
) -> bool:
    """Store the outcome if this run still holds the job (a failure as a code of ``messages``,
    worded when the job is read); a done job's files move into place first. False when the job
    was taken back (lease lost), failed meanwhile or deleted: its files are then dropped."""
    finished_at = timezone.now()
    total = (finished_at - job.created_at).total_seconds()
    queued = (job.started_at - job.created_at).total_seconds() if job.started_at else 0.0
    stored_timings = {
        k: round(v, 3) for k, v in {"queued_s": queued, **(timings or {}), "total_s": total}.items()
    }
    outputs = job.outputs
    # Renewing the lease is the check that this run still holds the job, and it keeps any sweep
    # away for a whole lease while the files are moved: milliseconds.
    if status == Status.DONE and with_db_retry(lambda: jobqueue.renew(job.id, token)):
        outputs = attempt.publish(job.outputs)
    else:
        attempt.discard()

    def save() -> int:
        return jobqueue.holding(job.id, token).update(
            status=status,
            error_code=error_code,
            error_params=error_params or {},
            finished_at=finished_at,
            timings=stored_timings,
            outputs=outputs if status == Status.DONE else [],
            notices=list(job.notices),
            lease_token="",
            lease_expires_at=None,
        )

    stored = bool(with_db_retry(save))
    if stored:
        logger.info("studio job %s (%s): %s after %d attempt(s)", job.id, job.tool, status,
                    job.attempts)  # fmt: skip
    else:
        logger.warning("studio job %s: this run no longer held the job; result dropped", job.id)
    return stored


def with_db_retry(action, attempts: int = 6, first_wait_s: float = 0.25):
    """Run a DB action, retrying a busy database (SQLite under load) with back-off (~8 s in
    all), so a finished job is not left 'running' because one write met a lock."""
    for attempt in range(attempts):
        try:
            return action()
        except OperationalError:
            if attempt == attempts - 1:
                raise
            logger.warning("studio: database busy, retrying (%d/%d)", attempt + 1, attempts)
            time.sleep(first_wait_s * 2**attempt)
