"""The limits on what readers can send: a rate per client, and a cap on the pending queue.

Both are counted in the database, so every worker and every host sees the same counts (a
per-process cache would let each worker accept its own share). The client is a keyed hash of
its address as the API's rates read it (DRF, with NUM_PROXIES), so no address is stored.
"""

import hashlib
import hmac
from datetime import timedelta

from django.conf import settings
from django.utils import timezone
from rest_framework.throttling import BaseThrottle

from .models import Correction, PracticeProposal

SUBMISSION_MODELS = (Correction, PracticeProposal)


def client_of(request):
    address = BaseThrottle().get_ident(request) or ""
    key = settings.SECRET_KEY.encode()
    return hmac.new(key, address.encode(), hashlib.sha256).hexdigest()


def over_rate(client):
    """True when the client sent CONTRIBUTIONS_RATE[0] submissions (both kinds together)
    within the last CONTRIBUTIONS_RATE[1] seconds."""
    count, seconds = settings.CONTRIBUTIONS_RATE
    since = timezone.now() - timedelta(seconds=seconds)
    sent = sum(
        m.objects.filter(client=client, submitted__gte=since).count() for m in (SUBMISSION_MODELS)
    )
    return sent >= count


def queue_full(model):
    return model.objects.pending().count() >= settings.CONTRIBUTIONS_MAX_PENDING
