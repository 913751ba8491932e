"""The shared FilterSets as an API filter backend, and their parameters in the schema.

The FilterSets themselves live in each app's `filters.py` (the site uses them too); an
invalid one becomes a 400 problem naming the parameter (bases.rest.exceptions), e.g.
`"errors": {"barrier": ["Unknown barrier number “99”. Allowed: 1, 2, …"]}`.
"""

from django_filters import CharFilter
from django_filters.rest_framework import DjangoFilterBackend
from drf_spectacular.contrib.django_filters import DjangoFilterExtension

from bases.filters import KeyFilter


class KnowledgeBaseFilterBackend(DjangoFilterBackend):
    """django-filter's backend; a subclass so that the schema extension below applies."""


class KnowledgeBaseFilterExtension(DjangoFilterExtension):
    """Adds what the generic extension cannot know: the form of the keys a `KeyFilter`
    accepts (a pattern and an example, not the keys that exist: the schema must not change
    when an editor adds a record) and the length limit of text filters."""

    target_class = KnowledgeBaseFilterBackend
    priority = 1

    def resolve_filter_field(self, auto_schema, model, filterset_class, field_name, filter_field):
        parameters = super().resolve_filter_field(
            auto_schema, model, filterset_class, field_name, filter_field
        )
        for parameter in parameters:
            if isinstance(filter_field, KeyFilter):
                parameter["schema"]["items"] = dict(filter_field.key_schema)
                if parameter.get("description") in (None, "", filter_field.label):
                    noun = filter_field.extra["noun"]
                    parameter["description"] = (
                        f"Only records of any of these: one {noun} or several (repeated, or "
                        "comma-separated). An unknown one is a 400 listing those there are."
                    )
            elif isinstance(filter_field, CharFilter) and filter_field.extra.get("max_length"):
                parameter["schema"]["maxLength"] = filter_field.extra["max_length"]
        return parameters
