"""Settings → Webhooks: the endpoints, managed with the endpoint model's permissions.

Besides the usual list, add, edit and delete: "Send test" (on the endpoint's
page and in its row menu) and a link to the endpoint's part of the log.
"""

from django.db.models import OuterRef, Subquery
from django.urls import path, reverse
from django.utils.functional import cached_property
from wagtail.admin import messages
from wagtail.admin.panels import FieldPanel, ObjectList
from wagtail.admin.ui.tables import Column, StatusTagColumn
from wagtail.admin.views import generic
from wagtail.admin.views.generic.base import BaseOperationView
from wagtail.admin.views.generic.permissions import PermissionCheckedMixin
from wagtail.admin.viewsets.model import ModelViewSet
from wagtail.admin.widgets.button import Button, HeaderButton

from . import events
from .forms import EndpointForm
from .log import delivery_log_url, when
from .models import Delivery, Endpoint


def post_button(label, url, icon_name, button_class=Button, **kwargs):
    """A button that POSTs to ``url`` (Wagtail's ``w-action`` controller)."""
    return button_class(
        label,
        icon_name=icon_name,
        attrs={
            "data-controller": "w-action",
            "data-action": "w-action#post",
            "data-w-action-url-value": url,
            # Go where the action leads (the delivery), not back.
            "data-w-action-continue-value": "true",
        },
        **kwargs,
    )


class StateColumn(StatusTagColumn):
    def __init__(self):
        super().__init__(
            "enabled",
            label="State",
            sort_key="enabled",
            primary=lambda endpoint: endpoint.enabled,
        )

    def get_value(self, instance):
        return "On" if instance.enabled else "Off"


class LastDeliveryColumn(Column):
    """Status and time of the latest message, annotated by the listing."""

    def __init__(self):
        super().__init__(
            "last_delivery", label="Last message", sort_key="last_delivery_at"
        )

    def get_value(self, instance):
        if not instance.last_delivery_at:
            return "None yet"
        status = Delivery.Status(instance.last_delivery_status).label
        return f"{status}, {when(instance.last_delivery_at)}"


class EndpointIndexView(generic.IndexView):
    def get_base_queryset(self):
        latest = Delivery.objects.filter(endpoint=OuterRef("pk")).order_by(
            "-created_at"
        )
        return (
            super()
            .get_base_queryset()
            .annotate(
                last_delivery_at=Subquery(latest.values("created_at")[:1]),
                last_delivery_status=Subquery(latest.values("status")[:1]),
            )
        )

    def get_list_more_buttons(self, instance):
        buttons = super().get_list_more_buttons(instance)
        if self.user_has_permission("change"):
            buttons.append(
                post_button(
                    "Send test",
                    reverse("webhooks:send_test", args=[instance.pk]),
                    "mail",
                    priority=15,
                )
            )
        buttons.append(
            Button(
                "Delivery log",
                url=delivery_log_url(instance),
                icon_name="list-ul",
                priority=25,
            )
        )
        return buttons


class EndpointCreateView(generic.CreateView):
    def get_success_url(self):
        # On to the saved endpoint, where the secret is ready to copy and a
        # test can be sent.
        return self.get_edit_url()

    def get_success_message(self, instance):
        return (
            f"Endpoint “{instance}” added. Copy its secret into the receiving "
            "site, then use “Send test”."
        )


class EndpointEditView(generic.EditView):
    @cached_property
    def header_buttons(self):
        return [
            post_button(
                "Send test",
                reverse("webhooks:send_test", args=[self.object.pk]),
                "mail",
                button_class=HeaderButton,
            )
        ]

    @cached_property
    def header_more_buttons(self):
        return [
            *super().header_more_buttons,
            Button(
                "Delivery log",
                url=delivery_log_url(self.object),
                icon_name="list-ul",
                priority=5,
            ),
        ]


class SendTestView(PermissionCheckedMixin, BaseOperationView):
    """POST only: a ``webhook.test`` message to the saved address and secret."""

    model = Endpoint
    permission_required = "change"

    def perform_operation(self):
        self.delivery = events.send_test(self.object)

    def get_success_message(self):
        # With a worker the message is still queued; without one (the
        # immediate backend) it has been sent by now.
        self.delivery.refresh_from_db()
        status = self.delivery.status
        if status == Delivery.Status.SUCCEEDED:
            return (
                f"Test message delivered to “{self.object}” "
                f"(HTTP {self.delivery.response_code})."
            )
        if status in {Delivery.Status.PENDING, Delivery.Status.SENDING}:
            return f"Test message to “{self.object}” queued."
        return (
            f"Test message to “{self.object}” not delivered: {self.delivery.last_error}"
        )

    def add_success_message(self):
        message = self.get_success_message()
        if self.delivery.status in {Delivery.Status.RETRYING, Delivery.Status.FAILED}:
            messages.error(self.request, message)
        else:
            messages.success(self.request, message)

    def get_success_url(self):
        return reverse("webhook_deliveries:inspect", args=[self.delivery.pk])


class EndpointViewSet(ModelViewSet):
    model = Endpoint
    name = "webhooks"
    icon = "link-external"
    menu_label = "Webhooks"
    menu_order = 850
    add_to_settings_menu = True
    copy_view_enabled = False
    add_to_reference_index = False
    index_view_class = EndpointIndexView
    add_view_class = EndpointCreateView
    edit_view_class = EndpointEditView
    list_display = [
        "name",
        Column("origin", label="Sends to"),
        Column("events", label="Events", accessor=lambda e: ", ".join(e.events)),
        StateColumn(),
        LastDeliveryColumn(),
    ]
    # Not the URL: its path may hold a token, which only managers may see.
    search_fields = ["name"]
    edit_handler = ObjectList(
        [
            FieldPanel("name"),
            FieldPanel("url"),
            FieldPanel("events"),
            FieldPanel("secret"),
            FieldPanel("enabled"),
        ],
        base_form_class=EndpointForm,
    )

    @property
    def send_test_view(self):
        return self.construct_view(SendTestView)

    def get_urlpatterns(self):
        return [
            *super().get_urlpatterns(),
            path("send-test/<int:pk>/", self.send_test_view, name="send_test"),
        ]
