"""The studio's answers for lesson blocks that show a studio tool (courses/studio_blocks.py).

A studio block is an embed of ``/embed/<tool>/?<preset>`` on the lesson page, so its preset is
checked exactly as that embed will check its address (``targets.tool_values``), plus the
tool's own checks between settings (a pitch that one of the chosen instruments cannot play),
which the studio's form makes when the student presses the button. A teacher who saves a
preset the frame would refuse gets the frame's message as a field error instead.
"""

from __future__ import annotations

from django.http import QueryDict
from django.utils.translation import gettext as _

from courses.studio_blocks import StudioTools
from embeds.targets import EmbedError, tool_values
from studio.forms import SubmissionError, clean_field
from studio.tools import TOOLS, get_tool


def _choices() -> list[tuple[str, object]]:
    return [(tool.slug, tool.title) for tool in TOOLS.values()]


def _title(slug: str, lang: str) -> str:
    tool = get_tool(slug)
    return tool.name(lang) if tool else slug


def clean_preset(slug: str, text: str) -> str:
    """The preset as the block keeps it (no "?", no spaces around); ValueError when refused."""
    tool = get_tool(slug)
    if tool is None:
        raise ValueError(_("There is no demo or studio tool called “%(slug)s”.") % {"slug": slug})
    preset = text.strip().removeprefix("?")
    query = QueryDict(preset)
    # The lesson page chooses the frame's language and options, and a job id expires: only the
    # tool's settings and example clips belong in a lesson's preset.
    allowed = [*(f.name for f in tool.fields), *(slot.name for slot in tool.inputs)]
    unknown = sorted(set(query) - set(allowed))
    if unknown:
        raise ValueError(
            _("This tool has no setting called %(unknown)s. It has: %(allowed)s.")
            % {"unknown": ", ".join(unknown), "allowed": ", ".join(allowed)}
        )
    # The studio's message names a setting by its label; the teacher typed its key: say both.
    for name in query:
        spec = tool.field(name)
        try:
            if spec is not None and len(query.getlist(name)) == 1:
                clean_field(spec, query[name])
        except SubmissionError as error:
            raise ValueError(f"{name}: {error.message}") from None
    try:
        values = tool_values(tool, query)
    except EmbedError as error:
        raise ValueError(str(error)) from None
    for spec in tool.fields:
        if spec.name not in values and (default := clean_field(spec, None)) is not None:
            values[spec.name] = default
    problems = [SubmissionError(name, code, **words) for name, code, words in tool.check(values)]
    if problems:
        raise ValueError(" ".join(problem.message for problem in problems))
    return preset


STUDIO_TOOLS = StudioTools(choices=_choices, title=_title, clean_preset=clean_preset)
