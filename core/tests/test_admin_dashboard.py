"""The back office's start page: what waits for whom (portal/dashboard.py), each box
linking to the changelist filtered to exactly its entries, bounded, in a fixed number
of queries, and only what the persona may see."""

import datetime
import re

import pytest
from django.contrib.auth.models import Group
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext

from core.staff_groups import EDITORS
from funding.tests.factories import FundingProgrammeFactory
from partners.models import MembershipRequest
from partners.tests.factories import ContactPersonFactory, MembershipRequestFactory, OrganisationFactory
from portal.dashboard import LIMIT
from projects.tests.factories import ProjectFactory

TODAY = datetime.date(2026, 10, 20)
INDEX = reverse("admin:index")


@pytest.fixture(autouse=True)
def _today(freeze_day):
    freeze_day(TODAY)


def boxes(response):
    return {box.key: box for box in response.context["boxes"]}


@pytest.fixture
def other_editor(django_user_model, staff_groups):
    user = django_user_model.objects.create_user(username="anna.schmidt", password="x" * 20, is_staff=True)
    user.groups.set([staff_groups[EDITORS]])
    return user


@pytest.fixture
def staff_without_group(django_user_model):
    return django_user_model.objects.create_user(username="ohnegruppe", password="x" * 20, is_staff=True)


def confirmed_request(**kwargs):
    return MembershipRequestFactory(status=MembershipRequest.Status.CONFIRMED, confirmed_at=timezone.now(), **kwargs)


@pytest.mark.django_db
def test_dashboard_comes_before_the_app_list_and_login_protection_comes_last(admin_user, client_for):
    html = client_for(admin_user).get(INDEX).content.decode()
    sections = re.findall(r'<div class="app-(\w+) module', html)
    assert html.index('class="quartier-dashboard"') < html.index(f'class="app-{sections[0]} module')
    assert sections[-2:] == ["axes", "auth"]
    assert sections[0] != "axes"


@pytest.mark.django_db
def test_superuser_sees_every_box(admin_user, client_for):
    response = client_for(admin_user).get(INDEX)
    assert list(boxes(response)) == ["requests", "drafts", "review", "ending", "changes"]


@pytest.mark.django_db
def test_reviewer_sees_the_requests_and_only_the_content_of_their_group(reviewer, client_for):
    waiting = confirmed_request(organisation_name="Nähwerkstatt Annen e.V.")
    MembershipRequestFactory(organisation_name="Unbestätigt e.V.")  # never confirmed: not for staff
    ProjectFactory(published=False, title="Projektentwurf")
    OrganisationFactory(published=False, name="Trägerentwurf")
    response = client_for(reviewer).get(INDEX)
    found = boxes(response)
    # The group "Prüfung" looks at organisations (to link a request), not at projects or contacts.
    assert set(found) == {"requests", "drafts", "changes"}
    assert [item.label for item in found["drafts"].items] == ["Trägerentwurf"]
    box = found["requests"]
    assert box.count == 1
    assert [item.label for item in box.items] == ["Nähwerkstatt Annen e.V."]
    assert box.items[0].url == reverse("admin:partners_membershiprequest_change", args=[waiting.pk])
    assert box.links[0].url.endswith("?queue=waiting")


@pytest.mark.django_db
def test_editor_does_not_see_the_requests(editor, client_for):
    confirmed_request(organisation_name="Nähwerkstatt Annen e.V.")
    response = client_for(editor).get(INDEX)
    assert "requests" not in boxes(response)
    assert "Nähwerkstatt Annen e.V." not in response.content.decode()
    assert {"drafts", "review", "ending", "changes"} <= set(boxes(response))


@pytest.mark.django_db
def test_staff_without_group_sees_no_dashboard(staff_without_group, client_for):
    confirmed_request()
    ProjectFactory(published=False)
    response = client_for(staff_without_group).get(INDEX)
    assert response.context["boxes"] == []
    assert 'class="quartier-dashboard"' not in response.content.decode()


@pytest.mark.django_db
def test_anonymous_is_sent_to_the_login(client):
    response = client.get(INDEX)
    assert response.status_code == 302 and "/login/" in response["Location"]


@pytest.mark.django_db
def test_drafts_are_counted_bounded_and_link_to_the_filtered_list(editor, client_for):
    drafts = [ProjectFactory(published=False, title=f"Entwurf {n}") for n in range(LIMIT + 2)]
    ProjectFactory(published=True, title="Öffentlich")
    OrganisationFactory(published=False, name="Träger im Entwurf")
    client = client_for(editor)
    box = boxes(client.get(INDEX))["drafts"]
    assert box.count == LIMIT + 3
    assert len(box.items) == LIMIT
    assert "Öffentlich" not in [item.label for item in box.items]
    links = {link.label: link.url for link in box.links}
    assert set(links) == {f"Projekte ({LIMIT + 2})", "Organisationen (1)"}
    changelist = client.get(links[f"Projekte ({LIMIT + 2})"])
    assert changelist.status_code == 200
    assert set(changelist.context["cl"].result_list) == set(drafts)


@pytest.mark.django_db
def test_contacts_due_for_a_check(editor, client_for):
    never = ContactPersonFactory(name="Nie Geprüft", last_checked=None)
    old = ContactPersonFactory(name="Lange Her", last_checked=TODAY - datetime.timedelta(days=400))
    ContactPersonFactory(name="Frisch Geprüft", last_checked=TODAY - datetime.timedelta(days=30))
    client = client_for(editor)
    box = boxes(client.get(INDEX))["review"]
    assert box.count == 2
    assert [item.label.split(" (")[0] for item in box.items] == ["Nie Geprüft", "Lange Her"]  # never checked first
    assert box.items[0].note == gettext("never checked")
    never_url, old_url = (link.url for link in box.links)
    assert list(client.get(never_url).context["cl"].result_list) == [never]
    assert list(client.get(old_url).context["cl"].result_list) == [old]


@pytest.mark.django_db
def test_programmes_and_projects_ending_within_90_days(editor, client_for):
    programme = FundingProgrammeFactory(short_name="BIWAQ V", period_end=TODAY + datetime.timedelta(days=30))
    FundingProgrammeFactory(period_end=TODAY + datetime.timedelta(days=100))
    FundingProgrammeFactory(period_end=TODAY - datetime.timedelta(days=1))
    project = ProjectFactory(title="Quartiersgarten", end=TODAY + datetime.timedelta(days=90))
    ProjectFactory(end=None)
    client = client_for(editor)
    box = boxes(client.get(INDEX))["ending"]
    assert box.count == 2
    assert [item.url for item in box.items] == [
        reverse("admin:funding_fundingprogramme_change", args=[programme.pk]),
        reverse("admin:projects_project_change", args=[project.pk]),
    ]
    assert box.items[0].note == gettext("%(kind)s, ends %(date)s") % {"kind": "Förderprogramm", "date": "19.11.2026"}
    programme_url, project_url = (link.url for link in box.links)
    assert list(client.get(programme_url).context["cl"].result_list) == [programme]
    assert list(client.get(project_url).context["cl"].result_list) == [project]


@pytest.mark.django_db
def test_recent_changes_are_those_of_others_readable(editor, other_editor, client_for):
    theirs = ProjectFactory(title="Quartiersgarten")
    theirs.summary = "Neu beschrieben."
    theirs._history_user = other_editor
    theirs.save()
    mine = ProjectFactory(title="Mein Projekt")
    mine.summary = "Von mir."
    mine._history_user = editor
    mine.save()
    box = boxes(client_for(editor).get(INDEX))["changes"]
    changed = gettext("%(user)s changed %(kind)s “%(name)s”")
    assert [item.label for item in box.items] == [
        changed % {"user": "anna.schmidt", "kind": "Projekt", "name": "Quartiersgarten"}
    ]
    assert box.items[0].url == reverse("admin:projects_project_history", args=[theirs.pk])


@pytest.mark.django_db
def test_every_link_of_the_boxes_opens(admin_user, client_for):
    confirmed_request()
    ProjectFactory(published=False)
    client = client_for(admin_user)
    response = client.get(INDEX)
    html = response.content.decode()
    assert gettext("Membership requests waiting for a decision") in html
    for box in response.context["boxes"]:
        for url in [item.url for item in box.items if item.url] + [link.url for link in box.links]:
            assert client.get(url).status_code == 200, url


@pytest.mark.django_db
def test_query_count_does_not_grow_with_the_data(admin_user, other_editor, client_for):
    client = client_for(admin_user)

    def queries():
        with CaptureQueriesContext(connection) as captured:
            assert client.get(INDEX).status_code == 200
        return len(captured)

    # One of each: every box runs its count and its list.
    confirmed_request()
    ProjectFactory(published=False, end=TODAY + datetime.timedelta(days=5))
    ContactPersonFactory(last_checked=None)
    FundingProgrammeFactory(period_end=TODAY + datetime.timedelta(days=5))
    few = queries()
    for n in range(12):
        confirmed_request()
        project = ProjectFactory(published=False, end=TODAY + datetime.timedelta(days=n + 1))
        project._history_user = other_editor
        project.save()
        ContactPersonFactory(last_checked=None)
        FundingProgrammeFactory(period_end=TODAY + datetime.timedelta(days=n + 1))
    assert queries() == few


@pytest.mark.django_db
def test_a_narrower_group_sees_narrower_boxes(django_user_model, client_for, staff_groups):
    """A group that may look at contacts only: the other boxes stay away."""
    from django.contrib.auth.models import Permission

    group = Group.objects.create(name="Nur Kontakte")
    group.permissions.set(Permission.objects.filter(codename="view_contactperson"))
    user = django_user_model.objects.create_user(username="kontakte", password="x" * 20, is_staff=True)
    user.groups.set([group])
    ContactPersonFactory(last_checked=None)
    ProjectFactory(published=False)
    assert set(boxes(client_for(user).get(INDEX))) == {"review", "changes"}
