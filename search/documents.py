"""What each kind of record puts in the search index.

A record becomes one `Document`: an unsaved `SearchEntry` (its text in three weights, and what
a hit shows) and the categories and regions it belongs to, for the search page's filters. The
filters mean what they mean on the lists: a barrier belongs to its category and to the regions
quoted on it; a quote and an EU comment to their barrier's category, a quote to its region; a
practice to the categories of the barriers it is listed under and to the partner regions of
its countries; a region and its challenges to that region; a national finding to the
categories of the barriers it is mapped to and to the partner region of its country.

Each kind is read with a fixed number of queries, whatever the number of records.
"""

from collections import defaultdict
from dataclasses import dataclass, field

from django.db.models import Prefetch
from django.utils.text import Truncator

from barriers.models import Barrier, PolicyComment, Quote
from practices.models import GoodPractice, PracticeListing
from regions.models import Country, NationalFinding, Region, RegionalChallenge
from search.models import SearchEntry

from .snippets import without_markers

Kind = SearchEntry.Kind


@dataclass
class Document:
    entry: SearchEntry
    category_ids: set = field(default_factory=set)
    region_ids: set = field(default_factory=set)


# A hit is titled by what the record says: its first words, when the record has no name.
LABEL_WORDS = 14


def opening(text):
    """The text's first words, in quotation marks: “It is difficult to …”."""
    return f"“{Truncator(' '.join(text.split())).words(LABEL_WORDS, truncate=' …')}”"


def entry(kind, record, *, key, label, context="", title="", headings=(), body=()):
    """`headings` and `body` are lists of texts, joined as paragraphs; empty ones are left
    out. A barrier's or region's `title` holds the other forms the report prints it in (its
    `variants`), so that a search finds it by any of them."""
    return SearchEntry(
        kind=kind,
        object_id=record.pk,
        key=key,
        label=label,
        context=context,
        url=record.get_absolute_url(),
        title=without_markers(title),
        headings=paragraphs(headings),
        body=paragraphs(body),
    )


def paragraphs(texts):
    return without_markers("\n\n".join(text for text in texts if text))


def all_documents():
    yield from barrier_documents()
    yield from quote_documents()
    yield from practice_documents()
    yield from comment_documents()
    yield from region_documents()
    yield from challenge_documents()
    yield from finding_documents()


def barrier_documents():
    raised = defaultdict(set)
    for barrier_id, region_id in Quote.objects.values_list("barrier", "region").distinct():
        raised[barrier_id].add(region_id)
    barriers = Barrier.objects.select_related("category").prefetch_related("sections")
    for barrier in barriers:
        sections = barrier.sections.all()
        yield Document(
            entry(
                Kind.BARRIER,
                barrier,
                key=str(barrier.number),
                label=str(barrier),
                context=barrier.category.name,
                title=paragraphs([barrier.title, *barrier.variants]),
                headings=[section.heading for section in sections],
                body=[barrier.introduction, *(section.text for section in sections)],
            ),
            category_ids={barrier.category_id},
            region_ids=raised[barrier.pk],
        )


def quote_documents():
    for quote in Quote.objects.select_related("barrier__category", "region"):
        barrier = quote.barrier
        yield Document(
            entry(
                Kind.QUOTE,
                quote,
                key=f"{barrier.number}-{quote.order}",
                label=opening(quote.text),
                context=f"{quote.attribution}, {quote.region.name} · on barrier {barrier}",
                headings=[quote.attribution, quote.region.name],
                body=[quote.text],
            ),
            category_ids={barrier.category_id},
            region_ids={quote.region_id},
        )


def practice_documents():
    practices = GoodPractice.objects.prefetch_related(
        Prefetch("listings", queryset=PracticeListing.objects.select_related("barrier")),
        Prefetch("countries", queryset=Country.objects.select_related("partner_region")),
    )
    for practice in practices:
        partner_regions = (
            getattr(country, "partner_region", None) for country in practice.countries.all()
        )
        yield Document(
            entry(
                Kind.PRACTICE,
                practice,
                key=practice.slug,
                label=practice.name,
                context=practice.country_label,
                title=practice.name,
                headings=[*practice.variants, practice.country_label, practice.locality],
                body=[
                    practice.description,
                    practice.key_players,
                    practice.impact,
                    practice.transferability,
                ],
            ),
            category_ids={listing.barrier.category_id for listing in practice.listings.all()},
            region_ids={region.pk for region in partner_regions if region},
        )


def comment_documents():
    for comment in PolicyComment.objects.select_related("barrier__category"):
        barrier = comment.barrier
        yield Document(
            entry(
                Kind.COMMENT,
                comment,
                key=f"{barrier.number}-{comment.order}",
                label=opening(comment.text),
                context=f"EU comment on barrier {barrier}",
                body=[comment.text],
            ),
            category_ids={barrier.category_id},
        )


def region_documents():
    for region in Region.objects.select_related("country"):
        yield Document(
            entry(
                Kind.REGION,
                region,
                key=region.slug,
                label=region.name,
                context=region.country.name,
                title=paragraphs([region.name, *region.variants]),
                headings=[region.factsheet_label, region.country.name, *region.attributions],
                body=[region.overview, region.engagement_note],
            ),
            region_ids={region.pk},
        )


def challenge_documents():
    for challenge in RegionalChallenge.objects.select_related("region"):
        region = challenge.region
        yield Document(
            entry(
                Kind.CHALLENGE,
                challenge,
                key=f"{region.slug}-{challenge.order}",
                label=challenge.title,
                context=f"Challenge of {region.name}",
                title=challenge.title,
                headings=[region.name],
                body=[challenge.text],
            ),
            region_ids={region.pk},
        )


def finding_documents():
    findings = NationalFinding.objects.select_related(
        "country__partner_region", "source"
    ).prefetch_related("barriers")
    for finding in findings:
        region = getattr(finding.country, "partner_region", None)
        yield Document(
            entry(
                Kind.FINDING,
                finding,
                key=f"{finding.source.slug}-{finding.order}",
                label=opening(finding.text),
                context=f"{finding.country.name} · {finding.get_kind_display()} · {finding.area}",
                headings=[finding.area, finding.heading, finding.country.name],
                body=[finding.text],
            ),
            category_ids={barrier.category_id for barrier in finding.barriers.all()},
            region_ids={region.pk} if region else set(),
        )
