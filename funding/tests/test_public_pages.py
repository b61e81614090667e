"""The public funding programme pages: funders, period, the funded projects and totals."""

import datetime
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from funding.models import Funder, Funding
from funding.tests.factories import FunderFactory, FundingFactory, FundingProgrammeFactory
from projects.models import Project
from projects.tests.factories import ProjectFactory

pytestmark = pytest.mark.django_db

LIST_URL = reverse("funding:programme_list")


@pytest.fixture
def biwaq():
    programme = FundingProgrammeFactory(
        name="Bildung, Wirtschaft, Arbeit im Quartier",
        short_name="BIWAQ V",
        guideline_reference="Förderrichtlinie BIWAQ V",
        period_start=timezone.localdate() - datetime.timedelta(days=700),
        period_end=timezone.localdate() + datetime.timedelta(days=300),
        funders=[
            FunderFactory(name="Europäische Union (ESF Plus)", level=Funder.Level.EU),
            FunderFactory(name="Bundesministerium für Wohnen"),
        ],
    )
    FundingFactory(
        programme=programme, project=ProjectFactory(title="Jobcoaching im Quartier"), amount=Decimal("250000")
    )
    FundingFactory(
        programme=programme, project=ProjectFactory(title="Lokale Ökonomie stärken"), amount=Decimal("120000.50")
    )
    FundingFactory(
        programme=programme, project=ProjectFactory(title="Noch geheim", published=False), amount=Decimal("999999")
    )
    return programme


def test_list_shows_programmes_with_totals_of_published_projects(resident, biwaq):
    FundingProgrammeFactory(short_name="Entwurfsprogramm", published=False)
    empty = FundingProgrammeFactory(short_name="Bewohnerfonds")

    response = resident.get(LIST_URL)

    assert response.status_code == 200
    programmes = {programme.pk: programme for programme in response.context["programmes"]}
    assert set(programmes) == {biwaq.pk, empty.pk}
    assert programmes[biwaq.pk].project_count == 2
    assert programmes[biwaq.pk].funding_total == Decimal("370000.50")
    assert programmes[empty.pk].project_count == 0
    html = response.content.decode()
    assert "BIWAQ V" in html and "Bewohnerfonds" in html
    assert "370.000,50\xa0€" in html
    assert "Europäische Union (ESF Plus)" in html
    assert "Entwurfsprogramm" not in html


def test_detail_shows_funders_period_guideline_and_funded_projects(resident, biwaq):
    response = resident.get(biwaq.get_absolute_url())

    assert response.status_code == 200
    assert response.context["totals"] == {"amount": Decimal("370000.50"), "projects": 2}
    html = response.content.decode()
    for text in [
        "Bildung, Wirtschaft, Arbeit im Quartier",
        "Förderrichtlinie BIWAQ V",
        "Europäische Union (ESF Plus)",
        "Bundesministerium für Wohnen",
        biwaq.period_start.strftime("%d.%m.%Y"),
        biwaq.period_end.strftime("%d.%m.%Y"),
        "Jobcoaching im Quartier",
        "Lokale Ökonomie stärken",
        "250.000\xa0€",
        "370.000,50\xa0€",
    ]:
        assert text in html, text
    assert "Noch geheim" not in html
    assert "999.999" not in html


def test_draft_programme_is_404(resident):
    draft = FundingProgrammeFactory(published=False)

    assert resident.get(draft.get_absolute_url()).status_code == 404
    assert resident.get("/foerderprogramme/gibt-es-nicht/").status_code == 404
    assert resident.get("/foerderprogramme/<script>/").status_code == 404


def _queries(client, url):
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200
    return len(captured)


def test_pages_run_a_fixed_number_of_queries(resident, biwaq, django_assert_max_num_queries):
    """The same queries with the 3 fundings of the fixture and with 300 funded projects."""
    small_list, small_detail = _queries(resident, LIST_URL), _queries(resident, biwaq.get_absolute_url())
    projects = Project.objects.bulk_create(
        Project(
            title=f"Projekt {n}",
            slug=f"gefoerdert-{n}",
            summary="Gefördert.",
            start=datetime.date(2024, 1, n % 28 + 1),
            published=True,
        )
        for n in range(297)
    )
    Funding.objects.bulk_create(Funding(project=p, programme=biwaq, amount=Decimal("1000")) for p in projects)
    for _ in range(5):
        FundingProgrammeFactory(funders=FunderFactory.create_batch(3))
    assert biwaq.fundings.count() == 300
    html = resident.get(biwaq.get_absolute_url()).content.decode()
    assert html.count('<th scope="row"><a href="/projekte/') == 20  # the first 20, the others a link away
    assert f'href="/projekte/?foerderprogramm={biwaq.slug}"' in html

    assert _queries(resident, LIST_URL) == small_list
    assert _queries(resident, biwaq.get_absolute_url()) == small_detail
    with django_assert_max_num_queries(12):
        resident.get(biwaq.get_absolute_url())
    with django_assert_max_num_queries(12):
        resident.get(LIST_URL)
