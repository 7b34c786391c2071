"""Settings for the newsroom site, read from the environment (see .env.example)."""

import importlib.util
from pathlib import Path

import environ
from csp.constants import NONE, SELF
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent

env = environ.Env()

DEBUG = env.bool("DJANGO_DEBUG", default=False)
SECRET_KEY = env.str("DJANGO_SECRET_KEY", default="")
if not SECRET_KEY:
    if not DEBUG:
        raise ImproperlyConfigured(
            "DJANGO_SECRET_KEY is not set. It is required when DJANGO_DEBUG is off: "
            "set it to a long random string (for example the output of "
            "`python -c 'import secrets; print(secrets.token_urlsafe(50))'`), "
            "or set DJANGO_DEBUG=true for local development."
        )
    SECRET_KEY = "django-insecure-local-development-only"  # noqa: S105 (debug only)
elif DEBUG:
    # Debug pages show settings and tracebacks: never next to a real secret, which means a
    # real deployment. Local development uses the built-in key above.
    raise ImproperlyConfigured(
        "DJANGO_DEBUG is on while DJANGO_SECRET_KEY is set. Debug pages must never run "
        "with a production secret: unset DJANGO_DEBUG (production) or DJANGO_SECRET_KEY "
        "(local development)."
    )

ALLOWED_HOSTS = env.list(
    "DJANGO_ALLOWED_HOSTS", default=["localhost", "127.0.0.1", "[::1]"] if DEBUG else []
)
CSRF_TRUSTED_ORIGINS = env.list("DJANGO_CSRF_TRUSTED_ORIGINS", default=[])

INSTALLED_APPS = [
    # Django (the admin as the newsroom's desk: osce_site.admin_site)
    "osce_site.admin_config.NewsroomAdminConfig",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.sitemaps",
    "django.contrib.humanize",  # intcomma: counts grouped per language
    "django.contrib.postgres",
    # Third party
    "axes",
    "csp",
    "django_filters",
    "django_prose_editor",
    "simple_history",
    "taggit",
    # Local
    "countries",
    "taxonomy",
    "releases",
    "alerts",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "osce_site.security.SiteCSPMiddleware",
    "osce_site.http.RefuseTraceMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # Outside the page cache, which stores uncompressed pages: each answer to an
    # anonymous visitor is compressed on its way out (osce_site.http).
    "osce_site.http.CompressionMiddleware",
    # Parameters a view does not read are redirected away before the page cache.
    "osce_site.http.CanonicalQueryMiddleware",
    "osce_site.cache.PageCacheMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    # The language of the path (public pages), of the chosen cookie (admin only).
    "osce_site.locale.LanguageMiddleware",
    "django.middleware.common.CommonMiddleware",
    "osce_site.admin_input.AdminQueryNulMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "osce_site.http.PrivateWhenSignedInMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    # Last: counts failed admin logins and locks out (django-axes).
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "osce_site.urls"
WSGI_APPLICATION = "osce_site.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "osce_site.context_processors.site",
                "osce_site.i18n.languages",
            ],
        },
    },
]

# Database: SQLite file in the project unless DATABASE_URL says otherwise.
DATABASES = {
    "default": env.db_url("DATABASE_URL", default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}"),
}
DATABASES["default"]["CONN_MAX_AGE"] = env.int("DJANGO_CONN_MAX_AGE", default=60)
DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    DATABASES["default"]["OPTIONS"] = {
        "transaction_mode": "IMMEDIATE",
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
    }
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# Cache: Redis when REDIS_URL is set, local memory otherwise.
REDIS_URL = env.str("REDIS_URL", default="")
if REDIS_URL:
    CACHES = {
        "default": {
            "BACKEND": "osce_site.cache.RedisCache",  # Django's, never failing for Redis
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": env.str("DJANGO_CACHE_PREFIX", default="newsroom"),
            # Redis is only a cache: a hung or unreachable one costs a request at most
            # these timeouts, after which the site leaves it alone for retry_after
            # seconds and computes what it would have read (docs/deploy.md).
            "OPTIONS": {
                "socket_connect_timeout": env.float("DJANGO_REDIS_TIMEOUT", default=0.25),
                "socket_timeout": env.float("DJANGO_REDIS_TIMEOUT", default=0.25),
                "retry_after": env.float("DJANGO_REDIS_RETRY_SECONDS", default=5.0),
            },
        }
    }
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}

# Scale-out (docs/deploy.md). DJANGO_CACHE=off swaps in a cache that keeps nothing, for
# measuring the uncached site (make bench); the page cache then steps aside.
if env.str("DJANGO_CACHE", default="on").lower() in ("off", "false", "0", "dummy"):
    CACHES["default"] = {"BACKEND": "django.core.cache.backends.dummy.DummyCache"}
# Whole-page cache for anonymous visitors (osce_site.cache.PageCacheMiddleware):
# seconds a browser, and a shared cache (reverse proxy, CDN), may keep a page. Neither
# can be purged on publication, so both stay short; the server-side cache is purged.
PAGE_CACHE = env.bool("DJANGO_PAGE_CACHE", default=True)
PAGE_CACHE_MAX_AGE = env.int("DJANGO_PAGE_MAX_AGE", default=60)
PAGE_CACHE_SHARED_MAX_AGE = env.int("DJANGO_PAGE_SHARED_MAX_AGE", default=10)
# A page larger than this is served but not stored (the largest sitemap page is about
# 1 MB; an ordinary page 10-60 kB).
PAGE_CACHE_MAX_BYTES = env.int("DJANGO_PAGE_CACHE_MAX_BYTES", default=2 * 1024 * 1024)
# Process-local copies of stored pages and fragments in front of Redis, trusted while a
# Redis pub/sub subscription says the stamps are current (osce_site.cache: a hit with
# no round trip). Off: every hit is one round trip to Redis, and workers stay smaller.
CACHE_LOCAL_COPIES = env.bool("DJANGO_CACHE_LOCAL_COPIES", default=True)
if REDIS_URL:
    # Sessions read from Redis, written through to the database: several app servers
    # share them and a Redis restart logs nobody out.
    SESSION_ENGINE = "django.contrib.sessions.backends.cached_db"
# Optional read replica: anonymous GET/HEAD requests read from it, everything else (the
# admin, commands, any request after its first write) uses the primary.
if env.str("DATABASE_REPLICA_URL", default=""):
    DATABASES["replica"] = {
        **env.db_url("DATABASE_REPLICA_URL"),
        "CONN_MAX_AGE": DATABASES["default"]["CONN_MAX_AGE"],
        "CONN_HEALTH_CHECKS": True,
        "TEST": {"MIRROR": "default"},
    }
    DATABASE_ROUTERS = ["osce_site.db_router.PrimaryReplicaRouter"]
    MIDDLEWARE.insert(0, "osce_site.db_router.ReplicaMiddleware")
# A replica lags: for this many seconds after a change, cached answers live no longer,
# so one rendered from a replica that had not caught up yet does not stay.
CACHE_SETTLE_SECONDS = env.int(
    "DJANGO_CACHE_SETTLE_SECONDS", default=5 if "replica" in DATABASES else 0
)
# Media on S3-compatible object storage (pip install ".[s3]") when a bucket is named.
S3_BUCKET = env.str("DJANGO_S3_BUCKET", default="")
S3_MEDIA_URL = ""  # the media origin, for MEDIA_URL and so for the CSP's img-src
if S3_BUCKET:
    S3_DOMAIN = env.str("DJANGO_S3_CUSTOM_DOMAIN", default="")
    S3_ENDPOINT = env.str("DJANGO_S3_ENDPOINT_URL", default="").rstrip("/")
    if S3_DOMAIN:
        S3_MEDIA_URL = f"https://{S3_DOMAIN}/"
    elif S3_ENDPOINT:
        S3_MEDIA_URL = f"{S3_ENDPOINT}/{S3_BUCKET}/"
    else:
        S3_MEDIA_URL = f"https://{S3_BUCKET}.s3.amazonaws.com/"
    if importlib.util.find_spec("storages") is None:
        raise ImproperlyConfigured(
            'DJANGO_S3_BUCKET is set but django-storages is missing: pip install ".[s3]".'
        )
    S3_STORAGE = {
        "BACKEND": "storages.backends.s3.S3Storage",
        "OPTIONS": {
            "bucket_name": S3_BUCKET,
            "endpoint_url": S3_ENDPOINT or None,
            "region_name": env.str("DJANGO_S3_REGION", default="") or None,
            "access_key": env.str("DJANGO_S3_ACCESS_KEY_ID", default="") or None,
            "secret_key": env.str("DJANGO_S3_SECRET_ACCESS_KEY", default="") or None,
            "custom_domain": S3_DOMAIN or None,
            # Public media: plain URLs, not signed ones that expire inside cached pages.
            "querystring_auth": False,
            "file_overwrite": False,
            # Originals and renditions have unique names and never change.
            "object_parameters": {"CacheControl": "public, max-age=31536000, immutable"},
        },
    }
# /bench/ok, the benchmark's baseline view; never in production.
BENCH_VIEWS = env.bool("DJANGO_BENCH_VIEWS", default=False)

# Background work: Celery on Redis (osce_site/celery.py, docs/deploy.md). The broker is
# REDIS_URL (or CELERY_BROKER_URL); with neither, tasks run eagerly in the web process
# once the transaction commits (osce_site.tasks.enqueue_on_commit): `make run` needs no
# Redis and no worker.
CELERY_BROKER_URL = env.str("CELERY_BROKER_URL", default=REDIS_URL)
CELERY_TASK_ALWAYS_EAGER = not CELERY_BROKER_URL
CELERY_TASK_EAGER_PROPAGATES = env.bool("CELERY_EAGER_PROPAGATES", default=False)
CELERY_TASK_IGNORE_RESULT = True
CELERY_RESULT_BACKEND = None
# A task is acknowledged when it has finished, not when it starts: a worker that dies
# mid-task leaves it for another. Every task is idempotent (its unit of work is claimed
# in the database), so running one twice does no harm.
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_TASK_SOFT_TIME_LIMIT = env.int("CELERY_SOFT_TIME_LIMIT", default=240)
CELERY_TASK_TIME_LIMIT = env.int("CELERY_TIME_LIMIT", default=300)
# Longer than any task may run: Redis hands an unacknowledged task to another worker
# only after this many seconds.
# Socket timeouts: a hung broker costs a publishing request at most this (then the
# process leaves it alone for CELERY_BROKER_RETRY_SECONDS: osce_site.tasks); a worker's
# BRPOP is read only once its reply is there, so a short timeout does not disturb it.
CELERY_BROKER_TRANSPORT_OPTIONS = {
    "visibility_timeout": env.int("CELERY_VISIBILITY_TIMEOUT", default=900),
    "socket_timeout": env.float("CELERY_BROKER_TIMEOUT", default=0.5),
    "socket_connect_timeout": env.float("CELERY_BROKER_TIMEOUT", default=0.5),
}
CELERY_BROKER_RETRY_SECONDS = env.float("CELERY_BROKER_RETRY_SECONDS", default=5.0)
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
# Enqueueing happens after a commit in the web process: with the broker down it fails
# fast (the work is already recorded in the database, and the periodic tasks send it).
CELERY_BROKER_CONNECTION_TIMEOUT = env.float("CELERY_BROKER_TIMEOUT", default=0.5)
CELERY_TASK_PUBLISH_RETRY = False
CELERY_TIMEZONE = env.str("DJANGO_TIME_ZONE", default="Europe/Vienna")
CELERY_WORKER_HIJACK_ROOT_LOGGER = False
# Periodic tasks (`make scheduler`, celery beat): each reads the database for what is
# due, so a restart forgets nothing. Apps add their entries here.
CELERY_BEAT_SCHEDULE = {
    # Email alerts: scheduled releases whose time came, unfinished work (alerts.tasks).
    "alerts-sweep": {"task": "alerts.sweep", "schedule": env.float("ALERTS_SWEEP_SECONDS", 15.0)},
    "alerts-digests": {"task": "alerts.digests", "schedule": 60.0},
    "alerts-purge": {"task": "alerts.purge", "schedule": 3600.0},
}
# Email alerts: digests go out at this local hour (weekly ones on Mondays); confirmation
# emails allowed per hour to one address and from one client address.
ALERTS_DIGEST_HOUR = env.int("ALERTS_DIGEST_HOUR", default=7)
ALERTS_PER_ADDRESS_PER_HOUR = env.int("ALERTS_PER_ADDRESS_PER_HOUR", default=3)
ALERTS_PER_CLIENT_PER_HOUR = env.int("ALERTS_PER_CLIENT_PER_HOUR", default=10)

# Email: EMAIL_URL (smtp+tls://user:password@host:587 for STARTTLS, smtp+ssl://…:465,
# smtp://host:25, consolemail://)
# or the usual EMAIL_HOST, EMAIL_PORT, EMAIL_HOST_USER, EMAIL_HOST_PASSWORD,
# EMAIL_USE_TLS / EMAIL_USE_SSL; with none of them, emails are printed to the console
# in DEBUG and sent to an SMTP server on localhost:25 otherwise.
if env.str("EMAIL_URL", default=""):
    globals().update({k: v for k, v in env.email_url("EMAIL_URL").items() if v is not None})
else:
    EMAIL_BACKEND = env.str(
        "EMAIL_BACKEND",
        default=(
            "django.core.mail.backends.console.EmailBackend"
            if DEBUG and not env.str("EMAIL_HOST", default="")
            else "django.core.mail.backends.smtp.EmailBackend"
        ),
    )
    EMAIL_HOST = env.str("EMAIL_HOST", default="localhost")
    EMAIL_PORT = env.int("EMAIL_PORT", default=25)
    EMAIL_HOST_USER = env.str("EMAIL_HOST_USER", default="")
    EMAIL_HOST_PASSWORD = env.str("EMAIL_HOST_PASSWORD", default="")
    EMAIL_USE_TLS = env.bool("EMAIL_USE_TLS", default=False)
    EMAIL_USE_SSL = env.bool("EMAIL_USE_SSL", default=False)
EMAIL_TIMEOUT = env.int("EMAIL_TIMEOUT", default=20)
DEFAULT_FROM_EMAIL = env.str("DEFAULT_FROM_EMAIL", default="OSCE newsroom <newsroom@localhost>")
SERVER_EMAIL = env.str("SERVER_EMAIL", default=DEFAULT_FROM_EMAIL)
# Where replies to the site's emails go (a monitored mailbox); empty: no Reply-To.
EMAIL_REPLY_TO = env.list("EMAIL_REPLY_TO", default=[])

AUTHENTICATION_BACKENDS = [
    # First, so a locked-out login is refused before the password is even checked.
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
# Failed admin logins: after 5 for one username from one address, that pair is locked
# for an hour (a wrong password does not lock the real user out from elsewhere).
AXES_FAILURE_LIMIT = env.int("DJANGO_LOGIN_FAILURE_LIMIT", default=5)
AXES_COOLOFF_TIME = env.float("DJANGO_LOGIN_COOLOFF_HOURS", default=1.0)
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "admin/locked_out.html"
AXES_VERBOSE = False
# The address is the client's, not the reverse proxy's (osce_site.security.client_ip):
# without that, behind nginx every visitor shares one address and five wrong passwords
# from anywhere lock the username out for everyone.
AXES_CLIENT_IP_CALLABLE = "osce_site.security.client_ip"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

# The site's languages: English is the default and keeps unprefixed URLs; every other
# language prefixes every public path with its code (/ru/press-releases/). Adding one is
# a line here plus its catalogue under locale/ and its text search configuration in
# releases.search (PostgreSQL), nothing else.
LANGUAGE_CODE = "en"
LANGUAGES = [
    ("en", _("English")),
    ("fr", _("French")),
    ("de", _("German")),
    ("it", _("Italian")),
    ("ru", _("Russian")),
    ("es", _("Spanish")),
]
LOCALE_PATHS = [BASE_DIR / "locale"]
# Dates and numbers in each language's own form (Django's, from CLDR-like data); English
# keeps the organisation's day-month-year ("23 September 2004").
FORMAT_MODULE_PATH = ["osce_site.formats"]
TIME_ZONE = env.str("DJANGO_TIME_ZONE", default="Europe/Vienna")
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATICFILES_DIRS = [BASE_DIR / "static"]
STATIC_ROOT = Path(env.str("DJANGO_STATIC_ROOT", default=str(BASE_DIR / "staticfiles")))
MEDIA_URL = env.str("DJANGO_MEDIA_URL", default=S3_MEDIA_URL or "/media/")
MEDIA_ROOT = Path(env.str("DJANGO_MEDIA_ROOT", default=str(BASE_DIR / "media")))
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            "whitenoise.storage.CompressedManifestStaticFilesStorage"
            if env.bool("DJANGO_STATIC_MANIFEST", default=not DEBUG)
            else "django.contrib.staticfiles.storage.StaticFilesStorage"
        )
    },
}
if S3_BUCKET:
    STORAGES["default"] = S3_STORAGE

TAGGIT_CASE_INSENSITIVE = True

ADMIN_URL = env.str("DJANGO_ADMIN_URL", default="admin/").strip("/") + "/"
SERVE_MEDIA = env.bool("DJANGO_SERVE_MEDIA", default=not S3_BUCKET)

SITE_NAME = env.str("SITE_NAME", default="OSCE")
# The site's public origin, for links in emails (sent by workers, outside any request):
# https://news.example.org in production (List-Unsubscribe needs HTTPS).
SITE_URL = env.str("SITE_URL", default="http://127.0.0.1:8000").rstrip("/")
# Where readers ask for an accessible version of a document attached to a release (the
# release page's "Request an accessible format" link); empty: no such link.
ACCESSIBLE_FORMAT_EMAIL = env.str("ACCESSIBLE_FORMAT_EMAIL", default="")
# The authority in feed entry ids (tag: URIs), e.g. "osce.org"; default: the request's host.
FEED_TAG_AUTHORITY = env.str("FEED_TAG_AUTHORITY", default="")

# HTTPS: on by default in production; DJANGO_HTTPS=false for plain-HTTP local serving.
HTTPS = env.bool("DJANGO_HTTPS", default=not DEBUG)
SECURE_SSL_REDIRECT = HTTPS
SESSION_COOKIE_SECURE = HTTPS
CSRF_COOKIE_SECURE = HTTPS
SECURE_HSTS_SECONDS = env.int("DJANGO_HSTS_SECONDS", default=31536000 if HTTPS else 0)
SECURE_HSTS_INCLUDE_SUBDOMAINS = HTTPS
SECURE_HSTS_PRELOAD = HTTPS
# Behind a reverse proxy: trust its X-Forwarded-Proto, and take the client address from
# the X-Forwarded-For entry it appended (DJANGO_PROXY_COUNT proxies in a row, each
# appending; 1 for nginx alone). Without a proxy X-Forwarded-For is ignored.
BEHIND_PROXY = env.bool("DJANGO_BEHIND_PROXY", default=False)
PROXY_COUNT = env.int("DJANGO_PROXY_COUNT", default=1) if BEHIND_PROXY else 0
if BEHIND_PROXY:
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
# Content-Security-Policy (django-csp): nothing inline or from elsewhere on public pages;
# osce_site.security relaxes scripts and styles for the admin's editor only.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF],
        "img-src": [SELF, *([MEDIA_URL] if MEDIA_URL.startswith("https://") else [])],
        "font-src": [SELF],
        "connect-src": [SELF],
        "object-src": [NONE],
        "base-uri": [NONE],
        "frame-ancestors": [NONE],
        "form-action": [SELF],
        **({"upgrade-insecure-requests": True} if HTTPS else {}),
    }
}
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_SAMESITE = "Lax"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "strict-origin-when-cross-origin"
X_FRAME_OPTIONS = "DENY"

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env.str("DJANGO_LOG_LEVEL", default="WARNING")},
}
