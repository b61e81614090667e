"""A shared cache: Redis (CACHE_URL=redis://...) for the rate limit of the membership
form across worker processes, and a system check that warns about a cache each process
keeps to itself. Tests that need Redis skip without it, except under CI=true."""

import logging
import os
import time
import uuid

import pytest
from django.core import mail
from django.core.checks import Warning
from django.test import RequestFactory

from config.env import cache_config
from core.checks import shared_cache
from core.tests.test_ops_database import silent_server  # noqa: F401 - a fixture
from partners.membership import spam

REDIS_URL = os.environ.get("TEST_REDIS_URL", "redis://127.0.0.1:6379/0")


def redis_or_skip():
    """A client of the test Redis server; skip without one, fail under CI=true."""
    import redis

    client = redis.Redis.from_url(REDIS_URL, socket_connect_timeout=2)
    try:
        client.ping()
    except redis.exceptions.RedisError as error:
        message = f"Redis not reachable at {REDIS_URL} ({error}); start redis-server."
        if os.environ.get("CI", "").lower() == "true":
            pytest.fail(message)
        pytest.skip(message)
    return client


@pytest.fixture
def redis_cache(settings):
    """The default cache on Redis, under a key prefix of this test alone; its keys are
    removed afterwards. Yields the raw client and the prefix."""
    client = redis_or_skip()
    prefix = f"quartier-test-{uuid.uuid4().hex}"
    settings.CACHES = {"default": cache_config(f"{REDIS_URL}?key_prefix={prefix}")}
    yield client, prefix
    for key in client.scan_iter(f"{prefix}:*"):
        client.delete(key)
    client.close()


def test_cache_url_redis_selects_djangos_redis_backend():
    assert cache_config("redis://127.0.0.1:6379/0") == {
        "BACKEND": "django.core.cache.backends.redis.RedisCache",
        "LOCATION": "redis://127.0.0.1:6379/0",
        "OPTIONS": {"socket_connect_timeout": 2, "socket_timeout": 2},
    }
    config = cache_config("rediss://:secret@cache.example.org:6380/2?key_prefix=quartier")
    assert config["LOCATION"] == "rediss://:secret@cache.example.org:6380/2"
    assert config["KEY_PREFIX"] == "quartier"


@pytest.mark.django_db
def test_the_rate_limit_counts_in_redis(redis_cache, settings):
    client, prefix = redis_cache
    settings.MEMBERSHIP_RATE_LIMIT_PER_HOUR = 5
    request = RequestFactory().post("/mitmachen/", REMOTE_ADDR="203.0.113.7")
    assert [spam.take_slot(request) for _ in range(7)] == [True] * 5 + [False] * 2
    assert spam.take_slot(RequestFactory().post("/mitmachen/", REMOTE_ADDR="203.0.113.8")) is True
    # the count lives in Redis, where every worker process reads it, with the window as expiry
    keys = [key.decode() for key in client.scan_iter(f"{prefix}:*membership-submissions:*")]
    assert len(keys) == 2
    assert 0 < client.ttl(keys[0]) <= 3600


def _take_slots(results, start, count):
    request = RequestFactory().post("/mitmachen/", REMOTE_ADDR="203.0.113.9")
    start.wait(timeout=30)
    for _ in range(count):
        results.put(spam.take_slot(request))


@pytest.mark.django_db
def test_the_rate_limit_holds_across_worker_processes_on_redis(redis_cache, settings):
    # Eight processes (like eight gunicorn workers) submit ten times each, all at once:
    # the limit of five holds in total, whatever database runs beside Redis (the lock
    # of the database path is per process on SQLite).
    import multiprocessing

    settings.MEMBERSHIP_RATE_LIMIT_PER_HOUR = 5
    context = multiprocessing.get_context("fork")
    results, start = context.Queue(), context.Event()
    workers = [context.Process(target=_take_slots, args=(results, start, 10)) for _ in range(8)]
    for worker in workers:
        worker.start()
    start.set()
    taken = [results.get(timeout=30) for _ in range(80)]
    for worker in workers:
        worker.join(timeout=30)
    assert taken.count(True) == 5
    assert taken.count(False) == 75


@pytest.mark.django_db
def test_error_mails_are_throttled_in_redis(redis_cache, settings):
    settings.ADMINS = [("Admin", "it@example.org")]
    for _error in range(5):
        try:
            raise LookupError("the same error")
        except LookupError:
            logging.getLogger("django.request").error("Internal Server Error: /", exc_info=True)
    assert len(mail.outbox) == 1


def test_the_check_warns_about_an_unshared_cache_without_debug(settings):
    settings.DEBUG = False
    for url in ("locmem://", "dummy://"):
        settings.CACHES = {"default": cache_config(url)}
        (warning,) = shared_cache(None)
        assert isinstance(warning, Warning)
        assert warning.id == "core.W001"
    for url in ("redis://127.0.0.1:6379/0", "db://cache_table"):
        settings.CACHES = {"default": cache_config(url)}
        assert shared_cache(None) == []


def test_the_check_is_quiet_with_debug(settings):
    settings.DEBUG = True
    settings.CACHES = {"default": cache_config("locmem://")}
    assert shared_cache(None) == []


def test_the_check_is_registered():
    from django.core.checks import registry

    assert shared_cache in registry.registry.get_checks()


@pytest.mark.django_db
def test_a_redis_that_never_answers_fails_within_its_timeout(silent_server, settings):  # noqa: F811 - the fixture
    import redis

    port, accepted = silent_server
    settings.CACHES = {"default": cache_config(f"redis://127.0.0.1:{port}/0")}
    from django.core.cache import cache

    started = time.monotonic()
    with pytest.raises(redis.exceptions.TimeoutError):
        cache.get("anything")
    assert accepted
    assert time.monotonic() - started < 5


def test_error_mails_stay_throttled_when_the_cache_is_down(settings):
    settings.ADMINS = [("Admin", "it@example.org")]
    settings.CACHES = {"default": cache_config("redis://127.0.0.1:1/0")}  # nothing listens there
    for _error in range(5):
        try:
            raise KeyError("the cache is down and this fails too")
        except KeyError:
            logging.getLogger("django.request").error("Internal Server Error: /", exc_info=True)
    assert len(mail.outbox) == 1
