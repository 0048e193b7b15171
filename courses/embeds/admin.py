"""Teacher presets in the admin: save a demo's parameters under a name, get a short embed URL.

The change page shows the embed URL, the iframe code to paste into slides or an LMS, a live
preview of the embed, and the parameters the chosen demo accepts.
"""

from django.contrib import admin
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from courses.demos.registry import PresetError, all_demos, get_demo
from courses.embeds.models import DemoPreset
from courses.embeds.oembed import FRAME_SIZES, iframe_html
from courses.translation import active_language

PARAM_KINDS = {
    "float": gettext_lazy("a number"),
    "int": gettext_lazy("a whole number"),
    "bool": gettext_lazy("true or false"),
    "choice": gettext_lazy("one of a list"),
    "floats": gettext_lazy("a list of numbers"),
    "str": gettext_lazy("a text"),
}


def _spec_rows(demo):
    return format_html_join(
        "",
        "<tr><td><code>{}</code></td><td>{}</td><td><code>{}</code></td><td>{}</td></tr>",
        (
            (
                p.name,
                PARAM_KINDS.get(p.kind, p.kind),
                p.default,
                ", ".join(p.choices)
                if p.choices
                else (p.pattern_hint or _range_text(p.minimum, p.maximum)),
            )
            for p in demo.params
        ),
    )


def _range_text(minimum, maximum) -> str:
    if minimum is None and maximum is None:
        return ""
    return f"{minimum} … {maximum}"


@admin.register(DemoPreset)
class DemoPresetAdmin(admin.ModelAdmin):
    list_display = ("name", "demo", "code", "embed_link", "used_in", "updated_at")
    list_filter = ("demo",)
    search_fields = ("name", "code")
    fields = ("name", "demo", "params", "code", "embed_link", "allowed_parameters")
    readonly_fields = ("code", "embed_link", "allowed_parameters")

    def get_queryset(self, request):
        return super().get_queryset(request).prefetch_related("blocks__lesson")

    @admin.display(description=gettext_lazy("embed address"))
    def embed_link(self, preset):
        if not preset.pk:
            return _("Shown after saving.")
        url = preset.get_embed_url()
        return format_html('<a href="{}" target="_blank" rel="noopener">{}</a>', url, url)

    @admin.display(description=gettext_lazy("used in lessons"))
    def used_in(self, preset):
        lessons = {block.lesson for block in preset.blocks.all()}
        return ", ".join(str(lesson) for lesson in sorted(lessons, key=str)) or "—"

    @admin.display(description=gettext_lazy("allowed values"))
    def allowed_parameters(self, preset):
        try:
            demos = [get_demo(preset.demo)] if preset.demo else all_demos()
        except PresetError:
            demos = all_demos()
        headings = (_("parameter"), _("kind of value"), _("default value"), _("allowed values"))
        return format_html_join(
            "",
            '<p><strong>{}</strong> <code>{}</code></p><table class="preset-spec">'
            "<thead><tr><th>{}</th><th>{}</th><th>{}</th><th>{}</th></tr></thead>"
            "<tbody>{}</tbody></table>",
            (
                (demo.title(active_language()), demo.slug, *headings, _spec_rows(demo))
                for demo in demos
            ),
        )

    def render_change_form(self, request, context, add=False, change=False, form_url="", obj=None):
        if obj is not None and obj.pk:
            src = request.build_absolute_uri(obj.get_embed_url())
            width, height = FRAME_SIZES["16:9"]
            context["embed_url"] = src
            context["embed_html"] = iframe_html(src, width, height, obj.name)
        return super().render_change_form(request, context, add, change, form_url, obj)
