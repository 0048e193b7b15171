"""Rows the data migrations write (the Teachers group and its permissions), put back after a
transactional test's flush emptied every table."""

from __future__ import annotations

TEACHERS_GROUP = "Teachers"


def ensure_teachers_group() -> None:
    """The Teachers group as migrations make it, replaying the courses app's data migrations
    (each against the models of its own point in history) when a flush removed it."""
    from django.contrib.auth.models import Group

    if not Group.objects.filter(name=TEACHERS_GROUP).exists():
        replay_data_migrations("courses")


def replay_data_migrations(app_label: str) -> None:
    from django.db import connection
    from django.db.migrations.loader import MigrationLoader
    from django.db.migrations.operations.special import RunPython

    loader = MigrationLoader(connection)
    leaf = loader.graph.leaf_nodes(app_label)[0]
    plan = [key for key in loader.graph.forwards_plan(leaf) if key[0] == app_label]
    with connection.schema_editor(atomic=False) as editor:
        for key in plan:
            state = loader.project_state(key, at_end=False)
            for operation in loader.graph.nodes[key].operations:
                if isinstance(operation, RunPython):
                    operation.code(state.apps, editor)
                else:
                    operation.state_forwards(app_label, state)
