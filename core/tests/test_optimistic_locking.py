"""Two members of staff edit the same entry: the second save is refused with what changed
meanwhile, the first change stays, the second's input comes back in the form. Driven by
the admin registry, so every content model edited in the back office is covered."""

import threading
import time

import pytest
from django.apps import apps
from django.contrib import admin
from django.contrib.auth.models import Group
from django.db import connection, transaction
from django.test import Client
from django.urls import reverse
from django.utils.text import capfirst

from core.admin_helpers import HistoryAdmin
from core.admin_locking import VERSION_FIELD, OptimisticLockInlineMixin, is_versioned
from core.staff_groups import CONTENT_MODELS, EDITORS
from core.tests.admin_form import admin_form_data
from funding.tests.factories import FunderFactory, FundingFactory, FundingProgrammeFactory
from news.tests.factories import EventFactory, PostFactory, PostImageFactory
from partners.tests.factories import ContactPersonFactory, OrganisationFactory
from projects.models import Project
from projects.tests.factories import (
    FieldOfActionFactory,
    ProjectFactory,
    ProjectImageFactory,
    TargetGroupFactory,
)
from quartier.tests.factories import DistrictFactory, OfficeFactory, SitePageFactory

CONTENT = sorted(f"{app}.{model}" for app, models in CONTENT_MODELS.items() for model in models)

# The text field each test changes.
EDITED = {
    "quartier.district": (DistrictFactory, "summary"),
    "quartier.office": (OfficeFactory, "street"),
    "quartier.sitepage": (SitePageFactory, "title"),
    "partners.organisation": (OrganisationFactory, "description"),
    "partners.contactperson": (ContactPersonFactory, "role"),
    "funding.funder": (FunderFactory, "emblem_note"),
    "funding.fundingprogramme": (FundingProgrammeFactory, "summary"),
    "funding.funding": (FundingFactory, "note"),
    "projects.project": (ProjectFactory, "summary"),
    "projects.projectimage": (ProjectImageFactory, "caption"),
    "projects.fieldofaction": (FieldOfActionFactory, "name"),
    "projects.targetgroup": (TargetGroupFactory, "name"),
    "news.post": (PostFactory, "teaser"),
    "news.postimage": (PostImageFactory, "caption"),
    "news.event": (EventFactory, "summary"),
}


def _model(key):
    return apps.get_model(key)


def test_every_content_model_is_covered_and_versioned():
    assert set(EDITED) == set(CONTENT)
    for key in CONTENT:
        model = _model(key)
        assert is_versioned(model), key
        assert isinstance(admin.site._registry[model], HistoryAdmin), key


def test_every_inline_of_a_content_admin_checks_versions():
    inlines = [
        inline
        for model, model_admin in admin.site._registry.items()
        if isinstance(model_admin, HistoryAdmin)
        for inline in model_admin.inlines
    ]
    assert inlines
    for inline in inlines:
        assert is_versioned(inline.model), inline
        assert issubclass(inline, OptimisticLockInlineMixin), inline


@pytest.fixture
def two_editors(django_user_model, staff_groups):
    clients = []
    for name in ("jana", "omar"):
        user = django_user_model.objects.create_user(username=name, password="x" * 20, is_staff=True)
        user.groups.add(Group.objects.get(name=EDITORS))
        client = Client()
        client.force_login(user, backend="django.contrib.auth.backends.ModelBackend")
        clients.append(client)
    return clients


def _change_url(obj):
    return reverse(f"admin:{obj._meta.app_label}_{obj._meta.model_name}_change", args=[obj.pk])


@pytest.mark.django_db
@pytest.mark.parametrize("key", CONTENT)
def test_second_save_is_refused_and_keeps_the_input(two_editors, key):
    factory, field = EDITED[key]
    obj = factory()
    model = type(obj)
    first, second = two_editors
    url = _change_url(obj)
    data_first = admin_form_data(first.get(url), model)
    data_second = admin_form_data(second.get(url), model)
    assert data_second.get(VERSION_FIELD), "the change form carries the loaded version"

    response = first.post(url, {**data_first, field: "Fassung von Jana"})
    assert response.status_code == 302, response.content.decode()[:3000]

    response = second.post(url, {**data_second, field: "Fassung von Omar"})
    assert response.status_code == 200
    page = response.content.decode()
    assert "nachdem Sie ihn geöffnet hatten" in page and "jana" in page
    # What changed meanwhile: the field's label, their value, yours.
    label = capfirst(model._meta.get_field(field).verbose_name)
    assert f"{label} – inzwischen gespeichert: „Fassung von Jana“; Ihre Eingabe: „Fassung von Omar“" in page
    # The form comes back with everything typed.
    refilled = admin_form_data(response, model)
    assert refilled[field] == "Fassung von Omar"
    obj.refresh_from_db()
    assert getattr(obj, field) == "Fassung von Jana"

    # Saving again on purpose keeps Omar's version.
    response = second.post(url, refilled)
    assert response.status_code == 302
    obj.refresh_from_db()
    assert getattr(obj, field) == "Fassung von Omar"


@pytest.mark.django_db
def test_an_unchanged_field_is_not_named(two_editors):
    project = ProjectFactory(description="Alt")
    first, second = two_editors
    url = _change_url(project)
    data_first = admin_form_data(first.get(url), type(project))
    data_second = admin_form_data(second.get(url), type(project))
    assert first.post(url, {**data_first, "description": "Neu von Jana"}).status_code == 302
    response = second.post(url, {**data_second, "summary": "Omars Kurzbeschreibung"})
    page = response.content.decode()
    assert response.status_code == 200
    assert "Beschreibung – inzwischen gespeichert: „Neu von Jana“; Ihre Eingabe: „Alt“" in page
    # Omar changed the summary, Jana did not: it is his input, not a conflict.
    assert "Kurzbeschreibung – inzwischen" not in page
    project.refresh_from_db()
    assert (project.description, project.summary) == ("Neu von Jana", "Ein Projekt im Quartier.")


@pytest.mark.django_db
def test_inline_rows_are_checked_too(two_editors):
    """The funding is changed on its own page while the project page is open: saving the
    project page would overwrite the amount, so its row is refused."""
    funding = FundingFactory(note="Alt")
    project = funding.project
    first, second = two_editors
    project_form = admin_form_data(second.get(_change_url(project)), type(project))
    funding_form = admin_form_data(first.get(_change_url(funding)), type(funding))
    assert first.post(_change_url(funding), {**funding_form, "note": "Bescheid vom 3. März"}).status_code == 302

    response = second.post(_change_url(project), {**project_form, "fundings-0-note": "Omars Notiz"})
    assert response.status_code == 200
    page = response.content.decode()
    assert "nachdem Sie ihn geöffnet hatten" in page and "Bescheid vom 3. März" in page
    funding.refresh_from_db()
    assert funding.note == "Bescheid vom 3. März"
    assert admin_form_data(response, type(project))["fundings-0-note"] == "Omars Notiz"


@pytest.mark.django_db
def test_a_publish_action_in_between_refuses_the_open_form(two_editors):
    project = ProjectFactory(published=False)
    first, second = two_editors
    url = _change_url(project)
    data = admin_form_data(second.get(url), type(project))
    changelist = reverse("admin:projects_project_changelist")
    first.post(changelist, {"action": "publish", "_selected_action": [project.pk]})
    project.refresh_from_db()
    assert project.published
    response = second.post(url, {**data, "summary": "Neu"})
    assert response.status_code == 200
    assert "Veröffentlicht – inzwischen gespeichert: „ja“; Ihre Eingabe: „nein“" in response.content.decode()
    project.refresh_from_db()
    assert project.published and project.summary == "Ein Projekt im Quartier."


@pytest.mark.django_db
def test_reverting_an_old_version_is_not_taken_for_a_conflict(client_for, editor):
    district = DistrictFactory(summary="Erste")
    client = client_for(editor)
    url = _change_url(district)
    data = admin_form_data(client.get(url), type(district))
    assert client.post(url, {**data, "summary": "Zweite"}).status_code == 302
    oldest = district.history.order_by("history_date").first()
    history_url = reverse("admin:quartier_district_simple_history", args=[district.pk, oldest.history_id])
    response = client.get(history_url)
    if response.status_code != 200:
        pytest.skip("reverting is not offered to this persona")
    form = admin_form_data(response, district.history.model)  # simple-history names the form so
    assert form.get(VERSION_FIELD)
    response = client.post(history_url, form)
    assert response.status_code == 302
    district.refresh_from_db()
    assert district.summary == "Erste"


@pytest.mark.django_db
def test_view_only_reviewer_gets_no_version_field(client_for, reviewer):
    organisation = OrganisationFactory()
    response = client_for(reviewer).get(_change_url(organisation))
    assert response.status_code == 200
    assert VERSION_FIELD not in response.content.decode()


@pytest.mark.django_db(transaction=True)
def test_a_save_committing_while_the_check_runs_is_not_overwritten(two_editors, settings):
    """PostgreSQL: the check reads the row with SELECT ... FOR UPDATE, so a save that is
    still being committed is waited for and then seen. Without the lock the second save
    would read the old time, pass, and overwrite the first."""
    if connection.vendor != "postgresql":
        pytest.skip("row locks need PostgreSQL (SQLite writes one at a time anyway)")
    project = ProjectFactory(summary="Alt")
    _, second = two_editors
    url = _change_url(project)
    data = admin_form_data(second.get(url), type(project))
    locked, release, answers = threading.Event(), threading.Event(), []

    def first_save():
        try:
            with transaction.atomic():
                row = Project.objects.select_for_update().get(pk=project.pk)
                row.summary = "Gespeichert von Jana"
                row.save()
                locked.set()
                release.wait(10)
        finally:
            connection.close()

    def second_save():
        try:
            answers.append(second.post(url, {**data, "summary": "Omar"}))
        finally:
            connection.close()

    threads = [threading.Thread(target=first_save), threading.Thread(target=second_save)]
    threads[0].start()
    assert locked.wait(10)
    threads[1].start()
    time.sleep(1)  # the second save is now waiting for the row
    release.set()
    for thread in threads:
        thread.join(20)
    assert answers[0].status_code == 200
    assert "nachdem Sie ihn geöffnet hatten" in answers[0].content.decode()
    project.refresh_from_db()
    assert project.summary == "Gespeichert von Jana"
