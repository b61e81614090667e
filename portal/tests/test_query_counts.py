"""Every public page with 3 and with 300 rows of everything: the same few queries (at most
12), and the 300 really on the page, not just stored. The data is built once for the module
(in bulk, inside a transaction that is rolled back at its end); each test only reads it."""

import datetime
import re
from decimal import Decimal

import pytest
from django.core.cache import cache
from django.db import connection, transaction
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from funding.models import Funder, Funding, FundingProgramme
from funding.tests.factories import FunderFactory, FundingFactory, FundingProgrammeFactory
from partners.models import ContactPerson, Organisation
from partners.tests.factories import ContactPersonFactory, MemberFactory, OrganisationFactory
from projects.models import Project, ProjectImage
from projects.tests.factories import ProjectFactory
from quartier.models import District, Office
from quartier.tests.factories import DistrictFactory, OfficeFactory

pytestmark = pytest.mark.django_db

DAY = datetime.timedelta(days=1)

PAGES = [
    ("/", 200),
    ("/quartiere/", 200),
    ("/quartiere/zuhause/", 200),
    ("/projekte/", 200),
    ("/projekte/?quartier=zuhause&status=running&seite=2", 200),
    ("/projekte/?quartier=zuhause&status=completed&handlungsfeld=keins", 200),
    ("/projekte/steckbrief/", 200),
    ("/partner/", 200),
    ("/partner/?quartier=zuhause&mitglieder=on&seite=2", 200),
    ("/partner/?quartier=zuhause&art=wohlfahrtsverband&seite=2", 200),
    ("/partner/anker/", 200),
    ("/foerderprogramme/", 200),
    ("/foerderprogramme/gemeinsam/", 200),
    ("/anlaufstellen/", 200),
    ("/ansprechpersonen/", 200),
    ("/ansprechpersonen/?seite=2", 200),
    ("/partner/?district=zuhause&kind=wohlfahrtsverband&page=2", 301),  # old names: redirected, no query
    ("/suche/", 200),
    ("/suche/?q=Projekt", 200),
    ("/suche/?q=Quartier+Projekt", 200),
    ("/suche/?q=xyzzy", 200),
    ("/mitmachen/", 200),
    ("/impressum/", 200),
    ("/datenschutz/", 200),
    ("/barrierefreiheit/", 200),
    ("/gibt-es-nicht/", 404),
    ("/projekte/gibt-es-nicht/", 404),
]


def grow(n):
    """Adds ``n`` districts, each with an office (with a contact), a funded project, an
    organisation (a member every second one) and a contact person, all also linked to the
    district "zuhause". Every new project is also funded by "gemeinsam", related to the
    sheet "steckbrief" (which gets a picture per project), and run by the partner "anker",
    which is also active in every new district, partner of a second project in each and
    has a contact person more."""
    home = District.objects.filter(slug="zuhause").first() or DistrictFactory(slug="zuhause")
    programme = FundingProgramme.objects.filter(slug="gemeinsam").first() or FundingProgrammeFactory(slug="gemeinsam")
    sheet = Project.objects.filter(slug="steckbrief").first() or ProjectFactory(slug="steckbrief")
    anchor = Organisation.objects.filter(slug="anker").first() or MemberFactory(slug="anker")
    today = timezone.localdate()
    new_districts = District.objects.bulk_create(DistrictFactory.build_batch(n))
    offices = Office.objects.bulk_create(
        OfficeFactory.build(district=home if i % 2 else district) for i, district in enumerate(new_districts)
    )
    office_contacts = ContactPerson.objects.bulk_create(
        ContactPersonFactory.build(organisation=organisation)
        for organisation in Organisation.objects.bulk_create(OrganisationFactory.build_batch(n))
    )
    link(Office, "contacts", zip(offices, office_contacts, strict=True))
    new_projects = Project.objects.bulk_create(
        ProjectFactory.build(start=today + (i % 3 - 1) * 400 * DAY, end=today + (i % 3) * 400 * DAY) for i in range(n)
    )
    own_programmes = FundingProgramme.objects.bulk_create(FundingProgrammeFactory.build_batch(len(range(0, n, 2))))
    funders = Funder.objects.bulk_create(FunderFactory.build_batch(len(own_programmes)))
    link(FundingProgramme, "funders", zip(own_programmes, funders, strict=True))
    programmes = iter(own_programmes)
    Funding.objects.bulk_create(
        FundingFactory.build(project=project, programme=programme if i % 2 else next(programmes))
        for i, project in enumerate(new_projects)
    )
    organisations = Organisation.objects.bulk_create(
        MemberFactory.build() if i % 2 else OrganisationFactory.build() for i in range(n)
    )
    contacts = ContactPerson.objects.bulk_create(ContactPersonFactory.build(organisation=o) for o in organisations)
    rows = list(zip(new_districts, new_projects, organisations, contacts, strict=True))
    link(Project, "districts", [(p, d) for district, p, _, _ in rows for d in (district, home)])
    link(Organisation, "districts", [(o, d) for district, _, o, _ in rows for d in (district, home)])
    link(ContactPerson, "districts", [(c, d) for district, _, _, c in rows for d in (district, home)])
    link(Project, "responsible_organisations", [(p, o) for _, p, o, _ in rows])
    link(Project, "partners", [(p, o) for _, p, o, _ in rows])
    Funding.objects.bulk_create(
        Funding(project=project, programme=programme, amount=Decimal("1000")) for project in new_projects[::2]
    )
    sheet.related_projects.add(*new_projects)
    anchor.responsible_for.add(*new_projects)
    anchor.districts.add(*new_districts)
    partnered = Project.objects.bulk_create(ProjectFactory.build_batch(n))
    anchor.partner_in.add(*partnered)
    ContactPerson.objects.bulk_create(
        ContactPerson(name=f"Anker-Kontakt {project.pk}", organisation=anchor, publication_consent=True)
        for project in new_projects
    )
    ProjectImage.objects.bulk_create(
        ProjectImage(project=sheet, image=f"projects/{p.pk}.png", alt_text="Bild", credit="Foto", width=4, height=3)
        for p in new_projects
    )


def link(model, field_name, pairs):
    """Adds ``(row, target)`` pairs to the many-to-many field of ``model`` in one query."""
    field = model._meta.get_field(field_name)
    through, source, target = field.remote_field.through, field.m2m_field_name(), field.m2m_reverse_field_name()
    through.objects.bulk_create(through(**{source: row, target: other}) for row, other in pairs)


def visit(path, status):
    cache.clear()  # every visit starts alike, whatever an earlier one left in the cache
    client = Client()
    with CaptureQueriesContext(connection) as queries:
        response = client.get(path)
    assert response.status_code == status, path
    return len(queries), response.content.decode()


@pytest.fixture(scope="module")
def visits(django_db_setup, django_db_blocker):
    """Each page visited with 3 and with 300 rows: ``{path: ((queries, html), (queries, html))}``."""
    with django_db_blocker.unblock(), transaction.atomic():
        grow(3)
        small = {path: visit(path, status) for path, status in PAGES}
        grow(297)
        assert Project.objects.published().count() == 601
        assert FundingProgramme.objects.get(slug="gemeinsam").fundings.count() == 300
        large = {path: visit(path, status) for path, status in PAGES}
        yield {path: (small[path], large[path]) for path, _ in PAGES}
        transaction.set_rollback(True)


PROJECT = r'href="/projekte/([\w-]+)/"'
DISTRICT = r'href="/quartiere/([\w-]+)/"'
PARTNER = r'href="/partner/([\w-]+)/"'
PROGRAMME = r'href="/foerderprogramme/([\w-]+)/"'
OFFICE = r"Quartiersbüro \d+"
CONTACT = r"(?:Alex Beispiel|Anker-Kontakt) \d+"

# What each page shows of the 300 (distinct matches of each pattern): all of them, a full
# page of a paginated list, or the first few of a detail page (the rest a link away).
# Pages without rows of their own have no entry.
SHOWN = {
    "/": {DISTRICT: 301, PROJECT: 6, OFFICE: 300},
    "/quartiere/": {DISTRICT: 301},
    # 12 projects, 10 programmes, 12 offices, 12 contact persons and the 12 of the offices.
    # (Partners: 24, and those the contact cards name, which depend on the factories'
    # sequences: counted in test_bounded_pages.py.)
    "/quartiere/zuhause/": {PROJECT: 12, PROGRAMME: 10, OFFICE: 12, CONTACT: 24},
    "/projekte/": {PROJECT: 12},
    "/projekte/?quartier=zuhause&status=running&seite=2": {PROJECT: 12},
    "/projekte/?quartier=zuhause&status=completed&handlungsfeld=keins": {PROJECT: 0},
    "/projekte/steckbrief/": {PROJECT: 24},  # the first related projects
    "/partner/": {PARTNER: 20},
    "/partner/?quartier=zuhause&mitglieder=on&seite=2": {PARTNER: 20},
    "/partner/?quartier=zuhause&art=wohlfahrtsverband&seite=2": {PARTNER: 20},
    "/partner/anker/": {PROJECT: 24, DISTRICT: 300, CONTACT: 12},
    "/foerderprogramme/": {PROGRAMME: 152},
    "/foerderprogramme/gemeinsam/": {PROJECT: 20},
    "/anlaufstellen/": {OFFICE: 300, CONTACT: 300},
    "/ansprechpersonen/": {CONTACT: 50},
    "/ansprechpersonen/?seite=2": {CONTACT: 50},
    "/suche/?q=Projekt": {PROJECT: 50},
    "/suche/?q=Quartier+Projekt": {PROJECT: 50},
    "/suche/?q=xyzzy": {PROJECT: 0},
}


@pytest.mark.parametrize(("path", "status"), PAGES)
def test_page_runs_the_same_few_queries_for_3_and_300_rows_and_shows_them(visits, path, status):
    """The issue's bar, page by page: the same number of queries with 3 rows and with 300,
    at most 12 (scripts/query_counts.py prints the figures for the demo database), and the
    rows on the page."""
    (few, _), (many, html) = visits[path]
    assert many == few
    assert many <= 12
    expected = SHOWN.get(path, {})
    assert {pattern: len(set(re.findall(pattern, html))) for pattern in expected} == expected
