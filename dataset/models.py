from django.db import models


class LoadStamp(models.Model):
    """One row: a digest of every knowledge-base row as the last load of the fixtures (or
    the last export into the project's fixtures) left it.

    A row whose digest differs, or that is new or gone, was written since by someone else
    (the admin, the API, a shell, SQL): an edit the fixtures do not hold yet. `load_kb`
    refuses to load over such edits (`dataset.edits`), so that no start or reload discards
    them. Digests, not a flag set by each write: a write that sends no signal (a queryset's
    update(), SQL, a restored dump) is seen all the same.
    """

    digests = models.JSONField()  # {model label: {primary key: digest of the row}}
    stamped_at = models.DateTimeField()

    def __str__(self):
        return f"load stamp of {self.stamped_at:%Y-%m-%d %H:%M}"
