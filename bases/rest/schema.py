"""The OpenAPI schema: drf-spectacular's, made for client generators.

`KnowledgeBaseSchema` adds what each operation cannot say by itself: its error answers, the
CSV body, and that reads need no credentials (`security: []`, which generators read as
"no authentication": openapi-python-client then accepts a plain `Client`). The hook
`finish_schema` then gives the whole schema what partners need: the problem details of
errors as one shared component, shared enums instead of a copy per operation, every field
of an answer required (the API always sends it, null or not), the licence, the server and
where to learn more.

The schema is also the list of what each operation accepts: `documented_query_parameters`
(read by bases.rest.negotiation) answers 400 to any query parameter it does not declare.
"""

import functools

from drf_spectacular.generators import SchemaGenerator
from drf_spectacular.openapi import AutoSchema
from drf_spectacular.plumbing import ResolvedComponent
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter
from rest_framework.permissions import SAFE_METHODS

from bases import licence
from bases.facets import accepted

from .filtering import facets_schema

PROBLEM_MEDIA_TYPE = "application/problem+json"
PROBLEM = {
    "type": "object",
    "description": "An error, as problem details (RFC 9457).",
    "properties": {
        "type": {
            "type": "string",
            "description": "Always `about:blank`: the status says what happened.",
            "example": "about:blank",
        },
        "title": {"type": "string", "description": "The status's phrase.", "example": "Not Found"},
        "status": {"type": "integer", "description": "The HTTP status.", "example": 404},
        "detail": {"type": "string", "description": "What was wrong, for a person."},
        "code": {
            "type": "string",
            "description": "What was wrong, for a program: `invalid` (see `errors`), "
            "`not_found`, `method_not_allowed`, `not_acceptable`, `throttled`, "
            "`not_authenticated`, `permission_denied`, `parse_error`, "
            "`unsupported_media_type`, `still_referred_to`, …",
            "example": "not_found",
        },
        "errors": {
            "type": "object",
            "description": "With `invalid`: each query parameter or field at fault (nested "
            "fields dotted: `interviews.total`) and its messages.",
            "additionalProperties": {"type": "array", "items": {"type": "string"}},
            "example": {"barrier": ["Unknown barrier number “99”. Allowed: 1, 2, …, 17."]},
        },
    },
    "required": ["type", "title", "status", "detail", "code"],
}
PROBLEM_REF = {"$ref": "#/components/schemas/Problem"}
# The counts of one facet (bases.rest.filtering.facets_schema): value → records.
FACET_COUNTS = {
    "type": "object",
    "description": "Each value, as the filter takes it → the number of records with it.",
    "additionalProperties": {"type": "integer", "minimum": 1},
}
# Answer fields sent only when a parameter asks for them (`?facets=`): never required.
ONLY_WHEN_ASKED = {"facets"}

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

UNKNOWN_PARAMETER = "a query parameter this operation does not declare (the body names it "
REFUSED_WRITE = {
    "400": "The record breaks a rule (the body names the fields and the rules), the "
    f"format is not allowed, or {UNKNOWN_PARAMETER}and lists those accepted).",
    "401": "No credentials: writes need a staff user's token.",
    "403": "The user is not staff.",
}
NO_RECORD = "No record has this key."
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
    ("GET", "list"): {
        "400": "A filter, page, page size, ordering or format is not allowed (a page past "
        f"the last is refused too, naming the pages there are), or {UNKNOWN_PARAMETER}"
        "and lists those accepted)."
    },
    ("GET", "detail"): {
        "400": f"The format is not allowed, or {UNKNOWN_PARAMETER}and lists those accepted).",
        "404": NO_RECORD,
    },
    ("POST", "list"): REFUSED_WRITE,
    ("PUT", "detail"): {**REFUSED_WRITE, "404": NO_RECORD, **STALE_WRITE},
    ("PATCH", "detail"): {**REFUSED_WRITE, "404": NO_RECORD, **STALE_WRITE},
    ("DELETE", "detail"): {
        "400": REFUSED_WRITE["400"],
        "401": REFUSED_WRITE["401"],
        "403": REFUSED_WRITE["403"],
        "404": NO_RECORD,
        "409": "Other records still refer to this one.",
        **STALE_WRITE,
    },
}
EVERY_OPERATION = {
    "405": "The method is not allowed here (the `Allow` header lists those that are).",
    "406": "No format asked for in `Accept` can be given.",
    "429": "Too many requests: wait as long as the Retry-After header says.",
}

# {operation_key: names of the query parameters it declares}, filled as the schema is built.
_documented = {}


def operation_key(view, method):
    """What names one operation of the schema: the view's class, its action (a viewset's
    `list`, `retrieve`, …; None for a plain view) and the method."""
    return type(view), getattr(view, "action", None), method.upper()


@functools.cache
def documented_query_parameters():
    """{operation_key: accepted query parameter names}, from the schema built once per
    process (it reads no data, so it cannot go stale)."""
    SchemaGenerator().get_schema(request=None, public=True)
    return dict(_documented)


# The summary of a resource's operation, by action, around the records' plural name.
SUMMARIES = {
    "list": "The {}",
    "retrieve": "One of the {}, by its key",
    "create": "Add to the {} (staff)",
    "update": "Replace one of the {} (staff)",
    "partial_update": "Change some fields of one of the {} (staff)",
    "destroy": "Delete one of the {} (staff)",
}


class KnowledgeBaseSchema(AutoSchema):
    def get_operation(self, *args, **kwargs):
        operation = super().get_operation(*args, **kwargs)
        if operation is not None:
            names = {p["name"] for p in operation.get("parameters", []) if p["in"] == "query"}
            _documented[operation_key(self.view, self.method)] = frozenset(names)
        return operation

    def get_summary(self):
        """A line per operation, so that the six of a resource do not share one docstring."""
        summary = super().get_summary()
        queryset = getattr(self.view, "queryset", None)
        action = getattr(self.view, "action", None)
        if summary or queryset is None or action not in SUMMARIES:
            return summary
        return SUMMARIES[action].format(queryset.model._meta.verbose_name_plural)

    def _get_paginator(self):
        """A list with facets documents its `facets` object, a component of its own
        (`<Model>Facets`), and names its page `Paginated<Serializer>FacetedList`, so that a
        list of the same records without facets keeps a page schema without them."""
        paginator = super()._get_paginator()
        filterset_class = getattr(self.view, "filterset_class", None)
        if paginator is not None and accepted(filterset_class):
            component = ResolvedComponent(
                name=f"{filterset_class._meta.model.__name__}Facets",
                type=ResolvedComponent.SCHEMA,
                object=filterset_class,
                schema=facets_schema(filterset_class),
            )
            self.registry.register_on_missing(component)
            paginator.facets_schema = component.ref
        return paginator

    def get_paginated_name(self, serializer_name):
        if accepted(getattr(self.view, "filterset_class", None)):
            return f"Paginated{serializer_name}FacetedList"
        return super().get_paginated_name(serializer_name)

    def _get_response_bodies(self, direction="response"):
        responses = super()._get_response_bodies(direction)
        for status, description in self.error_statuses().items():
            responses.setdefault(status, {"description": description})
        return responses

    def error_statuses(self):
        # A record's own action (its history) answers a list, and 404 for no such record.
        on_a_record = getattr(self.view, "detail", False)
        listing = self._is_list_view() and not on_a_record
        kind = "list" if listing or self.method == "POST" else "detail"
        return {**ERRORS.get((self.method, kind), {}), **EVERY_OPERATION}

    def get_override_parameters(self):
        parameters = super().get_override_parameters()
        if self.method in {"PUT", "PATCH", "DELETE"} and not self._is_list_view():
            parameters = [*parameters, IF_MATCH]
        return parameters

    def get_auth(self):
        """Reads need no credentials: `security: []` (set by `finish_schema`)."""
        return [] if self.method in SAFE_METHODS else super().get_auth()

    def _get_response_for_code(
        self, serializer, status_code, media_types=None, direction="response"
    ):
        response = super()._get_response_for_code(serializer, status_code, media_types, direction)
        csv = response.get("content", {}).get("text/csv")
        if csv is not None:
            csv["schema"] = CSV_LIST_BODY if self._is_list_view() else CSV_BODY
        return response


def finish_schema(result, generator, request, public):
    """A drf-spectacular post-processing hook (SPECTACULAR_SETTINGS), run after its own."""
    components = result.setdefault("components", {}).setdefault("schemas", {})
    for operations in result["paths"].values():
        for method, operation in operations.items():
            if method.upper() in SAFE_METHODS:
                operation["security"] = []
            for status, response in operation["responses"].items():
                if int(status) >= 400:
                    response["content"] = {PROBLEM_MEDIA_TYPE: {"schema": PROBLEM_REF}}
    share_parameter_enums(result, components)
    typed_nulls(result)
    for name, component in components.items():
        # A list's facets object holds only the facets asked for (bases.rest.filtering).
        if name.endswith(("Request", "Facets")) or not component.get("properties"):
            continue
        component["required"] = sorted(set(component["properties"]) - ONLY_WHEN_ASKED)
    components["Problem"] = PROBLEM  # `errors` only on a 400
    components["FacetCounts"] = FACET_COUNTS
    result["info"].update(
        # OpenAPI's License object: `url` and `identifier` exclude each other; the URL is
        # the one a reader can follow. The sources' text is under no licence (bases.licence).
        license={"name": licence.api_licence()["name"], "url": licence.api_licence()["url"]},
        contact={"name": "About the knowledge base", "url": absolute(request, "/about/")},
    )
    result["servers"] = [{"url": absolute(request, "/"), "description": "This server."}]
    return result


def share_parameter_enums(result, components):
    """One component per enum of a query parameter that several operations share (`format`:
    csv or json), so that a generated client has one type for it, not a copy per
    operation."""
    uses = {}
    for operations in result["paths"].values():
        for operation in operations.values():
            for parameter in operation.get("parameters", []):
                values = parameter["schema"].get("enum")
                if values is not None:
                    uses.setdefault((parameter["name"], tuple(values)), []).append(parameter)
    names = [name for name, _ in uses]
    for (name, values), parameters in uses.items():
        if len(parameters) < 2 or names.count(name) > 1:
            continue  # one operation's own, or a name with several sets: left in place
        component = "".join(word.capitalize() for word in name.split("_")) + "Parameter"
        components[component] = {
            "type": parameters[0]["schema"].get("type", "string"),
            "enum": list(values),
        }
        for parameter in parameters:
            parameter["schema"] = {"$ref": f"#/components/schemas/{component}"}


def typed_nulls(value):
    """OpenAPI 3.1 has no `nullable`: null is a type. drf-spectacular converts the fields it
    builds, not the schemas written by hand for 3.0 (DRF's pagination, ours)."""
    if isinstance(value, dict):
        if value.pop("nullable", None) and "type" in value:
            value["type"] = [value["type"], "null"]
        for item in value.values():
            typed_nulls(item)
    elif isinstance(value, list):
        for item in value:
            typed_nulls(item)


def absolute(request, path):
    return request.build_absolute_uri(path) if request is not None else path
