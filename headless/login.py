"""Admin sign-in throttling (django-axes): the lockout page and the unlock screen."""

import math

from axes.helpers import get_client_username, get_cool_off, get_failure_limit
from axes.models import AccessAttempt
from django.conf import settings
from django.shortcuts import render
from wagtail.admin.views.generic import IndexView
from wagtail.admin.viewsets.model import ModelViewSet
from wagtail.permission_policies import ModelPermissionPolicy
from wagtail.permissions import register_permission_policy

LOCKED_TEMPLATE = "headless/login_locked.html"


def client_address(request):
    """The address of whoever sent the request, as far as it can be trusted.

    Each of the ``TRUSTED_PROXY_COUNT`` proxies in front of the CMS appends the
    address it received the request from to ``X-Forwarded-For``, so the
    client's is that many entries from the right. Entries further left were
    written by the client itself and prove nothing. With no trusted proxy the
    connection's own address is used and the header is ignored.
    """
    hops = settings.TRUSTED_PROXY_COUNT
    if hops <= 0:
        return request.META.get("REMOTE_ADDR")
    forwarded = [
        entry.strip()
        for entry in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")
        if entry.strip()
    ]
    if len(forwarded) < hops:
        # Fewer entries than proxies: the request did not come through them all.
        return request.META.get("REMOTE_ADDR")
    return forwarded[-hops]


def locked_out(request, original_response=None, credentials=None):
    """HTTP 429 with the admin's look: why sign-in stopped and how it resumes."""
    cool_off = get_cool_off(request)
    context = {
        "username": get_client_username(request, credentials) or "",
        "failure_limit": get_failure_limit(request, credentials),
        "minutes": math.ceil(cool_off.total_seconds() / 60) if cool_off else None,
    }
    return render(request, LOCKED_TEMPLATE, context, status=429)


class UnlockOnlyPolicy(ModelPermissionPolicy):
    """Failed sign-ins are recorded by the site itself: people only remove them."""

    def user_has_permission(self, user, action):
        if action in ("add", "change"):
            return False
        return super().user_has_permission(user, action)


register_permission_policy(AccessAttempt, UnlockOnlyPolicy(AccessAttempt))


class LoginLockoutIndexView(IndexView):
    page_title = "Login lockouts"


class LoginLockoutViewSet(ModelViewSet):
    """Settings → Login lockouts: failed sign-ins, and deleting a row unlocks it."""

    model = AccessAttempt
    index_view_class = LoginLockoutIndexView
    icon = "lock-open"
    menu_label = "Login lockouts"
    add_to_settings_menu = True
    copy_view_enabled = False
    # Rows are read, never edited: the name links to a read-only view.
    inspect_view_enabled = True
    inspect_view_fields = [
        "username",
        "ip_address",
        "user_agent",
        "failures_since_start",
        "attempt_time",
    ]
    list_display = ["username", "ip_address", "failures_since_start", "attempt_time"]
    list_filter = ["username", "ip_address"]
    search_fields = ["username", "ip_address"]
    form_fields = ["username"]
