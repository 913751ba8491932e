"""The public keys of records numbered within a parent, shared by the site's pages and the API."""

import re

from django.http import Http404

# Orders are small positive integers (PositiveSmallIntegerField): a longer number is no key,
# and would overflow the database's integer before it could miss.
MAX_ORDER = 32767


class ChildKey:
    """The key of a record numbered within its parent: "<parent key>-<order>", e.g. quote
    "5-3" (barrier 5's third quote) or challenge "crete-2". Stable as long as the report's
    order is, which the fixtures keep; primary keys are not part of the public contract.
    """

    def __init__(self, parent, parent_key, parent_pattern):
        self.parent, self.parent_key = parent, parent_key
        self.pattern = rf"{parent_pattern}-[0-9]+"

    def of(self, record):
        return f"{getattr(getattr(record, self.parent), self.parent_key)}-{record.order}"

    def lookup(self, key):
        """Filter arguments for `key`; 404 for a key that cannot exist (one the database
        could not even compare, such as barrier "five")."""
        if not re.fullmatch(self.pattern, key, re.ASCII):
            raise Http404
        parent, _, order = key.rpartition("-")
        if int(order) > MAX_ORDER:
            raise Http404
        return {f"{self.parent}__{self.parent_key}": parent, "order": int(order)}
