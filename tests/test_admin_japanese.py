"""The Japanese admin speaks Japanese: no English word from our models or admin on its pages.

Every label, help text, fieldset title, column, action and message our code puts on an admin
page is an English msgid with a Japanese translation. The test renders the index, each
changelist and each change/add page as a teacher in Japanese, removes what teachers wrote
(lesson titles, block text), and fails on any English word left in what the page shows.
"""

from __future__ import annotations

import re
from html.parser import HTMLParser

import pytest
from django.contrib import admin
from django.utils import translation

from courses.models import Block, Course, Lesson
from embeds.models import DemoPreset
from studio.tools import TOOLS

OUR_MODELS = (Course, Lesson, Block, DemoPreset)
# Words that are the same in a Japanese interface: names, formats and technical terms a
# teacher types (JSON, Markdown), and Django's own "ID".
ALLOWED_WORDS = {
    "kanade",
    "markdown",
    "json",
    "png",
    "jpeg",
    "webp",
    "svg",
    "lms",
    "iframe",
    "python",
    "bash",
    "cmap",
    "viridis",
    "gray",
    "w_im",
    "teacher",  # the user name in the header
    "mb",
    # Names inside the demos' Japanese titles (np.arange の探検, reshape でテンソルの形を変える).
    "tensorflow",
    "np",
    "arange",
    "zeros",
    "reshape",
    # A studio block's preset, as a teacher types it (a=nylon-guitar&b=violin&mix=0.5&pitch=60).
    "mix",
    "pitch",
    "violin",
    # Django's own alt texts, untranslated in Django itself (search icon, boolean icons).
    "search",
    "true",
    "false",
}
SKIPPED_TAGS = {"script", "style", "textarea", "pre", "code", "noscript"}
SHOWN_ATTRIBUTES = ("title", "aria-label", "placeholder", "alt")
VOID_TAGS = {"area", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "wbr"}
URL = re.compile(r"(https?://|/)[^\s/]*/\S*")  # addresses and paths, e.g. /embed/p/…


class _VisibleText(HTMLParser):
    """The text a page shows, minus code and what teachers wrote (marked data-teacher-content)."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self._skipping = 0
        self._open: list[bool] = []  # per open element: does it start a skipped subtree?

    def handle_starttag(self, tag, attrs):
        attributes = dict(attrs)
        skipped = tag in SKIPPED_TAGS or "data-teacher-content" in attributes
        if tag not in VOID_TAGS:
            self._open.append(skipped)
        if skipped:
            self._skipping += 1
            return
        if tag == "html" and attributes.get("lang") not in (None, "ja"):
            self.parts.append(f"(html lang={attributes['lang']})")
        self.parts += [attributes[name] or "" for name in SHOWN_ATTRIBUTES if name in attributes]
        if tag == "input" and attributes.get("type") in ("submit", "button"):
            self.parts.append(attributes.get("value") or "")

    def handle_endtag(self, tag):
        if tag not in VOID_TAGS and self._open and self._open.pop() and self._skipping:
            self._skipping -= 1

    def handle_data(self, data):
        if not self._skipping:
            self.parts.append(data)

    def handle_startendtag(self, tag, attrs):
        if not self._skipping:
            self.handle_starttag(tag, attrs)
            if tag not in VOID_TAGS:
                self.handle_endtag(tag)


def visible_text(html: str) -> str:
    parser = _VisibleText()
    parser.feed(html)
    return "\n".join(part.strip() for part in parser.parts if part.strip())


def teacher_content() -> list[str]:
    """Everything teachers wrote, longest first (so a title is removed before its words)."""
    values: set[str] = set()
    for model in OUR_MODELS:
        names = [
            f.name
            for f in model._meta.fields
            if f.get_internal_type() in ("CharField", "TextField", "SlugField")
        ]
        for row in model.objects.values_list(*names):
            values.update(str(value) for value in row if value)
    values |= {str(obj) for model in OUR_MODELS for obj in model.objects.all()}
    return sorted(values, key=len, reverse=True)


def studio_tool_words() -> set[str]:
    """The words of the studio's tool names as the Japanese studio shows them: Magenta Studio's
    own names (Drumify, Melody RNN), which a studio block's tool list offers."""
    with translation.override("ja"):
        names = " ".join(tool.name("ja") for tool in TOOLS.values())
    return {word.lower() for word in re.findall(r"[A-Za-z]+", names)}


def english_words(html: str) -> list[str]:
    allowed = ALLOWED_WORDS | studio_tool_words()
    text = URL.sub(" ", visible_text(html))
    for value in teacher_content():
        text = text.replace(value, " ")
    words = re.findall(r"[A-Za-z][A-Za-z_'-]*[A-Za-z]", text)
    return sorted(
        {
            word
            for word in words
            if word.lower() not in allowed and "-" not in word and "_" not in word
        }
    )


def our_english_msgids() -> set[str]:
    """The English text our models and admin classes show: labels, help, titles, actions."""
    texts = set()
    with translation.override("en"):
        for model in OUR_MODELS:
            texts |= {str(model._meta.verbose_name), str(model._meta.verbose_name_plural)}
            for field in model._meta.fields:
                if field.editable:
                    texts |= {str(field.verbose_name), str(field.help_text)}
            model_admin = admin.site._registry[model]
            for title, _options in model_admin.fieldsets or ():
                texts.add(str(title or ""))
            for name in model_admin.list_display:
                attribute = getattr(model_admin, name, None)
                texts.add(str(getattr(attribute, "short_description", "")))
            for action in model_admin.actions or ():
                texts.add(str(getattr(getattr(model_admin, action), "short_description", "")))
    return {text for text in texts if text and len(text) > 2}


def test_every_text_from_our_models_and_admin_has_a_japanese_translation(db):
    untranslated = []
    for msgid in our_english_msgids():
        with translation.override("ja"):
            shown = str(translation.gettext(msgid))
        if shown == msgid:
            untranslated.append(msgid)
    assert not untranslated, untranslated


@pytest.fixture
def admin_pages(lesson5, make_course):
    preset = DemoPreset.objects.create(name="グレー", demo="sigmoid-grid", params={"cmap": "gray"})
    demo = lesson5.blocks.get(kind="demo")
    demo.demo_preset = preset
    demo.save()
    pages = [
        "/admin/",
        "/admin/courses/",
        "/admin/courses/course/",
        "/admin/courses/lesson/",
        "/admin/courses/block/",
        "/admin/embeds/demopreset/",
        f"/admin/courses/course/{lesson5.course_id}/change/",
        f"/admin/courses/lesson/{lesson5.pk}/change/",
        f"/admin/embeds/demopreset/{preset.pk}/change/",
        "/admin/courses/lesson/add/",
        "/admin/courses/course/add/",
        "/admin/embeds/demopreset/add/",
        f"/admin/courses/block/add/?lesson={lesson5.pk}&order=5",
    ]
    pages += [f"/admin/courses/block/{block.pk}/change/" for block in lesson5.blocks.all()]
    return pages


def test_admin_pages_show_no_english_in_japanese(teacher_client, admin_pages):
    found = {}
    for path in admin_pages:
        response = teacher_client.get(path)
        assert response.status_code == 200, path
        words = english_words(response.content.decode())
        if words:
            found[path] = words
    assert not found, f"English on the Japanese admin: {found}"


def test_the_reported_words_are_japanese(teacher_client, admin_pages):
    index = visible_text(teacher_client.get("/admin/").content.decode())
    assert "授業数" not in index and "ブロック数" not in index  # counts, not model names
    assert "授業" in index and "デモのプリセット" in index
    lesson_page = teacher_client.get(admin_pages[7]).content.decode()
    for english in ("Demo presets", "Course:", "Number:", "Order:", "Slug:"):
        assert english not in visible_text(lesson_page)
    for label in ("コース:", "授業の回:", "順番:", "アドレス名:"):
        assert label in visible_text(lesson_page)


def test_the_checker_finds_english(teacher_client, lesson5):
    # The same page in English must trip the checker, or it proves nothing.
    page = teacher_client.get(
        f"/admin/courses/lesson/{lesson5.pk}/change/", headers={"Accept-Language": "en"}
    )
    words = english_words(page.content.decode())
    assert {"Course", "Summary", "Publishing"} <= set(words)
