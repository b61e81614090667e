"""Spam protection of the public membership form, without any third-party service.

Three checks, each answered politely (never a 500):

- a honeypot field that people never see and bots like to fill (``HoneypotField``);
- a minimum fill time: the form carries a signed timestamp (``django.core.signing``);
  a submission sooner than ``MEMBERSHIP_MIN_FILL_SECONDS`` after the form was served,
  or with a missing, tampered or already used stamp (``use_stamp``), is refused and the
  form comes back with a new stamp;
- a rate limit per client address, counted in the cache (``MEMBERSHIP_RATE_LIMIT_PER_HOUR``,
  ``take_slot``).

And one limit on what the form sends: at most one mail per e-mail address within the
confirmation window (``take_mail_slot``).

The rate limit counts per ``core.client_ip.client_ip``, the address the login lockout
uses too: ``REMOTE_ADDR``, or behind a reverse proxy (``BEHIND_PROXY=true``) the client's
entry in ``X-Forwarded-For`` (README.md, Deployment).
"""

import hashlib
import math
import time

from django.conf import settings
from django.core import signing
from django.core.cache import cache, caches
from django.core.cache.backends.redis import RedisCache

from partners.membership.locks import serialised

STAMP_SALT = "partners.membership.form-stamp"
# A form left open longer than this needs a fresh stamp (it is re-served with one).
STAMP_MAX_AGE = 24 * 60 * 60
RATE_WINDOW = 60 * 60


def make_stamp(now=None):
    """A signed timestamp for the hidden field of a freshly served form."""
    return signing.dumps(now if now is not None else time.time(), salt=STAMP_SALT)


def stamp_age(value, now=None):
    """Seconds since the form with this stamp was served, or None for a missing,
    tampered or stale stamp."""
    if not value:
        return None
    try:
        issued = signing.loads(value, salt=STAMP_SALT, max_age=STAMP_MAX_AGE)
    except signing.BadSignature:  # includes SignatureExpired
        return None
    if not isinstance(issued, int | float):
        return None
    return (now if now is not None else time.time()) - issued


def use_stamp(value):
    """Mark the stamp of a submitted form as used; False if it was used before.

    A stamp is good for one submission: a form sent again as it was (a replay, or a
    double click) is refused, and the form comes back with a new stamp. Used stamps are
    kept in the cache as long as a stamp is valid (``STAMP_MAX_AGE``), under a digest.
    """
    key = "membership-stamp:" + hashlib.sha256(str(value).encode()).hexdigest()[:40]
    with serialised("membership-stamp", key):
        return cache.add(key, True, timeout=STAMP_MAX_AGE)


def take_mail_slot(address):
    """Whether the membership form may send a mail to this address now (True, and the
    slot is taken) or has sent one within the confirmation window (False).

    At most one mail per address per ``MEMBERSHIP_CONFIRM_HOURS``, whatever is sent
    with it: duplicates, other organisations, other spellings of the address. So the
    form cannot be used to flood an address with the city's mails. The caller holds the
    lock of the address (``services.membership_request_submit``); the address is kept
    in the cache only as a digest.
    """
    digest = hashlib.sha256(" ".join(str(address).split()).casefold().encode()).hexdigest()[:40]
    return cache.add(f"membership-mail:{digest}", True, timeout=settings.MEMBERSHIP_CONFIRM_HOURS * 60 * 60)


def client_address(request):
    from core.client_ip import client_ip  # the same address as the login lockout's

    return client_ip(request) or "unknown"


def _rate_key(request):
    digest = hashlib.sha256(client_address(request).encode()).hexdigest()[:32]
    return f"membership-submissions:{digest}"


def take_slot(request, now=None):
    """Count one submission of this client address and say whether it is within the
    limit (True) or over it (False). The window is an hour from the first submission.

    What counts: every submission that has passed the form's checks (honeypot, fill
    time, the fields), counted before it is saved, whatever comes of it: a new request,
    a duplicate (which sends the confirmation link again), or a refusal by this limit.
    Those are what the limit protects: stored requests and mails sent to an address.
    A submission refused by the form is not counted: it stores and sends nothing, a bot
    gains nothing by it, and a person correcting a typo is not locked out.

    Reading and writing the counter is one step (``locks.serialised``), so parallel
    submissions cannot all pass. The count and the end of the window are stored
    together, with that end as the expiry: Django's ``incr()`` is not used because for
    the database and file caches it is a read and a write of its own that also resets
    the expiry to the cache's default timeout (five minutes unless configured).
    """
    key = _rate_key(request)
    now = time.time() if now is None else now
    if isinstance(caches["default"], RedisCache):
        return _take_slot_atomic(key) <= settings.MEMBERSHIP_RATE_LIMIT_PER_HOUR
    with serialised("membership-rate", key):
        entry = cache.get(key)
        window_end, count = entry if isinstance(entry, tuple) and len(entry) == 2 else (0, 0)
        if window_end <= now:
            window_end, count = now + RATE_WINDOW, 0
        count += 1
        cache.set(key, (window_end, count), timeout=max(1, math.ceil(window_end - now)))
    return count <= settings.MEMBERSHIP_RATE_LIMIT_PER_HOUR


def _take_slot_atomic(key):
    """The counter on Redis: ``add`` starts the window with its expiry, ``incr`` (Redis
    INCRBY) counts atomically and keeps that expiry. Atomic across every worker and
    host, whichever database runs beside it (the lock of ``serialised`` is per process
    on SQLite)."""
    for _attempt in range(3):
        cache.add(key + ":n", 0, timeout=RATE_WINDOW)
        try:
            return cache.incr(key + ":n")
        except ValueError:  # the window ended between add and incr: start a new one
            continue
    return cache.incr(key + ":n")
