"""The studio's tools: Magenta Studio's five (Generate, Continue, Interpolate, Groove, Drumify)
and Melody RNN, with Magenta Studio's controls and ranges, Master (audio in, audio out) and
NSynth (two instruments' timbres blended).

One module per tool defines it (controls, inputs, checkpoints, run, warm-up: see ``base.py``);
``REGISTERED`` below is the one list the studio, the API, embeds, the worker and the catalogue
read. Adding a tool is a module plus a line here (docs/studio.md, "Adding a tool").
"""

from __future__ import annotations

from . import continue_clip, drumify, generate, groove, interpolate, master, melody_rnn, nsynth
from .base import Tool, ToolInputs, ToolResult
from .fields import ChoiceField, InputSlot, NumberField, TextField, in_language

__all__ = [
    "TOOLS",
    "ChoiceField",
    "InputSlot",
    "NumberField",
    "TextField",
    "Tool",
    "ToolInputs",
    "ToolResult",
    "get_tool",
    "in_language",
    "register",
    "tools_json",
]

REGISTERED: tuple[Tool, ...] = (
    generate.TOOL,
    continue_clip.TOOL,
    interpolate.TOOL,
    groove.TOOL,
    drumify.TOOL,
    melody_rnn.TOOL,
    master.TOOL,
    nsynth.TOOL,
)

TOOLS: dict[str, Tool] = {}


def register(tool: Tool) -> Tool:
    if tool.slug in TOOLS and TOOLS[tool.slug] is not tool:
        raise ValueError(f"two studio tools are called {tool.slug!r}")
    TOOLS[tool.slug] = tool
    return tool


for _tool in REGISTERED:
    register(_tool)


def get_tool(slug: str) -> Tool | None:
    return TOOLS.get(slug)


def tools_json(lang: str) -> list[dict]:
    return [tool.as_json(lang) for tool in TOOLS.values()]
