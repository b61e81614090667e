"""The public pages of the district app, as a resident sees them: content, drafts,
bad query strings and escaping (the number of queries: test_query_counts.py)."""

import datetime
from decimal import Decimal

import pytest
from django.urls import reverse
from pytest_django.asserts import assertInHTML

from core.templatetags.portal import euro, plain_text_blocks
from core.tests.html import find_elements, text_of
from funding.tests.factories import FundingFactory, FundingProgrammeFactory
from partners.tests.factories import ContactPersonFactory, MemberFactory, OrganisationFactory
from projects.tests.factories import ProjectFactory
from quartier.models import SitePage
from quartier.tests.factories import DistrictFactory, OfficeFactory

pytestmark = pytest.mark.django_db

TODAY = datetime.date(2026, 6, 15)  # a fixed day: every test runs at its noon (Europe/Berlin)
DAY = datetime.timedelta(days=1)


@pytest.fixture(autouse=True)
def _today(freeze_day):
    freeze_day(TODAY)


@pytest.fixture
def network():
    """Two published districts and a draft one, with offices, projects, partners, contacts and fundings."""
    nord = DistrictFactory(name="Heven-Ost", slug="heven-ost", programme_start=TODAY - 400 * DAY)
    sued = DistrictFactory(name="Innenstadt", slug="innenstadt", archived=True, archive_note="Programm beendet 2023.")
    draft = DistrictFactory(name="Geheimes Quartier", slug="geheim", published=False)
    OfficeFactory(name="Quartiersbüro Heven-Ost", district=nord, opening_hours="Mo 10–12 Uhr")
    OfficeFactory(name="Entwurfsbüro", district=nord, published=False)
    OfficeFactory(name="Büro im Entwurfsquartier", district=draft)
    member = MemberFactory(name="Diakonie Mark-Ruhr")
    member.districts.set([nord])
    OrganisationFactory(name="Unveröffentlichter Träger", published=False).districts.set([nord])
    running = ProjectFactory(title="Laufendes Projekt")
    planned = ProjectFactory(title="Geplantes Projekt", start=TODAY + 30 * DAY)
    completed = ProjectFactory(title="Abgeschlossenes Projekt", start=TODAY - 900 * DAY, end=TODAY - 30 * DAY)
    hidden = ProjectFactory(title="Entwurfsprojekt", published=False)
    for project in (running, planned, completed, hidden):
        project.districts.set([nord])
    biwaq = FundingProgrammeFactory(name="BIWAQ V", short_name="BIWAQ V")
    staedtebau = FundingProgrammeFactory(name="Städtebauförderung", short_name="StBauF")
    FundingFactory(project=running, programme=staedtebau, amount=Decimal("600000"))
    FundingFactory(project=planned, programme=biwaq, amount=Decimal("100000"))
    FundingFactory(project=completed, programme=biwaq, amount=Decimal("20000.50"))
    FundingFactory(project=hidden, programme=biwaq, amount=Decimal("999999"))
    ContactPersonFactory(name="Jana Beispiel", organisation=member, unit="Dez. 1 / Stabsstelle Arbeit").districts.set(
        [nord]
    )
    ContactPersonFactory(name="Ohne Einwilligung", organisation=None, publication_consent=False).districts.set([nord])
    return {"nord": nord, "sued": sued, "draft": draft}


def test_home_shows_intro_map_running_projects_counts_and_help(resident, network):
    response = resident.get("/")
    assert response.status_code == 200
    html = response.content.decode()
    assert find_elements(html, "html", lang="de")
    assert find_elements(html, "a", href="#main") and find_elements(html, "main", id="main")
    assert find_elements(html, "a", href="/quartiere/heven-ost/", aria_label="Heven-Ost")  # a shape on the map
    assert "Laufendes Projekt" in html
    assert "Geplantes Projekt" not in html and "Entwurfsprojekt" not in html
    assert response.context["partner_count"] == 1
    assert response.context["member_count"] == 1
    assert "Quartiersbüro Heven-Ost" in html and "Entwurfsbüro" not in html
    assert "Büro im Entwurfsquartier" not in html
    assert find_elements(html, "a", href="/mitmachen/")
    assert "Geheimes Quartier" not in html
    assertInHTML('<a href="/" aria-current="page">Startseite</a>', html)


def test_district_list_has_map_teasers_and_learn_more_links(resident, network):
    response = resident.get(reverse("quartier:district_list"))
    assert response.status_code == 200
    html = response.content.decode()
    assert len(find_elements(html, "a", href="/quartiere/heven-ost/")) >= 3  # map, text list, card
    assert "Ein Stadtteil mit vielen Angeboten." in html
    assert "Geheimes Quartier" not in html
    assertInHTML('<a href="/quartiere/" aria-current="page">Quartiere</a>', html)


def test_district_detail_shows_everything_about_the_district(resident, network):
    response = resident.get(reverse("portal:district_detail", kwargs={"slug": "heven-ost"}))
    assert response.status_code == 200
    html = response.content.decode()
    context = response.context
    assert [(group["status"], [p.title for p in group["projects"]]) for group in context["project_groups"]] == [
        ("running", ["Laufendes Projekt"]),
        ("planned", ["Geplantes Projekt"]),
        ("completed", ["Abgeschlossenes Projekt"]),
    ]
    assert "Entwurfsprojekt" not in html
    assert find_elements(html, "path", class_="map__current")
    assert "Quartiersbüro Heven-Ost" in html and "Mo 10–12 Uhr" in html and "Entwurfsbüro" not in html
    assert "Diakonie Mark-Ruhr" in html and "Unveröffentlichter Träger" not in html
    assert "Jana Beispiel" in html and "Dez. 1 / Stabsstelle Arbeit" in html
    assert "Ohne Einwilligung" not in html
    # Funding per programme, summed in SQL, the draft project's money left out.
    assert [(row["programme__short_name"], row["total"]) for row in context["funding"]] == [
        ("StBauF", Decimal("600000")),
        ("BIWAQ V", Decimal("120000.50")),
    ]
    assert "600.000\u00a0€" in html
    assert "120.000,50\u00a0€" in html
    assert "720.000,50\u00a0€" in html
    assert context["programme_status"] == "running"


def test_archived_district_shows_the_archive_note(resident, network):
    response = resident.get(reverse("portal:district_detail", kwargs={"slug": "innenstadt"}))
    assert response.status_code == 200
    assert "Programm beendet 2023." in response.content.decode()


def test_draft_district_is_not_found_for_residents_but_previewed_by_editors(resident, client_for, editor, network):
    url = reverse("portal:district_detail", kwargs={"slug": "geheim"})
    assert resident.get(url).status_code == 404
    assert client_for(editor).get(url).status_code == 200


def test_office_list_groups_published_offices_by_district(resident, network):
    response = resident.get(reverse("quartier:office_list"))
    assert response.status_code == 200
    html = response.content.decode()
    assert "Quartiersbüro Heven-Ost" in html
    assert "Entwurfsbüro" not in html and "Büro im Entwurfsquartier" not in html
    assert find_elements(html, "h2", id="bezirk-heven-ost")


def test_contact_list_only_shows_consenting_people_with_mail_and_phone_links(resident, network):
    ContactPersonFactory(name="Kim Muster", email="kim@example.org", phone="02302 581-1234", office_hours="Di 9–12")
    response = resident.get(reverse("partners:contact_list"))
    assert response.status_code == 200
    html = response.content.decode()
    assert "Jana Beispiel" in html and "Kim Muster" in html
    assert "Ohne Einwilligung" not in html
    assert find_elements(html, "a", href="mailto:kim@example.org")
    assert find_elements(html, "a", href="tel:023025811234")
    assert "Di 9–12" in html


def test_contacts_of_a_draft_organisation_never_name_it_to_residents(resident, client_for, editor, network):
    draft = OrganisationFactory(name="Träger im Entwurf", slug="entwurf", published=False)
    ContactPersonFactory(name="Ola Entwurf", organisation=draft, phone="0231 12").districts.set([network["nord"]])
    pages = ["/quartiere/heven-ost/", "/ansprechpersonen/"]
    for path in pages:
        html = resident.get(path).content.decode()
        assert "Ola Entwurf" in html and find_elements(html, "a", href="tel:023112"), path
        assert "Träger im Entwurf" not in html and "/partner/entwurf/" not in html, path
        links = [text_of(link) for link in find_elements(html, "a")]
        assert "Diakonie Mark-Ruhr" in links, path  # a published organisation is named and linked

    staff = client_for(editor)
    for path in pages:
        preview = staff.get(path).content.decode()
        assertInHTML(
            '<dd><a href="/partner/entwurf/">Träger im Entwurf</a>'
            ' <span class="badge badge--draft">Entwurf</span></dd>',
            preview,
        )


@pytest.mark.parametrize("slug", ["impressum", "datenschutz", "barrierefreiheit"])
def test_site_pages_render_paragraphs_and_headings_escaped(resident, slug):
    body = "Erster Absatz\nzweite Zeile\n\n## Kontakt\n\n<script>x</script>"
    SitePage.objects.update_or_create(slug=slug, defaults={"title": "Seite", "body": body})  # edited by staff
    response = resident.get(f"/{slug}/")
    assert response.status_code == 200
    html = response.content.decode()
    assertInHTML("<p>Erster Absatz<br>zweite Zeile</p>", html, count=1)
    assertInHTML("<h2>Kontakt</h2>", html, count=1)
    assert "<script>x</script>" not in html and "&lt;script&gt;x&lt;/script&gt;" in html


def test_accessibility_page_links_the_feedback_address(resident):
    """The starter text of a fresh installation (migration 0004) names a feedback address."""
    html = resident.get("/barrierefreiheit/").content.decode()
    assertInHTML('<a href="mailto:barrierefreiheit@example.org">barrierefreiheit@example.org</a>', html)
    assert "Schlichtungsverfahren" in html and "Ombudsstelle für barrierefreie Informationstechnik" in html
    assertInHTML(
        '<a rel="nofollow" href="https://www.lbbp.nrw.de/ombudsstelle">https://www.lbbp.nrw.de/ombudsstelle</a>', html
    )
    assert "https://www.lbbp.nrw.de/ombudsstelle</a>." in html  # the full stop is not part of the link


def test_addresses_in_staff_text_become_links_and_the_rest_stays_escaped():
    html = str(
        plain_text_blocks(
            "Schreiben Sie an info@example.org, oder lesen Sie https://example.org/a?b=1&c=<2>.\n"
            'x"><script>alert(1)</script>@example.org javascript:alert(1) <a href="https://evil.example">y</a>\n'
            "www.example.org"
        )
    )
    assertInHTML('<a href="mailto:info@example.org">info@example.org</a>', html)
    assert "info@example.org</a>," in html
    assertInHTML('<a href="https://example.org/a?b=1&amp;c=" rel="nofollow">https://example.org/a?b=1&amp;c=</a>', html)
    assert "https://example.org/a?b=1&amp;c=</a>&lt;2&gt;." in html  # the link ends where the address does
    assertInHTML('<a rel="nofollow" href="http://www.example.org">www.example.org</a>', html)
    # Markup in the text stays text; only the plain address inside it becomes a link.
    assert "x&quot;&gt;&lt;script&gt;alert(1)&lt;/script&gt;@example.org javascript:alert(1) &lt;a href=&quot;" in html
    assertInHTML('<a href="https://evil.example" rel="nofollow">https://evil.example</a>', html)
    assert "https://evil.example</a>&quot;&gt;y&lt;/a&gt;" in html
    assert "<script>" not in html and 'href="javascript' not in html and "mailto:x" not in html
    assert len(find_elements(html, "a")) == 4


def test_missing_site_page_is_404(resident):
    SitePage.objects.all().delete()
    assert resident.get("/datenschutz/").status_code == 404


def test_unknown_district_shows_the_friendly_404_page(resident, network):
    response = resident.get("/quartiere/gibt-es-nicht/")
    assert response.status_code == 404
    assert "/quartiere/" in response.content.decode()


LONG = "x" * 10_000
BAD_QUERIES = [
    "?page=abc",
    "?page=999999",
    "?page=-1",
    f"?page={LONG}",
    "?page=1%27%20OR%201=1--",
    "?q=%3Cscript%3Ealert(1)%3C/script%3E",
    f"?district={LONG}",
    "?page=%00&q=%00",
    "?seite=abc",
    f"?seite={LONG}",
    "?seite=1%27%20OR%201=1--",
    "?seite=%00&q=%00",
]


@pytest.mark.parametrize("path", ["/", "/quartiere/", "/quartiere/heven-ost/", "/anlaufstellen/", "/ansprechpersonen/"])
@pytest.mark.parametrize("query", BAD_QUERIES)
def test_bad_query_strings_never_break_a_page(resident, network, path, query):
    response = resident.get(path + query, follow=True)  # an old parameter name: one 301, then the page
    assert [status for _url, status in response.redirect_chain] in ([], [301])
    assert response.status_code in (200, 404)
    assert b"<script>alert(1)</script>" not in response.content


def test_user_text_is_escaped_everywhere(resident):
    district = DistrictFactory(name="<b>Fett</b>", slug="fett", summary="<img src=x onerror=alert(1)>")
    OfficeFactory(district=district, name="<i>Büro</i>")
    for path in ("/", "/quartiere/", "/quartiere/fett/", "/anlaufstellen/"):
        html = resident.get(path).content.decode()
        assert "<b>Fett</b>" not in html and "<img src=x" not in html and "<i>Büro</i>" not in html


def test_euro_and_plain_text_filters():
    assert euro(Decimal("600000.00")) == "600.000\u00a0€"
    assert euro(Decimal("1234.5")) == "1.234,50\u00a0€"
    assert euro(None) == ""
    assert plain_text_blocks("## <Titel>\nText") == "<h2>&lt;Titel&gt;</h2>\n<p>Text</p>"


def test_server_error_page_needs_no_context_and_no_database(django_assert_num_queries):
    from django.test import RequestFactory
    from django.views.defaults import server_error

    with django_assert_num_queries(0):
        response = server_error(RequestFactory().get("/"))
    assert response.status_code == 500
    html = response.content.decode()
    assert find_elements(html, "html", lang="de")
    assert find_elements(html, "a", href="#main") and find_elements(html, "a", href="/")
    (footer,) = find_elements(html, "footer", class_="site-footer")
    for path, label in [
        ("/impressum/", "Impressum"),
        ("/datenschutz/", "Datenschutz"),
        ("/barrierefreiheit/", "Barrierefreiheit"),
    ]:
        assertInHTML(f'<a href="{path}">{label}</a>', str(footer), count=1)
    assert "Quartiersportal – " in text_of(footer)
