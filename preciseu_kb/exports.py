"""The whole knowledge base as tables, and the three files written from them.

Every model of the knowledge-base apps (`APP_ORDER`) is one table, its
many-to-many links included, read from the models' own fields: a field added to a model
(a modification time, say) is in the downloads without a change here, and nothing from
outside those apps (accounts, contributions waiting for review, the search index) ever is.
A table is named after its model ("quotes", "good_practices"); its columns are the model's
columns ("barrier_id" for a foreign key), its rows every record, by primary key.

The three files:

- a Frictionless Data Package: a zip of one CSV per table and `datapackage.json`, which
  gives each table's schema (types, required fields, choices, primary and foreign keys) and
  the licences. The CSV is UTF-8 without a byte-order mark (as the Data Package spec reads
  it); a text a spreadsheet would run as a formula starts with an apostrophe
  (`bases.tables.neutralised`), which the package's description says;
- a SQLite database: real tables with their primary keys, foreign keys and an index on each
  foreign key, which Datasette or any SQLite client opens; the texts exactly as stored;
- a JSON document: every table as a list of objects, with the licences.

The records are read in one transaction, at a repeatable-read snapshot on PostgreSQL (SQLite's
reads in a transaction are one snapshot already), so that no write lands between two tables
and a foreign key points to a row that is not in the files.
"""

import csv
import io
import json
import sqlite3
import zipfile
from dataclasses import dataclass
from datetime import date, datetime

from django.apps import apps
from django.db import connection, models, transaction
from django.utils.text import slugify
from simple_history.models import HistoricalChanges

from bases.licence import (
    EDITORIAL_STATEMENT,
    SOURCE_RIGHTS_STATEMENT,
    data_package_licences,
    terms_of,
)
from bases.tables import neutralised

PACKAGE_NAME = "preciseu-kb"
TITLE = "PRECISEU knowledge base"
DESCRIPTION = (
    "The barriers to personalised medicine in Europe, the partner regions that raised them and "
    "the good practices that address them, transcribed from the PRECISEU D6.1 Cross-Regional "
    "Report and two Spanish national sources, with the knowledge base's editorial mappings and "
    "transfer profiles. Every record names its source and section. In the CSV files a text "
    "that starts with =, +, -, @, a tab or a carriage return is written with a leading "
    "apostrophe, so that no spreadsheet runs it as a formula; the SQLite and JSON files hold "
    "the texts as stored."
)
# The apps exported, in the order an application would fill them: a table's foreign keys point
# to tables above it. Named here, not read from KNOWLEDGE_BASE_APPS: an app whose writes
# change the data version (contributions waiting for review, say) is not published by that.
APP_ORDER = ("provenance", "regions", "barriers", "practices")

# What a row of each table is, for the downloads page and the package's descriptions; a
# table not named here is described by its model's docstring.
DESCRIPTIONS = {
    "sources": "A document the knowledge base is transcribed from.",
    "report_sections": "A narrative section of a source (executive summary, methodology, …).",
    "data_notes": "A note on the data as a whole, e.g. a printed total that disagrees with "
    "its cells.",
    "countries": "A country named by a source; EU stands for EU-level initiatives.",
    "regions": "One of the ten partner regions, with its fact sheet's overview, interviews "
    "(Tab. 3) and workshop (Tab. 4).",
    "regional_challenges": "A challenge on a region's fact sheet, in printed order.",
    "national_findings": "A strength, challenge or recommendation of a national factsheet.",
    "categories": "One of the report's 6 categories of barriers.",
    "barriers": "One of the report's 17 barriers, with its introduction.",
    "barrier_sections": "A themed sub-section of a barrier, in printed order.",
    "quotes": "A stakeholder quote, printed under one barrier, attributed to one region.",
    "policy_comments": "A boxed EU-level comment printed beside a barrier.",
    "comment_references": "A footnote reference of an EU-level comment.",
    "challenge_mappings": "Editorial: a fact-sheet challenge that corresponds to a barrier, "
    "with why.",
    "finding_mappings": "Editorial: a national finding that speaks to a barrier, with why.",
    "good_practices": "A good practice, with its transfer profile's level (editorial).",
    "practice_listings": "A practice under a barrier: a row of the barrier's printed table "
    "(order), or an editorial link (rationale).",
    "practice_references": "A footnote reference of a practice (its words and URL).",
    "practice_kinds": "Editorial transfer profile: a kind of a practice, quoting its words.",
    "practice_actors": "Editorial transfer profile: a body the practice's text names as "
    "taking part, quoting its words.",
    "practice_preconditions": "Editorial transfer profile: what the practice's text says it "
    "rests on, quoting its words.",
    "good_practice_country": "A country of a practice (the table's Country column).",
}

INTEGER_FIELDS = {
    "AutoField",
    "BigAutoField",
    "SmallAutoField",
    "IntegerField",
    "BigIntegerField",
    "SmallIntegerField",
    "PositiveIntegerField",
    "PositiveBigIntegerField",
    "PositiveSmallIntegerField",
}
FRICTIONLESS_TYPES = {"BooleanField": "boolean", "DateTimeField": "datetime", "DateField": "date"}
SQLITE_TYPES = {"integer": "INTEGER", "boolean": "INTEGER", "number": "REAL"}


@dataclass(frozen=True)
class Column:
    field: models.Field

    @property
    def name(self):
        return self.field.attname

    @property
    def type(self):
        field = self.field.target_field if self.field.is_relation else self.field
        kind = field.get_internal_type()
        if kind in INTEGER_FIELDS:
            return "integer"
        if kind == "JSONField":
            return "array" if field.default is list else "object"
        return FRICTIONLESS_TYPES.get(kind, "string")

    @property
    def required(self):
        """Never empty: not null and, for a text, not blank (an empty CSV cell is a null)."""
        field = self.field
        return not field.null and (self.type != "string" or not field.blank)

    def schema(self):
        field = self.field
        described = field.help_text or field.verbose_name
        schema = {"name": self.name, "type": self.type, "description": str(described)}
        if self.type == "datetime":
            schema["format"] = "any"
        constraints = {}
        if self.required:
            constraints["required"] = True
        if field.unique and not field.primary_key:
            constraints["unique"] = True
        if field.choices and not field.is_relation:
            constraints["enum"] = [value for value, _ in field.flatchoices if value != ""]
        if constraints:
            schema["constraints"] = constraints
        return schema

    def text(self, value):
        """The value as a CSV cell, formula-safe."""
        if value is None:
            return ""
        if isinstance(value, bool):
            return "true" if value else "false"
        if isinstance(value, list | dict):
            return json.dumps(value, ensure_ascii=False)
        if isinstance(value, datetime | date):
            return value.isoformat()
        return neutralised(value)

    def stored(self, value):
        """The value as SQLite stores it: JSON as its text, times in ISO 8601."""
        if isinstance(value, list | dict):
            return json.dumps(value, ensure_ascii=False)
        if isinstance(value, datetime | date):
            return value.isoformat()
        return value

    def plain(self, value):
        """The value in the JSON download."""
        if isinstance(value, datetime | date):
            return value.isoformat()
        return value


@dataclass(frozen=True)
class Table:
    model: type[models.Model]

    @property
    def name(self):
        meta = self.model._meta
        if meta.auto_created:  # a many-to-many link: "good_practice_countries"
            owner = meta.auto_created
            linked = next(f for f in meta.fields if f.is_relation and f.related_model != owner)
            return slugify(f"{owner._meta.verbose_name} {linked.name}").replace("-", "_")
        return slugify(str(meta.verbose_name_plural)).replace("-", "_")

    @property
    def description(self):
        if self.name in DESCRIPTIONS:
            return DESCRIPTIONS[self.name]
        meta = self.model._meta
        if meta.auto_created:
            return f"Links between {meta.auto_created._meta.verbose_name_plural} and their " + (
                f"{self.foreign_keys[-1].field.related_model._meta.verbose_name_plural}."
            )
        doc = (self.model.__doc__ or "").strip()
        generated = doc.startswith(f"{self.model.__name__}(")  # Django's default docstring
        if not doc or generated:
            return str(meta.verbose_name_plural).capitalize() + "."
        return " ".join(doc.replace("`", "").split())

    @property
    def columns(self):
        return [Column(field) for field in self.model._meta.concrete_fields]

    @property
    def foreign_keys(self):
        return [column for column in self.columns if column.field.is_relation]

    def rows(self):
        names = [column.name for column in self.columns]
        return list(self.model._base_manager.order_by("pk").values_list(*names))

    def schema(self, tables_by_model):
        return {
            "fields": [column.schema() for column in self.columns],
            "primaryKey": [self.model._meta.pk.attname],
            "foreignKeys": [
                {
                    "fields": [column.name],
                    "reference": {
                        # "" is the table itself (a practice's measure, a section's parent)
                        "resource": ""
                        if column.field.related_model is self.model
                        else tables_by_model[column.field.related_model].name,
                        "fields": [column.field.target_field.attname],
                    },
                }
                for column in self.foreign_keys
            ],
        }


def tables():
    """Every knowledge-base table, the tables a foreign key points to before it."""
    found = []
    for label in APP_ORDER:
        models_ = [
            model
            for model in apps.get_app_config(label).get_models(include_auto_created=True)
            # The records' versions (bases.history) are the API's and the site's history
            # pages, not the dataset: they name editors, whom no download names.
            if not issubclass(model, HistoricalChanges)
        ]
        # a many-to-many link after the two tables it links
        found += [Table(model) for model in models_ if not model._meta.auto_created]
        found += [Table(model) for model in models_ if model._meta.auto_created]
    return found


@dataclass
class Snapshot:
    """Every table's rows, read at one moment."""

    tables: list[Table]
    rows: dict[str, list[tuple]]

    @property
    def counts(self):
        return {table.name: len(self.rows[table.name]) for table in self.tables}


def snapshot():
    """All the rows, read in one transaction (one query a table)."""
    every = tables()
    fresh = not connection.in_atomic_block
    with transaction.atomic():
        if fresh and connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ READ ONLY")
        return Snapshot(every, {table.name: table.rows() for table in every})


# -- The data package ---------------------------------------------------------------------


def csv_text(table, rows):
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow([column.name for column in table.columns])
    columns = table.columns
    for row in rows:
        writer.writerow([column.text(value) for column, value in zip(columns, row, strict=True)])
    return buffer.getvalue()


def source_terms():
    """What each source says about reuse, for the files' metadata."""
    from provenance.models import Source

    return [
        {"source": source.slug, "title": source.title, **terms_of(source.slug)}
        for source in Source.objects.order_by("order")
    ]


def package_descriptor(snap, version, built):
    by_model = {table.model: table for table in snap.tables}
    return {
        "profile": "tabular-data-package",
        "name": PACKAGE_NAME,
        "title": TITLE,
        "description": DESCRIPTION,
        "version": version,
        "created": built,
        "licenses": data_package_licences(),
        "rights": {
            "editorial": EDITORIAL_STATEMENT,
            "sources": SOURCE_RIGHTS_STATEMENT,
            "terms": source_terms(),
        },
        "resources": [
            {
                "name": table.name,
                "path": f"data/{table.name}.csv",
                "profile": "tabular-data-resource",
                "title": str(table.model._meta.verbose_name_plural).capitalize(),
                "description": table.description,
                "format": "csv",
                "mediatype": "text/csv",
                "encoding": "utf-8",
                "schema": table.schema(by_model),
            }
            for table in snap.tables
        ],
    }


def write_data_package(path, snap, version, built):
    with zipfile.ZipFile(path, "w", compression=zipfile.ZIP_DEFLATED) as package:
        descriptor = package_descriptor(snap, version, built)
        package.writestr("datapackage.json", json.dumps(descriptor, ensure_ascii=False, indent=2))
        for table in snap.tables:
            package.writestr(f"data/{table.name}.csv", csv_text(table, snap.rows[table.name]))


# -- SQLite ---------------------------------------------------------------------------------


def quoted(name):
    return '"' + name.replace('"', '""') + '"'


def create_table(table, by_model):
    pk = table.model._meta.pk.attname
    lines = []
    for column in table.columns:
        kind = SQLITE_TYPES.get(column.type, "TEXT")
        line = f"{quoted(column.name)} {kind}"
        if column.name == pk:
            line += " PRIMARY KEY"
        elif not column.field.null:
            line += " NOT NULL"
        lines.append(line)
    for column in table.foreign_keys:
        target = by_model[column.field.related_model]
        lines.append(
            f"FOREIGN KEY ({quoted(column.name)}) REFERENCES {quoted(target.name)} "
            f"({quoted(column.field.target_field.attname)}) DEFERRABLE INITIALLY DEFERRED"
        )
    return f"CREATE TABLE {quoted(table.name)} (\n  " + ",\n  ".join(lines) + "\n)"


def write_sqlite(path, snap, version, built):
    by_model = {table.model: table for table in snap.tables}
    database = sqlite3.connect(path)
    try:
        database.execute("PRAGMA foreign_keys = ON")
        with database:  # one transaction: the deferred foreign keys are checked at its end
            database.execute("CREATE TABLE _about (key TEXT PRIMARY KEY, value TEXT NOT NULL)")
            about = {
                "title": TITLE,
                "description": DESCRIPTION,
                "version": version,
                "built": built,
                "licence": json.dumps(data_package_licences()[0]),
                "editorial": EDITORIAL_STATEMENT,
                "sources": SOURCE_RIGHTS_STATEMENT,
                "source_terms": json.dumps(source_terms(), ensure_ascii=False),
            }
            database.executemany("INSERT INTO _about VALUES (?, ?)", about.items())
            for table in snap.tables:
                database.execute(create_table(table, by_model))
                for column in table.foreign_keys:
                    database.execute(
                        f"CREATE INDEX {quoted(f'{table.name}_{column.name}')} "
                        f"ON {quoted(table.name)} ({quoted(column.name)})"
                    )
                columns = table.columns
                marks = ", ".join("?" for _ in columns)
                database.executemany(
                    f"INSERT INTO {quoted(table.name)} VALUES ({marks})",
                    (
                        [column.stored(value) for column, value in zip(columns, row, strict=True)]
                        for row in snap.rows[table.name]
                    ),
                )
    finally:
        database.close()


# -- JSON -----------------------------------------------------------------------------------


def write_json(path, snap, version, built):
    document = {
        "name": PACKAGE_NAME,
        "title": TITLE,
        "description": DESCRIPTION,
        "version": version,
        "created": built,
        "licenses": data_package_licences(),
        "rights": {
            "editorial": EDITORIAL_STATEMENT,
            "sources": SOURCE_RIGHTS_STATEMENT,
            "terms": source_terms(),
        },
        "tables": {
            table.name: [
                {
                    column.name: column.plain(value)
                    for column, value in zip(table.columns, row, strict=True)
                }
                for row in snap.rows[table.name]
            ]
            for table in snap.tables
        },
    }
    with open(path, "w", encoding="utf-8") as file:
        json.dump(document, file, ensure_ascii=False)
