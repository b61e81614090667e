"""The client's address, in one place: for the rate limit of the membership form and for
the login lockout (django-axes, ``AXES_CLIENT_IP_CALLABLE``).

Without ``BEHIND_PROXY`` the address is ``REMOTE_ADDR`` and forwarded headers are
ignored: anyone can write them.

With ``BEHIND_PROXY=true`` the portal sits behind ``TRUSTED_PROXY_COUNT`` reverse proxies
(default 1), each of which appends the address it received the request from to
``X-Forwarded-For`` (nginx: ``proxy_set_header X-Forwarded-For
$proxy_add_x_forwarded_for``). Entries on the left were written by the client and
prove nothing; the client's address is the right-most entry that no trusted proxy
vouches for: the ``TRUSTED_PROXY_COUNT``-th from the right. A header with fewer entries
than that (a request that skipped a proxy) yields its left-most entry; a missing or
unreadable one yields ``REMOTE_ADDR``. No readable address at all (e.g. gunicorn on a
Unix socket without a proxy header) gives None, which django-axes stores as unknown. The header can be renamed with
``CLIENT_IP_HEADER`` (e.g. ``X-Real-IP``, which a single proxy sets to one address).
"""

import ipaddress

from django.conf import settings


def _header_key(name):
    return "HTTP_" + name.strip().upper().replace("-", "_")


def _valid(address):
    try:
        return str(ipaddress.ip_address(address))
    except ValueError:
        return None


def client_ip(request):
    """The address of the client that sent ``request``, or None if there is none."""
    remote = _valid(request.META.get("REMOTE_ADDR") or "")
    if not getattr(settings, "BEHIND_PROXY", False):
        return remote
    raw = request.META.get(_header_key(getattr(settings, "CLIENT_IP_HEADER", "X-Forwarded-For")), "")
    entries = [entry.strip() for entry in raw.split(",") if entry.strip()]
    if not entries:
        return remote
    trusted = max(1, getattr(settings, "TRUSTED_PROXY_COUNT", 1))
    return _valid(entries[-min(trusted, len(entries))]) or remote
