"""Teacher admin: courses, lessons and their ordered blocks, for people who are not developers.

Blocks are edited inside their lesson, grouped by kind; static/js/admin_blocks.js shows only
the group that matches each block's kind (without JavaScript every group stays visible).
"""

from django.contrib import admin, messages
from django.db.models import Count
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from courses.embeds import admin as embeds_admin  # noqa: F401  (registers DemoPreset)
from courses.models import Block, Course, Lesson

admin.site.site_header = _("Kanade teacher admin")
admin.site.site_title = _("Kanade admin")
admin.site.index_title = _("Courses and lessons")


class BlockInline(admin.StackedInline):
    model = Block
    extra = 0
    ordering = ("order", "pk")
    show_change_link = False
    fieldsets = (
        (None, {"fields": (("order", "kind"),)}),
        (
            _("Text or callout"),
            {
                "fields": ("style", "body_ja", "body_en"),
                "classes": ("block-fields", "for-markdown", "for-callout"),
            },
        ),
        (_("Code"), {"fields": ("language", "source"), "classes": ("block-fields", "for-code")}),
        (
            _("Figure"),
            {"fields": ("image", "alt_ja", "alt_en"), "classes": ("block-fields", "for-figure")},
        ),
        (
            _("Demo"),
            {"fields": ("demo", "preset", "demo_preset"), "classes": ("block-fields", "for-demo")},
        ),
        (
            _("Caption"),
            {
                "fields": ("caption_ja", "caption_en"),
                "classes": ("block-fields", "for-code", "for-figure", "for-demo"),
            },
        ),
    )

    class Media:
        js = ("js/admin_blocks.js",)


@admin.register(Course)
class CourseAdmin(admin.ModelAdmin):
    list_display = ("title_ja", "title_en", "slug", "order", "published", "lesson_count")
    list_display_links = ("title_ja",)
    list_editable = ("order", "published")
    list_filter = ("published",)
    search_fields = ("title_ja", "title_en", "slug", "summary_ja", "summary_en")
    prepopulated_fields = {"slug": ("title_en",)}
    fieldsets = (
        (None, {"fields": ("title_ja", "title_en", "slug")}),
        (_("Summary"), {"fields": ("summary_ja", "summary_en")}),
        (_("Publishing"), {"fields": ("published", "order")}),
    )

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(_lesson_count=Count("lessons"))

    @admin.display(description=_("lessons"), ordering="_lesson_count")
    def lesson_count(self, course):
        return course._lesson_count


@admin.register(Lesson)
class LessonAdmin(admin.ModelAdmin):
    list_display = (
        "number",
        "title_ja",
        "title_en",
        "course",
        "published",
        "order",
        "block_count",
        "updated_at",
    )
    list_display_links = ("number", "title_ja")
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
    inlines = (BlockInline,)
    actions = ("publish", "unpublish")
    fieldsets = (
        (None, {"fields": ("course", ("number", "order"), "title_ja", "title_en", "slug")}),
        (_("Summary"), {"fields": ("summary_ja", "summary_en")}),
        (_("Publishing"), {"fields": ("published",)}),
    )

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(_block_count=Count("blocks", distinct=True))

    def get_search_results(self, request, queryset, search_term):
        # Searching block text joins blocks: drop the duplicate lessons that join produces.
        queryset, _may_have_duplicates = super().get_search_results(request, queryset, search_term)
        return queryset.distinct(), False

    @admin.display(description=_("blocks"), ordering="_block_count")
    def block_count(self, lesson):
        return lesson._block_count

    @admin.action(description=_("Publish the selected lessons"), permissions=["change"])
    def publish(self, request, queryset):
        count = queryset.update(published=True)
        message = ngettext("%d lesson published.", "%d lessons published.", count) % count
        self.message_user(request, message, messages.SUCCESS)

    @admin.action(
        description=_("Turn the selected lessons back into drafts"), permissions=["change"]
    )
    def unpublish(self, request, queryset):
        count = queryset.update(published=False)
        message = ngettext("%d lesson is now a draft.", "%d lessons are now drafts.", count) % count
        self.message_user(request, message, messages.SUCCESS)
