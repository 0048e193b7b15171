"""A MIDI result's WAV download: rendered with FluidSynth on its first download, then kept in the
job's folder beside its MIDI and OGG (and deleted with them).

Rendering on demand, not in the job, keeps every job as fast as before for the many results
nobody takes to a DAW. What one request can cost stays bounded by the limits the job's own
rendering has: each file is rendered at most once per process (a lock per file; the next request
finds it stored), at most ``AUDIO_PARALLELISM`` renders run at once in a process (the job's pool
size), each is cut at ``audio.MAX_RENDER_S``, and only variations of finished jobs exist, whose
number the submission limits bound.
"""

from __future__ import annotations

import secrets
import threading

from django.core.files.base import ContentFile
from django.core.files.storage import default_storage

from . import audio
from .jobs import AUDIO_PARALLELISM
from .models import GenerationJob
from .outputs_aside import move_file

WAIT_FOR_SLOT_S = 20.0  # a student waits this long behind other renders before a 503

_slots = threading.BoundedSemaphore(AUDIO_PARALLELISM)
_locks: dict[str, threading.Lock] = {}
_locks_guard = threading.Lock()


class RenderBusy(Exception):
    """Every render slot stayed taken for WAIT_FOR_SLOT_S."""


def wav_name(job: GenerationJob, number: int) -> str:
    return f"{job.storage_folder}/variation-{number}.wav"


def _lock_for(name: str) -> threading.Lock:
    with _locks_guard:
        return _locks.setdefault(name, threading.Lock())


def cached_wav(job: GenerationJob, number: int) -> str | None:
    """The storage name of variation ``number``'s WAV (rendered now if it is not stored yet), or
    None when the variation has no MIDI or audio cannot be rendered here. Raises RenderBusy."""
    midi_name = job.outputs[number - 1].get("midi")
    if not midi_name or not default_storage.exists(midi_name):
        return None
    name = wav_name(job, number)
    if default_storage.exists(name):
        return name
    lock = _lock_for(name)
    with lock:
        try:
            if default_storage.exists(name):  # rendered while this request waited for the lock
                return name
            return _render(midi_name, name, job.storage_folder)
        finally:
            # Once stored (or refused) the file needs no lock: a waiter holding this one re-checks.
            with _locks_guard:
                if _locks.get(name) is lock:
                    del _locks[name]


def _render(midi_name: str, name: str, folder: str) -> str | None:
    if not _slots.acquire(timeout=WAIT_FOR_SLOT_S):
        raise RenderBusy
    try:
        with default_storage.open(midi_name, "rb") as handle:
            wav = audio.render_wav(handle.read())
    except audio.AudioError:
        return None
    finally:
        _slots.release()
    # Written aside and moved into place, so another process never serves half a file.
    aside = default_storage.save(f"{folder}/rendering-{secrets.token_hex(6)}.wav", ContentFile(wav))
    move_file(aside, name)
    return name
