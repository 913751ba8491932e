"""The changes feed: every creation, update and deletion of a resource, in order.

The versions of each record are its own (`record.history`, django-simple-history); a
`Change` is one line of the feed partners sync from (`/api/v1/changes/`, the Atom feed):
which resource (kind and key, as the API names it), what happened and when. It is written
with the version, so a deleted record leaves its tombstone here, and a record shown inside
another (a barrier's sub-section) is a change of that one. It is not part of the fixtures:
`export_kb` leaves it out and `load_kb` only adds to it.
"""

from django.db import models


class Change(models.Model):
    class Action(models.TextChoices):
        CREATED = "created", "Created"
        UPDATED = "updated", "Updated"
        DELETED = "deleted", "Deleted"

    kind = models.CharField(max_length=20, help_text="The API's resource: barrier, quote, …")
    key = models.CharField(max_length=200, help_text="The resource's key in the API.")
    action = models.CharField(max_length=10, choices=Action.choices)
    time = models.DateTimeField(db_index=True)
    reason = models.CharField(max_length=300, blank=True)

    class Meta:
        ordering = ["id"]
        indexes = [models.Index(fields=["kind", "key"], name="change_resource")]

    def __str__(self):
        return f"{self.kind} {self.key} {self.action} at {self.time:%Y-%m-%d %H:%M}"
