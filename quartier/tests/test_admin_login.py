"""The back-office login: django-axes blocks an account after five wrong passwords."""

import pytest
from django.conf import settings
from django.urls import reverse
from django.utils import translation

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
    assert f'<div id="site-name"><a href="{reverse("admin:login")}">{settings.SITE_NAME}</a></div>' in (
        response.content.decode()
    )
    assert "_auth_user_id" not in client.session
    assert client.get(reverse("admin:index")).status_code == 302  # still sent to the login
