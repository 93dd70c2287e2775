"""Sending deliveries, run by the task worker: one attempt per task run.

A run first moves its delivery from waiting to sending with a conditional
update, so when the same task runs twice (a retried task, a double click on
"Retry now") only one of them makes the attempt and counts it. The request
itself is made outside any transaction and holds no lock.

After a failed attempt the next one is queued as a new task: with a delay
(``run_after``) on backends that can defer, such as the database queue;
straight away on those that cannot, such as the immediate backend.
"""

import datetime
import logging
import random
import time

from django.db import transaction
from django.db.models import F, Q
from django.utils import timezone
from django_tasks import task

from . import event_types
from .addresses import AddressProblem, parse, resolve
from .conf import setting
from .models import STALE_AFTER, Delivery
from .signing import HEADER, sign
from .transport import SendError, post

logger = logging.getLogger(__name__)

USER_AGENT = "GlossaryCMS-Webhooks/1"
WAITING = [Delivery.Status.PENDING, Delivery.Status.RETRYING]


def headers_for(delivery, secret, timestamp):
    """The request headers of one attempt at ``delivery``."""
    return {
        "Content-Type": "application/json",
        "User-Agent": USER_AGENT,
        "X-Glossary-Event": delivery.event,
        "X-Glossary-Delivery": str(delivery.pk),
        HEADER: sign(secret, timestamp, delivery.body.encode("utf-8")),
    }


def backoff(attempt):
    """Seconds to wait after failed attempt number ``attempt`` (1 for the first).

    The base doubles with each attempt (30, 60, 120, … by default), plus up to
    a tenth more at random, so that many deliveries failing together at an
    outage do not all come back at the same moment.
    """
    delay = float(setting("BACKOFF_BASE")) * 2 ** (attempt - 1)
    return delay + random.uniform(0, delay / 10)


def enqueue(delivery_id, run_after=None):
    """Queue an attempt at a delivery, deferred to ``run_after`` if possible."""
    if run_after is not None and deliver.get_backend().supports_defer:
        deliver.using(run_after=run_after).enqueue(str(delivery_id))
    else:
        deliver.enqueue(str(delivery_id))


@task()
def deliver(delivery_id):
    """One attempt at a delivery; after a failure, the next attempt is queued."""
    delivery = (
        Delivery.objects.select_related("endpoint")
        .filter(pk=delivery_id, status__in=WAITING)
        .first()
    )
    if delivery is None:
        return
    endpoint = delivery.endpoint
    if endpoint is None or (
        not endpoint.enabled and delivery.event != event_types.TEST
    ):
        Delivery.objects.filter(pk=delivery.pk, status__in=WAITING).update(
            status=Delivery.Status.CANCELLED,
            next_attempt_at=None,
            last_error="Not sent: the endpoint was deleted."
            if endpoint is None
            else "Not sent: the endpoint was turned off.",
        )
        return

    started = timezone.now()
    claimed = Delivery.objects.filter(pk=delivery.pk, status__in=WAITING).update(
        status=Delivery.Status.SENDING,
        attempts=F("attempts") + 1,
        last_attempt_at=started,
        next_attempt_at=None,
    )
    if not claimed:
        return
    attempt = Delivery.objects.values_list("attempts", flat=True).get(pk=delivery.pk)

    outcome = _attempt(delivery, endpoint)
    if outcome["status"] == Delivery.Status.SUCCEEDED:
        outcome["delivered_at"] = timezone.now()
        _record(delivery, outcome)
        return

    if attempt < setting("MAX_ATTEMPTS"):
        retry_at = timezone.now()
        deferred = deliver.get_backend().supports_defer
        if deferred:
            retry_at += datetime.timedelta(seconds=backoff(attempt))
        outcome.update(status=Delivery.Status.RETRYING, next_attempt_at=retry_at)
        if _record(delivery, outcome):
            enqueue(delivery.pk, retry_at)
    else:
        outcome["status"] = Delivery.Status.FAILED
        if _record(delivery, outcome):
            logger.warning(
                "Webhook %s to %s failed after %d attempts: %s",
                delivery.event,
                endpoint.name,
                attempt,
                outcome["last_error"],
            )


def _attempt(delivery, endpoint):
    """Send once; the fields that record how it went."""
    body = delivery.body.encode("utf-8")
    headers = headers_for(delivery, endpoint.secret, int(time.time()))
    outcome = {
        "request_headers": headers,
        "response_code": None,
        "duration_ms": None,
        "target": "",
        "last_error": "",
    }
    started = time.monotonic()
    try:
        target = parse(endpoint.url)
        outcome["target"] = target.origin
        # Checked again now: what the name points to may have changed since
        # the endpoint was saved.
        addresses = resolve(target)
        answer = post(target, addresses, body, headers, setting("TIMEOUT"))
    except (AddressProblem, SendError) as problem:
        outcome["last_error"] = problem.message
    except Exception:
        logger.exception("Webhook delivery %s could not be sent", delivery.pk)
        outcome["last_error"] = "Not sent because of an error in the CMS."
    else:
        outcome["response_code"] = answer.status
        if 200 <= answer.status < 300:
            outcome["status"] = Delivery.Status.SUCCEEDED
        elif 300 <= answer.status < 400:
            outcome["last_error"] = (
                f"HTTP {answer.status}: redirects are not followed"
                + (f" (to {answer.location})" if answer.location else "")
                + ". Enter the final address instead."
            )
        else:
            outcome["last_error"] = " ".join(
                part
                for part in (f"HTTP {answer.status}", answer.reason, answer.text)
                if part
            )
    outcome["duration_ms"] = round((time.monotonic() - started) * 1000)
    outcome.setdefault("status", Delivery.Status.FAILED)
    outcome["last_error"] = outcome["last_error"][:500]
    return outcome


def _record(delivery, fields):
    """Store how an attempt went, unless "Retry now" took the delivery meanwhile."""
    return bool(
        Delivery.objects.filter(pk=delivery.pk, status=Delivery.Status.SENDING).update(
            **fields
        )
    )


def retry(delivery):
    """Queue a delivery that gave up (or lost its worker) again; False if it can't.

    A delivery that had used up its attempts gets one more.
    """
    if not delivery.can_retry:
        return False
    stale = timezone.now() - STALE_AFTER
    moved = (
        Delivery.objects.filter(pk=delivery.pk, endpoint__isnull=False)
        .filter(
            Q(status__in=[Delivery.Status.FAILED, Delivery.Status.CANCELLED])
            | Q(status=Delivery.Status.SENDING, last_attempt_at__lt=stale)
            | Q(status__in=WAITING, next_attempt_at__lt=stale)
        )
        .update(
            status=Delivery.Status.PENDING,
            next_attempt_at=timezone.now(),
            last_error="",
        )
    )
    if moved:
        transaction.on_commit(lambda: enqueue(delivery.pk), robust=True)
    return bool(moved)
