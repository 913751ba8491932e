"""`ordering`: sort a list by named, documented keys; an unknown key is a 400."""

from rest_framework.exceptions import ValidationError
from rest_framework.filters import BaseFilterBackend

ORDERING_PARAM = "ordering"


class KeyOrderingFilter(BaseFilterBackend):
    """Sorts by the view's `ordering_fields`: {public name: model fields}, e.g.
    {"barrier": ("barrier__number", "order")}. `ordering=-barrier,region` sorts by several,
    a leading `-` descending. The view's `ordering` (its natural order) breaks ties, so pages
    never overlap."""

    def filter_queryset(self, request, queryset, view):
        raw = request.query_params.get(ORDERING_PARAM)
        if not raw:
            return queryset
        terms = [term.strip() for term in raw.split(",") if term.strip()]
        fields = [field for term in terms for field in self.expand(term, view)]
        return queryset.order_by(*fields, *view.ordering)

    def expand(self, term, view):
        name = term.removeprefix("-")
        if name not in view.ordering_fields:
            allowed = ", ".join(view.ordering_fields)
            raise ValidationError(
                {
                    ORDERING_PARAM: [
                        f"Unknown ordering “{term}”. Allowed: {allowed}; "
                        "prefix a name with - to reverse it."
                    ]
                }
            )
        sign = "-" if term.startswith("-") else ""
        return [f"{sign}{field}" for field in view.ordering_fields[name]]

    def get_schema_operation_parameters(self, view):
        names = list(view.ordering_fields)
        return [
            {
                "name": ORDERING_PARAM,
                "required": False,
                "in": "query",
                "description": "Sort by these keys, comma-separated; a leading - reverses one. "
                f"Default: {names[0]}.",
                "schema": {
                    "type": "array",
                    "items": {"type": "string", "enum": names + [f"-{name}" for name in names]},
                },
                "style": "form",
                "explode": False,
            }
        ]
