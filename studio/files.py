"""Downloads built from a job's stored files: all variations as one zip, and "merge" (several
parts, e.g. a Melody RNN melody and its Drumify drums, as one multi-track MIDI file)."""

from __future__ import annotations

import io
import zipfile
from dataclasses import replace

from django.core.files.storage import default_storage

from inference.music.midi_io import MidiError, clip_to_pretty_midi, read_midi

from .models import GenerationJob, find_job

MAX_MERGE_PARTS = 4


class PartError(ValueError):
    pass


def download_name(job: GenerationJob, stem: str, extension: str) -> str:
    return f"kanade-{job.tool}-{job.id[:8]}-{stem}.{extension}"


def variations_zip(job: GenerationJob) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for index, output in enumerate(job.outputs, start=1):
            with default_storage.open(output["midi"], "rb") as handle:
                archive.writestr(download_name(job, f"variation-{index}", "mid"), handle.read())
    return buffer.getvalue()


def _part(spec: str) -> tuple[bytes, str, str]:
    """``<job id>:<output index>`` (0-based, as ``input_index``) or ``<job id>:<input slot>``
    → (MIDI bytes, kind, track name)."""
    job_id, _, which = spec.partition(":")
    job = find_job(job_id)
    if job is None:
        raise PartError(f"'part' {spec!r}: no such job (it may have been cleaned up).")
    if which in job.inputs:
        entry = job.inputs[which]
        name, kind, label = entry["file"], entry["kind"], f"{job.tool} {which}"
    else:
        if job.status != GenerationJob.Status.DONE:
            raise PartError(f"'part' {spec!r}: job {job_id} is {job.status}, not done.")
        try:
            index = int(which)
            output = job.outputs[index]
            if index < 0:
                raise IndexError
        except (ValueError, IndexError):
            raise PartError(
                f"'part' {spec!r}: use <job>:<0..{len(job.outputs) - 1}> or <job>:<input slot>."
            ) from None
        if not output.get("midi"):
            raise PartError(f"'part' {spec!r}: job {job_id} made audio, not MIDI.")
        name, kind = output["midi"], output["roll"]["kind"]
        label = f"{job.tool} {index + 1}"
    if kind == "audio":
        raise PartError(f"'part' {spec!r}: that input is audio, not MIDI.")
    with default_storage.open(name, "rb") as handle:
        return handle.read(), kind, label


def merge(specs: list[str]) -> bytes:
    """One MIDI file with one track per part, all on the first part's tempo (steps are kept)."""
    if not 2 <= len(specs) <= MAX_MERGE_PARTS:
        raise PartError(f"'part' must be given 2 to {MAX_MERGE_PARTS} times; got {len(specs)}.")
    clips = []
    for spec in specs:
        data, kind, label = _part(spec)
        try:
            clips.append((read_midi(data, kind), label))
        except MidiError as error:  # stored files are ours; this would be a bug, still say it
            raise PartError(f"'part' {spec!r}: {error.message}") from None
    qpm = clips[0][0].qpm
    merged = None
    for clip, label in clips:
        part = clip_to_pretty_midi(replace(clip, qpm=qpm))
        part.instruments[0].name = label
        if merged is None:
            merged = part
        else:
            merged.instruments.extend(part.instruments)
    buffer = io.BytesIO()
    merged.write(buffer)
    return buffer.getvalue()
