"""The admin's bases: what every change form of the knowledge base does beyond Django's.

- A save over a newer version is refused, showing what changed (bases/concurrency.py).
- Multi-line text keeps the `\\n` line ends it is stored with: browsers send a textarea's
  lines joined by `\\r\\n` (HTML's rule), so an unchanged form would otherwise rewrite every
  multi-line field, and the exported fixtures with it.

The rules every value obeys are the models' own (bases/rules.py), which the admin's forms
apply through `full_clean()` as the API and `load_kb` do.
"""

from django import forms
from django.db import models

from .concurrency import ConcurrentEditAdmin


class UnixLineEndsField(forms.CharField):
    """A textarea's text with `\\n` line ends, as the fixtures store it."""

    def to_python(self, value):
        value = super().to_python(value)
        return value.replace("\r\n", "\n") if isinstance(value, str) else value


class UnixLineEnds:
    """A ModelAdmin or inline mixin: every TextField is edited with `UnixLineEndsField`."""

    def formfield_for_dbfield(self, db_field, request, **kwargs):
        if isinstance(db_field, models.TextField) and not db_field.choices:
            kwargs.setdefault("form_class", UnixLineEndsField)
        return super().formfield_for_dbfield(db_field, request, **kwargs)


class EditorAdmin(ConcurrentEditAdmin, UnixLineEnds):
    """The base of every ModelAdmin of the knowledge base (before `admin.ModelAdmin`)."""


class EditorInline(UnixLineEnds):
    """The base of every inline (before `admin.TabularInline` or `admin.StackedInline`)."""
