"""The public pages in a real browser (headless Chromium): axe finds no WCAG 2.1 A/AA
violations at desktop and phone width, nothing is loaded from another origin, the skip
link comes first and is visible, and nothing scrolls sideways at 320 px."""

import datetime
from decimal import Decimal

import pytest
from django.template import loader

from core.testing import DESKTOP, PHONE, axe_violations, describe_violations, other_origin_requests
from funding.models import Funding, FundingProgramme
from funding.tests.factories import FundingFactory, FundingProgrammeFactory
from partners.models import Organisation
from partners.tests.factories import ContactPersonFactory, MemberFactory, OrganisationFactory
from partners.views import ContactListView, OrganisationListView
from portal.demo.pages import STARTER_PAGES
from projects.models import Project
from projects.tests.factories import ProjectFactory
from quartier.models import SitePage
from quartier.tests.factories import DistrictFactory, OfficeFactory, SitePageFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

TODAY = datetime.date(2026, 6, 15)  # a fixed day: every test runs at its noon (Europe/Berlin)


@pytest.fixture(autouse=True)
def _today(freeze_day):
    freeze_day(TODAY)


def polygon(x, y, w=0.02, h=0.015):
    return {"type": "Polygon", "coordinates": [[[x, y], [x + w, y], [x + w * 1.2, y + h], [x, y + h], [x, y]]]}


@pytest.fixture
def network():
    nord = DistrictFactory(
        name="Heven-Ost/Crengeldanz",
        slug="heven-ost",
        boundary=polygon(7.33, 51.43),
        programme_start=TODAY - datetime.timedelta(days=500),
        description="Ein Stadtteil im Wandel.\n\nMit vielen Familien und Vereinen.",
    )
    mitte = DistrictFactory(name="Innenstadt", slug="innenstadt", boundary=polygon(7.31, 51.44), archived=True)
    multi = {
        "type": "MultiPolygon",
        "coordinates": [polygon(7.35, 51.45)["coordinates"], polygon(7.38, 51.45, 0.005, 0.005)["coordinates"]],
    }
    DistrictFactory(name="Annen", slug="annen", boundary=multi)
    DistrictFactory(name="Ohne Grenze", slug="ohne-grenze", boundary=None)
    OfficeFactory(district=nord, name="Quartiersbüro Heven-Ost", phone="02302 581-1234", email="qb@example.org")
    OfficeFactory(district=mitte, name="Innenstadt-Büro")
    member = MemberFactory(name="Diakonie Mark-Ruhr", slug="diakonie")
    member.districts.set([nord, mitte])
    OrganisationFactory(name="VHS Witten").districts.set([nord])
    contact = ContactPersonFactory(
        name="Jana Beispiel",
        organisation=member,
        unit="Dez. 1 / Stabsstelle Arbeit",
        phone="02302 581-2345",
        office_hours="Di 9–12 Uhr",
    )
    contact.districts.set([nord])
    programme = FundingProgrammeFactory(name="BIWAQ V", short_name="BIWAQ V")
    for title, start, end in [
        ("Quartiersmanagement", TODAY - datetime.timedelta(days=300), TODAY + datetime.timedelta(days=300)),
        ("Bewohnerfonds", TODAY + datetime.timedelta(days=60), None),
        ("Arbeit im Quartier", TODAY - datetime.timedelta(days=900), TODAY - datetime.timedelta(days=60)),
    ]:
        project = ProjectFactory(title=title, start=start, end=end)
        project.districts.set([nord])
        project.responsible_organisations.set([member])
        FundingFactory(project=project, programme=programme, amount=Decimal("123456.78"))
    SitePageFactory(slug="impressum", title="Impressum", body="Herausgeberin ist die Stadt.\n\n## Kontakt\n\nRathaus")
    # Transactional tests start from an empty database: the starter pages of migration 0004.
    for slug, (title, body) in STARTER_PAGES.items():
        SitePage.objects.get_or_create(slug=slug, defaults={"title": title, "body": body})
    return nord


@pytest.fixture
def crowd(network):
    """Enough contact persons and partners for a second page of each list."""
    for n in range(ContactListView.paginate_by + 1):
        ContactPersonFactory(name=f"Person {n:02}", organisation=None, office_hours="Mo 9–12 Uhr")
    for n in range(OrganisationListView.paginate_by):
        OrganisationFactory(name=f"Verein {n:02}")


PAGES = [
    "/",
    "/quartiere/",
    "/quartiere/heven-ost/",
    "/quartiere/innenstadt/",
    "/anlaufstellen/",
    "/ansprechpersonen/",
    "/partner/",
    "/partner/?art=xyz&quartier=heven-ost",
    "/projekte/?quartier=xyz&status=planned",
    "/partner/diakonie/",
    "/impressum/",
    "/datenschutz/",
    "/barrierefreiheit/",
    "/gibt-es-nicht/",
]


@pytest.mark.parametrize("path", PAGES)
def test_page_is_accessible_self_contained_and_fits_a_phone(browser_page, live_server, network, path):
    check_page(browser_page, live_server, path, status=404 if path == "/gibt-es-nicht/" else 200)


def test_the_archived_district_says_so(browser_page, live_server, network):
    browser_page.goto(live_server.url + "/quartiere/innenstadt/")
    assert browser_page.locator(".notice--archive").is_visible()


@pytest.mark.parametrize("path", ["/ansprechpersonen/", "/ansprechpersonen/?seite=2", "/partner/", "/partner/?seite=2"])
def test_paginated_lists_are_accessible(browser_page, live_server, crowd, path):
    check_page(browser_page, live_server, path)
    assert browser_page.locator("nav.pagination a[aria-current='page']").is_visible()


@pytest.fixture
def many_projects(network):
    """240 more running projects in Heven-Ost, run by the Diakonie and funded by BIWAQ V:
    the district, partner and programme pages show their first ones and "show all"
    links, the list has 20 pages."""
    projects = Project.objects.bulk_create(
        ProjectFactory.build(
            title=f"Vorhaben {n:03}",
            slug=f"vorhaben-{n:03}",
            start=TODAY - datetime.timedelta(days=n),
            end=TODAY + datetime.timedelta(days=100),
        )
        for n in range(240)
    )
    network.projects.add(*projects)
    Organisation.objects.get(slug="diakonie").responsible_for.add(*projects)
    programme = FundingProgramme.objects.get(short_name="BIWAQ V")
    Funding.objects.bulk_create(Funding(project=p, programme=programme, amount=Decimal("1000")) for p in projects)
    return programme


@pytest.mark.parametrize(
    "path",
    [
        "/quartiere/heven-ost/",
        "/partner/diakonie/",
        "programme",
        "/projekte/?seite=10",
        "/projekte/?partner=diakonie&status=running",
        "/projekte/?partner=gibt-es-nicht",
        "/ansprechpersonen/?organisation=diakonie&quartier=heven-ost",
        "/ansprechpersonen/?organisation=gibt-es-nicht",
    ],
)
def test_bounded_pages_and_their_lists_are_accessible(browser_page, live_server, many_projects, path):
    check_page(browser_page, live_server, many_projects.get_absolute_url() if path == "programme" else path)
    shown = ".more-link a, nav.pagination a[aria-current='page'], .alert, .active-filter"
    assert browser_page.locator(shown).first.is_visible()


def test_server_error_page_is_accessible(browser_page, live_server):
    """The 500 page is only shown on errors: the browser gets its HTML at a made-up
    address of the live server, so its stylesheet loads from there like in production."""
    html = loader.get_template("500.html").render()
    url = live_server.url + "/fehlerseite/"
    browser_page.route(url, lambda route: route.fulfill(status=500, content_type="text/html", body=html))
    check_page(browser_page, live_server, "/fehlerseite/", status=500)
    assert browser_page.locator(".site-footer a[href='/barrierefreiheit/']").is_visible()


def check_page(page, live_server, path, *, status=200):
    """axe finds nothing at desktop and phone width, the skip link is the first stop of the
    keyboard and visible, nothing scrolls sideways at 320 px, nothing comes from elsewhere."""
    page.set_viewport_size(DESKTOP)
    response = page.goto(live_server.url + path)
    assert response.status == status
    # The stylesheet really loaded: the skip link is moved out of sight by portal.css.
    assert page.evaluate("getComputedStyle(document.querySelector('.skip-link')).position") == "absolute"

    violations = axe_violations(page)
    assert violations == [], describe_violations(violations)

    page.keyboard.press("Tab")
    focused = page.evaluate("document.activeElement.getAttribute('href')")
    assert focused == "#main"
    assert page.locator(".skip-link").is_visible()
    box = page.locator(".skip-link").bounding_box()
    assert box["y"] >= 0 and box["height"] > 10

    page.set_viewport_size(PHONE)
    page.reload()
    violations = axe_violations(page)
    assert violations == [], describe_violations(violations)
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]

    assert other_origin_requests(page.requested_urls, live_server.url) == []
    page.set_viewport_size(DESKTOP)


def test_map_links_are_reachable_by_keyboard_and_lead_to_the_district(browser_page, live_server, network):
    page = browser_page
    page.goto(live_server.url + "/quartiere/")
    link = page.locator('svg.map a[aria-label="Heven-Ost/Crengeldanz"]')
    link.focus()
    assert page.evaluate("document.activeElement.getAttribute('aria-label')") == "Heven-Ost/Crengeldanz"
    # The focused shape is drawn differently (focus visible).
    fill = page.evaluate("getComputedStyle(document.activeElement.querySelector('path')).fill")
    assert fill == "rgb(255, 191, 0)"
    page.keyboard.press("Enter")
    page.wait_for_url("**/quartiere/heven-ost/")
    assert page.locator("h1").inner_text() == "Heven-Ost/Crengeldanz"
