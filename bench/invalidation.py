"""How much of a warm response cache one publish keeps.

Every live term's ``terms/{slug}/`` answer is built and cached by the
benchmark's gunicorn, one term is edited and published as an editor would,
and then each of those answers is looked up in the shared cache as the API's
middleware would look it up. An answer
still there is one the next reader gets without the database; the rest were
renewed by the publish: the term itself, and the terms that link to it or
list it as related.
"""

import statistics
import time
import urllib.request
from concurrent.futures import ThreadPoolExecutor
from urllib.parse import urlsplit

from django.core.cache import cache
from django.db import transaction
from django.test import Client, RequestFactory
from django.urls import reverse

from glossary.delivery.cache import CachedAnswer
from glossary.delivery.changes import linking_terms
from glossary.models import GlossaryTermPage

# Publishes timed after the measured one, for the median time to publish.
PUBLISHES = 9
# Concurrent requests while warming: enough to keep every worker busy.
WARMING_CONNECTIONS = 8


def term_path(slug):
    return reverse("glossary_api:get_term", kwargs={"slug": slug})


def publish(term, note):
    """Edit the short definition and publish, in one transaction as the admin does."""
    started = time.perf_counter()
    with transaction.atomic():
        page = GlossaryTermPage.objects.get(pk=term.pk).get_latest_revision_as_object()
        page.short_definition = f"{page.short_definition.split(' [')[0]} [{note}]"[:255]
        page.save_revision().publish()
    return (time.perf_counter() - started) * 1000, page.short_definition


def fetch(url):
    with urllib.request.urlopen(url, timeout=60) as response:
        if response.status != 200:
            raise RuntimeError(f"{url} answered {response.status}")


def measure(stdout, index, base_url):
    """Warm every term through ``base_url``, publish the ``index``-th, and count
    what stayed cached."""
    host = urlsplit(base_url).netloc
    client = Client(HTTP_HOST=host)
    factory = RequestFactory(HTTP_HOST=host)
    cache.clear()
    slugs = list(
        GlossaryTermPage.objects.live().order_by("pk").values_list("slug", flat=True)
    )
    stdout.write(f"  warming {len(slugs):,} terms/{{slug}}/ answers …")
    started = time.perf_counter()
    with ThreadPoolExecutor(WARMING_CONNECTIONS) as pool:
        list(pool.map(fetch, (base_url + term_path(slug) for slug in slugs)))
    warm_seconds = time.perf_counter() - started
    warm = [s for s in slugs if CachedAnswer(factory.get(term_path(s))).stored]

    term = GlossaryTermPage.objects.live().order_by("pk")[index]
    linking = len(linking_terms([term]))
    publish_ms, text = publish(term, f"edited {time.time():.0f}")
    kept = sum(
        1 for s in warm if CachedAnswer(factory.get(term_path(s))).stored is not None
    )
    fresh = client.get(term_path(term.slug)).json()["short_definition"] == text

    times = [publish_ms]
    others = GlossaryTermPage.objects.live().order_by("pk")[index + 1 :][:PUBLISHES]
    for n, other in enumerate(others):
        times.append(publish(other, f"timed {n}")[0])
    return {
        "warm": len(warm),
        "kept": kept,
        "linking": linking,
        "slug": term.slug,
        "fresh": fresh,
        "warm_seconds": warm_seconds,
        "publish_ms": statistics.median(times),
        "publishes": len(times),
    }
