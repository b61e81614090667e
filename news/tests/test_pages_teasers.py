"""The latest posts and the next events on the start, district, project and organisation
pages: at most three of each, drafts left out, each event once with its next date, and a
link to the list filtered the same way."""

import datetime
from zoneinfo import ZoneInfo

import pytest
from django.utils import translation
from django.utils.translation import gettext

from core.tests.html import find_elements
from news.models import Event
from news.tests.factories import EventFactory, PostFactory
from partners.tests.factories import OrganisationFactory
from projects.tests.factories import ProjectFactory
from quartier.tests.factories import DistrictFactory

pytestmark = pytest.mark.django_db

TODAY = datetime.date(2026, 10, 6)
BERLIN = ZoneInfo("Europe/Berlin")


@pytest.fixture(autouse=True)
def _today(freeze_day):
    freeze_day(TODAY)


def event_in(days, **kwargs):
    start = datetime.datetime.combine(TODAY + datetime.timedelta(days=days), datetime.time(18), tzinfo=BERLIN)
    return EventFactory(start=start, end=start + datetime.timedelta(hours=2), **kwargs)


def links(html, prefix):
    return [
        dict(a.attributes)["href"]
        for a in find_elements(html, "a")
        if dict(a.attributes).get("href", "").startswith(prefix)
    ]


@pytest.fixture
def project():
    return ProjectFactory(slug="werkstatt")


@pytest.fixture
def district():
    return DistrictFactory(slug="heven")


@pytest.fixture
def organisation():
    return OrganisationFactory(slug="verein")


def _attach(kind, target, post, event):
    if kind == "project":
        post.projects.add(target)
        event.project = target
        event.save()
    elif kind == "district":
        post.districts.add(target)
        event.districts.add(target)
    else:
        post.organisations.add(target)
        event.organiser = target
        event.save()


@pytest.mark.parametrize(
    ("kind", "parameter"), [("project", "projekt"), ("district", "quartier"), ("organisation", "organisation")]
)
def test_page_shows_three_latest_posts_and_three_next_events_with_filtered_links(resident, request, kind, parameter):
    target = request.getfixturevalue(kind)
    for n in range(5):
        _attach(
            kind,
            target,
            PostFactory(slug=f"beitrag-{n}", date=TODAY - datetime.timedelta(days=n)),
            event_in(n + 1, slug=f"termin-{n}"),
        )
    draft = PostFactory(slug="entwurf", published=False, date=TODAY)
    _attach(kind, target, draft, event_in(0, slug="geheim", published=False))
    PostFactory(slug="fremd", date=TODAY)  # not about this page

    html = resident.get(target.get_absolute_url()).content.decode()

    assert links(html, "/aktuelles/beitrag-") == [
        "/aktuelles/beitrag-0/",
        "/aktuelles/beitrag-1/",
        "/aktuelles/beitrag-2/",
    ]
    assert links(html, "/termine/termin-") == ["/termine/termin-0/", "/termine/termin-1/", "/termine/termin-2/"]
    assert "/aktuelles/entwurf/" not in html and "/termine/geheim/" not in html and "/aktuelles/fremd/" not in html
    assert f"/aktuelles/?{parameter}={target.slug}" in links(html, "/aktuelles/?")
    assert f"/termine/?{parameter}={target.slug}" in links(html, "/termine/?")


def test_a_weekly_event_appears_once_with_its_next_date(resident, project):
    weekly = event_in(
        -14, project=project, repeat=Event.Repeat.WEEKLY, repeat_until=TODAY + datetime.timedelta(days=60)
    )
    html = resident.get(project.get_absolute_url()).content.decode()
    assert links(html, weekly.get_absolute_url()) == [weekly.get_absolute_url()]
    assert "Di, 06.10.2026, 18:00–20:00" in html


def test_a_page_without_posts_and_events_has_no_section(resident, project):
    html = resident.get(project.get_absolute_url()).content.decode()
    assert not find_elements(html, "h2", id="latest-posts-heading")


def test_start_page_shows_the_latest_of_all(resident):
    PostFactory(slug="neu", title="Neuigkeit")
    event_in(2, slug="bald")
    html = resident.get("/").content.decode()
    assert links(html, "/aktuelles/neu/") and links(html, "/termine/bald/")
    with translation.override("de"):
        assert gettext("Next events") in html


def test_past_events_are_not_next_events(resident, project):
    event_in(-3, slug="vorbei", project=project)
    PostFactory().projects.add(project)
    html = resident.get(project.get_absolute_url()).content.decode()
    assert "/termine/vorbei/" not in html
    with translation.override("de"):
        assert gettext("No upcoming events at the moment.") in html


def test_main_navigation_names_news_and_events(resident):
    html = resident.get("/termine/").content.decode()
    nav = html[html.index('<nav class="main-nav"') : html.index("</nav>") + len("</nav>")]
    assert find_elements(nav, "a", href="/aktuelles/")
    assert find_elements(nav, "a", href="/termine/", **{"aria-current": "page"})
