"""Cross-cutting pages: home and about."""

from django.core.paginator import Paginator
from django.db.models import Count, Value
from django.http import Http404
from django.shortcuts import render
from django.urls import reverse

from barriers.models import Barrier, Category, PolicyComment, Quote
from barriers.quote_views import quote_citation
from bases.licence import EDITORIAL_STATEMENT, SOURCE_RIGHTS_STATEMENT, terms_of
from practices.models import GoodPractice
from provenance.models import DataNote, ReportSection, Source
from regions.models import (
    INTERVIEW_GROUP_LABELS,
    INTERVIEW_GROUPS,
    Country,
    NationalFinding,
    Region,
    RegionalChallenge,
)

# The Country table also holds "EU" for EU-level initiatives, which is not a country.
EU_LEVEL = "EU"


def home(request):
    categories = list(Category.objects.for_list())
    regions = list(Region.objects.all())
    counts = {
        "barriers": sum(len(category.barriers.all()) for category in categories),
        "quotes": Quote.objects.count(),
        "practices": GoodPractice.objects.count(),
        "regions": len(regions),
        "countries": Country.objects.exclude(code=EU_LEVEL).count(),
    }
    context = {"categories": categories, "regions": regions, "counts": counts}
    return render(request, "home.html", context)


def about(request):
    """Sources, methodology (Tab. 3 and Tab. 4), data and transcription notes, the report's
    narrative sections, citation and licence: a fixed number of queries, one per kind."""
    regions = list(Region.objects.all())
    report_sections = list(ReportSection.objects.select_related("source"))
    sources = list(Source.objects.all())
    context = {
        "sources": sources,
        "source_contributions": contributions(sources),
        "report_sections": section_tree(report_sections),
        "printed_tables": printed_tables(report_sections),
        "interview_groups": [INTERVIEW_GROUP_LABELS[group] for group in INTERVIEW_GROUPS],
        "interview_rows": [interview_row(region) for region in regions],
        "interview_totals": interview_totals(regions),
        "regions": regions,
        "workshop_participants": sum(region.workshop_participants or 0 for region in regions),
        "data_notes": DataNote.objects.select_related("source"),
        "noted_records": noted_records(),
        "citation": citation_example(request),
        "source_terms": [(source, terms_of(source.slug)) for source in sources],
        "source_rights": SOURCE_RIGHTS_STATEMENT,
        "editorial_statement": EDITORIAL_STATEMENT,
    }
    return render(request, "about.html", context)


# What each source can contribute, as the about page names it: (model, one, several).
CONTRIBUTING_MODELS = [
    (Category, "category", "categories"),
    (Barrier, "barrier", "barriers"),
    (Quote, "quote", "quotes"),
    (PolicyComment, "EU comment", "EU comments"),
    (GoodPractice, "good practice", "good practices"),
    (Region, "partner region", "partner regions"),
    (RegionalChallenge, "fact-sheet challenge", "fact-sheet challenges"),
    (NationalFinding, "national finding", "national findings"),
    (ReportSection, "narrative section", "narrative sections"),
]


def contributions(sources):
    """[(source, ["17 barriers", "92 quotes", …])]: the records transcribed from each source,
    counted in one query (a union of one grouped count per model)."""
    counts = [
        model.objects.order_by()
        .values("source")
        .annotate(count=Count("pk"), model=Value(index))
        .values_list("source", "model", "count")
        for index, (model, _, _) in enumerate(CONTRIBUTING_MODELS)
    ]
    found = {
        (source, index): count for source, index, count in counts[0].union(*counts[1:], all=True)
    }
    return [
        (
            source,
            [
                f"{found[source.pk, index]} {one if found[source.pk, index] == 1 else several}"
                for index, (_, one, several) in enumerate(CONTRIBUTING_MODELS)
                if (source.pk, index) in found
            ],
        )
        for source in sources
    ]


def citation_example(request):
    """A real record's reference, as its page gives it: the report's first quote's."""
    quote = Quote.objects.for_list().first()
    return quote_citation(request, quote) if quote else None


def section_tree(sections):
    """The top-level report sections, each with `children`: its subsections in order."""
    children = {}
    for section in sections:
        children.setdefault(section.parent_id, []).append(section)
    for section in sections:
        section.children = children.get(section.pk, [])
    return children.get(None, [])


def printed_tables(sections):
    """Each numbered table the report's sections print a caption for ("Tab 3. …"), by key
    ("tab_3"): its caption as printed, and the source and headings it is printed under."""
    by_pk = {section.pk: section for section in sections}

    def path(section):
        parent = by_pk.get(section.parent_id)
        return [*(path(parent) if parent else []), section.heading]

    tables = {}
    for section in sections:
        for caption in section.captions:
            label, dot, _ = caption.partition(".")
            if dot and label.startswith("Tab "):
                key = label.lower().replace(" ", "_")
                tables[key] = {
                    "caption": caption,
                    "source": section.source,
                    "heading": " › ".join(path(section)),
                    "slug": section.slug,
                }
    return tables


def interview_row(region):
    """A row of Tab. 3: the region, its total and its stakeholder-group cells (None where the
    report leaves the cell blank)."""
    cells = [getattr(region, f"interviews_{group}") for group in INTERVIEW_GROUPS]
    return {"region": region, "total": region.interviews_total, "cells": cells}


def interview_totals(regions):
    """Column sums of Tab. 3 (blank cells count as none). load_kb compares them with the
    totals the report prints and records any disagreement as a data note."""
    return {
        "total": sum(region.interviews_total for region in regions),
        "cells": [
            sum(getattr(region, f"interviews_{group}") or 0 for region in regions)
            for group in INTERVIEW_GROUPS
        ],
    }


# The kinds of record that carry transcription notes: (slug, heading, records with a note).
# The about page shows the first NOTES_SHOWN of each kind; /about/notes/<slug>/ pages them all.
NOTED_KINDS = [
    ("categories", "Categories", lambda: Category.objects.all()),
    ("barriers", "Barriers", lambda: Barrier.objects.all()),
    ("quotes", "Quotes", lambda: Quote.objects.select_related("barrier")),
    ("comments", "EU comments", lambda: PolicyComment.objects.select_related("barrier")),
    ("practices", "Good practices", lambda: GoodPractice.objects.all()),
    ("regions", "Regions", lambda: Region.objects.all()),
    ("challenges", "Regional challenges", lambda: RegionalChallenge.objects.for_list()),
    ("report-sections", "Report sections", lambda: ReportSection.objects.all()),
]
NOTES_SHOWN = 50


def noted(records):
    return records.exclude(note="").order_by(*records.model._meta.ordering, "pk")


def noted_records():
    """The records that carry a transcription note, by kind, the first NOTES_SHOWN of each:
    [(slug, heading, [(label, url of the page showing it, note), ...], how many), ...];
    a query a kind and one for all the counts, whatever the data."""
    counts = [
        noted(records())
        .order_by()
        .annotate(kind=Value(index))
        .values_list("kind")
        .annotate(count=Count("pk"))
        for index, (_, _, records) in enumerate(NOTED_KINDS)
    ]
    found = dict(counts[0].union(*counts[1:], all=True))
    groups = []
    for index, (slug, heading, records) in enumerate(NOTED_KINDS):
        shown = [note_row(record) for record in noted(records())[:NOTES_SHOWN]]
        if shown:
            groups.append((slug, heading, shown, found[index]))
    return groups


def note_row(record):
    return label_of(record), page_of(record), record.note


def noted_kind(request, kind):
    """/about/notes/<kind>/: every record of a kind that carries a transcription note, paged."""
    kinds = {slug: (heading, records) for slug, heading, records in NOTED_KINDS}
    if kind not in kinds:
        raise Http404(f"No kind of record “{kind}”.")
    heading, records = kinds[kind]
    page = Paginator(noted(records()), NOTES_SHOWN).get_page(request.GET.get("page"))
    context = {
        "heading": heading,
        "page_obj": page,
        "rows": [note_row(record) for record in page.object_list],
    }
    return render(request, "about_notes.html", context)


def label_of(record):
    """A short name for the record: a quote or a comment is named by where it is printed, not
    by a cut-off piece of its text."""
    if isinstance(record, Quote):
        return f"Quote from {record.attribution} on barrier {record.barrier.number}"
    if isinstance(record, PolicyComment):
        return f"EU comment on barrier {record.barrier.number}"
    return str(record)


def page_of(record):
    if isinstance(record, ReportSection):
        # report sections are shown on the about page
        return reverse("about") + f"#report-{record.slug}"
    return record.get_absolute_url()
