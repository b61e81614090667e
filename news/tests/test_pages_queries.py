"""The news pages with 3 and with 300 posts and events: the same few queries, and the 300
really on the page (or a full page of a paginated list). The data is built once for the
module, in bulk, inside a transaction rolled back at its end; each test only reads it."""

import datetime
import re

import pytest
from django.core.cache import cache
from django.db import connection, transaction
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from funding.models import FundingProgramme
from funding.tests.factories import FundingProgrammeFactory
from news.models import Event, EventOccurrence, Post, PostImage
from news.tests.factories import EventFactory, PostFactory
from partners.models import Organisation
from partners.tests.factories import OrganisationFactory
from projects.models import Project
from projects.tests.factories import ProjectFactory
from quartier.models import District
from quartier.tests.factories import DistrictFactory

pytestmark = pytest.mark.django_db

DAY = datetime.timedelta(days=1)

PAGES = [
    "/aktuelles/",
    "/aktuelles/?quartier=zuhause&projekt=werkstatt&organisation=verein&monat={month}&seite=2",
    "/aktuelles/beitrag/",
    "/termine/",
    "/termine/?quartier=zuhause&projekt=werkstatt&organisation=verein&seite=2",
    "/termine/?zeit=vergangen&quartier=zuhause&seite=2",
    "/termine/fest/",
    "/termine/vorbei/",
    # The latest posts and next events on the pages of the directory.
    "/",
    "/quartiere/zuhause/",
    "/projekte/werkstatt/",
    "/partner/verein/",
]

POST = r'href="/aktuelles/(?!feed/)([\w-]+)/"'
EVENT = r'href="/termine/([\w-]+)/"'
DISTRICT = r'href="/quartiere/([\w-]+)/"'
PROJECT = r'href="/projekte/([\w-]+)/"'
PARTNER = r'href="/partner/([\w-]+)/"'
PROGRAMME = r'href="/foerderprogramme/([\w-]+)/"'
IMAGE = r'src="/media/posts/(\d+)\.png"'

SHOWN = {
    "/aktuelles/": {POST: 10},
    PAGES[1]: {POST: 10},
    "/aktuelles/beitrag/": {DISTRICT: 300, PROJECT: 300, PARTNER: 300, PROGRAMME: 300},
    "/termine/": {EVENT: 20},
    PAGES[4]: {EVENT: 20},
    PAGES[5]: {EVENT: 20},
    "/": {POST: 3, EVENT: 3},
    "/quartiere/zuhause/": {POST: 3, EVENT: 3},
    "/projekte/werkstatt/": {POST: 3, EVENT: 3},
    "/partner/verein/": {POST: 3, EVENT: 3},
}


def link(model, field_name, pairs):
    field = model._meta.get_field(field_name)
    through, source, target = field.remote_field.through, field.m2m_field_name(), field.m2m_reverse_field_name()
    through.objects.bulk_create(through(**{source: row, target: other}) for row, other in pairs)


def grow(n):
    """``n`` districts, projects, organisations and programmes; ``n`` posts this month and
    ``n`` events (each with a date next week and one last month), all in the district
    "zuhause", of the project "werkstatt" and the organisation "verein"; the post "beitrag"
    linked to all of them, the event "fest" repeating weekly (at most 104 dates)."""
    home = District.objects.filter(slug="zuhause").first() or DistrictFactory(slug="zuhause")
    project = Project.objects.filter(slug="werkstatt").first() or ProjectFactory(slug="werkstatt")
    organisation = Organisation.objects.filter(slug="verein").first() or OrganisationFactory(slug="verein")
    post = Post.objects.filter(slug="beitrag").first() or PostFactory(slug="beitrag")
    if not Event.objects.filter(slug="fest").exists():
        EventFactory(slug="fest", repeat=Event.Repeat.WEEKLY, repeat_until=timezone.localdate() + 800 * DAY)
        EventFactory(slug="vorbei", start=timezone.now() - 10 * DAY, end=timezone.now() - 10 * DAY)
    today = timezone.localdate()
    districts = District.objects.bulk_create(DistrictFactory.build_batch(n))
    projects = Project.objects.bulk_create(ProjectFactory.build_batch(n))
    organisations = Organisation.objects.bulk_create(OrganisationFactory.build_batch(n))
    programmes = FundingProgramme.objects.bulk_create(FundingProgrammeFactory.build_batch(n))
    posts = Post.objects.bulk_create(PostFactory.build(date=today) for _ in range(n))
    link(Post, "districts", [(p, d) for p in posts for d in (home,)] + [(post, d) for d in districts])
    link(Post, "projects", [(p, project) for p in posts] + [(post, p) for p in projects])
    link(Post, "organisations", [(p, organisation) for p in posts] + [(post, o) for o in organisations])
    link(Post, "programmes", [(post, p) for p in programmes])
    first = PostImage.objects.count()
    PostImage.objects.bulk_create(
        PostImage(post=p, image=f"posts/{first + i}.png", alt_text="Bild", credit="Foto", width=4, height=3)
        for i, p in enumerate([*posts, *[post] * n])
    )
    events = Event.objects.bulk_create(
        EventFactory.build(project=project, organiser=organisation, start=timezone.now() + 7 * DAY) for _ in range(n)
    )
    link(Event, "districts", [(e, d) for e, district in zip(events, districts, strict=True) for d in (district, home)])
    EventOccurrence.objects.bulk_create(
        EventOccurrence(event=e, start=start, end=start + 2 * datetime.timedelta(hours=1))
        for e in events
        for start in (e.start, e.start - 40 * DAY)
    )


def visit(path):
    """``{month}`` in ``path`` is this month (the tests are collected on a frozen clock)."""
    cache.clear()
    with CaptureQueriesContext(connection) as queries:
        response = Client().get(path.format(month=f"{timezone.localdate():%Y-%m}"))
    assert response.status_code == 200, path
    return len(queries), response.content.decode()


@pytest.fixture(scope="module")
def visits(django_db_setup, django_db_blocker):
    with django_db_blocker.unblock(), transaction.atomic():
        grow(3)
        small = {path: visit(path) for path in PAGES}
        grow(297)
        assert Post.objects.published().count() == 301 and Event.objects.published().count() == 302
        large = {path: visit(path) for path in PAGES}
        yield {path: (small[path], large[path]) for path in PAGES}
        transaction.set_rollback(True)


@pytest.mark.parametrize("path", PAGES)
def test_page_runs_the_same_few_queries_for_3_and_300_posts_and_events(visits, path):
    (few, _), (many, html) = visits[path]
    assert many == few
    assert many <= (10 if path.startswith(("/aktuelles/", "/termine/")) else 16)
    expected = SHOWN.get(path, {})
    assert {pattern: len(set(re.findall(pattern, html))) for pattern in expected} == expected
