"""The history ("Geschichte") reads like the rest of the back office: German, local time,
Ja/Nein, "–" for nothing, one row per save and none for a save that changed nothing."""

import datetime
import re
import zoneinfo
from decimal import Decimal

import pytest
from django.conf import settings
from django.contrib.auth.models import Permission
from django.urls import reverse
from django.utils import timezone, translation

from core.history import shown_value
from core.tests.admin_form import admin_form_data
from funding.tests.factories import FundingFactory
from partners.tests.factories import OrganisationFactory
from projects.models import Project
from projects.tests.factories import FieldOfActionFactory, ProjectFactory

pytestmark = pytest.mark.django_db


def german(message, *args):
    with translation.override(settings.LANGUAGE_CODE):
        text = translation.gettext(message)
    return text % args if args else text


@pytest.fixture
def staff_without_group(django_user_model):
    """Staff with no group: may log in, may see nothing."""
    return django_user_model.objects.create_user(username="ohne-gruppe", password="x-y-z-1234567", is_staff=True)


@pytest.fixture
def project(db):
    project = ProjectFactory(title="Quartiersgarten", archived=True, field_of_action=FieldOfActionFactory(name="Grün"))
    project.responsible_organisations.set([OrganisationFactory(name="Gartenverein Heven")])
    return project


def _edit(client, project, **changes):
    url = reverse("admin:projects_project_change", args=[project.pk])
    data = admin_form_data(client.get(url), Project)
    data.update(changes)
    response = client.post(url, data)
    assert response.status_code == 302, response.context["adminform"].form.errors
    return response


def _history_page(client, project):
    response = client.get(reverse("admin:projects_project_history", args=[project.pk]))
    assert response.status_code == 200
    return response.content.decode()


def test_one_save_is_one_history_row_with_every_change(client_for, editor, project):
    client = client_for(editor)
    before = project.history.count()
    other = OrganisationFactory(name="Stadt Ruhrbach – Grünflächenamt")
    # A boolean, a key set to nothing and a many-to-many field, in one save.
    _edit(client, project, archived=[], field_of_action=[""], responsible_organisations=[str(other.pk)])
    assert project.history.count() == before + 1
    latest = project.history.latest()
    assert latest.history_user == editor
    assert set(latest.diff_against(latest.prev_record).changed_fields) == {
        "archived",
        "field_of_action",
        "responsible_organisations",
    }


def test_a_save_without_changes_adds_no_row(client_for, editor, project):
    client = client_for(editor)
    before = project.history.count()
    _edit(client, project)
    assert project.history.count() == before


def test_a_new_entry_has_one_created_row(client_for, editor, project):
    client = client_for(editor)
    url = reverse("admin:projects_project_add")
    data = admin_form_data(client.get(url), Project)
    data.update(title=["Neues Projekt"], slug=[""], summary=["Kurz."], start=["01.02.2026"])
    data["responsible_organisations"] = [str(project.responsible_organisations.get().pk)]
    response = client.post(url, data)
    assert response.status_code == 302, response.context["adminform"].form.errors
    new = Project.objects.get(title="Neues Projekt")
    assert [row.history_type for row in new.history.all()] == ["+"]
    assert new.history.get().responsible_organisations.count() == 1


def test_history_page_is_german_and_readable(client_for, editor, project, time_machine):
    # Later than the project's first rows (the history lists the newest first).
    moment = datetime.datetime(2027, 7, 1, 10, 5, 7, 123456, tzinfo=datetime.UTC)
    time_machine.move_to(moment, tick=False)
    client = client_for(editor)
    _edit(client, project, archived=[], field_of_action=[""])
    page = _history_page(client, project)

    assert german("Change history: %s", project.title) in page
    assert "View history" not in page
    # Ja/Nein, "–" for an empty key, never Python's words or simple-history's placeholder.
    assert re.search(r"Archiviert:</strong>\s*Ja\s*&nbsp;&rarr;&nbsp;&nbsp;Nein", page)
    assert re.search(r"Handlungsfeld:</strong>\s*\S+ Grün\s*&nbsp;&rarr;&nbsp;&nbsp;–", page)
    for raw in ("True", "False", "None", "pk=None", "[", "chars]"):
        assert raw not in page.split('id="change-history"')[1], raw
    # Local time (12:05 in Berlin in summer), to the minute.
    assert "1. Juli 2027 12:05" in page
    assert "10:05" not in page and "123456" not in page


def test_history_values_are_german():
    field = Project._meta.get_field("total_cost")
    with translation.override("de"):
        assert shown_value(field, Decimal("480000.00")) == "480.000,00"
        assert shown_value(Project._meta.get_field("archived"), True) == "Ja"
        assert shown_value(Project._meta.get_field("start"), datetime.date(2026, 3, 9)) == "09.03.2026"
        assert shown_value(field, None) == "–"
        assert shown_value(Project._meta.get_field("responsible_organisations"), []) == "–"
        moment = datetime.datetime(2026, 1, 5, 8, 0, tzinfo=zoneinfo.ZoneInfo("UTC"))
        assert shown_value(Project._meta.get_field("created_at"), moment) == "05.01.2026 09:00"


def test_earlier_version_has_a_german_title_and_breadcrumb(client_for, editor, admin_user, project):
    record = project.history.earliest()
    url = reverse("admin:projects_project_simple_history", args=[project.pk, record.history_id])
    for user in (editor, admin_user):
        page = client_for(user).get(url).content.decode()
        breadcrumb = page.split('class="breadcrumbs"')[1].split("</div>")[0]
        title = page.split("<title>")[1].split("</title>")[0]
        assert "istorical" not in breadcrumb + title
        assert german("Restore an earlier version: %s", project.title) in title
        assert "Projekte" in breadcrumb
        assert german("Earlier version") in breadcrumb


def test_history_refused_without_rights(client, client_for, reviewer, staff_without_group, project):
    url = reverse("admin:projects_project_history", args=[project.pk])
    response = client.get(url)
    assert response.status_code == 302 and "login" in response["Location"]
    for user in (staff_without_group, reviewer):
        assert client_for(user).get(url).status_code == 403
        record = project.history.earliest()
        version = reverse("admin:projects_project_simple_history", args=[project.pk, record.history_id])
        assert client_for(user).post(version, {"title": "Übernommen"}).status_code == 403
    project.refresh_from_db()
    assert project.title == "Quartiersgarten"


def test_history_times_are_local_even_in_winter(client_for, admin_user, project, time_machine):
    time_machine.move_to(datetime.datetime(2027, 12, 1, 7, 30, tzinfo=datetime.UTC), tick=False)
    client = client_for(admin_user)
    _edit(client, project, archived=[])
    assert timezone.localtime(project.history.latest().history_date).hour == 8
    assert "1. Dezember 2027 08:30" in _history_page(client, project)


def test_line_endings_from_the_browser_are_no_change(client_for, editor, project):
    project.impact_goals = "Mehr Grün.\nMehr Begegnung."  # as the demo or an import writes it
    project.save()
    client = client_for(editor)
    before = project.history.count()
    _edit(client, project, impact_goals=["Mehr Grün.\r\nMehr Begegnung."])
    assert project.history.count() == before
    _edit(client, project, impact_goals=["Mehr Grün.\r\nMehr Begegnung."], archived=[])
    newest = _history_page(client, project).split("<tbody>")[1].split("</tr>")[0]
    assert "Archiviert" in newest
    assert "Wirkungsziele" not in newest


def test_project_history_lists_its_fundings_and_images(client_for, editor, project):
    funding = FundingFactory(project=project, amount=Decimal("50000"))
    client = client_for(editor)
    _edit(client, project, **{"fundings-0-amount": ["60.000,00"]})
    assert funding.history.count() == 2
    page = _history_page(client, project)
    section = page.split('id="history-funding"')[1].split("</table>")[0]
    assert re.search(r"50\.000,00&nbsp;&rarr;&nbsp;&nbsp;60\.000,00", section)
    assert editor.username in section
    assert 'id="history-projectimage"' in page


def test_related_history_only_for_who_may_see_it(client_for, django_user_model, project):
    FundingFactory(project=project)
    viewer = django_user_model.objects.create_user(username="nur-projekte", password="x-y-z-1234567", is_staff=True)
    viewer.user_permissions.set([Permission.objects.get(codename="view_project")])
    page = _history_page(client_for(viewer), project)
    assert 'id="history-funding"' not in page
    assert "Quartiersgarten" in page


def test_reverting_to_an_earlier_version_is_one_row(client_for, editor, project):
    client = client_for(editor)
    _edit(client, project, archived=[], field_of_action=[""])
    first = project.history.order_by("history_id").first()
    before = project.history.count()
    url = reverse("admin:projects_project_simple_history", args=[project.pk, first.history_id])
    data = admin_form_data(client.get(url), Project.history.model)  # the form is named after it
    response = client.post(url, data)
    assert response.status_code == 302, response.context["adminform"].form.errors
    project.refresh_from_db()
    assert project.archived and project.field_of_action_id == first.field_of_action_id
    assert project.history.count() == before + 1
    # The first version had no responsible body yet (the fixture added it afterwards).
    assert not project.responsible_organisations.exists()
