"""Settings shared by every environment; see dev.py, test.py and production.py."""

import os
from datetime import timedelta
from pathlib import Path

import dj_database_url

from headless.environment import env_list, env_mapping, origin

BASE_DIR = Path(__file__).resolve().parent.parent.parent
VAR_DIR = BASE_DIR / "var"


INSTALLED_APPS = [
    "home",
    "glossary",
    "seo",
    "headless",
    "search",
    "webhooks",
    "wagtail_headless_preview",
    "wagtail.api.v2",
    "wagtail.contrib.redirects",
    "wagtail.contrib.settings",
    "wagtail.contrib.sitemaps",
    "wagtail.contrib.frontend_cache",
    "wagtail.embeds",
    "wagtail.sites",
    "wagtail.users",
    "wagtail.snippets",
    "wagtail.documents",
    "wagtail.images",
    "wagtail.search",
    "wagtail.admin",
    "wagtail",
    "modelcluster",
    "taggit",
    "corsheaders",
    "ninja",
    "axes",
    "csp",
    "django_tasks",
    "django_tasks_db",
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.sitemaps",
    "django.contrib.postgres",
]

MIDDLEWARE = [
    "corsheaders.middleware.CorsMiddleware",
    # Security headers are set on every response, cached answers included, so
    # these three wrap the response cache.
    "django.middleware.security.SecurityMiddleware",
    "headless.security.ContentSecurityPolicyMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "headless.security.SafeMethodsMiddleware",
    # Public API reads may use the read replica from here on: before the
    # response cache, which may ask them to include a later change.
    "headless.replica.PublicReadsMiddleware",
    # Cached /api/glossary/ answers leave here, before sessions and auth.
    "glossary.delivery.cache.CachedResponseMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "wagtail.contrib.redirects.middleware.RedirectMiddleware",
    # Last, so that its lockout page replaces the login form's answer.
    "axes.middleware.AxesMiddleware",
]

# Admin logins are throttled (django-axes): after AXES_FAILURE_LIMIT wrong
# passwords for one user name, or from one address, further attempts are
# refused before any password is hashed, until an admin unlocks them (Settings
# → Login lockouts, or `manage.py axes_reset_username NAME`) or the cool-off
# passes.
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
AXES_FAILURE_LIMIT = int(os.environ.get("LOGIN_FAILURE_LIMIT", 5))
AXES_COOLOFF_TIME = timedelta(minutes=int(os.environ.get("LOGIN_COOLOFF_MINUTES", 15)))
# Either one locks: a user name attacked from many addresses, or one address
# trying many user names.
AXES_LOCKOUT_PARAMETERS = ["username", "ip_address"]
# A success does not wipe failures: axes would wipe every failure from that
# address, so one working account would reset the count for all the others.
# Failures expire with the cool-off instead.
AXES_RESET_ON_SUCCESS = False
AXES_LOCKOUT_CALLABLE = "headless.login.locked_out"
# Behind a load balancer the client's address is in X-Forwarded-For; only the
# entry written by the trusted proxies in front of the CMS counts
# (headless/login.py).
TRUSTED_PROXY_COUNT = int(os.environ.get("TRUSTED_PROXY_COUNT", 0))
AXES_CLIENT_IP_CALLABLE = "headless.login.client_address"

ROOT_URLCONF = "cms.urls"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.debug",
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
            ],
        },
    },
]

WSGI_APPLICATION = "cms.wsgi.application"

DATABASES = {
    "default": dj_database_url.config(
        default=f"sqlite:///{VAR_DIR / 'db.sqlite3'}", conn_max_age=60
    )
}
# A PostgreSQL read replica of the primary for public API reads; the admin,
# previews and every write stay on the primary (headless/replica.py).
if os.environ.get("DATABASE_REPLICA_URL"):
    DATABASES["replica"] = dj_database_url.config(
        "DATABASE_REPLICA_URL",
        conn_max_age=DATABASES["default"]["CONN_MAX_AGE"],
        # The test runner points it at the primary's test database instead of
        # making one: the copy the suite reads is the primary's own.
        test_options={"MIRROR": "default"},
    )
    # A replica that does not answer is given up on quickly, for the primary.
    DATABASES["replica"].setdefault("OPTIONS", {}).setdefault("connect_timeout", 2)
    DATABASE_ROUTERS = ["headless.replica.ReplicaRouter"]
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_PASSWORD_VALIDATORS = [
    {
        "NAME": "django.contrib.auth.password_validation."
        "UserAttributeSimilarityValidator"
    },
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LANGUAGE_CODE = "en-us"
TIME_ZONE = "UTC"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = VAR_DIR / "static"
MEDIA_URL = "/media/"
MEDIA_ROOT = Path(os.environ.get("MEDIA_ROOT", VAR_DIR / "media"))
# Uploaded images live in S3-compatible object storage when a bucket is
# configured, otherwise under MEDIA_ROOT, served by the CMS at MEDIA_URL
# (headless/media.py). Object URLs go into cached API answers, so they must not
# expire: the bucket (or the CDN at AWS_S3_CUSTOM_DOMAIN) serves them publicly.
if os.environ.get("AWS_STORAGE_BUCKET_NAME"):
    MEDIA_STORAGE = {
        "BACKEND": "storages.backends.s3.S3Storage",
        "OPTIONS": {
            "bucket_name": os.environ["AWS_STORAGE_BUCKET_NAME"],
            "endpoint_url": os.environ.get("AWS_S3_ENDPOINT_URL") or None,
            "region_name": os.environ.get("AWS_S3_REGION_NAME") or None,
            "custom_domain": os.environ.get("AWS_S3_CUSTOM_DOMAIN") or None,
            "location": os.environ.get("AWS_LOCATION", ""),
            "querystring_auth": False,
            "file_overwrite": False,
            "object_parameters": {"CacheControl": "public, max-age=86400"},
        },
    }
else:
    MEDIA_STORAGE = {"BACKEND": "django.core.files.storage.FileSystemStorage"}
STORAGES = {
    "default": MEDIA_STORAGE,
    "staticfiles": {
        "BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"
    },
}

# Complex page forms (StreamFields, inlines) post many fields at once.
DATA_UPLOAD_MAX_NUMBER_FIELDS = 10_000

# Wagtail
WAGTAIL_SITE_NAME = "Creator Glossary"
# Where editors reach the admin; also the base of absolute media URLs in the API.
WAGTAILADMIN_BASE_URL = os.environ.get(
    "WAGTAILADMIN_BASE_URL", "http://127.0.0.1:8000"
).rstrip("/")
# Where images are served from, for the admin's content security policy.
MEDIA_ORIGINS = sorted(
    {
        f"https://{domain}"
        for domain in [os.environ.get("AWS_S3_CUSTOM_DOMAIN")]
        if domain
    }
    | {origin(url) for url in [os.environ.get("AWS_S3_ENDPOINT_URL")] if url}
)
# Search runs in the database (PostgreSQL full text plus pg_trgm for typos).
# Sites that outgrow it switch with SEARCH_BACKEND=opensearch3 (or opensearch2,
# elasticsearch7/8/9) and SEARCH_URL, then run `manage.py update_index`.
WAGTAILSEARCH_BACKENDS = {"default": {"BACKEND": "wagtail.search.backends.database"}}
if os.environ.get("SEARCH_BACKEND"):
    WAGTAILSEARCH_BACKENDS["default"] = {
        "BACKEND": f"wagtail.search.backends.{os.environ['SEARCH_BACKEND']}",
        "URLS": env_list("SEARCH_URL", "http://localhost:9200"),
        "INDEX": os.environ.get("SEARCH_INDEX", "glossary"),
    }
WAGTAILDOCS_EXTENSIONS = [
    "csv",
    "docx",
    "key",
    "odt",
    "pdf",
    "pptx",
    "rtf",
    "txt",
    "xlsx",
    "zip",
]
WAGTAILDOCS_MAX_UPLOAD_SIZE = 10 * 1024 * 1024
# Rich text leaves the API as final HTML: internal links already point at the
# frontend instead of <a linktype="page" id="…">.
WAGTAILAPI_RICH_TEXT_FORMAT = "html"
WAGTAILAPI_LIMIT_MAX = 100
# detail_url links in API responses point back at the CMS itself.
WAGTAILAPI_BASE_URL = WAGTAILADMIN_BASE_URL
TAGGIT_CASE_INSENSITIVE = True

# The public site is a separate frontend: every page URL the CMS hands out
# (API html_url, rich text links, "View live") points there.
FRONTEND_URL = os.environ.get("FRONTEND_URL", "http://127.0.0.1:3000").rstrip("/")

# Drafts open on the frontend's preview route (Next.js Draft Mode): FRONTEND_URL
# by default, or per Wagtail site hostname, e.g.
# PREVIEW_CLIENT_URLS="cms-staging.example.com=https://staging.example.com".
PREVIEW_FRONTENDS = {"default": FRONTEND_URL, **env_mapping("PREVIEW_CLIENT_URLS")}
PREVIEW_ROUTE = "/api/preview"
WAGTAIL_HEADLESS_PREVIEW = {
    "CLIENT_URLS": {
        host: frontend.rstrip("/") + PREVIEW_ROUTE
        for host, frontend in PREVIEW_FRONTENDS.items()
    },
    "SERVE_BASE_URL": FRONTEND_URL,
    "REDIRECT_ON_PREVIEW": False,
    "ENFORCE_TRAILING_SLASH": True,
}
# Seconds a preview link stays valid after the editor clicks Preview.
PREVIEW_TOKEN_MAX_AGE = int(os.environ.get("PREVIEW_TOKEN_MAX_AGE", 3600))

# Browsers may call the API only from the frontends configured above.
CORS_URLS_REGEX = r"^/api/"
CORS_ALLOWED_ORIGINS = sorted(
    {
        origin(url)
        for url in [
            *PREVIEW_FRONTENDS.values(),
            *env_list("CORS_ALLOWED_ORIGINS"),
        ]
    }
)
CORS_ALLOW_METHODS = ["GET", "HEAD", "OPTIONS"]

REST_FRAMEWORK = {
    "DEFAULT_RENDERER_CLASSES": ["rest_framework.renderers.JSONRenderer"],
}

# Django's cache: Redis when REDIS_URL is set (shared by every worker, which
# multi-process deployments need), otherwise this process's memory.
# django-redis keeps one client per connection pool; Django's own Redis
# backend builds a new client for every call, which costs more than the
# round trip on a cached API answer.
# When Redis is down or slow the site answers from the database instead
# (headless/cache.py), so its timeouts are short: a stalled Redis must not stall
# every request.
REDIS_TIMEOUT = float(os.environ.get("REDIS_TIMEOUT", 0.05))
if os.environ.get("REDIS_URL"):
    CACHES = {
        "default": {
            "BACKEND": "headless.cache.ResilientRedisCache",
            "LOCATION": os.environ["REDIS_URL"],
            "KEY_PREFIX": os.environ.get("CACHE_KEY_PREFIX", "glossary"),
            "OPTIONS": {
                "SOCKET_CONNECT_TIMEOUT": REDIS_TIMEOUT,
                "SOCKET_TIMEOUT": REDIS_TIMEOUT,
            },
            # Content versions, site roots and cached answers of the glossary
            # API, and what the v2 API's public reads share: kept in each
            # process too, while Redis announces changes to them (README,
            # Caching).
            "LOCAL_COPIES": ["glossary-api:", "wagtailapi:"],
        }
    }
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
# How far a background import has got, read by the admin while the worker
# writes it: shared between processes even without Redis.
CACHES["progress"] = (
    {**CACHES["default"], "KEY_PREFIX": "glossary-progress", "LOCAL_COPIES": []}
    if os.environ.get("REDIS_URL")
    else {
        "BACKEND": "django.core.cache.backends.filebased.FileBasedCache",
        "LOCATION": str(VAR_DIR / "progress"),
    }
)

# Background work (imports, search and reference index updates, image
# renditions): queued in the database and run by `manage.py db_worker`, which
# `make run` starts. TASKS_BACKEND=immediate runs each task inside the request
# that queued it, with no worker.
TASKS = {
    "default": {
        "BACKEND": "django_tasks.backends.immediate.ImmediateBackend"
        if os.environ.get("TASKS_BACKEND") == "immediate"
        else "django_tasks_db.DatabaseBackend"
    }
}

# Signed webhooks to other sites (webhooks/), sent by the same task worker.
# Private, loopback and link-local receivers are refused unless
# WEBHOOKS_ALLOW_PRIVATE_ADDRESSES=true; left unset, they are allowed only with
# DEBUG on (local development). See README "Webhooks".
WEBHOOKS = {
    "ALLOW_PRIVATE_ADDRESSES": {"true": True, "false": False}.get(
        os.environ.get("WEBHOOKS_ALLOW_PRIVATE_ADDRESSES", "").lower()
    ),
    "TIMEOUT": float(os.environ.get("WEBHOOKS_TIMEOUT", 5)),
    "MAX_ATTEMPTS": int(os.environ.get("WEBHOOKS_MAX_ATTEMPTS", 6)),
    "BACKOFF_BASE": float(os.environ.get("WEBHOOKS_BACKOFF_BASE", 30)),
    "KEEP_DAYS": int(os.environ.get("WEBHOOKS_KEEP_DAYS", 30)),
}

# The delivery API at /api/glossary/.
GLOSSARY_API_CACHE = os.environ.get("GLOSSARY_API_CACHE", "1").lower() not in (
    "0",
    "false",
    "no",
    "off",
)
GLOSSARY_API_MAX_AGE = int(os.environ.get("GLOSSARY_API_MAX_AGE", 60))
GLOSSARY_API_CACHE_TIMEOUT = int(os.environ.get("GLOSSARY_API_CACHE_TIMEOUT", 86400))
GLOSSARY_API_SEARCH_CACHE_TIMEOUT = int(
    os.environ.get("GLOSSARY_API_SEARCH_CACHE_TIMEOUT", 300)
)

# A CDN or caching proxy in front of the CMS is purged on publish when one of
# these is set; see README "Caching".
WAGTAILFRONTENDCACHE = {}
if os.environ.get("FRONTEND_CACHE_PURGE_URL"):
    WAGTAILFRONTENDCACHE["proxy"] = {
        "BACKEND": "headless.edge.ProxyBackend",
        "LOCATION": os.environ["FRONTEND_CACHE_PURGE_URL"],
    }
if os.environ.get("FRONTEND_CACHE_CLOUDFLARE_ZONEID"):
    WAGTAILFRONTENDCACHE["cloudflare"] = {
        "BACKEND": "wagtail.contrib.frontend_cache.backends.CloudflareBackend",
        "BEARER_TOKEN": os.environ.get("FRONTEND_CACHE_CLOUDFLARE_TOKEN", ""),
        "ZONEID": os.environ["FRONTEND_CACHE_CLOUDFLARE_ZONEID"],
    }
if os.environ.get("FRONTEND_CACHE_CLOUDFRONT_DISTRIBUTION_ID"):
    WAGTAILFRONTENDCACHE["cloudfront"] = {
        "BACKEND": "wagtail.contrib.frontend_cache.backends.CloudfrontBackend",
        "DISTRIBUTION_ID": os.environ["FRONTEND_CACHE_CLOUDFRONT_DISTRIBUTION_ID"],
    }

SECRET_KEY = os.environ.get("SECRET_KEY", "")
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "localhost,127.0.0.1,[::1]")

# Security headers. SecurityMiddleware adds nosniff, the referrer policy and
# the cross-origin opener policy; ContentSecurityPolicyMiddleware (headless/security.py)
# the policies below. The Wagtail admin still prints a few inline scripts
# (inline panels, date pickers) and inline styles, so its policy allows those
# but no other origin; JSON under /api/ may load nothing at all.
SECURE_REFERRER_POLICY = "strict-origin-when-cross-origin"
X_FRAME_OPTIONS = "SAMEORIGIN"
# The admin talks to no third party: no avatars from Gravatar, no release check
# (both would also be blocked by the policy below).
WAGTAIL_GRAVATAR_PROVIDER_URL = None
WAGTAIL_ENABLE_UPDATE_CHECK = False
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'", "'unsafe-inline'"],
        "style-src": ["'self'", "'unsafe-inline'"],
        "img-src": ["'self'", "data:", "blob:", *MEDIA_ORIGINS],
        "font-src": ["'self'", "data:"],
        "connect-src": ["'self'"],
        # Plus every preview frontend (headless/security.py).
        "frame-src": ["'self'"],
        "frame-ancestors": ["'self'"],
        "object-src": ["'none'"],
        "base-uri": ["'self'"],
        "form-action": ["'self'"],
    }
}

# Errors reach stderr with their tracebacks in every environment, where the
# process manager collects them; Django alone would only email them.
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {
        "plain": {"format": "%(asctime)s %(levelname)s %(name)s: %(message)s"},
    },
    "handlers": {
        "stderr": {
            "class": "logging.StreamHandler",
            "stream": "ext://sys.stderr",
            "formatter": "plain",
        },
    },
    "root": {"handlers": ["stderr"], "level": os.environ.get("LOG_LEVEL", "WARNING")},
    "loggers": {
        "django.request": {
            "handlers": ["stderr"],
            "level": "ERROR",
            "propagate": False,
        },
    },
}

# What readers ask the public search and autocomplete, counted per day without
# anything personal (search/demand.py), for the "What readers look for" report.
# What readers search, counted (search/demand.py). Only what the environment
# sets is here; the other keys and their meaning are search.demand.DEFAULTS,
# which this dict is laid over.
GLOSSARY_SEARCH_DEMAND = {
    "ENABLED": os.environ.get("SEARCH_DEMAND", "1").lower()
    not in ("0", "false", "no", "off"),
    "RETENTION_DAYS": int(os.environ.get("SEARCH_DEMAND_RETENTION_DAYS", 90)),
}
