"""One client address for the membership rate limit and the login lockout
(core.client_ip): behind the reverse proxy (BEHIND_PROXY=true) the right-most
X-Forwarded-For entry that no trusted proxy vouches for; otherwise REMOTE_ADDR."""

import pytest
from django.conf import settings
from django.core.cache import cache
from django.test import RequestFactory
from django.urls import reverse

from conftest import PASSWORD
from core.client_ip import client_ip
from partners.membership import spam

PROXY = "127.0.0.1"


def _request(xff=None, remote=PROXY):
    extra = {"REMOTE_ADDR": remote}
    if xff is not None:
        extra["HTTP_X_FORWARDED_FOR"] = xff
    return RequestFactory().get("/", **extra)


@pytest.fixture
def behind_proxy(settings):
    settings.BEHIND_PROXY = True
    settings.TRUSTED_PROXY_COUNT = 1
    return settings


@pytest.fixture(autouse=True)
def _fresh_cache():
    cache.clear()
    yield
    cache.clear()


def test_without_behind_proxy_the_header_is_ignored(settings):
    settings.BEHIND_PROXY = False
    assert client_ip(_request("203.0.113.7", remote="192.0.2.1")) == "192.0.2.1"


def test_behind_the_proxy_the_right_most_entry_is_the_client(behind_proxy):
    assert client_ip(_request("203.0.113.7")) == "203.0.113.7"


def test_spoofed_left_entries_are_ignored(behind_proxy):
    assert client_ip(_request("6.6.6.6, 10.0.0.1, 203.0.113.7")) == "203.0.113.7"


def test_with_two_trusted_proxies_the_second_entry_from_the_right(behind_proxy):
    behind_proxy.TRUSTED_PROXY_COUNT = 2
    assert client_ip(_request("6.6.6.6, 203.0.113.7, 10.0.0.2")) == "203.0.113.7"
    # a request that reached the inner proxy directly: only that proxy's entry
    assert client_ip(_request("203.0.113.8")) == "203.0.113.8"


def test_a_missing_or_unreadable_header_falls_back_to_remote_addr(behind_proxy):
    assert client_ip(_request()) == PROXY
    assert client_ip(_request(" , ")) == PROXY
    assert client_ip(_request("6.6.6.6, not-an-address")) == PROXY


def test_no_address_at_all_is_none_for_axes_and_one_bucket_for_the_form(settings):
    settings.BEHIND_PROXY = False
    request = _request(remote="")
    assert client_ip(request) is None  # django-axes stores None; "unknown" is no inet value
    assert spam.client_address(request) == "unknown"


def test_the_header_can_be_renamed(behind_proxy):
    behind_proxy.CLIENT_IP_HEADER = "X-Real-IP"
    request = _request("6.6.6.6")
    request.META["HTTP_X_REAL_IP"] = "203.0.113.7"
    assert client_ip(request) == "203.0.113.7"


def test_axes_asks_the_same_function():
    assert settings.AXES_CLIENT_IP_CALLABLE == "core.client_ip.client_ip"
    assert ["username", "ip_address"] in settings.AXES_LOCKOUT_PARAMETERS
    assert "username" not in settings.AXES_LOCKOUT_PARAMETERS  # never by name alone


@pytest.mark.django_db
def test_the_membership_limit_counts_per_client_behind_the_proxy(behind_proxy):
    behind_proxy.MEMBERSHIP_RATE_LIMIT_PER_HOUR = 2
    first = [spam.take_slot(_request(f"{n}.{n}.{n}.{n}, 203.0.113.7")) for n in range(1, 5)]
    assert first == [True, True, False, False]  # changing the left entries gains nothing
    assert spam.take_slot(_request("203.0.113.8")) is True  # another visitor has their own limit


def _login(client, username, password, address):
    return client.post(
        reverse("admin:login"),
        {"username": username, "password": password, "next": reverse("admin:index")},
        REMOTE_ADDR=PROXY,
        HTTP_X_FORWARDED_FOR=address,
    )


@pytest.mark.django_db
def test_a_strangers_wrong_passwords_do_not_lock_out_staff_elsewhere(behind_proxy, editor, client):
    from django.test import Client

    stranger = Client()
    for attempt in range(5):
        response = _login(stranger, editor.username, "falsch", f"6.6.6.{attempt}, 198.51.100.1")
    assert response.status_code == 429
    # the stranger stays locked, whatever they write on the left
    assert _login(stranger, editor.username, PASSWORD, "5.5.5.5, 198.51.100.1").status_code == 429
    # the member of staff, through the same proxy from another address, logs in
    response = _login(client, editor.username, PASSWORD, "203.0.113.9")
    assert response.status_code == 302
    assert client.session.get("_auth_user_id") == str(editor.pk)


@pytest.mark.django_db
def test_a_failed_login_without_any_address_is_recorded(client, editor):
    from axes.models import AccessAttempt

    response = client.post(reverse("admin:login"), {"username": editor.username, "password": "falsch"}, REMOTE_ADDR="")
    assert response.status_code == 200
    assert AccessAttempt.objects.get(username=editor.username).ip_address is None
