"""The teacher admin in Chromium, in Japanese, on the shipped lesson 5 (loaded by load_lessons).

A teacher opens the lesson, edits a paragraph on its own page, reorders blocks (arrows,
position box, drag and drop), inserts a demo block with a saved preset; switching a block's
kind shows only that kind's fields at once. Screenshots land in test-output/ (git-ignored).
"""

import pytest
from django.core.management import call_command
from django.test import Client

from courses.models import Block, Lesson
from embeds.models import DemoPreset
from tests.browser import OUTPUT, needs_chromium

pytestmark = needs_chromium

LAPTOP = {"width": 1366, "height": 768}
# The field groups (fieldset titles) each kind shows, and nothing else.
KIND_GROUPS = {
    "markdown": {"本文"},
    "callout": {"本文", "囲み記事"},
    "code": {"コード", "キャプション"},
    "figure": {"図", "キャプション"},
    "studio": {"スタジオのツール", "キャプション"},
    "demo": {"デモ", "キャプション"},
}


@pytest.fixture
def lesson5_loaded(db):
    call_command("load_lessons", verbosity=0)
    return Lesson.objects.get(number=5)


@pytest.fixture
def teacher_page(browser, live_server, teacher):
    client = Client()
    client.force_login(teacher)
    context = browser.new_context(viewport=LAPTOP, locale="ja-JP")
    context.add_cookies(
        [{"name": "sessionid", "value": client.cookies["sessionid"].value, "url": live_server.url}]
    )
    page = context.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    # Console errors too: a missing icon or a script the CSP blocks shows up only there.
    page.on("console", lambda msg: errors.append(msg.text) if msg.type == "error" else None)
    yield page
    context.close()
    assert not errors, errors


def shown_groups(page, scope="#block_form") -> set[str]:
    """The titles of the visible kind-specific field groups."""
    return set(
        page.evaluate(
            """(scope) => Array.from(document.querySelectorAll(scope + ' fieldset.block-fields'))
                .filter((group) => group.offsetParent !== null)
                .map((group) => group.querySelector('h2').textContent.trim())""",
            scope,
        )
    )


def block_ids(lesson) -> list[int]:
    return list(lesson.blocks.order_by("order", "pk").values_list("pk", flat=True))


@pytest.mark.django_db(transaction=True)
def test_switching_kind_shows_only_that_kinds_fields(teacher_page, live_server, lesson5_loaded):
    OUTPUT.mkdir(exist_ok=True)
    page = teacher_page
    page.goto(f"{live_server.url}/admin/courses/block/add/?lesson={lesson5_loaded.pk}&order=5")
    assert page.locator("h1").inner_text() == "ブロック を追加"
    assert shown_groups(page) == KIND_GROUPS["markdown"]  # the default kind
    for kind in ("demo", "code", "figure", "studio", "callout", "markdown", "demo"):
        page.select_option("select[name='kind']", kind)
        assert shown_groups(page) == KIND_GROUPS[kind], kind
    page.screenshot(path=str(OUTPUT / "admin-block-add-demo-ja.png"))

    # A form added later (a clone of another, as Django's "add another" makes) follows its
    # own Kind select at once, with no set-up step a clone could skip.
    page.evaluate(
        """() => {
            const form = document.querySelector('#block_form');
            const copy = document.createElement('div');
            copy.className = 'inline-related';
            copy.id = 'cloned';
            for (const fieldset of form.querySelectorAll('fieldset')) {
                copy.appendChild(fieldset.cloneNode(true));
            }
            const select = copy.querySelector("select[name='kind']");
            select.name = 'blocks-1-kind';
            select.dataset.kindSync = '1';
            form.appendChild(copy);
            copy.dispatchEvent(new CustomEvent('formset:added', {bubbles: true}));
        }"""
    )
    page.select_option("#cloned select[name='blocks-1-kind']", "code")
    assert shown_groups(page, "#cloned") == KIND_GROUPS["code"]


@pytest.mark.django_db(transaction=True)
def test_teacher_edits_reorders_and_adds_a_demo_with_a_preset(
    teacher_page, live_server, lesson5_loaded
):
    OUTPUT.mkdir(exist_ok=True)
    page = teacher_page
    lesson = lesson5_loaded
    lesson_url = f"{live_server.url}/admin/courses/lesson/{lesson.pk}/change/"
    page.goto(lesson_url)
    rows = page.locator("li.kanade-block")
    assert rows.count() == lesson.blocks.count() == 68  # 66 before the two studio blocks
    page.screenshot(path=str(OUTPUT / "admin-lesson5-ja.png"))

    # Edit a paragraph on its own page; saving returns to the lesson, at that block.
    paragraph = lesson.blocks.filter(kind="markdown").order_by("order")[1]
    page.locator(f"#block-{paragraph.pk} a.changelink").click()
    page.wait_for_url(f"**/admin/courses/block/{paragraph.pk}/change/")
    assert page.locator(".kanade-preview").is_visible()
    page.screenshot(path=str(OUTPUT / "admin-block-edit-ja.png"))
    page.fill(
        "textarea[name='body_ja']", "## 先生が直した段落\n\n新しい説明です。$x^2$ も使えます。"
    )
    page.get_by_role("button", name="保存して授業に戻る").click()
    page.wait_for_url(f"**/admin/courses/lesson/{lesson.pk}/change/#block-{paragraph.pk}")
    assert "先生が直した段落" in page.locator(f"#block-{paragraph.pk}").inner_text()
    paragraph.refresh_from_db()
    assert paragraph.body_ja.startswith("## 先生が直した段落")

    # Reorder: an arrow, a typed position, drag and drop; nothing is saved until Save.
    before = block_ids(lesson)
    first = page.locator("li.kanade-block").first
    first.locator("button.kanade-down").click()
    assert page.locator("li.kanade-block").nth(1).get_attribute("data-block-id") == str(before[0])
    assert page.locator(".kanade-order-status").is_visible()
    assert block_ids(lesson) == before  # only in the page so far
    box = page.locator(f"#block-{before[2]} .kanade-position input")
    box.fill("1")
    box.press("Enter")
    assert page.locator("li.kanade-block").first.get_attribute("data-block-id") == str(before[2])
    page.locator(f"#block-{before[3]} .kanade-handle").drag_to(
        page.locator("li.kanade-block").first, target_position={"x": 200, "y": 5}
    )
    shown = page.locator("li.kanade-block").evaluate_all(
        "(rows) => rows.map((row) => Number(row.dataset.blockId))"
    )
    expected = [before[3], before[2], before[1], before[0], *before[4:]]
    assert shown == expected
    assert page.input_value("input[name='block_order']") == ",".join(map(str, expected))
    page.screenshot(path=str(OUTPUT / "admin-lesson5-reordered-ja.png"))
    page.locator(".kanade-order-bar").get_by_role("button", name="順番を保存").click()
    page.wait_for_load_state()
    assert block_ids(lesson) == expected
    assert "ブロックの新しい順番を保存しました。" in page.locator(".messagelist").inner_text()

    # Insert a demo block with a saved preset between the 2nd and 3rd blocks.
    preset = DemoPreset.objects.create(
        name="授業用グレー", demo="sigmoid-grid", params={"cmap": "gray"}
    )
    third = expected[2]
    page.locator(f"#block-{third} a.kanade-insert").click()
    page.wait_for_url("**/admin/courses/block/add/**")
    page.select_option("select[name='kind']", "demo")
    assert shown_groups(page) == KIND_GROUPS["demo"]
    page.select_option("select[name='demo']", "sigmoid-grid")
    page.select_option("select[name='demo_preset']", str(preset.pk))
    page.screenshot(path=str(OUTPUT / "admin-block-add-demo-preset-ja.png"))
    page.get_by_role("button", name="保存して授業に戻る").click()
    new = Block.objects.latest("pk")
    page.wait_for_url(f"**/admin/courses/lesson/{lesson.pk}/change/#block-{new.pk}")
    assert new.kind == "demo" and new.demo_preset == preset
    assert block_ids(lesson)[:4] == [*expected[:2], new.pk, third]
    assert "授業用グレー" in page.locator(f"#block-{new.pk}").inner_text()
