"""The Atom feeds of the posts, read back with feedparser: well-formed, newest first, bounded,
absolute links, dates, authors, and nothing that is not published (yet or any more)."""

import datetime
from zoneinfo import ZoneInfo

import feedparser
import pytest

from news.feeds import FEED_ENTRIES
from news.models import Post
from news.tests.factories import PostFactory
from projects.tests.factories import ProjectFactory
from quartier.tests.factories import DistrictFactory

pytestmark = pytest.mark.django_db

BERLIN = ZoneInfo("Europe/Berlin")
TODAY = datetime.date(2026, 10, 28)
SITE = "http://127.0.0.1:8000"


@pytest.fixture(autouse=True)
def _today(freeze_day):
    freeze_day(TODAY)


def read(client, url):
    response = client.get(url)
    assert response.status_code == 200, url
    assert response["Content-Type"] == "application/atom+xml; charset=utf-8"
    feed = feedparser.parse(response.content)
    assert not feed.bozo, feed.get("bozo_exception")
    assert feed.version == "atom10"
    return feed


def test_all_posts_newest_first_with_absolute_links_dates_and_authors(client):
    older = PostFactory(title="Werkstatt in Wehringhausen", date=datetime.date(2026, 10, 20), author="Quartiersbüro")
    newer = PostFactory(title="Stadtteilfest & Flohmarkt", date=datetime.date(2026, 10, 27), teaser="Am <Samstag>.")

    feed = read(client, "/aktuelles/feed.xml")

    assert "Quartiersportal" in feed.feed.title
    assert feed.feed.link == f"{SITE}/aktuelles/"
    assert {link.href for link in feed.feed.links if link.rel == "self"} == {f"{SITE}/aktuelles/feed.xml"}
    assert [entry.title for entry in feed.entries] == ["Stadtteilfest & Flohmarkt", "Werkstatt in Wehringhausen"]
    first, second = feed.entries
    assert first.link == f"{SITE}/aktuelles/{newer.slug}/"
    assert second.link == f"{SITE}/aktuelles/{older.slug}/"
    # The teaser is plain text in an HTML summary: shown as typed, never as markup.
    assert first.summary_detail.type == "text/html" and first.summary == "Am &lt;Samstag&gt;."
    assert second.author == "Quartiersbüro"
    assert first.author == "Quartiersportal"  # no author named: the portal
    # Published at the start of the post's day, German time (23:00 UTC in winter, 22:00 in summer).
    assert first.published_parsed[:5] == (2026, 10, 26, 23, 0)
    assert second.published_parsed[:5] == (2026, 10, 19, 22, 0)
    assert first.updated_parsed >= first.published_parsed
    assert feed.feed.updated_parsed == max(entry.updated_parsed for entry in feed.entries)


def test_a_post_online_later_than_its_date_is_published_when_it_went_online(client):
    went_online = datetime.datetime(2026, 10, 27, 9, 30, tzinfo=BERLIN)
    PostFactory(date=datetime.date(2026, 10, 26), publish_from=went_online)

    (entry,) = read(client, "/aktuelles/feed.xml").entries

    assert entry.published_parsed[:5] == (2026, 10, 27, 8, 30)


def test_only_published_posts_within_their_schedule(client):
    now = datetime.datetime.now(datetime.UTC)
    PostFactory(title="Sichtbar")
    PostFactory(title="Entwurf", published=False)
    PostFactory(title="Geplant", publish_from=now + datetime.timedelta(hours=1))
    PostFactory(title="Abgelaufen", publish_until=now - datetime.timedelta(seconds=1))
    PostFactory(title="Seit eben online", publish_from=now - datetime.timedelta(seconds=1))

    titles = {entry.title for entry in read(client, "/aktuelles/feed.xml").entries}

    assert titles == {"Sichtbar", "Seit eben online"}


def test_staff_get_no_drafts_either(client_for, editor):
    PostFactory(title="Entwurf", published=False)

    assert read(client_for(editor), "/aktuelles/feed.xml").entries == []


def test_the_feed_is_bounded(client):
    for day in range(FEED_ENTRIES + 5):
        PostFactory(date=TODAY - datetime.timedelta(days=day), title=f"Tag {day}")

    entries = read(client, "/aktuelles/feed.xml").entries

    assert len(entries) == FEED_ENTRIES
    assert entries[0].title == "Tag 0" and entries[-1].title == f"Tag {FEED_ENTRIES - 1}"


def test_district_feed_has_the_districts_posts(client):
    district, other = DistrictFactory(slug="heven", name="Heven"), DistrictFactory()
    PostFactory(title="Hier").districts.add(district)
    PostFactory(title="Woanders").districts.add(other)
    PostFactory(title="Entwurf hier", published=False).districts.add(district)

    feed = read(client, "/quartiere/heven/aktuelles/feed.xml")

    assert [entry.title for entry in feed.entries] == ["Hier"]
    assert "Heven" in feed.feed.title
    assert feed.feed.link == f"{SITE}/quartiere/heven/"
    assert {link.href for link in feed.feed.links if link.rel == "self"} == {
        f"{SITE}/quartiere/heven/aktuelles/feed.xml"
    }


def test_project_feed_has_the_projects_posts(client):
    project, other = ProjectFactory(slug="werkstatt", title="Werkstatt"), ProjectFactory()
    PostFactory(title="Zum Projekt").projects.add(project)
    PostFactory(title="Anderes").projects.add(other)

    feed = read(client, "/projekte/werkstatt/aktuelles/feed.xml")

    assert [entry.title for entry in feed.entries] == ["Zum Projekt"]
    assert "Werkstatt" in feed.feed.title
    assert feed.feed.link == f"{SITE}/projekte/werkstatt/"


def test_feeds_of_hidden_or_unknown_districts_and_projects_are_not_found(client):
    DistrictFactory(slug="entwurf", published=False)
    ProjectFactory(slug="entwurf", published=False)

    for url in (
        "/quartiere/entwurf/aktuelles/feed.xml",
        "/quartiere/gibt-es-nicht/aktuelles/feed.xml",
        "/projekte/entwurf/aktuelles/feed.xml",
        "/projekte/gibt-es-nicht/aktuelles/feed.xml",
    ):
        assert client.get(url).status_code == 404, url


@pytest.mark.parametrize(
    "url",
    [
        "/aktuelles/feed.xml?seite=%00&quartier=<script>",
        "/aktuelles/feed.xml?format=rss&type=" + "x" * 3000,
        "/quartiere/%00/aktuelles/feed.xml",
        "/projekte/%C3%A4%E2%80%AE/aktuelles/feed.xml",
    ],
)
def test_hostile_addresses_get_no_error(client, url):
    PostFactory()

    assert client.get(url).status_code in (200, 404)


def grow(count, district, project):
    """``count`` published posts of the district and the project, in bulk (fast)."""
    posts = Post.objects.bulk_create(
        PostFactory.build(author="Redaktion", date=TODAY - datetime.timedelta(days=n)) for n in range(count)
    )
    Post.districts.through.objects.bulk_create(Post.districts.through(post=post, district=district) for post in posts)
    Post.projects.through.objects.bulk_create(Post.projects.through(post=post, project=project) for post in posts)


@pytest.mark.parametrize("count", [3, 300])
@pytest.mark.parametrize(
    "url", ["/aktuelles/feed.xml", "/quartiere/heven/aktuelles/feed.xml", "/projekte/werkstatt/aktuelles/feed.xml"]
)
def test_query_count_does_not_grow_with_the_posts(client, django_assert_max_num_queries, count, url):
    grow(count, DistrictFactory(slug="heven"), ProjectFactory(slug="werkstatt"))

    with django_assert_max_num_queries(2):
        feed = read(client, url)

    assert len(feed.entries) == min(count, FEED_ENTRIES)


def test_a_post_called_feed_keeps_its_page(client):
    PostFactory(slug="feed", title="Feed")

    assert client.get("/aktuelles/feed/").status_code == 200
    assert [entry.title for entry in read(client, "/aktuelles/feed.xml").entries] == ["Feed"]
