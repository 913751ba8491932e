"""What a request may ask for: its format and its query parameters.

- `?format=`: an unknown format is a 400 naming the formats there are (DRF answers 404).
- `Accept: application/problem+json` alone is answered, not refused with 406: errors come
  as problem details (bases.rest.exceptions), other answers as JSON.
- A query parameter that the view's operation in the OpenAPI schema does not declare is a
  400 naming it and listing those accepted. The schema is the one list: a FilterSet's
  filters, the pagination's `page` and `page_size`, `format`, and whatever the view declares
  with `extend_schema(parameters=[…])` are accepted because they are documented there.

Content negotiation runs at the start of every API view, whatever its base class, so the
check applies to every endpoint the schema describes; views it leaves out (excluded from
the schema) are not checked.
"""

from rest_framework.exceptions import NotAcceptable, ValidationError
from rest_framework.negotiation import DefaultContentNegotiation
from rest_framework.renderers import JSONRenderer
from rest_framework.settings import api_settings

from .exceptions import PROBLEM_MEDIA_TYPE


class KnowledgeBaseContentNegotiation(DefaultContentNegotiation):
    def select_renderer(self, request, renderers, format_suffix=None):
        check_query_parameters(request)
        try:
            return super().select_renderer(request, renderers, format_suffix)
        except NotAcceptable:
            if PROBLEM_MEDIA_TYPE not in request.META.get("HTTP_ACCEPT", ""):
                raise
            json = next(renderer for renderer in renderers if isinstance(renderer, JSONRenderer))
            return json, json.media_type

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


def check_query_parameters(request):
    # Imported here: the schema generator imports DRF's views, which import this class.
    from .schema import documented_query_parameters, operation_key

    view = (getattr(request, "parser_context", None) or {}).get("view")
    if view is None or request.method == "OPTIONS":
        return
    method = "GET" if request.method == "HEAD" else request.method
    accepted = documented_query_parameters().get(operation_key(view, method))
    if accepted is None:
        return  # not in the schema
    unknown = sorted(set(request.query_params) - accepted)
    if unknown:
        listed = ", ".join(sorted(accepted)) or "none"
        raise ValidationError(
            {
                name: [f"Unknown parameter “{name}”. This endpoint accepts: {listed}."]
                for name in unknown
            }
        )
