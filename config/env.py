"""Reading settings from the environment, strictly.

A value that is set but cannot be read (``DEBUG=ja``) stops the start with a
message instead of silently becoming False (cookiecutter-django's habit).
"""

import os
from urllib.parse import parse_qs, unquote, urlparse

import dj_database_url
from django.core.exceptions import ImproperlyConfigured

_TRUE = {"1", "true", "yes", "on"}
_FALSE = {"0", "false", "no", "off", ""}


def env_str(name, default=None):
    return os.environ.get(name, default)


def env_bool(name, default):
    raw = os.environ.get(name)
    if raw is None:
        return default
    value = raw.strip().lower()
    if value in _TRUE:
        return True
    if value in _FALSE:
        return False
    raise ImproperlyConfigured(f"{name}={raw!r} is not a boolean; use true or false.")


def env_int(name, default):
    raw = os.environ.get(name)
    if raw is None or raw.strip() == "":
        return default
    try:
        return int(raw)
    except ValueError as exc:
        raise ImproperlyConfigured(f"{name}={raw!r} is not a whole number.") from exc


def env_list(name, default=()):
    raw = os.environ.get(name)
    if raw is None:
        return list(default)
    return [item.strip() for item in raw.split(",") if item.strip()]


def email_config(url):
    """Turn EMAIL_URL into Django's e-mail settings.

    ``console://``, ``locmem://``, ``file:///path`` and
    ``smtp://user:password@host:587?tls=true`` (``smtps://`` for implicit TLS).
    """
    parsed = urlparse(url)
    scheme = parsed.scheme
    backends = {
        "console": "django.core.mail.backends.console.EmailBackend",
        "locmem": "django.core.mail.backends.locmem.EmailBackend",
        "file": "django.core.mail.backends.filebased.EmailBackend",
        "smtp": "django.core.mail.backends.smtp.EmailBackend",
        "smtps": "django.core.mail.backends.smtp.EmailBackend",
    }
    if scheme not in backends:
        raise ImproperlyConfigured(f"EMAIL_URL scheme {scheme!r} is not one of {sorted(backends)}.")
    config = {"EMAIL_BACKEND": backends[scheme]}
    if scheme == "file":
        config["EMAIL_FILE_PATH"] = parsed.path
    if scheme in ("smtp", "smtps"):
        query = parse_qs(parsed.query)
        config.update(
            EMAIL_HOST=parsed.hostname or "localhost",
            EMAIL_PORT=parsed.port or (465 if scheme == "smtps" else 587),
            EMAIL_HOST_USER=unquote(parsed.username or ""),
            EMAIL_HOST_PASSWORD=unquote(parsed.password or ""),
            EMAIL_USE_SSL=scheme == "smtps",
            EMAIL_USE_TLS=scheme == "smtp" and query.get("tls", ["true"])[0].lower() in _TRUE,
        )
    return config


def cache_config(url):
    """Turn CACHE_URL into a CACHES entry: ``redis://host:6379/0`` (``rediss://`` for
    TLS; ``?key_prefix=name`` keeps several sites on one Redis apart), ``db://table``,
    ``locmem://``, ``file:///path`` or ``dummy://``. Use Redis or ``db://`` (shared by
    all worker processes) in production so that rate limits hold across workers;
    ``core.checks`` warns otherwise."""
    parsed = urlparse(url)
    if parsed.scheme in ("redis", "rediss"):
        query = parse_qs(parsed.query)
        config = {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": parsed._replace(query="").geturl(),
            # A Redis that hangs must not hold a request (the rate limit asks it on every form).
            "OPTIONS": {"socket_connect_timeout": 2, "socket_timeout": 2},
        }
        if query.get("key_prefix"):
            config["KEY_PREFIX"] = query["key_prefix"][0]
        return config
    if parsed.scheme == "locmem":
        return {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": parsed.netloc or "quartier"}
    if parsed.scheme == "db":
        return {"BACKEND": "django.core.cache.backends.db.DatabaseCache", "LOCATION": parsed.netloc or "cache_table"}
    if parsed.scheme == "file":
        return {"BACKEND": "django.core.cache.backends.filebased.FileBasedCache", "LOCATION": parsed.path}
    if parsed.scheme == "dummy":
        return {"BACKEND": "django.core.cache.backends.dummy.DummyCache"}
    raise ImproperlyConfigured(f"CACHE_URL scheme {parsed.scheme!r} is not one of redis, db, locmem, file, dummy.")


# Cache backends each worker process keeps to itself, or that keep nothing.
UNSHARED_CACHE_BACKENDS = {
    "django.core.cache.backends.locmem.LocMemCache",
    "django.core.cache.backends.dummy.DummyCache",
}


def page_cache_config(url):
    """The CACHES entry of the page cache (core/page_cache.py): like ``cache_config``, but an
    in-process cache gets a store of its own, large enough for the pages of a small site."""
    config = cache_config(url)
    if config["BACKEND"] == "django.core.cache.backends.locmem.LocMemCache":
        config["LOCATION"] = f"{config['LOCATION']}-pages"
        config["OPTIONS"] = {"MAX_ENTRIES": 1000}
    return config


def database_config(url, *, conn_max_age, connect_timeout, statement_timeout_ms):
    """Turn DATABASE_URL into a DATABASES entry. On PostgreSQL, a server that accepts
    connections but never answers must not hold a request for good: the connection is
    given up after ``connect_timeout`` seconds (libpq counts at least 2) and every
    statement after ``statement_timeout_ms`` milliseconds (0 switches either off)."""
    config = dj_database_url.parse(url, conn_max_age=conn_max_age, conn_health_checks=True)
    if config["ENGINE"] == "django.db.backends.sqlite3":
        # Several threads (runserver) or workers write to one file: a transaction that
        # reads first and writes later (the admin's edit check, the membership locks)
        # would otherwise fail at once with "database is locked" when another wrote
        # meanwhile. IMMEDIATE takes the write lock at BEGIN, and the others wait for it
        # (``timeout`` seconds); WAL lets pages be read while one transaction writes.
        options = config.setdefault("OPTIONS", {})
        options.setdefault("transaction_mode", "IMMEDIATE")
        options.setdefault("timeout", 20)
        options.setdefault("init_command", "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;")
    if config["ENGINE"] == "django.db.backends.postgresql":
        options = config.setdefault("OPTIONS", {})
        if connect_timeout:
            options.setdefault("connect_timeout", connect_timeout)
        if statement_timeout_ms:
            options["options"] = f"{options.get('options', '')} -c statement_timeout={statement_timeout_ms}".strip()
    return config
