"""The project fact sheet in the back office: derived status, fieldsets, inlines, slugs."""

import datetime
import zoneinfo

import pytest
from django.urls import reverse
from django.utils import timezone

from core.tests.admin_form import admin_form_data
from core.tests.html import find_elements
from funding.tests.factories import FundingProgrammeFactory
from projects.admin import ProjectAdmin
from projects.models import Project
from projects.tests.factories import FieldOfActionFactory, ProjectFactory, ProjectImageFactory

DAY = datetime.timedelta(days=1)


@pytest.fixture
def projects_by_status(db, time_machine):
    # The admin's status filter asks timezone.localdate() (Europe/Berlin): the clock stands
    # at half past midnight there, when the machine's UTC date is still the day before.
    today = datetime.date(2026, 6, 15)
    time_machine.move_to(datetime.datetime(2026, 6, 15, 0, 30, tzinfo=zoneinfo.ZoneInfo("Europe/Berlin")))
    assert timezone.now().date() == today - DAY
    return {
        "planned": ProjectFactory(title="Geplant", start=today + 30 * DAY, end=None),
        "running": ProjectFactory(title="Läuft", start=today - 30 * DAY, end=today),
        "running_open": ProjectFactory(title="Läuft dauerhaft", start=today, end=None),
        "completed": ProjectFactory(title="Beendet", start=today - 400 * DAY, end=today - DAY),
    }


@pytest.mark.parametrize(
    ("status", "expected"),
    [("planned", {"Geplant"}), ("running", {"Läuft", "Läuft dauerhaft"}), ("completed", {"Beendet"})],
)
def test_status_filter_follows_the_dates(client_for, editor, projects_by_status, status, expected):
    response = client_for(editor).get(reverse("admin:projects_project_changelist"), {"status": status})
    assert response.status_code == 200
    assert {project.title for project in response.context["cl"].result_list} == expected


def test_status_column_and_ordering(client_for, editor, projects_by_status):
    client = client_for(editor)
    url = reverse("admin:projects_project_changelist")
    page = client.get(url).content.decode()
    assert find_elements(page, "td", class_="field-status_column")
    # Ordering by the status column sorts in SQL by the derived status.
    column = ProjectAdmin.list_display.index("status_column") + 1
    response = client.get(url, {"o": str(column)})
    titles = [project.title for project in response.context["cl"].result_list]
    assert titles[0] == "Beendet"
    assert titles[-1] in {"Läuft", "Läuft dauerhaft"}


def test_changelist_runs_a_fixed_number_of_queries(client_for, editor, django_assert_max_num_queries):
    client = client_for(editor)
    url = reverse("admin:projects_project_changelist")
    ProjectFactory.create_batch(2, field_of_action=FieldOfActionFactory())
    client.get(url)
    # 16: one of them lists the programmes with fundings for the programme filter.
    with django_assert_max_num_queries(16) as few:
        client.get(url)
    ProjectFactory.create_batch(10, field_of_action=FieldOfActionFactory())
    with django_assert_max_num_queries(len(few.captured_queries)):
        client.get(url)


def test_change_form_follows_the_fact_sheet(client_for, editor):
    project = ProjectFactory()
    response = client_for(editor).get(reverse("admin:projects_project_change", args=[project.pk]))
    assert response.status_code == 200
    titles = [str(fieldset.name) for fieldset in response.context["adminform"] if fieldset.name]
    assert titles == [  # German, as the editor reads them
        "Ziele",
        "Beschreibung und Aufgaben",
        "Laufzeit",
        "Kosten",
        "Verantwortliche Träger",
        "Wo und für wen",
        "Querverweise",
        "Veröffentlichung",
    ]
    inline_models = [formset.opts.model.__name__ for formset in response.context["inline_admin_formsets"]]
    assert inline_models == ["Funding", "ProjectImage"]


def test_editor_adds_a_funding_and_a_cross_reference_in_one_save(client_for, editor):
    project = ProjectFactory(title="Innenstadt-Büro")
    other = ProjectFactory(title="Verfügungsfonds")
    ProjectImageFactory(project=project)
    programme = FundingProgrammeFactory()
    client = client_for(editor)
    url = reverse("admin:projects_project_change", args=[project.pk])
    data = admin_form_data(client.get(url), Project)
    data.update(
        {
            "related_projects": [str(other.pk)],
            "fundings-TOTAL_FORMS": "1",
            "fundings-0-programme": str(programme.pk),
            "fundings-0-amount": "600000.00",
            "fundings-0-share": "80",
        }
    )
    response = client.post(url, data)
    assert response.status_code == 302, response.context["adminform"].form.errors
    funding = project.fundings.get()
    assert (funding.programme, str(funding.amount)) == (programme, "600000.00")
    assert list(other.related_projects.all()) == [project]  # symmetric
    assert project.images.count() == 1  # the existing image went through untouched
    assert project.history.latest().history_user == editor


def test_a_bad_runtime_comes_back_with_the_message(client_for, editor):
    project = ProjectFactory()
    client = client_for(editor)
    url = reverse("admin:projects_project_change", args=[project.pk])
    data = admin_form_data(client.get(url), Project)
    data["end"] = (project.start - DAY).isoformat()
    response = client.post(url, data)
    assert response.status_code == 200
    assert "end" in response.context["adminform"].form.errors


def test_an_empty_slug_is_made_from_the_title(client_for, editor):
    client = client_for(editor)
    response = client.post(
        reverse("admin:projects_project_add"),
        {
            "title": "Quartiersbüro Große Straße",
            "slug": "",
            "summary": "Anlaufstelle",
            "start": timezone.localdate().isoformat(),
            "published": "on",
            "fundings-TOTAL_FORMS": "0",
            "fundings-INITIAL_FORMS": "0",
            "images-TOTAL_FORMS": "0",
            "images-INITIAL_FORMS": "0",
        },
    )
    assert response.status_code == 302, response.context["adminform"].form.errors
    assert Project.objects.get().slug == "quartiersbuero-grosse-strasse"


def test_actions_publish_unpublish_archive(client_for, editor):
    project = ProjectFactory(published=True)
    client = client_for(editor)
    url = reverse("admin:projects_project_changelist")
    client.post(url, {"action": "unpublish", "_selected_action": [project.pk]})
    project.refresh_from_db()
    assert not project.published
    client.post(url, {"action": "archive", "_selected_action": [project.pk]})
    client.post(url, {"action": "publish", "_selected_action": [project.pk]})
    project.refresh_from_db()
    assert project.published and project.archived


def test_autocomplete_finds_related_projects(client_for, editor):
    ProjectFactory(title="Verfügungsfonds Innenstadt")
    ProjectFactory(title="Evaluation")
    response = client_for(editor).get(
        reverse("admin:autocomplete"),
        {"app_label": "projects", "model_name": "project", "field_name": "related_projects", "term": "fonds"},
    )
    assert response.status_code == 200
    assert [item["text"] for item in response.json()["results"]] == ["Verfügungsfonds Innenstadt"]
