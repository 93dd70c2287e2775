"""Settings → Webhook deliveries: the log of every message, read-only.

Rows are written by ``dispatch`` and the worker, never by hand. Editors read
the log; whoever manages endpoints may also send a failed delivery again.
"""

import datetime
import json

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Permission
from django.db.models import Q
from django.urls import path, reverse
from django.utils.functional import cached_property
from django.utils.http import urlencode
from wagtail.admin import messages
from wagtail.admin.ui.tables import Column, StatusTagColumn, TitleColumn
from wagtail.admin.views import generic
from wagtail.admin.views.generic.base import BaseOperationView
from wagtail.admin.views.generic.permissions import PermissionCheckedMixin
from wagtail.admin.viewsets.model import ModelViewSet
from wagtail.permission_policies import ModelPermissionPolicy

from . import tasks
from .models import Delivery

MANAGE_PERMISSION = "webhooks.change_endpoint"


def when(moment):
    """A time in the log: to the second, in UTC, the same for every reader."""
    return f"{moment.astimezone(datetime.UTC):%d %b %Y %H:%M:%S} UTC"


def delivery_log_url(endpoint):
    return (
        reverse("webhook_deliveries:index") + "?" + urlencode({"endpoint": endpoint.pk})
    )


class DeliveryPermissionPolicy(ModelPermissionPolicy):
    """The log may be read (and retried) but never written by hand.

    Reading takes the "view" permission on deliveries, or the right to manage
    endpoints; "retry" takes the right to manage endpoints. Nobody, not even
    a superuser, adds, edits or deletes a delivery in the admin.
    """

    def user_has_permission(self, user, action):
        if action == "view":
            return super().user_has_permission(user, "view") or user.has_perm(
                MANAGE_PERMISSION
            )
        if action == "retry":
            return user.has_perm(MANAGE_PERMISSION)
        return False

    def users_with_any_permission(self, actions):
        codenames = set()
        if {"view", "retry"} & set(actions):
            codenames.add(MANAGE_PERMISSION.partition(".")[2])
        if "view" in actions:
            codenames.add("view_delivery")
        if not codenames:
            return get_user_model().objects.none()
        permissions = Permission.objects.filter(
            content_type__app_label="webhooks", codename__in=codenames
        )
        return (
            get_user_model()
            .objects.filter(
                Q(is_superuser=True)
                | Q(user_permissions__in=permissions)
                | Q(groups__permissions__in=permissions),
                is_active=True,
            )
            .distinct()
        )


class DeliveryIndexView(generic.IndexView):
    page_title = "Webhook deliveries"

    def get_base_queryset(self):
        return (
            super()
            .get_base_queryset()
            .select_related("endpoint")
            .defer("body", "request_headers", "endpoint__secret")
        )

    @cached_property
    def columns(self):
        return [
            TitleColumn(
                "created_at",
                label="Time",
                sort_key="created_at",
                accessor=lambda delivery: when(delivery.created_at),
                get_url=self.get_inspect_url,
            ),
            Column("endpoint_label", label="Endpoint"),
            Column("event", label="Event", sort_key="event"),
            StatusTagColumn(
                "get_status_display",
                label="Status",
                sort_key="status",
                primary=lambda d: d.status == Delivery.Status.SUCCEEDED,
            ),
            Column("attempts", label="Attempts", sort_key="attempts"),
            Column("response_code", label="Response", sort_key="response_code"),
            Column("last_error", label="Last error"),
        ]


class DeliveryInspectView(generic.InspectView):
    template_name = "webhooks/delivery_inspect.html"

    def get_page_title(self):
        return "Webhook delivery"

    def get_endpoint_display_value(self):
        return self.object.endpoint_label

    def get_field_display_value(self, field_name, field):
        value = super().get_field_display_value(field_name, field)
        if isinstance(value, datetime.datetime):
            return when(value)
        return "—" if value is None or value == "" else value

    def get_context_data(self, **kwargs):
        delivery = self.object
        try:
            payload = json.dumps(delivery.payload, indent=2, ensure_ascii=False)
        except ValueError:
            payload = delivery.body
        return {
            **super().get_context_data(**kwargs),
            "payload": payload,
            "headers": sorted(delivery.request_headers.items()),
            "can_retry": delivery.can_retry and self.user_has_permission("retry"),
            "retry_url": reverse("webhook_deliveries:retry", args=[delivery.pk]),
        }


class RetryView(PermissionCheckedMixin, BaseOperationView):
    """POST only: send a failed or cancelled delivery again, now."""

    model = Delivery
    permission_required = "retry"
    success_url_name = "webhook_deliveries:inspect"

    def perform_operation(self):
        self.retried = tasks.retry(self.object)

    def add_success_message(self):
        if self.retried:
            messages.success(self.request, "The delivery was queued again.")
        else:
            messages.warning(
                self.request,
                "Only failed or cancelled deliveries to an endpoint that still "
                "exists can be retried.",
            )


class DeliveryViewSet(ModelViewSet):
    model = Delivery
    name = "webhook_deliveries"
    url_prefix = "webhooks/deliveries"
    icon = "list-ul"
    menu_label = "Webhook deliveries"
    menu_order = 851
    add_to_settings_menu = True
    inspect_view_enabled = True
    copy_view_enabled = False
    add_to_reference_index = False
    index_view_class = DeliveryIndexView
    inspect_view_class = DeliveryInspectView
    list_filter = ["status", "event", "endpoint"]
    list_per_page = 50
    ordering = "-created_at"
    form_fields = []
    inspect_view_fields = [
        "event",
        "endpoint",
        "status",
        "attempts",
        "created_at",
        "last_attempt_at",
        "next_attempt_at",
        "delivered_at",
        "response_code",
        "duration_ms",
        "last_error",
        "target",
    ]

    @property
    def retry_view(self):
        return self.construct_view(RetryView)

    def get_permissions_to_register(self):
        # Only "view" means anything for a log nobody edits.
        return super().get_permissions_to_register().filter(codename="view_delivery")

    def get_urlpatterns(self):
        # A log is listed and read, never added to or edited by hand.
        kept = {"index", "index_results", "inspect"}
        return [
            *(pattern for pattern in super().get_urlpatterns() if pattern.name in kept),
            path("retry/<uuid:pk>/", self.retry_view, name="retry"),
        ]
