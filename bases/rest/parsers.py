"""Request bodies: JSON within bounds, so that a hostile body is a 400 or a 413, never a 500.

Python's JSON decoder recurses once per level, so a body nested 100,000 deep exhausts the
stack (RecursionError), and one nested a few hundred deep parses but then exhausts it in
the validation that walks it. No record of the knowledge base is nested more than three
levels (a section's footnotes: a list of objects), so anything deeper than `MAX_DEPTH` is
refused as it is read. A body larger than Django's `DATA_UPLOAD_MAX_MEMORY_SIZE` (the limit
Django applies to form posts) is refused without being read whole.
"""

import io

from django.conf import settings
from rest_framework import status
from rest_framework.exceptions import APIException, ParseError
from rest_framework.parsers import JSONParser

MAX_DEPTH = 20


class RequestTooLarge(APIException):
    status_code = status.HTTP_413_REQUEST_ENTITY_TOO_LARGE
    default_detail = "The request body is too large."
    default_code = "request_too_large"


class BoundedJSONParser(JSONParser):
    def parse(self, stream, media_type=None, parser_context=None):
        limit = settings.DATA_UPLOAD_MAX_MEMORY_SIZE
        if limit is not None and stream is not None:
            body = stream.read(limit + 1)
            if len(body) > limit:
                raise RequestTooLarge(f"The request body is larger than {limit} bytes.")
            stream = io.BytesIO(body)
        try:
            data = super().parse(stream, media_type, parser_context)
        except RecursionError:
            data = None
            too_deep = True
        else:
            too_deep = depth(data) > MAX_DEPTH
        if too_deep:
            raise ParseError(f"JSON parse error - nested more than {MAX_DEPTH} levels deep.")
        return data


def depth(data):
    """How deeply `data` nests lists and objects, without recursing."""
    deepest, pending = 0, [(data, 1)]
    while pending:
        value, level = pending.pop()
        if isinstance(value, dict | list):
            deepest = max(deepest, level)
            children = value.values() if isinstance(value, dict) else value
            pending.extend((child, level + 1) for child in children)
    return deepest
