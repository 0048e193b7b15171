"""A run's output files are written aside and moved into place only when the run succeeds.

Each attempt writes to ``studio/<job>/attempt-<token>/``; ``publish`` moves its files to their
fixed names (``studio/<job>/variation-<n>.mid|.ogg``), replacing whatever an earlier attempt may
have left, and removes variation files the result does not name. A run that dies half-way leaves
only its own attempt folder, which the next attempt (``discard_others``) or the job's deletion
removes. So a job re-run after a crash ends with exactly one set of files.
"""

from __future__ import annotations

import contextlib
import os
import re
import shutil

from django.core.files.base import ContentFile
from django.core.files.storage import default_storage

from .models import GenerationJob

ATTEMPT_PREFIX = "attempt-"
# Django storage adds "_<7 characters>" to a name that exists: such strays are outputs too.
# An audio tool's outputs add a WAV and its inputs' previews (preview-<slot>-<n>.ogg).
_OUTPUT_NAME = re.compile(r"(variation|preview-[a-z_]+)-\d+(_[A-Za-z0-9]{7})?\.(mid|ogg|wav)")


def _local_path(name: str) -> str | None:
    """The file system path behind a storage name, or None for a remote storage."""
    try:
        return default_storage.path(name)
    except NotImplementedError:
        return None


def remove_tree(name: str) -> None:
    """Delete a storage folder and everything in it."""
    path = _local_path(name)
    if path is not None:
        shutil.rmtree(path, ignore_errors=True)
        return
    with contextlib.suppress(FileNotFoundError, NotImplementedError, OSError):
        folders, files = default_storage.listdir(name)
        for file in files:
            default_storage.delete(f"{name}/{file}")
        for folder in folders:
            remove_tree(f"{name}/{folder}")


def move_file(source: str, target: str) -> None:
    local_source, local_target = _local_path(source), _local_path(target)
    if local_source is not None and local_target is not None:
        os.makedirs(os.path.dirname(local_target), exist_ok=True)
        os.replace(local_source, local_target)  # atomic: a reader sees the old file or the new
        return
    with default_storage.open(source, "rb") as handle:
        data = handle.read()
    if default_storage.exists(target):
        default_storage.delete(target)
    default_storage.save(target, ContentFile(data))
    default_storage.delete(source)


class Attempt:
    def __init__(self, job: GenerationJob, token: str):
        self.folder = job.storage_folder
        self.aside = f"{self.folder}/{ATTEMPT_PREFIX}{token}"

    def write(self, filename: str, data: bytes) -> str:
        """Store one output in this attempt's folder; returns its storage name there."""
        return default_storage.save(f"{self.aside}/{filename}", ContentFile(data))

    def discard_others(self) -> None:
        """Remove what earlier, dead attempts of this job left behind."""
        with contextlib.suppress(FileNotFoundError, NotImplementedError, OSError):
            folders, _files = default_storage.listdir(self.folder)
            for folder in folders:
                if folder.startswith(ATTEMPT_PREFIX):
                    remove_tree(f"{self.folder}/{folder}")

    def discard(self) -> None:
        remove_tree(self.aside)

    def publish(self, outputs: list[dict]) -> list[dict]:
        """Move this attempt's files to their final names; returns ``outputs`` renamed."""
        published, kept = [], set()

        def place(name: str) -> str:
            final = f"{self.folder}/{os.path.basename(name)}"
            move_file(name, final)
            kept.add(os.path.basename(final))
            return final

        for output in outputs:
            output = dict(output)
            for key in ("midi", "audio", "wav"):
                if output.get(key):
                    output[key] = place(output[key])
            if output.get("previews"):
                output["previews"] = {
                    slot: place(name) for slot, name in output["previews"].items()
                }
            published.append(output)
        with contextlib.suppress(FileNotFoundError, NotImplementedError, OSError):
            _folders, files = default_storage.listdir(self.folder)
            for file in files:
                if _OUTPUT_NAME.fullmatch(file) and file not in kept:
                    default_storage.delete(f"{self.folder}/{file}")
        self.discard()
        return published
