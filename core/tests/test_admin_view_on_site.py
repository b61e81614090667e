"""The back office's "view on site" shortcut (``<admin>/r/<content type>/<id>/``) leads to
the public address of an entry, drafts included: only for those who may view that model
in the back office, per persona, for every registered model with a public page."""

import pytest
from django.contrib import admin
from django.contrib.contenttypes.models import ContentType
from django.urls import reverse

from core.staff_groups import CONTENT_MODELS
from core.tests.test_admin_access import _content_factories

CONTENT = {(app, model) for app, models in CONTENT_MODELS.items() for model in models}
WITH_PAGE = sorted(
    (model._meta.app_label, model._meta.model_name)
    for model in admin.site._registry
    if hasattr(model, "get_absolute_url") and (model._meta.app_label, model._meta.model_name) in CONTENT
)
MAY_VIEW = {
    "no_group": set(),
    "editor": CONTENT,
    "reviewer": {("partners", "organisation")},
    "admin_user": CONTENT,
}


def test_the_public_content_models_are_covered():
    assert {
        ("quartier", "district"),
        ("partners", "organisation"),
        ("projects", "project"),
        ("news", "post"),
        ("news", "event"),
    } <= set(WITH_PAGE)


def _draft(key):
    obj = _content_factories()[key]()
    if hasattr(obj, "published"):
        type(obj).objects.filter(pk=obj.pk).update(published=False)
        obj.refresh_from_db()
    return obj


def _shortcut(obj):
    return reverse("admin:view_on_site", args=[ContentType.objects.get_for_model(obj).pk, obj.pk])


@pytest.mark.django_db
@pytest.mark.parametrize("key", WITH_PAGE, ids="{0[0]}.{0[1]}".format)
@pytest.mark.parametrize("persona", sorted(MAY_VIEW))
def test_view_on_site_leads_to_a_draft_only_who_may_view_it(request, client_for, django_user_model, key, persona):
    if persona == "no_group":
        user = django_user_model.objects.create_user(username="ohnegruppe", password="x", is_staff=True)
    else:
        user = request.getfixturevalue(persona)
    obj = _draft(key)
    response = client_for(user).get(_shortcut(obj))
    if key in MAY_VIEW[persona]:
        assert response.status_code == 302
        assert response.url.endswith(obj.get_absolute_url())
    else:
        assert response.status_code in (403, 404)
        assert obj.get_absolute_url() not in response.headers.get("Location", "")
        assert obj.get_absolute_url() not in response.content.decode()


@pytest.mark.django_db
@pytest.mark.parametrize("key", WITH_PAGE, ids="{0[0]}.{0[1]}".format)
def test_view_on_site_sends_the_anonymous_visitor_to_the_login(resident, key):
    obj = _draft(key)
    response = resident.get(_shortcut(obj))
    assert response.status_code == 302
    assert response.url.startswith(reverse("admin:login"))
    assert obj.get_absolute_url() not in response.url.split("next=")[0]
