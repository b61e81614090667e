"""Derived status, named querysets and database constraints of projects."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError

from projects.models import Project, Status
from projects.tests.factories import ProjectFactory

TODAY = datetime.date(2026, 6, 15)  # a fixed day: every test runs at its noon (Europe/Berlin)
DAY = datetime.timedelta(days=1)


@pytest.fixture(autouse=True)
def _today(freeze_day):
    freeze_day(TODAY)


@pytest.mark.parametrize(
    ("start", "end", "expected"),
    [
        (TODAY + DAY, None, Status.PLANNED),
        (TODAY + DAY, TODAY + 100 * DAY, Status.PLANNED),
        (TODAY, TODAY, Status.RUNNING),
        (TODAY - 10 * DAY, None, Status.RUNNING),
        (TODAY - 10 * DAY, TODAY, Status.RUNNING),
        (TODAY - 10 * DAY, TODAY - DAY, Status.COMPLETED),
    ],
)
def test_status_is_derived_from_the_runtime(start, end, expected):
    assert Project(start=start, end=end).status(today=TODAY) == expected


@pytest.mark.django_db
def test_status_querysets_agree_with_the_derived_status():
    planned = ProjectFactory(start=TODAY + 5 * DAY, end=None)
    running = ProjectFactory(start=TODAY - 5 * DAY, end=TODAY)
    open_ended = ProjectFactory(start=TODAY - 5 * DAY, end=None)
    completed = ProjectFactory(start=TODAY - 50 * DAY, end=TODAY - DAY)

    assert set(Project.objects.planned(TODAY)) == {planned}
    assert set(Project.objects.running(TODAY)) == {running, open_ended}
    assert set(Project.objects.completed(TODAY)) == {completed}
    annotated = {p.pk: p.status_code for p in Project.objects.annotate_status(TODAY)}
    for project in (planned, running, open_ended, completed):
        assert annotated[project.pk] == project.status(TODAY)
        assert project in Project.objects.with_status(project.status(TODAY), TODAY)


@pytest.mark.django_db
def test_status_moves_with_the_day_without_any_write():
    project = ProjectFactory(start=TODAY + 10 * DAY, end=TODAY + 20 * DAY)
    assert list(Project.objects.planned(TODAY)) == [project]
    assert list(Project.objects.running(TODAY + 15 * DAY)) == [project]
    assert list(Project.objects.completed(TODAY + 21 * DAY)) == [project]


@pytest.mark.django_db
def test_published_hides_drafts():
    shown = ProjectFactory()
    ProjectFactory(published=False)
    assert list(Project.objects.published()) == [shown]


@pytest.mark.django_db
def test_database_refuses_an_end_before_the_start():
    with pytest.raises(IntegrityError):
        ProjectFactory(start=TODAY, end=TODAY - DAY)


@pytest.mark.django_db
def test_database_refuses_a_negative_total_cost():
    with pytest.raises(IntegrityError):
        ProjectFactory(total_cost=-1)


@pytest.mark.django_db
def test_slugs_are_unique_in_the_database():
    ProjectFactory(slug="gleich")
    with pytest.raises(IntegrityError):
        ProjectFactory(slug="gleich")


@pytest.mark.django_db
def test_full_clean_names_the_end_field():
    project = ProjectFactory.build(start=TODAY, end=TODAY - DAY)
    with pytest.raises(ValidationError) as error:
        project.full_clean()
    assert "end" in error.value.message_dict


@pytest.mark.django_db
def test_related_projects_are_symmetric():
    a, b = ProjectFactory(), ProjectFactory()
    a.related_projects.add(b)
    assert list(b.related_projects.all()) == [a]


def test_goal_and_task_lines_drop_bullets_and_blank_lines():
    project = Project(tasks="- Anlaufstelle\n\n• Vernetzung  \n* Öffentlichkeitsarbeit")
    assert project.task_list() == ["Anlaufstelle", "Vernetzung", "Öffentlichkeitsarbeit"]
