"""The project fact sheet (Projektsteckbrief) as a resident sees it: every field, drafts
left out, contacts like everywhere else, print and share affordances, and a fixed number
of queries however full the sheet and however many projects there are."""

import datetime
from decimal import Decimal
from urllib.parse import unquote

import pytest
from pytest_django.asserts import assertInHTML

from core.tests.html import find_elements
from funding.models import Funder, Funding
from funding.tests.factories import FunderFactory, FundingFactory, FundingProgrammeFactory
from partners.tests.factories import ContactPersonFactory, OrganisationFactory
from projects.models import Project, ProjectImage
from projects.tests.factories import (
    FieldOfActionFactory,
    ProjectFactory,
    ProjectImageFactory,
    TargetGroupFactory,
)
from projects.tests.test_public_pages import ProjectBuilder, count_queries
from quartier.tests.factories import DistrictFactory

pytestmark = pytest.mark.django_db

TODAY = datetime.date(2026, 6, 15)  # a fixed day: every test runs at its noon (Europe/Berlin)


@pytest.fixture(autouse=True)
def _today(freeze_day):
    freeze_day(TODAY)


def days(n):
    return TODAY + datetime.timedelta(days=n)


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
        ContactPersonFactory(
            name="Kim Quartier",
            organisation=OrganisationFactory(name="Quartiersbüro Witten", slug="qb-witten"),
            phone="02302 581-1234",
            office_hours="Di 9–12 Uhr\nDo nach Vereinbarung",
        ),
        ContactPersonFactory(
            name="Ola Entwurf", organisation=OrganisationFactory(name="Träger im Entwurf", published=False)
        ),
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
        "Das Büro ist &lt;b&gt;offen&lt;/b&gt;.",
        days(-400).strftime("%d.%m.%Y"),
        days(600).strftime("%d.%m.%Y"),
        "600.000\xa0€",
        "480.000\xa0€",
        "keine",
        "ca. 30 Stunden pro Woche",
        "Stadt Witten, Amt für Stadtentwicklung",
        "Stadtmarketing Witten GmbH",
        "Gewerbetreibende",
        "Kim Quartier",
        "Ola Entwurf",
        "FRL Nr. 18",
        "Europäische Union (ESF Plus), Bundesministerium für Wohnen",
        "Verfügungsfonds Innenstadt",
    ]:
        assert text in html, text
    district = fact_sheet.districts.get(name="Innenstadt")
    for element in [
        "<li>Die Innenstadt ist belebt</li>",
        "<li>Ein Büro mit festem Personal</li>",
        "<li>Verfügungsfonds betreuen</li>",
        f'<a href="{district.get_absolute_url()}">Innenstadt</a>',
        '<a href="/partner/qb-witten/">Quartiersbüro Witten</a>',
        '<a href="tel:023025811234">02302 581-1234</a>',
        "<dd>Di 9–12 Uhr<br>Do nach Vereinbarung</dd>",
        '<figcaption>Eröffnung <span class="credit">Foto: Jana Beispiel</span></figcaption>',
    ]:
        assertInHTML(element, html)
    assert find_elements(html, "p", class_="funded-by__eu")
    assert find_elements(html, "span", class_="badge badge--running")
    assert find_elements(html, "img", alt="Das Büro von außen")
    hidden_texts = ["Versteckter Träger", "Entwurfsquartier", "Ohne Zustimmung", "Evaluation", "Unveröffentlichtes"]
    for hidden in [*hidden_texts, "Träger im Entwurf"]:
        assert hidden not in html, hidden
    programme = fact_sheet.fundings.get(programme__name="Städtebauförderung").programme
    assert find_elements(html, "a", href=programme.get_absolute_url())
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
    assert find_elements(response.content.decode(), "a", href=mailto)


def test_print_affordance_uses_a_static_script_and_the_print_stylesheet(resident, fact_sheet):
    html = resident.get(fact_sheet.get_absolute_url()).content.decode()

    assertInHTML('<script src="/static/js/print.js" defer></script>', html)
    assert "data-print" in html
    assertInHTML('<link rel="stylesheet" href="/static/css/print.css" media="print">', html)


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


def test_the_name_of_a_draft_organisation_is_shown_only_in_the_staff_preview(resident, client_for, editor, fact_sheet):
    assert "Träger im Entwurf" not in resident.get(fact_sheet.get_absolute_url()).content.decode()

    preview = client_for(editor).get(fact_sheet.get_absolute_url()).content.decode()

    assert "Träger im Entwurf" in preview and "badge--draft" in preview


# --- a fixed number of queries ------------------------------------------------------------


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


def furnish(sheet, count, builder):
    """Give ``sheet`` ``count`` more related projects (made by ``builder``), pictures, contacts,
    partners, responsible bodies, districts, target groups and fundings (one programme with
    three funders per ``count // 10 + 1``)."""
    others = builder.add(count)
    sheet.related_projects.add(*others)
    ProjectImage.objects.bulk_create(
        ProjectImage(project=sheet, image=f"projects/{p.slug}.png", alt_text="Bild", credit="Foto", width=4, height=3)
        for p in others
    )
    published_or_not = [OrganisationFactory(published=bool(n % 2)) for n in range(count // 10 + 1)]
    sheet.contacts.add(*(ContactPersonFactory(organisation=organisation) for organisation in published_or_not))
    sheet.partners.add(*OrganisationFactory.create_batch(count // 10 + 1))
    sheet.responsible_organisations.add(*OrganisationFactory.create_batch(count // 10 + 1))
    sheet.districts.add(*DistrictFactory.create_batch(count // 10 + 1))
    sheet.target_groups.add(*TargetGroupFactory.create_batch(count // 10 + 1))
    for programme in FundingProgrammeFactory.create_batch(count // 10 + 1, funders=FunderFactory.create_batch(3)):
        FundingFactory(project=sheet, programme=programme)


def test_fact_sheet_runs_the_same_few_queries_for_3_and_300_projects(resident, django_assert_max_num_queries):
    builder = ProjectBuilder()
    sheet = ProjectFactory(slug="steckbrief")
    furnish(sheet, 3, builder)
    small = count_queries(resident, sheet.get_absolute_url())

    furnish(sheet, 297, builder)
    assert Project.objects.count() == 301 and sheet.related_projects.count() == 300
    assert sheet.images.count() == 300 and sheet.fundings.count() == 31

    with django_assert_max_num_queries(12):
        big = count_queries(resident, sheet.get_absolute_url())
    assert small == big
