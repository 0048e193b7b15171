"""Courses in the teacher admin."""

from django.contrib import admin
from django.db.models import Count
from django.utils.translation import gettext_lazy as _

from courses.models import Course


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

    @admin.display(description=_("number of lessons"), ordering="_lesson_count")
    def lesson_count(self, course):
        return course._lesson_count
