"""Spam protection of the public membership form, without any third-party service.

Three checks, each answered politely (never a 500):

- a honeypot field that people never see and bots like to fill (``HoneypotField``);
- a minimum fill time: the form carries a signed timestamp (``django.core.signing``);
  a submission sooner than ``MEMBERSHIP_MIN_FILL_SECONDS`` after the form was served,
  or with a missing or tampered stamp, is refused and the form comes back with a new stamp;
- a rate limit per client address, counted in the cache (``MEMBERSHIP_RATE_LIMIT_PER_HOUR``).

The rate limit reads ``REMOTE_ADDR``. Behind a reverse proxy, the proxy must pass the
real client address on to the application server (e.g. gunicorn with
``--forwarded-allow-ips`` and a proxy that sets it, or nginx's ``real_ip`` module);
otherwise every visitor shares the proxy's address and one limit.
"""

import hashlib
import time

from django.conf import settings
from django.core import signing
from django.core.cache import cache

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


def client_address(request):
    return request.META.get("REMOTE_ADDR") or "unknown"


def _rate_key(request):
    digest = hashlib.sha256(client_address(request).encode()).hexdigest()[:32]
    return f"membership-rate:{digest}"


def rate_limited(request):
    """True when this client address has used up its submissions for the hour."""
    return cache.get(_rate_key(request), 0) >= settings.MEMBERSHIP_RATE_LIMIT_PER_HOUR


def count_submission(request):
    """Count one submission of this address; the window starts with the first one."""
    key = _rate_key(request)
    if not cache.add(key, 1, timeout=RATE_WINDOW):
        try:
            cache.incr(key)
        except ValueError:  # expired between add() and incr()
            cache.add(key, 1, timeout=RATE_WINDOW)
