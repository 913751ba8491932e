from django.apps import AppConfig


class PreciseuKbConfig(AppConfig):
    name = "preciseu_kb"
    verbose_name = "PRECISEU knowledge base"

    def ready(self):
        from . import changes

        changes.connect()
