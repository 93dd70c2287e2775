"""Signed webhooks: what receivers get, how failures are retried, and the admin.

Messages go to a real HTTP receiver on 127.0.0.1 that records every request
and answers as each test tells it to (an error, a hang, a trickle).
"""

import datetime
import decimal
import hashlib
import hmac
import io
import json
import logging
import re
import signal
import socket
import uuid

import pytest
from django.contrib.auth import get_user_model
from django.core.management import CommandError, call_command
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django_tasks_db.models import DBTaskResult
from wagtail.permissions import policy_registry

import webhooks
from webhooks import addresses, event_types, tasks
from webhooks.models import Delivery, Endpoint
from webhooks.signing import sign, verify

from .factories import user_in
from .receivers import SECRET

DATABASE_QUEUE = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}


# A receiver to send to: tests/receivers.py (receiver, endpoint, committed)


def publish_event(committed, **data):
    with committed():
        return webhooks.dispatch("page.published", {"page": {"id": 7}, **data})


def run_worker():
    """The database queue's worker, until nothing is ready to run."""
    handlers = {sig: signal.getsignal(sig) for sig in (signal.SIGINT, signal.SIGTERM)}
    loggers = [logging.getLogger(name) for name in ("django_tasks", "django_tasks_db")]
    levels = [logger.level for logger in loggers]
    try:
        call_command(
            "db_worker",
            "--batch",
            "--no-startup-delay",
            verbosity=0,
            stdout=io.StringIO(),
        )
    finally:
        for sig, handler in handlers.items():
            signal.signal(sig, handler)
        for logger, level in zip(loggers, levels, strict=True):
            logger.setLevel(level)


# Signatures


def test_signature_is_hmac_sha256_of_the_time_and_the_exact_body():
    body = b'{"event":"page.published"}'
    expected = hmac.new(
        SECRET.encode(), b"1700000000." + body, hashlib.sha256
    ).hexdigest()
    assert sign(SECRET, 1700000000, body) == f"t=1700000000,v1={expected}"
    assert verify(SECRET, sign(SECRET, 1700000000, body), body, now=1700000100)


def test_verify_refuses_tampering_replays_and_nonsense():
    body = b'{"event":"page.published","page":{"id":7}}'
    header = sign(SECRET, 1700000000, body)
    now = 1700000000 + 10
    assert verify(SECRET, header, body, now=now)
    assert not verify(SECRET, header, body.replace(b"7", b"8"), now=now)
    assert not verify("another-secret-entirely", header, body, now=now)
    # The time is signed too: moving it breaks the signature...
    moved = header.replace("t=1700000000", f"t={now}")
    assert not verify(SECRET, moved, body, now=now)
    # ...and an old message is refused even with a good signature.
    assert verify(SECRET, header, body, now=1700000000 + 300)
    assert not verify(SECRET, header, body, now=1700000000 + 301)
    assert not verify(SECRET, header, body, tolerance=5, now=now)
    for nonsense in ["", "t=,v1=", "v1=abc", "t=1700000000", "t=x,v1=y", "t=1,v1=é"]:
        assert not verify(SECRET, nonsense, body, now=now)
    # Several signatures (e.g. while a secret changes): one good one is enough.
    assert verify(SECRET, header + ",v1=" + "0" * 64, body, now=now)


# Delivery


def test_a_published_page_reaches_the_receiver_signed(committed, receiver, endpoint):
    sent = publish_event(
        committed,
        published_at=datetime.datetime(2025, 3, 1, 12, 0, tzinfo=datetime.UTC),
        price=decimal.Decimal("9.90"),
    )

    assert len(sent) == 1 and len(receiver.requests) == 1
    delivery = Delivery.objects.get()
    request = receiver.requests[0]
    assert request["path"] == "/hooks/cms?team=web"
    headers = request["headers"]
    assert headers["Content-Type"] == "application/json"
    assert headers["User-Agent"] == "GlossaryCMS-Webhooks/1"
    assert headers["X-Glossary-Event"] == "page.published"
    assert headers["X-Glossary-Delivery"] == str(delivery.pk) == str(sent[0].pk)
    assert verify(SECRET, headers["X-Glossary-Signature"], request["body"])
    assert re.fullmatch(r"t=\d+,v1=[0-9a-f]{64}", headers["X-Glossary-Signature"])

    payload = json.loads(request["body"])
    assert payload == {
        "id": str(delivery.pk),
        "event": "page.published",
        "time": payload["time"],
        "page": {"id": 7},
        "published_at": "2025-03-01T12:00:00Z",
        "price": "9.90",
    }
    assert re.fullmatch(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z", payload["time"])
    assert request["body"] == delivery.body.encode()

    assert delivery.status == Delivery.Status.SUCCEEDED
    assert delivery.attempts == 1 and delivery.response_code == 200
    assert delivery.delivered_at is not None and delivery.duration_ms is not None
    assert delivery.target == f"http://127.0.0.1:{receiver.server_port}"
    assert delivery.request_headers["X-Glossary-Delivery"] == str(delivery.pk)
    assert SECRET not in json.dumps(delivery.request_headers)


def test_a_receiver_that_fails_twice_gets_the_same_message_a_third_time(
    committed, receiver, endpoint
):
    receiver.answer(500, 503)
    publish_event(committed)

    delivery = Delivery.objects.get()
    assert delivery.status == Delivery.Status.SUCCEEDED
    assert delivery.attempts == 3 and delivery.response_code == 200
    assert delivery.last_error == ""
    assert len(receiver.requests) == 3
    assert {r["body"] for r in receiver.requests} == {delivery.body.encode()}
    assert {r["headers"]["X-Glossary-Delivery"] for r in receiver.requests} == {
        str(delivery.pk)
    }
    for request in receiver.requests:
        assert verify(
            SECRET, request["headers"]["X-Glossary-Signature"], request["body"]
        )


def test_a_receiver_that_keeps_failing_is_given_up_after_the_last_attempt(
    committed, receiver, endpoint, settings
):
    settings.WEBHOOKS = {**settings.WEBHOOKS, "MAX_ATTEMPTS": 4}
    receiver.answer(500, 500, 500, 500, 200)
    publish_event(committed)

    delivery = Delivery.objects.get()
    assert delivery.status == Delivery.Status.FAILED
    assert delivery.attempts == 4 and len(receiver.requests) == 4
    assert delivery.response_code == 500
    assert delivery.last_error == "HTTP 500 Internal Server Error something broke"
    assert delivery.delivered_at is None and delivery.next_attempt_at is None


def test_a_hanging_receiver_times_out_and_is_retried_until_given_up(
    committed, receiver, endpoint, settings
):
    settings.WEBHOOKS = {**settings.WEBHOOKS, "TIMEOUT": 0.3, "MAX_ATTEMPTS": 3}
    receiver.answer("hang", "hang", "hang")
    publish_event(committed)

    delivery = Delivery.objects.get()
    assert delivery.status == Delivery.Status.FAILED
    assert delivery.attempts == 3 and len(receiver.requests) == 3
    assert delivery.last_error == "No answer within 0.3 seconds."
    assert delivery.response_code is None


def test_a_receiver_that_trickles_its_answer_is_cut_off_at_the_timeout(
    committed, receiver, endpoint, settings
):
    settings.WEBHOOKS = {**settings.WEBHOOKS, "TIMEOUT": 0.4, "MAX_ATTEMPTS": 1}
    receiver.answer("trickle")
    publish_event(committed)

    delivery = Delivery.objects.get()
    assert delivery.status == Delivery.Status.FAILED
    assert delivery.last_error == "No answer within 0.4 seconds."
    # Cut off by the time limit, not by the receiver giving up after 5 s.
    assert delivery.duration_ms < 3000


def test_redirects_are_not_followed(committed, receiver, endpoint, settings):
    settings.WEBHOOKS = {**settings.WEBHOOKS, "MAX_ATTEMPTS": 1}
    receiver.answer(301)
    publish_event(committed)

    delivery = Delivery.objects.get()
    assert len(receiver.requests) == 1
    assert delivery.status == Delivery.Status.FAILED
    assert delivery.response_code == 301
    assert "redirects are not followed" in delivery.last_error


def test_a_closed_port_is_a_connection_error(committed, endpoint, settings):
    settings.WEBHOOKS = {**settings.WEBHOOKS, "MAX_ATTEMPTS": 2}
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    endpoint.url = f"http://127.0.0.1:{port}/hooks"
    endpoint.save()
    publish_event(committed)

    delivery = Delivery.objects.get()
    assert delivery.status == Delivery.Status.FAILED and delivery.attempts == 2
    assert delivery.last_error.startswith("Could not connect")


def test_disabled_and_unsubscribed_endpoints_get_nothing(
    committed, receiver, endpoint, django_assert_num_queries
):
    endpoint.enabled = False
    endpoint.save()
    Endpoint.objects.create(
        name="Search", url=receiver.url, secret=SECRET, events=["page.deleted"]
    )
    with django_assert_num_queries(1):
        assert publish_event(committed) == []
    assert not Delivery.objects.exists()
    assert receiver.requests == []


def test_dispatch_writes_one_row_per_subscriber_in_two_queries(
    receiver, endpoint, django_assert_num_queries, django_capture_on_commit_callbacks
):
    Endpoint.objects.create(
        name="Search", url=receiver.url, secret=SECRET, events=["page.published"]
    )
    with django_capture_on_commit_callbacks() as queued:
        with django_assert_num_queries(2):
            sent = webhooks.dispatch("page.published", {"page": {"id": 1}})
    assert len(sent) == 2 and len(queued) == 2
    assert Delivery.objects.filter(status=Delivery.Status.PENDING).count() == 2
    # Nothing is sent before the change commits.
    assert receiver.requests == []


def test_a_rolled_back_change_sends_nothing(committed, receiver, endpoint):
    with committed():
        with pytest.raises(RuntimeError):
            with transaction.atomic():
                webhooks.dispatch("page.published", {"page": {"id": 1}})
                raise RuntimeError("the publish failed")
    assert not Delivery.objects.exists()
    assert receiver.requests == []


def test_dispatch_from_a_callback_after_commit_still_sends(
    committed, receiver, endpoint
):
    # As the glossary announces its changes: once they are committed.
    with committed():
        transaction.on_commit(
            lambda: webhooks.dispatch("page.deleted", {"page": {"id": 1}})
        )
        transaction.on_commit(
            lambda: webhooks.dispatch("page.unpublished", {"page": {"id": 1}})
        )
    assert [r["headers"]["X-Glossary-Event"] for r in receiver.requests] == [
        "page.unpublished"
    ]


def test_fifty_dispatches_in_a_row_are_each_delivered_once(
    committed, receiver, endpoint
):
    for number in range(50):
        publish_event(committed, number=number)

    assert len(receiver.requests) == 50
    ids = {r["headers"]["X-Glossary-Delivery"] for r in receiver.requests}
    assert len(ids) == 50
    numbers = sorted(json.loads(r["body"])["number"] for r in receiver.requests)
    assert numbers == list(range(50))
    assert set(Delivery.objects.values_list("status", "attempts")) == {
        (Delivery.Status.SUCCEEDED, 1)
    }


@pytest.mark.parametrize("change", ["disable", "delete"])
def test_an_endpoint_turned_off_or_deleted_before_sending_gets_nothing(
    change, receiver, endpoint, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks() as queued:
        webhooks.dispatch("page.published", {"page": {"id": 1}})
    if change == "disable":
        endpoint.enabled = False
        endpoint.save()
    else:
        endpoint.delete()
    for callback in queued:
        callback()

    delivery = Delivery.objects.get()
    assert delivery.status == Delivery.Status.CANCELLED
    assert delivery.attempts == 0 and receiver.requests == []
    assert delivery.last_error.startswith("Not sent")
    if change == "delete":
        assert delivery.endpoint_label == "Frontend rebuild (deleted)"


def test_running_the_same_delivery_task_twice_sends_once(committed, receiver, endpoint):
    delivery = publish_event(committed)[0]
    tasks.deliver.call(str(delivery.pk))
    delivery.refresh_from_db()
    assert delivery.attempts == 1 and len(receiver.requests) == 1

    # A delivery another worker is sending right now is left to it.
    Delivery.objects.filter(pk=delivery.pk).update(status=Delivery.Status.SENDING)
    tasks.deliver.call(str(delivery.pk))
    delivery.refresh_from_db()
    assert delivery.attempts == 1 and len(receiver.requests) == 1


def test_a_private_address_is_refused_again_when_sending(
    committed, receiver, endpoint, settings
):
    # Saved while allowed (or pointed elsewhere since): checked before sending.
    settings.WEBHOOKS = {
        **settings.WEBHOOKS,
        "ALLOW_PRIVATE_ADDRESSES": False,
        "MAX_ATTEMPTS": 1,
    }
    publish_event(committed)

    delivery = Delivery.objects.get()
    assert receiver.requests == []
    assert delivery.status == Delivery.Status.FAILED
    assert "private or local address (127.0.0.1)" in delivery.last_error


def test_dispatch_refuses_unknown_events_and_reserved_keys(endpoint):
    with pytest.raises(ValueError, match="Unknown webhook event"):
        webhooks.dispatch("page.publish", {})
    with pytest.raises(ValueError, match="id"):
        webhooks.dispatch("page.published", {"id": 3})
    with pytest.raises(TypeError):
        webhooks.dispatch("page.published", {"page": object()})
    assert not Delivery.objects.exists()


# The database queue and its worker. It runs as in production, outside any
# test transaction: between tasks it closes connections that are not in
# autocommit mode.
WORKER_DB = pytest.mark.django_db(transaction=True, serialized_rollback=True)


@WORKER_DB
def test_with_the_database_queue_dispatch_only_queues_and_the_worker_sends(
    committed, receiver, endpoint, settings
):
    settings.TASKS = DATABASE_QUEUE
    receiver.answer("hang")
    publish_event(committed)

    # Publishing did not wait for the receiver: it was not even called.
    assert receiver.requests == []
    delivery = Delivery.objects.get()
    assert delivery.status == Delivery.Status.PENDING
    queued = DBTaskResult.objects.get()
    assert queued.task_path == "webhooks.tasks.deliver"
    assert queued.status == "READY"

    receiver.plan.clear()
    run_worker()
    delivery.refresh_from_db()
    assert len(receiver.requests) == 1
    assert delivery.status == Delivery.Status.SUCCEEDED
    assert DBTaskResult.objects.get().status == "SUCCESSFUL"


@WORKER_DB
def test_with_the_database_queue_a_retry_waits_for_its_backoff(
    committed, receiver, endpoint, settings
):
    settings.TASKS = DATABASE_QUEUE
    settings.WEBHOOKS = {**settings.WEBHOOKS, "BACKOFF_BASE": 30}
    receiver.answer(500)
    publish_event(committed)
    before = timezone.now()
    run_worker()

    delivery = Delivery.objects.get()
    assert delivery.status == Delivery.Status.RETRYING and delivery.attempts == 1
    wait = (delivery.next_attempt_at - before).total_seconds()
    assert 29 <= wait <= 34
    retry = DBTaskResult.objects.get(status="READY")
    assert retry.run_after == delivery.next_attempt_at

    # Not due yet: the worker leaves it.
    run_worker()
    assert len(receiver.requests) == 1

    DBTaskResult.objects.filter(pk=retry.pk).update(run_after=timezone.now())
    run_worker()
    delivery.refresh_from_db()
    assert len(receiver.requests) == 2
    assert delivery.status == Delivery.Status.SUCCEEDED and delivery.attempts == 2


@WORKER_DB
def test_with_the_database_queue_a_task_queued_twice_sends_once(
    committed, receiver, endpoint, settings
):
    settings.TASKS = DATABASE_QUEUE
    delivery = publish_event(committed)[0]
    tasks.enqueue(delivery.pk)
    assert DBTaskResult.objects.count() == 2

    run_worker()
    delivery.refresh_from_db()
    assert len(receiver.requests) == 1
    assert delivery.status == Delivery.Status.SUCCEEDED and delivery.attempts == 1


def test_backoff_doubles_from_its_base(settings):
    settings.WEBHOOKS = {**settings.WEBHOOKS, "BACKOFF_BASE": 30}
    for attempt, base in [(1, 30), (2, 60), (3, 120), (5, 480)]:
        assert base <= tasks.backoff(attempt) <= base * 1.1


# Addresses


@pytest.mark.parametrize(
    "url, problem",
    [
        ("", "Enter the address"),
        ("ftp://example.com/hook", "must start with https://"),
        ("javascript:alert(1)", "must start with https://"),
        ("example.com/hook", "must start with https://"),
        ("https://user:password@example.com/hook", "user name and password"),
        ("https://token@example.com/hook", "user name and password"),
        ("https:///hook", "needs a host name"),
        ("https://exa mple.com/", "spaces or invisible characters"),
        ("https://example.com/\x00hook", "spaces or invisible characters"),
        ("https://example.com/\r\nX-Injected: 1", "spaces or invisible characters"),
        ("https://example.com:99999/", "not a valid web address"),
        ("https://[::1/", "not a valid web address"),
        ("https://exa_mple..com/", "not a valid host name"),
        ("https://example.com/" + "a" * 10_000, "at most 2000"),
    ],
)
def test_badly_formed_addresses_are_refused(url, problem):
    with pytest.raises(addresses.AddressProblem, match=re.escape(problem)):
        addresses.parse(url)


@pytest.mark.parametrize(
    "url",
    [
        "http://127.0.0.1/hook",
        "http://localhost:8000/hook",
        "http://10.1.2.3/hook",
        "http://192.168.0.10/hook",
        "http://172.16.5.4/hook",
        "http://169.254.169.254/latest/meta-data/",
        "http://100.64.0.1/hook",
        "http://0.0.0.0/hook",
        "http://224.0.0.1/hook",
        "http://[::1]/hook",
        "http://[fe80::1]/hook",
        "http://[fd00::1]/hook",
        "http://[::ffff:127.0.0.1]/hook",
        "http://[64:ff9b::7f00:1]/hook",  # NAT64 to loopback
        "http://[64:ff9b::a9fe:a9fe]/hook",  # NAT64 to the metadata service
        "http://[2002:7f00:1::]/hook",  # 6to4 of loopback
        "http://[::7f00:1]/hook",  # IPv4-compatible loopback
        "http://[fec0::1]/hook",  # site-local
    ],
)
def test_private_and_local_addresses_are_refused(url):
    with pytest.raises(addresses.AddressProblem, match="private or local"):
        addresses.resolve(addresses.parse(url), allow_private=False)


def test_public_addresses_and_internationalised_names_are_accepted():
    target = addresses.parse("HTTPS://93.184.215.14:8443/hooks/cms?a=1&b=ü")
    assert target.origin == "https://93.184.215.14:8443"
    assert target.path == "/hooks/cms?a=1&b=%C3%BC"
    assert addresses.resolve(target, allow_private=False) == ["93.184.215.14"]
    assert addresses.parse("https://bücher.example/").host == "bücher.example"
    assert addresses.parse("https://[2606:4700::1]/").origin == "https://[2606:4700::1]"


# The admin


def endpoint_form(url, **fields):
    return {
        "name": "Frontend rebuild",
        "url": url,
        "events": ["page.published", "page.deleted"],
        "secret": "",
        "enabled": "on",
        **fields,
    }


def test_admins_add_an_endpoint_and_get_a_secret_to_copy(admin_client, receiver):
    response = admin_client.get(reverse("webhooks:add"))
    page = response.content.decode()
    assert response.status_code == 200
    assert "The team that runs the receiving site gives you this address" in page
    assert "page.slug_changed" in page and "import.finished" in page

    response = admin_client.post(reverse("webhooks:add"), endpoint_form(receiver.url))
    endpoint = Endpoint.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("webhooks:edit", args=[endpoint.pk])
    assert endpoint.events == ["page.published", "page.deleted"]
    assert len(endpoint.secret) >= 40 and endpoint.enabled

    edit = admin_client.get(response["Location"]).content.decode()
    assert endpoint.secret in edit
    assert reverse("webhooks:send_test", args=[endpoint.pk]) in edit

    listing = admin_client.get(reverse("webhooks:index")).content.decode()
    assert "Frontend rebuild" in listing
    assert f"http://127.0.0.1:{receiver.server_port}" in listing
    assert "None yet" in listing


@pytest.mark.parametrize(
    "url, message",
    [
        ("ftp://example.com/", "must start with https://"),
        ("https://user:pw@example.com/", "user name and password"),
        ("https://example.com/\x00", "Null characters are not allowed"),
        ("https://example.com/" + "a" * 10_000, "at most 2000 characters"),
    ],
)
def test_the_endpoint_form_explains_bad_addresses(admin_client, url, message):
    response = admin_client.post(reverse("webhooks:add"), endpoint_form(url))
    assert response.status_code == 200
    assert message in response.content.decode()
    assert not Endpoint.objects.exists()


def test_the_endpoint_form_refuses_private_addresses_unless_allowed(
    admin_client, settings
):
    settings.WEBHOOKS = {**settings.WEBHOOKS, "ALLOW_PRIVATE_ADDRESSES": False}
    response = admin_client.post(
        reverse("webhooks:add"), endpoint_form("http://169.254.169.254/latest/")
    )
    assert response.status_code == 200
    assert "private or local address" in response.content.decode()

    settings.WEBHOOKS = {**settings.WEBHOOKS, "ALLOW_PRIVATE_ADDRESSES": True}
    admin_client.post(
        reverse("webhooks:add"), endpoint_form("http://169.254.169.254/latest/")
    )
    assert Endpoint.objects.count() == 1


def test_the_endpoint_form_wants_events_and_a_long_enough_secret(admin_client):
    response = admin_client.post(
        reverse("webhooks:add"),
        endpoint_form("https://93.184.215.14/", events=[], secret="short"),
    )
    page = response.content.decode()
    assert "Tick at least one event" in page
    assert "Use at least 16 characters" in page
    assert not Endpoint.objects.exists()


def test_editing_an_endpoint_keeps_or_replaces_its_secret(admin_client, endpoint):
    url = reverse("webhooks:edit", args=[endpoint.pk])
    admin_client.post(
        url,
        endpoint_form(endpoint.url, secret=SECRET, events=["page.deleted"], enabled=""),
    )
    endpoint.refresh_from_db()
    assert endpoint.events == ["page.deleted"] and not endpoint.enabled
    assert endpoint.secret == SECRET

    admin_client.post(url, endpoint_form(endpoint.url, secret="a-brand-new-secret-1"))
    endpoint.refresh_from_db()
    assert endpoint.secret == "a-brand-new-secret-1"


def test_deleting_an_endpoint_keeps_its_log(admin_client, committed, endpoint):
    publish_event(committed)
    listing = admin_client.get(reverse("webhooks:index"), {"q": "rebuild"})
    assert "Frontend rebuild" in listing.content.decode()
    assert (
        "Frontend rebuild"
        not in admin_client.get(
            reverse("webhooks:index"), {"q": "nothing-like-it"}
        ).content.decode()
    )

    response = admin_client.post(reverse("webhooks:delete", args=[endpoint.pk]))
    assert response.status_code == 302 and not Endpoint.objects.exists()
    (row,) = log_rows(admin_client)
    assert "Frontend rebuild (deleted)" in row and "Delivered" in row


# Committed for real, as in production: without a worker (the immediate
# backend) the test is sent before the answer, which then says how it went.
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_send_test_delivers_a_webhook_test_and_shows_the_result(
    admin_client, receiver, endpoint
):
    endpoint.enabled = False  # tests go out even before the endpoint is on
    endpoint.save()
    send_test = reverse("webhooks:send_test", args=[endpoint.pk])
    assert admin_client.get(send_test).status_code == 405
    response = admin_client.post(send_test)

    delivery = Delivery.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse(
        "webhook_deliveries:inspect", args=[delivery.pk]
    )
    assert delivery.event == "webhook.test"
    assert delivery.status == Delivery.Status.SUCCEEDED
    (request,) = receiver.requests
    assert request["headers"]["X-Glossary-Event"] == "webhook.test"
    assert json.loads(request["body"])["endpoint"] == "Frontend rebuild"
    assert verify(SECRET, request["headers"]["X-Glossary-Signature"], request["body"])

    page = admin_client.get(response["Location"]).content.decode()
    assert "Test message delivered to “Frontend rebuild” (HTTP 200)." in page
    assert "Delivered" in page and "X-Glossary-Signature" in page
    assert "&quot;event&quot;: &quot;webhook.test&quot;" in page
    assert SECRET not in page


def log_rows(client, **filters):
    """The delivery log's rows as the admin lists them, one line of text each."""
    response = client.get(reverse("webhook_deliveries:index"), filters)
    assert response.status_code == 200
    body = re.search(r"<tbody>(.*?)</tbody>", response.content.decode(), re.S)
    rows = re.findall(r"<tr[^>]*>(.*?)</tr>", body.group(1) if body else "", re.S)
    return [" ".join(re.sub(r"<[^>]+>", " ", row).split()) for row in rows]


def test_the_log_lists_and_filters_deliveries(
    admin_client, committed, receiver, endpoint, settings
):
    settings.WEBHOOKS = {**settings.WEBHOOKS, "MAX_ATTEMPTS": 1}
    receiver.answer(502)
    publish_event(committed)
    with committed():
        webhooks.dispatch("page.unpublished", {"page": {"id": 8}})
    other = Endpoint.objects.create(
        name="Search index", url=receiver.url, events=["page.deleted"]
    )
    with committed():
        webhooks.dispatch("page.deleted", {"page": {"id": 9}})

    newest, unpublished, failed = log_rows(admin_client)
    assert "page.deleted" in newest and "Search index" in newest
    assert "page.unpublished" in unpublished and "Delivered" in unpublished
    assert "Frontend rebuild page.published Failed 1 502" in failed
    assert failed.endswith("HTTP 502 Bad Gateway something broke")

    assert log_rows(admin_client, status="failed") == [failed]
    assert log_rows(admin_client, event="page.unpublished") == [unpublished]
    assert log_rows(admin_client, endpoint=other.pk) == [newest]
    assert len(log_rows(admin_client, endpoint=endpoint.pk)) == 2
    page = admin_client.get(reverse("webhook_deliveries:index")).content.decode()
    assert SECRET not in page and other.secret not in page
    # Nonsense filters are ignored or refused, never an error page.
    for nonsense in [{"status": "lost"}, {"endpoint": "x"}, {"endpoint": "9" * 30}]:
        log_rows(admin_client, **nonsense)


def test_retry_now_sends_a_failed_delivery_again(
    admin_client, committed, receiver, endpoint, settings
):
    settings.WEBHOOKS = {**settings.WEBHOOKS, "MAX_ATTEMPTS": 2}
    receiver.answer(500, 500)
    delivery = publish_event(committed)[0]
    delivery.refresh_from_db()
    assert delivery.status == Delivery.Status.FAILED

    inspect = reverse("webhook_deliveries:inspect", args=[delivery.pk])
    assert "Retry now" in admin_client.get(inspect).content.decode()
    with committed():
        response = admin_client.post(
            reverse("webhook_deliveries:retry", args=[delivery.pk])
        )
    assert response["Location"] == inspect
    delivery.refresh_from_db()
    assert delivery.status == Delivery.Status.SUCCEEDED and delivery.attempts == 3

    # Only what has given up can be retried.
    admin_client.post(reverse("webhook_deliveries:retry", args=[delivery.pk]))
    delivery.refresh_from_db()
    assert delivery.attempts == 3 and len(receiver.requests) == 3


def test_editors_read_the_log_but_cannot_touch_endpoints(
    client, committed, receiver, endpoint, settings
):
    settings.WEBHOOKS = {**settings.WEBHOOKS, "MAX_ATTEMPTS": 1}
    receiver.answer(500)
    delivery = publish_event(committed)[0]
    client.force_login(user_in("Editors", "editor"))

    assert client.get(reverse("webhook_deliveries:index")).status_code == 200
    inspect = client.get(reverse("webhook_deliveries:inspect", args=[delivery.pk]))
    page = inspect.content.decode()
    assert inspect.status_code == 200
    assert "page.published" in page and SECRET not in page
    assert "Retry now" not in page

    for name, args in [
        ("webhooks:index", []),
        ("webhooks:add", []),
        ("webhooks:edit", [endpoint.pk]),
    ]:
        assert client.get(reverse(name, args=args)).status_code in (302, 403)
    client.post(reverse("webhooks:add"), endpoint_form("https://93.184.215.14/"))
    client.post(reverse("webhooks:send_test", args=[endpoint.pk]))
    client.post(reverse("webhook_deliveries:retry", args=[delivery.pk]))
    assert Endpoint.objects.count() == 1
    assert Delivery.objects.get().status == Delivery.Status.FAILED
    assert len(receiver.requests) == 1


def test_the_settings_menu_offers_editors_the_log_only(client, admin_client):
    client.force_login(user_in("Editors", "editor"))
    editor_menu = client.get(reverse("wagtailadmin_home")).content.decode()
    admin_menu = admin_client.get(reverse("wagtailadmin_home")).content.decode()
    assert '"label": "Webhook deliveries"' in editor_menu
    assert '"label": "Webhooks"' not in editor_menu
    assert '"label": "Webhooks"' in admin_menu
    assert '"label": "Webhook deliveries"' in admin_menu


def test_site_managers_manage_endpoints(client, db, receiver):
    client.force_login(user_in("Site managers", "manager"))
    assert client.get(reverse("webhooks:index")).status_code == 200
    client.post(reverse("webhooks:add"), endpoint_form(receiver.url))
    assert Endpoint.objects.count() == 1
    assert client.get(reverse("webhook_deliveries:index")).status_code == 200


def test_the_log_is_readable_by_editors_and_managers_only(db):
    editor = user_in("Editors", "editor")
    manager = user_in("Site managers", "manager")
    outsider = get_user_model().objects.create_user("reader", "r@x.test", "pw")
    policy = policy_registry.get_by_type(Delivery)
    assert set(policy.users_with_any_permission(["view"])) == {editor, manager}
    assert set(policy.users_with_any_permission(["retry"])) == {manager}
    assert not policy.users_with_any_permission(["add", "change", "delete"]).exists()
    assert policy.user_has_permission(manager, "retry")
    assert not policy.user_has_permission(editor, "retry")
    assert not policy.user_has_permission(outsider, "view")


def test_nobody_adds_or_edits_deliveries_by_hand(admin_client, committed, endpoint):
    delivery = publish_event(committed)[0]
    page = admin_client.get(reverse("webhook_deliveries:index")).content.decode()
    assert "Add webhook delivery" not in page
    assert admin_client.get("/admin/webhooks/deliveries/new/").status_code == 404
    assert (
        admin_client.get(f"/admin/webhooks/deliveries/edit/{delivery.pk}/").status_code
        == 404
    )


def test_anonymous_visitors_are_sent_to_log_in(client, endpoint):
    for url in [
        reverse("webhooks:index"),
        reverse("webhooks:edit", args=[endpoint.pk]),
        reverse("webhook_deliveries:index"),
    ]:
        response = client.get(url)
        assert response.status_code == 302
        assert response["Location"].startswith("/admin/login/")
    response = client.post(reverse("webhooks:send_test", args=[endpoint.pk]))
    assert response.status_code == 302 and not Delivery.objects.exists()


@pytest.mark.parametrize(
    "url",
    [
        "/admin/webhooks/edit/abc/",
        "/admin/webhooks/edit/0/",
        "/admin/webhooks/edit/99999999999999999999999999/",
        "/admin/webhooks/edit/9223372036854775808/",
        "/admin/webhooks/delete/99999999999999999999999999/",
        "/admin/webhooks/send-test/99999999999999999999999999/",
        "/admin/webhooks/deliveries/inspect/not-a-uuid/",
        f"/admin/webhooks/deliveries/inspect/{uuid.uuid4()}/",
        f"/admin/webhooks/deliveries/retry/{uuid.uuid4()}/",
        "/admin/webhooks/edit/1%00/",
    ],
)
def test_hostile_ids_in_admin_urls_are_not_found(admin_client, url):
    method = (
        admin_client.post if "send-test" in url or "retry" in url else admin_client.get
    )
    assert method(url).status_code == 404


# Keeping the log small


def test_pruning_forgets_old_finished_deliveries_only(committed, endpoint):
    old = timezone.now() - datetime.timedelta(days=40)
    for status in [Delivery.Status.SUCCEEDED, Delivery.Status.RETRYING]:
        Delivery.objects.create(
            endpoint=endpoint,
            endpoint_name=endpoint.name,
            event="page.published",
            body="{}",
            status=status,
            created_at=old,
        )
    publish_event(committed)

    call_command("prune_webhook_deliveries", stdout=io.StringIO())
    assert sorted(Delivery.objects.values_list("status", flat=True)) == [
        Delivery.Status.RETRYING,
        Delivery.Status.SUCCEEDED,
    ]
    assert Delivery.objects.filter(created_at__gt=old).exists()
    call_command("prune_webhook_deliveries", "--days", "0", stdout=io.StringIO())
    assert list(Delivery.objects.values_list("status", flat=True)) == [
        Delivery.Status.RETRYING
    ]


def test_a_delivery_whose_attempt_never_reached_the_queue_can_be_retried(
    admin_client, committed, receiver, endpoint, django_capture_on_commit_callbacks
):
    # The rows are written, but the queueing after the commit is lost.
    with django_capture_on_commit_callbacks(execute=False):
        delivery = webhooks.dispatch("page.published", {"page": {"id": 7}})[0]
    retry = reverse("webhook_deliveries:retry", args=[delivery.pk])
    admin_client.post(retry)
    delivery.refresh_from_db()
    assert delivery.status == Delivery.Status.PENDING  # not overdue yet: left alone
    Delivery.objects.filter(pk=delivery.pk).update(
        next_attempt_at=timezone.now() - datetime.timedelta(minutes=11)
    )
    with committed():
        admin_client.post(retry)
    delivery.refresh_from_db()
    assert delivery.status == Delivery.Status.SUCCEEDED
    assert len(receiver.requests) == 1


# ensure_webhook: a deploy script keeps one endpoint as it should be ----------


HOOK = "https://www.example.com/hook/"


def ensure(monkeypatch, *args, secret="a-secret-from-the-deploy-environment"):
    monkeypatch.setenv("FRONTEND_HOOK_SECRET", secret)
    out = io.StringIO()
    call_command(
        "ensure_webhook", *args, "--secret-env", "FRONTEND_HOOK_SECRET", stdout=out
    )
    return out.getvalue()


@pytest.mark.django_db
def test_ensure_webhook_creates_then_leaves_then_updates_the_endpoint(monkeypatch):
    url = "https://www.example.com/api/revalidate/"
    assert "Created" in ensure(monkeypatch, "Frontend", url)
    endpoint = Endpoint.objects.get(name="Frontend")
    assert endpoint.url == url
    assert endpoint.secret == "a-secret-from-the-deploy-environment"
    assert set(endpoint.events) == set(event_types.SUBSCRIBABLE)
    assert "Unchanged" in ensure(monkeypatch, "Frontend", url)

    endpoint.enabled = False
    endpoint.save()
    output = ensure(
        monkeypatch, "Frontend", url, "--events", "page.published", secret="x" * 20
    )
    assert "Updated" in output
    endpoint.refresh_from_db()
    assert (endpoint.enabled, endpoint.events, endpoint.secret) == (
        True,
        ["page.published"],
        "x" * 20,
    )
    assert Endpoint.objects.count() == 1


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("args", "secret", "message"),
    [
        ([HOOK], "short", "16 characters"),
        ([HOOK, "--events", "page.eaten"], None, "page.eaten"),
        ([HOOK, "--events", " , "], None, "at least one"),
        (["ftp://www.example.com/hook/"], None, "ftp://"),
        (["https://user:pw@www.example.com/hook/"], None, "user:pw"),
    ],
)
def test_ensure_webhook_refuses_bad_input_clearly(monkeypatch, args, secret, message):
    with pytest.raises(CommandError, match=re.escape(message)):
        ensure(monkeypatch, "Frontend", *args, secret=secret or "s" * 24)
    assert not Endpoint.objects.exists()
