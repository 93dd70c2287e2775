"""Settings for the test suite: fast hashing, throwaway media, no debug."""

import tempfile

from .base import *  # noqa: F403

DEBUG = False
SECRET_KEY = "test-only-secret-key"
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
MEDIA_ROOT = tempfile.mkdtemp(prefix="glossary-test-media-")
STATIC_ROOT = tempfile.mkdtemp(prefix="glossary-test-static-")
STORAGES["staticfiles"] = {  # noqa: F405
    "BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"
}
WHITENOISE_USE_FINDERS = True
WAGTAILADMIN_BASE_URL = "http://cms.test"
FRONTEND_URL = "https://glossary.example.com"
WAGTAIL_HEADLESS_PREVIEW = {
    **WAGTAIL_HEADLESS_PREVIEW,  # noqa: F405
    "CLIENT_URLS": {
        "default": FRONTEND_URL + PREVIEW_ROUTE,  # noqa: F405
        "staging-cms.test": "https://staging.glossary.example.com" + PREVIEW_ROUTE,  # noqa: F405
    },
    "SERVE_BASE_URL": FRONTEND_URL,
}
ALLOWED_HOSTS = ["*"]
CACHES["default"]["KEY_PREFIX"] = "glossary-test"  # noqa: F405
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
WAGTAILAPI_BASE_URL = WAGTAILADMIN_BASE_URL
CORS_ALLOWED_ORIGINS = [
    "https://glossary.example.com",
    "https://staging.glossary.example.com",
]
# A busy test machine may keep Redis waiting longer than production's short
# timeout; a timeout here would turn a cached answer into a miss at random.
if "OPTIONS" in CACHES["default"]:  # noqa: F405
    CACHES["default"]["OPTIONS"].update(  # noqa: F405
        SOCKET_CONNECT_TIMEOUT=2, SOCKET_TIMEOUT=2
    )
# Most tests sign in with client.login(), which passes no request for django-axes
# to throttle; tests/test_login_throttling.py switches it back on.
AXES_ENABLED = False

# Tasks run inside the request that queues them, so tests see their effects.
TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
CACHES["progress"] = {  # noqa: F405
    "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
    "LOCATION": "progress",
}

# Webhook tests post to receivers on 127.0.0.1 and retry without waiting.
WEBHOOKS = {
    **WEBHOOKS,  # noqa: F405
    "ALLOW_PRIVATE_ADDRESSES": True,
    "TIMEOUT": 2,
    "BACKOFF_BASE": 0,
}

# Search demand is written when a test calls search.demand.flush(), never by a
# background thread outside the test's transaction.
GLOSSARY_SEARCH_DEMAND = {**GLOSSARY_SEARCH_DEMAND, "FLUSH_SECONDS": 0}  # noqa: F405
