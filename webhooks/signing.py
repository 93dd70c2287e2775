"""The ``X-Glossary-Signature`` header: who sent a webhook, and when.

``t=<unix seconds>,v1=<hex HMAC-SHA256 of "<t>.<body>" keyed with the secret>``.
The time is signed with the body, so a receiver that checks it refuses a
message recorded and replayed later. ``verify`` is what the README shows
receivers written in Python.
"""

import hashlib
import hmac
import time

HEADER = "X-Glossary-Signature"
VERSION = "v1"


def _as_bytes(value):
    return value.encode("utf-8") if isinstance(value, str) else bytes(value)


def _digest(secret, timestamp, body):
    message = f"{timestamp}.".encode("ascii") + _as_bytes(body)
    return hmac.new(_as_bytes(secret), message, hashlib.sha256).hexdigest()


def sign(secret, timestamp, body):
    """The header value for ``body`` (the exact bytes sent) at ``timestamp``."""
    timestamp = int(timestamp)
    return f"t={timestamp},{VERSION}={_digest(secret, timestamp, body)}"


def verify(secret, header, body, tolerance=300, now=None):
    """True if ``header`` signs ``body`` with ``secret`` within ``tolerance`` seconds.

    ``body`` must be the raw request body, not JSON parsed and dumped again.
    A header may carry several ``v1`` values; any one matching is enough.
    """
    if not header or not isinstance(header, str):
        return False
    timestamp = None
    signatures = []
    for item in header.split(","):
        key, _sep, value = item.strip().partition("=")
        if key == "t" and value.isascii() and value.isdigit():
            timestamp = int(value)
        elif key == VERSION and value:
            signatures.append(value)
    if timestamp is None or not signatures:
        return False
    now = time.time() if now is None else now
    if abs(now - timestamp) > tolerance:
        return False
    expected = _digest(secret, timestamp, body).encode("ascii")
    # Every candidate is compared, so the time taken says nothing about which
    # one (if any) was close.
    matches = [
        hmac.compare_digest(expected, candidate.encode("utf-8", "replace"))
        for candidate in signatures
    ]
    return any(matches)
