"""The bridge from a studio job to the inference package: which function answers which tool.

Runs only in a worker (the embedded thread or a Celery worker), never in a web request: the
inference functions load TensorFlow on first use and keep their models warm per process.

Issue #4's functions (``inference.rnn.generate``: ``continue_sequence``, ``melody_rnn_generate``)
and issue #5's (``inference.vae.tools``: ``generate``, ``interpolate``, ``groove``,
``drumify``) are looked up by name in ``FUNCTION_MODULES``. A tool whose function or trained weights are missing answers
:class:`ModelUnavailable` with a clear message: never a made-up result.
``model_problem`` (the reason, for developers) and ``model_status`` (a student's sentence) answer
the same question for a web request without importing anything heavy.
"""

from __future__ import annotations

import importlib
import importlib.util
import logging
from dataclasses import dataclass, field
from pathlib import Path

from inference.music import STEPS_PER_BAR, Clip

logger = logging.getLogger(__name__)

CHECKPOINT_ROOT = Path(__file__).resolve().parents[2] / "inference" / "checkpoints"

# Where each function lives: the RNN functions in inference.rnn.generate, the VAE tools in
# inference.vae.tools.
FUNCTION_MODULES: dict[str, str] = {
    "continue_sequence": "inference.rnn.generate",
    "melody_rnn_generate": "inference.rnn.generate",
    "generate": "inference.vae.tools",
    "interpolate": "inference.vae.tools",
    "groove": "inference.vae.tools",
    "drumify": "inference.vae.tools",
}

# Temperature 0 means "always take the most likely event"; the samplers divide by the
# temperature, so the studio runs the limit at this small value and says so.
GREEDY_TEMPERATURE = 0.01


class ModelUnavailable(Exception):
    """The tool's model (function or trained weights) is not on this server yet. ``str()`` is the
    developer's reason (English, for logs); students get ``messages``' "model_unavailable"."""


@dataclass
class EngineResult:
    clips: list[Clip]
    notices: list[str] = field(default_factory=list)
    primer_steps: int = 0  # Continue / Melody RNN: the outputs open with the primer


def checkpoints_for(tool: str, params: dict) -> list[str]:
    """Checkpoint folder names (under inference/checkpoints/) a tool needs for these params."""
    kind = params.get("type", "melody")
    return {
        "generate": [f"musicvae_{kind}"],
        "interpolate": [f"musicvae_{kind}"],
        "continue": ["melody_rnn" if kind == "melody" else "drums_rnn"],
        "melody-rnn": ["melody_rnn"],
        "groove": ["groovae"],
        "drumify": ["tap2drum"],
    }[tool]


def function_for(tool: str, params: dict) -> str:
    return {
        "generate": "generate",
        "interpolate": "interpolate",
        "continue": "continue_sequence",
        "melody-rnn": "melody_rnn_generate",
        "groove": "groove",
        "drumify": "drumify",
    }[tool]


WEIGHT_SUFFIXES = (".h5", ".keras", ".npz", ".index")


def _has_weights(name: str) -> bool:
    """A checkpoint folder with a weights file in it (a card or README alone is not a model)."""
    folder = CHECKPOINT_ROOT / name
    return folder.is_dir() and any(path.suffix in WEIGHT_SUFFIXES for path in folder.iterdir())


def model_status(tool: str, params: dict) -> str | None:
    """None when the tool can run, else a student's sentence saying it cannot (in the active
    language). Cheap: finds modules without importing them."""
    if model_problem(tool, params) is None:
        return None
    from .messages import word

    return word("model_unavailable", {"tool": tool})


def model_problem(tool: str, params: dict) -> str | None:
    """None when the tool can run, else why not, for whoever installs the models (English)."""
    function = function_for(tool, params)
    if not _module_exists(FUNCTION_MODULES[function]):
        return _unavailable_message(tool, f"the function {function}() has not landed yet")
    missing = [name for name in checkpoints_for(tool, params) if not _has_weights(name)]
    if missing:
        listed = ", ".join(f"inference/checkpoints/{name}" for name in missing)
        return _unavailable_message(tool, f"its trained weights are missing ({listed})")
    return None


def _unavailable_message(tool: str, reason: str) -> str:
    return f"The model for the '{tool}' tool is not yet available on this server: {reason}."


def _module_exists(name: str) -> bool:
    try:
        return importlib.util.find_spec(name) is not None
    except (ImportError, ValueError):
        return False


def resolve_function(tool: str, params: dict):
    """The inference function for a tool (imports its module, which may load TensorFlow later)."""
    reason = model_problem(tool, params)
    if reason:
        raise ModelUnavailable(reason)
    name = function_for(tool, params)
    function = getattr(importlib.import_module(FUNCTION_MODULES[name]), name, None)
    if callable(function):
        return function
    raise ModelUnavailable(_unavailable_message(tool, f"no module defines {name}()"))


def run_tool(tool: str, params: dict, inputs: dict[str, Clip], input_bytes: dict[str, bytes]):
    """Call the tool's inference function; returns an :class:`EngineResult`."""
    function = resolve_function(tool, params)
    notices: list[str] = []
    temperature = float(params.get("temperature", 1.0))
    if temperature <= 0:
        temperature = GREEDY_TEMPERATURE
        notices.append(
            f"Temperature 0 picks the most likely event each time (run at {GREEDY_TEMPERATURE})."
        )
    seed = int(params["seed"])
    kind = params.get("type")
    try:
        if tool == "generate":
            raw = function(kind, int(params["variations"]), temperature, seed)
        elif tool == "continue":
            steps = int(params["length"]) * STEPS_PER_BAR
            raw = function(
                inputs["input"], kind, steps, int(params["variations"]), temperature, seed
            )
        elif tool == "interpolate":
            raw = function(
                inputs["input_a"], inputs["input_b"], int(params["steps"]), temperature, seed
            )
        elif tool in ("groove", "drumify"):
            raw = function(inputs["input"], temperature, seed)
        elif tool == "melody-rnn":
            primer_midi = input_bytes.get("input")
            raw = function(
                primer_melody=None if primer_midi is not None else params["primer_melody"],
                primer_midi=primer_midi,
                num_outputs=int(params["num_outputs"]),
                num_steps=int(params["num_steps"]),
                temperature=temperature,
                qpm=float(params["qpm"]),
                seed=seed,
            )
        else:  # tools.py and this table must agree; a new tool needs a line here
            raise ModelUnavailable(_unavailable_message(tool, "no engine is wired for it"))
    except FileNotFoundError as error:
        # Weights removed or half-written after model_status looked: still "not available".
        reason = f"its weights cannot be read ({error})"
        raise ModelUnavailable(_unavailable_message(tool, reason)) from error
    # The functions repeat what reading the inputs noticed; the job already lists that as "slot: …".
    known = {notice for clip in inputs.values() for notice in clip.notices}
    result = _normalise(raw, notices)
    result.notices[:] = [notice for notice in result.notices if notice not in known]
    return result


def _normalise(raw, notices: list[str]) -> EngineResult:
    """Accept the inference package's result shapes: a result object with ``clips`` (and maybe
    ``notices``/``primer_steps``), a ``(clips, notices)`` pair, a list of clips, or one clip."""
    primer_steps = 0
    if isinstance(raw, Clip):
        clips = [raw]
    elif hasattr(raw, "clips"):
        clips = list(raw.clips)
        notices += list(getattr(raw, "notices", []) or [])
        primer_steps = int(getattr(raw, "primer_steps", 0) or 0)
    elif isinstance(raw, tuple) and len(raw) == 2 and not isinstance(raw[0], Clip):
        clips, extra = list(raw[0]), raw[1]
        notices += [extra] if isinstance(extra, str) else list(extra)
    else:
        clips = list(raw)
    bad = [type(clip).__name__ for clip in clips if not isinstance(clip, Clip)]
    if bad or not clips:
        raise TypeError(f"the model returned {bad or 'no clips'}, expected a list of Clip")
    for clip in clips:  # e.g. Interpolate's encoding notices travel on its clips
        notices += list(clip.notices)
    return EngineResult(clips, list(dict.fromkeys(notices)), primer_steps)


def warm_up() -> list[str]:
    """Load the models that are present so the first student does not wait; returns their names."""
    warmed = []
    try:
        from inference.rnn import generate as rnn_generate
    except ImportError:
        return warmed
    from inference.vae import tools as studio_tools

    loaders = {
        "melody_rnn": lambda: rnn_generate.load_sampler(CHECKPOINT_ROOT / "melody_rnn"),
        "drums_rnn": lambda: rnn_generate.load_sampler(CHECKPOINT_ROOT / "drums_rnn"),
    }
    for folder in ("musicvae_melody", "musicvae_drums", "groovae", "tap2drum"):
        loaders[folder] = lambda folder=folder: studio_tools.load_bundle(folder)
    for folder, load in loaders.items():
        if _has_weights(folder):
            try:
                load()
                warmed.append(folder)
            except Exception:  # noqa: BLE001 - a broken checkpoint fails its jobs, not the worker
                logger.exception("could not warm up the %s model", folder)
    return warmed
