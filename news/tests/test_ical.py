"""The calendar files, read back with icalendar's parser: times in Europe/Berlin across the
clock changes, repetition expanded with dateutil from the parsed RRULE and compared with the
stored occurrences, all-day dates, status, what is left out, fixed query counts."""

import datetime
from zoneinfo import ZoneInfo

import icalendar
import pytest
from dateutil.rrule import rrulestr

from news.calendar import MAX_CALENDAR_EVENTS
from news.models import Event, EventOccurrence
from news.tests.factories import EventFactory
from quartier.tests.factories import DistrictFactory, OfficeFactory

pytestmark = pytest.mark.django_db

BERLIN = ZoneInfo("Europe/Berlin")
TODAY = datetime.date(2026, 10, 1)


@pytest.fixture(autouse=True)
def _today(freeze_day):
    freeze_day(TODAY)


def berlin(*args):
    return datetime.datetime(*args, tzinfo=BERLIN)


def download(client, url):
    response = client.get(url)
    assert response.status_code == 200, url
    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    return icalendar.Calendar.from_ical(response.content)


def vevents(calendar):
    return {str(vevent["UID"]): vevent for vevent in calendar.walk("VEVENT")}


def vevent_of(calendar, event):
    (vevent,) = [v for v in calendar.walk("VEVENT") if str(v["UID"]).startswith(f"event-{event.pk}@")]
    return vevent


def expand(vevent):
    """Every start the VEVENT stands for, from its parsed DTSTART and RRULE (dateutil: the
    rule runs in wall-clock time of DTSTART's zone, as RFC 5545 says)."""
    start = vevent.decoded("DTSTART")
    if "RRULE" not in vevent:
        return [start]
    if not isinstance(start, datetime.datetime):  # an all-day event: dates
        midnight = datetime.datetime.combine(start, datetime.time())
        return [moment.date() for moment in rrulestr(vevent["RRULE"].to_ical().decode(), dtstart=midnight)]
    return list(rrulestr(vevent["RRULE"].to_ical().decode(), dtstart=start))


def weekly_across_both_clock_changes():
    # Tuesdays 18:00 from 13.10.2026 to 6.4.2027: across 25.10.2026 (back to CET) and
    # 28.3.2027 (on to CEST).
    return EventFactory(
        title="Nachbarschaftstreff",
        start=berlin(2026, 10, 13, 18),
        end=berlin(2026, 10, 13, 20),
        repeat=Event.Repeat.WEEKLY,
        repeat_until=datetime.date(2027, 4, 6),
    )


def test_weekly_event_is_one_vevent_whose_rule_gives_the_stored_occurrences(client):
    event = weekly_across_both_clock_changes()

    vevent = vevent_of(download(client, "/termine/kalender.ics"), event)

    start = vevent.decoded("DTSTART")
    assert start == berlin(2026, 10, 13, 18) and str(start.tzinfo) == "Europe/Berlin"
    assert vevent["DTSTART"].params["TZID"] == "Europe/Berlin"
    assert vevent.decoded("DTEND") == berlin(2026, 10, 13, 20)
    assert vevent["RRULE"]["FREQ"] == ["WEEKLY"]
    starts = expand(vevent)
    assert starts == [occurrence.start for occurrence in event.occurrences.order_by("start")]
    assert len(starts) == 26
    assert {start.astimezone(BERLIN).strftime("%H:%M") for start in starts} == {"18:00"}
    by_day = {start.date(): start for start in starts}
    # Summer time before 25.10.2026, winter time until 28.3.2027, summer time again.
    assert by_day[datetime.date(2026, 10, 20)].utcoffset() == datetime.timedelta(hours=2)
    assert by_day[datetime.date(2026, 10, 27)].utcoffset() == datetime.timedelta(hours=1)
    assert by_day[datetime.date(2027, 3, 23)].utcoffset() == datetime.timedelta(hours=1)
    assert by_day[datetime.date(2027, 3, 30)].utcoffset() == datetime.timedelta(hours=2)
    assert by_day[datetime.date(2026, 10, 27)].astimezone(datetime.UTC).hour == 17
    assert by_day[datetime.date(2027, 3, 30)].astimezone(datetime.UTC).hour == 16


def test_the_file_carries_the_time_zone_it_names(client):
    weekly_across_both_clock_changes()

    calendar = download(client, "/termine/kalender.ics")

    (vtimezone,) = calendar.walk("VTIMEZONE")
    assert vtimezone["TZID"] == "Europe/Berlin"
    assert b"BEGIN:VTIMEZONE" in calendar.to_ical()
    assert calendar["VERSION"] == "2.0" and calendar["PRODID"]


def test_monthly_event_repeats_on_the_nth_weekday(client):
    # The 2nd Tuesday: 13.10.2026, 10.11., 8.12., 12.1.2027, 9.2., 9.3., 13.4. (after 28.3.).
    event = EventFactory(
        start=berlin(2026, 10, 13, 19, 30),
        end=berlin(2026, 10, 13, 21),
        repeat=Event.Repeat.MONTHLY,
        repeat_until=datetime.date(2027, 4, 30),
    )

    vevent = vevent_of(download(client, "/termine/kalender.ics"), event)

    assert vevent["RRULE"]["FREQ"] == ["MONTHLY"]
    assert vevent["RRULE"]["BYDAY"] == ["2TU"]
    starts = expand(vevent)
    assert starts == [occurrence.start for occurrence in event.occurrences.order_by("start")]
    assert [start.date().day for start in starts] == [13, 10, 8, 12, 9, 9, 13]
    assert {start.astimezone(BERLIN).strftime("%H:%M") for start in starts} == {"19:30"}


def test_until_is_utc_for_timed_and_a_date_for_all_day_events(client):
    timed = weekly_across_both_clock_changes()
    all_day = EventFactory(
        start=berlin(2026, 10, 24, 0),
        end=None,
        all_day=True,
        repeat=Event.Repeat.WEEKLY,
        repeat_until=datetime.date(2026, 11, 14),
    )

    calendar = download(client, "/termine/kalender.ics")

    until = vevent_of(calendar, timed)["RRULE"]["UNTIL"][0]
    assert until == datetime.datetime(2027, 4, 6, 16, tzinfo=datetime.UTC)  # 18:00 CEST
    assert vevent_of(calendar, all_day)["RRULE"]["UNTIL"][0] == datetime.date(2026, 11, 14)
    assert expand(vevent_of(calendar, all_day)) == [
        occurrence.start.astimezone(BERLIN).date() for occurrence in all_day.occurrences.order_by("start")
    ]
    assert len(expand(vevent_of(calendar, all_day))) == 4


def test_all_day_events_are_dates_with_the_exclusive_end(client):
    one_day = EventFactory(start=berlin(2026, 10, 25, 0), end=None, all_day=True)
    festival = EventFactory(start=berlin(2026, 10, 24, 0), end=berlin(2026, 10, 25, 23, 59), all_day=True)

    calendar = download(client, "/termine/kalender.ics")

    vevent = vevent_of(calendar, one_day)
    assert vevent["DTSTART"].params.get("VALUE") == "DATE"
    assert vevent.decoded("DTSTART") == datetime.date(2026, 10, 25)
    assert vevent.decoded("DTEND") == datetime.date(2026, 10, 26)
    vevent = vevent_of(calendar, festival)
    assert vevent.decoded("DTSTART") == datetime.date(2026, 10, 24)
    assert vevent.decoded("DTEND") == datetime.date(2026, 10, 26)


def test_an_all_day_end_at_midnight_is_read_as_the_page_reads_it(client):
    # An end typed as 00:00 belongs to the day before, on the event page and in the file alike.
    weekend = EventFactory(start=berlin(2026, 10, 24, 0), end=berlin(2026, 10, 26, 0), all_day=True)

    vevent = vevent_of(download(client, "/termine/kalender.ics"), weekend)
    page = client.get(f"/termine/{weekend.slug}/").content.decode()

    assert vevent.decoded("DTEND") == datetime.date(2026, 10, 26)  # exclusive: the last day is the 25th
    assert "So, 25.10.2026" in page
    assert "Mo, 26.10.2026" not in page


def test_fields_of_an_event(client):
    office = OfficeFactory(name="Quartiersbüro Heven", street="Herbeder Str. 2", postcode="58455", city="Witten")
    event = EventFactory(
        title="Werkstatt, Teil 1; mit Komma",
        summary="Wir bauen Hochbeete.",
        description="Bitte [hier anmelden](https://example.org/anmeldung). **Wichtig:** Handschuhe.",
        office=office,
        cost="5 €",
    )

    vevent = vevent_of(download(client, f"/termine/{event.slug}/kalender.ics"), event)

    assert str(vevent["UID"]) == f"event-{event.pk}@127.0.0.1"
    assert vevent["SUMMARY"] == "Werkstatt, Teil 1; mit Komma"
    assert vevent["LOCATION"] == "Quartiersbüro Heven, Herbeder Str. 2, 58455 Witten"
    assert vevent["URL"] == f"http://127.0.0.1:8000/termine/{event.slug}/"
    assert vevent["STATUS"] == "CONFIRMED"
    description = str(vevent["DESCRIPTION"])
    assert description.startswith("Wir bauen Hochbeete.")
    assert "hier anmelden (https://example.org/anmeldung)" in description
    assert "**" not in description and "5 €" in description
    assert f"http://127.0.0.1:8000/termine/{event.slug}/" in description
    assert vevent.decoded("DTSTAMP").tzinfo is not None
    assert vevent.decoded("DTSTAMP").utcoffset() == datetime.timedelta(0)


def test_free_address_is_the_location(client):
    event = EventFactory(venue="Bürgerhaus", street="Marktstraße 1", postcode="58452", city="Witten")

    vevent = vevent_of(download(client, "/termine/kalender.ics"), event)

    assert vevent["LOCATION"] == "Bürgerhaus, Marktstraße 1, 58452 Witten"


def test_cancelled_and_postponed_events_say_so(client):
    cancelled = EventFactory(status=Event.Status.CANCELLED, status_note="Die Referentin ist krank.")
    postponed = EventFactory(status=Event.Status.POSTPONED)

    calendar = download(client, "/termine/kalender.ics")

    vevent = vevent_of(calendar, cancelled)
    assert vevent["STATUS"] == "CANCELLED"
    assert cancelled.title in vevent["SUMMARY"] and vevent["SUMMARY"] != cancelled.title
    assert "Die Referentin ist krank." in vevent["DESCRIPTION"]
    vevent = vevent_of(calendar, postponed)
    assert vevent["STATUS"] == "TENTATIVE"
    assert postponed.title in vevent["SUMMARY"] and vevent["SUMMARY"] != postponed.title


def test_uids_are_stable_and_unique(client):
    first, second = EventFactory(), EventFactory()

    one = download(client, "/termine/kalender.ics")
    again = download(client, "/termine/kalender.ics")
    single = download(client, f"/termine/{first.slug}/kalender.ics")

    assert set(vevents(one)) == {f"event-{first.pk}@127.0.0.1", f"event-{second.pk}@127.0.0.1"}
    assert one.to_ical() == again.to_ical()
    assert set(vevents(single)) == {f"event-{first.pk}@127.0.0.1"}


def test_only_published_events_within_their_schedule(client):
    now = datetime.datetime.now(datetime.UTC)
    shown = EventFactory()
    draft = EventFactory(published=False)
    scheduled = EventFactory(publish_from=now + datetime.timedelta(days=1))
    expired = EventFactory(publish_until=now - datetime.timedelta(minutes=1))
    was_scheduled = EventFactory(publish_from=now - datetime.timedelta(minutes=1))

    uids = set(vevents(download(client, "/termine/kalender.ics")))

    assert uids == {f"event-{shown.pk}@127.0.0.1", f"event-{was_scheduled.pk}@127.0.0.1"}
    for hidden in (draft, scheduled, expired):
        assert client.get(f"/termine/{hidden.slug}/kalender.ics").status_code == 404


def test_staff_get_no_drafts_either(client_for, editor):
    draft = EventFactory(published=False)
    client = client_for(editor)

    assert client.get(f"/termine/{draft.slug}/kalender.ics").status_code == 404
    assert b"BEGIN:VEVENT" not in client.get("/termine/kalender.ics").content


def test_the_list_is_bounded_to_recent_and_upcoming_events(client):
    long_past = EventFactory(start=berlin(2026, 1, 10, 18), end=berlin(2026, 1, 10, 20))
    recent = EventFactory(start=berlin(2026, 8, 10, 18), end=berlin(2026, 8, 10, 20))
    # Began long ago, but repeats into the window: the whole series is listed.
    series = EventFactory(
        start=berlin(2026, 1, 6, 18),
        end=berlin(2026, 1, 6, 20),
        repeat=Event.Repeat.WEEKLY,
        repeat_until=datetime.date(2026, 12, 29),
    )

    uids = set(vevents(download(client, "/termine/kalender.ics")))

    assert uids == {f"event-{recent.pk}@127.0.0.1", f"event-{series.pk}@127.0.0.1"}
    # The single event's own file stays available ("In meinen Kalender" on an archived page).
    assert set(vevents(download(client, f"/termine/{long_past.slug}/kalender.ics"))) == {
        f"event-{long_past.pk}@127.0.0.1"
    }


def test_district_calendar_lists_the_districts_events(client):
    district, other = DistrictFactory(slug="heven"), DistrictFactory()
    here = EventFactory()
    here.districts.add(district)
    elsewhere = EventFactory()
    elsewhere.districts.add(other)

    response = client.get("/quartiere/heven/termine/kalender.ics")
    calendar = icalendar.Calendar.from_ical(response.content)

    assert set(vevents(calendar)) == {f"event-{here.pk}@127.0.0.1"}
    assert district.name in str(calendar["X-WR-CALNAME"])
    assert 'filename="termine-heven.ics"' in response["Content-Disposition"]


def test_district_calendar_of_a_hidden_or_unknown_district_is_not_found(client):
    DistrictFactory(slug="entwurf", published=False)

    assert client.get("/quartiere/entwurf/termine/kalender.ics").status_code == 404
    assert client.get("/quartiere/gibt-es-nicht/termine/kalender.ics").status_code == 404


def test_a_single_event_file_is_a_download(client):
    event = EventFactory(slug="sommerfest")

    response = client.get("/termine/sommerfest/kalender.ics")

    assert response["Content-Disposition"] == 'attachment; filename="sommerfest.ics"'
    assert response.content.startswith(b"BEGIN:VCALENDAR\r\n")
    assert event.title in response.content.decode()


@pytest.mark.parametrize(
    "url",
    [
        "/termine/kalender.ics?quartier=%00&seite=-1",
        "/termine/kalender.ics?<script>=1",
        "/termine/gibt-es-nicht/kalender.ics",
        "/termine/%C3%A4%00/kalender.ics",
        "/quartiere/%00/termine/kalender.ics",
        "/termine/" + "a" * 5000 + "/kalender.ics",
    ],
)
def test_hostile_addresses_get_no_error(client, url):
    EventFactory()

    assert client.get(url).status_code in (200, 404)


def grow(count, district):
    """``count`` weekly events (four dates each) at an office of the district, in bulk."""
    office = OfficeFactory(district=district)
    events = Event.objects.bulk_create(
        EventFactory.build(office=office, repeat=Event.Repeat.WEEKLY, repeat_until=datetime.date(2026, 10, 29))
        for _ in range(count)
    )
    EventOccurrence.objects.bulk_create(
        EventOccurrence(event=event, start=start, end=start + event.duration)
        for event in events
        for start in event.occurrence_starts()
    )
    Event.districts.through.objects.bulk_create(
        Event.districts.through(event=event, district=district) for event in events
    )


@pytest.mark.parametrize("count", [3, 300])
@pytest.mark.parametrize("url", ["/termine/kalender.ics", "/quartiere/heven/termine/kalender.ics"])
def test_query_count_does_not_grow_with_the_events(client, django_assert_max_num_queries, count, url):
    grow(count, DistrictFactory(slug="heven"))

    with django_assert_max_num_queries(4):
        calendar = download(client, url)

    assert len(calendar.walk("VEVENT")) == count


def test_a_single_event_costs_two_queries(client, django_assert_max_num_queries):
    event = EventFactory(office=OfficeFactory())

    with django_assert_max_num_queries(2):
        download(client, f"/termine/{event.slug}/kalender.ics")


def test_at_most_the_bound_is_listed(client, monkeypatch):
    monkeypatch.setattr("news.calendar.MAX_CALENDAR_EVENTS", 2)
    _early, middle, late = (EventFactory(start=berlin(2026, 11, day, 18), end=None) for day in (1, 2, 3))

    uids = set(vevents(download(client, "/termine/kalender.ics")))

    assert uids == {f"event-{middle.pk}@127.0.0.1", f"event-{late.pk}@127.0.0.1"}
    assert MAX_CALENDAR_EVENTS >= 100
