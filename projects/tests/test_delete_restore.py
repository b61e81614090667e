"""Nothing lost by deleting: fundings are protected, a deleted entry is listed and restored
with its relations and images, and a deleted staff account leaves its name in the history
and on the decisions it made."""

import pytest
from django.contrib.auth.models import Group
from django.db.models import ProtectedError
from django.urls import reverse
from django.utils import timezone

from core.staff_groups import EDITORS
from core.tests.admin_form import admin_form_data
from core.tests.test_optimistic_locking import EDITED
from funding.models import Funding, FundingProgramme
from funding.tests.factories import FunderFactory, FundingFactory, FundingProgrammeFactory
from partners.membership import services
from partners.models import ContactPerson, MembershipRequest, Organisation
from partners.tests.factories import ContactPersonFactory, MembershipRequestFactory, OrganisationFactory
from projects.models import Project, ProjectImage
from projects.tests.factories import ProjectFactory, ProjectImageFactory, TargetGroupFactory
from quartier.tests.factories import DistrictFactory

RELATIONS = ["responsible_organisations", "partners", "districts", "contacts", "target_groups", "related_projects"]


def _ids(obj, field):
    return sorted(getattr(obj, field).values_list("pk", flat=True))


@pytest.fixture
def full_project(db):
    project = ProjectFactory(title="Quartiersgarten")
    project.responsible_organisations.set([OrganisationFactory()])
    project.partners.set([OrganisationFactory(), OrganisationFactory()])
    project.districts.set([DistrictFactory()])
    project.contacts.set([ContactPersonFactory()])
    project.target_groups.set([TargetGroupFactory()])
    project.related_projects.set([ProjectFactory()])
    ProjectImageFactory(project=project, alt_text="Beete im Hof")
    return project


def _delete_in_admin(client, obj, capture):
    url = reverse(f"admin:{obj._meta.app_label}_{obj._meta.model_name}_delete", args=[obj.pk])
    with capture(execute=True):  # files move after the commit
        return client.post(url, {"post": "yes"})


def _deleted_url(model):
    return reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_deleted")


def _restore_url(model, pk):
    deletion = model.history.filter(id=pk, history_type="-").latest("history_date")
    return reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_restore", args=[deletion.history_id])


# --- fundings are protected ----------------------------------------------------------


@pytest.mark.django_db
def test_a_project_with_fundings_cannot_be_deleted(client_for, editor):
    funding = FundingFactory(note="Bescheid 2025")
    project = funding.project
    client = client_for(editor)
    url = reverse("admin:projects_project_delete", args=[project.pk])
    page = client.get(url).content.decode()
    assert "geschützt" in page and str(funding) in page
    response = client.post(url, {"post": "yes"})
    assert response.status_code == 200
    assert Project.objects.filter(pk=project.pk).exists()
    assert Funding.objects.filter(pk=funding.pk).exists()

    # The list action refuses it the same way.
    response = client.post(
        reverse("admin:projects_project_changelist"),
        {"action": "delete_selected", "_selected_action": [project.pk], "post": "yes"},
    )
    assert "geschützt" in response.content.decode()
    assert Funding.objects.filter(pk=funding.pk).exists()
    with pytest.raises(ProtectedError):
        project.delete()


# --- delete and restore --------------------------------------------------------------


@pytest.mark.django_db
def test_delete_and_restore_a_project_with_relations_and_images(
    client_for, editor, full_project, django_capture_on_commit_callbacks
):
    project = full_project
    before = {field: _ids(project, field) for field in RELATIONS}
    image = project.images.get()
    image_name = image.image.name
    client = client_for(editor)

    assert _delete_in_admin(client, project, django_capture_on_commit_callbacks).status_code == 302
    assert not Project.objects.filter(pk=project.pk).exists()
    assert not ProjectImage.objects.filter(pk=image.pk).exists()

    changelist = client.get(reverse("admin:projects_project_changelist")).content.decode()
    assert _deleted_url(Project) in changelist
    listing = client.get(_deleted_url(Project)).content.decode()
    assert "Quartiersgarten" in listing and "redaktion" in listing
    restore_url = _restore_url(Project, project.pk)
    assert restore_url in listing
    assert client.get(restore_url).status_code == 200

    response = client.post(restore_url)
    assert response.status_code == 302
    assert response.url == reverse("admin:projects_project_change", args=[project.pk])
    restored = Project.objects.get(pk=project.pk)
    assert restored.title == "Quartiersgarten"
    assert {field: _ids(restored, field) for field in RELATIONS} == before
    # The image comes back, file included.
    image = restored.images.get()
    assert image.alt_text == "Beete im Hof" and image.image.name == image_name
    assert image.image.storage.exists(image_name)
    assert client.get(reverse("admin:projects_project_change", args=[project.pk])).status_code == 200
    # The restore is in the history, and the entry is no longer listed as deleted.
    assert restored.history.filter(history_type="+", history_change_reason="Wiederhergestellt").exists()
    assert "Quartiersgarten" not in client.get(_deleted_url(Project)).content.decode()
    # A second restore of the same deletion is refused without a 500.
    response = client.post(restore_url, follow=True)
    assert response.status_code == 200
    assert "bereits vorhanden" in response.content.decode()


@pytest.mark.django_db
def test_restoring_an_organisation_brings_back_the_links_to_it(
    client_for, editor, full_project, django_capture_on_commit_callbacks
):
    organisation = full_project.partners.first()
    contact = ContactPersonFactory(organisation=organisation)
    client = client_for(editor)
    assert _delete_in_admin(client, organisation, django_capture_on_commit_callbacks).status_code == 302
    contact.refresh_from_db()
    assert contact.organisation is None
    assert organisation.pk not in _ids(full_project, "partners")

    assert client.post(_restore_url(Organisation, organisation.pk)).status_code == 302
    assert organisation.pk in _ids(full_project, "partners")
    contact.refresh_from_db()
    assert contact.organisation_id == organisation.pk


@pytest.mark.django_db
def test_restoring_a_programme_brings_back_its_funders(client_for, editor, django_capture_on_commit_callbacks):
    funders = [FunderFactory(), FunderFactory()]
    programme = FundingProgrammeFactory(funders=funders)
    client = client_for(editor)
    assert _delete_in_admin(client, programme, django_capture_on_commit_callbacks).status_code == 302
    assert client.post(_restore_url(FundingProgramme, programme.pk)).status_code == 302
    assert _ids(FundingProgramme.objects.get(pk=programme.pk), "funders") == sorted(f.pk for f in funders)


@pytest.mark.django_db
def test_a_restore_that_would_clash_is_refused_with_a_message(client_for, editor, django_capture_on_commit_callbacks):
    project = ProjectFactory(slug="garten")
    client = client_for(editor)
    _delete_in_admin(client, project, django_capture_on_commit_callbacks)
    ProjectFactory(slug="garten")
    response = client.post(_restore_url(Project, project.pk), follow=True)
    assert response.status_code == 200
    assert "existiert bereits" in response.content.decode()
    assert Project.objects.filter(slug="garten").count() == 1


@pytest.mark.django_db
@pytest.mark.parametrize("persona", ["staff_without_group", "reviewer"])
def test_weaker_personas_cannot_restore(
    client_for, persona, django_user_model, reviewer, editor, django_capture_on_commit_callbacks
):
    organisation = OrganisationFactory(name="Verein Gelöscht")
    _delete_in_admin(client_for(editor), organisation, django_capture_on_commit_callbacks)
    project = ProjectFactory()
    _delete_in_admin(client_for(editor), project, django_capture_on_commit_callbacks)
    if persona == "reviewer":
        user = reviewer
    else:
        user = django_user_model.objects.create_user(username="ohne-gruppe", password="x" * 20, is_staff=True)
    client = client_for(user)
    # The reviewer views organisations, so sees the deleted ones, but restores nothing.
    expected_listing = 200 if persona == "reviewer" else 403
    assert client.get(_deleted_url(Organisation)).status_code == expected_listing
    assert client.get(_deleted_url(Project)).status_code == 403
    for model, pk in ((Organisation, organisation.pk), (Project, project.pk)):
        assert client.get(_restore_url(model, pk)).status_code == 403
        assert client.post(_restore_url(model, pk)).status_code == 403
        assert not model.objects.filter(pk=pk).exists()


@pytest.mark.django_db
@pytest.mark.parametrize("history_id", ["999999", str(10**30)])
def test_an_unknown_deletion_is_a_404(client_for, editor, history_id):
    url = reverse("admin:projects_project_changelist") + f"deleted/{history_id}/restore/"
    client = client_for(editor)
    # 404, or for a number too long for an id the admin's own "no such entry" redirect.
    assert client.get(url).status_code in (302, 404)
    assert client.post(url).status_code in (302, 404)


@pytest.mark.django_db
def test_anonymous_is_sent_to_the_login(resident, django_capture_on_commit_callbacks):
    project = ProjectFactory()
    pk = project.pk
    project.delete()
    response = resident.post(_restore_url(Project, pk))
    assert response.status_code == 302 and "login" in response.url
    assert not Project.objects.filter(pk=pk).exists()


# --- a deleted staff account keeps its name -------------------------------------------


@pytest.mark.django_db
def test_a_deleted_staff_account_keeps_its_name_in_the_history(client_for, django_user_model, staff_groups):
    user = django_user_model.objects.create_user(username="jana.beispiel", password="x" * 20, is_staff=True)
    user.groups.add(Group.objects.get(name=EDITORS))
    project = ProjectFactory()
    client = client_for(user)
    url = reverse("admin:projects_project_change", args=[project.pk])
    data = admin_form_data(client.get(url), Project)
    assert client.post(url, {**data, "summary": "Neu"}).status_code == 302
    client.logout()
    user.delete()

    record = project.history.filter(history_type="~").latest("history_date")
    assert record.history_user is None
    assert record.history_user_name == "jana.beispiel"
    admin = django_user_model.objects.create_superuser(username="chefin", password="x" * 20)
    page = client_for(admin).get(reverse("admin:projects_project_history", args=[project.pk])).content.decode()
    assert "jana.beispiel" in page


@pytest.mark.django_db
def test_a_deleted_reviewer_stays_named_on_the_decision(reviewer, admin_user, client_for):
    request = MembershipRequestFactory(status=MembershipRequest.Status.CONFIRMED, confirmed_at=timezone.now())
    services.membership_request_approve(request=request, by=reviewer)
    reviewer.delete()
    request.refresh_from_db()
    assert request.decided_by is None
    assert request.decided_by_name == "pruefung"
    assert Organisation.objects.filter(pk=request.organisation_id).exists()
    assert ContactPerson.objects.exists()
    page = client_for(admin_user).get(reverse("admin:partners_membershiprequest_change", args=[request.pk]))
    assert "pruefung" in page.content.decode()


@pytest.mark.django_db
def test_reverting_to_an_old_version_brings_back_its_relations(client_for, editor):
    old_district, new_district = DistrictFactory(), DistrictFactory()
    project = ProjectFactory()
    client = client_for(editor)
    url = reverse("admin:projects_project_change", args=[project.pk])
    data = admin_form_data(client.get(url), Project)
    assert client.post(url, {**data, "districts": [old_district.pk]}).status_code == 302
    version = project.history.latest("history_date")
    data = admin_form_data(client.get(url), Project)
    assert client.post(url, {**data, "districts": [new_district.pk]}).status_code == 302
    assert _ids(project, "districts") == [new_district.pk]

    history_url = reverse("admin:projects_project_simple_history", args=[project.pk, version.history_id])
    response = client.get(history_url)
    assert response.status_code == 200
    form = admin_form_data(response, Project.history.model)
    assert form["districts"] == str(old_district.pk)
    assert client.post(history_url, form).status_code == 302
    assert _ids(project, "districts") == [old_district.pk]


@pytest.mark.django_db
@pytest.mark.parametrize("key", sorted(EDITED))
def test_every_content_model_can_be_restored(client_for, editor, key, django_capture_on_commit_callbacks):
    factory, field = EDITED[key]
    obj = factory()
    setattr(obj, field, "Vor dem Löschen")
    obj.save()
    model, pk = type(obj), obj.pk
    with django_capture_on_commit_callbacks(execute=True):
        obj.delete()
    client = client_for(editor)
    assert str(obj) in client.get(_deleted_url(model)).content.decode()
    response = client.post(_restore_url(model, pk))
    assert response.status_code == 302
    assert getattr(model.objects.get(pk=pk), field) == "Vor dem Löschen"


@pytest.mark.django_db
def test_the_deleted_list_names_entries_whose_organisation_is_gone_too(
    client_for, editor, django_capture_on_commit_callbacks
):
    # A contact deleted before its organisation: its last version names an organisation
    # that no longer exists. The list still opens and names the contact.
    client = client_for(editor)
    organisation = OrganisationFactory(name="Verein am Kanal")
    contact = ContactPersonFactory(name="Rita Beispiel", organisation=organisation)
    for entry in (contact, organisation):
        assert _delete_in_admin(client, entry, django_capture_on_commit_callbacks).status_code == 302
    response = client.get(_deleted_url(ContactPerson))
    assert response.status_code == 200
    assert "Rita Beispiel" in response.content.decode()
    assert "Rita Beispiel (None)" not in response.content.decode()


@pytest.mark.django_db
def test_the_deleted_list_runs_the_same_queries_for_3_and_30_entries(
    client_for, editor, django_capture_on_commit_callbacks
):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client = client_for(editor)
    url = _deleted_url(ContactPerson)

    def count_after_deleting(number):
        for contact in ContactPersonFactory.create_batch(number, organisation=OrganisationFactory()):
            assert _delete_in_admin(client, contact, django_capture_on_commit_callbacks).status_code == 302
        with CaptureQueriesContext(connection) as queries:
            assert client.get(url).status_code == 200
        return len(queries)

    assert count_after_deleting(3) == count_after_deleting(27)
