"""The public partner pages, as a resident sees them: filters, members, drafts, bad
query strings (the number of queries: quartier/tests/test_query_counts.py)."""

import pytest
from django.urls import reverse
from pytest_django.asserts import assertInHTML

from partners.models import Organisation, OrganisationKind
from partners.tests.factories import ContactPersonFactory, MemberFactory, OrganisationFactory
from projects.tests.factories import ProjectFactory
from quartier.tests.factories import DistrictFactory

pytestmark = pytest.mark.django_db

LIST = "/partner/"


@pytest.fixture
def partners():
    nord = DistrictFactory(name="Nord", slug="nord")
    sued = DistrictFactory(name="Süd", slug="sued")
    caritas = MemberFactory(name="Caritas Witten", slug="caritas", kind=OrganisationKind.WOHLFAHRTSVERBAND)
    caritas.districts.set([nord])
    vhs = OrganisationFactory(name="VHS Witten", slug="vhs", kind=OrganisationKind.BILDUNGSTRAEGER)
    vhs.districts.set([nord, sued])
    awo = OrganisationFactory(name="AWO Ortsverein", slug="awo", kind=OrganisationKind.WOHLFAHRTSVERBAND)
    awo.districts.set([sued])
    OrganisationFactory(name="Entwurf e.V.", slug="entwurf", published=False).districts.set([nord])
    return {"nord": nord, "sued": sued, "caritas": caritas, "vhs": vhs, "awo": awo}


def names(response):
    return [o.name for o in response.context["organisations"]]


def test_list_shows_published_organisations_and_marks_members(resident, partners):
    response = resident.get(LIST)
    assert response.status_code == 200
    assert names(response) == ["AWO Ortsverein", "Caritas Witten", "VHS Witten"]
    html = response.content.decode()
    assert "Entwurf e.V." not in html
    assert html.count('class="badge badge--member"') == 1
    assert response.context["result_count"] == 3
    assertInHTML('<a href="/partner/" aria-current="page">Partner</a>', html)


def test_filters_by_kind_and_district_combined(resident, partners):
    assert names(resident.get(LIST, {"kind": "wohlfahrtsverband"})) == ["AWO Ortsverein", "Caritas Witten"]
    assert names(resident.get(LIST, {"district": "nord"})) == ["Caritas Witten", "VHS Witten"]
    response = resident.get(LIST, {"kind": "wohlfahrtsverband", "district": "nord"})
    assert names(response) == ["Caritas Witten"]
    assert response.context["result_count"] == 1
    html = response.content.decode()
    assert '<option value="wohlfahrtsverband" selected>' in html
    assert '<option value="nord" selected>' in html
    assert names(resident.get(LIST, {"members": "on"})) == ["Caritas Witten"]


def test_pagination_keeps_the_filters(resident, partners):
    for i in range(25):
        OrganisationFactory(name=f"Verein {i:02}", kind=OrganisationKind.VEREIN).districts.set([partners["sued"]])
    response = resident.get(LIST, {"kind": "verein", "district": "sued"})
    assert response.context["result_count"] == 25
    assert len(response.context["organisations"]) == 20
    html = response.content.decode()
    assert 'href="?kind=verein&amp;district=sued&amp;page=2"' in html
    page2 = resident.get(LIST, {"kind": "verein", "district": "sued", "page": "2"})
    assert names(page2) == [f"Verein {i:02}" for i in range(20, 25)]


def test_unknown_filter_values_show_a_normal_page_with_a_message(resident, partners):
    response = resident.get(LIST + "?kind=xyz&district=999999&page=abc")
    assert response.status_code == 200
    assert names(response) == ["AWO Ortsverein", "Caritas Witten", "VHS Witten"]
    html = response.content.decode()
    assert 'role="alert"' in html


@pytest.mark.parametrize(
    "query",
    [
        "?page=abc",
        "?page=0",
        "?page=99999999999999999999",
        "?kind=" + "k" * 10_000,
        "?district=" + "d" * 10_000,
        "?district=%27%3B%20DROP%20TABLE%20partners_organisation%3B--",
        "?kind=%3Cscript%3Ealert(1)%3C%2Fscript%3E",
        "?district=%3Cscript%3Ealert(1)%3C%2Fscript%3E&members=%3Cb%3E",
        "?district=1&district=2&kind=verein&kind=",
        "?district=nord%00&kind=verein%00&page=%00",
    ],
)
def test_bad_query_strings_never_break_the_list(resident, partners, query):
    response = resident.get(LIST + query)
    assert response.status_code in (200, 404)
    assert b"<script>alert(1)</script>" not in response.content
    assert response.context["result_count"] >= 1


def test_detail_shows_contact_data_districts_projects_and_consented_contacts(resident, partners):
    caritas = partners["caritas"]
    caritas.phone = "02302 12345"
    caritas.save()
    responsible = ProjectFactory(title="Quartiersmanagement")
    responsible.responsible_organisations.set([caritas])
    partner_in = ProjectFactory(title="Arbeit im Quartier")
    partner_in.partners.set([caritas])
    ProjectFactory(title="Entwurfsprojekt", published=False).partners.set([caritas])
    ContactPersonFactory(name="Jana Beispiel", organisation=caritas, unit="Sozialberatung")
    ContactPersonFactory(name="Ohne Einwilligung", organisation=caritas, publication_consent=False)
    response = resident.get(reverse("partners:organisation_detail", kwargs={"slug": "caritas"}))
    assert response.status_code == 200
    html = response.content.decode()
    assert "Caritas Witten" in html
    assert "badge--member" in html
    assert caritas.member_since.year == response.context["organisation"].member_since.year
    assert 'href="/quartiere/nord/"' in html
    assert "Quartiersmanagement" in html and "Arbeit im Quartier" in html
    assert "Entwurfsprojekt" not in html
    assert "Jana Beispiel" in html and "Sozialberatung" in html
    assert "Ohne Einwilligung" not in html
    assert 'href="tel:0230212345"' in html
    assert f'href="mailto:{caritas.email}"' in html


def test_draft_organisation_is_404_for_residents_but_previewed_by_editors(resident, client_for, editor, partners):
    url = reverse("partners:organisation_detail", kwargs={"slug": "entwurf"})
    assert resident.get(url).status_code == 404
    assert client_for(editor).get(url).status_code == 200
    assert resident.get("/partner/gibt-es-nicht/").status_code == 404


def test_contacts_on_a_partner_page_name_their_organisation_only_when_it_is_published(
    resident, client_for, editor, partners
):
    ContactPersonFactory(name="Jana Beispiel", organisation=partners["caritas"])
    ContactPersonFactory(name="Ola Entwurf", organisation=Organisation.objects.get(slug="entwurf"))

    html = resident.get("/partner/caritas/").content.decode()
    assert "Jana Beispiel" in html and '<a href="/partner/caritas/">Caritas Witten</a>' in html
    assert resident.get("/partner/entwurf/").status_code == 404

    preview = client_for(editor).get("/partner/entwurf/").content.decode()
    assert "Ola Entwurf" in preview
    assert '<a href="/partner/entwurf/">Entwurf e.V.</a> <span class="badge badge--draft">' in preview


def test_organisation_text_is_escaped(resident):
    OrganisationFactory(name="<script>alert(1)</script>", slug="boese", description="<b>fett</b>")
    for path in (LIST, "/partner/boese/"):
        html = resident.get(path).content.decode()
        assert "<script>alert(1)</script>" not in html and "<b>fett</b>" not in html
