"""Bounded pages: a district, a programme or an organisation with many projects shows the
first few, the totals counted in SQL and a link to the filtered project list; the project
list takes ``?partner=`` and offers a window of page numbers, not all of them."""

import datetime
import re
from decimal import Decimal

import pytest
from django.urls import reverse

from core.filters import UNKNOWN_VALUE
from core.tests.html import find_elements
from core.views import WindowPaginator
from funding.models import Funding
from funding.tests.factories import FundingProgrammeFactory
from partners.models import ContactPerson, Organisation
from partners.tests.factories import ContactPersonFactory, OrganisationFactory
from partners.views import ORGANISATION_CONTACTS, ORGANISATION_PROJECTS
from portal.views import DISTRICT_CONTACTS, DISTRICT_PARTNERS, DISTRICT_PROJECTS
from projects.models import Project
from projects.tests.factories import ProjectFactory
from projects.views import PROJECTS_PER_PAGE
from quartier.tests.factories import DistrictFactory

pytestmark = pytest.mark.django_db

TODAY = datetime.date(2026, 6, 15)
DAY = datetime.timedelta(days=1)
RUNNING = {"start": TODAY - 100 * DAY, "end": TODAY + 100 * DAY}
PLANNED = {"start": TODAY + 30 * DAY, "end": TODAY + 400 * DAY}
COMPLETED = {"start": TODAY - 900 * DAY, "end": TODAY - 30 * DAY}


@pytest.fixture(autouse=True)
def _today(freeze_day):
    freeze_day(TODAY)


def bulk_projects(count, prefix, **dates):
    return Project.objects.bulk_create(
        ProjectFactory.build(title=f"{prefix} {i:03}", slug=f"{prefix.lower()}-{i:03}", **dates) for i in range(count)
    )


def card_titles(html):
    return re.findall(r'<article class="card project-card">\s*<h3><a href="/projekte/([\w-]+)/"', html)


@pytest.fixture
def big_district():
    """A district with 30 running, 20 planned and 10 completed projects (and a draft),
    30 partners and 15 contact persons."""
    district = DistrictFactory(name="Großquartier", slug="gross")
    projects = [
        *bulk_projects(30, "Laufend", **RUNNING),
        *bulk_projects(20, "Geplant", **PLANNED),
        *bulk_projects(10, "Fertig", **COMPLETED),
        ProjectFactory(title="Entwurf", slug="entwurf", published=False, **RUNNING),
    ]
    district.projects.add(*projects)
    district.organisations.add(*Organisation.objects.bulk_create(OrganisationFactory.build_batch(30)))
    district.contacts.add(*ContactPerson.objects.bulk_create(ContactPersonFactory.build_batch(15, organisation=None)))
    return district


def test_district_page_shows_the_first_projects_running_first_with_totals_and_links(resident, big_district):
    response = resident.get(reverse("portal:district_detail", kwargs={"slug": "gross"}))
    assert response.status_code == 200
    html = response.content.decode()
    shown = card_titles(html)
    assert len(shown) == DISTRICT_PROJECTS == 12
    assert shown == [f"laufend-{i:03}" for i in range(12)]  # running ones first, by start and title
    groups = response.context["project_groups"]
    assert [(g["status"], len(g["projects"]), g["count"]) for g in groups] == [
        ("running", 12, 30),
        ("planned", 0, 20),
        ("completed", 0, 10),
    ]
    assert response.context["project_count"] == 60  # the draft is not counted
    for status in ("running", "planned", "completed"):
        assert find_elements(html, "a", href=f"/projekte/?quartier=gross&status={status}")
    assert find_elements(html, "a", href="/projekte/?quartier=gross")
    # The link leads to a list with the same total.
    listed = resident.get("/projekte/", {"quartier": "gross"})
    assert listed.context["paginator"].count == 60


def test_district_page_orders_planned_then_completed_latest_first_after_few_running(resident):
    district = DistrictFactory(slug="klein")
    running = bulk_projects(2, "Laufend", **RUNNING)
    planned = bulk_projects(3, "Geplant", **PLANNED)
    completed = [
        ProjectFactory(title=f"Fertig {i}", slug=f"fertig-{i}", start=TODAY - 900 * DAY, end=TODAY - i * DAY)
        for i in range(1, 11)
    ]
    district.projects.add(*running, *planned, *completed)
    html = resident.get(reverse("portal:district_detail", kwargs={"slug": "klein"})).content.decode()
    assert card_titles(html) == [
        "laufend-000",
        "laufend-001",
        "geplant-000",
        "geplant-001",
        "geplant-002",
        *(f"fertig-{i}" for i in range(1, 8)),  # the most recently completed first
    ]
    assert not find_elements(html, "a", href="/projekte/?quartier=klein&status=running")  # all shown
    assert find_elements(html, "a", href="/projekte/?quartier=klein&status=completed")
    assert find_elements(html, "a", href="/projekte/?quartier=klein")


def test_district_page_bounds_partners_and_contacts(resident, big_district):
    response = resident.get(reverse("portal:district_detail", kwargs={"slug": "gross"}))
    html = response.content.decode()
    context = response.context
    assert len(context["partners"]) == DISTRICT_PARTNERS and context["partner_count"] == 30
    assert find_elements(html, "a", href="/partner/?quartier=gross")
    assert len(context["contacts"]) == DISTRICT_CONTACTS and context["contact_count"] == 15


def test_small_district_page_has_no_more_links(resident):
    district = DistrictFactory(slug="ruhig")
    district.projects.add(*bulk_projects(3, "Laufend", **RUNNING))
    html = resident.get(reverse("portal:district_detail", kwargs={"slug": "ruhig"})).content.decode()
    assert len(card_titles(html)) == 3
    assert not find_elements(html, "p", class_="more-link")


def test_programme_page_lists_the_first_fundings_with_totals_in_sql(resident):
    programme = FundingProgrammeFactory(slug="gross-programm")
    projects = [*bulk_projects(20, "Alt", **COMPLETED), *bulk_projects(5, "Neu", **RUNNING)]
    Funding.objects.bulk_create(Funding(project=p, programme=programme, amount=Decimal("1000.50")) for p in projects)
    hidden = ProjectFactory(published=False)
    Funding.objects.create(project=hidden, programme=programme, amount=Decimal("999"))
    response = resident.get(reverse("funding:programme_detail", kwargs={"slug": "gross-programm"}))
    assert response.status_code == 200
    html = response.content.decode()
    rows = re.findall(r'<th scope="row"><a href="/projekte/([\w-]+)/"', html)
    assert len(rows) == 20
    assert rows[:5] == [f"neu-{i:03}" for i in range(5)]  # in the project list's order: newest start first
    assert response.context["totals"] == {"amount": Decimal("25012.50"), "projects": 25}
    assert find_elements(html, "a", href="/projekte/?foerderprogramm=gross-programm")
    assert resident.get("/projekte/", {"foerderprogramm": "gross-programm"}).context["paginator"].count == 25


@pytest.fixture
def busy_organisation():
    organisation = OrganisationFactory(name="Stadt Beispiel", slug="stadt")
    responsible = bulk_projects(15, "Traeger", **RUNNING)
    partnered = bulk_projects(14, "Partner", **PLANNED)
    organisation.responsible_for.add(*responsible, Project.objects.get(slug="partner-000"))
    organisation.partner_in.add(*partnered)
    ContactPerson.objects.bulk_create(ContactPersonFactory.build_batch(14, organisation=organisation))
    return organisation


def test_organisation_page_shows_the_first_projects_and_contacts_with_totals(resident, busy_organisation):
    response = resident.get(reverse("partners:organisation_detail", kwargs={"slug": "stadt"}))
    assert response.status_code == 200
    html = response.content.decode()
    context = response.context
    assert len(context["responsible_projects"]) == ORGANISATION_PROJECTS and context["responsible_count"] == 16
    assert len(context["partner_projects"]) == ORGANISATION_PROJECTS and context["partner_count"] == 14
    assert len(context["contacts"]) == ORGANISATION_CONTACTS and context["contact_count"] == 14
    assert len(find_elements(html, "a", href="/projekte/?partner=stadt")) == 2  # below each of the two lists
    assert len(set(re.findall(r'href="/projekte/([\w-]+)/"', html))) <= 2 * ORGANISATION_PROJECTS


def test_project_list_filters_by_partner_each_project_once(resident, busy_organisation):
    ProjectFactory(slug="fremd")  # another organisation's
    response = resident.get("/projekte/", {"partner": "stadt"})
    assert response.status_code == 200
    assert response.context["paginator"].count == 15 + 14  # "partner-000" is both, counted once
    html = response.content.decode()
    assert "fremd" not in html
    # Shown as an active filter with a link that removes it, and kept when the form is sent.
    assert find_elements(html, "a", href="/partner/stadt/")
    assert find_elements(html, "a", href="?")
    assert find_elements(html, "input", type="hidden", name="partner", value="stadt")
    assert not find_elements(html, "select", name="partner")
    # With the other filters.
    assert resident.get("/projekte/", {"partner": "stadt", "status": "planned"}).context["paginator"].count == 14


def test_remove_link_keeps_the_other_filters(resident, busy_organisation):
    html = resident.get("/projekte/", {"partner": "stadt", "status": "planned", "seite": "2"}).content.decode()
    assert find_elements(html, "a", href="?status=planned")


@pytest.mark.parametrize("value", ["gibt-es-nicht", "<script>alert(1)</script>", "x" * 10_000, "entwurf"])
def test_unknown_partner_is_named_and_ignored(resident, value):
    OrganisationFactory(slug="entwurf", published=False)
    ProjectFactory.create_batch(3)
    response = resident.get("/projekte/", {"partner": value})
    assert response.status_code == 200
    assert response.context["paginator"].count == 3  # all shown
    html = response.content.decode()
    assert response.context["invalid_fields"] == ["Organisation"]
    assert f"Organisation: {UNKNOWN_VALUE['invalid_choice']}" in html
    assert "<script>alert" not in html
    assert not find_elements(html, "input", type="hidden", name="partner")


def test_pagination_shows_a_window_of_pages(resident):
    bulk_projects(PROJECTS_PER_PAGE * 20, "Projekt", **RUNNING)
    response = resident.get("/projekte/", {"seite": "10"})
    html = response.content.decode()
    nav = html[html.index('<nav class="pagination"') : html.index("</nav>", html.index('<nav class="pagination"')) + 6]
    pages = re.findall(r'href="\?seite=(\d+)"', nav)
    assert pages == ["9", "1", "8", "9", "10", "11", "12", "20", "11"]  # previous, window, next
    assert nav.count('<li aria-hidden="true">…</li>') == 2
    assert find_elements(nav, "a", href="?seite=10", aria_current="page")


@pytest.mark.parametrize(
    ("number", "window"),
    [
        (1, [1, 2, 3, None, 834]),
        (5, [1, 2, 3, 4, 5, 6, 7, None, 834]),
        (400, [1, None, 398, 399, 400, 401, 402, None, 834]),
        (834, [1, None, 832, 833, 834]),
    ],
)
def test_page_window_of_834_pages(number, window):
    assert WindowPaginator(range(834 * 12), 12).page(number).window == window


def test_few_pages_have_no_gap():
    assert WindowPaginator(range(60), 12).page(1).window == [1, 2, 3, 4, 5]


def test_contacts_of_a_district_are_a_link_away(resident, big_district):
    html = resident.get(reverse("portal:district_detail", kwargs={"slug": "gross"})).content.decode()
    assert find_elements(html, "a", href="/ansprechpersonen/?quartier=gross")
    ContactPersonFactory(name="Anderswo")  # in no district
    listed = resident.get("/ansprechpersonen/", {"quartier": "gross"})
    assert listed.context["paginator"].count == 15
    assert "Anderswo" not in listed.content.decode()


def test_contacts_of_an_organisation_are_a_link_away_with_an_active_filter(resident, busy_organisation):
    html = resident.get(reverse("partners:organisation_detail", kwargs={"slug": "stadt"})).content.decode()
    assert find_elements(html, "a", href="/ansprechpersonen/?organisation=stadt")
    ContactPersonFactory(name="Anderswo")
    listed = resident.get("/ansprechpersonen/", {"organisation": "stadt"})
    assert listed.context["paginator"].count == 14
    html = listed.content.decode()
    assert "Anderswo" not in html
    assert find_elements(html, "input", type="hidden", name="organisation", value="stadt")
    assert find_elements(html, "a", href="?")  # removes the filter


@pytest.mark.parametrize("value", ["gibt-es-nicht", "<b>x</b>"])
def test_unknown_organisation_of_the_contact_list_is_named_and_ignored(resident, busy_organisation, value):
    response = resident.get("/ansprechpersonen/", {"organisation": value})
    assert response.status_code == 200
    assert response.context["paginator"].count == 14  # all consenting contact persons
    assert f"Organisation: {UNKNOWN_VALUE['invalid_choice']}" in response.content.decode()
