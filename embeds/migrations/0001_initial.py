"""DemoPreset moves here from the courses app. State only: the table (``courses_demopreset``),
its rows and the lesson blocks that point at them stay as they are; the content type is
relabelled, so the Teachers group keeps its preset permissions."""

from django.db import migrations, models

import demos.registry
import embeds.models
from core.moved_models import content_type_mover


class Migration(migrations.Migration):
    initial = True

    dependencies = [
        ("courses", "0009_generationjob_lease_and_client"),
        ("contenttypes", "0002_remove_content_type_name"),
        ("auth", "0012_alter_user_first_name_max_length"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.CreateModel(
                    name="DemoPreset",
                    fields=[
                        ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                        ("name", models.CharField(help_text="A name for you to tell presets apart.", max_length=200, verbose_name="name")),
                        ("demo", models.CharField(choices=demos.registry.choices, help_text="Which demo this preset is for.", max_length=64, verbose_name="demo")),
                        ("params", models.JSONField(blank=True, default=dict, help_text='The demo\'s values as JSON, e.g. {"cmap": "viridis", "w_im": [4, -2, 4, 4]}; {} for the defaults. The allowed names are listed below.', verbose_name="values (JSON)")),
                        ("code", models.CharField(default=embeds.models.new_preset_code, editable=False, max_length=16, unique=True, verbose_name="short code")),
                        ("created_at", models.DateTimeField(auto_now_add=True, verbose_name="created")),
                        ("updated_at", models.DateTimeField(auto_now=True, verbose_name="last changed")),
                    ],
                    options={
                        "verbose_name": "demo preset",
                        "verbose_name_plural": "demo presets",
                        "db_table": "courses_demopreset",
                        "ordering": ["name", "pk"],
                    },
                ),
            ],
            database_operations=[],
        ),
        migrations.RunPython(*content_type_mover("courses", "embeds", "demopreset")),
    ]  # fmt: skip
