"""Teachers may add, change, delete and view demo presets (the admin's "Demo presets").

As in 0002_teachers_group, the permissions are created here because post_migrate has not run
yet for a fresh database.
"""

from django.contrib.auth.management import create_permissions
from django.contrib.contenttypes.management import create_contenttypes
from django.db import migrations

GROUP_NAME = "Teachers"
CODENAMES = [f"{action}_demopreset" for action in ("add", "change", "delete", "view")]


def grant_preset_permissions(apps, schema_editor):
    app_config = apps.get_app_config("courses")
    app_config.models_module = True  # the migration state's app config has none; the helpers need one
    create_contenttypes(app_config, apps=apps, verbosity=0)
    create_permissions(app_config, apps=apps, verbosity=0)
    app_config.models_module = None

    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    permissions = list(
        Permission.objects.filter(content_type__app_label="courses", codename__in=CODENAMES)
    )
    if len(permissions) != len(CODENAMES):
        raise RuntimeError(f"expected {len(CODENAMES)} preset permissions, found {len(permissions)}")
    group, _ = Group.objects.get_or_create(name=GROUP_NAME)
    group.permissions.add(*permissions)


def revoke_preset_permissions(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    group = Group.objects.filter(name=GROUP_NAME).first()
    if group is not None:
        group.permissions.remove(
            *Permission.objects.filter(content_type__app_label="courses", codename__in=CODENAMES)
        )


class Migration(migrations.Migration):
    dependencies = [
        ("courses", "0004_demo_presets"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [migrations.RunPython(grant_preset_permissions, revoke_preset_permissions)]
