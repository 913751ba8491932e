"""`{% schema_org record %}`: a record page's schema.org description, as JSON-LD.

Written as a data block (`<script type="application/ld+json">`), which browsers never run,
so the Content-Security-Policy (no inline script) has nothing to allow. The context is
inline (`@vocab`), not the remote https://schema.org document, so that a JSON-LD processor
reads it without fetching anything.

Each page is a `WebPage` whose `mainEntity` is the record: a barrier is a `DefinedTerm` of the
barriers' `DefinedTermSet` (the SKOS scheme of /api/v1/taxonomy.ttl, with the same URIs), a
good practice a `CreativeWork`, a partner region an `AdministrativeArea` in its `Country`, a
quote a `Quotation` about its barrier. Every record `isBasedOn` its source document, and the
page `isPartOf` the dataset of /downloads/. No licence is claimed for a record: the sources
state none (bases.licence); `usageInfo` points to what they say.
"""

import json

from django import template
from django.urls import reverse
from django.utils.safestring import mark_safe

from barriers.models import Barrier, Quote
from practices.models import GoodPractice
from regions.models import Region

register = template.Library()

CONTEXT = {"@vocab": "https://schema.org/"}
# As django.utils.html.json_script escapes them: the block cannot be closed from inside.
ESCAPES = {ord(">"): "\\u003E", ord("<"): "\\u003C", ord("&"): "\\u0026"}


@register.simple_tag(takes_context=True)
def schema_org(context, record):
    request = context["request"]
    absolute = request.build_absolute_uri
    entity = describe(record, absolute)
    data = {
        "@context": CONTEXT,
        "@type": "WebPage",
        "@id": absolute(record.get_absolute_url()) + "#page",
        "url": absolute(record.get_absolute_url()),
        "name": context.get("page_title") or str(record),
        "mainEntity": entity,
        "isPartOf": {
            "@type": "Dataset",
            "@id": absolute(reverse("downloads")),
            "name": "PRECISEU knowledge base",
            "url": absolute(reverse("downloads")),
            "usageInfo": absolute(reverse("about")) + "#licence",
        },
    }
    text = json.dumps(data, ensure_ascii=False).translate(ESCAPES)
    return mark_safe(f'<script type="application/ld+json">{text}</script>')  # noqa: S308


def source_of(record):
    source = record.source
    document = {
        "@type": "Report" if source.slug == "d6-1" else "CreativeWork",
        "name": source.title,
    }
    if source.publisher:
        document["publisher"] = {"@type": "Organization", "name": source.publisher}
    if source.identifier:
        document["identifier"] = source.identifier
    return document


def barrier_term(barrier, absolute):
    return {
        "@type": "DefinedTerm",
        "@id": absolute(barrier.get_absolute_url()),
        "name": barrier.title,
        "termCode": str(barrier.number),
        "inDefinedTermSet": {
            "@type": "DefinedTermSet",
            "@id": absolute(reverse("barrier-list")),
            "name": "PRECISEU barriers to personalised medicine",
        },
    }


def describe(record, absolute):
    if isinstance(record, Barrier):
        entity = barrier_term(record, absolute)
        entity["description"] = record.introduction
        entity["alternateName"] = [v for v in record.variants if v != record.title]
        entity["about"] = {
            "@type": "DefinedTerm",
            "@id": absolute(record.category.get_absolute_url()),
            "name": record.category.name,
        }
    elif isinstance(record, GoodPractice):
        entity = {
            "@type": "CreativeWork",
            "@id": absolute(record.get_absolute_url()),
            "name": record.name,
            "alternateName": record.variants,
            "description": record.description,
            "spatialCoverage": [
                {"@type": "Country", "name": country.name, "identifier": country.code}
                for country in record.countries.all()
            ],
            "about": [barrier_term(barrier, absolute) for barrier in listed_barriers(record)],
        }
        if record.link:
            entity["sameAs"] = record.link
    elif isinstance(record, Region):
        entity = {
            "@type": "AdministrativeArea",
            "@id": absolute(record.get_absolute_url()),
            "name": record.name,
            "alternateName": record.variants,
            "description": record.overview,
            "containedInPlace": {
                "@type": "Country",
                "name": record.country.name,
                "identifier": record.country.code,
            },
        }
    elif isinstance(record, Quote):
        entity = {
            "@type": "Quotation",
            "@id": absolute(record.get_absolute_url()),
            "text": record.text,
            "about": barrier_term(record.barrier, absolute),
            "spatialCoverage": {
                "@type": "AdministrativeArea",
                "@id": absolute(record.region.get_absolute_url()),
                "name": record.region.name,
            },
        }
    else:
        raise TypeError(f"No schema.org description for {type(record).__name__}")
    entity["url"] = absolute(record.get_absolute_url())
    entity["isBasedOn"] = source_of(record)
    return {key: value for key, value in entity.items() if value not in ([], "")}


def listed_barriers(practice):
    """The barriers of the prefetched listings, each once, in barrier order."""
    barriers = {listing.barrier.number: listing.barrier for listing in practice.listings.all()}
    return [barriers[number] for number in sorted(barriers)]
