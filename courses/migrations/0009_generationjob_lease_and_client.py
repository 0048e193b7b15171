# Jobs get a heartbeat lease (a dead runner's job is run again within seconds, a limited number
# of times), the time they were last sent to the broker (re-sent when no runner claimed them), and
# the sending client's key (fair turns and a per-client cap on queued jobs).

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("courses", "0008_block_source_en"),
    ]

    operations = [
        migrations.AddField(
            model_name="generationjob",
            name="attempts",
            field=models.PositiveSmallIntegerField(default=0),
        ),
        migrations.AddField(
            model_name="generationjob",
            name="client_key",
            field=models.CharField(blank=True, default="", max_length=32),
        ),
        migrations.AddField(
            model_name="generationjob",
            name="lease_expires_at",
            field=models.DateTimeField(blank=True, null=True),
        ),
        migrations.AddField(
            model_name="generationjob",
            name="lease_token",
            field=models.CharField(blank=True, default="", max_length=32),
        ),
        migrations.AddField(
            model_name="generationjob",
            name="sent_at",
            field=models.DateTimeField(blank=True, null=True),
        ),
        migrations.AddIndex(
            model_name="generationjob",
            index=models.Index(fields=["status", "client_key"], name="studio_job_status_client"),
        ),
        migrations.AddIndex(
            model_name="generationjob",
            index=models.Index(
                fields=["status", "lease_expires_at"], name="studio_job_status_lease"
            ),
        ),
    ]
