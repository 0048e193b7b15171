"""Moving a model to another app without touching its rows (used by data migrations).

The table keeps its name (``Meta.db_table``); what must follow the model is its content type,
because permissions and the admin's history point at it: the Teachers group keeps its right to
edit demo presets, and the admin's log keeps naming the right model.
"""

from __future__ import annotations


def content_type_mover(old_app: str, new_app: str, model: str):
    """A ``RunPython`` pair (forwards, backwards) that relabels ``model``'s content type."""

    def forwards(apps, schema_editor):
        relabel(apps, model, old_app, new_app)

    def backwards(apps, schema_editor):
        relabel(apps, model, new_app, old_app)

    return forwards, backwards


def relabel(apps, model: str, source: str, target: str) -> None:
    ContentType = apps.get_model("contenttypes", "ContentType")
    Permission = apps.get_model("auth", "Permission")
    old = ContentType.objects.filter(app_label=source, model=model).first()
    if old is None:
        return  # a fresh database: post_migrate will create the new one
    new = ContentType.objects.filter(app_label=target, model=model).first()
    if new is None:
        old.app_label = target
        old.save(update_fields=["app_label"])
        return
    # Both exist (post_migrate ran in between): hand every grant over to the twin permission.
    for permission in Permission.objects.filter(content_type=old):
        twin = Permission.objects.filter(content_type=new, codename=permission.codename).first()
        if twin is not None:
            for group in permission.group_set.all():
                group.permissions.add(twin)
            for user in permission.user_set.all():
                user.user_permissions.add(twin)
    old.delete()
