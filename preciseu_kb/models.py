from django.db import models


class DataVersion(models.Model):
    """One row: a token that changes with every committed write to the knowledge base.

    Cached responses are keyed by it (`preciseu_kb.caching`), so a write makes every one of
    them unreachable at once. A shared cache (Redis) or, without one, a stamp file keeps a
    copy that requests read; this row is where the token survives a cleared cache, and where
    requests read it with neither (`DATA_VERSION_FILE=none`).
    """

    token = models.CharField(max_length=32)

    def __str__(self):
        return self.token


class RateCount(models.Model):
    """One row per client of the API (an address, or a user): its requests in the current
    window of its rate (`preciseu_kb.ratelimit`). In the database, so every worker and app
    server counts the same requests, with or without Redis."""

    key = models.CharField(max_length=200, primary_key=True)
    window = models.BigIntegerField(help_text="The window's start, in seconds since the epoch.")
    count = models.PositiveIntegerField()

    def __str__(self):
        return f"{self.key}: {self.count}"
