"""Scheduled publishing on every publishable model (issue 12): "online from" and "offline
from" beside "published" in each back-office form, honoured by every public query
(``core.content.published_q``) without a cron job; staff preview it all along."""

import datetime

import pytest
import time_machine
from django.urls import reverse
from django.utils import timezone

from core.tests.admin_form import admin_form_data
from funding.tests.factories import FundingFactory, FundingProgrammeFactory
from partners.tests.factories import OrganisationFactory
from projects.tests.factories import ProjectFactory
from quartier.tests.factories import DistrictFactory, OfficeFactory

pytestmark = pytest.mark.django_db

HOUR = datetime.timedelta(hours=1)
FACTORIES = {
    "district": DistrictFactory,
    "project": ProjectFactory,
    "organisation": OrganisationFactory,
    "programme": FundingProgrammeFactory,
}


def _admin_url(obj):
    opts = obj._meta
    return reverse(f"admin:{opts.app_label}_{opts.model_name}_change", args=[obj.pk])


@pytest.mark.parametrize("kind", FACTORIES)
def test_an_entry_goes_online_and_offline_by_itself(kind, resident, client_for, editor):
    now = timezone.now()
    obj = FACTORIES[kind](publish_from=now + HOUR, publish_until=now + 3 * HOUR)
    url = obj.get_absolute_url()

    assert resident.get(url).status_code == 404
    with time_machine.travel(now + 2 * HOUR, tick=False):
        assert resident.get(url).status_code == 200
    with time_machine.travel(now + 3 * HOUR, tick=False):
        assert resident.get(url).status_code == 404
    # Staff preview it before its moment.
    assert client_for(editor).get(url).status_code == 200


def test_office_list_waits_for_online_from(resident):
    OfficeFactory(name="Stadtteilbüro Morgen", publish_from=timezone.now() + HOUR)
    OfficeFactory(name="Stadtteilbüro Heute")
    page = resident.get(reverse("quartier:office_list")).content.decode()
    assert "Stadtteilbüro Heute" in page
    assert "Stadtteilbüro Morgen" not in page


def test_fundings_of_a_scheduled_project_stay_out_of_programme_totals(resident):
    programme = FundingProgrammeFactory(slug="biwaq")
    FundingFactory(programme=programme, project=ProjectFactory(title="Schon online"), amount=1000)
    FundingFactory(
        programme=programme, project=ProjectFactory(title="Erst morgen", publish_from=timezone.now() + HOUR), amount=5
    )
    page = resident.get(programme.get_absolute_url()).content.decode()
    assert "Schon online" in page
    assert "Erst morgen" not in page


def test_project_filter_does_not_offer_a_district_that_is_not_online_yet(resident):
    DistrictFactory(slug="heute")
    DistrictFactory(slug="spaeter", publish_from=timezone.now() + HOUR)
    page = resident.get(reverse("projects:project_list")).content.decode()
    assert 'value="heute"' in page
    assert 'value="spaeter"' not in page


@pytest.mark.parametrize("kind", FACTORIES)
def test_every_form_has_the_schedule_beside_published(kind, client_for, editor):
    obj = FACTORIES[kind]()
    response = client_for(editor).get(_admin_url(obj))
    page = response.content.decode()
    for name in ("publish_from_0", "publish_from_1", "publish_until_0", "publish_until_1"):
        assert f'name="{name}"' in page
    assert page.index('name="published"') < page.index('name="publish_from_0"')


@pytest.mark.parametrize("kind", FACTORIES)
def test_offline_before_online_is_refused_beside_the_field(kind, client_for, editor):
    obj = FACTORIES[kind]()
    client = client_for(editor)
    url = _admin_url(obj)
    data = admin_form_data(client.get(url), obj)
    data.update(
        publish_from_0="03.12.2026", publish_from_1="08:00", publish_until_0="03.12.2026", publish_until_1="07:00"
    )
    response = client.post(url, data)
    assert response.status_code == 200
    form = response.context["adminform"].form
    assert list(form.errors) == ["publish_until"]
    assert form.errors["publish_until"] == ["„Offline ab“ muss nach „Online ab“ liegen."]
    obj.refresh_from_db()
    assert obj.publish_from is None


def test_a_valid_schedule_is_saved_in_german_time(client_for, editor):
    project = ProjectFactory()
    client = client_for(editor)
    url = _admin_url(project)
    data = admin_form_data(client.get(url), project)
    data.update(publish_from_0="03.12.2026", publish_from_1="08:00", publish_until_0="", publish_until_1="")
    response = client.post(url, data)
    assert response.status_code == 302, response.context["adminform"].form.errors
    project.refresh_from_db()
    assert project.publish_from == datetime.datetime(2026, 12, 3, 7, tzinfo=datetime.UTC)


def test_the_list_says_scheduled_with_its_moment(client_for, editor):
    ProjectFactory(title="Geplant", publish_from=datetime.datetime(2099, 1, 5, 7, tzinfo=datetime.UTC))
    page = client_for(editor).get(reverse("admin:projects_project_changelist")).content.decode()
    assert "geplant: online ab 05.01.2099 08:00" in page
    filtered = client_for(editor).get(reverse("admin:projects_project_changelist"), {"publication": "2"})
    assert [row.title for row in filtered.context["cl"].result_list] == ["Geplant"]


@pytest.mark.parametrize(("day", "hour"), [("31.02.2027", "08:00"), ("morgen", "acht"), ("03.12.2026", "")])
def test_a_schedule_that_is_no_moment_comes_back_with_a_german_message(day, hour, client_for, editor):
    project = ProjectFactory(title="Stadtteilgarten")
    client = client_for(editor)
    url = _admin_url(project)
    data = admin_form_data(client.get(url), project)
    data.update(publish_from_0=day, publish_from_1=hour, summary="Neu geschrieben, nicht verloren.")
    response = client.post(url, data)
    assert response.status_code == 200
    form = response.context["adminform"].form
    assert list(form.errors) == ["publish_from"]
    assert any(word in " ".join(form.errors["publish_from"]) for word in ("Datum", "Uhrzeit"))
    assert "Neu geschrieben, nicht verloren." in response.content.decode()  # nothing typed is lost
    project.refresh_from_db()
    assert project.publish_from is None
