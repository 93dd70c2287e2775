"""Webhook endpoints that editors set up, and the log of every message sent."""

import datetime
import json
import secrets
import uuid

from django.db import models
from django.utils import timezone

from . import event_types
from .addresses import MAX_URL_LENGTH, AddressProblem, parse, validate_url

MIN_SECRET_LENGTH = 16
# A delivery still "sending" this long after its attempt began lost its worker
# (a restart, a crash) and may be retried by hand.
STALE_AFTER = datetime.timedelta(minutes=10)


def new_secret():
    return secrets.token_urlsafe(32)


class Endpoint(models.Model):
    """An address the CMS tells about changes, such as a frontend's rebuild hook."""

    name = models.CharField(
        max_length=100,
        help_text="A name your team will recognise in the delivery log, "
        "e.g. “Frontend rebuild” or “Search index”.",
    )
    url = models.CharField(
        "URL",
        max_length=MAX_URL_LENGTH,
        validators=[validate_url],
        help_text="The web address the messages go to, starting with https://. "
        "The team that runs the receiving site gives you this address.",
    )
    secret = models.CharField(
        max_length=200,
        blank=True,
        help_text="Leave empty and a strong secret is made for you when you save. "
        "Give it to the team that runs the receiving site: it lets them check "
        "that each message really comes from this CMS. Replace it if it may "
        "have been seen by someone else.",
    )
    events = models.JSONField(
        default=list,
        help_text="What the receiving site wants to hear about. Tick only what "
        "it needs; each message is one request to it.",
    )
    enabled = models.BooleanField(
        "on",
        default=True,
        help_text="Untick to stop sending messages here for now, without losing "
        "the settings. Messages still waiting to be retried are cancelled.",
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["name"]
        verbose_name = "webhook endpoint"

    def __str__(self):
        return self.name

    def save(self, *args, **kwargs):
        if not self.secret:
            self.secret = new_secret()
        super().save(*args, **kwargs)

    def subscribes_to(self, event):
        return event in (self.events or [])

    @property
    def origin(self):
        """Where messages go, without the path, which may hold a token."""
        try:
            return parse(self.url).origin
        except AddressProblem:
            return ""


class Delivery(models.Model):
    """One message to one endpoint: what was sent, and how the attempts went."""

    class Status(models.TextChoices):
        PENDING = "pending", "Waiting"
        SENDING = "sending", "Sending"
        RETRYING = "retrying", "Will retry"
        SUCCEEDED = "succeeded", "Delivered"
        FAILED = "failed", "Failed"
        CANCELLED = "cancelled", "Cancelled"

    # Doubles as the message id receivers see, so they can drop a repeat.
    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    endpoint = models.ForeignKey(
        Endpoint,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="deliveries",
    )
    # Kept so the log still says where a message went after the endpoint is
    # deleted.
    endpoint_name = models.CharField(max_length=100)
    event = models.CharField(
        max_length=50,
        choices=[(name, name) for name in event_types.ALL],
        db_index=True,
    )
    # The exact JSON sent, fixed when the event happened: every attempt sends
    # the same bytes, and a retry reports the change as it was.
    body = models.TextField()
    status = models.CharField(
        max_length=20, choices=Status.choices, default=Status.PENDING, db_index=True
    )
    attempts = models.PositiveSmallIntegerField(default=0)
    created_at = models.DateTimeField("time", default=timezone.now, db_index=True)
    last_attempt_at = models.DateTimeField(null=True, blank=True)
    next_attempt_at = models.DateTimeField(null=True, blank=True)
    delivered_at = models.DateTimeField(null=True, blank=True)
    response_code = models.PositiveSmallIntegerField(null=True, blank=True)
    duration_ms = models.PositiveIntegerField("duration (ms)", null=True, blank=True)
    last_error = models.CharField(max_length=500, blank=True)
    # scheme://host[:port] of the last attempt; never the path or the secret.
    target = models.CharField("sent to", max_length=300, blank=True)
    # The headers of the last attempt, signature included (it reveals nothing
    # of the secret).
    request_headers = models.JSONField(default=dict, blank=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = "webhook delivery"
        verbose_name_plural = "webhook deliveries"

    def __str__(self):
        return f"{self.event} to {self.endpoint_label}"

    @property
    def endpoint_label(self):
        if self.endpoint_id is None:
            return f"{self.endpoint_name} (deleted)"
        return self.endpoint.name

    @property
    def payload(self):
        return json.loads(self.body)

    @property
    def in_progress(self):
        return self.status in {self.Status.PENDING, self.Status.SENDING}

    @property
    def can_retry(self):
        """Whether "Retry now" applies: given up, or lost by its worker.

        Lost: sending for longer than ``STALE_AFTER`` (its worker died), or
        waiting that long past its due time (its queued attempt never made
        it to the queue).
        """
        if self.endpoint_id is None:
            return False
        if self.status in {self.Status.FAILED, self.Status.CANCELLED}:
            return True
        stale = timezone.now() - STALE_AFTER
        if self.status == self.Status.SENDING:
            return self.last_attempt_at is not None and self.last_attempt_at < stale
        return self.status in {self.Status.PENDING, self.Status.RETRYING} and (
            self.next_attempt_at is not None and self.next_attempt_at < stale
        )
