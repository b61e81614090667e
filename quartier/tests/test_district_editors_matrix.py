"""District editors (issue 12), as a matrix on the back office with real requests:
persona × model × action × an entry of the district editor's own district or another's.

Every cell states what the persona may do and checks it by its effect: the entry shown in
the list or not, the page opened or refused, the entry changed, deleted or published by a
POST or left as it was."""

import pytest
from django.contrib.auth.models import Group
from django.urls import reverse
from django.utils import timezone

from core.staff_groups import DISTRICT_EDITORS
from core.tests.admin_form import admin_form_data
from funding.tests.factories import FundingProgrammeFactory
from news.tests.factories import EventFactory, PostFactory
from partners.tests.factories import ContactPersonFactory, OrganisationFactory
from projects.tests.factories import ProjectFactory
from quartier.models import DistrictEditor
from quartier.tests.factories import DistrictFactory, OfficeFactory

PERSONAS = ["anonymous", "no_group", "reviewer", "district_editor", "editor", "admin_user"]
ACTIONS = ["list", "change_page", "change_post", "add", "delete", "publish"]
# Entries of the district editor's districts (seen and changed there only) and city-wide
# entries (looked up, never changed, by a district editor).
DISTRICT_MODELS = ["project", "office", "contactperson", "post", "event"]
CITY_WIDE_MODELS = ["organisation", "fundingprogramme", "district"]
MODELS = DISTRICT_MODELS + CITY_WIDE_MODELS
ADMIN_NAMES = {
    "project": "projects_project",
    "office": "quartier_office",
    "contactperson": "partners_contactperson",
    "post": "news_post",
    "event": "news_event",
    "organisation": "partners_organisation",
    "fundingprogramme": "funding_fundingprogramme",
    "district": "quartier_district",
}
# The text field a change POST alters.
CHANGED_FIELD = {
    "project": "summary",
    "office": "name",
    "contactperson": "role",
    "post": "teaser",
    "event": "summary",
    "organisation": "description",
    "fundingprogramme": "summary",
    "district": "summary",
}


def _linked(obj, district):
    obj.districts.add(district)
    return obj


MAKERS = {
    "project": lambda d: _linked(ProjectFactory(published=False), d),
    "office": lambda d: OfficeFactory(district=d, published=False),
    "contactperson": lambda d: _linked(ContactPersonFactory(), d),
    "post": lambda d: _linked(PostFactory(published=False), d),
    "event": lambda d: _linked(EventFactory(published=False), d),
    "organisation": lambda d: _linked(OrganisationFactory(published=False), d),
    "fundingprogramme": lambda d: FundingProgrammeFactory(published=False),
    "district": lambda d: d,
}


def may(persona, model, action, own):
    """The rule under test, written out."""
    if persona in ("editor", "admin_user"):
        return True
    if persona == "reviewer":
        return model == "organisation" and action in ("list", "change_page")
    if persona == "district_editor":
        if model in DISTRICT_MODELS:
            return own or action == "add"
        return action in ("list", "change_page")
    return False


@pytest.fixture
def districts(db):
    return DistrictFactory(name="Annen", published=False), DistrictFactory(name="Bommern", published=False)


@pytest.fixture
def district_editor(django_user_model, staff_groups, districts):
    """A member of staff in the group "Quartiersredaktion" for the district Annen."""
    user = django_user_model.objects.create_user(username="quartier-annen", password="x", is_staff=True)
    user.groups.set([Group.objects.get(name=DISTRICT_EDITORS)])
    DistrictEditor.objects.create(user=user, district=districts[0])
    return user


@pytest.fixture
def acting(request, db, client, client_for, django_user_model):
    name = request.param
    if name == "anonymous":
        return client
    if name == "no_group":
        return client_for(django_user_model.objects.create_user(username="ohnegruppe", password="x", is_staff=True))
    return client_for(request.getfixturevalue(name))


@pytest.fixture
def superuser_form(db, django_user_model):
    """Reads a change form as a superuser's browser shows it (what a POST sends back)."""
    from django.test import Client

    browser = Client()
    browser.force_login(
        django_user_model.objects.create_superuser(username="formleser", password="x"),
        backend="django.contrib.auth.backends.ModelBackend",
    )

    def read(obj, url):
        return admin_form_data(browser.get(url), type(obj))

    return read


def _reload(obj):
    return type(obj)._default_manager.filter(pk=obj.pk).first()


def _refused(response):
    """Refused: sent to the login page, 403, or 404 (another district's entry)."""
    if response.status_code == 302:
        return "/login/" in response["Location"]
    return response.status_code in (403, 404)


@pytest.mark.django_db
@pytest.mark.parametrize("own", [True, False], ids=["own", "other"])
@pytest.mark.parametrize("action", ACTIONS)
@pytest.mark.parametrize("model", MODELS)
@pytest.mark.parametrize("acting", PERSONAS, indirect=True)
def test_district_editor_matrix(request, acting, model, action, own, districts, superuser_form):
    persona = request.node.callspec.params["acting"]
    request.getfixturevalue("district_editor")  # Annen has its editor in every cell
    obj = MAKERS[model](districts[0] if own else districts[1])
    name = ADMIN_NAMES[model]
    changelist = reverse(f"admin:{name}_changelist")
    change = reverse(f"admin:{name}_change", args=[obj.pk])
    allowed = may(persona, model, action, own)

    if action == "list":
        response = acting.get(changelist)
        shown = response.status_code == 200 and change in response.content.decode()
        assert shown == allowed
        if not allowed:
            assert _refused(response) or response.status_code == 200
    elif action == "change_page":
        response = acting.get(change)
        assert (response.status_code == 200) == allowed
        if not allowed:
            assert _refused(response)
    elif action == "change_post":
        field = CHANGED_FIELD[model]
        data = superuser_form(obj, change)
        data[field] = "Geändert von der Redaktion"
        response = acting.post(change, data)
        changed = getattr(_reload(obj), field) == "Geändert von der Redaktion"
        assert changed == allowed, response.content.decode()[:3000] if response.status_code == 200 else response
        if not allowed:
            assert _refused(response)
    elif action == "add":
        response = acting.get(reverse(f"admin:{name}_add"))
        assert (response.status_code == 200) == allowed
        if not allowed:
            assert _refused(response)
    elif action == "delete":
        if model == "district":
            obj.offices.all().delete()
        response = acting.post(reverse(f"admin:{name}_delete", args=[obj.pk]), {"post": "yes"})
        assert (_reload(obj) is None) == allowed
        if not allowed:
            assert _refused(response)
    elif action == "publish":
        # Contact persons have no "published" flag: their list action marks them checked.
        list_action = "mark_checked" if model == "contactperson" else "publish"
        response = acting.post(changelist, {"action": list_action, "_selected_action": [obj.pk]})
        obj = _reload(obj)
        done = obj.last_checked == timezone.localdate() if model == "contactperson" else obj.published
        assert done == allowed
        if not allowed and response.status_code != 302:
            assert _refused(response) or response.status_code == 200
