"""Create the `Teachers` group: add, change, delete and view courses, lessons and blocks, nothing else.

Permissions are normally created after all migrations run (post_migrate), so this migration
creates the courses app's content types and permissions itself before granting them.
"""

from django.contrib.auth.management import create_permissions
from django.contrib.contenttypes.management import create_contenttypes
from django.db import migrations

GROUP_NAME = "Teachers"
MODELS = ("course", "lesson", "block")
ACTIONS = ("add", "change", "delete", "view")


def create_teachers_group(apps, schema_editor):
    app_config = apps.get_app_config("courses")
    app_config.models_module = True  # the migration state's app config has none; the helpers need one
    create_contenttypes(app_config, apps=apps, verbosity=0)
    create_permissions(app_config, apps=apps, verbosity=0)
    app_config.models_module = None

    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    codenames = [f"{action}_{model}" for model in MODELS for action in ACTIONS]
    permissions = list(
        Permission.objects.filter(content_type__app_label="courses", codename__in=codenames)
    )
    if len(permissions) != len(codenames):
        raise RuntimeError(f"expected {len(codenames)} course permissions, found {len(permissions)}")
    group, _ = Group.objects.get_or_create(name=GROUP_NAME)
    group.permissions.set(permissions)


def remove_teachers_group(apps, schema_editor):
    apps.get_model("auth", "Group").objects.filter(name=GROUP_NAME).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("courses", "0001_initial"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [migrations.RunPython(create_teachers_group, remove_teachers_group)]
