"""Journey: a teacher edits the shipped lesson 5 in the Japanese admin and a student sees the change.

The teacher logs in at /admin/, opens lesson 5 (64 blocks, as `load_lessons` ships it), rewrites a
paragraph, adds a sigmoid-grid demo with a preset through "add a block" (a typo in the preset
first: a message in Japanese, nothing lost), saves the lesson as a
draft (students get 404), previews it on the site ("view on site"), publishes it, and a student
sees the new paragraph and the demo starting from the teacher's preset, in Japanese and English.
The admin is driven through its labels and button names, as a teacher reads it.
Screenshots: test-output/journeys/teacher-*.png.
"""

from __future__ import annotations

import json
import re

import pytest

from courses.models import Block
from tests.browser import needs_chromium
from tests.journey_support import (
    chromium_per_module,  # noqa: F401  (the `chromium` fixture)
    lesson_path,
    load_shipped_lessons,
    login,
    open_page,
    teacher_login,
    wait_for_demos,
)

pytestmark = [*needs_chromium, pytest.mark.slow]

NEW_SENTENCE = "先生のメモ：今日はグリッドの色が変わる様子をよく見てください。"
PRESET = {"cmap": "magma", "w_im": [4, -2, 4, 4]}
CAPTION_JA = "先生が足したデモ：magma で塗ったグリッド"
CAPTION_EN = "The teacher's demo: the grid in magma"
ENGLISH_PHRASE = re.compile(r"[A-Za-z]+ [A-Za-z]+ [A-Za-z]+")  # e.g. "must be one of"
SAVE_AND_BACK = re.compile(r"^(保存して授業に戻る|Save and return to the lesson)$")


def first_paragraph_block(lesson) -> tuple[Block, str]:
    """The first Markdown block with a plain paragraph, and that paragraph's first line."""
    for block in lesson.blocks.filter(kind="markdown").order_by("order", "pk"):
        for line in block.body_ja.splitlines():
            if line.strip() and not line.lstrip().startswith(("#", "-", "*", "|", "$", "1.")):
                return block, line
    raise AssertionError("lesson 5 has no Markdown paragraph")


def save(page, button: str = "保存") -> None:
    """Press one of the admin's save buttons (the one at the bottom; save_on_top repeats them)."""
    with page.expect_navigation():
        page.get_by_role("button", name=button, exact=True).last.click()
    assert page.locator(".errornote").count() == 0, page.locator(".errornote").all_inner_texts()
    assert page.locator(".messagelist .success").count() == 1, page.content()[:2000]


def student_sees(chromium, url: str) -> tuple[int, object]:
    visit = open_page(chromium)
    response = visit.page.goto(url)
    return response.status, visit


def new_demo_state(page) -> dict:
    """The state of the demo captioned with the teacher's caption."""
    figure = page.locator("figure", has_text=re.compile("先生が足したデモ|The teacher's demo"))
    figure.locator("[data-demo]").scroll_into_view_if_needed()
    return figure.locator("[data-demo]").evaluate("(root) => root.demo.getState()")


@pytest.mark.django_db(transaction=True)
def test_teacher_edits_saves_a_draft_previews_publishes_and_a_student_sees_it(
    chromium, live_server
):
    lesson = load_shipped_lessons()
    blocks_before = lesson.blocks.count()
    paragraph_block, old_line = first_paragraph_block(lesson)
    student_url = live_server.url + lesson_path("ja")

    visit = open_page(chromium)
    page = visit.page
    login(page, live_server.url, *teacher_login())
    page.get_by_role("link", name="授業", exact=True).first.click()
    page.get_by_role("link", name=lesson.title_ja).click()
    page.wait_for_url(f"**/admin/courses/lesson/{lesson.pk}/change/")
    page.locator("h2", has_text=f"{blocks_before}").wait_for()  # "64 個のブロック"
    visit.shot("teacher-lesson")

    # 1. Rewrite a paragraph on the block's own page.
    page.locator(f"#block-{paragraph_block.pk}").get_by_role("link", name="編集").click()
    body = page.get_by_label("本文（日本語）")
    assert old_line in body.input_value()
    body.fill(body.input_value().replace(old_line, NEW_SENTENCE, 1))
    with page.expect_navigation():
        page.get_by_role("button", name=SAVE_AND_BACK).click()
    assert page.locator(".errornote").count() == 0, page.locator(".errornote").all_inner_texts()

    # 2. Add a demo block with a preset through "add a block".
    page.get_by_role("link", name=re.compile("ブロックを追加")).last.click()
    page.get_by_label("種類:", exact=True).select_option("demo")
    page.get_by_label("デモ:", exact=True).select_option("sigmoid-grid")
    assert page.get_by_label("本文（日本語）").is_hidden()  # the Markdown fields are not shown
    # A typo first (a colormap the demo does not have): a message in Japanese, nothing lost.
    page.get_by_label("初期値（JSON）").fill(json.dumps({**PRESET, "cmap": "rainbow"}))
    page.get_by_label("キャプション（日本語）").fill(CAPTION_JA)
    page.get_by_label("キャプション（英語）").fill(CAPTION_EN)
    with page.expect_navigation():
        page.get_by_role("button", name=SAVE_AND_BACK).click()
    errors = " ".join(page.locator(".errornote, .errorlist").all_inner_texts())
    assert "cmap" in errors, errors  # it names the setting
    assert not ENGLISH_PHRASE.search(errors), f"English words on the Japanese admin: {errors}"
    assert lesson.blocks.count() == blocks_before
    assert page.get_by_label("キャプション（日本語）").input_value() == CAPTION_JA
    assert page.get_by_label("デモ:", exact=True).input_value() == "sigmoid-grid"
    assert page.get_by_label("本文（日本語）").is_hidden()  # still the demo's fields
    visit.shot("teacher-add-demo-typo")
    page.get_by_label("初期値（JSON）").fill(json.dumps(PRESET))
    with page.expect_navigation():
        page.get_by_role("button", name=SAVE_AND_BACK).click()
    assert page.locator(".errornote").count() == 0, page.locator(".errornote").all_inner_texts()
    assert lesson.blocks.count() == blocks_before + 1
    assert page.url.split("#")[0].endswith(f"/admin/courses/lesson/{lesson.pk}/change/")

    # 3. Save the lesson as a draft: students no longer see it.
    page.get_by_role("checkbox", name="公開").uncheck()
    save(page, "保存して編集を続ける")
    status, student = student_sees(chromium, student_url)
    assert status == 404
    student.close()

    # 4. Preview the draft on the site, as the teacher.
    page.get_by_role("link", name=re.compile("サイト上で表示")).first.click()
    page.wait_for_url(f"**{lesson_path('ja')}")
    wait_for_demos(page, visit.errors)
    assert page.get_by_text(NEW_SENTENCE).count() == 1
    assert page.get_by_text(old_line, exact=True).count() == 0
    assert new_demo_state(page)["cmap"] == "magma"
    visit.shot("teacher-preview")

    # 5. Publish; a student sees the new paragraph and the demo from the teacher's preset.
    page.go_back()
    page.get_by_role("checkbox", name="公開").check()
    save(page)
    for lang, caption in (("ja", CAPTION_JA), ("en", CAPTION_EN)):
        status, student = student_sees(chromium, live_server.url + lesson_path(lang))
        assert status == 200
        wait_for_demos(student.page, student.errors)
        if lang == "ja":
            assert student.page.get_by_text(NEW_SENTENCE).count() == 1
        assert student.page.get_by_text(caption).count() == 1
        state = new_demo_state(student.page)
        assert state["cmap"] == "magma" and state["w_im"] == PRESET["w_im"]
        student.shot(f"teacher-published-{lang}")
        student.close()
        assert student.errors == []
    visit.close()
    assert visit.errors == []
