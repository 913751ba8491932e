"""A barrier's regions quoted, through its quotes: a relation over the quotes' table, so no
column or table changes (SQLite would otherwise rebuild the barriers' table for nothing)."""

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("barriers", "0005_mapping_base"),
        ("regions", "0003_national_finding"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.AddField(
                    model_name="barrier",
                    name="regions_quoted",
                    field=models.ManyToManyField(
                        help_text="The partner regions quoted on it (through its quotes).",
                        related_name="barriers_quoted",
                        through="barriers.Quote",
                        to="regions.region",
                    ),
                )
            ]
        )
    ]
