"""The news pages in headless Chromium: axe finds no WCAG 2.1 A/AA violations at desktop
and phone (320 px) width, nothing is loaded from another origin, nothing scrolls sideways;
"Seite drucken" prints."""

import datetime
from zoneinfo import ZoneInfo

import pytest

from news.models import Event
from news.tests.factories import EventFactory, PostFactory, PostImageFactory
from partners.tests.factories import OrganisationFactory
from portal.tests.test_browser_public import check_page
from projects.tests.factories import ProjectFactory
from quartier.tests.factories import DistrictFactory, OfficeFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

TODAY = datetime.date(2026, 10, 6)
BERLIN = ZoneInfo("Europe/Berlin")


@pytest.fixture(autouse=True)
def _today(freeze_day):
    freeze_day(TODAY)


def at(days, hour=18):
    return datetime.datetime.combine(TODAY + datetime.timedelta(days=days), datetime.time(hour), tzinfo=BERLIN)


@pytest.fixture
def news():
    district = DistrictFactory(name="Heven-Ost/Crengeldanz", slug="heven-ost")
    project = ProjectFactory(title="Werkstatt Spielplatz", slug="werkstatt")
    organisation = OrganisationFactory(name="Nachbarschaftsverein Heven e. V.", slug="verein")
    office = OfficeFactory(district=district, name="Quartiersbüro Heven-Ost", accessibility="Stufenloser Eingang")
    for n in range(12):
        post = PostFactory(
            title=f"Erste Werkstatt im Quartier {n}: Ideen für den Spielplatz und die Straßenecke",
            slug=f"werkstatt-{n}",
            date=TODAY - datetime.timedelta(days=5 * n),
            body="Rund **30 Nachbarinnen** kamen.\n\nBesprochen wurden:\n- Spielgeräte\n- Bänke\n\n"
            "Mehr beim [Quartiersbüro](https://example.org/buero).",
            author="Quartiersbüro Heven-Ost",
        )
        post.districts.add(district)
        post.projects.add(project)
        post.organisations.add(organisation)
    PostImageFactory(post=post, caption="Die Werkstatt", credit="Foto: Jana Beispiel")
    PostImageFactory(post=post, alt_text="Plan des Spielplatzes an der Wand")
    weekly = EventFactory(
        title="Nachbarschaftstreffen mit einer sehr langen Überschrift über Quartiersentwicklung",
        slug="treffen",
        start=at(-7),
        end=at(-7, 20),
        repeat=Event.Repeat.WEEKLY,
        repeat_until=TODAY + datetime.timedelta(days=180),
        office=office,
        project=project,
        organiser=organisation,
        step_free=True,
        hearing_loop=True,
        sign_language=True,
        registration=Event.Registration.PHONE,
        registration_phone="02302 581-1234",
        registration_deadline=TODAY + datetime.timedelta(days=3),
        description="Wir sprechen über **Ideen**.\n\n- Kaffee\n- Kuchen",
    )
    weekly.districts.add(district)
    EventFactory(title="Lesecafé", slug="abgesagt", start=at(2), status=Event.Status.CANCELLED, status_note="Krank.")
    EventFactory(title="Fassadengrün", slug="verschoben", start=at(3), end=None, status=Event.Status.POSTPONED)
    EventFactory(title="Kinderflohmarkt", slug="flohmarkt", start=at(10, 0), end=None, all_day=True)
    EventFactory(title="Spaziergang", slug="vorbei", start=at(-20), end=at(-20, 20))
    return post


PAGES = [
    "/aktuelles/",
    "/aktuelles/?seite=2&quartier=heven-ost",
    "/aktuelles/?seite=x&monat=2026-13&quartier[]=",
    "/aktuelles/werkstatt-11/",
    "/termine/",
    "/termine/?zeit=vergangen",
    "/termine/?monat=2026-13&projekt=gibt-es-nicht",
    "/termine/treffen/",
    "/termine/abgesagt/",
    "/termine/verschoben/",
    "/termine/flohmarkt/",
    "/termine/vorbei/",
    "/",
    "/projekte/werkstatt/",
    "/suche/?q=Werkstatt",
]


@pytest.mark.parametrize("path", PAGES)
def test_news_page_is_accessible_self_contained_and_fits_a_phone(browser_page, live_server, news, path):
    check_page(browser_page, live_server, path)


def test_print_button_appears_and_a_post_prints(browser_page, live_server, news):
    page = browser_page
    page.goto(live_server.url + news.get_absolute_url())
    button = page.locator("button[data-print]")
    assert button.is_visible()
    assert page.locator("figure img").first.evaluate("img => img.complete && img.naturalWidth > 0")
    assert page.pdf(format="A4").startswith(b"%PDF")
