"""load_lessons: loads the TOML format, is idempotent and never overwrites a teacher's edit."""

from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from courses.models import Block, Course, Lesson
from tests.conftest import write_lesson5


def load(path, *args) -> str:
    out = StringIO()
    call_command("load_lessons", "--path", str(path), *args, stdout=out, stderr=StringIO())
    return out.getvalue()


@pytest.mark.django_db
def test_loads_courses_lessons_and_blocks(content_dir):
    report = load(content_dir)
    assert "course ai-composition: created" in report
    assert "lesson-05.toml: created (4 blocks)" in report
    course = Course.objects.get(slug="ai-composition")
    assert course.title_en == "AI Music Composition Programming"
    lesson = course.lessons.get(number=5)
    assert lesson.published and lesson.slug == "neural-networks-magenta-tensorflow"
    kinds = list(lesson.blocks.values_list("kind", flat=True))
    assert kinds == ["markdown", "code", "figure", "demo"]
    code = lesson.blocks.get(kind="code")
    assert code.source == 'print("\\\\n は改行")'  # literal strings keep backslashes as written
    figure = lesson.blocks.get(kind="figure")
    assert figure.image.name.startswith("figures/ai-composition/grid")
    assert (figure.image_width, figure.image_height) == (8, 6)
    assert [lesson.number for lesson in course.lessons.all()] == [4, 5]


@pytest.mark.django_db
def test_second_run_changes_nothing(content_dir):
    load(content_dir)
    first = {b.pk: b.updated_at for b in Block.objects.all()}
    report = load(content_dir)
    assert "course ai-composition: unchanged" in report
    assert "lesson-05.toml: unchanged" in report
    assert {b.pk: b.updated_at for b in Block.objects.all()} == first


@pytest.mark.django_db
def test_changed_file_updates_an_unedited_lesson(content_dir):
    load(content_dir)
    write_lesson5(content_dir / "ai-composition", body_en="## The grid, revised")
    report = load(content_dir)
    assert "lesson-05.toml: updated (4 blocks)" in report
    lesson = Lesson.objects.get(number=5)
    assert lesson.blocks.get(kind="markdown").body_en == "## The grid, revised"
    assert lesson.blocks.count() == 4


@pytest.mark.django_db
def test_a_teachers_edit_survives_a_rerun(content_dir):
    load(content_dir)
    block = Lesson.objects.get(number=5).blocks.get(kind="markdown")
    block.body_en = "## The grid, as the teacher wrote it"
    block.save()
    write_lesson5(content_dir / "ai-composition", body_en="## The grid, revised upstream")

    report = load(content_dir)
    assert "lesson-05.toml: skipped: edited in the admin since the last load" in report
    block.refresh_from_db()
    assert block.body_en == "## The grid, as the teacher wrote it"
    assert "lesson-04.toml: unchanged" in report  # the other lessons are still handled

    report = load(content_dir, "--force")
    assert "lesson-05.toml: updated" in report
    assert (
        Lesson.objects.get(number=5).blocks.get(kind="markdown").body_en
        == "## The grid, revised upstream"
    )


@pytest.mark.django_db
def test_unpublishing_in_the_admin_counts_as_an_edit(content_dir):
    load(content_dir)
    Lesson.objects.filter(number=5).update(published=False)
    assert "lesson-05.toml: skipped" in load(content_dir)
    assert not Lesson.objects.get(number=5).published


@pytest.mark.django_db
def test_lesson_created_in_the_admin_is_not_replaced(content_dir, make_course):
    course = make_course()
    Lesson.objects.create(
        course=course, number=5, slug="neural-networks-magenta-tensorflow", title_ja="先生の版"
    )
    report = load(content_dir)
    assert "skipped: it was created in the admin" in report
    assert Lesson.objects.get(number=5).title_ja == "先生の版"


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("edit", "expected"),
    [
        (lambda t: t.replace('kind = "code"', 'kind = "video"'), "'kind' must be one of"),
        (lambda t: t.replace("number = 5", "number = 5\ncolour = 1"), "unknown key(s) colour"),
        (lambda t: t.replace('slug = "neural', 'slug = "neural networks'), "slug"),
        (
            lambda t: t.replace("preset = {  }", 'preset = { cmap = "rainbow" }'),
            # load_lessons reports in English (it runs under translation.override("en")).
            "“cmap” must be one of gray, viridis, magma, coolwarm, jet (you entered “rainbow”).",
        ),
        (lambda t: t.replace('demo = "sigmoid-grid"', 'demo = "no-such-demo"'), "no-such-demo"),
        (lambda t: t.replace('"figures/grid.png"', '"../../secret.png"'), "is not a file inside"),
        (lambda t: t.replace("title_ja =", "title_ja = = "), "not valid TOML"),
    ],
)
def test_bad_lesson_file_is_reported_and_the_rest_still_loads(content_dir, edit, expected):
    path = content_dir / "ai-composition" / "lesson-05.toml"
    path.write_text(edit(path.read_text(encoding="utf-8")), encoding="utf-8")
    err = StringIO()
    with pytest.raises(CommandError, match="1 content file"):
        call_command("load_lessons", "--path", str(content_dir), stdout=StringIO(), stderr=err)
    assert expected in err.getvalue() and "lesson-05.toml" in err.getvalue()
    assert Lesson.objects.filter(number=4).exists()
    assert not Lesson.objects.filter(number=5).exists()


@pytest.mark.django_db
def test_svg_figure_is_refused(content_dir):
    course_dir = content_dir / "ai-composition"
    (course_dir / "figures" / "evil.svg").write_text("<svg onload='alert(1)'/>")
    path = course_dir / "lesson-05.toml"
    path.write_text(
        path.read_text(encoding="utf-8").replace("grid.png", "evil.svg"), encoding="utf-8"
    )
    err = StringIO()
    with pytest.raises(CommandError):
        call_command("load_lessons", "--path", str(content_dir), stdout=StringIO(), stderr=err)
    assert "SVG is not allowed" in err.getvalue()


@pytest.mark.django_db
def test_missing_path_is_an_error_and_empty_folder_a_warning(tmp_path):
    with pytest.raises(CommandError, match="is not a folder"):
        load(tmp_path / "nowhere")
    assert "nothing to load" in load(tmp_path)


@pytest.mark.django_db
def test_code_with_english_comments_loads_and_reloads(content_dir):
    path = content_dir / "ai-composition" / "lesson-05.toml"
    english = "source_en = '''print(\"\\\\n is a newline\")'''\n"
    text = path.read_text(encoding="utf-8")
    path.write_text(
        text.replace('[[blocks]]\nkind = "figure"', english + '\n[[blocks]]\nkind = "figure"'),
        encoding="utf-8",
    )
    load(content_dir)
    code = Lesson.objects.get(number=5).blocks.get(kind="code")
    assert (
        code.source == 'print("\\\\n は改行")' and code.source_en == 'print("\\\\n is a newline")'
    )
    assert "lesson-05.toml: unchanged" in load(content_dir)
