from django.db import models


class DataVersion(models.Model):
    """One row: a token that changes with every committed write to the knowledge base.

    Cached responses are keyed by it (`preciseu_kb.caching`), so a write makes every one of
    them unreachable at once. The cache keeps a copy of the token; this row is where it
    survives a cleared cache and where processes without a shared cache read it.
    """

    token = models.CharField(max_length=32)

    def __str__(self):
        return self.token
