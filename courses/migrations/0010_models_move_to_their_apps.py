"""GenerationJob now belongs to the studio app and DemoPreset to the embeds app (their
migrations 0001). State only: no table, row or foreign key changes in the database."""

import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("courses", "0009_generationjob_lease_and_client"),
        ("embeds", "0001_initial"),
        ("studio", "0001_initial"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.AlterField(
                    model_name="block",
                    name="demo_preset",
                    field=models.ForeignKey(
                        blank=True,
                        help_text="If chosen, the block shows this preset's values instead of the JSON above.",
                        null=True,
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="blocks",
                        to="embeds.demopreset",
                        verbose_name="saved preset",
                    ),
                ),
                migrations.DeleteModel(name="GenerationJob"),
                migrations.DeleteModel(name="DemoPreset"),
            ],
            database_operations=[],
        ),
    ]
