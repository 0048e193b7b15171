"""The saved block as students see it, shown under the block's form.

Text, callouts and code go through the lesson page's own renderer (courses/rendering.py), so
what the teacher sees here is the same HTML; a demo is framed from its embed URL, the same
module a lesson mounts, with the block's values, and a studio tool from the embed its lesson
page frames.
"""

from __future__ import annotations

from django.urls import reverse

from core.translation import active_language
from courses.rendering import LessonRenderer, render_inline, studio_frame
from demos.query import state_query, with_query
from demos.registry import PresetError, get_demo


def demo_preview_url(block) -> str:
    lang = [("lang", "en")] if active_language() == "en" else []
    if block.demo_preset_id:
        return with_query(block.demo_preset.get_embed_url(), lang)
    demo = get_demo(block.demo)
    state = demo.clean_preset(block.preset)
    path = reverse("embeds:demo", kwargs={"slug": demo.slug})
    return with_query(path, state_query(state, demo.defaults()) + lang)


def preview_context(block) -> dict:
    context: dict = {"preview_kind": block.kind, "preview_block": block}
    if block.kind in ("markdown", "callout", "code"):
        context["preview_html"] = LessonRenderer().render(block).html
    elif block.kind == "demo":
        try:
            context["preview_demo_url"] = demo_preview_url(block)
        except PresetError as error:
            context["preview_error"] = str(error)
    elif block.kind == "studio" and block.tool:
        context["preview_demo_url"] = studio_frame(block)["embed_url"]
    if block.caption:
        context["preview_caption"] = render_inline(block.caption)
    return context
