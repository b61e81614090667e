"""The page cache (core/page_cache.py): anonymous visitors get stored pages, and every kind
of staff edit shows on the very next anonymous request. Each test runs against the
in-process cache and against Redis (skipped without one, a failure under CI=true)."""

import datetime
import uuid
import zoneinfo

import pytest
from django.core.cache import caches
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from config.env import cache_config, page_cache_config
from core import page_cache
from core.tests.admin_form import admin_form_data
from core.tests.test_ops_cache import REDIS_URL, redis_or_skip
from news.tests.factories import EventFactory
from partners.models import MembershipRequest
from partners.tests.factories import MembershipRequestFactory, OrganisationFactory
from projects.models import Project
from projects.tests.factories import ProjectFactory, ProjectImageFactory
from quartier.models import SitePage
from quartier.tests.factories import DistrictFactory, SitePageFactory

BERLIN = zoneinfo.ZoneInfo("Europe/Berlin")

pytestmark = pytest.mark.django_db


@pytest.fixture(params=["locmem", "redis"])
def pages(request, settings):
    """The page cache switched on, in memory or on Redis under a key prefix of this test."""
    client = None
    if request.param == "redis":
        client = redis_or_skip()
        prefix = f"quartier-test-pages-{uuid.uuid4().hex}"
        settings.CACHES = {**settings.CACHES, "pages": cache_config(f"{REDIS_URL}?key_prefix={prefix}")}
    else:
        settings.CACHES = {**settings.CACHES, "pages": page_cache_config("locmem://")}
        caches["pages"].clear()
    settings.PAGE_CACHE = True
    yield request.param
    if client is not None:
        for key in client.scan_iter(f"{prefix}:*"):
            client.delete(key)
        client.close()


@pytest.fixture
def visitor():
    """An anonymous visitor with a client of its own (the ``client`` fixture is staff's)."""
    return Client()


def state(response):
    return response.headers.get(page_cache.HEADER)


def fetch(visitor, url):
    response = visitor.get(url)
    assert response.status_code == 200, url
    return response.content.decode()


def warm(visitor, url):
    """Two requests: the first stores the page, the second is served from the cache."""
    assert state(visitor.get(url)) == "miss"
    second = visitor.get(url)
    assert state(second) == "hit"
    return second.content.decode()


# --- what is served from the cache --------------------------------------------------------


def test_second_anonymous_request_is_served_from_the_cache(pages, visitor):
    project = ProjectFactory(title="Quartiersgarten Nord")
    url = project.get_absolute_url()
    first = visitor.get(url)
    second = visitor.get(url)
    assert (state(first), state(second)) == ("miss", "hit")
    assert second.content == first.content
    assert second["Content-Type"] == first["Content-Type"]
    assert second["Content-Security-Policy"] and second["X-Frame-Options"] == "DENY"
    assert visitor.head(url).status_code == 200


def test_the_query_string_is_part_of_the_key(pages, visitor):
    ProjectFactory(title="Erstes Projekt")
    url = reverse("projects:project_list")
    warm(visitor, url)
    assert state(visitor.get(url + "?seite=2")) != "hit"
    assert state(visitor.get(url + "?q=x")) == "miss"


def test_a_hit_runs_no_query(pages, visitor, django_assert_num_queries):
    project = ProjectFactory()
    warm(visitor, project.get_absolute_url())
    with django_assert_num_queries(0):
        assert state(visitor.get(project.get_absolute_url())) == "hit"


def test_switched_off_nothing_is_stored_but_the_headers_stay(pages, settings, visitor):
    settings.PAGE_CACHE = False
    project = ProjectFactory()
    response = visitor.get(project.get_absolute_url())
    assert state(response) is None
    assert state(visitor.get(project.get_absolute_url())) is None
    assert response["Cache-Control"] == "max-age=0, must-revalidate"
    assert response["ETag"]


# --- each kind of edit shows at once -------------------------------------------------------


def test_saving_a_project_shows_at_once(pages, visitor):
    project = ProjectFactory(title="Altes Fest")
    url = project.get_absolute_url()
    warm(visitor, url)
    warm(visitor, reverse("projects:project_list"))
    project.title = "Neues Fest"
    project.save()
    assert "Neues Fest" in fetch(visitor, url)
    assert "Neues Fest" in fetch(visitor, reverse("projects:project_list"))


def test_an_edit_in_the_back_office_shows_at_once(pages, visitor, client_for, editor):
    project = ProjectFactory(title="Stadtteilfest")
    url = project.get_absolute_url()
    warm(visitor, url)
    staff = client_for(editor)
    change = reverse("admin:projects_project_change", args=[project.pk])
    data = admin_form_data(staff.get(change), Project)
    data["title"] = "Stadtteilfest am Markt"
    assert staff.post(change, data).status_code == 302
    assert "Stadtteilfest am Markt" in fetch(visitor, url)


def test_deleting_a_project_shows_at_once(pages, visitor):
    project = ProjectFactory(title="Bald gelöscht")
    url = project.get_absolute_url()
    warm(visitor, url)
    list_url = reverse("projects:project_list")
    assert "Bald gelöscht" in warm(visitor, list_url)
    project.delete()
    assert visitor.get(url).status_code == 404
    assert "Bald gelöscht" not in fetch(visitor, list_url)


def test_unpublishing_and_publishing_show_at_once(pages, visitor):
    project = ProjectFactory(title="Mal da, mal nicht")
    url = project.get_absolute_url()
    warm(visitor, url)
    project.published = False
    project.save()
    assert visitor.get(url).status_code == 404
    assert visitor.get(url).status_code == 404
    project.published = True
    project.save()
    assert "Mal da, mal nicht" in fetch(visitor, url)


def test_the_publish_action_of_the_back_office_shows_at_once(pages, visitor, client_for, editor):
    project = ProjectFactory(title="Entwurf wird Seite", published=False)
    list_url = reverse("projects:project_list")
    assert "Entwurf wird Seite" not in warm(visitor, list_url)
    staff = client_for(editor)
    response = staff.post(
        reverse("admin:projects_project_changelist"), {"action": "publish", "_selected_action": [project.pk]}
    )
    assert response.status_code == 302
    assert "Entwurf wird Seite" in fetch(visitor, list_url)


def test_adding_and_removing_a_district_of_a_project_shows_at_once(pages, visitor):
    district = DistrictFactory(name="Heven-Ost")
    project = ProjectFactory(title="Nachbarschaftscafé")
    url = district.get_absolute_url()
    assert "Nachbarschaftscafé" not in warm(visitor, url)
    project.districts.add(district)
    assert "Nachbarschaftscafé" in fetch(visitor, url)
    assert state(visitor.get(url)) == "hit"
    district.projects.remove(project)  # from the other side of the relation
    assert "Nachbarschaftscafé" not in fetch(visitor, url)


def test_a_new_image_of_a_project_shows_at_once(pages, visitor):
    project = ProjectFactory()
    url = project.get_absolute_url()
    warm(visitor, url)
    ProjectImageFactory(project=project, alt_text="Kinder pflanzen Tomaten")
    assert "Kinder pflanzen Tomaten" in fetch(visitor, url)


def test_renaming_an_organisation_shows_on_the_page_of_its_project(pages, visitor):
    organisation = OrganisationFactory(name="Diakonie Mark-Ruhr")
    project = ProjectFactory()
    project.responsible_organisations.add(organisation)
    url = project.get_absolute_url()
    assert "Diakonie Mark-Ruhr" in warm(visitor, url)
    organisation.name = "Diakonie Ruhr"
    organisation.save()
    page = fetch(visitor, url)
    assert "Diakonie Ruhr" in page and "Mark-Ruhr" not in page


def test_a_changed_site_page_shows_at_once(pages, visitor):
    page = SitePageFactory(slug=SitePage.Slug.IMPRESSUM)
    page.body = "Herausgeberin ist die Stadt."
    page.save()
    url = reverse("quartier:impressum")
    assert "Herausgeberin ist die Stadt." in warm(visitor, url)
    page.body = "Herausgeber ist der Kreis."
    page.save()
    assert "Herausgeber ist der Kreis." in fetch(visitor, url)


def test_a_scheduled_moment_passing_shows_at_once(pages, visitor, time_machine):
    now = timezone.now().replace(microsecond=0)
    time_machine.move_to(now)
    ProjectFactory(title="Ab gleich online", publish_from=now + datetime.timedelta(minutes=10))
    ProjectFactory(title="Gleich offline", publish_until=now + datetime.timedelta(minutes=20))
    list_url = reverse("projects:project_list")
    page = warm(visitor, list_url)
    assert "Ab gleich online" not in page and "Gleich offline" in page
    time_machine.move_to(now + datetime.timedelta(minutes=10, seconds=1))
    page = fetch(visitor, list_url)
    assert "Ab gleich online" in page and "Gleich offline" in page
    time_machine.move_to(now + datetime.timedelta(minutes=20, seconds=1))
    page = fetch(visitor, list_url)
    assert "Ab gleich online" in page and "Gleich offline" not in page


def test_midnight_moves_a_planned_project_to_the_running_ones(pages, visitor, time_machine):
    evening = datetime.datetime(2026, 6, 15, 23, 50, tzinfo=BERLIN)
    time_machine.move_to(evening)
    project = ProjectFactory(start=datetime.date(2026, 6, 16), end=None)
    url = project.get_absolute_url()
    planned = warm(visitor, url)
    time_machine.move_to(evening + datetime.timedelta(minutes=11))
    running = fetch(visitor, url)
    assert running != planned
    assert state(visitor.get(url)) == "hit"


def test_the_end_of_an_event_moves_it_to_the_past(pages, visitor, time_machine):
    now = datetime.datetime(2026, 6, 15, 14, 0, tzinfo=BERLIN)
    time_machine.move_to(now)
    EventFactory(
        title="Sprechstunde am Nachmittag",
        start=now - datetime.timedelta(hours=1),
        end=now + datetime.timedelta(hours=1),
    )
    url = reverse("news:event_list")
    assert "Sprechstunde am Nachmittag" in warm(visitor, url)
    time_machine.move_to(now + datetime.timedelta(hours=1, minutes=1))
    assert "Sprechstunde am Nachmittag" not in fetch(visitor, url)


def test_the_cached_page_never_outlives_the_next_scheduled_moment(pages, time_machine):
    now = datetime.datetime(2026, 6, 15, 9, 0, tzinfo=BERLIN)
    time_machine.move_to(now, tick=False)
    soon = now + datetime.timedelta(hours=2)
    ProjectFactory(publish_from=soon)
    ProjectFactory(publish_from=now - datetime.timedelta(days=1))  # passed: no moment
    assert page_cache.next_moment(timezone.now()) == soon
    assert page_cache.expiry(timezone.now(), page_cache.generation()) == now + datetime.timedelta(hours=1)
    ProjectFactory(publish_until=now + datetime.timedelta(minutes=30))
    assert page_cache.expiry(timezone.now(), page_cache.generation()) == now + datetime.timedelta(minutes=30)
    assert page_cache.next_midnight(now) == datetime.datetime(2026, 6, 16, tzinfo=BERLIN)


# --- what is never cached for others -------------------------------------------------------


def test_the_preview_of_staff_is_never_served_to_visitors(pages, visitor, client_for, editor):
    draft = ProjectFactory(title="Geheimer Entwurf", published=False)
    url = draft.get_absolute_url()
    staff = client_for(editor)
    response = staff.get(url)
    assert response.status_code == 200 and "Geheimer Entwurf" in response.content.decode()
    assert state(response) is None
    assert "private" in response["Cache-Control"]
    assert visitor.get(url).status_code == 404


def test_staff_never_get_the_cached_page(pages, visitor, client_for, editor):
    project = ProjectFactory()
    url = project.get_absolute_url()
    warm(visitor, url)
    response = client_for(editor).get(url)
    assert state(response) is None
    assert "private" in response["Cache-Control"]


def test_a_form_with_a_csrf_token_is_never_stored(pages, visitor):
    url = reverse("partners:membership:request") if _has("partners:membership:request") else "/mitmachen/"
    first = visitor.get(url)
    assert first.status_code == 200
    assert "csrfmiddlewaretoken" in first.content.decode()
    other = Client()
    second = other.get(url)
    assert state(first) is None and state(second) is None
    assert "private" in second["Cache-Control"]
    assert second.cookies.get("csrftoken")


def test_a_visitor_with_pending_messages_gets_a_fresh_page(pages, visitor):
    project = ProjectFactory()
    url = project.get_absolute_url()
    warm(visitor, url)
    visitor.cookies["messages"] = "anything"
    assert state(visitor.get(url)) is None


def test_the_back_office_is_never_stored(pages, visitor):
    response = visitor.get(reverse("admin:login"))
    assert state(response) is None
    assert state(visitor.get(reverse("admin:login"))) is None


def test_not_found_is_not_stored(pages, visitor):
    assert visitor.get("/projekte/gibt-es-nicht/").status_code == 404
    assert state(visitor.get("/projekte/gibt-es-nicht/")) is None


# --- what does not invalidate --------------------------------------------------------------


def test_changes_no_public_page_shows_keep_the_pages(pages, visitor, django_user_model):
    project = ProjectFactory()
    url = project.get_absolute_url()
    warm(visitor, url)
    MembershipRequestFactory()
    MembershipRequest.objects.all().delete()
    user = django_user_model.objects.create_user("neu", password="ein-langes-Passwort-123")
    user.last_login = timezone.now()
    user.save()
    assert state(visitor.get(url)) == "hit"


def test_the_generation_changes_again_after_the_commit(pages, django_capture_on_commit_callbacks):
    before = page_cache.generation()
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        ProjectFactory()
        during = page_cache.generation()
        ProjectFactory()
    assert during != before
    assert len(callbacks) == 1  # one more change after the commit, however many rows
    callbacks[0]()
    assert page_cache.generation() != during


# --- HTTP ----------------------------------------------------------------------------------


def test_an_unchanged_page_answers_304(pages, visitor):
    project = ProjectFactory()
    url = project.get_absolute_url()
    first = visitor.get(url)
    etag = first["ETag"]
    assert first["Cache-Control"] == "max-age=0, must-revalidate"
    assert visitor.get(url, headers={"If-None-Match": etag}).status_code == 304  # a hit
    project.summary = "Neu beschrieben."
    project.save()
    assert visitor.get(url, headers={"If-None-Match": etag}).status_code == 200


def test_pages_are_compressed_for_browsers_that_accept_gzip(pages, visitor):
    project = ProjectFactory()
    url = project.get_absolute_url()
    for _ in range(2):  # the miss and the hit
        response = visitor.get(url, headers={"Accept-Encoding": "gzip, br"})
        assert response["Content-Encoding"] == "gzip"
        assert response["ETag"].startswith('W/"')
        assert "Accept-Encoding" in response["Vary"]


def _has(name):
    from django.urls import NoReverseMatch

    try:
        reverse(name)
    except NoReverseMatch:
        return False
    return True


# --- configuration -------------------------------------------------------------------------


def test_a_page_cache_of_each_process_is_warned_about(settings):
    from core.checks import page_cache_shared

    settings.DEBUG = False
    settings.PAGE_CACHE = True
    settings.CACHES = {**settings.CACHES, "pages": page_cache_config("locmem://")}
    assert [w.id for w in page_cache_shared(None)] == ["core.W011"]
    settings.CACHES = {**settings.CACHES, "pages": page_cache_config("redis://127.0.0.1:6379/0")}
    assert page_cache_shared(None) == []
    settings.PAGE_CACHE = False
    settings.CACHES = {**settings.CACHES, "pages": page_cache_config("locmem://")}
    assert page_cache_shared(None) == []


def test_the_pages_of_an_in_process_cache_have_a_store_of_their_own():
    assert page_cache_config("locmem://")["LOCATION"] != cache_config("locmem://")["LOCATION"]
    assert page_cache_config("redis://127.0.0.1:6379/4") == cache_config("redis://127.0.0.1:6379/4")


def test_without_redis_pages_are_rendered_and_an_edit_is_refused(settings, visitor):
    import redis

    settings.CACHES = {**settings.CACHES, "pages": cache_config("redis://127.0.0.1:1/0")}  # nothing listens
    settings.PAGE_CACHE = True
    page = ProjectFactory.build(title="Ohne Cache")
    with pytest.raises(redis.exceptions.ConnectionError):
        page.save()  # could not invalidate: the edit fails (and its transaction rolls back)
    settings.CACHES = {**settings.CACHES, "pages": page_cache_config("locmem://")}
    project = ProjectFactory(title="Ohne Cache")
    settings.CACHES = {**settings.CACHES, "pages": cache_config("redis://127.0.0.1:1/0")}
    response = visitor.get(project.get_absolute_url())
    assert response.status_code == 200 and "Ohne Cache" in response.content.decode()
    assert state(response) is None
