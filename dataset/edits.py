"""Edits the fixtures do not hold: what a load of the fixtures would discard.

The database is "untouched" when every knowledge-base row is as the last load of the
fixtures, or the last export into the project's fixtures, left it: `LoadStamp` keeps a
digest of each row then, and the rows now are compared with it. A new database (no
knowledge-base row at all) is untouched too. A row that differs, or is new, or is gone, is
an edit. A load discards an edit when it rewrites or deletes a row edited since, or creates
a row in a table whose rows were deleted since (it may be one of them, back); a load that
leaves every edit as it is (the fixtures hold them, or change only other records) goes on.
"""

import hashlib
from dataclasses import dataclass

from django.apps import apps
from django.utils import timezone

from bases.history import TIMESTAMP_FIELDS, is_version_model

from .models import LoadStamp

KNOWLEDGE_BASE_APPS = ("provenance", "regions", "barriers", "practices")
NAMED_AT_MOST = 20  # records named in a message; the rest are counted


def knowledge_base_models():
    """The records' tables, not their versions' (a load adds versions, and keeps them)."""
    for label in KNOWLEDGE_BASE_APPS:
        for model in apps.get_app_config(label).get_models(include_auto_created=True):
            if not is_version_model(model):
                yield model


def digests():
    """{model label: {primary key: digest of every stored value of the row}}, one query per
    table. Not of its times: they say when a row was written, not what it holds, and a stamp
    taken before they existed stays valid."""
    result = {}
    for model in knowledge_base_models():
        names = [
            f.attname
            for f in model._meta.concrete_fields
            if not f.primary_key and f.attname not in TIMESTAMP_FIELDS
        ]
        rows = model._base_manager.order_by("pk").values_list("pk", *names)
        result[model._meta.label] = {
            str(row[0]): hashlib.blake2b(repr(row[1:]).encode(), digest_size=8).hexdigest()
            for row in rows
        }
    return result


@dataclass
class Edit:
    model: type
    pk: str
    action: str  # "changed", "added" or "deleted"
    label: str = ""  # the record as it reads now, taken before a load writes over it

    def describe(self):
        name = self.model._meta.verbose_name
        if self.action == "deleted":
            return f"{name} #{self.pk}: deleted"
        label = self.label if len(self.label) <= 70 else f"{self.label[:69]}…"
        return f"{name} #{self.pk} {label!r}: {self.action}"


class Unstamped(Exception):
    """The database holds a knowledge base but no stamp of its last load (loaded before
    stamps were kept, or restored without one): its edits cannot be told from the fixtures'
    changes."""


def edits_since_stamp(current):
    """The rows written since the last load or export, as `Edit`s; [] for a new database.
    Raises `Unstamped` when there is no stamp to compare with."""
    stamp = LoadStamp.objects.first()
    if stamp is None:
        if any(current.values()):
            raise Unstamped
        return []
    edits = []
    for model in knowledge_base_models():
        now = current.get(model._meta.label, {})
        then = stamp.digests.get(model._meta.label, {})
        edits += [Edit(model, pk, "deleted") for pk in then.keys() - now.keys()]
        for pk, digest in now.items():
            if pk not in then:
                edits.append(Edit(model, pk, "added"))
            elif then[pk] != digest:
                edits.append(Edit(model, pk, "changed"))
    label(edits)
    return edits


def label(edits):
    """Each edit's record as it reads now: one query per table with edits."""
    by_model = {}
    for edit in edits:
        if edit.action != "deleted":
            by_model.setdefault(edit.model, []).append(edit)
    for model, model_edits in by_model.items():
        objects = model._base_manager.in_bulk([edit.pk for edit in model_edits])
        for edit in model_edits:
            obj = objects.get(model._meta.pk.to_python(edit.pk))
            edit.label = str(obj) if obj is not None else ""


def discarded(edits, before, after):
    """The edits a load undid, from the rows' digests before and after it wrote."""
    lost = []
    for edit in edits:
        label = edit.model._meta.label
        if edit.action == "deleted":
            created = after.get(label, {}).keys() - before.get(label, {}).keys()
            if created:
                lost.append(edit)
        elif after.get(label, {}).get(edit.pk) != before[label][edit.pk]:
            lost.append(edit)
    return lost


def save_stamp(current=None):
    """Record the rows as they are now as untouched."""
    current = digests() if current is None else current
    stamp = LoadStamp.objects.first() or LoadStamp()
    stamp.digests, stamp.stamped_at = current, timezone.now()
    stamp.save()


def describe_edits(edits):
    """Lines naming the edits: a count per model, then the records (at most NAMED_AT_MOST)."""
    counts = {}
    for edit in edits:
        per_model = counts.setdefault(edit.model._meta.verbose_name_plural, {})
        per_model[edit.action] = per_model.get(edit.action, 0) + 1
    lines = [
        f"  {name}: {', '.join(f'{n} {action}' for action, n in actions.items())}"
        for name, actions in counts.items()
    ]
    lines += [f"    {edit.describe()}" for edit in edits[:NAMED_AT_MOST]]
    if len(edits) > NAMED_AT_MOST:
        lines.append(f"    … and {len(edits) - NAMED_AT_MOST} more")
    return lines
