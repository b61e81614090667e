"""Posts and events in the site search (portal/search.py): found by their words, published
only, with the date of a post and the status of an event in words."""

import datetime

import pytest
from django.utils import timezone, translation
from django.utils.translation import gettext

from core.tests.html import find_elements
from news.models import Event
from news.tests.factories import EventFactory, PostFactory

pytestmark = pytest.mark.django_db

URL = "/suche/"


def group(response, key):
    return next(group for group in response.context["groups"] if group["key"] == key)


def test_posts_and_events_are_found_by_their_words(resident):
    post = PostFactory(title="Werkstatt im Bürgerhaus", teaser="Pläne für den Spielplatz.")
    event = EventFactory(title="Nachbarschaftsfest", summary="Mit Spielplatz-Einweihung und Musik.")
    response = resident.get(URL, {"q": "Spielplatz"})
    assert group(response, "posts")["results"] == [post]
    assert group(response, "events")["results"] == [event]
    html = response.content.decode()
    assert find_elements(html, "a", href=post.get_absolute_url())
    assert find_elements(html, "a", href=event.get_absolute_url())


def test_text_of_a_post_is_searched_too(resident):
    post = PostFactory(title="Rückblick", body="Es gab **Waffeln** und Kaffee.")
    assert group(resident.get(URL, {"q": "Waffeln"}), "posts")["results"] == [post]


def test_drafts_and_scheduled_entries_are_not_found(resident):
    PostFactory(title="Geheimplan Entwurf", published=False)
    PostFactory(title="Geheimplan später", publish_from=timezone.now() + datetime.timedelta(days=1))
    EventFactory(title="Geheimplan Treffen", published=False)
    response = resident.get(URL, {"q": "Geheimplan"})
    assert response.context["total"] == 0


def test_a_cancelled_event_says_so_in_the_results(resident):
    EventFactory(title="Sommerfest", status=Event.Status.CANCELLED)
    html = resident.get(URL, {"q": "Sommerfest"}).content.decode()
    with translation.override("de"):
        assert gettext("Cancelled") in html
