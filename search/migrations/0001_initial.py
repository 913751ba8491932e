"""The search index's models, moved here from the project package: the tables stay as they
are (their names are kept in Meta.db_table), so only Django's record of the models moves."""

import django.contrib.postgres.search
from django.db import migrations, models


class Migration(migrations.Migration):
    initial = True

    dependencies = [
        ("barriers", "0004_finding_mapping"),
        ("regions", "0003_national_finding"),
        ("preciseu_kb", "0003_search_entry_finding_kind"),
    ]

    state_operations = [
        migrations.CreateModel(
            name="SearchWord",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("word", models.TextField(unique=True)),
            ],
            options={"db_table": "preciseu_kb_searchword"},
        ),
        migrations.CreateModel(
            name="SearchEntry",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                (
                    "kind",
                    models.CharField(
                        choices=[
                            ("barrier", "Barriers"),
                            ("quote", "Quotes"),
                            ("practice", "Good practices"),
                            ("comment", "EU comments"),
                            ("region", "Regions"),
                            ("challenge", "Regional challenges"),
                            ("finding", "National findings"),
                        ],
                        max_length=20,
                    ),
                ),
                (
                    "object_id",
                    models.PositiveBigIntegerField(help_text="The primary key of the record."),
                ),
                (
                    "key",
                    models.CharField(
                        help_text="The record's key in the API: number, slug or “5-3”.",
                        max_length=200,
                    ),
                ),
                ("label", models.CharField(help_text="What a hit is called.", max_length=400)),
                (
                    "context",
                    models.CharField(
                        blank=True, help_text="Where the record belongs.", max_length=400
                    ),
                ),
                (
                    "url",
                    models.CharField(help_text="The record's place on the site.", max_length=400),
                ),
                (
                    "title",
                    models.TextField(blank=True, help_text="Weighted highest: names and titles."),
                ),
                (
                    "headings",
                    models.TextField(
                        blank=True, help_text="Weighted second: headings, attributions."
                    ),
                ),
                (
                    "body",
                    models.TextField(
                        blank=True, help_text="Weighted lowest: the text, quoted by snippets."
                    ),
                ),
                (
                    "vector",
                    django.contrib.postgres.search.SearchVectorField(
                        editable=False,
                        help_text="PostgreSQL only: title, headings and body, weighted.",
                        null=True,
                    ),
                ),
                (
                    "categories",
                    models.ManyToManyField(blank=True, related_name="+", to="barriers.category"),
                ),
                (
                    "regions",
                    models.ManyToManyField(blank=True, related_name="+", to="regions.region"),
                ),
            ],
            options={
                "db_table": "preciseu_kb_searchentry",
                "verbose_name_plural": "search entries",
                "constraints": [
                    models.UniqueConstraint(
                        fields=("kind", "object_id"),
                        name="search_entry_once_per_record",
                        violation_error_message="A record is indexed once.",
                    )
                ],
            },
        ),
    ]

    operations = [migrations.SeparateDatabaseAndState(state_operations=state_operations)]
