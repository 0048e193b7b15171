"""The lesson page: the lesson's own fields and an ordered list of its blocks.

Each block is edited on its own page (blocks.py). The list shows each block's kind, a
one-line summary and an excerpt, links to edit, delete or insert a block, and lets the
teacher reorder: move up/down buttons, a position box and drag and drop
(static/js/admin_lesson_blocks.js) rewrite one hidden field, "block_order", so saving a
lesson posts the same dozen fields whether it has 5 blocks or 500. Without JavaScript the
move buttons still work: each one saves the lesson and swaps two blocks.
"""

from __future__ import annotations

from urllib.parse import urlencode

from django import forms
from django.contrib import admin, messages
from django.db.models import Count
from django.http import HttpResponseRedirect
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from courses.admin import block_order
from courses.admin.block_summary import summarize
from courses.models import Lesson

MOVE_FIELD = "move_block"


class LessonAdminForm(forms.ModelForm):
    block_order = forms.CharField(
        label=gettext_lazy("order of the blocks"), required=False, widget=forms.HiddenInput
    )

    class Meta:
        model = Lesson
        fields = (
            "course",
            "number",
            "order",
            "title_ja",
            "title_en",
            "slug",
            "summary_ja",
            "summary_en",
            "published",
        )
        # A lesson title is a sentence: the admin's 20-em box showed a third of it.
        widgets = {
            name: forms.TextInput(attrs={"class": "vTextField kanade-title"})
            for name in ("title_ja", "title_en")
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            ids = block_order.current_ids(self.instance)
            self.fields["block_order"].initial = ",".join(map(str, ids))

    def clean_block_order(self):
        ids = block_order.parse_id_list(self.cleaned_data["block_order"])
        if ids is None:
            raise forms.ValidationError(
                _("The order of the blocks could not be read. Reload the page and try again.")
            )
        return ids


def add_block_url(lesson: Lesson, order: int) -> str:
    query = urlencode({"lesson": lesson.pk, "order": order})
    return f"{reverse('admin:courses_block_add')}?{query}"


def block_rows(lesson: Lesson, can_change_blocks: bool) -> tuple[list[dict], str]:
    """What the list shows for each block, in page order, and the URL to add one at the end."""
    blocks = list(lesson.blocks.select_related("demo_preset").order_by("order", "pk"))
    rows = []
    for index, block in enumerate(blocks):
        previous = blocks[index - 1].order if index else None
        rows.append(
            {
                "block": block,
                "position": index + 1,
                "summary": summarize(block),
                "edit_url": reverse("admin:courses_block_change", args=[block.pk])
                if can_change_blocks
                else "",
                "delete_url": reverse("admin:courses_block_delete", args=[block.pk]),
                "insert_url": add_block_url(
                    lesson, block_order.order_between(previous, block.order)
                ),
            }
        )
    last = blocks[-1].order if blocks else None
    return rows, add_block_url(lesson, block_order.order_between(last, None))


@admin.register(Lesson)
class LessonAdmin(admin.ModelAdmin):
    form = LessonAdminForm
    # One column for both titles (Japanese, the English under it): with a column each, and the
    # order beside the number, a laptop could not show the whole row.
    list_display = ("number", "titles", "course", "published", "block_count", "updated_at")
    list_display_links = ("number", "titles")
    list_filter = ("published", "course")
    search_fields = (
        "title_ja",
        "title_en",
        "slug",
        "summary_ja",
        "summary_en",
        "blocks__body_ja",
        "blocks__body_en",
    )
    prepopulated_fields = {"slug": ("title_en",)}
    list_select_related = ("course",)
    save_on_top = True
    actions = ("publish", "unpublish")
    fieldsets = (
        (None, {"fields": ("course", ("number", "order"), "title_ja", "title_en", "slug")}),
        # Folded, so the list of blocks comes right after the title; errors unfold it.
        (
            gettext_lazy("Summary"),
            {"fields": ("summary_ja", "summary_en"), "classes": ("collapse",)},
        ),
        (gettext_lazy("Publishing"), {"fields": ("published",)}),
    )

    class Media:
        css = {"all": ("admin_kanade/admin.css",)}
        js = ("js/admin_lesson_blocks.js",)

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(_block_count=Count("blocks", distinct=True))

    def get_search_results(self, request, queryset, search_term):
        # Searching block text joins blocks: drop the duplicate lessons that join produces.
        queryset, _may_have_duplicates = super().get_search_results(request, queryset, search_term)
        return queryset.distinct(), False

    @admin.display(description=gettext_lazy("title (Japanese / English)"), ordering="title_ja")
    def titles(self, lesson):
        return format_html('{}<br><small lang="en">{}</small>', lesson.title_ja, lesson.title_en)

    @admin.display(description=gettext_lazy("number of blocks"), ordering="_block_count")
    def block_count(self, lesson):
        return lesson._block_count

    def render_change_form(self, request, context, add=False, change=False, form_url="", obj=None):
        if obj is not None and obj.pk:
            can_change_blocks = request.user.has_perm("courses.change_block")
            rows, append_url = block_rows(obj, can_change_blocks)
            context |= {
                "block_rows": rows,
                "append_block_url": append_url,
                "can_add_blocks": request.user.has_perm("courses.add_block"),
                "can_change_blocks": can_change_blocks,
                "can_delete_blocks": request.user.has_perm("courses.delete_block"),
                "can_reorder_blocks": self.has_change_permission(request, obj),
            }
        return super().render_change_form(request, context, add, change, form_url, obj)

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        lesson = form.instance
        moved = block_order.apply_order(lesson, form.cleaned_data.get("block_order") or [])
        move = request.POST.get(MOVE_FIELD, "")
        block_id, _sep, direction = move.partition(":")
        if block_id.isdigit() and direction in ("up", "down"):
            moved = block_order.move(lesson, int(block_id), direction) or moved
        if moved:
            messages.info(request, _("The new order of the blocks is saved."))

    def response_change(self, request, obj):
        response = super().response_change(request, obj)
        move = request.POST.get(MOVE_FIELD, "")
        if move:  # a move button without JavaScript: stay on the lesson, at the moved block
            block_id = move.partition(":")[0]
            url = reverse("admin:courses_lesson_change", args=[obj.pk])
            return HttpResponseRedirect(f"{url}#block-{block_id}")
        return response

    @admin.action(description=gettext_lazy("Publish the selected lessons"), permissions=["change"])
    def publish(self, request, queryset):
        count = queryset.update(published=True)
        message = ngettext("%d lesson published.", "%d lessons published.", count) % count
        self.message_user(request, message, messages.SUCCESS)

    @admin.action(
        description=gettext_lazy("Turn the selected lessons back into drafts"),
        permissions=["change"],
    )
    def unpublish(self, request, queryset):
        count = queryset.update(published=False)
        message = ngettext("%d lesson is now a draft.", "%d lessons are now drafts.", count) % count
        self.message_user(request, message, messages.SUCCESS)
