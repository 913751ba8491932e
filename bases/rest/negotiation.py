"""`?format=`: an unknown format is a 400 naming the formats there are (DRF answers 404)."""

from rest_framework.exceptions import ValidationError
from rest_framework.negotiation import DefaultContentNegotiation
from rest_framework.settings import api_settings


class KnowledgeBaseContentNegotiation(DefaultContentNegotiation):
    def filter_renderers(self, renderers, format):
        matching = [renderer for renderer in renderers if renderer.format == format]
        if not matching:
            allowed = ", ".join(renderer.format for renderer in renderers)
            raise ValidationError(
                {
                    api_settings.URL_FORMAT_OVERRIDE: [
                        f"Unknown format “{format}”. Allowed: {allowed}."
                    ]
                }
            )
        return matching
