"""The public project pages as a resident sees them: the filterable list and the fact sheet."""

import datetime
from decimal import Decimal
from urllib.parse import unquote

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from funding.models import Funder, Funding
from funding.tests.factories import FunderFactory, FundingFactory, FundingProgrammeFactory
from partners.tests.factories import ContactPersonFactory, OrganisationFactory
from projects.filters import ProjectFilterForm
from projects.models import Project, ProjectImage
from projects.tests.factories import (
    FieldOfActionFactory,
    ProjectFactory,
    ProjectImageFactory,
    TargetGroupFactory,
)
from quartier.tests.factories import DistrictFactory

pytestmark = pytest.mark.django_db

TODAY = datetime.date.today()
LIST_URL = reverse("projects:project_list")


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
    assert '<option value="wehringhausen" selected>Wehringhausen</option>' in html
    assert 'for="id_quartier"' in html


def test_pagination_keeps_the_filters(resident):
    district = DistrictFactory(slug="nord")
    for _ in range(15):
        ProjectFactory().districts.add(district)

    response = resident.get(LIST_URL, {"quartier": "nord"})

    assert found(response) == 15
    assert len(listed_slugs(response)) == 12
    assert "quartier=nord&amp;page=2" in response.content.decode()
    assert len(listed_slugs(resident.get(LIST_URL, {"quartier": "nord", "page": "2"}))) == 3


@pytest.mark.parametrize(
    "params",
    [
        {"page": "abc"},
        {"page": "-1"},
        {"page": "9" * 5000},
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
    assert 'role="alert"' in response.content.decode()


# --- the fact sheet ---------------------------------------------------------------------


@pytest.fixture
def fact_sheet():
    """A project like Witten's Innenstadt-Büro fact sheet."""
    eu = FunderFactory(name="Europäische Union (ESF Plus)", level=Funder.Level.EU)
    bund = FunderFactory(name="Bundesministerium für Wohnen")
    programme = FundingProgrammeFactory(name="Städtebauförderung", guideline_reference="FRL Nr. 18", funders=[eu, bund])
    hidden_programme = FundingProgrammeFactory(name="Unveröffentlichtes Programm", published=False)
    project = ProjectFactory(
        title="Innenstadt-Büro – Quartiersmanagement",
        code="HS V 1",
        field_of_action=FieldOfActionFactory(code="V", name="Öffentlichkeitsarbeit"),
        impact_goals="Die Innenstadt ist belebt\nAkteure sind vernetzt",
        result_goals="- Ein Büro mit festem Personal",
        tasks="Anlaufstelle\nVerfügungsfonds betreuen",
        description="Das Büro ist <b>offen</b>.",
        total_cost=Decimal("600000.00"),
        further_funds="keine",
        staffing="ca. 30 Stunden pro Woche",
        start=days(-400),
        end=days(600),
    )
    project.responsible_organisations.add(OrganisationFactory(name="Stadt Witten, Amt für Stadtentwicklung"))
    project.partners.add(OrganisationFactory(name="Stadtmarketing Witten GmbH"))
    project.partners.add(OrganisationFactory(name="Versteckter Träger", published=False))
    project.districts.add(DistrictFactory(name="Innenstadt"), DistrictFactory(name="Entwurfsquartier", published=False))
    project.contacts.add(
        ContactPersonFactory(name="Kim Quartier"),
        ContactPersonFactory(name="Ohne Zustimmung", publication_consent=False),
    )
    project.target_groups.add(TargetGroupFactory(name="Gewerbetreibende"))
    Funding.objects.create(project=project, programme=programme, amount=Decimal("480000"), share=Decimal("80"))
    Funding.objects.create(project=project, programme=hidden_programme, amount=Decimal("1000"))
    ProjectImageFactory(
        project=project, alt_text="Das Büro von außen", caption="Eröffnung", credit="Foto: Jana Beispiel"
    )
    fund = ProjectFactory(title="Verfügungsfonds Innenstadt")
    evaluation = ProjectFactory(title="Evaluation", published=False)
    project.related_projects.add(fund, evaluation)
    return project


def test_fact_sheet_shows_every_field(resident, fact_sheet):
    response = resident.get(fact_sheet.get_absolute_url())

    assert response.status_code == 200
    html = response.content.decode()
    for text in [
        "HS V 1",
        "Innenstadt-Büro – Quartiersmanagement",
        "V Öffentlichkeitsarbeit",
        "<li>Die Innenstadt ist belebt</li>",
        "<li>Ein Büro mit festem Personal</li>",
        "<li>Verfügungsfonds betreuen</li>",
        "Das Büro ist &lt;b&gt;offen&lt;/b&gt;.",
        days(-400).strftime("%d.%m.%Y"),
        days(600).strftime("%d.%m.%Y"),
        "600.000\xa0€",
        "480.000\xa0€",
        "keine",
        "ca. 30 Stunden pro Woche",
        "Stadt Witten, Amt für Stadtentwicklung",
        "Stadtmarketing Witten GmbH",
        "Innenstadt</a>",
        "Gewerbetreibende",
        "Kim Quartier",
        "FRL Nr. 18",
        "Europäische Union (ESF Plus), Bundesministerium für Wohnen",
        "funded-by__eu",
        "badge--running",
        "Verfügungsfonds Innenstadt",
        'alt="Das Büro von außen"',
        '<figcaption>Eröffnung <span class="credit">Foto: Jana Beispiel</span></figcaption>',
    ]:
        assert text in html, text
    for hidden in ["Versteckter Träger", "Entwurfsquartier", "Ohne Zustimmung", "Evaluation", "Unveröffentlichtes"]:
        assert hidden not in html, hidden
    assert 'href="/foerderprogramme/' in html
    assert "<script>" not in html


def test_related_projects_show_in_both_directions(resident, fact_sheet):
    fund = Project.objects.get(title="Verfügungsfonds Innenstadt")

    html = resident.get(fund.get_absolute_url()).content.decode()

    assert "Innenstadt-Büro – Quartiersmanagement" in html


def test_share_by_mail_link_carries_title_and_absolute_url(resident, fact_sheet):
    response = resident.get(fact_sheet.get_absolute_url())

    mailto = response.context["share_url"]
    assert mailto.startswith("mailto:?subject=")
    assert " " not in mailto and "\n" not in mailto
    assert f"http://testserver/projekte/{fact_sheet.slug}/" in unquote(mailto)
    assert "HS V 1 Innenstadt-Büro" in unquote(mailto)
    assert 'href="mailto:?subject=' in response.content.decode()


def test_print_affordance_uses_a_static_script_and_the_print_stylesheet(resident, fact_sheet):
    html = resident.get(fact_sheet.get_absolute_url()).content.decode()

    assert 'src="/static/js/print.js" defer' in html
    assert "data-print" in html
    assert 'href="/static/css/print.css" media="print"' in html


def test_archived_project_shows_its_note(resident):
    project = ProjectFactory(
        archived=True, archive_note="Das Projekt endete 2023; diese Seite wird nicht mehr gepflegt."
    )

    html = resident.get(project.get_absolute_url()).content.decode()

    assert "notice--archive" in html
    assert "Das Projekt endete 2023" in html


def test_draft_is_404_for_residents_and_a_preview_for_editors(resident, editor, client_for):
    draft = ProjectFactory(published=False)

    assert resident.get(draft.get_absolute_url()).status_code == 404
    assert resident.get("/projekte/gibt-es-nicht/").status_code == 404
    assert client_for(editor).get(draft.get_absolute_url()).status_code == 200


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
    big_filtered = count_queries(resident, LIST_URL, page="3", **filters)

    assert Project.objects.count() == 300
    assert small == big
    assert small_filtered == big_filtered
    with django_assert_max_num_queries(12):
        resident.get(LIST_URL, {"page": "20", "foerderprogramm": builder.programmes[1].slug})


def test_fact_sheet_runs_the_same_few_queries_however_much_it_shows(resident, django_assert_max_num_queries):
    small = ProjectFactory(slug="klein")
    big = ProjectFactory(slug="gross")
    others = ProjectBuilder().add(30)
    small.related_projects.add(others[0])
    small.districts.add(DistrictFactory())
    FundingFactory(project=small)
    ProjectImageFactory(project=small)
    small.contacts.add(ContactPersonFactory())
    small.partners.add(OrganisationFactory())
    small.responsible_organisations.add(OrganisationFactory())
    small.target_groups.add(TargetGroupFactory())
    big.related_projects.add(*others)
    big.districts.add(*DistrictFactory.create_batch(10))
    for programme in FundingProgrammeFactory.create_batch(8, funders=FunderFactory.create_batch(3)):
        FundingFactory(project=big, programme=programme)
    ProjectImage.objects.bulk_create(
        ProjectImage(project=big, image=f"projects/{n}.png", alt_text="Bild", credit="Foto", width=40, height=30)
        for n in range(20)
    )
    big.contacts.add(*ContactPersonFactory.create_batch(10))
    big.partners.add(*OrganisationFactory.create_batch(10))
    big.responsible_organisations.add(*OrganisationFactory.create_batch(5))
    big.target_groups.add(*TargetGroupFactory.create_batch(5))

    assert count_queries(resident, small.get_absolute_url()) == count_queries(resident, big.get_absolute_url())
    with django_assert_max_num_queries(12):
        resident.get(big.get_absolute_url())
