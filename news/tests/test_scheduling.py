"""Scheduled publishing: a published post or event goes online at "online from" and offline
at "offline from" by itself, because every public query asks the clock
(``PublishableQuerySet.published``); no cron job is involved. Staff see it all
along (preview)."""

import datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.contrib.auth.models import AnonymousUser
from django.urls import reverse

from news.models import Event, EventOccurrence, Post
from news.tests.factories import EventFactory, PostFactory

pytestmark = pytest.mark.django_db

BERLIN = ZoneInfo("Europe/Berlin")
TODAY = datetime.date(2026, 10, 20)
# Tomorrow 8 o'clock German time; the day after, the post is taken down at 18 o'clock.
ONLINE_FROM = datetime.datetime(2026, 10, 21, 8, tzinfo=BERLIN)
OFFLINE_FROM = datetime.datetime(2026, 10, 22, 18, tzinfo=BERLIN)
SECOND = datetime.timedelta(seconds=1)


@pytest.fixture(autouse=True)
def _today(freeze_day):
    freeze_day(TODAY)


@pytest.fixture
def scheduled_post():
    return PostFactory(title="Neues Programm", slug="neues-programm", publish_from=ONLINE_FROM)


def _public(model):
    return set(model.objects.published().values_list("title", flat=True))


def _seen_by(model, user):
    return set(model.objects.visible_to(user).values_list("title", flat=True))


def _at(moment):
    return time_machine.travel(moment, tick=False)


def test_a_post_waits_for_its_moment_and_then_is_online(scheduled_post, editor):
    assert "Neues Programm" not in _public(Post)
    assert "Neues Programm" not in _seen_by(Post, AnonymousUser())
    assert "Neues Programm" in _seen_by(Post, editor)  # staff preview it
    assert not scheduled_post.is_public

    with _at(ONLINE_FROM - SECOND):
        assert "Neues Programm" not in _public(Post)
    with _at(ONLINE_FROM):
        assert "Neues Programm" in _public(Post)
        assert Post.objects.get(pk=scheduled_post.pk).is_public


def test_offline_from_takes_a_post_down(scheduled_post):
    Post.objects.filter(pk=scheduled_post.pk).update(publish_until=OFFLINE_FROM)
    with _at(OFFLINE_FROM - SECOND):
        assert "Neues Programm" in _public(Post)
    with _at(OFFLINE_FROM):
        assert "Neues Programm" not in _public(Post)
        assert not Post.objects.get(pk=scheduled_post.pk).is_public


def test_a_draft_stays_offline_whatever_the_dates(scheduled_post):
    Post.objects.filter(pk=scheduled_post.pk).update(published=False)
    with _at(ONLINE_FROM + datetime.timedelta(hours=1)):
        assert "Neues Programm" not in _public(Post)


def test_the_public_pages_follow_the_clock(scheduled_post, resident):
    detail = reverse("news:post_detail", kwargs={"slug": "neues-programm"})
    assert resident.get(detail).status_code == 404
    assert "Neues Programm" not in resident.get(reverse("news:post_list")).content.decode()
    with _at(ONLINE_FROM + datetime.timedelta(minutes=5)):
        assert resident.get(detail).status_code == 200
        assert "Neues Programm" in resident.get(reverse("news:post_list")).content.decode()
    Post.objects.filter(pk=scheduled_post.pk).update(publish_until=OFFLINE_FROM)
    with _at(OFFLINE_FROM):
        assert resident.get(detail).status_code == 404


def test_staff_preview_a_scheduled_post(scheduled_post, client_for, editor):
    detail = reverse("news:post_detail", kwargs={"slug": "neues-programm"})
    assert client_for(editor).get(detail).status_code == 200


def test_an_event_and_its_dates_follow_the_same_rules():
    start = datetime.datetime(2026, 11, 5, 18, tzinfo=BERLIN)
    event = EventFactory(title="Quartiersrat", start=start, end=start + datetime.timedelta(hours=2))
    Event.objects.filter(pk=event.pk).update(publish_from=ONLINE_FROM, publish_until=OFFLINE_FROM)
    dates = EventOccurrence.objects.filter(event=event)
    assert not dates.published().exists()
    assert "Quartiersrat" not in _public(Event)
    with _at(ONLINE_FROM):
        assert "Quartiersrat" in _public(Event)
        assert dates.published().count() == 1
    with _at(OFFLINE_FROM):
        assert "Quartiersrat" not in _public(Event)
        assert not dates.published().exists()


def test_the_editor_schedules_a_post_in_german_time(client_for, editor):
    client = client_for(editor)
    response = client.post(
        reverse("admin:news_post_add"),
        {
            "title": "Sprechstunde wieder geöffnet",
            "date": "21.10.2026",
            "teaser": "Ab morgen wieder dienstags.",
            "published": "on",
            "publish_from_0": "21.10.2026",
            "publish_from_1": "08:00",
            "images-TOTAL_FORMS": "0",
            "images-INITIAL_FORMS": "0",
        },
    )
    assert response.status_code == 302, response.context["adminform"].form.errors
    post = Post.objects.get()
    assert post.publish_from == ONLINE_FROM  # 8 o'clock in Berlin, 6 o'clock UTC
    assert post.publish_from == datetime.datetime(2026, 10, 21, 6, tzinfo=datetime.UTC)
    assert "Sprechstunde wieder geöffnet" not in _public(Post)
    with _at(ONLINE_FROM):
        assert "Sprechstunde wieder geöffnet" in _public(Post)
