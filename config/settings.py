"""Settings of the Quartiersportal: one module, configured from the environment.

Every variable is listed with its default in README.md ("Configuration").
The defaults are the safe production ones; ``make run`` sets DEBUG=true for
local work. Without DEBUG, a missing SECRET_KEY stops the start.
"""

from pathlib import Path

from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

from config.env import (
    UNSHARED_CACHE_BACKENDS,
    cache_config,
    database_config,
    email_config,
    env_bool,
    env_int,
    env_list,
    env_str,
    page_cache_config,
)

BASE_DIR = Path(__file__).resolve().parent.parent

DEBUG = env_bool("DEBUG", False)

SECRET_KEY = env_str("SECRET_KEY")
if not SECRET_KEY:
    if not DEBUG:
        raise ImproperlyConfigured("SECRET_KEY must be set when DEBUG is off (see README.md, Configuration).")
    SECRET_KEY = "insecure-development-key-only-for-debug"  # noqa: S105 - only reachable with DEBUG on

ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", ["localhost", "127.0.0.1", "[::1]"] if DEBUG else [])
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS")

SITE_NAME = env_str("SITE_NAME", "Quartiersportal")
# The public address, used in e-mails (confirmation links) where no request is at hand.
SITE_URL = env_str("SITE_URL", "http://127.0.0.1:8000").rstrip("/")
ADMIN_URL = env_str("ADMIN_URL", "verwaltung/").strip("/") + "/"

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django.contrib.sitemaps",  # /sitemap.xml (portal/sitemaps.py)
    "django.contrib.postgres",
    "crispy_forms",
    "crispy_bootstrap5",
    "simple_history",
    "import_export",  # export and import in the changelists (core/admin_export.py)
    "core.apps.LoginProtectionConfig",  # django-axes, German heading
    # Layers (docs/ARCHITECTURE.md): the toolkit, the domain apps, the cross-app features.
    "core",
    "outbox",
    "quartier",
    "partners",
    "funding",
    "projects",
    "news",
    "portal",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "core.middleware.SecurityHeadersMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # Compresses HTML (with Django's BREACH mitigation); outside the conditional GET so
    # that the ETag is taken from the uncompressed page (made weak when compressed).
    "django.middleware.gzip.GZipMiddleware",
    "django.middleware.http.ConditionalGetMiddleware",  # 304 for an unchanged ETag
    # Serves anonymous GETs from the page cache; before the session, CSRF and messages
    # middleware, whose cookies keep an answer out of it (core/page_cache.py).
    "core.page_cache.PageCacheMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "core.admin_input.AdminInputMiddleware",  # hostile ids and NUL bytes: 400/404
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "portal.redirects.OldSlugRedirectMiddleware",  # old slugs of renamed entries: 301
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
    # AxesMiddleware must be last (django-axes documentation).
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "config.urls"
WSGI_APPLICATION = "config.wsgi.application"

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
                "core.context_processors.portal",
            ],
        },
    },
]

# SQLite is the embedded default; DATABASE_URL=postgres://... for PostgreSQL, where a
# server that accepts connections but never answers is given up after the timeouts.
DATABASES = {
    "default": database_config(
        env_str("DATABASE_URL") or f"sqlite:///{BASE_DIR / 'db.sqlite3'}",
        conn_max_age=env_int("CONN_MAX_AGE", 60),
        connect_timeout=env_int("DB_CONNECT_TIMEOUT", 5),
        statement_timeout_ms=env_int("DB_STATEMENT_TIMEOUT_MS", 15000),
    )
}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

CACHE_URL = env_str("CACHE_URL", "locmem://")
CACHES = {
    "default": cache_config(CACHE_URL),
    # Rendered public pages (core/page_cache.py); by default in the same store as "default".
    "pages": page_cache_config(env_str("PAGE_CACHE_URL") or CACHE_URL),
}
# The page cache: anonymous visitors get public pages rendered once per change. On by
# default when the pages cache is shared by all worker processes (Redis, db, file): a
# cache per process would learn of an edit only in the process that made it.
PAGE_CACHE = env_bool("PAGE_CACHE", CACHES["pages"]["BACKEND"] not in UNSHARED_CACHE_BACKENDS)
# The longest a page is kept (it is dropped at every edit anyway, and at local midnight).
PAGE_CACHE_SECONDS = env_int("PAGE_CACHE_SECONDS", 3600)
# Changes of these (app labels or app_label.ModelName) never alter a public page, so they
# keep the cached pages: log-ins, sessions, the admin's log, the login lockout, queued
# mails, membership requests (shown in the back office only).
PAGE_CACHE_IGNORED = [
    "admin",
    "auth",
    "axes",
    "contenttypes",
    "sessions",
    "outbox",
    "partners.MembershipRequest",
]
# Date-time fields whose future values are moments a page changes at without an edit
# (besides every publish_from/publish_until and local midnight): an event's occurrence
# moves from the upcoming to the past ones at its end.
PAGE_CACHE_MOMENT_FIELDS = ["news.EventOccurrence.start", "news.EventOccurrence.end"]

AUTHENTICATION_BACKENDS = [
    # AxesStandaloneBackend must be first (django-axes documentation).
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 12}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

# Lockout after repeated failed logins: 5 tries per user name and address, then one hour.
AXES_FAILURE_LIMIT = env_int("AXES_FAILURE_LIMIT", 5)
AXES_COOLOFF_TIME = env_int("AXES_COOLOFF_HOURS", 1)
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "admin/locked_out.html"
# The address behind the reverse proxy, the same as the membership form's rate limit uses.
AXES_CLIENT_IP_CALLABLE = "core.client_ip.client_ip"

LANGUAGE_CODE = "de"
LANGUAGES = [("de", _("German")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Europe/Berlin"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = Path(env_str("STATIC_ROOT", str(BASE_DIR / "staticfiles")))
STATICFILES_DIRS = [BASE_DIR / "static"]
MEDIA_URL = "/media/"
MEDIA_ROOT = Path(env_str("MEDIA_ROOT", str(BASE_DIR / "media")))
# Files of deleted, replaced or cleared images (core/media_files.py): kept for a
# restore from the history, never served. Default: beside MEDIA_ROOT ("media-trash").
MEDIA_TRASH_ROOT = env_str("MEDIA_TRASH_ROOT") or None
# Hashed, compressed static files with far-future cache headers. Tests switch the
# manifest off (STATIC_MANIFEST=false) because they run without collectstatic.
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"
        if env_bool("STATIC_MANIFEST", not DEBUG)
        else "django.contrib.staticfiles.storage.StaticFilesStorage"
    },
}
# Uploads up to the image limit (10 MB) plus form overhead.
DATA_UPLOAD_MAX_MEMORY_SIZE = 12 * 1024 * 1024
FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
FILE_UPLOAD_PERMISSIONS = 0o644

EMAIL_URL = env_str("EMAIL_URL", "console://")
vars().update(email_config(EMAIL_URL))
# Seconds an SMTP connection may take before the mail is left queued for a retry
# (outbox app, ``manage.py send_queued_mail``): a hanging server never blocks a request longer.
EMAIL_TIMEOUT = env_int("EMAIL_TIMEOUT", 10)
DEFAULT_FROM_EMAIL = env_str("DEFAULT_FROM_EMAIL", f"{SITE_NAME} <noreply@example.org>")
SERVER_EMAIL = env_str("SERVER_EMAIL", DEFAULT_FROM_EMAIL)
EMAIL_SUBJECT_PREFIX = f"[{SITE_NAME}] "
ADMINS = [("Admin", address) for address in env_list("ADMIN_EMAILS")]

# Membership requests (partners app): who hears of a confirmed request, how long an
# unconfirmed one waits, how long decided ones are kept (README.md, Data protection).
MEMBERSHIP_NOTIFY_EMAILS = env_list("MEMBERSHIP_NOTIFY_EMAILS", ["quartiersentwicklung@example.org"])
MEMBERSHIP_CONFIRM_HOURS = env_int("MEMBERSHIP_CONFIRM_HOURS", 72)
MEMBERSHIP_RETENTION_DAYS = env_int("MEMBERSHIP_RETENTION_DAYS", 180)
MEMBERSHIP_MIN_FILL_SECONDS = env_int("MEMBERSHIP_MIN_FILL_SECONDS", 3)  # spam check: a human takes longer
MEMBERSHIP_RATE_LIMIT_PER_HOUR = env_int("MEMBERSHIP_RATE_LIMIT_PER_HOUR", 5)  # requests per client address

CRISPY_ALLOWED_TEMPLATE_PACKS = "bootstrap5"
CRISPY_TEMPLATE_PACK = "bootstrap5"

# Export and import (django-import-export, core/admin_export.py). The admins of the portal
# decide per model (change permission to export, add and change to import); these codes are
# the floor for any other admin using the library. Each import runs in one transaction.
IMPORT_EXPORT_EXPORT_PERMISSION_CODE = "change"
IMPORT_EXPORT_IMPORT_PERMISSION_CODE = "add"
IMPORT_EXPORT_USE_TRANSACTIONS = True
IMPORT_EXPORT_SKIP_ADMIN_LOG = True
IMPORT_EXPORT_ESCAPE_ILLEGAL_CHARS_ON_EXPORT = True

# HTTPS: on by default; tests and `make run` serve plain HTTP on localhost.
HTTPS = env_bool("HTTPS", not DEBUG)
SECURE_SSL_REDIRECT = HTTPS
SESSION_COOKIE_SECURE = HTTPS
CSRF_COOKIE_SECURE = HTTPS
SECURE_HSTS_SECONDS = env_int("HSTS_SECONDS", 31536000) if HTTPS else 0
SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("HSTS_INCLUDE_SUBDOMAINS", True)
SECURE_HSTS_PRELOAD = env_bool("HSTS_PRELOAD", True)
# Behind a reverse proxy: trust its X-Forwarded-Proto, and take the client's address from
# its X-Forwarded-For, written by TRUSTED_PROXY_COUNT proxies (core/client_ip.py).
BEHIND_PROXY = env_bool("BEHIND_PROXY", False)
TRUSTED_PROXY_COUNT = env_int("TRUSTED_PROXY_COUNT", 1)
CLIENT_IP_HEADER = env_str("CLIENT_IP_HEADER", "X-Forwarded-For")
if BEHIND_PROXY:
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "strict-origin-when-cross-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
# Staff sessions end after a working day without a request (visitors get no session).
SESSION_COOKIE_AGE = env_int("SESSION_IDLE_HOURS", 10) * 60 * 60
SESSION_SAVE_EVERY_REQUEST = True

# Content-Security-Policy, set by core.middleware: scripts only from this origin,
# never inline; nothing from any other origin.
CONTENT_SECURITY_POLICY = (
    "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; "
    "img-src 'self' data:; font-src 'self'; connect-src 'self'; object-src 'none'; "
    "base-uri 'self'; form-action 'self'; frame-ancestors 'none'"
)
# Only features browsers know: an unknown one (FLoC's "interest-cohort", long dropped)
# earns a console warning. The portal tracks nobody, so there is nothing to opt out of.
PERMISSIONS_POLICY = "camera=(), microphone=(), geolocation=(), payment=(), usb=()"

# Error mails to ADMIN_EMAILS: at most one per distinct error per ERROR_MAIL_THROTTLE_MINUTES,
# and no POSTed values in any error report (core/logging.py).
ERROR_MAIL_THROTTLE_MINUTES = env_int("ERROR_MAIL_THROTTLE_MINUTES", 15)
DEFAULT_EXCEPTION_REPORTER_FILTER = "core.logging.PrivateExceptionReporterFilter"
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {"require_debug_false": {"()": "django.utils.log.RequireDebugFalse"}},
    "handlers": {
        "console": {"class": "logging.StreamHandler"},
        "mail_admins": {
            "level": "ERROR",
            "filters": ["require_debug_false"],
            "class": "core.logging.ThrottledAdminEmailHandler",
        },
    },
    "root": {"handlers": ["console"], "level": env_str("LOG_LEVEL", "INFO")},
    "loggers": {
        # Replaces Django's default (console with DEBUG, unthrottled mails); the root logs to the console.
        "django": {"handlers": ["mail_admins"], "level": "INFO"},
        "django.security.DisallowedHost": {"level": "ERROR"},
    },
}
