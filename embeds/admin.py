"""Teacher presets in the admin: save a demo's parameters under a name, get a short embed URL.

The change page shows the embed URL, the iframe code to paste into slides or an LMS, a live
preview of the embed, and the parameters the chosen demo accepts.
"""

from django.contrib import admin
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from core.translation import active_language
from demos.registry import PresetError, all_demos, demo_title_choices, get_demo
from embeds.models import DemoPreset
from embeds.oembed import FRAME_SIZES, iframe_html

PARAM_KINDS = {
    "float": gettext_lazy("a number"),
    "int": gettext_lazy("a whole number"),
    "bool": gettext_lazy("true or false"),
    "choice": gettext_lazy("one of a list"),
    "floats": gettext_lazy("a list of numbers"),
    "str": gettext_lazy("a text"),
}


class DemoFilter(admin.SimpleListFilter):
    title = gettext_lazy("demo")
    parameter_name = "demo"

    def lookups(self, request, model_admin):
        return demo_title_choices()

    def queryset(self, request, queryset):
        return queryset.filter(demo=self.value()) if self.value() else queryset


def _allowed_text(param) -> str:
    if param.choices:
        return format_html_join(", ", "<code>{}</code>", ((choice,) for choice in param.choices))
    if param.pattern_hint:
        return str(param.pattern_hint)  # lazy where it has words: worded in the admin's language
    return _range_text(param.minimum, param.maximum)


def _spec_rows(demo):
    return format_html_join(
        "",
        "<tr><td><code>{}</code></td><td>{}</td><td><code>{}</code></td><td>{}</td></tr>",
        (
            (
                p.name,
                PARAM_KINDS.get(p.kind, p.kind),
                p.default,
                _allowed_text(p),
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
    list_display = ("name", "demo_title", "code", "embed_link", "used_in", "updated_at")
    list_filter = (DemoFilter,)
    search_fields = ("name", "code")
    fields = ("name", "demo", "params", "code", "embed_link", "allowed_parameters")
    readonly_fields = ("code", "embed_link", "allowed_parameters")

    def get_fields(self, request, obj=None):
        if obj is None:  # the code and the address exist once the preset is saved
            return [name for name in self.fields if name not in ("code", "embed_link")]
        return self.fields

    def formfield_for_dbfield(self, db_field, request, **kwargs):
        field = super().formfield_for_dbfield(db_field, request, **kwargs)
        if db_field.name == "demo" and field is not None:
            field.choices = [("", "---------"), *demo_title_choices()]
        return field

    def get_queryset(self, request):
        return super().get_queryset(request).prefetch_related("blocks__lesson")

    @admin.display(description=gettext_lazy("demo"), ordering="demo")
    def demo_title(self, preset):
        return dict(demo_title_choices()).get(preset.demo, preset.demo)

    @admin.display(description=gettext_lazy("embed address"))
    def embed_link(self, preset):
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
