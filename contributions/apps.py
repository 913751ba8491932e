from django.apps import AppConfig


class ContributionsConfig(AppConfig):
    name = "contributions"
    verbose_name = "Contributions from readers"

    def ready(self):
        # The record admins show a correction under review beside the record they edit.
        from provenance.admin_guard import register_aside

        from .admin import correction_aside

        register_aside(correction_aside)
