"""The back office at scale (issue 11, point 6): no change page or changelist whose number
of queries grows with its related rows, and no filter that lists every organisation."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from funding.tests.factories import FundingFactory, FundingProgrammeFactory
from partners.tests.factories import ContactPersonFactory, OrganisationFactory
from projects.tests.factories import ProjectFactory, ProjectImageFactory
from quartier.tests.factories import DistrictFactory

pytestmark = pytest.mark.django_db


def count_queries(client, url):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    return len(queries)


def organisation_with_contacts(n):
    districts = [DistrictFactory() for _ in range(2)]
    organisation = OrganisationFactory()
    organisation.districts.set(districts)
    for _ in range(n):
        contact = ContactPersonFactory(organisation=organisation)
        contact.districts.set(districts)
    return organisation


def project_with_fundings(n):
    project = ProjectFactory()
    for _ in range(n):
        FundingFactory(project=project, programme=FundingProgrammeFactory())
    for _ in range(n // 5):  # 1 or 10 pictures
        ProjectImageFactory(project=project)
    project.districts.set([DistrictFactory() for _ in range(3)])
    project.responsible_organisations.set([OrganisationFactory() for _ in range(3)])
    return project


@pytest.mark.parametrize(
    ("make", "url_name"),
    [
        (organisation_with_contacts, "admin:partners_organisation_change"),
        (project_with_fundings, "admin:projects_project_change"),
    ],
)
def test_change_page_queries_do_not_grow_with_related_rows(client_for, editor, make, url_name):
    client = client_for(editor)
    few = count_queries(client, reverse(url_name, args=[make(5).pk]))
    many = count_queries(client, reverse(url_name, args=[make(50).pk]))
    assert many == few


def fill_projects(n):
    programme = FundingProgrammeFactory()
    district = DistrictFactory()
    organisation = OrganisationFactory()
    for _ in range(n):
        project = ProjectFactory()
        project.districts.set([district])
        project.responsible_organisations.set([organisation])
        FundingFactory(project=project, programme=programme)


def fill_organisations(n):
    district = DistrictFactory()
    for _ in range(n):
        organisation = OrganisationFactory()
        organisation.districts.set([district])
        contact = ContactPersonFactory(organisation=organisation)
        contact.districts.set([district])


@pytest.mark.parametrize(
    ("fill", "url_name"),
    [
        (fill_projects, "admin:projects_project_changelist"),
        (fill_projects, "admin:funding_funding_changelist"),
        (fill_projects, "admin:funding_fundingprogramme_changelist"),
        (fill_organisations, "admin:partners_organisation_changelist"),
        (fill_organisations, "admin:partners_contactperson_changelist"),
    ],
)
def test_changelist_queries_do_not_grow_with_rows(client_for, editor, fill, url_name, django_assert_max_num_queries):
    client = client_for(editor)
    fill(5)
    few = count_queries(client, reverse(url_name))
    fill(45)
    with django_assert_max_num_queries(few):
        client.get(reverse(url_name))


def test_no_filter_lists_every_organisation(client_for, editor):
    fill_organisations(30)
    names = list(OrganisationFactory._meta.model.objects.values_list("name", flat=True))
    for url_name in (
        "admin:partners_contactperson_changelist",
        "admin:partners_organisation_changelist",
        "admin:projects_project_changelist",
    ):
        html = client_for(editor).get(reverse(url_name)).content.decode()
        filters = html[html.find('id="changelist-filter"') :]
        listed = [name for name in names if f">{name}</a>" in filters]
        assert listed == [], url_name
