"""`make bench`: production-like (no debug), on a PostgreSQL database of its own."""

import os

import dj_database_url

from cms.settings.base import *  # noqa: F403

DEBUG = False
SECRET_KEY = "benchmark-only-secret-key-not-for-production"
ALLOWED_HOSTS = ["*"]
# Only here: the product's settings never load the benchmark.
INSTALLED_APPS = [*INSTALLED_APPS, "bench"]  # noqa: F405
DATABASES = {
    "default": dj_database_url.parse(
        os.environ.get(
            "BENCH_DATABASE_URL", "postgres://postgres@127.0.0.1:5432/glossary_bench"
        ),
        conn_max_age=600,
    )
}
# The production backend, local copies included, with timeouts a saturated
# 2-core machine cannot trip (a timeout would measure fallbacks, not hits).
CACHES = {
    "default": {
        "BACKEND": "headless.cache.ResilientRedisCache",
        "LOCATION": os.environ.get("BENCH_REDIS_URL", "redis://127.0.0.1:6379/14"),
        "KEY_PREFIX": "glossary-bench",
        "OPTIONS": {"SOCKET_CONNECT_TIMEOUT": 2, "SOCKET_TIMEOUT": 2},
        "LOCAL_COPIES": ["glossary-api:", "wagtailapi:"],
    },
    "progress": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"},
}
# Index updates run where they are queued, as a worker would run them; the
# import measurement queues them in the database, as production does.
if os.environ.get("BENCH_TASKS") != "database":
    TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
# Static files are not collected for the benchmark; WhiteNoise just needs the folder.
STATIC_ROOT.mkdir(parents=True, exist_ok=True)  # noqa: F405

# The two reference points measured beside the glossary API.
ROOT_URLCONF = "bench.urls"
LOGGING = {"version": 1, "disable_existing_loggers": False}
