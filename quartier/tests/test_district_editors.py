"""District editors (issue 12): the rules beyond the matrix of
``test_district_editors_matrix.py``: the district field of their entries, the
autocompletes, the public preview of drafts, the user admin and the group."""

import pytest
from django.contrib.auth.models import Group
from django.urls import reverse
from django.utils.translation import gettext

from core.staff_groups import DISTRICT_EDITORS, GROUP_PERMISSIONS
from core.tests.admin_form import admin_form_data
from funding.tests.factories import FundingFactory
from news.tests.factories import PostFactory
from projects.models import Project
from projects.tests.factories import ProjectFactory, ProjectImageFactory
from quartier import editors
from quartier.models import DistrictEditor, Office
from quartier.tests.factories import DistrictFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def annen(db):
    return DistrictFactory(name="Annen", slug="annen")


@pytest.fixture
def bommern(db):
    return DistrictFactory(name="Bommern", slug="bommern")


def _district_editor(django_user_model, username, *districts):
    user = django_user_model.objects.create_user(username=username, password="x", is_staff=True)
    user.groups.set([Group.objects.get(name=DISTRICT_EDITORS)])
    for district in districts:
        DistrictEditor.objects.create(user=user, district=district)
    return user


@pytest.fixture
def district_editor(django_user_model, staff_groups, annen):
    """A member of staff in the group "Quartiersredaktion" for the district Annen."""
    return _district_editor(django_user_model, "quartier-annen", annen)


def _project_in(*districts, **fields):
    project = ProjectFactory(**fields)
    project.districts.set(districts)
    return project


def _saved(response):
    """A 302 after a save; otherwise the form's errors, to read in the failure."""
    if response.status_code == 302:
        return True
    context = response.context
    errors = [context["adminform"].form.errors] if context and "adminform" in context else []
    errors += [formset.formset.errors for formset in (context.get("inline_admin_formsets") or [])] if context else []
    return errors


def _project_form(client, url, **values):
    data = admin_form_data(client.get(url), Project)
    data.update(values)
    return data


# --- the district field -------------------------------------------------------------


def test_new_project_needs_one_of_the_own_districts(client_for, district_editor, annen, bommern):
    client = client_for(district_editor)
    url = reverse("admin:projects_project_add")
    for districts in ([], [bommern.pk]):
        data = _project_form(
            client, url, title="Stadtteilgarten", summary="Ein Garten.", districts=districts, start="01.03.2026"
        )
        response = client.post(url, data)
        assert response.status_code == 200
        errors = response.context["adminform"].form.errors["districts"]
        assert errors == [gettext("Choose at least one of your districts: %(districts)s.") % {"districts": "Annen"}]
        assert not Project.objects.filter(title="Stadtteilgarten").exists()

    data = _project_form(
        client, url, title="Stadtteilgarten", summary="Ein Garten.", districts=[annen.pk], start="01.03.2026"
    )
    assert _saved(client.post(url, data)) is True
    assert list(Project.objects.get(title="Stadtteilgarten").districts.all()) == [annen]


def test_the_error_stands_beside_the_field(client_for, district_editor, annen):
    client = client_for(district_editor)
    url = reverse("admin:projects_project_add")
    data = _project_form(client, url, title="Stadtteilgarten", summary="Ein Garten.", districts=[], start="01.03.2026")
    html = client.post(url, data).content.decode()
    message = gettext("Choose at least one of your districts: %(districts)s.") % {"districts": "Annen"}
    row = html[html.index("field-districts") :]
    assert row.index(message) < row.index('name="districts"')
    assert html.index("field-districts") > html.index('name="title"')


def test_the_last_own_district_cannot_be_removed(client_for, district_editor, annen, bommern):
    project = _project_in(annen, bommern)
    client = client_for(district_editor)
    url = reverse("admin:projects_project_change", args=[project.pk])
    response = client.post(url, _project_form(client, url, districts=[bommern.pk]))
    assert response.status_code == 200
    [error] = response.context["adminform"].form.errors["districts"]
    assert error == gettext(
        "Keep at least one of your districts (%(districts)s): otherwise the entry leaves your "
        "districts and you can no longer edit it."
    ) % {"districts": "Annen"}
    assert set(project.districts.all()) == {annen, bommern}


def test_other_districts_are_neither_added_nor_removed(client_for, district_editor, annen, bommern):
    shared = _project_in(annen, bommern)
    own = _project_in(annen)
    client = client_for(district_editor)
    for project, districts in ((shared, [annen.pk]), (own, [annen.pk, bommern.pk])):
        url = reverse("admin:projects_project_change", args=[project.pk])
        response = client.post(url, _project_form(client, url, districts=districts))
        assert response.context["adminform"].form.errors["districts"] == [
            gettext("You may only add or remove your own districts, not: %(districts)s.") % {"districts": "Bommern"}
        ]
    assert set(shared.districts.all()) == {annen, bommern}
    assert set(own.districts.all()) == {annen}


def test_a_shared_project_is_edited_and_keeps_the_other_district(client_for, district_editor, annen, bommern):
    project = _project_in(annen, bommern)
    client = client_for(district_editor)
    url = reverse("admin:projects_project_change", args=[project.pk])
    response = client.post(url, _project_form(client, url, summary="Neu geschrieben."))
    assert response.status_code == 302
    project.refresh_from_db()
    assert project.summary == "Neu geschrieben."
    assert set(project.districts.all()) == {annen, bommern}


def test_an_office_goes_only_to_an_own_district(client_for, district_editor, annen, bommern):
    client = client_for(district_editor)
    url = reverse("admin:quartier_office_add")
    form = client.get(url).context["adminform"].form
    assert list(form.fields["district"].queryset) == [annen]
    data = {"name": "Stadtteilbüro", "kind": Office.Kind.QUARTIERSBUERO, "district": bommern.pk, "city": "Witten"}
    response = client.post(url, {**admin_form_data(client.get(url), Office), **data})
    assert response.status_code == 200
    assert "district" in response.context["adminform"].form.errors
    assert not Office.objects.filter(name="Stadtteilbüro").exists()


def test_city_wide_editor_keeps_every_district(client_for, editor, annen, bommern):
    client = client_for(editor)
    url = reverse("admin:projects_project_add")
    data = _project_form(client, url, title="Stadtweit", summary="Überall.", districts=[bommern.pk], start="01.03.2026")
    assert _saved(client.post(url, data)) is True
    assert reverse("admin:quartier_office_add") and editors.edited_districts(editor) is None


# --- lists, pages and autocompletes -------------------------------------------------


def _autocomplete(client, app_label, model_name, field_name, term=""):
    response = client.get(
        reverse("admin:autocomplete"),
        {"app_label": app_label, "model_name": model_name, "field_name": field_name, "term": term},
    )
    assert response.status_code == 200
    return {item["text"] for item in response.json()["results"]}


def test_autocompletes_offer_own_districts_and_own_projects(client_for, district_editor, annen, bommern):
    _project_in(annen, title="Garten Annen")
    _project_in(bommern, title="Garten Bommern")
    client = client_for(district_editor)
    assert _autocomplete(client, "projects", "project", "districts") == {"Annen"}
    assert _autocomplete(client, "news", "post", "projects", "Garten") == {"Garten Annen"}
    # City-wide entries are linked from everywhere: the organisation's districts list
    # is no business of a district editor, but looking one up is.
    assert _autocomplete(client, "partners", "organisation", "districts") == {"Annen", "Bommern"}


def test_images_and_fundings_of_other_districts_stay_hidden(client_for, district_editor, annen, bommern):
    own_image, other_image = (
        ProjectImageFactory(project=_project_in(annen)),
        ProjectImageFactory(project=_project_in(bommern)),
    )
    own_funding, other_funding = FundingFactory(project=own_image.project), FundingFactory(project=other_image.project)
    client = client_for(district_editor)
    for name, own, other in (
        ("projects_projectimage", own_image, other_image),
        ("funding_funding", own_funding, other_funding),
    ):
        html = client.get(reverse(f"admin:{name}_changelist")).content.decode()
        assert reverse(f"admin:{name}_change", args=[own.pk]) in html
        assert reverse(f"admin:{name}_change", args=[other.pk]) not in html
        assert client.get(reverse(f"admin:{name}_change", args=[other.pk])).status_code == 404


def test_the_history_of_another_districts_project_is_refused(client_for, district_editor, annen, bommern):
    other = _project_in(bommern)
    client = client_for(district_editor)
    assert client.get(reverse("admin:projects_project_history", args=[other.pk])).status_code in (403, 404)
    own = _project_in(annen)
    assert client.get(reverse("admin:projects_project_history", args=[own.pk])).status_code == 200


def test_a_group_member_without_a_district_sees_none_of_the_entries(client_for, django_user_model, staff_groups, annen):
    project = _project_in(annen)
    user = _district_editor(django_user_model, "ohne-quartier")
    client = client_for(user)
    html = client.get(reverse("admin:projects_project_changelist")).content.decode()
    assert reverse("admin:projects_project_change", args=[project.pk]) not in html
    assert client.get(reverse("admin:projects_project_change", args=[project.pk])).status_code == 404


def test_a_city_wide_editor_with_a_district_keeps_every_entry(client_for, editor, annen, bommern):
    DistrictEditor.objects.create(user=editor, district=annen)
    other = _project_in(bommern)
    assert client_for(editor).get(reverse("admin:projects_project_change", args=[other.pk])).status_code == 200


# --- the public preview of drafts ---------------------------------------------------


def test_drafts_of_other_districts_are_not_previewed(client_for, district_editor, editor, annen, bommern):
    own = _project_in(annen, published=False, title="Entwurf Annen")
    other = _project_in(bommern, published=False, title="Entwurf Bommern")
    own_post, other_post = PostFactory(published=False), PostFactory(published=False)
    own_post.districts.add(annen)
    other_post.districts.add(bommern)
    client = client_for(district_editor)
    assert client.get(own.get_absolute_url()).status_code == 200
    assert client.get(other.get_absolute_url()).status_code == 404
    assert client.get(own_post.get_absolute_url()).status_code == 200
    assert client.get(other_post.get_absolute_url()).status_code == 404
    listing = client.get(reverse("projects:project_list")).content.decode()
    assert "Entwurf Annen" in listing
    assert "Entwurf Bommern" not in listing
    # A city-wide editor previews every draft.
    client = client_for(editor)
    assert client.get(other.get_absolute_url()).status_code == 200


def test_draft_districts_are_previewed_for_their_own_editor_only(client_for, district_editor, annen, bommern):
    annen.published = bommern.published = False
    annen.save()
    bommern.save()
    client = client_for(district_editor)
    assert client.get(annen.get_absolute_url()).status_code == 200
    assert client.get(bommern.get_absolute_url()).status_code == 404


# --- the user admin and the group ---------------------------------------------------


def test_superuser_assigns_districts_in_the_user_admin(client_for, admin_user, django_user_model, annen, bommern):
    staff = django_user_model.objects.create_user(username="buero", password="x", is_staff=True)
    client = client_for(admin_user)
    url = reverse("admin:auth_user_change", args=[staff.pk])
    response = client.get(url)
    assert "edited_districts-TOTAL_FORMS" in response.content.decode()
    data = admin_form_data(response, django_user_model)
    data.update(
        {
            "edited_districts-TOTAL_FORMS": "2",
            "edited_districts-0-district": str(annen.pk),
            "edited_districts-1-district": str(bommern.pk),
        }
    )
    assert client.post(url, data).status_code == 302
    assert set(staff.edited_districts.values_list("district__name", flat=True)) == {"Annen", "Bommern"}


def test_the_group_only_looks_up_city_wide_entries(staff_groups):
    codes = set(GROUP_PERMISSIONS[DISTRICT_EDITORS])
    for app, model in [
        ("partners", "organisation"),
        ("funding", "fundingprogramme"),
        ("quartier", "district"),
        ("projects", "targetgroup"),
    ]:
        assert (app, f"view_{model}") in codes
        assert not {(app, f"{action}_{model}") for action in ("add", "change", "delete")} & codes
    assert ("projects", "change_project") in codes
    assert not any(code.endswith("sitepage") or "membershiprequest" in code for _app, code in codes)
