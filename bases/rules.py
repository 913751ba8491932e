"""The rules every stored value obeys, whatever door it comes through.

The admin's forms, the API's serializers and `load_kb`'s writer all validate a record with
`full_clean()`, and `RuleChecked.clean_fields()` adds these rules to it, so whatever is
saved exports and reloads, on SQLite as on PostgreSQL:

- text is canonical and storable (bases/text.py): no stray spaces, soft hyphens or control
  characters, `\\n` line ends;
- a JSONField holds a list of texts, each canonical (variants, attributions, objectives,
  verbatim allowances…), unless its model declares another shape in `json_shapes`
  (a report section's footnotes: `footnote_list`);
- an integer is within PostgreSQL's range for its column (SQLite stores any integer, so a
  small integer of 40000 would be saved there and refused by the other).

Lengths need nothing here: Django checks `max_length` on every database.
"""

from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.backends.base.operations import BaseDatabaseOperations

from .text import check_text

# Django's table of the integer columns' ranges, which are PostgreSQL's.
INTEGER_RANGES = BaseDatabaseOperations.integer_field_ranges
LIST_OF_TEXTS = 'must be a list of texts, e.g. ["First", "Second"]'
LIST_OF_FOOTNOTES = 'must be a list of footnotes, e.g. [{"number": 1, "text": "…"}]'


class Problems(list):
    """Collects `check_text`'s problems, standing in for a fixture record."""

    def problem(self, message):
        self.append(message)


def text_list(problems, name, value):
    if not isinstance(value, list) or not all(isinstance(item, str) for item in value):
        problems.problem(f"'{name}' {LIST_OF_TEXTS}")
        return
    for item in value:
        check_text(problems, name, item)


def footnote_list(problems, name, value):
    """[{"number": 1, "text": "…"}, …], as the fixtures give a section's footnotes."""
    low, high = INTEGER_RANGES["PositiveSmallIntegerField"]
    if not isinstance(value, list) or not all(
        isinstance(item, dict)
        and set(item) == {"number", "text"}
        and type(item["number"]) is int
        and low <= item["number"] <= high
        and isinstance(item["text"], str)
        for item in value
    ):
        problems.problem(f"'{name}' {LIST_OF_FOOTNOTES}")
        return
    for item in value:
        check_text(problems, name, item["text"])


def field_problems(record, field):
    """What is wrong with `record`'s value of `field`, as messages."""
    value = field.value_from_object(record)
    problems = Problems()
    if isinstance(field, models.JSONField):
        shape = getattr(record, "json_shapes", {}).get(field.name, text_list)
        shape(problems, field.name, value)
    elif isinstance(value, str):
        check_text(problems, field.name, value)
    elif isinstance(value, int) and field.get_internal_type() in INTEGER_RANGES:
        low, high = INTEGER_RANGES[field.get_internal_type()]
        # PostgreSQL's validators, so the message is the one it gives there
        for validator in (MinValueValidator(low), MaxValueValidator(high)):
            try:
                validator(value)
            except ValidationError as error:
                problems.extend(error.messages)
    return problems


class RuleChecked:
    """A model mixin (before `models.Model`): `full_clean()` applies the rules above."""

    def clean_fields(self, exclude=None):
        errors = {}
        try:
            super().clean_fields(exclude)
        except ValidationError as error:
            errors = error.update_error_dict(errors)
        for field in self._meta.concrete_fields:
            if field.primary_key or (exclude and field.name in exclude) or field.name in errors:
                continue
            if problems := field_problems(self, field):
                errors[field.name] = list(problems)
        if errors:
            raise ValidationError(errors)
