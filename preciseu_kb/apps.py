from django.apps import AppConfig
from django.db import connections


class PreciseuKbConfig(AppConfig):
    name = "preciseu_kb"
    verbose_name = "PRECISEU knowledge base"

    def ready(self):
        from . import changes, database

        changes.connect()
        if connections["default"].vendor == "postgresql":
            database.install()  # a hung server is a 503 in seconds
