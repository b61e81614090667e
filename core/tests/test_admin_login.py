"""The back-office login: django-axes blocks an account after five wrong passwords."""

import pytest
from django.conf import settings
from django.urls import reverse
from django.utils import translation
from pytest_django.asserts import assertInHTML

from conftest import PASSWORD


def _login(client, username, password):
    return client.post(
        reverse("admin:login"), {"username": username, "password": password, "next": reverse("admin:index")}
    )


@pytest.mark.django_db
def test_the_right_password_opens_the_back_office(client, editor):
    response = _login(client, editor.username, PASSWORD)
    assert response.status_code == 302
    assert response.url == reverse("admin:index")
    assert client.session.get("_auth_user_id") == str(editor.pk)


@pytest.mark.django_db
def test_five_wrong_passwords_block_even_the_right_one(client, editor):
    assert settings.AXES_FAILURE_LIMIT == 5
    for _attempt in range(4):
        response = _login(client, editor.username, "falsch")
        assert response.status_code == 200  # the login form again, with its error
        assert "_auth_user_id" not in client.session
    response = _login(client, editor.username, "falsch")
    assert response.status_code == 429
    response = _login(client, editor.username, PASSWORD)
    assert response.status_code == 429
    assert "admin/locked_out.html" in [template.name for template in response.templates]
    assert response.context["failure_limit"] == 5
    with translation.override(settings.LANGUAGE_CODE):
        assert translation.gettext("Login blocked") in response.content.decode()
    login = reverse("admin:login")
    assertInHTML(f'<div id="site-name"><a href="{login}">{settings.SITE_NAME}</a></div>', response.content.decode())
    assert "_auth_user_id" not in client.session
    assert client.get(reverse("admin:index")).status_code == 302  # still sent to the login


def _attempt(username, hours_ago):
    from datetime import timedelta

    from axes.models import AccessAttempt
    from django.utils import timezone

    attempt = AccessAttempt.objects.create(
        username=username, ip_address="203.0.113.5", user_agent="test", failures_since_start=5
    )
    AccessAttempt.objects.filter(pk=attempt.pk).update(attempt_time=timezone.now() - timedelta(hours=hours_ago))
    return attempt


@pytest.mark.django_db
def test_the_clean_up_action_removes_only_expired_attempts(client_for, admin_user):
    # A superuser's action of the login log: it ended in a 500 in django-axes 8.3.
    from axes.models import AccessAttempt

    client = client_for(admin_user)  # a login cleans up itself: the attempts come after it
    expired, fresh = _attempt("alt", hours_ago=3), _attempt("neu", hours_ago=0)
    url = reverse("admin:axes_accessattempt_changelist")
    response = client.post(
        url, {"action": "cleanup_expired_attempts", "_selected_action": [fresh.pk], "index": "0"}, follow=True
    )
    assert response.status_code == 200
    assert list(AccessAttempt.objects.values_list("pk", flat=True)) == [fresh.pk]
    assert not AccessAttempt.objects.filter(pk=expired.pk).exists()
    assert [str(m) for m in response.context["messages"]] == ["1 abgelaufener Anmeldeversuch entfernt."]


@pytest.mark.django_db
@pytest.mark.parametrize("persona", ["editor", "reviewer"])
def test_the_login_log_and_its_action_are_refused_to_editors_and_reviewers(client_for, persona, request):
    from axes.models import AccessAttempt

    client = client_for(request.getfixturevalue(persona))
    expired = _attempt("alt", hours_ago=3)
    url = reverse("admin:axes_accessattempt_changelist")
    assert client.get(url).status_code == 403
    response = client.post(url, {"action": "cleanup_expired_attempts", "_selected_action": [expired.pk], "index": "0"})
    assert response.status_code == 403
    assert AccessAttempt.objects.filter(pk=expired.pk).exists()
