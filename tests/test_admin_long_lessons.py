"""Long lessons in the admin: a 200-block lesson opens, saves and reorders in a few fields.

The lesson page once inlined every block's form: lesson 5 (64 blocks) posted ~1,200 fields and
Django refused it (TooManyFieldsSent, limit 1,000). Now the lesson page posts its own fields and
one "block_order"; each block is edited on its own page.
"""

import time

import pytest
from django.conf import settings
from django.db import connection
from django.test.utils import CaptureQueriesContext

from courses.loader import find_courses, load_course, parse_course
from courses.models import Block, Lesson
from tests.admin_forms import block_admin_form, posted_fields
from tests.conftest import lesson_admin_form

LONG_LESSON_BLOCKS = 200
KINDS = [
    {"kind": "markdown", "body_ja": "## 見出し {n}\n\n段落 {n} の本文。$x_{n}$ を使う。"},
    {"kind": "callout", "style": "tip", "body_ja": "ヒント {n}"},
    {"kind": "code", "language": "python", "source": "print({n})\nx = {n}\n"},
    {"kind": "demo", "demo": "sigmoid-grid", "preset": {"cmap": "gray"}},
]


@pytest.fixture
def long_lesson(make_lesson) -> Lesson:
    lesson = make_lesson(number=9, slug="long-lesson")
    Block.objects.bulk_create(
        Block(
            lesson=lesson,
            order=(index + 1) * 10,
            **{
                key: value.format(n=index) if isinstance(value, str) else value
                for key, value in KINDS[index % len(KINDS)].items()
            },
        )
        for index in range(LONG_LESSON_BLOCKS)
    )
    return lesson


def block_ids(lesson: Lesson) -> list[int]:
    return list(lesson.blocks.order_by("order", "pk").values_list("pk", flat=True))


def test_a_200_block_lesson_opens_saves_and_reorders_in_a_few_fields(teacher_client, long_lesson):
    url = f"/admin/courses/lesson/{long_lesson.pk}/change/"
    with CaptureQueriesContext(connection) as queries:
        started = time.perf_counter()
        page = teacher_client.get(url)
        seconds = time.perf_counter() - started
    assert page.status_code == 200
    html = page.content.decode()
    assert html.count('class="kanade-block kind-') == LONG_LESSON_BLOCKS
    assert len(queries) < 30, f"{len(queries)} queries: one per block crept in"
    assert seconds < 5, f"the lesson page took {seconds:.1f} s"

    # What the browser posts when the teacher presses Save: counted from the rendered form.
    fields = posted_fields(html, "lesson_form")
    names = [name for name, _value in fields]
    assert len(fields) <= 20, names
    assert len(fields) < settings.DATA_UPLOAD_MAX_NUMBER_FIELDS / 50
    assert not [name for name in names if name.startswith("blocks-")]  # no per-block forms

    data = dict(fields) | {"_save": "保存"}
    data["block_order"] = ",".join(map(str, reversed(block_ids(long_lesson))))
    saved = teacher_client.post(url, data)
    assert saved.status_code == 302, saved.context["adminform"].form.errors
    ids = block_ids(long_lesson)
    assert ids == sorted(ids, reverse=True)  # bulk_create gave ascending ids
    orders = list(long_lesson.blocks.order_by("order").values_list("order", flat=True))
    assert orders == [10 * (index + 1) for index in range(LONG_LESSON_BLOCKS)]


def test_the_posted_field_count_does_not_grow_with_the_blocks(teacher_client, long_lesson, lesson5):
    counts = {}
    for lesson in (lesson5, long_lesson):
        html = teacher_client.get(f"/admin/courses/lesson/{lesson.pk}/change/").content.decode()
        counts[lesson.blocks.count()] = len(posted_fields(html, "lesson_form"))
    assert counts[5] == counts[LONG_LESSON_BLOCKS], counts


def test_saving_without_moving_changes_no_block(teacher_client, lesson5):
    before = list(lesson5.blocks.order_by("pk").values_list("pk", "order", "updated_at"))
    url = f"/admin/courses/lesson/{lesson5.pk}/change/"
    assert teacher_client.post(url, lesson_admin_form(lesson5)).status_code == 302
    assert list(lesson5.blocks.order_by("pk").values_list("pk", "order", "updated_at")) == before


def test_a_stale_order_keeps_blocks_it_does_not_list(teacher_client, lesson5):
    first, second, *rest = block_ids(lesson5)
    added_meanwhile = Block.objects.create(lesson=lesson5, order=999, kind="markdown", body_ja="新")
    url = f"/admin/courses/lesson/{lesson5.pk}/change/"
    stale = ",".join(map(str, [second, first, *rest, 123456]))  # 123456: deleted meanwhile
    assert (
        teacher_client.post(url, lesson_admin_form(lesson5, block_order=stale)).status_code == 302
    )
    assert block_ids(lesson5) == [second, first, *rest, added_meanwhile.pk]


def test_an_unreadable_order_is_reported_and_nothing_is_saved(teacher_client, lesson5):
    url = f"/admin/courses/lesson/{lesson5.pk}/change/"
    before = block_ids(lesson5)
    data = lesson_admin_form(lesson5, block_order="3,x", title_ja="変えた")
    response = teacher_client.post(url, data)
    assert response.status_code == 200
    assert "ブロックの順番を読み取れませんでした" in response.content.decode()
    lesson5.refresh_from_db()
    assert lesson5.title_ja != "変えた" and block_ids(lesson5) == before


def test_move_buttons_work_without_javascript(teacher_client, lesson5):
    url = f"/admin/courses/lesson/{lesson5.pk}/change/"
    first, second, *rest = block_ids(lesson5)
    response = teacher_client.post(url, lesson_admin_form(lesson5, move_block=f"{second}:up"))
    assert response.status_code == 302 and response["Location"] == f"{url}#block-{second}"
    assert block_ids(lesson5) == [second, first, *rest]
    teacher_client.post(url, lesson_admin_form(lesson5, move_block=f"{rest[-1]}:down"))
    assert block_ids(lesson5) == [second, first, *rest]  # the last block cannot go lower


def test_insert_a_block_between_two_others(teacher_client, lesson5):
    html = teacher_client.get(f"/admin/courses/lesson/{lesson5.pk}/change/").content.decode()
    ids = block_ids(lesson5)
    # Every row links to "insert a block here" with the lesson and an order before that row.
    marker = f'id="block-{ids[2]}"'
    insert_link = html[html.index(marker) :].split('class="kanade-insert" href="')[1].split('"')[0]
    add_url = insert_link.replace("&amp;", "&")
    add_page = teacher_client.get(add_url)
    assert add_page.status_code == 200
    initial = add_page.context["adminform"].form.initial
    assert str(initial["lesson"]) == str(lesson5.pk)

    data = dict(posted_fields(add_page.content.decode(), "block_form"))
    data |= {"kind": "demo", "demo": "sigmoid-grid", "preset": "{}", "_save": "1"}
    saved = teacher_client.post(add_url, data)
    assert saved.status_code == 302, saved.content.decode()[:3000]
    new = Block.objects.latest("pk")
    assert saved["Location"] == f"/admin/courses/lesson/{lesson5.pk}/change/#block-{new.pk}"
    assert block_ids(lesson5) == ids[:2] + [new.pk] + ids[2:]


def test_insert_without_a_gap_shifts_the_following_blocks(teacher_client, make_lesson):
    lesson = make_lesson(
        number=7,
        blocks=[
            {"kind": "markdown", "body_ja": "一", "order": 1},
            {"kind": "markdown", "body_ja": "二", "order": 2},
            {"kind": "markdown", "body_ja": "三", "order": 3},
        ],
    )
    ids = block_ids(lesson)
    data = {"lesson": str(lesson.pk), "order": "2", "kind": "markdown", "body_ja": "新しい"}
    data |= {"preset": "{}"}
    response = teacher_client.post("/admin/courses/block/add/", data)
    assert response.status_code == 302
    new = Block.objects.latest("pk")
    assert block_ids(lesson) == [ids[0], new.pk, ids[1], ids[2]]


def test_block_page_previews_the_saved_block_and_leads_back(teacher_client, lesson5):
    markdown = lesson5.blocks.filter(kind="markdown").order_by("order").first()
    page = teacher_client.get(f"/admin/courses/block/{markdown.pk}/change/").content.decode()
    assert 'class="kanade-preview kind-markdown"' in page
    assert '<h2 id="3層のネットワーク">3層のネットワーク</h2>' in page  # rendered, not raw ##
    assert f'/admin/courses/lesson/{lesson5.pk}/change/#block-{markdown.pk}"' in page
    assert "保存して授業に戻る" in page

    demo = lesson5.blocks.get(kind="demo")
    page = teacher_client.get(f"/admin/courses/block/{demo.pk}/change/").content.decode()
    assert '<iframe src="/embed/sigmoid-grid/?cmap=viridis"' in page


def test_editing_a_block_on_its_page_marks_the_lesson_as_edited_for_the_loader(
    teacher_client, content_dir
):
    (spec,) = [parse_course(path) for path in find_courses(content_dir)]
    load_course(spec)
    lesson = Lesson.objects.get(slug="neural-networks-magenta-tensorflow")
    assert "unchanged" in load_course(spec)[-1]

    # Saving the lesson page without changes is not an edit.
    url = f"/admin/courses/lesson/{lesson.pk}/change/"
    assert teacher_client.post(url, lesson_admin_form(lesson)).status_code == 302
    assert "unchanged" in load_course(spec)[-1]

    block = lesson.blocks.get(kind="code")
    block_url = f"/admin/courses/block/{block.pk}/change/"
    saved = teacher_client.post(block_url, block_admin_form(block, source="print('先生')"))
    assert saved.status_code == 302
    report = load_course(spec, force=False)[-1]
    assert "edited in the admin" in report
    block.refresh_from_db()
    assert block.source == "print('先生')"  # the loader left the teacher's edit alone


def test_reordering_marks_the_lesson_as_edited_for_the_loader(teacher_client, content_dir):
    (spec,) = [parse_course(path) for path in find_courses(content_dir)]
    load_course(spec)
    lesson = Lesson.objects.get(slug="neural-networks-magenta-tensorflow")
    reordered = ",".join(map(str, reversed(block_ids(lesson))))
    url = f"/admin/courses/lesson/{lesson.pk}/change/"
    assert teacher_client.post(url, lesson_admin_form(lesson, block_order=reordered)).status_code
    assert "edited in the admin" in load_course(spec)[-1]


@pytest.mark.parametrize(
    ("language", "title"),
    [("ja", "リクエストを処理できませんでした"), ("en", "The request could not be handled")],
)
def test_too_many_fields_get_a_friendly_page_in_the_teachers_language(
    teacher_client, lesson5, language, title
):
    url = f"/admin/courses/lesson/{lesson5.pk}/change/"
    data = lesson_admin_form(lesson5)
    data |= {f"extra-{index}": "x" for index in range(settings.DATA_UPLOAD_MAX_NUMBER_FIELDS)}
    response = teacher_client.post(url, data, headers={"Accept-Language": language})
    assert response.status_code == 400
    page = response.content.decode()
    assert f"<h1>{title}</h1>" in page and f'lang="{language}"' in page
