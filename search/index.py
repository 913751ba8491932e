"""Rebuilding the search index from the records.

The whole index is rebuilt at once, in one transaction, and never with a query per record:
the records of each kind are read with a few queries, the new entries and their category and
region links written in batches, then the database's own full-text structures brought up to
date (`backends.Backend.refresh`). Readers see the old index until the new one is committed.
"""

from django.db import connection, transaction

from search.models import SearchEntry

from .backends import backend_for
from .documents import all_documents

# Every model whose rows reach an index entry's text, label, link or filters, and the
# many-to-many links saved without a signal of their own model.
READS_FROM = {
    "barriers.Category",
    "barriers.Barrier",
    "barriers.BarrierSection",
    "barriers.Quote",
    "barriers.PolicyComment",
    "practices.GoodPractice",
    "practices.GoodPractice_countries",
    "practices.PracticeListing",
    "regions.Country",
    "regions.Region",
    "regions.RegionalChallenge",
    "regions.NationalFinding",
    "provenance.Source",
}


def reads_from(model):
    return model._meta.label in READS_FROM


def rebuild_index():
    with transaction.atomic():
        backend = backend_for()
        backend.lock_index()
        empty_index()
        documents = list(all_documents())
        for document in documents:
            backend.prepare(document.entry)
        SearchEntry.objects.bulk_create([document.entry for document in documents])
        link(documents, "categories", "category_id", "category_ids")
        link(documents, "regions", "region_id", "region_ids")
        backend.refresh()
    backend.tidy()  # does nothing inside a larger transaction (see update_after_load)


def tidy_index():
    backend_for().tidy()


def empty_index():
    """In three statements: the ORM would read every entry first, to cascade to the links."""
    tables = [SearchEntry.categories.through, SearchEntry.regions.through, SearchEntry]
    with connection.cursor() as cursor:
        for model in tables:
            cursor.execute(f"DELETE FROM {connection.ops.quote_name(model._meta.db_table)}")


def link(documents, field, column, attribute):
    through = getattr(SearchEntry, field).through
    through.objects.bulk_create(
        through(searchentry_id=document.entry.pk, **{column: related})
        for document in documents
        for related in getattr(document, attribute)
    )


def update_after_load(changed):
    """After `load_kb` wrote the records, in its transaction: rebuild when the load changed
    something, or when the index is empty (a database migrated after its data was loaded).
    A load that changes nothing costs one query here."""
    if changed or not SearchEntry.objects.exists():
        rebuild_index()
        transaction.on_commit(tidy_index)
