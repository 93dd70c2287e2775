"""Settings → Webhooks (endpoints) and Settings → Webhook deliveries (the log)."""

from wagtail import hooks
from wagtail.permissions import register_permission_policy

from .endpoints import EndpointViewSet
from .log import DeliveryPermissionPolicy, DeliveryViewSet
from .models import Delivery

# Registered before any view asks for the log's policy.
register_permission_policy(Delivery, DeliveryPermissionPolicy(Delivery))


@hooks.register("register_admin_viewset")
def register_endpoints():
    return EndpointViewSet()


@hooks.register("register_admin_viewset")
def register_delivery_log():
    return DeliveryViewSet()
