"""Permission names in German where staff choose them, without touching the stored rows."""

import pytest
from django.conf import settings
from django.contrib.auth.models import Group, Permission
from django.urls import reverse
from django.utils import translation

from core.admin_permissions import permission_label

pytestmark = pytest.mark.django_db


def german(message, **params):
    with translation.override(settings.LANGUAGE_CODE):
        return translation.gettext(message) % params


@pytest.fixture
def staff_without_group(django_user_model):
    return django_user_model.objects.create_user(username="ohne-gruppe", password="x-y-z-1234567", is_staff=True)


def test_labels_are_built_from_the_translated_model_name():
    add = Permission.objects.get(codename="add_fundingprogramme")
    with translation.override("de"):
        assert permission_label(add) == "Förderung | " + german("Can add %(model)s", model="Förderprogramm")
        review = Permission.objects.get(codename="review_membershiprequest")
        assert permission_label(review).startswith("Partner und Mitgliedschaft | ")
        assert "review" not in permission_label(review).lower().split("|")[1]
    assert add.name == "Can add funding programme"  # the stored row is left as Django made it


def test_group_and_user_forms_show_german_names(client_for, admin_user, editor):
    client = client_for(admin_user)
    for url in (reverse("admin:auth_group_add"), reverse("admin:auth_user_change", args=[editor.pk])):
        page = client.get(url).content.decode()
        assert german("Can change %(model)s", model="Projekt") in page
        assert "Can change project<" not in page and "| Can change project" not in page


def test_group_saves_the_chosen_permissions(client_for, admin_user):
    chosen = Permission.objects.filter(codename__in=["add_fundingprogramme", "view_project"])
    response = client_for(admin_user).post(
        reverse("admin:auth_group_add"), {"name": "Stadtteilbüro", "permissions": [p.pk for p in chosen]}
    )
    assert response.status_code == 302
    assert set(Group.objects.get(name="Stadtteilbüro").permissions.all()) == set(chosen)


def test_groups_refused_without_rights(client, client_for, editor, reviewer, staff_without_group):
    url = reverse("admin:auth_group_add")
    assert client.post(url, {"name": "Heimlich"}).status_code == 302
    for user in (staff_without_group, editor, reviewer):
        assert client_for(user).get(url).status_code == 403
        assert client_for(user).post(url, {"name": "Heimlich"}).status_code == 403
    assert not Group.objects.filter(name="Heimlich").exists()
