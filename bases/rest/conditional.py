"""Conditional GET: a strong `ETag` on every successful read, `304 Not Modified` on a match.

The tag is a hash of the body as sent, so it changes exactly when the representation does
(any data change, another format or page). There is no `Last-Modified`: the records carry
no modification time, and a time invented at load would be wrong after every reload.
"""

import hashlib
from functools import partial

from django.utils.cache import get_conditional_response, quote_etag

SAFE_READS = {"GET", "HEAD"}


class ConditionalGetMixin:
    """For API views: tag the response once it is rendered, and answer 304 if the client
    already holds this representation (If-None-Match)."""

    def finalize_response(self, request, response, *args, **kwargs):
        response = super().finalize_response(request, response, *args, **kwargs)
        if request.method in SAFE_READS and response.status_code == 200:
            response.add_post_render_callback(partial(tag_or_not_modified, request))
        return response


def tag_or_not_modified(request, response):
    etag = quote_etag(hashlib.sha256(response.content).hexdigest())
    response["ETag"] = etag
    return get_conditional_response(request, etag=etag, response=response)
