"""Request rates per client, from the settings' DEFAULT_THROTTLE_RATES: "anon" for
anonymous clients (by address), "user" for users with a token or a session (by user).

DRF's own classes copy the rates when first imported; these read them at each request, so
that a rate changed in the settings (or by a test) takes effect. A rate of None lifts the
limit.
"""

from rest_framework.settings import api_settings
from rest_framework.throttling import AnonRateThrottle, UserRateThrottle


class CurrentRateMixin:
    def get_rate(self):
        return api_settings.DEFAULT_THROTTLE_RATES.get(self.scope)


class AnonThrottle(CurrentRateMixin, AnonRateThrottle):
    pass


class UserThrottle(CurrentRateMixin, UserRateThrottle):
    def get_cache_key(self, request, view):
        # DRF's class also counts anonymous clients, by address: lifting the "anon" rate
        # would still leave them the users' rate.
        if not request.user.is_authenticated:
            return None  # not counted
        return super().get_cache_key(request, view)
