"""Project list, fact sheet, funding programme and search pages in a real browser
(headless Chromium): no WCAG 2.1 A/AA violations at 1280 and 320 px, nothing from
another origin, the filter form works by keyboard, and print hides the navigation."""

import datetime
import io
import re
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from PIL import Image

from core.testing import DESKTOP, PHONE, axe_violations, describe_violations, other_origin_requests
from funding.models import Funder
from funding.tests.factories import FunderFactory, FundingFactory, FundingProgrammeFactory
from partners.tests.factories import ContactPersonFactory, OrganisationFactory
from projects.models import Project, ProjectImage
from projects.tests.factories import FieldOfActionFactory, ProjectFactory, TargetGroupFactory
from projects.views import PROJECTS_PER_PAGE
from quartier.tests.factories import DistrictFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

TODAY = datetime.date(2026, 6, 15)  # a fixed day: every test runs at its noon (Europe/Berlin)


@pytest.fixture(autouse=True)
def _today(freeze_day):
    freeze_day(TODAY)


def days(n):
    return TODAY + datetime.timedelta(days=n)


def jpeg(name):
    buffer = io.BytesIO()
    Image.new("RGB", (320, 200), (40, 120, 160)).save(buffer, "JPEG")
    return SimpleUploadedFile(name, buffer.getvalue(), content_type="image/jpeg")


@pytest.fixture
def network():
    """A small network, made in the test itself (transactional tests see no other data)."""
    north = DistrictFactory(name="Heven-Ost", slug="heven-ost")
    centre = DistrictFactory(name="Innenstadt", slug="innenstadt")
    eu = FunderFactory(name="Europäische Union (ESF Plus)", level=Funder.Level.EU)
    biwaq = FundingProgrammeFactory(
        name="Bildung, Wirtschaft, Arbeit im Quartier",
        short_name="BIWAQ V",
        slug="biwaq-v",
        website="https://www.biwaq.de/",
        funders=[eu, FunderFactory(name="Bundesministerium für Wohnen")],
    )
    youth = TargetGroupFactory(name="Jugendliche", slug="jugendliche")
    work = FieldOfActionFactory(code="1", name="Arbeit", slug="arbeit")
    sheet = ProjectFactory(
        title="Innenstadt-Büro – Quartiersmanagement",
        slug="innenstadt-buero",
        code="HS V 1",
        field_of_action=work,
        impact_goals="Die Innenstadt ist belebt",
        result_goals="Ein Büro mit festem Personal",
        tasks="Anlaufstelle\nVernetzung",
        description="Das Büro ist Anlaufstelle für alle.",
        total_cost=Decimal("600000"),
        further_funds="keine",
        staffing="ca. 30 Stunden pro Woche",
    )
    sheet.districts.set([centre])
    sheet.target_groups.set([youth])
    sheet.responsible_organisations.set([OrganisationFactory(name="Stadt Witten")])
    sheet.contacts.set([ContactPersonFactory(name="Kim Quartier", phone="02302 581-1")])
    FundingFactory(project=sheet, programme=biwaq, amount=Decimal("480000"), share=Decimal("80"))
    ProjectImage.objects.create(
        project=sheet, image=jpeg("buero.jpg"), alt_text="Das Büro von außen", caption="Eröffnung", credit="Foto: J. B."
    )
    fund = ProjectFactory(title="Verfügungsfonds Innenstadt", slug="fonds", code="HS V 2")
    fund.districts.set([centre])
    sheet.related_projects.add(fund)
    planned = ProjectFactory(title="Jugend in Arbeit", slug="jugend", start=days(30), end=days(400))
    planned.districts.set([north])
    planned.target_groups.set([youth])
    FundingFactory(project=planned, programme=biwaq)
    ProjectFactory(title="Altes Stadtteilbüro", slug="alt", archived=True, start=days(-900), end=days(-100))
    return {"sheet": sheet, "programme": biwaq}


PAGES = [
    "/projekte/",
    "/projekte/?quartier=heven-ost&status=planned&zielgruppe=jugendliche",
    "/projekte/?quartier=gibt-es-nicht",
    "/projekte/innenstadt-buero/",
    "/foerderprogramme/",
    "/foerderprogramme/biwaq-v/",
    "/suche/?q=Innenstadt",
    "/suche/",
    "/projekte/alt/",  # archived: the archive notice
    "/suche/?q=xyz",  # nothing found
    "/projekte/?quartier=heven-ost&status=completed",  # no project matches
]


@pytest.mark.parametrize("viewport", [DESKTOP, PHONE], ids=["desktop", "phone"])
def test_pages_pass_axe_and_load_nothing_from_elsewhere(browser_page, live_server, network, viewport):
    page = browser_page
    page.set_viewport_size(viewport)
    for path in PAGES:
        response = page.goto(live_server.url + path)
        assert response.status == 200, path
        violations = axe_violations(page)
        assert violations == [], f"{path} @ {viewport['width']}px:\n{describe_violations(violations)}"
        overflow = page.evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth")
        assert overflow <= 0, f"{path} scrolls sideways by {overflow}px at {viewport['width']}px"
    assert other_origin_requests(page.requested_urls, live_server.url) == []


def test_archive_and_empty_states_are_shown(browser_page, live_server, network):
    page = browser_page
    page.goto(live_server.url + "/projekte/alt/")
    assert page.locator(".notice--archive").is_visible()
    page.goto(live_server.url + "/suche/?q=xyz")
    assert page.locator("#search-summary").inner_text().startswith("0 ")
    page.goto(live_server.url + "/projekte/?quartier=heven-ost&status=completed")
    assert page.locator(".result-count").inner_text().startswith("0 ")
    assert page.locator("main a[href='/projekte/']").last.is_visible()  # "show all projects"


@pytest.mark.parametrize("viewport", [DESKTOP, PHONE], ids=["desktop", "phone"])
def test_a_long_project_list_pages_accessibly(browser_page, live_server, network, viewport):
    Project.objects.bulk_create(
        Project(
            title=f"Weiteres Projekt {n}", slug=f"weiteres-{n}", summary="Ein Projekt.", start=days(-n), published=True
        )
        for n in range(PROJECTS_PER_PAGE)
    )
    page = browser_page
    page.set_viewport_size(viewport)
    for path in ["/projekte/", "/projekte/?seite=2"]:
        page.goto(live_server.url + path)
        assert page.locator("nav.pagination").is_visible(), path
        violations = axe_violations(page)
        assert violations == [], f"{path} @ {viewport['width']}px:\n{describe_violations(violations)}"
        assert page.evaluate("document.documentElement.scrollWidth") <= viewport["width"]
    assert page.locator(".card h2").count() == 4  # 16 projects: 12 on the first page, 4 on the second
    assert other_origin_requests(page.requested_urls, live_server.url) == []


FOCUS_STOPS = [
    ("/projekte/", "#id_quartier"),
    ("/projekte/", "main .card h2 a"),
    ("/projekte/innenstadt-buero/", "main .project-actions a"),
    ("/projekte/innenstadt-buero/", "[data-print]"),
    ("/foerderprogramme/", "main .card h2 a"),
    ("/foerderprogramme/biwaq-v/", "main table a"),
    ("/suche/?q=Innenstadt", "main .search-form button"),
    ("/suche/?q=Innenstadt", "main .search-group a"),
]


@pytest.mark.parametrize(("path", "selector"), FOCUS_STOPS)
def test_skip_link_comes_first_and_focus_is_visible(browser_page, live_server, network, path, selector):
    page = browser_page
    page.goto(live_server.url + path)
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.getAttribute('href')") == "#main"
    assert page.locator(".skip-link").is_visible()

    for _ in range(80):  # on by keyboard to the first element of the kind
        page.keyboard.press("Tab")
        if page.evaluate("selector => document.activeElement.matches(selector)", selector):
            break
    else:
        pytest.fail(f"{selector} is not reachable by keyboard on {path}")
    style = page.evaluate(
        """() => { const s = getComputedStyle(document.activeElement);
                   return {outline: s.outlineStyle, width: parseFloat(s.outlineWidth), shadow: s.boxShadow}; }"""
    )
    assert style["outline"] != "none" and style["width"] >= 2, style
    assert style["shadow"] != "none", style  # the yellow ring around the outline
    assert page.locator(":focus").is_visible()


def test_filter_form_works_by_keyboard(browser_page, live_server, network):
    page = browser_page
    page.goto(live_server.url + "/projekte/")
    assert page.locator(".result-count").inner_text().startswith("4 ")

    page.locator("#id_quartier").focus()
    page.keyboard.press("ArrowDown")  # "all" -> the first district (Heven-Ost)
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.id") == "id_foerderprogramm"
    page.locator("#id_status").focus()
    page.locator("#id_status").select_option("planned")
    page.locator("#id_ohne_archiv").focus()
    page.keyboard.press("Space")
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.type") == "submit"
    page.keyboard.press("Enter")
    page.wait_for_url("**/projekte/?*")

    assert "quartier=heven-ost" in page.url and "status=planned" in page.url and "ohne_archiv=on" in page.url
    assert page.locator(".result-count").inner_text().startswith("1 ")
    assert page.locator(".card h2").all_inner_texts() == ["Jugend in Arbeit"]
    # the chosen filters stay chosen
    assert page.locator("#id_quartier").input_value() == "heven-ost"
    assert page.locator("#id_ohne_archiv").is_checked()


def test_fact_sheet_prints_without_navigation(browser_page, live_server, network):
    page = browser_page
    page.goto(live_server.url + "/projekte/innenstadt-buero/")
    print_button = page.locator("[data-print]")
    assert print_button.is_visible()  # shown by static/js/print.js
    assert page.locator(".main-nav").is_visible()

    page.emulate_media(media="print")

    assert not page.locator(".main-nav").is_visible()
    assert not page.locator(".site-search").is_visible()
    assert not page.locator(".site-footer").is_visible()
    assert not print_button.is_visible()
    assert page.locator("h1").is_visible()
    assert page.locator("#facts-heading + .facts").is_visible()
    # The gallery loads lazily for the screen; for print every picture loads (print.js).
    # Polled from here: wait_for_function would evaluate a string, which the CSP forbids.
    pictures = page.locator("figure img")
    for _attempt in range(50):
        if pictures.evaluate_all("imgs => imgs.every(img => img.complete && img.naturalWidth > 0)"):
            break
        page.wait_for_timeout(100)
    else:
        pytest.fail("a picture of the fact sheet did not load for print")
    pdf = page.pdf(format="A4")
    assert pdf.startswith(b"%PDF")


def test_every_demo_fact_sheet_fits_on_two_a4_pages(browser_page, live_server):
    """Cities hand out their project sheets as one or two printed pages; so does the portal,
    for every sheet of the demo network (the fullest has 4 goals, 4 tasks, 3 contacts)."""
    call_command("seed_demo", stdout=io.StringIO())
    page = browser_page
    pages = {}
    for project in Project.objects.published():
        page.goto(live_server.url + project.get_absolute_url())
        pages[project.slug] = len(re.findall(rb"/Type\s*/Page[^s]", page.pdf(format="A4")))
    assert len(pages) >= 15
    assert {slug: count for slug, count in pages.items() if not 1 <= count <= 2} == {}


def test_programme_page_prints_external_link_addresses(browser_page, live_server, network):
    page = browser_page
    page.goto(live_server.url + "/foerderprogramme/biwaq-v/")
    page.emulate_media(media="print")

    after = page.locator('main a[href="https://www.biwaq.de/"]').evaluate(
        "link => getComputedStyle(link, '::after').content"
    )
    assert "https://www.biwaq.de/" in after
