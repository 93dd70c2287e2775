"""Guessing admin passwords stops after a few tries, per user name and per address."""

from datetime import timedelta

import pytest
from axes.models import AccessAttempt
from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import check_password
from django.urls import reverse
from django.utils import timezone

LOGIN = "/admin/login/"


@pytest.fixture(autouse=True)
def throttling(settings):
    settings.AXES_ENABLED = True
    settings.AXES_FAILURE_LIMIT = 3


@pytest.fixture
def editor(db):
    return get_user_model().objects.create_user(
        "maya", "maya@example.com", "right-password", is_staff=True
    )


def sign_in(client, username, password, address="203.0.113.7"):
    return client.post(
        LOGIN,
        {"username": username, "password": password},
        REMOTE_ADDR=address,
    )


def test_wrong_passwords_lock_the_user_name_with_a_clear_message(client, editor):
    for _ in range(2):
        response = sign_in(client, "maya", "guess")
        assert response.status_code == 200  # the form again, with its error
    assert sign_in(client, "maya", "guess").status_code == 429  # the third
    locked = sign_in(client, "maya", "right-password")
    assert locked.status_code == 429
    page = locked.content.decode()
    assert "Too many wrong passwords" in page
    assert "maya" in page
    assert "Login lockouts" in page
    assert "_auth_user_id" not in client.session


def test_a_locked_user_name_is_locked_from_every_address(client, editor):
    for n in range(3):
        sign_in(client, "maya", "guess", address=f"198.51.100.{n}")
    assert sign_in(client, "maya", "right-password", "192.0.2.99").status_code == 429


def test_one_address_trying_many_user_names_is_locked(client, editor):
    for name in ("a", "b", "c"):
        sign_in(client, name, "guess")
    assert sign_in(client, "maya", "right-password").status_code == 429
    # Someone else, elsewhere, still signs in.
    other = sign_in(client, "maya", "right-password", address="192.0.2.1")
    assert other.status_code == 302


def test_locked_out_attempts_hash_no_password(client, editor, monkeypatch):
    for _ in range(3):
        sign_in(client, "maya", "guess")
    hashed = []
    original = check_password

    def counting(*args, **kwargs):
        hashed.append(1)
        return original(*args, **kwargs)

    monkeypatch.setattr("django.contrib.auth.base_user.check_password", counting)
    for _ in range(10):
        assert sign_in(client, "maya", "guess").status_code == 429
    assert hashed == []


def test_failures_are_forgotten_after_the_cool_off(client, editor, settings):
    sign_in(client, "maya", "guess")
    sign_in(client, "maya", "guess")
    assert sign_in(client, "maya", "right-password").status_code == 302
    client.logout()
    earlier = timezone.now() - settings.AXES_COOLOFF_TIME - timedelta(minutes=1)
    AccessAttempt.objects.update(attempt_time=earlier)
    sign_in(client, "maya", "guess")
    sign_in(client, "maya", "guess")
    assert sign_in(client, "maya", "right-password").status_code == 302


def test_one_working_account_does_not_reset_the_others(
    client, editor, django_user_model
):
    django_user_model.objects.create_user("eve", password="eve-password")
    for _ in range(2):
        sign_in(client, "maya", "guess")
        assert sign_in(client, "eve", "eve-password").status_code == 302
        client.logout()
    assert sign_in(client, "maya", "guess").status_code == 429


@pytest.mark.parametrize("proxies", [1, 2])
def test_behind_proxies_the_address_they_saw_counts(client, editor, settings, proxies):
    settings.TRUSTED_PROXY_COUNT = proxies
    inner = ", 10.0.0.1" if proxies == 2 else ""

    def through_proxies(username, password, client_address, claimed=""):
        forwarded = f"{claimed}{client_address}{inner}"
        return client.post(
            LOGIN,
            {"username": username, "password": password},
            REMOTE_ADDR="10.0.0.2",
            HTTP_X_FORWARDED_FOR=forwarded,
        )

    # A client claiming a new address every time is still one address.
    for n in range(3):
        through_proxies(f"user{n}", "guess", "198.51.100.7", claimed=f"192.0.2.{n}, ")
    assert through_proxies("maya", "right-password", "198.51.100.7").status_code == 429
    # Everybody else, behind the same proxies, is not locked out.
    assert through_proxies("maya", "right-password", "203.0.113.5").status_code == 302
    recorded = set(AccessAttempt.objects.values_list("ip_address", flat=True))
    assert recorded == {"198.51.100.7"}


def test_without_trusted_proxies_the_header_is_ignored(client, editor):
    for n in range(3):
        client.post(
            LOGIN,
            {"username": f"user{n}", "password": "guess"},
            REMOTE_ADDR="198.51.100.7",
            HTTP_X_FORWARDED_FOR=f"192.0.2.{n}",
        )
    assert sign_in(client, "maya", "right-password", "198.51.100.7").status_code == 429


def test_an_admin_lifts_a_lock_in_the_admin(client, editor, admin_user):
    for _ in range(3):
        sign_in(client, "maya", "guess")
    assert AccessAttempt.objects.filter(username="maya").exists()

    client.force_login(admin_user)
    listing = client.get(reverse("login_lockouts:index"))
    assert listing.status_code == 200
    assert "<h1" in listing.content.decode()
    assert "Login lockouts" in listing.content.decode().split("<h1")[1]
    assert "maya" in listing.content.decode()
    assert reverse("login_lockouts:add") not in listing.content.decode()
    attempt = AccessAttempt.objects.get(username="maya")
    delete_url = reverse("login_lockouts:delete", args=[attempt.pk])
    assert client.post(delete_url).status_code == 302
    client.logout()

    assert sign_in(client, "maya", "right-password").status_code == 302


def test_only_admins_see_lockouts_and_nobody_adds_them(client, editor, admin_user):
    client.force_login(editor)
    assert client.get(reverse("login_lockouts:index")).status_code in (302, 403)
    client.force_login(admin_user)
    add = client.get(reverse("login_lockouts:add"))
    assert add.status_code in (302, 403)
    assert not AccessAttempt.objects.exists()


def test_admins_read_a_lockout_but_cannot_edit_it(client, editor, admin_user):
    for _ in range(3):
        sign_in(client, "maya", "guess")
    attempt = AccessAttempt.objects.get(username="maya")
    client.force_login(admin_user)
    listing = client.get(reverse("login_lockouts:index")).content.decode()
    assert reverse("login_lockouts:inspect", args=[attempt.pk]) in listing
    assert reverse("login_lockouts:edit", args=[attempt.pk]) not in listing
    inspect = client.get(reverse("login_lockouts:inspect", args=[attempt.pk]))
    assert inspect.status_code == 200
    assert "203.0.113.7" in inspect.content.decode()
    edit = client.post(
        reverse("login_lockouts:edit", args=[attempt.pk]), {"username": "x"}
    )
    assert edit.status_code in (302, 403)
    assert AccessAttempt.objects.get(pk=attempt.pk).username == "maya"
