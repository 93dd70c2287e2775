"""The ``WEBHOOKS`` setting, read on every use so tests can change it."""

from django.conf import settings

DEFAULTS = {
    # None follows DEBUG: allowed while developing locally, refused in production.
    "ALLOW_PRIVATE_ADDRESSES": None,
    "TIMEOUT": 5,
    "MAX_ATTEMPTS": 6,
    "BACKOFF_BASE": 30,
    "KEEP_DAYS": 30,
}


def setting(name):
    value = {**DEFAULTS, **getattr(settings, "WEBHOOKS", {})}[name]
    if name == "ALLOW_PRIVATE_ADDRESSES" and value is None:
        return bool(settings.DEBUG)
    return value
