"""Validation of a studio submission (POST /api/generate/<tool>) against the tool spec.

Everything is checked before anything is stored: numbers against the tool's ranges, each MIDI
input read with ``inference.midi_io.read_midi`` (plain pretty_midi, no TensorFlow) so that a bad
file is a 400 naming its field, not a failed job later. Uploads over ``MAX_UPLOAD_BYTES`` are
refused from their declared size, before a byte of them is parsed.
"""

from __future__ import annotations

import math
import secrets
from dataclasses import dataclass, field

from django.conf import settings
from django.core.files.storage import default_storage

from inference.midi_io import MidiError, read_midi
from inference.music import STEPS_PER_BAR, Clip, PrimerError, parse_primer_melody

from .examples import example_midi, get_example
from .models import GenerationJob, find_job
from .tools import SEED_MAX, ChoiceField, InputSlot, NumberField, TextField, Tool

# A primer longer than this is cut (with a notice): the models work on a few bars at a time.
MAX_INPUT_BARS = 32


class SubmissionError(ValueError):
    """Invalid input: ``field`` names the form field, ``message`` says what is wrong."""

    def __init__(self, field_name: str, message: str):
        super().__init__(message)
        self.field = field_name
        self.message = message


@dataclass
class ResolvedInput:
    slot: str
    data: bytes
    source: str  # upload:<name> | example:<slug> | job:<id>:<index>
    clip: Clip
    kind: str


@dataclass
class Submission:
    tool: Tool
    params: dict
    inputs: dict[str, ResolvedInput] = field(default_factory=dict)
    notices: list[str] = field(default_factory=list)


def validate(tool: Tool, data, files) -> Submission:
    """Check a submission (``data``/``files``: Django QueryDict/MultiValueDict-like)."""
    params: dict = {}
    for spec in tool.fields:
        value = clean_field(spec, data.get(spec.name))
        if value is not None:
            params[spec.name] = value
    if "seed" not in params:
        params["seed"] = secrets.randbelow(SEED_MAX + 1)  # recorded, so the job can be re-run
    submission = Submission(tool, params)
    for slot in tool.inputs:
        resolved = _resolve_input(slot, params, data, files)
        if resolved is not None:
            submission.inputs[slot.name] = resolved
            submission.notices += [f"{slot.name}: {notice}" for notice in resolved.clip.notices]
    if tool.slug == "melody-rnn":
        _check_primer(submission, data)
    return submission


def clean_field(spec: NumberField | ChoiceField | TextField, raw: str | None):
    """One setting from its text (empty: the default); raises SubmissionError naming the field.
    Shared with the embed pages, which take the same settings from their URL."""
    if isinstance(spec, NumberField):
        return _number(spec, raw)
    if isinstance(spec, ChoiceField):
        return _choice(spec, raw)
    if isinstance(spec, TextField):
        return _text(spec, raw)
    raise TypeError(spec)  # pragma: no cover - tools.py only defines the three kinds above


def _number(spec: NumberField, raw: str | None):
    if raw is None or str(raw).strip() == "":
        if spec.default is None and not spec.required:
            return None
        return spec.default
    text = str(raw).strip()
    try:
        value = int(text) if spec.integer else float(text)
    except ValueError:
        kind = "a whole number" if spec.integer else "a number"
        raise SubmissionError(spec.name, f"'{spec.name}' must be {kind}; got {text!r}.") from None
    if not math.isfinite(value) or not spec.minimum <= value <= spec.maximum:
        raise SubmissionError(
            spec.name,
            f"'{spec.name}' must be between {spec.minimum:g} and {spec.maximum:g}; got {text}.",
        )
    return value


def _choice(spec: ChoiceField, raw: str | None) -> str:
    if raw is None or raw == "":
        return spec.default
    allowed = [value for value, _ in spec.choices]
    if raw not in allowed:
        raise SubmissionError(
            spec.name, f"'{spec.name}' must be one of {', '.join(allowed)}; got {raw!r}."
        )
    return raw


def _text(spec: TextField, raw: str | None) -> str:
    value = (raw or "").strip()
    if len(value) > spec.max_length:
        raise SubmissionError(
            spec.name,
            f"'{spec.name}' is too long ({len(value)} characters; at most {spec.max_length}).",
        )
    return value


def _resolve_input(slot: InputSlot, params: dict, data, files) -> ResolvedInput | None:
    name = slot.name
    upload = files.get(name)
    example = (data.get(f"{name}_example") or "").strip()
    job_id = (data.get(f"{name}_job") or "").strip()
    given = [
        label
        for label, present in (("file", upload), ("example", example), ("job", job_id))
        if present
    ]
    if len(given) > 1:
        raise SubmissionError(
            name,
            f"'{name}': give one of a file, an example or an earlier output, not {' and '.join(given)}.",
        )
    if not given:
        if slot.required:
            raise SubmissionError(
                name,
                f"'{name}' is required: upload a MIDI file, pick an example or send an output here.",
            )
        return None
    if upload is not None:
        if upload.size > settings.MAX_UPLOAD_BYTES:
            raise SubmissionError(name, too_large_message(name, upload.size))
        payload = upload.read()
        source = f"upload:{upload.name}"
    elif example:
        if get_example(example) is None:
            raise SubmissionError(
                f"{name}_example", f"'{name}_example': no example called {example!r}."
            )
        payload, source = example_midi(example), f"example:{example}"
    else:
        payload, source = _job_output(name, job_id, data.get(f"{name}_index"))
    kind = slot.kind if slot.kind in ("melody", "drums", "any") else params["type"]
    max_bars = min(slot.max_bars or MAX_INPUT_BARS, MAX_INPUT_BARS)
    clip, kind = _read(name, payload, kind, max_bars * STEPS_PER_BAR)
    return ResolvedInput(name, payload, source, clip, kind)


def too_large_message(name: str, size: int) -> str:
    limit = settings.MAX_UPLOAD_BYTES
    return f"'{name}' is {size:,} bytes; a MIDI file may be at most {limit:,} bytes ({limit / 1e6:g} MB)."


def _job_output(name: str, job_id: str, raw_index: str | None) -> tuple[bytes, str]:
    job = find_job(job_id)
    if job is None:
        raise SubmissionError(
            f"{name}_job", f"'{name}_job': no job {job_id!r} (it may have been cleaned up)."
        )
    if job.status != GenerationJob.Status.DONE:
        raise SubmissionError(
            f"{name}_job", f"'{name}_job': job {job_id} is {job.status}, not done."
        )
    try:
        index = int(raw_index or 0)
    except ValueError:
        raise SubmissionError(f"{name}_index", f"'{name}_index' must be a whole number.") from None
    if not 0 <= index < len(job.outputs):
        raise SubmissionError(
            f"{name}_index",
            f"'{name}_index' must be 0..{len(job.outputs) - 1} for job {job_id}; got {index}.",
        )
    with default_storage.open(job.outputs[index]["midi"], "rb") as handle:
        return handle.read(), f"job:{job_id}:{index}"


def _read(name: str, payload: bytes, kind: str, max_steps: int) -> tuple[Clip, str]:
    """Read an input as the kind its tool needs; "any" (Drumify) takes a melodic part, else drums."""
    try:
        if kind != "any":
            return read_midi(payload, kind, max_steps=max_steps), kind
        try:
            return read_midi(payload, "melody", max_steps=max_steps), "melody"
        except MidiError as error:
            if error.code != "no_track":
                raise
            return read_midi(payload, "drums", max_steps=max_steps), "drums"
    except MidiError as error:
        raise SubmissionError(name, f"'{name}': {error.message}") from None


def _check_primer(submission: Submission, data) -> None:
    params = submission.params
    raw = (data.get("primer_melody") or "").strip()
    if "input" in submission.inputs:
        if raw:
            raise SubmissionError(
                "primer_melody",
                "Give either 'primer_melody' or a primer MIDI file ('input'), not both.",
            )
        params["primer_melody"] = ""
        primer_steps = submission.inputs["input"].clip.total_steps
    else:
        params["primer_melody"] = raw or "[60]"
        try:
            primer_steps = len(parse_primer_melody(params["primer_melody"]))
        except PrimerError as error:
            raise SubmissionError("primer_melody", f"'primer_melody': {error}") from None
    if primer_steps >= params["num_steps"]:
        raise SubmissionError(
            "num_steps",
            f"'num_steps' ({params['num_steps']}) counts the primer and must be longer than it "
            f"({primer_steps} steps).",
        )
