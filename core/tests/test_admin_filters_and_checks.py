"""Projects filtered by programme and by responsible body in the back office; contacts
marked as checked in one step."""

import datetime

import pytest
from django.conf import settings
from django.contrib.messages import get_messages
from django.urls import reverse
from django.utils import translation

from funding.tests.factories import FundingFactory, FundingProgrammeFactory
from partners.tests.factories import ContactPersonFactory, OrganisationFactory
from projects.tests.factories import ProjectFactory

pytestmark = pytest.mark.django_db
CHANGELIST = "admin:projects_project_changelist"


@pytest.fixture
def staff_without_group(django_user_model):
    return django_user_model.objects.create_user(username="ohne-gruppe", password="x-y-z-1234567", is_staff=True)


@pytest.fixture
def projects(db):
    soziale_stadt = FundingProgrammeFactory(name="Soziale Stadt", short_name="SSt")
    jugend = FundingProgrammeFactory(name="Jugend stärken", short_name="JUST")
    verein = OrganisationFactory(name="Gartenverein Heven", short_name="GVH")
    amt = OrganisationFactory(name="Stadt Ruhrbach – Jugendamt", short_name="")
    garten = ProjectFactory(title="Quartiersgarten")
    garten.responsible_organisations.set([verein, amt])
    FundingFactory(project=garten, programme=soziale_stadt)
    FundingFactory(project=garten, programme=jugend)
    treff = ProjectFactory(title="Jugendtreff")
    treff.responsible_organisations.set([amt])
    FundingFactory(project=treff, programme=jugend)
    ProjectFactory(title="Ohne alles")
    OrganisationFactory.create_batch(30)  # not listed in the filter: typed
    return {"soziale_stadt": soziale_stadt, "jugend": jugend}


def _titles(client, **params):
    response = client.get(reverse(CHANGELIST), params)
    assert response.status_code == 200
    return sorted(project.title for project in response.context["cl"].result_list)


def test_filter_by_programme(client_for, editor, projects):
    client = client_for(editor)
    assert _titles(client, fundings__programme__id__exact=projects["jugend"].pk) == ["Jugendtreff", "Quartiersgarten"]
    assert _titles(client, fundings__programme__id__exact=projects["soziale_stadt"].pk) == ["Quartiersgarten"]


@pytest.mark.parametrize(
    ("typed", "expected"),
    [
        ("jugendamt", ["Jugendtreff", "Quartiersgarten"]),  # once each, though two bodies match
        ("GVH", ["Quartiersgarten"]),
        ("  Gartenverein ", ["Quartiersgarten"]),
        ("niemand", []),
        ("%", []),
        ("x" * 500, []),
    ],
)
def test_filter_by_responsible_body_typed(client_for, editor, projects, typed, expected):
    assert _titles(client_for(editor), traeger=typed) == expected


def test_responsible_body_filter_is_an_input_keeping_the_other_filters(client_for, editor, projects):
    client = client_for(editor)
    page = client.get(reverse(CHANGELIST), {"traeger": "Amt", "published__exact": "1", "q": "Treff"}).content.decode()
    assert 'name="traeger" value="Amt"' in page
    assert '<input type="hidden" name="published__exact" value="1">' in page
    assert '<input type="hidden" name="q" value="Treff">' in page
    # The organisations are not listed as links (a network has hundreds).
    assert "responsible_organisations__id__exact" not in page
    assert _titles(client, traeger="Amt", published__exact="1", q="Treff") == ["Jugendtreff"]


@pytest.fixture
def contacts(db):
    return [ContactPersonFactory(last_checked=datetime.date(2024, 5, 1)), ContactPersonFactory(last_checked=None)]


def test_contacts_marked_as_checked_today(client_for, editor, contacts, freeze_day):
    freeze_day(datetime.date(2026, 3, 9))
    client = client_for(editor)
    before = [contact.history.count() for contact in contacts]
    response = client.post(
        reverse("admin:partners_contactperson_changelist"),
        {"action": "mark_checked", "_selected_action": [contact.pk for contact in contacts]},
    )
    assert response.status_code == 302
    for contact, count in zip(contacts, before, strict=True):
        contact.refresh_from_db()
        assert contact.last_checked == datetime.date(2026, 3, 9)
        assert contact.history.count() == count + 1
        assert contact.history.order_by("-history_id").first().history_user == editor
    with translation.override(settings.LANGUAGE_CODE):
        expected = translation.ngettext(
            "%(count)d contact person marked as checked today.",
            "%(count)d contact persons marked as checked today.",
            2,
        ) % {"count": 2}
    assert expected in [str(message) for message in get_messages(response.wsgi_request)]


def test_mark_checked_refused_without_rights(client, client_for, reviewer, staff_without_group, contacts):
    url = reverse("admin:partners_contactperson_changelist")
    data = {"action": "mark_checked", "_selected_action": [contact.pk for contact in contacts]}
    assert client.post(url, data).status_code == 302  # to the login page
    for user in (reviewer, staff_without_group):
        assert client_for(user).post(url, data).status_code == 403
    assert [c.last_checked for c in type(contacts[0]).objects.order_by("pk")] == [datetime.date(2024, 5, 1), None]


def test_project_filters_refused_without_rights(client, client_for, staff_without_group, projects):
    url = reverse(CHANGELIST)
    assert client.get(url, {"traeger": "Amt"}).status_code == 302
    assert client_for(staff_without_group).get(url, {"traeger": "Amt"}).status_code == 403
