"""GenerationJob moves here from the courses app. State only: the table (``courses_generationjob``)
and its rows stay as they are; the content type is relabelled."""

from django.db import migrations, models

import studio.models
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
                    name="GenerationJob",
                    fields=[
                        ("id", models.CharField(default=studio.models.new_job_id, editable=False, max_length=32, primary_key=True, serialize=False)),
                        ("tool", models.CharField(max_length=20)),
                        ("params", models.JSONField(default=dict, help_text="Validated tool settings (seed included).")),
                        ("inputs", models.JSONField(default=dict, help_text='{"input": {"file": storage name, "source": "upload:…|example:…|job:…"}}')),
                        ("status", models.CharField(choices=[("queued", "queued"), ("running", "running"), ("done", "done"), ("failed", "failed")], db_index=True, default="queued", max_length=10)),
                        ("error_code", models.CharField(blank=True, max_length=40)),
                        ("error_params", models.JSONField(blank=True, default=dict)),
                        ("notices", models.JSONField(default=list, help_text="What was changed in the inputs, and why.")),
                        ("outputs", models.JSONField(default=list, help_text='[{"midi": name, "audio": name|null, "notes": n, "roll": {…}}]')),
                        ("timings", models.JSONField(default=dict, help_text="Seconds: queued, inference, audio, total.")),
                        ("session_key", models.CharField(db_index=True, max_length=40)),
                        ("client_key", models.CharField(blank=True, default="", max_length=32)),
                        ("attempts", models.PositiveSmallIntegerField(default=0)),
                        ("lease_token", models.CharField(blank=True, default="", max_length=32)),
                        ("lease_expires_at", models.DateTimeField(blank=True, null=True)),
                        ("sent_at", models.DateTimeField(blank=True, null=True)),
                        ("created_at", models.DateTimeField(auto_now_add=True, db_index=True)),
                        ("started_at", models.DateTimeField(blank=True, null=True)),
                        ("finished_at", models.DateTimeField(blank=True, db_index=True, null=True)),
                    ],
                    options={
                        "verbose_name": "generation job",
                        "db_table": "courses_generationjob",
                        "ordering": ["created_at"],
                        "indexes": [
                            models.Index(fields=["status", "client_key"], name="studio_job_status_client"),
                            models.Index(fields=["status", "lease_expires_at"], name="studio_job_status_lease"),
                        ],
                    },
                ),
            ],
            database_operations=[],
        ),
        migrations.RunPython(*content_type_mover("courses", "studio", "generationjob")),
    ]  # fmt: skip
