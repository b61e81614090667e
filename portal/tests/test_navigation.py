"""Where a resident is and how they move on, the same on every page: the breadcrumb trail
(rendered once by base.html from the view's ``get_breadcrumbs()``), the main and footer
navigation (by URL name), pagination that keeps the filters ({% querystring %}) and the
date windows ("start – end", the ``period`` filter shared with the back office)."""

import datetime

import pytest
from django.template import loader
from django.urls import reverse
from django.utils import translation
from pytest_django.asserts import assertInHTML

from core.content import period
from core.tests.html import find_elements, text_of
from funding.tests.factories import FundingProgrammeFactory
from partners.tests.factories import OrganisationFactory
from projects.tests.factories import ProjectFactory
from quartier.models import SitePage
from quartier.tests.factories import DistrictFactory

pytestmark = pytest.mark.django_db

TODAY = datetime.date(2026, 6, 15)
DAY = datetime.timedelta(days=1)


@pytest.fixture(autouse=True)
def _today(freeze_day):
    freeze_day(TODAY)


@pytest.fixture
def entries():
    return {
        "project": ProjectFactory(title="Nachbarschaftsgarten", slug="garten"),
        "organisation": OrganisationFactory(name="Diakonie Mark-Ruhr", slug="diakonie"),
        "programme": FundingProgrammeFactory(name="Soziale Stadt", short_name="SSt", slug="soziale-stadt"),
        "district": DistrictFactory(name="Heven-Ost", slug="heven-ost"),
    }


# (address, the trail after "Startseite": (link or None, label), the last one the current
# page). Labels are msgids (in German on the page) or the entries' own names.
TRAILS = [
    ("/projekte/", [(None, "Projects")]),
    ("/projekte/garten/", [("/projekte/", "Projects"), (None, "Nachbarschaftsgarten")]),
    ("/partner/", [(None, "Partners")]),
    ("/partner/diakonie/", [("/partner/", "Partners"), (None, "Diakonie Mark-Ruhr")]),
    ("/ansprechpersonen/", [(None, "Contact persons")]),
    ("/foerderprogramme/", [(None, "Funding programmes")]),
    ("/foerderprogramme/soziale-stadt/", [("/foerderprogramme/", "Funding programmes"), (None, "SSt")]),
    ("/quartiere/", [(None, "Districts")]),
    ("/quartiere/heven-ost/", [("/quartiere/", "Districts"), (None, "Heven-Ost")]),
    ("/anlaufstellen/", [(None, "Offices")]),
    ("/impressum/", [(None, "Impressum der Seite")]),
    ("/suche/?q=garten", [(None, "Search")]),
    ("/mitmachen/", [(None, "Join in")]),
    ("/mitmachen/danke/", [("/mitmachen/", "Join in"), (None, "Thank you")]),
    ("/aktuelles/", [(None, "News")]),
    ("/termine/", [(None, "Events")]),
]


@pytest.mark.parametrize(("address", "trail"), TRAILS, ids=[address for address, _ in TRAILS])
def test_every_page_has_one_breadcrumb_trail_ending_at_itself(resident, entries, address, trail):
    SitePage.objects.update_or_create(slug="impressum", defaults={"title": "Impressum der Seite", "body": "Text"})
    with translation.override("de"):
        trail = [(link, translation.gettext(label)) for link, label in trail]
    response = resident.get(address)
    assert response.status_code == 200
    html = response.content.decode()
    [nav] = find_elements(html, "nav", aria_label="Sie sind hier")
    assert nav.attributes == [("aria-label", "Sie sind hier"), ("class", "breadcrumbs wrap")]
    [ol] = nav.children
    items = [item for item in ol.children if getattr(item, "name", None) == "li"]
    assert len(items) == len(trail) + 1
    assertInHTML('<li><a href="/">Startseite</a></li>', str(items[0]))
    for item, (link, label) in zip(items[1:-1], trail[:-1], strict=True):
        assertInHTML(f'<li><a href="{link}">{label}</a></li>', str(item))
    # The current page: named, not linked, marked for screen readers.
    assertInHTML(f'<li><span aria-current="page">{trail[-1][1]}</span></li>', str(items[-1]))
    assert not find_elements(str(items[-1]), "a")
    # Between the header and the main content, once.
    assert html.index('class="breadcrumbs wrap"') < html.index('<main id="main"')
    assert html.count('class="breadcrumbs wrap"') == 1


def test_the_start_page_and_the_404_page_have_no_trail(resident, entries):
    for address, status in (("/", 200), ("/gibt-es-nicht/", 404)):
        response = resident.get(address)
        assert response.status_code == status
        assert not find_elements(response.content.decode(), "nav", aria_label="Sie sind hier")


def test_a_draft_previewed_by_staff_has_its_trail_too(client_for, editor):
    ProjectFactory(title="Entwurf", slug="entwurf", published=False)
    html = client_for(editor).get("/projekte/entwurf/").content.decode()
    [nav] = find_elements(html, "nav", aria_label="Sie sind hier")
    assert text_of(nav) == "Startseite Projekte Entwurf"


def test_main_navigation_by_url_name_marks_the_section_of_the_page(resident, entries):
    html = resident.get("/projekte/garten/").content.decode()
    [nav] = find_elements(html, "nav", aria_label="Hauptnavigation")
    links = find_elements(str(nav), "a")
    expected = [
        ("portal:home", "Startseite"),
        ("news:post_list", "News"),
        ("news:event_list", "Events"),
        ("quartier:district_list", "Quartiere"),
        ("projects:project_list", "Projekte"),
        ("partners:organisation_list", "Partner"),
        ("funding:programme_list", "Förderprogramme"),
        ("quartier:office_list", "Anlaufstellen"),
        ("partners:contact_list", "Ansprechpersonen"),
        ("membership:request", "Mitmachen"),
    ]
    with translation.override("de"):
        expected = [(reverse(name), translation.gettext(label)) for name, label in expected]
    assert [(dict(link.attributes)["href"], text_of(link)) for link in links] == expected
    current = [text_of(link) for link in links if ("aria-current", "page") in link.attributes]
    assert current == ["Projekte"]
    home = resident.get("/").content.decode()
    assertInHTML('<a href="/" aria-current="page">Startseite</a>', home)


def test_footer_links_by_url_name_and_the_current_one_marked(resident):
    SitePage.objects.update_or_create(slug="datenschutz", defaults={"title": "Datenschutz", "body": "Text"})
    html = resident.get("/datenschutz/").content.decode()
    [footer_nav] = find_elements(html, "nav", aria_label="Rechtliches und Service")
    assertInHTML('<a href="/impressum/">Impressum</a>', str(footer_nav))
    assertInHTML('<a href="/datenschutz/" aria-current="page">Datenschutz</a>', str(footer_nav))
    assertInHTML('<a href="/barrierefreiheit/">Barrierefreiheit</a>', str(footer_nav))
    [search] = find_elements(html, "form", role="search")
    assert dict(search.attributes)["action"] == "/suche/"
    # The search field repeats the query only on the search page.
    assert find_elements(resident.get("/suche/?q=garten").content.decode(), "input", name="q", value="garten")
    assert find_elements(resident.get("/datenschutz/?q=garten").content.decode(), "input", name="q", value="")


def test_the_error_page_links_by_url_name_without_a_context():
    html = loader.get_template("500.html").render()
    assert find_elements(html, "link", rel="stylesheet", href="/static/css/portal.css")
    for href in ("/", "/impressum/", "/datenschutz/", "/barrierefreiheit/"):
        assert find_elements(html, "a", href=href)


def test_pagination_keeps_every_other_parameter(resident):
    for number in range(13):
        ProjectFactory(title=f"Projekt {number:02}", start=TODAY - (number + 1) * DAY)
    html = resident.get("/projekte/?status=running&zz=1&seite=1").content.decode()
    [pages] = find_elements(html, "nav", class_="pagination")
    assertInHTML('<a href="?status=running&amp;zz=1&amp;seite=2" rel="next">Nächste Seite</a>', str(pages))
    assert find_elements(str(pages), "a", href="?status=running&zz=1&seite=1", aria_current="page")
    html = resident.get("/projekte/?status=running&seite=2").content.decode()
    [pages] = find_elements(html, "nav", class_="pagination")
    assertInHTML('<a href="?status=running&amp;seite=1" rel="prev">Vorherige Seite</a>', str(pages))


def test_period_one_rule_for_pages_and_back_office():
    start, end = datetime.date(2023, 9, 1), datetime.date(2026, 6, 30)
    assert period(start, end) == "01.09.2023 – 30.06.2026"
    assert period(start, None) == "01.09.2023 – unbefristet"
    assert period(None, end) == "… – 30.06.2026"
    assert period(None, None) == ""
    assert period(start, end, date_format="m/Y") == "09/2023 – 06/2026"
    from core.admin_helpers import period as column

    assert column(start, end) == "09/2023 – 06/2026"
    assert column(start, None) == "09/2023 – unbefristet"
    assert column(None, None) == "-"
    rendered = loader.get_template("includes/project_card.html").render(
        {"project": ProjectFactory(start=start, end=None)}
    )
    assert "Laufzeit: 01.09.2023 – unbefristet" in " ".join(rendered.split())


def test_pages_show_date_windows_with_the_period_filter(resident):
    district = DistrictFactory(
        name="Heven-Ost", slug="heven-ost", programme_start=datetime.date(2019, 1, 1), programme_end=None
    )
    project = ProjectFactory(
        title="Garten", slug="garten", start=datetime.date(2023, 9, 1), end=datetime.date(2026, 6, 30)
    )
    project.districts.set([district])
    FundingProgrammeFactory(
        short_name="SSt", slug="sst", period_start=None, period_end=datetime.date(2027, 12, 31)
    ).fundings.create(project=project, amount=1000)

    def text(address):
        return " ".join(resident.get(address).content.decode().split())

    assert "01.01.2019 – unbefristet" in text("/quartiere/heven-ost/")
    assert "01.09.2023 – 30.06.2026" in text("/quartiere/heven-ost/")
    assert "01.09.2023 – 30.06.2026" in text("/projekte/garten/")
    assert "… – 31.12.2027" in text("/foerderprogramme/sst/")
    assert "01.09.2023 – 30.06.2026" in text("/foerderprogramme/sst/")
    assert "… – 31.12.2027" in text("/foerderprogramme/")


@pytest.mark.parametrize(
    ("make", "admin_url", "start", "end", "message"),
    [
        (
            ProjectFactory,
            "admin:projects_project_change",
            "start",
            "end",
            "Das Projekt kann nicht vor seinem Beginn enden.",
        ),
        (
            DistrictFactory,
            "admin:quartier_district_change",
            "programme_start",
            "programme_end",
            "Das Programm kann nicht vor seinem Beginn enden.",
        ),
        (
            FundingProgrammeFactory,
            "admin:funding_fundingprogramme_change",
            "period_start",
            "period_end",
            "Der Förderzeitraum kann nicht vor seinem Beginn enden.",
        ),
    ],
    ids=["project", "district", "programme"],
)
def test_an_end_before_the_start_is_refused_beside_the_end_field(
    client_for, admin_user, make, admin_url, start, end, message
):
    """The check constraint alone (no clean() repeating it) gives the German message on the
    end field of the back-office form, and nothing is saved."""
    from core.tests.admin_form import admin_form_data

    obj = make(**{start: TODAY, end: TODAY + DAY})
    client = client_for(admin_user)
    url = reverse(admin_url, args=[obj.pk])
    data = admin_form_data(client.get(url), type(obj))
    data[end] = (TODAY - DAY).isoformat()
    response = client.post(url, data)
    assert response.status_code == 200
    form = response.context["adminform"].form
    assert form.errors == {end: [message]}
    html = response.content.decode()
    [errors] = find_elements(html, "ul", class_="errorlist", id=f"id_{end}_error")
    assert text_of(errors) == message
    obj.refresh_from_db()
    assert getattr(obj, end) == TODAY + DAY
