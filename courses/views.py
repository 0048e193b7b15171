"""Student pages: course list, course page, lesson page.

Drafts (published=False) are visible to staff, so teachers can preview them on the real page;
everyone else gets a 404, as if the draft did not exist.
"""

from django.db.models import Count, Q
from django.http import HttpRequest, HttpResponse
from django.middleware.csrf import get_token
from django.shortcuts import get_object_or_404, render

from courses.models import Course
from courses.rendering import render_lesson_blocks


def _can_preview(request: HttpRequest) -> bool:
    return request.user.is_active and request.user.is_staff


def course_list(request: HttpRequest) -> HttpResponse:
    lesson_filter = None if _can_preview(request) else Q(lessons__published=True)
    courses = Course.objects.visible_to(request.user).annotate(
        lesson_count=Count("lessons", filter=lesson_filter)
    )
    return render(request, "courses/course_list.html", {"courses": courses})


def course_detail(request: HttpRequest, course_slug: str) -> HttpResponse:
    course = get_object_or_404(Course.objects.visible_to(request.user), slug=course_slug)
    lessons = course.lessons.visible_to(request.user).select_related("course")
    return render(request, "courses/course_detail.html", {"course": course, "lessons": lessons})


def lesson_detail(request: HttpRequest, course_slug: str, lesson_slug: str) -> HttpResponse:
    course = get_object_or_404(Course.objects.visible_to(request.user), slug=course_slug)
    lesson = get_object_or_404(course.lessons.visible_to(request.user), slug=lesson_slug)
    siblings = list(
        course.lessons.visible_to(request.user)
        .select_related("course")
        .only("pk", "slug", "number", "title_ja", "title_en", "course__slug")
    )
    position = next(i for i, sibling in enumerate(siblings) if sibling.pk == lesson.pk)
    previous_lesson = siblings[position - 1] if position > 0 else None
    next_lesson = siblings[position + 1] if position + 1 < len(siblings) else None

    blocks, toc = render_lesson_blocks(
        list(lesson.blocks.select_related("demo_preset").order_by("order", "pk"))
    )
    if any(item.kind == "studio" for item in blocks):
        # Each framed tool's form carries a CSRF token made from the csrftoken cookie. Without
        # a cookie yet, two frames loading at once would each set a new one, and the form of
        # the frame answered first would then be refused: the page sets it before its frames.
        get_token(request)
    context = {
        "course": course,
        "lesson": lesson,
        "blocks": blocks,
        "toc": toc,
        "previous_lesson": previous_lesson,
        "next_lesson": next_lesson,
    }
    return render(request, "courses/lesson_detail.html", context)
