"""A slug is configured once: the admin's ``slug_source`` fills the slug in the browser
(``prepopulated_fields``) and on the server when staff leave it empty (the form)."""

import json

import pytest
from django.contrib import admin
from django.test import RequestFactory
from django.urls import reverse
from django.utils import translation

from core.admin_helpers import HistoryAdmin
from core.tests.html import find_elements
from funding.models import Funder
from funding.tests.factories import FunderFactory

pytestmark = pytest.mark.django_db


def _slug_admins():
    """Every registered admin of a model whose slug staff type (not one of fixed choices)."""
    found = []
    for model, model_admin in admin.site._registry.items():
        fields = {field.name: field for field in model._meta.get_fields()}
        slug = fields.get("slug")
        if slug is not None and not slug.choices:
            found.append(pytest.param(model_admin, id=model._meta.label))
    return found


@pytest.mark.parametrize("model_admin", _slug_admins())
def test_each_admin_with_a_slug_declares_its_source_and_both_fills_follow_it(model_admin, client_for, admin_user):
    assert isinstance(model_admin, HistoryAdmin)
    assert model_admin.slug_source, "declare slug_source (prepopulated_fields follows from it)"
    opts = model_admin.model._meta
    response = client_for(admin_user).get(reverse(f"admin:{opts.app_label}_{opts.model_name}_add"))
    assert response.status_code == 200
    [script] = find_elements(response.content.decode(), "script", id="django-admin-prepopulated-fields-constants")
    browser = json.loads(dict(script.attributes)["data-prepopulated-fields"])
    assert [(field["name"], field["dependency_list"]) for field in browser] == [("slug", [model_admin.slug_source])]
    form = response.context["adminform"].form
    assert form.slug_source == model_admin.slug_source
    assert not form.fields["slug"].required


def test_one_declaration_drives_the_browser_the_server_and_the_checks(admin_user):
    FunderFactory(slug="stadt-witten")

    class ShortNameSlugAdmin(HistoryAdmin):  # the registered FunderAdmin uses "name"
        slug_source = "short_name"
        fields = ["name", "short_name", "slug", "level"]

    model_admin = ShortNameSlugAdmin(Funder, admin.site)
    request = RequestFactory().get("/")
    request.user = admin_user
    assert model_admin.check() == []
    assert model_admin.get_prepopulated_fields(request) == {"slug": ("short_name",)}

    with translation.override("en"):
        form = model_admin.get_form(request)(
            data={"name": "Bundesministerium", "short_name": "Stadt Witten", "slug": "", "level": Funder.Level.STADT}
        )
    assert "build it from “Short name”" in form.fields["slug"].help_text
    assert form.is_valid(), form.errors
    assert form.cleaned_data["slug"] == "stadt-witten-2"  # from the short name, not the name; unique

    form = model_admin.get_form(request)(
        data={"name": "Land", "short_name": "Große Straße", "slug": "eigener-name", "level": Funder.Level.STADT}
    )
    assert form.is_valid(), form.errors
    assert form.cleaned_data["slug"] == "eigener-name"  # a slug staff typed is kept


def test_a_source_that_is_no_field_fails_the_admin_checks():
    class MisspeltAdmin(HistoryAdmin):
        slug_source = "nmae"

    errors = MisspeltAdmin(Funder, admin.site).check()
    assert [error.id for error in errors] == ["admin.E030"]
