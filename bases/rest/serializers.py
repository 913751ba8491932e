"""Writes through the API obey the rules `load_kb` applies to the fixtures."""

import copy

from django.core.exceptions import NON_FIELD_ERRORS
from django.core.exceptions import ValidationError as ModelValidationError
from rest_framework import serializers
from rest_framework.settings import api_settings
from rest_framework.validators import UniqueValidator

from bases.rules import Problems
from bases.text import check_text


class RuleCheckedSerializer(serializers.ModelSerializer):
    """Validates a write as `load_kb` validates a fixture record: canonical text (no stray
    spaces, no soft hyphens) and the model's `full_clean()`, including its database
    constraints. Problems are reported under the API's field names."""

    def get_validators(self):
        # full_clean() checks uniqueness and constraints with the models' own messages.
        return []

    def get_fields(self):
        fields = super().get_fields()
        for field in fields.values():
            # Text is checked as sent, not silently trimmed; uniqueness by full_clean().
            if isinstance(field, serializers.CharField):
                field.trim_whitespace = False
            field.validators = [v for v in field.validators if not isinstance(v, UniqueValidator)]
        return {**fields, **timestamp_fields(self.Meta.model)}

    def validate(self, attrs):
        attrs = super().validate(attrs)
        self.check_texts(attrs)
        self.full_clean(attrs)
        return attrs

    def check_texts(self, attrs):
        errors = {}
        for source, value in attrs.items():
            if isinstance(value, str):
                problems = Problems()
                check_text(problems, self.api_name(source), value)
                if problems:
                    errors[self.api_name(source)] = problems
        if errors:
            raise serializers.ValidationError(errors)

    def full_clean(self, attrs):
        record = copy.copy(self.instance) if self.instance else self.Meta.model()
        many_to_many = {field.name for field in self.Meta.model._meta.many_to_many}
        for source, value in attrs.items():
            if source not in many_to_many:
                setattr(record, source, value)
        try:
            record.full_clean()
        except ModelValidationError as error:
            raise serializers.ValidationError(
                {self.api_name(source): messages for source, messages in error.message_dict.items()}
            ) from None

    def api_name(self, source):
        """The API field showing model field `source`: barrier `summary` for `introduction`,
        region `interviews.total` for `interviews_total`."""
        if source == NON_FIELD_ERRORS:
            return api_settings.NON_FIELD_ERRORS_KEY
        return dict(field_sources(self.fields)).get(source, source)


def field_sources(fields, prefix=""):
    """(model field, API name) pairs, looking into objects that show fields of the record
    itself (`source="*"`)."""
    for name, field in fields.items():
        if field.read_only:
            continue
        if field.source == "*" and isinstance(field, serializers.Serializer):
            yield from field_sources(field.fields, f"{prefix}{name}.")
        else:
            yield field.source, f"{prefix}{name}"


def timestamp_fields(model):
    """Every record's `created` and `modified` (bases.history.Tracked), read-only: what a
    partner keeps a copy in sync by (docs/api.md, "For partners")."""
    names = {field.name for field in model._meta.concrete_fields}
    return {
        name: serializers.DateTimeField(read_only=True, help_text=help_text)
        for name, help_text in TIMESTAMP_HELP.items()
        if name in names
    }


TIMESTAMP_HELP = {
    "created": "When the record entered the knowledge base (its first load or write).",
    "modified": "When the record, or what its entry shows of another, last changed; "
    "the entry's Last-Modified.",
}
