"""The public project list as a resident sees it: filters kept in the URL, result counts,
pagination, bad query strings, and a fixed number of queries for 3 and 300 projects. The
fact sheet is in test_fact_sheet.py."""

import datetime
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from pytest_django.asserts import assertInHTML

from core.filters import UNKNOWN_VALUE
from core.tests.html import find_elements
from funding.models import Funding
from funding.tests.factories import FundingFactory, FundingProgrammeFactory
from projects.filters import ProjectFilterForm
from projects.models import Project, ProjectImage
from projects.tests.factories import (
    FieldOfActionFactory,
    ProjectFactory,
    TargetGroupFactory,
)
from quartier.tests.factories import DistrictFactory

pytestmark = pytest.mark.django_db

TODAY = datetime.date(2026, 6, 15)  # a fixed day: every test runs at its noon (Europe/Berlin)
LIST_URL = reverse("projects:project_list")


@pytest.fixture(autouse=True)
def _today(freeze_day):
    freeze_day(TODAY)


def days(n):
    return TODAY + datetime.timedelta(days=n)


def listed_slugs(response):
    return [project.slug for project in response.context["page_obj"].object_list]


def found(response):
    return response.context["page_obj"].paginator.count


# --- the list ---------------------------------------------------------------------------


def test_list_shows_published_projects_and_marks_archived_ones(resident):
    running = ProjectFactory(title="Innenstadt-Büro")
    archived = ProjectFactory(title="Altes Stadtteilbüro", archived=True, start=days(-900), end=days(-400))
    draft = ProjectFactory(title="Geheimer Entwurf", published=False)

    response = resident.get(LIST_URL)

    assert response.status_code == 200
    html = response.content.decode()
    assert running.title in html and archived.title in html
    assert draft.title not in html
    assert html.count("badge--archived") == 1
    assert archived.slug in listed_slugs(response)
    # archived projects come after the current ones
    assert listed_slugs(response)[-1] == archived.slug


def test_hide_archived_toggle(resident):
    ProjectFactory(slug="aktuell")
    ProjectFactory(slug="archiviert", archived=True)

    response = resident.get(LIST_URL, {"ohne_archiv": "on"})

    assert listed_slugs(response) == ["aktuell"]


def test_filters_combine(resident):
    north, south = DistrictFactory(slug="nord"), DistrictFactory(slug="sued")
    biwaq = FundingProgrammeFactory(slug="biwaq-v")
    youth, elderly = TargetGroupFactory(slug="jugendliche"), TargetGroupFactory(slug="seniorinnen")
    work = FieldOfActionFactory(slug="arbeit")

    def project(slug, districts, *, programme=None, groups=(), field=None, **dates):
        created = ProjectFactory(slug=slug, field_of_action=field, **dates)
        created.districts.set(districts)
        created.target_groups.set(groups)
        if programme:
            FundingFactory(project=created, programme=programme)
        return created

    project("a", [north], programme=biwaq, groups=[youth], field=work)
    project("b", [north, south], programme=biwaq, groups=[elderly])
    project("c", [north], groups=[youth], start=days(30), end=days(400))
    project("d", [south], programme=biwaq, groups=[youth], field=work, start=days(-500), end=days(-10))
    project("e", [north], programme=biwaq, groups=[youth], published=False)

    def slugs(**params):
        response = resident.get(LIST_URL, params)
        assert response.status_code == 200
        assert found(response) == len(listed_slugs(response))
        return sorted(listed_slugs(response))

    assert slugs() == ["a", "b", "c", "d"]
    assert slugs(quartier="nord") == ["a", "b", "c"]
    assert slugs(quartier="nord", foerderprogramm="biwaq-v") == ["a", "b"]
    assert slugs(quartier="nord", foerderprogramm="biwaq-v", zielgruppe="jugendliche") == ["a"]
    assert slugs(zielgruppe="jugendliche") == ["a", "c", "d"]
    assert slugs(zielgruppe="jugendliche", status="planned") == ["c"]
    assert slugs(status="completed") == ["d"]
    assert slugs(status="running", foerderprogramm="biwaq-v") == ["a", "b"]
    assert slugs(handlungsfeld="arbeit") == ["a", "d"]
    assert slugs(handlungsfeld="arbeit", quartier="sued") == ["d"]
    assert slugs(quartier="sued", status="planned") == []


def test_result_count_and_chosen_filters_stay_in_the_form(resident):
    district = DistrictFactory(slug="wehringhausen", name="Wehringhausen")
    for _ in range(2):
        ProjectFactory().districts.add(district)
    ProjectFactory()

    response = resident.get(LIST_URL, {"quartier": "wehringhausen"})

    assert found(response) == 2
    assert response.context["count_text"].startswith("2 ")
    html = response.content.decode()
    assertInHTML('<option selected value="wehringhausen">Wehringhausen</option>', html)
    assert find_elements(html, "label", for_="id_quartier")


def test_pagination_keeps_the_filters(resident):
    district = DistrictFactory(slug="nord")
    for _ in range(15):
        ProjectFactory().districts.add(district)

    response = resident.get(LIST_URL, {"quartier": "nord"})

    assert found(response) == 15
    assert len(listed_slugs(response)) == 12
    assert find_elements(response.content.decode(), "a", href="?quartier=nord&seite=2")
    assert len(listed_slugs(resident.get(LIST_URL, {"quartier": "nord", "seite": "2"}))) == 3


@pytest.mark.parametrize(
    ("old", "new"),
    [
        ("?page=2", "?seite=2"),
        ("?quartier=nord&page=2&status=running", "?quartier=nord&seite=2&status=running"),
        ("?page=2&seite=3", "?seite=3"),
        ("?page=%3Cscript%3E", "?seite=%3Cscript%3E"),
    ],
)
def test_the_old_page_parameter_redirects_permanently(resident, old, new):
    response = resident.get(LIST_URL + old)
    assert response.status_code == 301
    assert response["Location"] == LIST_URL + new


def test_a_redirected_old_page_address_shows_that_page(resident):
    district = DistrictFactory(slug="nord")
    for _ in range(15):
        ProjectFactory().districts.add(district)

    response = resident.get(LIST_URL, {"quartier": "nord", "page": "2"}, follow=True)

    assert response.redirect_chain == [(LIST_URL + "?quartier=nord&seite=2", 301)]
    assert len(listed_slugs(response)) == 3
    assert response.context["page_obj"].number == 2


@pytest.mark.parametrize(
    "params",
    [
        {"seite": "abc"},
        {"seite": "-1"},
        {"seite": "9" * 5000},
        {"quartier": "gibt-es-nicht"},
        {"quartier": "x" * 10_000},
        {"status": "<script>alert(1)</script>"},
        {"foerderprogramm": "' OR 1=1 --"},
        {"zielgruppe": "%00"},
        {"handlungsfeld": "a\x00b"},
        {"ohne_archiv": "vielleicht"},
    ],
)
def test_bad_query_strings_give_a_normal_page(resident, params):
    ProjectFactory(slug="sichtbar")

    response = resident.get(LIST_URL, params)

    assert response.status_code == 200
    assert listed_slugs(response) == ["sichtbar"]
    assert "<script>alert(1)" not in response.content.decode()


def test_an_invalid_filter_is_ignored_and_named(resident):
    ProjectFactory(slug="a", start=days(-10))
    ProjectFactory(slug="b", start=days(10), end=days(100))

    response = resident.get(LIST_URL, {"quartier": "gibt-es-nicht", "status": "planned"})

    assert listed_slugs(response) == ["b"]
    assert response.context["invalid_fields"] == [ProjectFilterForm.base_fields["quartier"].label]
    html = response.content.decode()
    assert find_elements(html, "div", role="alert")
    # the message in the page's language, named by the select it describes (no dangling reference)
    assertInHTML(f'<li id="id_quartier_error">Quartier: {UNKNOWN_VALUE["invalid_choice"]}</li>', html)
    assert find_elements(html, "select", name="quartier", aria_describedby="id_quartier_error", aria_invalid="true")


# --- a fixed number of queries ------------------------------------------------------------


class ProjectBuilder:
    """Published projects, each with a district, two target groups, a funding and an image
    (bulk-created: the pages never read the image file)."""

    def __init__(self):
        self.districts = DistrictFactory.create_batch(3)
        self.groups = TargetGroupFactory.create_batch(2)
        self.programmes = FundingProgrammeFactory.create_batch(2)
        self.field = FieldOfActionFactory()
        self.made = 0

    def add(self, count):
        first = self.made
        self.made += count
        projects = Project.objects.bulk_create(
            Project(
                title=f"Massenprojekt {n}",
                slug=f"massenprojekt-{n}",
                summary="Ein Projekt.",
                start=days(-100 - n),
                field_of_action=self.field,
                published=True,
            )
            for n in range(first, self.made)
        )
        Project.districts.through.objects.bulk_create(
            Project.districts.through(project=project, district=self.districts[n % 3])
            for n, project in enumerate(projects)
        )
        Project.target_groups.through.objects.bulk_create(
            Project.target_groups.through(project=project, targetgroup=group)
            for project in projects
            for group in self.groups
        )
        Funding.objects.bulk_create(
            Funding(project=project, programme=self.programmes[n % 2], amount=Decimal("1000"))
            for n, project in enumerate(projects)
        )
        ProjectImage.objects.bulk_create(
            ProjectImage(
                project=project, image="projects/bild.png", alt_text="Bild", credit="Foto: Test", width=40, height=30
            )
            for project in projects
        )
        return projects


def count_queries(client, url, **params):
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url, params)
    assert response.status_code == 200
    return len(captured)


def test_list_runs_the_same_few_queries_for_3_and_300_projects(resident, django_assert_max_num_queries):
    builder = ProjectBuilder()
    builder.add(3)
    filters = {"status": "running", "zielgruppe": builder.groups[0].slug, "quartier": builder.districts[0].slug}
    small = count_queries(resident, LIST_URL)
    small_filtered = count_queries(resident, LIST_URL, **filters)

    builder.add(297)
    big = count_queries(resident, LIST_URL)
    big_filtered = count_queries(resident, LIST_URL, seite="3", **filters)

    assert Project.objects.published().count() == 300
    assert resident.get(LIST_URL).context["paginator"].count == 300  # all of them listed, not just stored
    assert small == big
    assert small_filtered == big_filtered
    with django_assert_max_num_queries(12):
        resident.get(LIST_URL, {"seite": "20", "foerderprogramm": builder.programmes[1].slug})
