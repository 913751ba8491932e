"""Every record's versions and times: who changed it, when, what and why.

`Tracked` is the base of every knowledge-base record. It keeps `created` and `modified`
(columns, so that `?modified_since=` and `Last-Modified` are one indexed comparison or
aggregate, with no join to the versions) and, through django-simple-history, a version of
the row at each save and delete (`record.history`), with the user and a reason.

The reason comes from the write itself (`record._change_reason`) or, for every write inside
it, from `change_reason(...)`: the admin's required field, the API's `X-Change-Reason`
header, `load_kb`'s "Loaded from fixtures at …". The times and the versions are not part of
the fixtures: the export leaves them out, and the load's digests do not read them
(`TIMESTAMP_FIELDS`), so a load keeps both.

django-simple-history rather than django-reversion (a serialized blob per version: no
field-by-field query, no typed columns) or django-pghistory (PostgreSQL triggers: the site
runs on SQLite too): a historical table per model, with diffs, reasons, deletions and an
admin revert, on both databases.
"""

from contextlib import contextmanager
from contextvars import ContextVar

from django import forms
from django.contrib.admin.utils import flatten_fieldsets
from django.db import models
from django.utils import timezone
from simple_history.admin import SimpleHistoryAdmin
from simple_history.models import HistoricalChanges, HistoricalRecords

# Columns of every record that say when, not what: never versioned, never in a digest.
TIMESTAMP_FIELDS = ("created", "modified")
REASON_MAX_LENGTH = 300
REASON_FIELD = "change_reason"

_reason = ContextVar("change_reason", default=None)
_batch = ContextVar("change_batch", default=None)


@contextmanager
def change_batch():
    """The writes inside are one change (a load, a save with its inlines, an API write): the
    changes feed lists each resource they change once (`current_batch`)."""
    if _batch.get() is not None:
        yield
        return
    token = _batch.set(set())
    try:
        yield
    finally:
        _batch.reset(token)


def current_batch():
    """The resources the current batch changed so far; None outside one."""
    return _batch.get()


@contextmanager
def change_reason(text):
    """Every version written inside takes `text` as its reason, unless the write gave one;
    they are one batch."""
    token = _reason.set(text[:REASON_MAX_LENGTH] if text else None)
    try:
        with change_batch():
            yield
    finally:
        _reason.reset(token)


def current_reason():
    return _reason.get()


def is_version_model(model):
    """Whether `model` holds versions of another (its historical table) rather than records."""
    return issubclass(model, HistoricalChanges)


class History(HistoricalRecords):
    """Versions whose reason falls back on the one `change_reason` set around the write."""

    def __init__(self, **kwargs):
        kwargs.setdefault("excluded_fields", list(TIMESTAMP_FIELDS))
        kwargs.setdefault(
            "history_change_reason_field", models.CharField(max_length=REASON_MAX_LENGTH, null=True)
        )
        super().__init__(**kwargs)

    def get_change_reason_for_object(self, instance, history_type, using):
        return super().get_change_reason_for_object(instance, history_type, using) or (
            current_reason()
        )


class Tracked(models.Model):
    """When the record was created and last modified, and its versions (`history`).

    `modified` is set by every save, `update_fields` included, so a partial save (a load
    linking a record to another) moves it too; a queryset's update() does not."""

    created = models.DateTimeField(default=timezone.now, editable=False)
    modified = models.DateTimeField(default=timezone.now, editable=False, db_index=True)

    history = History(inherit=True)

    class Meta:
        abstract = True

    def save(self, *args, **kwargs):
        self.modified = timezone.now()
        if kwargs.get("update_fields") is not None:
            kwargs["update_fields"] = {*kwargs["update_fields"], "modified"}
        super().save(*args, **kwargs)


# -- The admin: a reason for every change, versions and revert ------------------------------


def with_reason_field(form_class):
    """`form_class` with a required reason, once."""
    if REASON_FIELD in form_class.base_fields:
        return form_class
    field = forms.CharField(
        label="Reason for this change",
        max_length=REASON_MAX_LENGTH,
        help_text="Shown publicly with the change on the record's “Changes to this record” "
        "page (e.g. “Typo: matches the report, p. 12”). Your name is not shown.",
    )
    return type(form_class.__name__, (form_class,), {REASON_FIELD: field})


class HistoryAdmin(SimpleHistoryAdmin):
    """A model admin whose every save (inlines included) and revert asks why, and whose
    "History" page lists the versions with their reasons; reverting a version saves it as
    a new one."""

    history_list_display = ["history_change_reason"]

    def history_form_view(self, request, *args, **kwargs):
        # A revert writes an older version over the current one on purpose: the check that
        # refuses a save over a newer version (bases.concurrency) does not apply to it.
        request.reverting_version = True
        return super().history_form_view(request, *args, **kwargs)

    def changeform_view(self, request, *args, **kwargs):
        with change_batch():
            return super().changeform_view(request, *args, **kwargs)

    def get_form(self, request, obj=None, change=False, **kwargs):
        kwargs["form"] = with_reason_field(kwargs.get("form", self.form))
        return super().get_form(request, obj, change=change, **kwargs)

    def get_fieldsets(self, request, obj=None):
        fieldsets = super().get_fieldsets(request, obj)
        if REASON_FIELD in flatten_fieldsets(fieldsets):
            return fieldsets
        return [*fieldsets, ("Why", {"fields": [REASON_FIELD]})]

    def save_model(self, request, obj, form, change):
        obj._change_reason = form.cleaned_data[REASON_FIELD]
        super().save_model(request, obj, form, change)

    def save_related(self, request, form, formsets, change):
        with change_reason(form.cleaned_data[REASON_FIELD]):
            super().save_related(request, form, formsets, change)

    def delete_model(self, request, obj):
        with change_reason("Deleted in the admin"):
            super().delete_model(request, obj)

    def delete_queryset(self, request, queryset):
        with change_reason("Deleted in the admin"):
            super().delete_queryset(request, queryset)


# -- What the public sees of the versions ----------------------------------------------------

ACTIONS = {"+": "created", "~": "updated", "-": "deleted"}


def versions_of(record):
    """The record's versions, newest first, as the public may see them: when, what happened,
    which fields changed (with their old and new values, but for links to other records,
    which are shown as changed only), why, and by whom only as "staff" (an editor) or
    "system" (a load of the fixtures, a script). Two queries, and one more per version for
    a record whose versions keep a many-to-many field."""
    versions = list(record.history.order_by("-history_date", "-history_id"))
    return [
        {
            "date": version.history_date,
            "action": ACTIONS[version.history_type],
            "changes": changes(version, previous),
            "reason": version.history_change_reason or "",
            "by": "staff" if version.history_user_id else "system",
        }
        for version, previous in zip(versions, [*versions[1:], None], strict=True)
    ]


def changes(version, previous):
    """The fields `version` changed from `previous`; none for the first version."""
    if previous is None or version.history_type == "-":
        return []
    model = version.instance_type
    result = []
    for change in version.diff_against(previous).changes:
        field = model._meta.get_field(change.field)
        entry = {"field": change.field, "label": str(field.verbose_name)}
        if not field.is_relation:
            entry |= {"old": change.old, "new": change.new}
        result.append(entry)
    return sorted(result, key=lambda entry: entry["field"])
