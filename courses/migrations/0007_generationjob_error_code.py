# A job's failure is stored as a message code + parameters and worded when read (in the reader's
# language) instead of as an English sentence.

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("courses", "0006_admin_words"),
    ]

    operations = [
        migrations.RemoveField(model_name="generationjob", name="error"),
        migrations.AddField(
            model_name="generationjob",
            name="error_code",
            field=models.CharField(blank=True, max_length=40),
        ),
        migrations.AddField(
            model_name="generationjob",
            name="error_params",
            field=models.JSONField(blank=True, default=dict),
        ),
    ]
