"""Validation of a studio submission (POST /api/generate/<tool>) against the tool spec.

Everything is checked before anything is stored: numbers against the tool's ranges, each MIDI
input read with ``inference.music.midi_io.read_midi`` (a streaming reader that refuses a file at the
first budget it exceeds, no TensorFlow) so that a bad file or a tempo the models cannot play is a
400 naming its field, not a failed job later. Every problem is collected (not just the first) as
a code with parameters; ``messages`` words them in the reader's language. Uploads over
``MAX_UPLOAD_BYTES`` are refused from their declared size, before a byte of them is parsed.
"""

from __future__ import annotations

import secrets
from dataclasses import dataclass, field

from django.conf import settings
from django.core.files.storage import default_storage

from core.fields import FieldError
from inference.music import STEPS_PER_BAR, Clip, PrimerError, parse_primer_melody
from inference.music.midi_budget import scan
from inference.music.midi_io import MAX_QPM, MIN_QPM, MidiError, read_midi

from .examples import example_midi, get_example
from .messages import word
from .models import GenerationJob, find_job
from .tools import ChoiceField, InputSlot, NumberField, TextField, Tool
from .tools.fields import SEED_MAX

# A primer longer than this is cut (with a notice): the models work on a few bars at a time.
MAX_INPUT_BARS = 32
# Longer digit strings are out of any field's range: never converted (Python refuses to turn
# 4,300+ digits into an int, and a 309-digit int overflows a float).
MAX_NUMBER_DIGITS = 30


class SubmissionError(ValueError):
    """One problem with a submission: ``field`` names the form field, ``code`` and ``params`` say
    what is wrong (see ``messages.MESSAGES``); ``message`` words it in the active language."""

    def __init__(self, field_name: str, code: str, **params):
        super().__init__(code)
        self.field = field_name
        self.code = code
        self.params = params

    @property
    def message(self) -> str:
        return word(self.code, self.params)

    def __str__(self) -> str:
        return self.message

    def as_json(self) -> dict:
        return {"field": self.field, "code": self.code, "message": self.message}


class InvalidSubmission(ValueError):
    """Every problem found in one submission, in the order of the page (inputs, then settings)."""

    def __init__(self, problems: list[SubmissionError]):
        super().__init__("; ".join(problem.code for problem in problems))
        self.problems = problems


@dataclass
class ResolvedInput:
    slot: str
    data: bytes
    source: str  # upload:<name> | example:<slug> | job:<id>:<index>
    clip: Clip | None  # None for an audio input
    kind: str
    audio: dict | None = None  # an audio input: container, rate, channels, seconds, lufs


@dataclass
class Submission:
    tool: Tool
    params: dict
    inputs: dict[str, ResolvedInput] = field(default_factory=dict)
    notices: list[str] = field(default_factory=list)


def validate(tool: Tool, data, files) -> Submission:
    """Check a submission (``data``/``files``: Django QueryDict/MultiValueDict-like); raises
    :class:`InvalidSubmission` listing every problem, so a student fixes them all in one go."""
    params: dict = {}
    setting_problems: list[SubmissionError] = []
    for spec in tool.fields:
        try:
            value = clean_field(spec, data.get(spec.name))
        except SubmissionError as problem:
            setting_problems.append(problem)
            continue
        if value is not None:
            params[spec.name] = value
    if tool.field("seed") is not None and "seed" not in params:
        params["seed"] = secrets.randbelow(SEED_MAX + 1)  # recorded, so the job can be re-made
    submission = Submission(tool, params)
    input_problems: list[SubmissionError] = []
    for slot in tool.inputs:
        try:
            resolved = _resolve_input(slot, params, data, files)
        except SubmissionError as problem:
            input_problems.append(problem)
            continue
        if resolved is not None:
            submission.inputs[slot.name] = resolved
            clip_notices = resolved.clip.notices if resolved.clip else ()
            submission.notices += [f"{slot.name}: {notice}" for notice in clip_notices]
    setting_problems += [
        SubmissionError(name, code, **words) for name, code, words in tool.check(params)
    ]
    if tool.slug == "melody-rnn" and not input_problems:
        known_bad = {problem.field for problem in setting_problems}
        setting_problems += _check_primer(submission, data, known_bad)
    if input_problems or setting_problems:
        order = [spec.name for spec in tool.fields]
        setting_problems.sort(key=lambda problem: order.index(problem.field))
        raise InvalidSubmission(input_problems + setting_problems)
    return submission


def clean_field(spec: NumberField | ChoiceField | TextField, raw: str | None):
    """One setting from its text (empty: the default); raises SubmissionError naming the field.
    Shared with the embed pages, which take the same settings from their URL. The field
    (``core.fields``) checks the text; its problem is re-coded in the studio's words."""
    blank = raw is None or (str(raw).strip() == "" if isinstance(spec, NumberField) else raw == "")
    if blank and not isinstance(spec, TextField):
        return spec.default
    try:
        return spec.clean_text(raw or "")
    except FieldError as problem:
        raise _studio_error(spec, str(raw), problem) from None


def _studio_error(spec, raw: str, problem: FieldError) -> SubmissionError:
    """The studio's code for a field's problem: the studio has always answered a number it cannot
    use with its range (an infinity, a 40-digit paste), and quotes back what was typed."""
    text = raw.strip()[:40]
    if isinstance(spec, ChoiceField):
        choices = [f"{label} ({value})" for value, label in spec.labelled()]
        return SubmissionError(
            spec.name, "not_a_choice", label=spec.label, choices=choices, value=raw[:40]
        )
    if isinstance(spec, TextField):
        length, limit = problem.params["length"], spec.max_length
        return SubmissionError(
            spec.name, "text_too_long", label=spec.label, length=length, max=limit
        )
    code = problem.code
    if code == "number_too_long" and not spec.is_numeral(raw):
        code = "not_whole_number" if spec.integer else "not_a_number"
    elif code == "not_finite" and spec.integer:
        code = "not_whole_number"  # "nan" typed into a whole-number field
    if code in ("not_whole_number", "not_a_number"):
        return SubmissionError(spec.name, code, label=spec.label, value=text)
    return SubmissionError(
        spec.name, "out_of_range", label=spec.label, min=spec.minimum, max=spec.maximum, value=text
    )


def upload_limit(slot: InputSlot) -> int:
    """The most bytes an upload in this slot may have (audio tracks are far larger than MIDI)."""
    return settings.MAX_AUDIO_UPLOAD_BYTES if slot.kind == "audio" else settings.MAX_UPLOAD_BYTES


def _resolve_input(slot: InputSlot, params: dict, data, files) -> ResolvedInput | None:
    name, label = slot.name, slot.label
    upload = files.get(name)
    example = (data.get(f"{name}_example") or "").strip()
    job_id = (data.get(f"{name}_job") or "").strip()
    given = [present for present in (upload, example, job_id) if present]
    if len(given) > 1:
        raise SubmissionError(name, "input_conflict", label=label)
    if not given:
        if not slot.required:
            return None
        # The page says which source the student chose; an empty drawing sends no file at all.
        drawn = (data.get(f"{name}_source") or "").strip() == "draw"
        code = "audio_missing" if slot.kind == "audio" else "input_missing"
        raise SubmissionError(name, "drawing_empty" if drawn else code, label=label)
    if upload is not None:
        if upload.size > upload_limit(slot):
            raise too_large(name, label, upload.size, upload_limit(slot))
        payload = upload.read()
        source = f"upload:{upload.name}"
    elif example and slot.kind == "audio":  # an example track, rendered from example clips
        payload, source = _example_track(name, example), f"example:{example}"
    elif example:
        if get_example(example) is None:
            raise SubmissionError(f"{name}_example", "unknown_example", value=example[:40])
        payload, source = example_midi(example), f"example:{example}"
    else:
        payload, source = _job_output(slot, job_id, data.get(f"{name}_index"))
    if slot.kind == "audio":
        return ResolvedInput(name, payload, source, None, "audio", _read_audio(slot, payload))
    kind = slot.kind if slot.kind in ("melody", "drums", "any") else params.get("type")
    if kind is None:
        return None  # the type itself is wrong (reported with the settings): nothing to read as
    max_bars = min(slot.max_bars or MAX_INPUT_BARS, MAX_INPUT_BARS)
    clip, kind = _read(slot, payload, kind, max_bars * STEPS_PER_BAR)
    return ResolvedInput(name, payload, source, clip, kind)


def too_large(field_name: str, label, size: int, limit: int | None = None) -> SubmissionError:
    limit = settings.MAX_UPLOAD_BYTES if limit is None else limit
    return SubmissionError(field_name, "file_too_large", label=label, size=size, limit=limit)


def _job_output(slot: InputSlot, job_id: str, raw_index: str | None) -> tuple[bytes, str]:
    name, label = slot.name, slot.label
    job = find_job(job_id)
    if job is None:
        raise SubmissionError(f"{name}_job", "job_not_found", label=label)
    if job.status != GenerationJob.Status.DONE:
        raise SubmissionError(f"{name}_job", "job_not_done", label=label, status=job.status)
    text = str(raw_index or 0).strip()
    try:
        index = int(text) if len(text) <= MAX_NUMBER_DIGITS else -1
    except ValueError:
        index = -1
    if not 0 <= index < len(job.outputs):
        shown = index + 1 if 0 <= index < 1_000_000 else text[:20]
        raise SubmissionError(
            f"{name}_index", "bad_index", label=label, value=shown, count=len(job.outputs)
        )
    output = job.outputs[index]
    # An audio slot takes the result's audio: a mastered WAV, or a MIDI result's rendering.
    stored = (output.get("wav") or output.get("audio")) if slot.kind == "audio" else output["midi"]
    if not stored:
        raise SubmissionError(f"{name}_job", "job_no_audio", label=label)
    with default_storage.open(stored, "rb") as handle:
        return handle.read(), f"job:{job_id}:{index}"


def _example_track(name: str, slug: str) -> bytes:
    from .example_tracks import EXAMPLE_TRACKS, ExampleUnavailable, example_track

    if slug not in EXAMPLE_TRACKS:
        raise SubmissionError(f"{name}_example", "unknown_example", value=slug[:40])
    try:
        return example_track(slug)
    except ExampleUnavailable:
        raise SubmissionError(f"{name}_example", "example_unavailable") from None


def audio_refusal(error) -> tuple[str, dict]:
    """A mastering error (``inference.mastering.MasteringError``) as the studio's message code
    and parameters: the same words at submission and, should the job meet it, in the job."""
    code, params = error.code, dict(error.params)
    if code == "too_long":  # the MIDI reader's "too_long" counts minutes of a score
        code = "audio_too_long"
        params = {"minutes": round(params["seconds"] / 60, 1), "limit": params["limit"] / 60}
    elif code == "too_large" and not error.reason:
        code = "file_too_large"
    return (f"{code}:{error.reason}" if error.reason else code), params


def _read_audio(slot: InputSlot, payload: bytes) -> dict:
    """Read an audio input within ``inference.mastering``'s budgets, and refuse silence now
    rather than in the job: a refused input stores nothing. Imported here, not at the top:
    pages that never see audio do not load scipy."""
    import math

    from inference.mastering import MasteringError, read_audio
    from inference.mastering.loudness import integrated_loudness

    try:
        audio = read_audio(payload, max_bytes=upload_limit(slot))
    except MasteringError as error:
        code, params = audio_refusal(error)
        raise SubmissionError(slot.name, code, label=slot.label, **params) from None
    lufs = integrated_loudness(audio.samples, audio.rate)
    if not math.isfinite(lufs):
        # The pipeline's own rule: silence in the reference is the reference's problem.
        code = "silent_reference" if slot.name == "reference" else "silent"
        raise SubmissionError(slot.name, code, label=slot.label)
    return {
        "container": audio.container,
        "rate": audio.rate,
        "channels": audio.channels,
        "seconds": round(audio.seconds, 2),
        "lufs": round(lufs, 2),
    }


def _read(slot: InputSlot, payload: bytes, kind: str, max_steps: int) -> tuple[Clip, str]:
    """Read an input as the kind its tool needs; "any" (Drumify) takes a melodic part, else drums.
    The file is scanned (and every budget checked) once, however many kinds are tried."""
    try:
        scanned = scan(payload)
        if kind != "any":
            clip = read_midi(scanned, kind, max_steps=max_steps)
        else:
            try:
                clip, kind = read_midi(scanned, "melody", max_steps=max_steps), "melody"
            except MidiError as error:
                if error.code != "no_track":
                    raise
                clip, kind = read_midi(scanned, "drums", max_steps=max_steps), "drums"
    except MidiError as error:
        code = f"{error.code}:{error.reason}" if error.reason else error.code
        raise SubmissionError(slot.name, code, label=slot.label, **error.params) from None
    if not MIN_QPM <= clip.qpm <= MAX_QPM:
        # The models would refuse it when the job runs; say so now, in words.
        raise SubmissionError(
            slot.name,
            "tempo_out_of_range",
            label=slot.label,
            qpm=_readable_tempo(clip.qpm),
            min=round(MIN_QPM),
            max=round(MAX_QPM),
        )
    return clip, kind


def _readable_tempo(qpm: float) -> float:
    return round(qpm) if qpm >= 10 else round(qpm, 2)


def _check_primer(submission: Submission, data, known_bad: set[str]) -> list[SubmissionError]:
    """Melody RNN's primer: as ``primer_melody`` or a MIDI file, shorter than ``num_steps``."""
    tool, params = submission.tool, submission.params
    primer_label = tool.field("primer_melody").label
    raw = (data.get("primer_melody") or "").strip()
    if "input" in submission.inputs:
        if raw:
            return [SubmissionError("primer_melody", "primer_and_midi", label=primer_label)]
        params["primer_melody"] = ""
        primer_steps = submission.inputs["input"].clip.total_steps
    elif "primer_melody" in known_bad:
        return []
    else:
        params["primer_melody"] = raw or "[60]"
        try:
            primer_steps = len(parse_primer_melody(params["primer_melody"]))
        except PrimerError:
            return [SubmissionError("primer_melody", "primer_invalid", label=primer_label)]
    if "num_steps" not in known_bad and primer_steps >= params["num_steps"]:
        label = tool.field("num_steps").label
        problem = SubmissionError(
            "num_steps",
            "primer_too_long",
            label=label,
            value=params["num_steps"],
            primer=primer_steps,
        )
        return [problem]
    return []
