from django.apps import AppConfig
from django.core import checks


class SearchConfig(AppConfig):
    name = "search"
    verbose_name = "Search"

    def ready(self):
        from bases.filters import SearchFilter

        from .checks import check_sqlite_has_fts5
        from .engine import matching_records

        checks.register(check_sqlite_has_fts5)

        # Every list's `search=` goes through the index (bases.filters.SearchFilter).
        SearchFilter.index = staticmethod(matching_records)
