"""Production: every secret and host comes from the environment."""

import os

from django.core.exceptions import ImproperlyConfigured

from headless.environment import env_list

from .base import *  # noqa: F403

DEBUG = False

try:
    SECRET_KEY = os.environ["SECRET_KEY"]
except KeyError as exc:
    raise ImproperlyConfigured(
        "SECRET_KEY must be set in the environment for production."
    ) from exc
if not SECRET_KEY:
    raise ImproperlyConfigured("SECRET_KEY must not be empty in production.")

ALLOWED_HOSTS = env_list("ALLOWED_HOSTS")
if not ALLOWED_HOSTS:
    raise ImproperlyConfigured("ALLOWED_HOSTS must list the CMS host names.")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS")

# Several processes (gunicorn workers, cron's publish_scheduled) change and
# serve content. A per-process cache would keep serving what another process
# has since changed, so the response cache needs a shared one.
if GLOSSARY_API_CACHE and CACHES["default"]["BACKEND"].endswith(  # noqa: F405
    ".LocMemCache"
):
    raise ImproperlyConfigured(
        "The glossary API's response cache needs a cache shared by every "
        "process: set REDIS_URL, or turn the cache off with GLOSSARY_API_CACHE=0."
    )

# TLS is terminated in front of the app; trust its forwarded scheme.
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_SSL_REDIRECT = os.environ.get("SECURE_SSL_REDIRECT", "true").lower() == "true"
SECURE_HSTS_SECONDS = int(os.environ.get("SECURE_HSTS_SECONDS", "31536000"))
SECURE_HSTS_INCLUDE_SUBDOMAINS = True
SECURE_HSTS_PRELOAD = True
SESSION_COOKIE_SECURE = True
CSRF_COOKIE_SECURE = True
SECURE_CONTENT_TYPE_NOSNIFF = True
X_FRAME_OPTIONS = "SAMEORIGIN"
# The admin shows live previews in a same-origin iframe, so frames stay
# allowed from this host (SAMEORIGIN above) instead of Django's DENY.
SILENCED_SYSTEM_CHECKS = ["security.W019"]
