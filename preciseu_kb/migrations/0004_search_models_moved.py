"""The search index's models now belong to the search app (its migration 0001), which keeps
their tables: only Django's record of them leaves this app."""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("preciseu_kb", "0003_search_entry_finding_kind"),
        ("search", "0001_initial"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.DeleteModel(name="SearchEntry"),
                migrations.DeleteModel(name="SearchWord"),
            ]
        )
    ]
