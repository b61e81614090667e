"""``seed_demo``: one command fills an empty database with a believable network of the
fictional city of Ruhrbach; a second run changes nothing; every date is relative to today."""

import io
import zoneinfo
from datetime import datetime, time, timedelta
from decimal import Decimal
from importlib import import_module
from itertools import pairwise
from types import SimpleNamespace

import pytest
import time_machine
from django.conf import settings
from django.core.files.storage import default_storage
from django.core.management import call_command
from django.db import connection, transaction
from django.db.migrations.loader import MigrationLoader
from django.test import override_settings
from django.utils import timezone
from PIL import Image

from core.tests.html import find_elements
from funding.models import Funding, FundingProgramme
from news.models import Event, EventOccurrence, Post, PostImage
from partners.models import ContactPerson, Organisation
from portal.demo import COUNTED, demo_load
from portal.demo.pages import STARTER_PAGES
from projects.models import Project, ProjectImage
from quartier.geo import validate_boundary
from quartier.models import District, Office, ProgrammeStatus, SitePage

pytestmark = pytest.mark.django_db


def _all_counts():
    """Rows of every demo model, of the many-to-many tables and of the change history."""
    counts = {label: model.objects.count() for label, model in COUNTED.items()}
    for model in (District, Organisation, ContactPerson, Project, Office):
        counts[f"{model.__name__} history"] = model.history.count()
    for field in ("partners", "responsible_organisations", "districts", "contacts", "target_groups"):
        counts[f"Project.{field}"] = getattr(Project, field).through.objects.count()
    counts["Project.related_projects"] = Project.related_projects.through.objects.count()
    counts["Office.contacts"] = Office.contacts.through.objects.count()
    for model in (Post, Event):
        counts[f"{model.__name__} history"] = model.history.count()
    for field in ("districts", "projects", "programmes", "organisations"):
        counts[f"Post.{field}"] = getattr(Post, field).through.objects.count()
    counts["Event.districts"] = Event.districts.through.objects.count()
    counts["Event dates"] = list(EventOccurrence.objects.values_list("pk", "start"))
    return counts


@pytest.fixture(scope="class")
def network(django_db_setup, django_db_blocker, tmp_path_factory):
    """``seed_demo`` run once on the empty test database, pictures included, for the tests
    of ``TestSeededNetwork``: they only read what it made (what a test changes is rolled
    back after it, as usual). Seeding takes seconds, so the class shares one run instead of
    one per test. The clock stands at noon, so that no test sees the date change at midnight
    between the seeding and its checks."""
    noon = datetime.combine(timezone.localdate(), time(12), tzinfo=zoneinfo.ZoneInfo(settings.TIME_ZONE))
    media = tmp_path_factory.mktemp("demo-media")
    out = io.StringIO()
    with (
        time_machine.travel(noon, tick=True),
        override_settings(MEDIA_ROOT=media),
        django_db_blocker.unblock(),
        transaction.atomic(),
    ):
        before = SimpleNamespace(
            districts=District.objects.exists(),
            pages={page.slug: (page.title, page.body) for page in SitePage.objects.all()},
        )
        call_command("seed_demo", stdout=out)
        yield SimpleNamespace(today=timezone.localdate(), media=media, before=before, output=out.getvalue())
        transaction.set_rollback(True)


@pytest.mark.usefixtures("network")
class TestSeededNetwork:
    @pytest.fixture(autouse=True)
    def _network_media(self, _media_in_tmp, settings, network):
        settings.MEDIA_ROOT = network.media  # the pictures seed_demo drew

    def test_an_empty_database_gets_the_whole_network(self, network):
        assert not network.before.districts
        today = network.today

        districts = District.objects.all()
        assert districts.count() >= 6
        assert set(districts.values_list("kind", flat=True)) == set(District.Kind.values)
        statuses = {district.programme_status(today) for district in districts}
        assert {ProgrammeStatus.PLANNED, ProgrammeStatus.RUNNING, ProgrammeStatus.COMPLETED} <= statuses
        archived = districts.get(archived=True)
        assert archived.programme_status(today) == ProgrammeStatus.COMPLETED
        assert archived.archive_note.startswith("Das Programm endete im ")
        assert archived.archive_note.endswith("diese Seite wird nicht mehr aktualisiert.")
        assert District.objects.published().count() == districts.count() - 1

        offices = Office.objects.all()
        assert {"quartiersbuero", "innenstadtbuero", "beratung", "familienzentrum"} <= set(
            offices.values_list("kind", flat=True)
        )
        assert all(office.street and office.postcode and office.opening_hours_lines() for office in offices)
        assert "Sprechstunde" in offices.get(kind=Office.Kind.FAMILIENZENTRUM).opening_hours

        organisations = Organisation.objects.all()
        assert organisations.count() >= 12
        assert len(set(organisations.values_list("kind", flat=True))) >= 8
        members = Organisation.objects.members()
        assert members.count() >= 8 and organisations.exclude(pk__in=members).exists()
        assert all(member.member_since and member.member_since <= today for member in members)
        assert all(org.website.endswith(".example.org/") for org in organisations)

        contacts = ContactPerson.objects.all()
        assert contacts.count() >= 10
        assert ContactPerson.objects.published().count() >= 8
        assert 1 <= contacts.filter(publication_consent=False).count() <= 2
        assert all(c.email.endswith("@example.org") and c.unit and c.phone for c in contacts)
        assert all(c.last_checked and c.last_checked <= today for c in contacts)
        assert contacts.filter(unit__startswith="Dez. 1 / Stabsstelle").exists()

    def test_dates_follow_today(self, network):
        _assert_dates_follow(network.today)

    def test_projects_span_programmes_statuses_and_visibility(self):
        projects = Project.objects.all()
        assert projects.count() >= 15
        assert projects.planned().exists() and projects.running().exists() and projects.completed().exists()
        assert projects.filter(archived=True).count() >= 1
        assert all(p.archive_note.endswith("nicht mehr aktualisiert.") for p in projects.filter(archived=True))
        draft = projects.get(published=False)
        assert draft not in Project.objects.published()
        for kind in FundingProgramme.Kind.BIWAQ, FundingProgramme.Kind.STAEDTEBAU, FundingProgramme.Kind.RESIDENTS_FUND:
            assert Funding.objects.filter(programme__kind=kind, amount__gt=0, share__gt=0).exists(), kind
        biwaq = FundingProgramme.objects.get(slug="biwaq-v")
        assert {f.level for f in biwaq.funders.all()} == {"eu", "bund"}
        fund = FundingProgramme.objects.get(slug="bewohnerfonds-bruchfeld")
        assert "1.500 Euro" in fund.description and "Bewohnerjury" in fund.description

        for project in Project.objects.published():
            assert project.code and project.summary and project.task_list() and project.fundings.exists(), project
            assert project.districts.exists() and project.responsible_organisations.exists(), project

    def test_the_city_centre_office_follows_the_real_fact_sheet(self):
        sheet = Project.objects.get(code="HS V 1")
        assert sheet.title == "Innenstadt-Büro – Quartiersmanagement"
        assert sheet.total_cost == Decimal("600000.00")
        assert sheet.further_funds == "keine" and "30 Wochenstunden" in sheet.staffing
        assert len(sheet.task_list()) == 8 and sheet.impact_goal_list() and sheet.result_goal_list()
        assert "FRL Nr. 18" in sheet.fundings.get().note
        assert {o.kind for o in sheet.responsible_organisations.all()} == {"stadtverwaltung", "stadtmarketing"}
        assert (sheet.end - sheet.start).days > 5 * 365
        related = set(sheet.related_projects.values_list("code", flat=True))
        assert {"HS V 2", "HS V 3", "HS V 4"} <= related
        fund = Project.objects.get(code="HS V 2")
        assert sheet in fund.related_projects.all()  # cross-references are symmetric

    def test_every_boundary_is_a_valid_closed_polygon_of_six_to_twelve_points(self):
        corners = []
        for district in District.objects.all():
            validate_boundary(district.boundary)
            (ring,) = district.boundary["coordinates"]
            assert ring[0] == ring[-1]
            assert 6 <= len(ring) - 1 <= 12, district
            assert all(7.2 < lon < 7.5 and 51.38 < lat < 51.50 for lon, lat in ring)
            corners.append({tuple(point) for point in ring})
        # A patchwork: every district shares corners with at least two neighbours.
        for own in corners:
            assert sum(1 for other in corners if other is not own and own & other) >= 2

    def test_site_pages_say_what_the_portal_does(self):
        pages = {page.slug: page.body for page in SitePage.objects.all()}
        assert set(pages) == {"impressum", "datenschutz", "barrierefreiheit"}
        assert all(body.startswith("## ") for body in pages.values())
        privacy = pages["datenschutz"]
        days = settings.MEMBERSHIP_RETENTION_DAYS
        assert f"{days} Tage nach dem Absenden mit allen Angaben gelöscht" in privacy
        assert f"{days} Tage nach der Entscheidung anonymisiert" in privacy
        assert "Double-Opt-in" in privacy and "Bestätigungslink" in privacy
        assert "keine Analyse- oder Trackingwerkzeuge" in privacy and "keine Anfragen an Server Dritter" in privacy
        accessibility = pages["barrierefreiheit"]
        assert "barrierefreiheit@example.org" in accessibility and "## Durchsetzungsverfahren" in accessibility

    def test_seed_demo_replaces_the_starter_texts(self, network, resident):
        assert network.before.pages == STARTER_PAGES
        for page in SitePage.objects.all():
            assert page.body != STARTER_PAGES[page.slug][1]
            # The newest row by id: the network is seeded at noon of today (time_machine), so
            # after noon the migration's row carries the later history_date.
            assert page.history.order_by("-history_id").first().history_change_reason == "Demo-Text (seed_demo)"
        page = resident.get("/barrierefreiheit/").content.decode()
        assert find_elements(page, "a", href="mailto:barrierefreiheit@example.org")

    def test_running_the_command_twice_creates_nothing_new(self, network):
        # The first run is the class's own (``network``).
        assert f"{Project.objects.count()} Projekte" in network.output.splitlines()[-1]
        first = _all_counts()
        files = sorted(default_storage.listdir("projects")[1])
        out = io.StringIO()
        call_command("seed_demo", stdout=out)
        assert _all_counts() == first
        assert sorted(default_storage.listdir("projects")[1]) == files
        assert f"{Project.objects.count()} Projekte" in out.getvalue().splitlines()[-1]

    def test_a_year_of_posts_and_events_around_today(self, network):
        today = network.today
        posts = Post.objects.all()
        public = Post.objects.published()
        assert public.count() >= 10
        dates = sorted(public.values_list("date", flat=True))
        assert dates[0] <= today - timedelta(days=200) and dates[-1] >= today - timedelta(days=14)
        assert all(day <= today for day in dates)
        # One waits for its "online from", one is a draft: the back office shows both kinds.
        waiting = posts.get(published=True, publish_from__gt=timezone.now())
        assert waiting not in public and waiting.date > today
        assert posts.filter(published=False).count() == 1
        for post in public:
            assert post.districts.exists() and post.organisations.exists() and post.author, post
        assert public.filter(projects__isnull=False).distinct().count() >= 8
        assert public.filter(programmes__slug="biwaq-v").exists()

        dates = EventOccurrence.objects.published()
        upcoming, past = dates.upcoming(), dates.past()
        assert upcoming.count() >= 15 and past.count() >= 30
        first, last = dates.first().start, dates.last().start
        assert timezone.localdate(first) <= today - timedelta(days=200)
        assert timezone.localdate(last) >= today + timedelta(days=90)
        events = Event.objects.published()
        assert events.count() >= 15
        assert {"none", "link", "email", "phone"} <= set(events.values_list("registration", flat=True))
        assert events.filter(office__isnull=False).exists() and events.filter(office__isnull=True).exists()
        assert events.filter(all_day=True).exists()
        for event in events:
            assert event.districts.exists() and event.organiser, event
            assert not event.registration_email or event.registration_email.endswith("@example.org")
            assert not event.registration_url or ".example.org/" in event.registration_url
        for status in (Event.Status.CANCELLED, Event.Status.POSTPONED):
            event = events.get(status=status)
            assert event.status_note and event.occurrences.upcoming().exists()

    def test_the_series_keep_their_weekday_and_time_across_the_clock_changes(self):
        weekly = Event.objects.get(repeat=Event.Repeat.WEEKLY)
        starts = [timezone.localtime(o.start) for o in weekly.occurrences.all()]
        assert len(starts) >= 45
        assert {(start.weekday(), start.hour, start.minute) for start in starts} == {(2, 13, 0)}  # Wednesdays
        assert {later.date() - earlier.date() for earlier, later in pairwise(starts)} == {timedelta(weeks=1)}
        assert len({start.utcoffset() for start in starts}) == 2  # summer and winter time both
        monthly = Event.objects.get(repeat=Event.Repeat.MONTHLY)
        starts = [timezone.localtime(o.start) for o in monthly.occurrences.all()]
        assert len(starts) >= 11
        assert {(start.weekday(), start.day <= 7, start.hour) for start in starts} == {(3, True, 18)}  # 1st Thursday
        assert len({(start.year, start.month) for start in starts}) == len(starts)

    def test_post_pictures_have_alt_text_credit_and_a_rendition(self):
        images = PostImage.objects.all()
        assert images.count() >= 2
        for image in images:
            assert image.alt_text and image.caption and image.credit.startswith("Illustration: ")
            assert image.rendition and default_storage.exists(image.rendition.name)

    def test_every_picture_has_alt_text_credit_and_a_rendition(self):
        images = ProjectImage.objects.all()
        assert images.count() >= 8
        assert images.values("project").distinct().count() >= 5
        for image in images:
            assert image.alt_text and image.caption and image.credit.startswith("Illustration: ")
            assert image.rendition and default_storage.exists(image.rendition.name)
            assert (image.width, image.height) == (1600, 1000)
            with default_storage.open(image.rendition.name) as file, Image.open(file) as web:
                assert web.format == "WEBP" and web.width == 1200
        pictured = District.objects.exclude(image="")
        assert pictured.count() >= 3
        for district in pictured:
            assert district.image_alt and district.image_credit
            assert default_storage.exists(district.image_rendition.name)


def _assert_dates_follow(today):
    projects = Project.objects.all()
    assert projects.planned(today).exists()
    assert projects.running(today).exists()
    assert projects.completed(today).exists()
    statuses = {district.programme_status(today) for district in District.objects.all()}
    assert {ProgrammeStatus.PLANNED, ProgrammeStatus.RUNNING, ProgrammeStatus.COMPLETED} <= statuses
    assert all(c.last_checked <= today for c in ContactPerson.objects.all())
    assert Project.objects.get(code="HS V 1").start.year in (today.year - 5, today.year - 4)
    noon = datetime.combine(today, time(12), tzinfo=zoneinfo.ZoneInfo(settings.TIME_ZONE))
    dates = EventOccurrence.objects.published()
    assert dates.upcoming(noon).count() >= 15 and dates.past(noon).count() >= 30
    assert max(Post.objects.filter(publish_from=None).values_list("date", flat=True)) == today


@pytest.mark.parametrize("days", [-500, 400, 3000])  # today itself: TestSeededNetwork
def test_dates_follow_today(days):
    today = timezone.localdate() + timedelta(days=days)
    demo_load(today=today, pictures=False)
    _assert_dates_follow(today)


def test_without_demo_data_the_footer_pages_exist_with_starter_texts(resident):
    """Migration 0004 creates the three pages; no seed_demo needed for the footer links."""
    assert not District.objects.exists()
    for slug in STARTER_PAGES:
        response = resident.get(f"/{slug}/")
        assert response.status_code == 200, slug
        assert "Dies ist ein Ausgangstext, den die Redaktion noch vervollständigt." in response.content.decode()
    privacy = SitePage.objects.get(slug="datenschutz").body
    assert "keine Analyse- oder Trackingwerkzeuge" in privacy and "Double-Opt-in" in privacy
    accessibility = SitePage.objects.get(slug="barrierefreiheit").body
    assert "barrierefreiheit@example.org" in accessibility and "Ombudsstelle" in accessibility


@pytest.mark.parametrize("field", ["title", "body"])
def test_site_pages_edited_by_staff_are_kept(editor, field):
    page = SitePage.objects.get(slug="impressum")
    setattr(page, field, getattr(page, field) + " Von der Redaktion ergänzt.")
    page._history_user = editor
    page.save()
    edited = (page.title, page.body)

    demo_load(pictures=False)

    assert (SitePage.objects.values_list("title", "body").get(slug="impressum")) == edited
    # the two pages nobody touched got the demo text
    assert SitePage.objects.exclude(slug="impressum").filter(body__contains="Ausgangstext").count() == 0


def test_a_page_staff_deleted_comes_back_with_the_demo_text():
    SitePage.objects.filter(slug="datenschutz").delete()
    demo_load(pictures=False)
    assert SitePage.objects.get(slug="datenschutz").body.startswith("## Verantwortliche Stelle")


def test_the_migration_creates_missing_pages_only_and_reverses_to_the_edited_ones():
    SitePage.objects.all().delete()
    SitePage.history.all().delete()
    starter = import_module("quartier.migrations.0004_default_site_pages")
    # The models as the migration sees them (no history signals, unlike the real ones).
    apps = MigrationLoader(connection).project_state(("quartier", "0004_default_site_pages")).apps

    starter.create_missing_pages(apps, None)
    starter.create_missing_pages(apps, None)  # a second run adds nothing

    assert SitePage.objects.count() == 3 and SitePage.history.filter(history_type="+").count() == 3
    SitePage.objects.filter(slug="impressum").update(body="Von der Redaktion geschrieben.")
    starter.remove_unedited_pages(apps, None)
    assert list(SitePage.objects.values_list("slug", "body")) == [("impressum", "Von der Redaktion geschrieben.")]
    assert SitePage.history.count() == 1
