"""Running a tool for a job: model availability, the greedy temperature, notices, warm-up.

Runs only in a worker (the embedded thread or a Celery worker), never in a web request: a tool's
``run`` loads TensorFlow on first use and keeps its models warm per process. A tool whose trained
weights are missing answers :class:`ModelUnavailable`: never a made-up result. ``model_problem``
(the reason, for developers) and ``model_status`` (a student's sentence) answer the same question
for a web request without importing anything heavy.
"""

from __future__ import annotations

import logging

from inference.music import Clip
from inference.shared import checkpoints

from . import TOOLS, get_tool
from .base import ToolInputs, ToolResult

logger = logging.getLogger(__name__)

# Temperature 0 means "always take the most likely event"; the samplers divide by the
# temperature, so the studio runs the limit at this small value and says so.
GREEDY_TEMPERATURE = 0.01


class ModelUnavailable(Exception):
    """The tool's trained weights are not on this server. ``str()`` is the developer's reason
    (English, for logs); students get ``messages``' "model_unavailable"."""


def model_problem(slug: str, params: dict) -> str | None:
    """None when the tool can run, else why not, for whoever installs the models (English)."""
    missing = [
        name for name in get_tool(slug).checkpoints(params) if not checkpoints.has_weights(name)
    ]
    if not missing:
        return None
    listed = ", ".join(f"inference/checkpoints/{name}" for name in missing)
    return _unavailable_message(slug, f"its trained weights are missing ({listed})")


def model_status(slug: str, params: dict) -> str | None:
    """None when the tool can run, else a student's sentence saying it cannot (in the active
    language). Cheap: looks for files, imports nothing heavy."""
    if model_problem(slug, params) is None:
        return None
    from studio.messages import word

    return word("model_unavailable", {"tool": slug})


def _unavailable_message(slug: str, reason: str) -> str:
    return f"The model for the '{slug}' tool is not yet available on this server: {reason}."


def run_tool(
    slug: str,
    params: dict,
    clips: dict[str, Clip],
    midi: dict[str, bytes],
    audio: dict[str, bytes] | None = None,
) -> ToolResult:
    """Run a registered tool on a job's validated params and inputs."""
    tool = get_tool(slug)
    reason = model_problem(slug, params)
    if reason:
        raise ModelUnavailable(reason)
    notices: list[str] = []
    params = dict(params)
    params["temperature"] = float(params.get("temperature", 1.0))
    if params["temperature"] <= 0:
        params["temperature"] = GREEDY_TEMPERATURE
        notices.append(
            f"Temperature 0 picks the most likely event each time (run at {GREEDY_TEMPERATURE})."
        )
    try:
        result = tool.run(params, ToolInputs(clips, midi, audio or {}))
    except FileNotFoundError as error:
        # Weights removed or half-written after model_problem looked: still "not available".
        reason = f"its weights cannot be read ({error})"
        raise ModelUnavailable(_unavailable_message(slug, reason)) from error
    bad = [type(clip).__name__ for clip in result.clips if not isinstance(clip, Clip)]
    if bad or not (result.clips or result.audio):
        raise TypeError(f"{slug} returned {bad or 'no clips'}, expected a list of Clip")
    # e.g. Interpolate's encoding notices travel on its clips
    notices += result.notices + [notice for clip in result.clips for notice in clip.notices]
    # The job already lists what reading the inputs noticed, as "slot: …".
    known = {notice for clip in clips.values() for notice in clip.notices}
    result.notices = [notice for notice in dict.fromkeys(notices) if notice not in known]
    return result


def warm_up() -> list[str]:
    """Load every present model of every tool, so the first student does not wait; returns the
    names loaded. A broken checkpoint fails its jobs, not the worker."""
    warmed: list[str] = []
    for tool in TOOLS.values():
        for name in tool.models:
            if name in warmed or not checkpoints.has_weights(name):
                continue
            try:
                tool.load(name)
                warmed.append(name)
            except Exception:  # noqa: BLE001
                logger.exception("could not warm up the %s model", name)
    return warmed
