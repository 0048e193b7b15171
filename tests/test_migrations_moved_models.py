"""Moving GenerationJob to the studio app and DemoPreset to the embeds app loses nothing.

A database at the schema from before the move (courses 0009, the new apps unapplied) is filled
with a job, a preset, a lesson block pointing at the preset and the Teachers group's grants;
migrating forward must keep every row, the block's link and the teachers' right to edit presets.
"""

from __future__ import annotations

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from tests.data_migrations import ensure_teachers_group

BEFORE_THE_MOVE = [
    ("courses", "0009_generationjob_lease_and_client"),
    ("studio", None),
    ("embeds", None),
]


def migrate(targets):
    executor = MigrationExecutor(connection)
    executor.migrate(targets)
    executor.loader.build_graph()
    return executor.loader.project_state([node for node in targets if node[1]]).apps


@pytest.mark.django_db(transaction=True)
def test_jobs_presets_and_grants_survive_the_move():
    ensure_teachers_group()  # a transactional test before this one may have flushed it
    old = migrate(BEFORE_THE_MOVE)
    Course, Lesson, Block = (
        old.get_model("courses", name) for name in ("Course", "Lesson", "Block")
    )
    OldPreset, OldJob = (
        old.get_model("courses", "DemoPreset"),
        old.get_model("courses", "GenerationJob"),
    )
    course = Course.objects.create(slug="moved", title_ja="移行", order=1)
    lesson = Lesson.objects.create(course=course, number=1, slug="one", title_ja="一", order=1)
    preset = OldPreset.objects.create(
        name="授業用", demo="sigmoid-grid", params={"cmap": "magma"}, code="abcd2345"
    )
    block = Block.objects.create(
        lesson=lesson, order=1, kind="demo", demo="sigmoid-grid", demo_preset=preset
    )
    job = OldJob.objects.create(
        id="j" * 32,
        tool="groove",
        params={"seed": 7},
        status="done",
        session_key="s" * 40,
        outputs=[{"midi": "out.mid", "audio": None, "notes": 12}],
        attempts=1,
    )
    Group, Permission = old.get_model("auth", "Group"), old.get_model("auth", "Permission")
    teachers = Group.objects.get(name="Teachers")
    assert teachers.permissions.filter(
        content_type__app_label="courses", codename="change_demopreset"
    ).exists()

    migrate(MigrationExecutor(connection).loader.graph.leaf_nodes())

    from django.contrib.auth.models import Group as CurrentGroup

    from courses.models import Block as CurrentBlock
    from embeds.models import DemoPreset
    from studio.models import GenerationJob

    moved_job = GenerationJob.objects.get(pk=job.pk)
    assert (moved_job.tool, moved_job.params, moved_job.status, moved_job.attempts) == (
        "groove",
        {"seed": 7},
        "done",
        1,
    )
    assert moved_job.outputs == [{"midi": "out.mid", "audio": None, "notes": 12}]
    moved_preset = DemoPreset.objects.get(pk=preset.pk)
    assert (moved_preset.code, moved_preset.params) == ("abcd2345", {"cmap": "magma"})
    assert CurrentBlock.objects.get(pk=block.pk).demo_preset == moved_preset
    grants = CurrentGroup.objects.get(name="Teachers").permissions
    assert set(
        grants.filter(content_type__model="demopreset").values_list(
            "content_type__app_label", "codename"
        )
    ) == {("embeds", f"{action}_demopreset") for action in ("add", "change", "delete", "view")}
    assert not Permission.objects.filter(
        content_type__app_label="courses", codename__endswith="_demopreset"
    ).exists()
