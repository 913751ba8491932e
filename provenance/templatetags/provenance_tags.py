"""Template filters over records' provenance."""

from django import template

from provenance.models import sources_of as distinct_sources

register = template.Library()


@register.filter
def sources_of(records):
    """`{% include "includes/sources_once.html" with sources=quotes|sources_of %}`: the
    distinct (source, section) pairs of the records, in order of first appearance."""
    return distinct_sources(records)
