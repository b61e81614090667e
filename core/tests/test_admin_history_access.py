"""Who may open and who may revert the change history, per persona, for every registered
model that keeps history (driven by ``admin.site._registry``). An old version is a form:
posting it back saves it over the entry, so it needs the change permission on that entry,
not just the view permission the page itself needs."""

import pytest
from django.contrib import admin
from django.forms.models import model_to_dict
from django.test import Client
from django.urls import reverse
from simple_history.admin import SimpleHistoryAdmin

from core.staff_groups import CONTENT_MODELS
from core.tests.admin_form import admin_form_data
from core.tests.test_admin_access import _content_factories

HISTORY_ADMINS = sorted(
    (model._meta.app_label, model._meta.model_name)
    for model, model_admin in admin.site._registry.items()
    if isinstance(model_admin, SimpleHistoryAdmin)
)
CONTENT = {(app, model) for app, models in CONTENT_MODELS.items() for model in models}
MEMBERSHIP_REQUESTS = ("partners", "membershiprequest")
# Who may look at (V) and who may change (C) which model, as the groups are meant to be
# (core.staff_groups). Nobody changes a membership request in the back office.
MAY_VIEW = {
    "anonymous": set(),
    "no_group": set(),
    "editor": CONTENT,
    "reviewer": {MEMBERSHIP_REQUESTS, ("partners", "organisation")},
    "admin_user": set(HISTORY_ADMINS),
}
MAY_CHANGE = {
    "anonymous": set(),
    "no_group": set(),
    "editor": CONTENT,
    "reviewer": set(),
    "admin_user": CONTENT,
}
PERSONAS = sorted(MAY_VIEW)


def _factories():
    from partners.models import MembershipRequest
    from partners.tests.factories import MembershipRequestFactory

    return {
        **_content_factories(),
        MEMBERSHIP_REQUESTS: lambda: MembershipRequestFactory(status=MembershipRequest.Status.CONFIRMED),
    }


def _snapshot(obj):
    obj = type(obj)._default_manager.get(pk=obj.pk)
    return {field.attname: getattr(obj, field.attname) for field in obj._meta.concrete_fields}, obj.history.count()


def _changed_form_data(client, obj, url):
    """The old version's form as a superuser's browser would post it back, with one text
    field changed (so a saved revert is visible in the row). A version shown all read-only
    has no inputs: then the entry's own values, as an attacker would write them."""
    model = type(obj)
    own_values = {name: value for name, value in model_to_dict(obj).items() if isinstance(value, str)}
    data = {**own_values, **admin_form_data(client.get(url), model.history.model)}
    fields = {field.name: field for field in model._meta.concrete_fields}
    for name, value in data.items():
        field = fields.get(name)  # None for the management form and inline rows
        if (
            field is not None
            and field.get_internal_type() in ("CharField", "TextField")
            and not (field.choices or field.unique or name == "slug")
            and isinstance(value, str)
        ):
            data[name] = value + " (zurückgesetzt)"
            return data
    raise AssertionError(f"no text field to change in {model._meta.label}")


@pytest.fixture
def persona(request, db, client, client_for, django_user_model):
    """``(name, client)``: the test client, logged in as that persona (or anonymous)."""
    name = request.param
    if name == "anonymous":
        return name, client
    if name == "no_group":
        user = django_user_model.objects.create_user(username="ohnegruppe", password="x", is_staff=True)
    else:
        user = request.getfixturevalue(name)
    return name, client_for(user)


@pytest.fixture
def superuser_client(db, django_user_model):
    """A second browser, of a superuser, to read the forms an attacker would post back."""
    user = django_user_model.objects.create_superuser(username="formleser", password="x")
    browser = Client()
    browser.force_login(user, backend="django.contrib.auth.backends.ModelBackend")
    return browser


def test_every_model_with_history_is_covered():
    assert set(HISTORY_ADMINS) >= CONTENT | {MEMBERSHIP_REQUESTS}
    assert set(_factories()) == set(HISTORY_ADMINS)


@pytest.mark.django_db
@pytest.mark.parametrize("key", HISTORY_ADMINS, ids="{0[0]}.{0[1]}".format)
@pytest.mark.parametrize("persona", PERSONAS, indirect=True)
def test_history_is_read_with_view_permission_and_reverted_only_with_change_permission(persona, superuser_client, key):
    name, client = persona
    obj = _factories()[key]()
    version = obj.history.latest()
    history_url = reverse(f"admin:{key[0]}_{key[1]}_history", args=[obj.pk])
    version_url = reverse(f"admin:{key[0]}_{key[1]}_simple_history", args=[obj.pk, version.history_id])
    data = _changed_form_data(superuser_client, obj, version_url)
    before = _snapshot(obj)

    for url in (history_url, version_url):
        response = client.get(url)
        if name == "anonymous":
            assert response.status_code == 302 and reverse("admin:login") in response.url
        else:
            assert response.status_code == (200 if key in MAY_VIEW[name] else 403), url

    response = client.post(version_url, data)
    if key in MAY_CHANGE[name]:
        # Allowed: saved (302) or the form comes back (e.g. someone changed it meanwhile).
        assert response.status_code in (200, 302)
        return
    if name == "anonymous":
        assert response.status_code == 302 and reverse("admin:login") in response.url
    else:
        assert response.status_code == 403
    assert _snapshot(obj) == before


@pytest.mark.django_db
def test_reviewer_cannot_change_an_organisation_through_its_history(client_for, reviewer, admin_user):
    """The audit's case: GET an old version of an organisation, post it back with another website."""
    from partners.models import Organisation
    from partners.tests.factories import OrganisationFactory

    organisation = OrganisationFactory(website="https://diakonie.example.org")
    version = organisation.history.latest()
    url = reverse("admin:partners_organisation_simple_history", args=[organisation.pk, version.history_id])
    data = admin_form_data(client_for(admin_user).get(url), Organisation.history.model)
    data["website"] = "https://angreifer.example.org"

    client = client_for(reviewer)
    assert client.get(url).status_code == 200
    assert client.post(url, data).status_code == 403
    organisation.refresh_from_db()
    assert organisation.website == "https://diakonie.example.org"
    assert organisation.history.count() == 1
