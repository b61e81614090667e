"""The public partner pages, as a resident sees them: filters, members, drafts, bad
query strings (the number of queries: quartier/tests/test_query_counts.py)."""

import pytest
from django.urls import reverse
from pytest_django.asserts import assertInHTML

from core.tests.html import find_elements
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
    assertInHTML('<span class="badge badge--member">Mitglied der Arbeitsgemeinschaft</span>', html, count=1)
    assert response.context["result_count"] == 3
    assertInHTML('<a href="/partner/" aria-current="page">Partner</a>', html)


def test_filters_by_kind_and_district_combined(resident, partners):
    assert names(resident.get(LIST, {"art": "wohlfahrtsverband"})) == ["AWO Ortsverein", "Caritas Witten"]
    assert names(resident.get(LIST, {"quartier": "nord"})) == ["Caritas Witten", "VHS Witten"]
    response = resident.get(LIST, {"art": "wohlfahrtsverband", "quartier": "nord"})
    assert names(response) == ["Caritas Witten"]
    assert response.context["result_count"] == 1
    html = response.content.decode()
    assertInHTML('<option value="wohlfahrtsverband" selected>Wohlfahrtsverband</option>', html)
    assertInHTML('<option value="nord" selected>Nord</option>', html)
    assert find_elements(html, "select", name="art") and find_elements(html, "select", name="quartier")
    assert find_elements(html, "input", type="checkbox", name="mitglieder")
    response = resident.get(LIST, {"mitglieder": "on"})
    assert names(response) == ["Caritas Witten"]
    assertInHTML(
        '<input class="form-check-input" type="checkbox" name="mitglieder" id="id_mitglieder" checked>',
        response.content.decode(),
    )


def test_pagination_keeps_the_filters(resident, partners):
    for i in range(25):
        OrganisationFactory(name=f"Verein {i:02}", kind=OrganisationKind.VEREIN).districts.set([partners["sued"]])
    response = resident.get(LIST, {"art": "verein", "quartier": "sued"})
    assert response.context["result_count"] == 25
    assert len(response.context["organisations"]) == 20
    html = response.content.decode()
    assert find_elements(html, "a", href="?art=verein&quartier=sued&seite=2")
    page2 = resident.get(LIST, {"art": "verein", "quartier": "sued", "seite": "2"})
    assert names(page2) == [f"Verein {i:02}" for i in range(20, 25)]


def test_unknown_filter_values_show_a_normal_page_with_a_message(resident, partners):
    response = resident.get(LIST + "?art=xyz&quartier=999999&seite=abc")
    assert response.status_code == 200
    assert names(response) == ["AWO Ortsverein", "Caritas Witten", "VHS Witten"]
    html = response.content.decode()
    assert find_elements(html, "div", role="alert")
    assertInHTML(
        '<li id="id_art_error">Art der Organisation: Diese Art gibt es nicht. Es werden alle Arten angezeigt.</li>',
        html,
    )
    assertInHTML(
        '<li id="id_quartier_error">Tätig im Quartier: '
        "Dieses Quartier gibt es nicht. Es werden alle Quartiere angezeigt.</li>",
        html,
    )
    assert find_elements(html, "select", name="art", aria_describedby="id_art_error", aria_invalid="true")
    assert find_elements(html, "select", name="quartier", aria_describedby="id_quartier_error", aria_invalid="true")


def test_an_invalid_filter_is_ignored_while_the_valid_ones_filter(resident, partners):
    response = resident.get(LIST, {"art": "wohlfahrtsverband", "quartier": "gibt-es-nicht"})
    assert names(response) == ["AWO Ortsverein", "Caritas Witten"]
    assert response.context["invalid_fields"] == ["Tätig im Quartier"]
    assert response.context["is_filtered"]


def test_a_draft_district_is_no_filter_for_residents(resident, client_for, editor, partners):
    draft = DistrictFactory(name="Entwurfsquartier", slug="entwurfsquartier", published=False)
    partners["awo"].districts.add(draft)
    response = resident.get(LIST, {"quartier": "entwurfsquartier"})
    assert names(response) == ["AWO Ortsverein", "Caritas Witten", "VHS Witten"]
    assert "Entwurfsquartier" not in response.content.decode()
    assert names(client_for(editor).get(LIST, {"quartier": "entwurfsquartier"})) == ["AWO Ortsverein"]


@pytest.mark.parametrize(
    ("old", "new"),
    [
        ("?kind=verein", "?art=verein"),
        ("?district=nord&members=on", "?quartier=nord&mitglieder=on"),
        ("?page=2", "?seite=2"),
        ("?q=x&kind=verein&district=sued&district=nord&page=3", "?q=x&art=verein&quartier=sued&quartier=nord&seite=3"),
        ("?kind=verein&art=bildungstraeger", "?art=bildungstraeger"),
        ("?kind=%3Cscript%3E&district=%27%3B--", "?art=%3Cscript%3E&quartier=%27%3B--"),
        ("?kind=", "?art="),
    ],
)
def test_old_english_parameters_redirect_permanently_to_the_german_ones(resident, old, new):
    response = resident.get(LIST + old)
    assert response.status_code == 301
    assert response["Location"] == LIST + new


def test_a_redirected_old_address_shows_the_filtered_list(resident, partners):
    response = resident.get(LIST, {"kind": "wohlfahrtsverband", "district": "nord", "members": "on"}, follow=True)
    assert response.redirect_chain == [(LIST + "?art=wohlfahrtsverband&quartier=nord&mitglieder=on", 301)]
    assert names(response) == ["Caritas Witten"]


def test_contact_list_pages_with_seite_and_redirects_page(resident):
    for i in range(55):
        ContactPersonFactory(name=f"Kontakt {i:02}")
    response = resident.get("/ansprechpersonen/", {"seite": "2"})
    assert [c.name for c in response.context["contacts"]] == [f"Kontakt {i:02}" for i in range(50, 55)]
    assert find_elements(response.content.decode(), "a", href="?seite=1")
    old = resident.get("/ansprechpersonen/?page=2")
    assert (old.status_code, old["Location"]) == (301, "/ansprechpersonen/?seite=2")


@pytest.mark.parametrize(
    "query",
    [
        "?seite=abc",
        "?seite=0",
        "?seite=99999999999999999999",
        "?art=" + "k" * 10_000,
        "?quartier=" + "d" * 10_000,
        "?quartier=%27%3B%20DROP%20TABLE%20partners_organisation%3B--",
        "?art=%3Cscript%3Ealert(1)%3C%2Fscript%3E",
        "?quartier=%3Cscript%3Ealert(1)%3C%2Fscript%3E&mitglieder=%3Cb%3E",
        "?quartier=1&quartier=2&art=verein&art=",
        "?quartier=nord%00&art=verein%00&seite=%00",
    ],
)
def test_bad_query_strings_never_break_the_list(resident, partners, query):
    response = resident.get(LIST + query)
    assert response.status_code == 200
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
    assert find_elements(html, "span", class_="badge badge--member")
    assert caritas.member_since.year == response.context["organisation"].member_since.year
    assert find_elements(html, "a", href="/quartiere/nord/")
    assert "Quartiersmanagement" in html and "Arbeit im Quartier" in html
    assert "Entwurfsprojekt" not in html
    assert "Jana Beispiel" in html and "Sozialberatung" in html
    assert "Ohne Einwilligung" not in html
    assert find_elements(html, "a", href="tel:0230212345")
    assert find_elements(html, "a", href=f"mailto:{caritas.email}")


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
    assert "Jana Beispiel" in html
    assertInHTML('<a href="/partner/caritas/">Caritas Witten</a>', html)
    assert resident.get("/partner/entwurf/").status_code == 404

    preview = client_for(editor).get("/partner/entwurf/").content.decode()
    assert "Ola Entwurf" in preview
    assertInHTML(
        '<dd><a href="/partner/entwurf/">Entwurf e.V.</a> <span class="badge badge--draft">Entwurf</span></dd>', preview
    )


def test_organisation_text_is_escaped(resident):
    OrganisationFactory(name="<script>alert(1)</script>", slug="boese", description="<b>fett</b>")
    for path in (LIST, "/partner/boese/"):
        html = resident.get(path).content.decode()
        assert "<script>alert(1)</script>" not in html and "<b>fett</b>" not in html
