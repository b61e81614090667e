"""sitemap.xml and robots.txt: every kind of public page, published entries only, absolute
addresses that answer 200, lastmod from updated_at, a fixed number of queries."""

import datetime
import xml.etree.ElementTree as ET  # noqa: S405 - parses the portal's own output
from urllib.parse import urlsplit

import pytest
from django.utils import timezone

from funding.tests.factories import FundingProgrammeFactory
from news.models import Event, EventOccurrence, Post
from news.tests.factories import EventFactory, PostFactory
from partners.tests.factories import OrganisationFactory
from portal.sitemaps import SITEMAPS
from projects.tests.factories import ProjectFactory
from quartier.models import SitePage
from quartier.tests.factories import DistrictFactory, SitePageFactory

pytestmark = pytest.mark.django_db

NS = {"s": "http://www.sitemaps.org/schemas/sitemap/0.9"}
SITE = "http://127.0.0.1:8000"


def sitemap(client, url="/sitemap.xml"):
    response = client.get(url)
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/xml")
    root = ET.fromstring(response.content)  # noqa: S314 - the portal's own output
    return {
        entry.find("s:loc", NS).text: getattr(entry.find("s:lastmod", NS), "text", None)
        for entry in root.findall("s:url", NS)
    }


def paths(entries):
    return {urlsplit(loc).path for loc in entries}


@pytest.fixture
def network():
    district = DistrictFactory(slug="heven")
    return {
        "district": district,
        "project": ProjectFactory(slug="werkstatt"),
        "organisation": OrganisationFactory(slug="anker"),
        "programme": FundingProgrammeFactory(slug="gemeinsam"),
        "post": PostFactory(slug="fest"),
        "event": EventFactory(slug="treffen"),
        "page": SitePageFactory(slug="impressum"),
    }


def test_every_kind_of_public_page_is_listed(client, network):
    listed = paths(sitemap(client))

    assert {
        "/",
        "/quartiere/",
        "/projekte/",
        "/partner/",
        "/foerderprogramme/",
        "/anlaufstellen/",
        "/ansprechpersonen/",
        "/aktuelles/",
        "/termine/",
        "/impressum/",
        "/datenschutz/",
        "/barrierefreiheit/",
        "/quartiere/heven/",
        "/projekte/werkstatt/",
        "/partner/anker/",
        "/foerderprogramme/gemeinsam/",
        "/aktuelles/fest/",
        "/termine/treffen/",
    } == listed


def test_addresses_are_absolute_and_every_one_answers(client, network):
    for loc in sitemap(client):
        assert loc.startswith(SITE + "/"), loc
        assert client.get(urlsplit(loc).path).status_code == 200, loc


def test_site_pages_not_written_yet_are_left_out(client):
    SitePageFactory(slug="datenschutz", title="Datenschutz")
    SitePage.objects.exclude(slug="datenschutz").delete()  # the data migration wrote all three

    listed = paths(sitemap(client))

    assert "/datenschutz/" in listed
    assert "/impressum/" not in listed and "/barrierefreiheit/" not in listed


def test_lastmod_is_the_last_change(client, network):
    post = network["post"]
    Post.objects.filter(pk=post.pk).update(updated_at=datetime.datetime(2026, 3, 4, 23, 30, tzinfo=datetime.UTC))

    entries = sitemap(client)

    assert entries[f"{SITE}/aktuelles/fest/"] == "2026-03-05"  # 00:30 in Berlin
    assert entries[f"{SITE}/"] is None  # a list has no one date of change
    assert entries[f"{SITE}/impressum/"] == timezone.localdate(network["page"].updated_at).isoformat()


def test_drafts_and_scheduled_entries_are_not_listed(client, staff_groups, editor, client_for):
    now = timezone.now()
    DistrictFactory(slug="entwurf", published=False)
    ProjectFactory(slug="entwurf", published=False)
    OrganisationFactory(slug="entwurf", published=False)
    FundingProgrammeFactory(slug="entwurf", published=False)
    PostFactory(slug="entwurf", published=False)
    PostFactory(slug="geplant", publish_from=now + datetime.timedelta(hours=1))
    PostFactory(slug="abgelaufen", publish_until=now - datetime.timedelta(seconds=1))
    EventFactory(slug="entwurf", published=False)
    EventFactory(slug="geplant", publish_from=now + datetime.timedelta(hours=1))

    for visitor in (client, client_for(editor)):  # staff preview drafts, the sitemap does not
        listed = " ".join(paths(sitemap(visitor)))
        assert "entwurf" not in listed and "geplant" not in listed and "abgelaufen" not in listed


def grow(count):
    district = DistrictFactory()
    Post.objects.bulk_create(PostFactory.build() for _ in range(count))
    events = Event.objects.bulk_create(EventFactory.build() for _ in range(count))
    EventOccurrence.objects.bulk_create(EventOccurrence(event=event, start=event.start) for event in events)
    district.posts.add(*Post.objects.all())


@pytest.mark.parametrize("count", [3, 300])
def test_query_count_does_not_grow_with_the_entries(client, django_assert_max_num_queries, network, count):
    grow(count)

    with django_assert_max_num_queries(2 * len(SITEMAPS)):
        entries = sitemap(client)

    assert sum(1 for loc in entries if "/aktuelles/" in loc) == count + 2  # + the list and "fest"
    assert sum(1 for loc in entries if "/termine/" in loc) == count + 2


@pytest.mark.parametrize("query", ["p=0", "p=2", "p=abc", "p=%00", "p=99999999999999999999999", "p=-1&x=<b>"])
def test_hostile_page_numbers_get_no_error(client, network, query):
    assert client.get(f"/sitemap.xml?{query}").status_code == 404


def test_robots_txt_allows_all_but_back_office_and_search_and_names_the_sitemap(client):
    response = client.get("/robots.txt")

    assert response.status_code == 200
    assert response["Content-Type"] == "text/plain; charset=utf-8"
    lines = response.content.decode().splitlines()
    assert lines[0] == "User-agent: *"
    assert "Disallow: /verwaltung/" in lines
    assert "Disallow: /suche/" in lines
    assert "Allow: /" in lines
    assert f"Sitemap: {SITE}/sitemap.xml" in lines
    assert client.post("/robots.txt").status_code == 405
