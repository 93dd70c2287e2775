"""Telling endpoints that something happened: the one entry point for the project.

``dispatch`` only writes rows: one delivery per enabled endpoint that
subscribes to the event, with its message fixed there and then. The attempts
are queued once the surrounding transaction commits, so a change that is
rolled back announces nothing, and publishing never waits for a receiver.
"""

import json
import uuid
from collections.abc import Mapping
from datetime import UTC

from django.core.serializers.json import DjangoJSONEncoder
from django.db import transaction
from django.utils import timezone

from . import event_types, tasks
from .models import Delivery, Endpoint

RESERVED_KEYS = {"id", "event", "time"}
TEST_MESSAGE = (
    "A test message from the Creator Glossary CMS. If the signature checks "
    "out, this endpoint is ready."
)


def dispatch(event: str, data: dict) -> list[Delivery]:
    """Queue ``event`` with ``data`` for every enabled endpoint subscribed to it.

    Each receiver gets ``{"id", "event", "time", **data}`` as JSON; ``data``
    may hold anything Django's JSON encoder takes (dates, decimals, UUIDs).
    With nobody subscribed this costs one query and writes nothing.
    """
    return _queue(subscribers(event), event, data)


def subscribers(event: str) -> list[Endpoint]:
    """The enabled endpoints subscribed to ``event``, in one query.

    Callers whose message is costly to put together ask this first.
    """
    if event not in event_types.SUBSCRIBABLE:
        raise ValueError(
            f"Unknown webhook event {event!r}; expected one of "
            f"{', '.join(event_types.SUBSCRIBABLE)}."
        )
    return [
        endpoint
        for endpoint in Endpoint.objects.filter(enabled=True)
        if endpoint.subscribes_to(event)
    ]


def send_test(endpoint: Endpoint) -> Delivery:
    """Queue a ``webhook.test`` message to ``endpoint``, even while it is off."""
    return _queue(
        [endpoint],
        event_types.TEST,
        {"endpoint": endpoint.name, "message": TEST_MESSAGE},
    )[0]


def _queue(endpoints, event, data):
    if not isinstance(data, Mapping):
        raise TypeError("Webhook data must be a dict.")
    if clash := RESERVED_KEYS & set(data):
        raise ValueError(
            f"Webhook data may not use the keys {', '.join(sorted(clash))}."
        )
    if not endpoints:
        return []
    now = timezone.now()
    time = now.astimezone(UTC).isoformat(timespec="milliseconds")
    time = time.replace("+00:00", "Z")
    deliveries = []
    for endpoint in endpoints:
        delivery_id = uuid.uuid4()
        payload = {"id": str(delivery_id), "event": event, "time": time, **data}
        deliveries.append(
            Delivery(
                id=delivery_id,
                endpoint=endpoint,
                endpoint_name=endpoint.name,
                event=event,
                body=json.dumps(payload, cls=DjangoJSONEncoder, separators=(",", ":")),
                created_at=now,
                next_attempt_at=now,
            )
        )
    Delivery.objects.bulk_create(deliveries)
    for delivery in deliveries:
        # robust: a queue that cannot be reached is logged, and never turns
        # the editor's already committed change into an error page.
        transaction.on_commit(lambda pk=delivery.pk: tasks.enqueue(pk), robust=True)
    return deliveries
