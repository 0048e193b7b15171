"""What a studio block (Block.Kind.STUDIO) needs to know about the studio's tools.

``courses`` may not import ``studio`` (tests/test_architecture.py: apps know only ``demos`` and
``core`` below them), yet a studio block must list the tools, name one and check a teacher's
preset with the studio's own rules. So the dependency is turned around: the ``embeds`` app,
which may use both, hands its answers over at start-up (``EmbedsConfig.ready`` calls
:func:`provide`); this module only holds them.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass


@dataclass(frozen=True)
class StudioTools:
    # (slug, lazy title) for every studio tool, in the studio's order.
    choices: Callable[[], Sequence[tuple[str, object]]]
    # The tool's name in a language (ja or en).
    title: Callable[[str, str], str]
    # The preset query string, checked and normalised; ValueError with a message in the
    # active language when the tool does not take it.
    clean_preset: Callable[[str, str], str]


_provider: StudioTools | None = None


def provide(tools: StudioTools) -> None:
    global _provider
    _provider = tools


def studio_tools() -> StudioTools:
    if _provider is None:
        raise RuntimeError("studio blocks need the embeds app (INSTALLED_APPS) to describe tools")
    return _provider


def tool_choices() -> list[tuple[str, object]]:
    """The model field's choices: a callable, so migrations do not copy the tool list."""
    return list(studio_tools().choices())
