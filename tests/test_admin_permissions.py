"""Teacher admin: Teachers edit courses, lessons, blocks and demo presets, and nothing else."""

import pytest
from django.contrib.auth.models import Group
from django.utils import translation
from django.utils.html import escape

from courses.models import Lesson
from tests.admin_forms import block_admin_form
from tests.conftest import lesson_admin_form


def test_teachers_group_has_exactly_the_course_permissions(db):
    codenames = set(
        Group.objects.get(name="Teachers").permissions.values_list("codename", flat=True)
    )
    assert codenames == {
        f"{action}_{model}"
        for model in ("course", "lesson", "block", "demopreset")
        for action in ("add", "change", "delete", "view")
    }
    by_app = Group.objects.get(name="Teachers").permissions.values_list(
        "content_type__app_label", "content_type__model"
    )
    assert {app for app, model in by_app if model == "demopreset"} == {"embeds"}


def test_teacher_edits_a_lesson_and_its_blocks(teacher_client, lesson5):
    url = f"/admin/courses/lesson/{lesson5.pk}/change/"
    page = teacher_client.get(url)
    assert page.status_code == 200
    # Teachers who are not developers read each field's help, in the admin's language.
    with translation.override(page["Content-Language"]):
        help_text = str(Lesson._meta.get_field("slug").help_text)
    assert help_text and escape(help_text) in page.content.decode()

    data = lesson_admin_form(lesson5, title_en="Lesson 5, edited by a teacher")
    response = teacher_client.post(url, data)
    assert response.status_code == 302, (
        response.context["adminform"].errors if response.context else ""
    )
    lesson5.refresh_from_db()
    assert lesson5.title_en == "Lesson 5, edited by a teacher"

    block = lesson5.blocks.order_by("order").first()
    block_url = f"/admin/courses/block/{block.pk}/change/"
    saved = teacher_client.post(block_url, block_admin_form(block, body_en="## Edited\n\nNew."))
    assert saved.status_code == 302
    assert saved["Location"] == f"{url}#block-{block.pk}"  # back to the lesson, at the block
    block.refresh_from_db()
    assert block.body_en.startswith("## Edited")


def test_teacher_reorders_and_deletes_blocks(teacher_client, lesson5):
    url = f"/admin/courses/lesson/{lesson5.pk}/change/"
    ids = list(lesson5.blocks.order_by("order", "pk").values_list("pk", flat=True))
    new_order = ids[1:] + ids[:1]
    data = lesson_admin_form(lesson5, block_order=",".join(map(str, new_order)))
    assert teacher_client.post(url, data).status_code == 302
    assert list(lesson5.blocks.order_by("order").values_list("pk", flat=True)) == new_order

    code = lesson5.blocks.get(kind="code")
    deleted = teacher_client.post(f"/admin/courses/block/{code.pk}/delete/", {"post": "yes"})
    assert deleted.status_code == 302 and deleted["Location"] == url
    kinds = list(lesson5.blocks.order_by("order").values_list("kind", flat=True))
    assert kinds == ["callout", "demo", "markdown", "markdown"]


def test_bad_demo_preset_is_rejected_with_a_clear_message(teacher_client, lesson5):
    demo = lesson5.blocks.get(kind="demo")
    url = f"/admin/courses/block/{demo.pk}/change/"
    data = block_admin_form(demo, preset='{"cmap": "rainbow", "speed": 3}')
    english = {"Accept-Language": "en"}
    response = teacher_client.post(url, data, headers=english)
    assert response.status_code == 200  # the form comes back with the error
    page = response.content.decode()
    assert "Preset rejected: This demo has no setting called speed. Its settings are w_im," in page
    assert lesson5.blocks.get(kind="demo").preset == {"cmap": "viridis"}

    # The admin speaks Japanese by default (the course's language).
    page = teacher_client.post(url, data).content.decode()
    assert "このプリセットは使えません: このデモに speed という設定はありません。" in page

    data["preset"] = "{not json"
    assert "Enter a valid JSON" in teacher_client.post(url, data, headers=english).content.decode()


@pytest.mark.parametrize(
    "url",
    ["/admin/auth/user/", "/admin/auth/group/", "/admin/auth/user/add/", "/admin/auth/group/add/"],
)
def test_teacher_gets_403_on_users_and_groups(teacher_client, url):
    assert teacher_client.get(url).status_code == 403


def test_teacher_admin_index_lists_only_courses(teacher_client):
    page = teacher_client.get("/admin/").content.decode()
    assert "/admin/courses/lesson/" in page and "/admin/courses/course/" in page
    assert "/admin/auth/user/" not in page


def test_student_is_sent_to_the_login_page(client, db):
    response = client.get("/admin/courses/lesson/")
    assert response.status_code == 302 and "/admin/login/" in response["Location"]


def test_staff_sees_users(staff_client):
    assert staff_client.get("/admin/auth/user/").status_code == 200


def test_lesson_list_filters_search_and_view_on_site(teacher_client, lesson5, make_lesson):
    make_lesson(number=6, published=False, title_ja="下書きの回")
    page = teacher_client.get("/admin/courses/lesson/?published__exact=0").content.decode()
    assert "下書きの回" in page and lesson5.title_ja not in page
    page = teacher_client.get("/admin/courses/lesson/", {"q": "シグモイド関数"}).content.decode()
    assert lesson5.title_ja in page and "下書きの回" not in page
    change = teacher_client.get(f"/admin/courses/lesson/{lesson5.pk}/change/").content.decode()
    assert "/admin/r/" in change  # Django's "view on site" redirect


def test_publish_action(teacher_client, make_lesson):
    draft = make_lesson(number=6, published=False)
    response = teacher_client.post(
        "/admin/courses/lesson/",
        {"action": "publish", "_selected_action": [draft.pk]},
        follow=True,
        headers={"Accept-Language": "en"},
    )
    assert "1 lesson published." in response.content.decode()
    assert Lesson.objects.get(pk=draft.pk).published
