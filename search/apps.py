from django.apps import AppConfig


class SearchConfig(AppConfig):
    name = "search"
    verbose_name = "Search"

    def ready(self):
        from bases.filters import SearchFilter

        from .engine import matching_records

        # Every list's `search=` goes through the index (bases.filters.SearchFilter).
        SearchFilter.index = staticmethod(matching_records)
