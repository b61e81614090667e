"""Staff sessions end after a working day without use (SESSION_IDLE_HOURS, default 10);
each request in the back office starts that day anew. Visitors get no session."""

from datetime import timedelta

import pytest
from django.conf import settings
from django.contrib.sessions.models import Session
from django.urls import reverse
from django.utils import timezone

from conftest import PASSWORD

IDLE = timedelta(hours=10)


def _log_in(client, user):
    response = client.post(
        reverse("admin:login"), {"username": user.username, "password": PASSWORD, "next": reverse("admin:index")}
    )
    assert response.status_code == 302
    return Session.objects.get(session_key=client.session.session_key)


@pytest.fixture
def travel(monkeypatch):
    """``travel(delta)``: Django's clock (``timezone.now``, used by the session store)
    runs ``delta`` ahead from now on."""
    real_now = timezone.now
    offset = [timedelta(0)]
    monkeypatch.setattr(timezone, "now", lambda: real_now() + offset[0])

    def forward(delta):
        offset[0] += delta

    return forward


@pytest.mark.django_db
def test_the_idle_time_is_a_working_day_by_default():
    assert settings.SESSION_COOKIE_AGE == 10 * 60 * 60
    assert settings.SESSION_SAVE_EVERY_REQUEST is True


@pytest.mark.django_db
def test_a_staff_session_unused_for_longer_than_the_idle_time_is_logged_out(client, editor, travel):
    _log_in(client, editor)
    assert client.get(reverse("admin:index")).status_code == 200
    travel(IDLE + timedelta(minutes=1))
    response = client.get(reverse("admin:index"))
    assert response.status_code == 302
    assert response.url.startswith(reverse("admin:login"))


@pytest.mark.django_db
def test_a_staff_session_used_within_the_idle_time_stays_and_starts_anew(client, reviewer, travel):
    session = _log_in(client, reviewer)
    assert session.expire_date - timezone.now() == pytest.approx(IDLE, abs=timedelta(minutes=1))
    for _working_day in range(3):  # nearly 30 hours, never idle for a working day
        travel(IDLE - timedelta(minutes=5))
        response = client.get(reverse("admin:index"))
        assert response.status_code == 200
        renewed = Session.objects.get(session_key=client.session.session_key).expire_date
        assert renewed - timezone.now() == pytest.approx(IDLE, abs=timedelta(minutes=1))
        assert response.cookies["sessionid"]["max-age"] == 10 * 60 * 60


@pytest.mark.django_db
def test_visitors_still_get_no_session_cookie(resident):
    response = resident.get("/")
    assert response.status_code == 200
    assert "sessionid" not in response.cookies
    assert Session.objects.count() == 0
