import sqlite3

import django.contrib.postgres.search
from django.contrib.postgres.operations import TrigramExtension
from django.core.exceptions import ImproperlyConfigured
from django.db import migrations, models

# What each database adds beside the tables (see docs/search.md). Written as SQL because
# Django's GinIndex in Meta.indexes would also be created, and fail, on SQLite.
FULL_TEXT = {
    "postgresql": [
        (
            "CREATE INDEX search_entry_vector ON preciseu_kb_searchentry USING gin (vector)",
            "DROP INDEX search_entry_vector",
        ),
        (
            "CREATE INDEX search_word_trigrams ON preciseu_kb_searchword "
            "USING gin (word gin_trgm_ops)",
            "DROP INDEX search_word_trigrams",
        ),
    ],
    "sqlite": [
        (
            "CREATE VIRTUAL TABLE preciseu_kb_searchfts USING fts5("
            "title, headings, body, tokenize = 'porter unicode61 remove_diacritics 2')",
            "DROP TABLE preciseu_kb_searchfts",
        ),
    ],
}


def sqlite_has_fts5():
    try:
        sqlite3.connect(":memory:").execute("CREATE VIRTUAL TABLE probe USING fts5(text)")
    except sqlite3.OperationalError:
        return False
    return True


def statements(schema_editor):
    # The check search.E001 says so before migrate runs; this stops a migration that skipped
    # the checks before it leaves a database that cannot be searched.
    vendor = schema_editor.connection.vendor
    if vendor == "sqlite" and not sqlite_has_fts5():
        raise ImproperlyConfigured(
            "Search needs SQLite's FTS5 extension, which the SQLite of this Python lacks: "
            "use a Python whose sqlite3 module has FTS5 (most builds do), or PostgreSQL."
        )
    return FULL_TEXT.get(vendor, [])


def create_full_text(apps, schema_editor):
    for create, _ in statements(schema_editor):
        schema_editor.execute(create)


def drop_full_text(apps, schema_editor):
    for _, drop in reversed(statements(schema_editor)):
        schema_editor.execute(drop)


class Migration(migrations.Migration):

    initial = True

    dependencies = [
        ('barriers', '0002_alter_barrier_slug'),
        ('regions', '0002_region_engagement_note'),
    ]

    operations = [
        TrigramExtension(),  # does nothing on other databases
        migrations.CreateModel(
            name='SearchWord',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('word', models.TextField(unique=True)),
            ],
        ),
        migrations.CreateModel(
            name='SearchEntry',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('kind', models.CharField(choices=[('barrier', 'Barriers'), ('quote', 'Quotes'), ('practice', 'Good practices'), ('comment', 'EU comments'), ('region', 'Regions'), ('challenge', 'Regional challenges')], max_length=20)),
                ('object_id', models.PositiveBigIntegerField(help_text='The primary key of the record.')),
                ('key', models.CharField(help_text="The record's key in the API: number, slug or “5-3”.", max_length=200)),
                ('label', models.CharField(help_text='What a hit is called.', max_length=400)),
                ('context', models.CharField(blank=True, help_text='Where the record belongs.', max_length=400)),
                ('url', models.CharField(help_text="The record's place on the site.", max_length=400)),
                ('title', models.TextField(blank=True, help_text='Weighted highest: names and titles.')),
                ('headings', models.TextField(blank=True, help_text='Weighted second: headings, attributions.')),
                ('body', models.TextField(blank=True, help_text='Weighted lowest: the text, quoted by snippets.')),
                ('vector', django.contrib.postgres.search.SearchVectorField(editable=False, help_text='PostgreSQL only: title, headings and body, weighted.', null=True)),
                ('categories', models.ManyToManyField(blank=True, related_name='+', to='barriers.category')),
                ('regions', models.ManyToManyField(blank=True, related_name='+', to='regions.region')),
            ],
            options={
                'verbose_name_plural': 'search entries',
                'constraints': [models.UniqueConstraint(fields=('kind', 'object_id'), name='search_entry_once_per_record', violation_error_message='A record is indexed once.')],
            },
        ),
        migrations.RunPython(create_full_text, drop_full_text),
    ]
