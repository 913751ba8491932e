"""gzip for the API's answers and the lists' downloads, to the clients that accept it.

BREACH (CVE-2013-3587) reads a secret out of a compressed answer that also reflects what an
attacker sends, by watching its length change. Only answers that can hold no secret are
compressed here: to a request without credentials (no session or other cookie but the CSRF
token's, no `Authorization`), answers that set no cookie, as JSON, CSV, the OpenAPI schema or
another data format, never HTML (a page or the browsable API may hold a CSRF token). Django's
`GZipMiddleware` adds up to 100 random bytes to each gzip header besides ("Heal the Breach").
Excel workbooks and the data package are zip files already, and are sent as they are.

The middleware sits outside the response cache: the cache stores each answer once,
uncompressed, and every client gets it in the encoding it accepts. A compressed answer's
strong ETag becomes weak, as RFC 9110 asks, and still matches `If-None-Match`.
"""

from django.middleware.gzip import GZipMiddleware

from .caching import is_anonymous_read

COMPRESSED_TYPES = (
    "application/json",
    "application/problem+json",
    "application/vnd.oai.openapi",
    "application/geo+json",
    "text/csv",
    "text/plain",
    "image/svg+xml",
    "text/turtle",  # the linked data (taxonomy, catalogue)
    "application/ld+json",
    "application/vnd.sqlite3",  # the whole-dataset download: a sixth of its size gzipped
)


class SecretFreeGZipMiddleware(GZipMiddleware):
    def process_response(self, request, response):
        if not holds_no_secret(request, response):
            return response
        return super().process_response(request, response)


def holds_no_secret(request, response):
    media_type = response.get("Content-Type", "").split(";")[0].strip().lower()
    return media_type in COMPRESSED_TYPES and not response.cookies and is_anonymous_read(request)
