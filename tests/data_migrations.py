"""Rows the data migrations write (the Teachers group and its permissions), put back after a
transactional test's flush emptied every table."""

from __future__ import annotations

TEACHERS_GROUP = "Teachers"
# The apps whose migrations write rows, in any order: the graph decides the order. The Teachers
# group is made by courses' migrations; the preset permissions move to embeds in its own.
PROJECT_APPS = ("courses", "studio", "embeds")


def ensure_teachers_group() -> None:
    """The Teachers group as migrations make it, replaying the project's data migrations
    (each against the models of its own point in history) when a flush removed it."""
    from django.contrib.auth.models import Group

    if not Group.objects.filter(name=TEACHERS_GROUP).exists():
        replay_data_migrations(PROJECT_APPS)


def replay_data_migrations(app_labels: tuple[str, ...]) -> None:
    from django.db import connection
    from django.db.migrations.loader import MigrationLoader
    from django.db.migrations.operations.special import RunPython

    loader = MigrationLoader(connection)
    leaves = [node for node in loader.graph.leaf_nodes() if node[0] in app_labels]
    plan = []
    for leaf in leaves:
        plan += [key for key in loader.graph.forwards_plan(leaf) if key[0] in app_labels]
    plan = list(dict.fromkeys(plan))
    with connection.schema_editor(atomic=False) as editor:
        for key in plan:
            state = loader.project_state(key, at_end=False)
            for operation in loader.graph.nodes[key].operations:
                if isinstance(operation, RunPython):
                    operation.code(state.apps, editor)
                else:
                    operation.state_forwards(key[0], state)
