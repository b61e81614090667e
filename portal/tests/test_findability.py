"""What programs read in the head of the pages: canonical addresses, schema.org data
(Organization, Place), the feed and calendar links; and "In meinen Kalender" on an event."""

import json
import re

import pytest

from core.tests.html import find_elements
from funding.tests.factories import FundingProgrammeFactory
from news.models import Event
from news.tests.factories import EventFactory
from partners.tests.factories import OrganisationFactory
from projects.tests.factories import ProjectFactory
from quartier.tests.factories import DistrictFactory, OfficeFactory

pytestmark = pytest.mark.django_db

SITE = "https://quartiere.example.org"


@pytest.fixture(autouse=True)
def _public_address(settings):
    settings.SITE_URL = SITE


def page(client, url):
    response = client.get(url)
    assert response.status_code == 200, url
    return response.content.decode()


def json_ld(html):
    blocks = re.findall(r'<script type="application/ld\+json">(.*?)</script>', html, re.S)
    return [json.loads(block) for block in blocks]


def head(html):
    return html.split("</head>", 1)[0]


@pytest.mark.parametrize(
    ("factory", "url"),
    [
        (lambda: DistrictFactory(slug="heven"), "/quartiere/heven/"),
        (lambda: ProjectFactory(slug="werkstatt"), "/projekte/werkstatt/"),
        (lambda: OrganisationFactory(slug="anker"), "/partner/anker/"),
        (lambda: FundingProgrammeFactory(slug="gemeinsam"), "/foerderprogramme/gemeinsam/"),
    ],
)
def test_detail_pages_name_their_public_address(client, factory, url):
    factory()

    html = page(client, url)

    assert find_elements(html, "link", rel="canonical", href=SITE + url)
    assert len(find_elements(html, "link", rel="canonical")) == 1


def test_organisation_page_describes_the_organisation(client):
    OrganisationFactory(
        slug="anker",
        name='Anker e.V. </script><script>alert("x")</script>',
        short_name="Anker",
        website="https://anker.example.org/",
        email="info@anker.example.org",
        phone="02302 12345",
        street="Ankerweg 1",
        postcode="58452",
        city="Witten",
    )

    html = page(client, "/partner/anker/")

    (data,) = json_ld(html)
    assert data["@context"] == "https://schema.org" and data["@type"] == "Organization"
    assert data["name"] == 'Anker e.V. </script><script>alert("x")</script>'
    assert data["alternateName"] == "Anker"
    assert data["url"] == f"{SITE}/partner/anker/"
    assert data["sameAs"] == ["https://anker.example.org/"]
    assert data["telephone"] == "02302 12345" and data["email"] == "info@anker.example.org"
    assert data["address"] == {
        "@type": "PostalAddress",
        "streetAddress": "Ankerweg 1",
        "postalCode": "58452",
        "addressLocality": "Witten",
        "addressCountry": "DE",
    }
    assert "<script>alert" not in html


def test_organisation_without_address_or_contact_leaves_them_out(client):
    OrganisationFactory(slug="leer", website="", email="", phone="", street="", postcode="", city="")

    (data,) = json_ld(page(client, "/partner/leer/"))

    assert not {"address", "sameAs", "email", "telephone", "logo"} & set(data)


def test_office_list_describes_every_office_as_a_place(client):
    district = DistrictFactory(slug="heven", name="Heven")
    OfficeFactory(district=district, name="Quartiersbüro Heven", street="Herbeder Str. 2", phone="02302 1")
    OfficeFactory(district=district, name="Familienzentrum", published=False)

    (data,) = json_ld(page(client, "/anlaufstellen/"))

    (place,) = data["@graph"]
    assert place["@type"] == "Place" and place["name"] == "Quartiersbüro Heven"
    assert place["address"]["streetAddress"] == "Herbeder Str. 2"
    assert place["telephone"] == "02302 1"
    assert place["containedInPlace"] == {"@type": "Place", "name": "Heven", "url": f"{SITE}/quartiere/heven/"}


def test_no_offices_no_place_data(client):
    assert json_ld(page(client, "/anlaufstellen/")) == []


def test_district_page_describes_its_offices_and_links_its_feed_and_calendar(client):
    district = DistrictFactory(slug="heven", name="Heven")
    OfficeFactory(district=district, name="Quartiersbüro Heven")

    html = page(client, "/quartiere/heven/")

    places = [node for block in json_ld(html) for node in block.get("@graph", [])]
    assert [place["name"] for place in places] == ["Quartiersbüro Heven"]
    assert find_elements(
        head(html), "link", rel="alternate", type="application/atom+xml", href="/quartiere/heven/aktuelles/feed.xml"
    )
    assert find_elements(
        head(html), "link", rel="alternate", type="text/calendar", href="/quartiere/heven/termine/kalender.ics"
    )


def test_project_page_links_its_feed(client):
    ProjectFactory(slug="werkstatt")

    html = page(client, "/projekte/werkstatt/")

    assert find_elements(
        head(html), "link", rel="alternate", type="application/atom+xml", href="/projekte/werkstatt/aktuelles/feed.xml"
    )


def test_news_and_events_lists_link_the_feed_and_the_calendar(client):
    assert find_elements(
        head(page(client, "/aktuelles/")),
        "link",
        rel="alternate",
        type="application/atom+xml",
        href="/aktuelles/feed.xml",
    )
    html = page(client, "/termine/")
    assert find_elements(head(html), "link", rel="alternate", type="text/calendar", href="/termine/kalender.ics")
    assert find_elements(html, "a", href="/termine/kalender.ics")


def test_event_page_offers_its_calendar_file(client):
    EventFactory(slug="treffen")
    EventFactory(slug="abgesagt", status=Event.Status.CANCELLED)

    assert find_elements(page(client, "/termine/treffen/"), "a", href="/termine/treffen/kalender.ics")
    # Nothing to put in a calendar: the page says it is cancelled.
    assert not find_elements(page(client, "/termine/abgesagt/"), "a", href="/termine/abgesagt/kalender.ics")


def test_head_links_stay_on_this_origin(client):
    district = DistrictFactory(slug="heven")
    OfficeFactory(district=district)
    OrganisationFactory(slug="anker", website="https://anker.example.org/")

    for url in ("/quartiere/heven/", "/partner/anker/", "/anlaufstellen/", "/aktuelles/", "/termine/"):
        html = head(page(client, url))
        for element in find_elements(html, "link") + find_elements(html, "script"):
            attributes = dict(element.attributes)
            address = attributes.get("href") or attributes.get("src") or ""
            if attributes.get("rel") == "canonical":
                assert address.startswith(SITE + "/")  # the page's own public address, never fetched
            else:
                assert not re.match(r"^(https?:)?//", address), (url, address)
