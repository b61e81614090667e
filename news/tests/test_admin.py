"""Posts and events in the back office as the editors (Redaktion) use them: what the lists
say (publication, next date, cancelled/postponed), their filters, the event form in German
time with its errors beside the fields, the computed dates on the change page."""

import datetime
from zoneinfo import ZoneInfo

import pytest
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext, ngettext

from core.tests.admin_form import admin_form_data
from core.tests.html import find_elements, text_of
from news.admin import PostAdmin
from news.models import Event
from news.tests.factories import EventFactory, PostFactory
from projects.tests.factories import png_upload

pytestmark = pytest.mark.django_db

BERLIN = ZoneInfo("Europe/Berlin")
TODAY = datetime.date(2026, 10, 20)  # a Tuesday; the clocks go back on Sunday 25 October
POSTS = reverse("admin:news_post_changelist")
EVENTS = reverse("admin:news_event_changelist")


@pytest.fixture(autouse=True)
def _today(freeze_day):
    freeze_day(TODAY)


def local(day, hour=18, minute=0):
    return datetime.datetime.combine(day, datetime.time(hour, minute), tzinfo=BERLIN)


def days(n):
    return TODAY + datetime.timedelta(days=n)


def german(text, **values):
    """The German text as staff read it (the catalogue may still lack a new msgid)."""
    with translation.override("de"):
        return gettext(text) % values if values else gettext(text)


def _column(page, name):
    return [text_of(cell) for cell in find_elements(page, "td", class_=f"field-{name}")]


def _titles(response):
    return [obj.title for obj in response.context["cl"].result_list]


# --- the post list -----------------------------------------------------------------------


@pytest.fixture
def posts_by_publication():
    now = timezone.now()
    hours = datetime.timedelta(hours=1)
    return {
        "draft": PostFactory(title="Entwurf", published=False),
        "waiting": PostFactory(title="Wartet", published=True, publish_from=local(days(2), 8)),
        "online": PostFactory(title="Online", published=True, publish_from=now - hours),
        "until": PostFactory(title="Bis Freitag", published=True, publish_until=local(days(3), 0)),
        "offline": PostFactory(title="Vorbei", published=True, publish_until=now - hours),
    }


def test_post_list_says_where_each_post_stands(client_for, editor, posts_by_publication):
    response = client_for(editor).get(POSTS, {"o": "1"})  # by title
    assert response.status_code == 200
    page = response.content.decode()
    by_title = dict(zip(_titles(response), _column(page, "publication_column"), strict=True))
    assert by_title == {
        "Bis Freitag": german("online until %(moment)s", moment="23.10.2026 00:00"),
        "Entwurf": german("draft"),
        "Online": german("online"),
        "Vorbei": german("offline since %(moment)s", moment="20.10.2026 11:00"),
        "Wartet": german("scheduled: online from %(moment)s", moment="22.10.2026 08:00"),
    }


@pytest.mark.parametrize(
    ("value", "expected"),
    [("1", {"Entwurf"}), ("2", {"Wartet"}), ("3", {"Online", "Bis Freitag"}), ("4", {"Vorbei"})],
)
def test_post_list_filters_by_publication(client_for, editor, posts_by_publication, value, expected):
    response = client_for(editor).get(POSTS, {"publication": value})
    assert set(_titles(response)) == expected


def test_post_list_sorts_by_publication_in_sql(client_for, editor, posts_by_publication):
    position = PostAdmin.list_display.index("publication_column") + 1
    titles = _titles(client_for(editor).get(POSTS, {"o": str(position)}))
    assert titles[0] == "Entwurf" and titles[1] == "Wartet" and titles[-1] == "Vorbei"


def test_an_unknown_filter_value_lists_everything(client_for, editor, posts_by_publication):
    for value in ("x", "99", "1.5"):
        response = client_for(editor).get(POSTS, {"publication": value})
        assert response.status_code == 200
        assert len(_titles(response)) == len(posts_by_publication)


def test_offline_from_before_online_from_is_named_beside_the_field(client_for, editor):
    post = PostFactory(title="Sommerfest-Rückblick")
    client = client_for(editor)
    url = reverse("admin:news_post_change", args=[post.pk])
    data = admin_form_data(client.get(url), type(post))
    data.update(
        {
            "title": "Neuer Titel, nicht verloren",
            "publish_from_0": "01.11.2026",
            "publish_from_1": "08:00",
            "publish_until_0": "01.11.2026",
            "publish_until_1": "07:00",
        }
    )
    response = client.post(url, data)
    assert response.status_code == 200
    form = response.context["adminform"].form
    assert list(form.errors) == ["publish_until"]
    assert admin_form_data(response, type(post))["title"] == "Neuer Titel, nicht verloren"
    post.refresh_from_db()
    assert post.title == "Sommerfest-Rückblick"


# --- the event list ----------------------------------------------------------------------


@pytest.fixture
def events():
    weekly = EventFactory(
        title="Sprechstunde",
        start=local(days(-119), 16),
        end=local(days(-119), 18),
        repeat=Event.Repeat.WEEKLY,
        repeat_until=days(60),
    )
    return {
        "weekly": weekly,
        "soon": EventFactory(title="Stadtteilfest", start=local(days(4), 14), end=local(days(4), 18)),
        "later": EventFactory(title="Werkstatt", start=local(days(30)), end=local(days(30), 20)),
        "past": EventFactory(title="Quartiersrat", start=local(days(-10)), end=local(days(-10), 20)),
        "cancelled": EventFactory(
            title="Laternenumzug",
            start=local(days(12), 17),
            end=None,
            status=Event.Status.CANCELLED,
            status_note="Wegen Sturmwarnung",
        ),
    }


def test_event_list_puts_the_next_dates_first_and_past_events_last(client_for, editor, events):
    response = client_for(editor).get(EVENTS)
    assert _titles(response) == ["Sprechstunde", "Stadtteilfest", "Laternenumzug", "Werkstatt", "Quartiersrat"]
    page = response.content.decode()
    assert _column(page, "next_date_column") == [
        "Di, 20.10.2026",
        "Sa, 24.10.2026",
        "So, 01.11.2026",
        "Do, 19.11.2026",
        german("over"),
    ]
    when = _column(page, "when_column")
    first = german("%(day)s, %(start)s–%(end)s o'clock", day="Di, 23.06.2026", start="16:00", end="18:00")
    assert when[0] == first + " " + german("weekly until %(until)s", until="19.12.2026")
    assert when[2] == german("%(day)s, %(time)s o'clock", day="So, 01.11.2026", time="17:00")
    status = _column(page, "status_column")
    assert status[2].split() == [german("cancelled").upper(), ":", "Wegen", "Sturmwarnung"]
    assert text_of(find_elements(page, "strong")[-1]) == german("cancelled").upper()
    assert status[1] == german("takes place")


@pytest.mark.parametrize(
    ("value", "expected"),
    [("upcoming", {"Sprechstunde", "Stadtteilfest", "Werkstatt", "Laternenumzug"}), ("past", {"Quartiersrat"})],
)
def test_event_list_filters_upcoming_and_past(client_for, editor, events, value, expected):
    response = client_for(editor).get(EVENTS, {"when": value})
    assert set(_titles(response)) == expected


def test_an_event_running_now_is_upcoming(client_for, editor):
    EventFactory(title="Läuft gerade", start=timezone.now() - datetime.timedelta(hours=1))
    response = client_for(editor).get(EVENTS, {"when": "upcoming"})
    assert _titles(response) == ["Läuft gerade"]


def test_event_list_runs_a_fixed_number_of_queries(client_for, editor, events, django_assert_max_num_queries):
    client = client_for(editor)
    client.get(EVENTS)
    with django_assert_max_num_queries(20) as few:
        assert client.get(EVENTS).status_code == 200
    for n in range(8):
        EventFactory(start=local(days(n), 10), repeat=Event.Repeat.WEEKLY, repeat_until=days(100))
    with django_assert_max_num_queries(len(few.captured_queries)):
        client.get(EVENTS)


# --- the event form ----------------------------------------------------------------------


def _event_form(client, event):
    url = reverse("admin:news_event_change", args=[event.pk])
    return url, admin_form_data(client.get(url), Event)


def test_the_form_shows_and_takes_german_time(client_for, editor):
    # 17:00 UTC in December is 18:00 in Berlin; 18:00 in July is 16:00 UTC.
    event = EventFactory(
        start=datetime.datetime(2026, 12, 3, 17, tzinfo=datetime.UTC),
        end=datetime.datetime(2026, 12, 3, 19, tzinfo=datetime.UTC),
    )
    client = client_for(editor)
    url, data = _event_form(client, event)
    assert (data["start_0"], data["start_1"], data["end_1"]) == ("03.12.2026", "18:00", "20:00")
    data.update({"start_0": "02.07.2027", "start_1": "18:00", "end_0": "02.07.2027", "end_1": "20:00"})
    assert client.post(url, data).status_code == 302
    event.refresh_from_db()
    assert event.start == datetime.datetime(2027, 7, 2, 16, tzinfo=datetime.UTC)


def test_a_time_the_clock_change_skips_is_an_error_not_a_500(client_for, editor):
    event = EventFactory()
    client = client_for(editor)
    url, data = _event_form(client, event)
    data.update({"start_0": "28.03.2027", "start_1": "02:30", "end_0": "28.03.2027", "end_1": "04:00"})
    response = client.post(url, data)
    assert response.status_code == 200
    assert "start" in response.context["adminform"].form.errors


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"repeat": "weekly", "repeat_until": ""}, "repeat_until"),
        ({"repeat": "weekly", "repeat_until": "01.01.2020"}, "repeat_until"),
        ({"repeat": "monthly", "repeat_until": "01.06.2027", "start_0": "29.10.2026"}, "repeat"),
        ({"registration": "link", "registration_url": ""}, "registration_url"),
        ({"registration": "email", "registration_email": ""}, "registration_email"),
        ({"registration": "phone", "registration_phone": ""}, "registration_phone"),
        ({"office": "", "venue": "", "street": "", "city": ""}, "office"),
        ({"end_0": "01.11.2026", "end_1": "17:00"}, "end"),
        ({"end_1": ""}, "end"),
        ({"start_1": ""}, "start"),
    ],
    ids=[
        "repeat-without-end",
        "repeat-ends-before-start",
        "fifth-thursday-monthly",
        "link-missing",
        "email-missing",
        "phone-missing",
        "no-place",
        "end-before-start",
        "end-without-time",
        "start-without-time",
    ],
)
def test_event_errors_appear_beside_their_field_and_keep_the_input(client_for, editor, change, field):
    event = EventFactory(title="Stadtteilfest", start=local(datetime.date(2026, 11, 1), 18))
    client = client_for(editor)
    url, data = _event_form(client, event)
    response = client.post(url, {**data, "summary": "Neu getippt", **change})
    assert response.status_code == 200
    form = response.context["adminform"].form
    assert list(form.errors) == [field], form.errors
    assert not form.non_field_errors()
    # The message is rendered with the field (Django names it for the field's aria-describedby).
    assert find_elements(response.content.decode(), "ul", class_="errorlist", id=f"id_{field}_error")
    assert admin_form_data(response, Event)["summary"] == "Neu getippt"
    event.refresh_from_db()
    assert event.summary == "Ein Treffen im Quartier."


def test_an_all_day_event_needs_no_times(client_for, editor):
    event = EventFactory()
    client = client_for(editor)
    url, data = _event_form(client, event)
    data.update(
        {"all_day": "on", "start_0": "07.11.2026", "start_1": "", "end_0": "08.11.2026", "end_1": ""},
    )
    assert client.post(url, data).status_code == 302
    event.refresh_from_db()
    assert timezone.localtime(event.start) == local(datetime.date(2026, 11, 7), 0)
    assert timezone.localtime(event.end) == local(datetime.date(2026, 11, 8), 23, 59)


def test_the_change_page_lists_the_dates_in_german_time_across_the_clock_change(client_for, editor):
    event = EventFactory(
        start=local(days(-7), 18), end=local(days(-7), 20), repeat=Event.Repeat.WEEKLY, repeat_until=days(14)
    )
    page = client_for(editor).get(reverse("admin:news_event_change", args=[event.pk])).content.decode()
    with translation.override("de"):
        summary = ngettext(
            "%(count)d date in all, %(coming)d still to come; the next:",
            "%(count)d dates in all, %(coming)d still to come; the next:",
            4,
        ) % {"count": 4, "coming": 3}
    assert summary in page
    [dates] = find_elements(page, "ul", class_="news-occurrences")
    evening = "%(day)s, %(start)s–%(end)s o'clock"
    assert [text_of(item) for item in dates.children] == [
        german(evening, day="Di, 20.10.2026", start="18:00", end="20:00"),
        german(evening, day="Di, 27.10.2026", start="18:00", end="20:00"),  # after the clocks went back
        german(evening, day="Di, 03.11.2026", start="18:00", end="20:00"),
    ]


def test_the_add_page_says_the_dates_follow(client_for, editor):
    page = client_for(editor).get(reverse("admin:news_event_add")).content.decode()
    assert german("The dates are listed here after saving.") in page


# --- pictures of a post ------------------------------------------------------------------


def test_a_picture_is_added_on_the_post_page_only_with_alt_text_and_credit(client_for, editor):
    post = PostFactory()
    client = client_for(editor)
    url = reverse("admin:news_post_change", args=[post.pk])
    data = admin_form_data(client.get(url), type(post))
    row = {"images-TOTAL_FORMS": "1", "images-0-image": png_upload(), "images-0-position": "0"}
    response = client.post(url, {**data, **row, "images-0-alt_text": "", "images-0-credit": ""})
    assert response.status_code == 200
    [errors] = response.context["inline_admin_formsets"][0].formset.errors
    assert set(errors) == {"alt_text", "credit"}
    assert not post.images.exists()

    data = admin_form_data(client.get(url), type(post))
    row["images-0-image"] = png_upload()
    response = client.post(
        url, {**data, **row, "images-0-alt_text": "Kinder am Kletterturm", "images-0-credit": "Foto: Jana Beispiel"}
    )
    assert response.status_code == 302
    image = post.images.get()
    assert image.rendition and (image.width, image.height) == (40, 30)
    assert image.history.latest().history_user == editor
