"""A block's own page: the fields of its kind, a preview of the saved block, back to its lesson.

Fields are grouped by kind; static/js/admin_blocks.js shows only the groups of the chosen kind
(without JavaScript every group stays visible). Saving returns to the lesson's list of blocks,
at the block just saved. The block list is reached from a lesson; the admin index does not
list blocks on their own.
"""

from __future__ import annotations

from django.contrib import admin
from django.contrib.admin.options import IS_POPUP_VAR
from django.http import HttpResponseRedirect
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy

from courses.admin import block_order
from courses.admin.block_preview import preview_context
from courses.admin.block_summary import summarize
from courses.models import Block, Lesson
from demos.registry import demo_title_choices

STAY_ON_PAGE = ("_continue", "_addanother", "_saveasnew", IS_POPUP_VAR)


def lesson_url(lesson_id: int, block_id: int | None = None) -> str:
    url = reverse("admin:courses_lesson_change", args=[lesson_id])
    return f"{url}#block-{block_id}" if block_id else url


@admin.register(Block)
class BlockAdmin(admin.ModelAdmin):
    list_display = ("__str__", "lesson", "kind", "summary")
    list_filter = ("kind", "lesson")
    list_select_related = ("lesson",)
    search_fields = ("body_ja", "body_en", "source", "source_en", "caption_ja", "caption_en")
    fieldsets = (
        (None, {"fields": ("lesson", ("kind", "order"))}),
        (
            gettext_lazy("Text"),
            {
                "fields": ("body_ja", "body_en"),
                "classes": ("block-fields", "for-markdown", "for-callout"),
            },
        ),
        (
            gettext_lazy("Callout"),
            {"fields": ("style",), "classes": ("block-fields", "for-callout")},
        ),
        (
            gettext_lazy("Code"),
            {
                "fields": ("language", "source", "source_en"),
                "classes": ("block-fields", "for-code"),
            },
        ),
        (
            gettext_lazy("Figure"),
            {"fields": ("image", "alt_ja", "alt_en"), "classes": ("block-fields", "for-figure")},
        ),
        (
            gettext_lazy("Demo"),
            {"fields": ("demo", "demo_preset", "preset"), "classes": ("block-fields", "for-demo")},
        ),
        (
            gettext_lazy("Studio tool"),
            {"fields": ("tool", "tool_preset"), "classes": ("block-fields", "for-studio")},
        ),
        (
            gettext_lazy("Caption"),
            {
                "fields": ("caption_ja", "caption_en"),
                "classes": ("block-fields", "for-code", "for-figure", "for-demo", "for-studio"),
            },
        ),
    )

    # Captions and alt texts are sentences: the admin's 20-em box showed a few words of them.
    SENTENCES = ("caption_ja", "caption_en", "alt_ja", "alt_en")

    class Media:
        css = {"all": ("admin_kanade/admin.css", "css/pygments.css", "vendor/katex/katex.min.css")}
        js = ("vendor/katex/katex.min.js", "js/katex_csp.js", "js/admin_blocks.js")

    @admin.display(description=gettext_lazy("summary"))
    def summary(self, block):
        return summarize(block).line

    def get_model_perms(self, request):
        # Blocks are reached from their lesson; listing them apart on the index only confuses.
        return {}

    def formfield_for_dbfield(self, db_field, request, **kwargs):
        field = super().formfield_for_dbfield(db_field, request, **kwargs)
        if db_field.name == "demo" and field is not None:
            # The demo's name in the admin's language, not "日本語 / English" side by side.
            field.choices = [("", "---------"), *demo_title_choices()]
        if db_field.name in self.SENTENCES:
            field.widget.attrs["class"] = "vTextField kanade-title"
        return field

    def get_changeform_initial_data(self, request):
        initial = super().get_changeform_initial_data(request)
        lesson_id = str(initial.get("lesson", ""))
        if "order" not in initial and lesson_id.isdigit():
            last = Block.objects.filter(lesson_id=lesson_id).order_by("-order").first()
            initial["order"] = block_order.order_between(last.order if last else None, None)
        return initial

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        if not change or "order" in form.changed_data:
            block_order.make_room(obj)
        # The lesson list's "last changed" should show that one of its blocks changed.
        Lesson.objects.filter(pk=obj.lesson_id).update(updated_at=timezone.now())

    def delete_model(self, request, obj):
        request.kanade_deleted_block_lesson = obj.lesson_id
        super().delete_model(request, obj)
        Lesson.objects.filter(pk=obj.lesson_id).update(updated_at=timezone.now())

    def response_add(self, request, obj, post_url_continue=None):
        response = super().response_add(request, obj, post_url_continue)
        if any(key in request.POST for key in STAY_ON_PAGE):
            return response
        return HttpResponseRedirect(lesson_url(obj.lesson_id, obj.pk))

    def response_change(self, request, obj):
        response = super().response_change(request, obj)
        if any(key in request.POST for key in STAY_ON_PAGE):
            return response
        return HttpResponseRedirect(lesson_url(obj.lesson_id, obj.pk))

    def response_delete(self, request, obj_display, obj_id):
        response = super().response_delete(request, obj_display, obj_id)
        lesson_id = getattr(request, "kanade_deleted_block_lesson", None)
        if lesson_id is None or IS_POPUP_VAR in request.POST:
            return response
        return HttpResponseRedirect(lesson_url(lesson_id))

    def render_change_form(self, request, context, add=False, change=False, form_url="", obj=None):
        lesson = obj.lesson if obj is not None and obj.pk else None
        if lesson is None:
            lesson_id = str(context["adminform"].form.initial.get("lesson", ""))
            lesson = Lesson.objects.filter(pk=lesson_id).first() if lesson_id.isdigit() else None
        context["lesson"] = lesson
        if obj is not None and obj.pk:
            context |= preview_context(obj)
        return super().render_change_form(request, context, add, change, form_url, obj)

    def view_on_site(self, obj):
        return obj.lesson.get_absolute_url()

    def add_view(self, request, form_url="", extra_context=None):
        extra_context = {**(extra_context or {}), "show_save_and_add_another": False}
        return super().add_view(request, form_url, extra_context)

    def change_view(self, request, object_id, form_url="", extra_context=None):
        extra_context = {**(extra_context or {}), "show_save_and_add_another": False}
        return super().change_view(request, object_id, form_url, extra_context)
