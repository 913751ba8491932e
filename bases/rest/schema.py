"""The OpenAPI schema: drf-spectacular's, plus the error answers and the CSV body."""

from drf_spectacular.openapi import AutoSchema
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter
from rest_framework.permissions import SAFE_METHODS

ERROR_BODY = {
    "type": "object",
    "description": "`detail` for a whole-request error; otherwise the parameters or fields at "
    "fault, each with its messages.",
    "additionalProperties": True,
}
CSV_RULES = (
    "UTF-8 with a byte-order mark, CRLF line ends; a header row of the JSON fields (nested "
    'ones dotted, lists joined by "; "). A text that starts with =, +, -, @, a tab or a '
    "carriage return is written with a leading apostrophe, so that no spreadsheet runs it."
)
CSV_BODY = {"type": "string", "description": f"{CSV_RULES} Then the record's row."}
CSV_LIST_BODY = {
    "type": "string",
    "description": f"{CSV_RULES} Then a row per record: every record the filters choose "
    "(streamed), or one page when `page` or `page_size` is given.",
}

REFUSED_WRITE = {
    "400": "The record breaks a rule (the body names the fields and the rules), or the "
    "format is not allowed.",
    "401": "No credentials: writes need a staff user's token.",
    "403": "The user is not staff.",
}
# Writes to a record name the version they change (bases/rest/concurrency.py).
STALE_WRITE = {
    "412": "The record changed since the ETag sent in If-Match: read it again.",
    "428": "No If-Match: send the ETag of the record's GET (or * to overwrite any version).",
}
IF_MATCH = OpenApiParameter(
    "If-Match",
    OpenApiTypes.STR,
    OpenApiParameter.HEADER,
    description="The ETag of the record's GET: the write is refused (412) if the record "
    "changed since. `*` overwrites whatever version is current. A write without it answers "
    "428.",
)
ERRORS = {
    ("GET", "list"): {"400": "A filter, page, page size, ordering or format is not allowed."},
    ("GET", "detail"): {"400": "The format is not allowed.", "404": "No such record."},
    ("POST", "list"): REFUSED_WRITE,
    ("PUT", "detail"): {**REFUSED_WRITE, "404": "No such record.", **STALE_WRITE},
    ("PATCH", "detail"): {**REFUSED_WRITE, "404": "No such record.", **STALE_WRITE},
    ("DELETE", "detail"): {
        "400": "The format is not allowed.",
        "401": REFUSED_WRITE["401"],
        "403": REFUSED_WRITE["403"],
        "404": "No such record.",
        "409": "Other records still refer to this one.",
        **STALE_WRITE,
    },
}
THROTTLED = {"429": "Too many requests: wait as long as the Retry-After header says."}


class KnowledgeBaseSchema(AutoSchema):
    def _get_response_bodies(self, direction="response"):
        responses = super()._get_response_bodies(direction)
        for status, description in self.error_statuses().items():
            responses.setdefault(
                status,
                {
                    "description": description,
                    "content": {"application/json": {"schema": ERROR_BODY}},
                },
            )
        return responses

    def error_statuses(self):
        kind = "list" if self._is_list_view() or self.method == "POST" else "detail"
        return {**ERRORS.get((self.method, kind), {}), **THROTTLED}

    def get_override_parameters(self):
        parameters = super().get_override_parameters()
        if self.method in {"PUT", "PATCH", "DELETE"} and not self._is_list_view():
            parameters = [*parameters, IF_MATCH]
        return parameters

    def get_auth(self):
        """Reads need no credentials: say so beside the schemes that writes need."""
        auth = super().get_auth()
        if self.method in SAFE_METHODS and {} not in auth:
            auth.append({})
        return auth

    def _get_response_for_code(
        self, serializer, status_code, media_types=None, direction="response"
    ):
        response = super()._get_response_for_code(serializer, status_code, media_types, direction)
        csv = response.get("content", {}).get("text/csv")
        if csv is not None:
            csv["schema"] = CSV_LIST_BODY if self._is_list_view() else CSV_BODY
        return response
