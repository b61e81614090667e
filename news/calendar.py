"""Calendar files (iCalendar, RFC 5545) of the events: all of them, one district's, one event
("In meinen Kalender").

Each event is one VEVENT. Times carry TZID=Europe/Berlin with its VTIMEZONE, so a calendar
program shows 18:00 on both sides of a clock change; all-day events are DATE values with the
exclusive end of RFC 5545 (the day after the last day). A repeating event is one VEVENT with an
RRULE whose UNTIL is the last stored occurrence: expanded, it gives exactly the rows of
``EventOccurrence`` (tested in news/tests/test_ical.py).

The files are built from published events only (scheduled publishing honoured) and, for the
lists, bounded: upcoming events and those of the last ``CALENDAR_DAYS_BACK`` days, at most
``MAX_CALENDAR_EVENTS``. Every file costs the same few queries, whatever the number of events.
"""

import datetime
import re
from urllib.parse import urlsplit
from zoneinfo import ZoneInfo

import icalendar
from django.conf import settings
from django.db.models import Exists, OuterRef, Prefetch
from django.http import HttpResponse
from django.shortcuts import get_object_or_404
from django.utils import timezone
from django.utils.translation import gettext as _

from news.models import Event, EventOccurrence, last_day
from quartier.models import District

CALENDAR_DAYS_BACK = 183  # about six months of past events stay in a subscribed calendar
MAX_CALENDAR_EVENTS = 500
WEEKDAYS = ("MO", "TU", "WE", "TH", "FR", "SA", "SU")
STATUS = {
    Event.Status.SCHEDULED: "CONFIRMED",
    Event.Status.POSTPONED: "TENTATIVE",
    Event.Status.CANCELLED: "CANCELLED",
}


def calendar_queryset(events):
    """``events`` with what a VEVENT needs, in two queries: the office and the occurrences."""
    return events.select_related("office").prefetch_related(
        Prefetch("occurrences", queryset=EventOccurrence.objects.order_by("start", "pk"))
    )


def calendar_events(events, *, now=None):
    """The published ``events`` a calendar file lists: any occurrence not yet older than
    ``CALENDAR_DAYS_BACK`` days; if there are more than ``MAX_CALENDAR_EVENTS``, the latest."""
    now = now or timezone.now()
    recent = EventOccurrence.objects.filter(
        event=OuterRef("pk"), start__gte=now - datetime.timedelta(days=CALENDAR_DAYS_BACK)
    )
    latest = calendar_queryset(events.published().filter(Exists(recent)).order_by("-start", "-pk"))
    return sorted(latest[:MAX_CALENDAR_EVENTS], key=lambda event: (event.start, event.pk))


def calendar_host():
    return urlsplit(settings.SITE_URL).hostname or "localhost"


def absolute_url(path):
    return settings.SITE_URL + path


def build_calendar(events, *, name, subscription=True):
    calendar = icalendar.Calendar()
    calendar.add("prodid", f"-//{settings.SITE_NAME}//Termine//DE")
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("name", name)
    calendar.add("x-wr-calname", name)  # the name Apple, Google and Thunderbird show
    calendar.add("x-wr-timezone", settings.TIME_ZONE)
    if subscription:
        calendar.add("refresh-interval", datetime.timedelta(hours=12), parameters={"VALUE": "DURATION"})
        calendar.add("x-published-ttl", "PT12H")
    host = calendar_host()
    for event in events:
        calendar.add_component(event_component(event, host=host))
    calendar.add_missing_timezones()
    return calendar


def event_component(event, *, host):
    vevent = icalendar.Event()
    vevent.add("uid", f"event-{event.pk}@{host}")
    # Without METHOD, DTSTAMP is the last revision (RFC 5545, 3.8.7.2): the same file for
    # the same data, so a subscribed calendar sees no change where there was none.
    vevent.add("dtstamp", event.updated_at.astimezone(datetime.UTC))
    vevent.add("created", event.created_at.astimezone(datetime.UTC))
    vevent.add("last-modified", event.updated_at.astimezone(datetime.UTC))
    vevent.add("summary", event_summary(event))
    start, end = event_times(event)
    vevent.add("dtstart", start)
    if end is not None:
        vevent.add("dtend", end)
    rule = repeat_rule(event)
    if rule:
        vevent.add("rrule", rule)
    vevent.add("status", STATUS.get(event.status, "CONFIRMED"))
    location = event_location(event)
    if location:
        vevent.add("location", location)
    url = absolute_url(event.get_absolute_url())
    vevent.add("url", url)
    vevent.add("description", event_description(event, url))
    return vevent


def event_summary(event):
    if event.status == Event.Status.CANCELLED:
        return _("Cancelled: %(title)s") % {"title": event.title}
    if event.status == Event.Status.POSTPONED:
        return _("Postponed: %(title)s") % {"title": event.title}
    return event.title


def event_times(event):
    """DTSTART and DTEND: local times in Europe/Berlin, or dates for an all-day event (the
    end exclusive: a one-day event ends on the next day)."""
    zone = ZoneInfo(settings.TIME_ZONE)
    start = event.start.astimezone(zone)
    end = event.end.astimezone(zone) if event.end else None
    if event.all_day:
        last = last_day(event.start, event.end) if event.end else start.date()
        return start.date(), last + datetime.timedelta(days=1)
    return start, end


def repeat_rule(event):
    """The RRULE that expands to the stored occurrences, or None for a single date. UNTIL is
    the start of the last occurrence (in UTC for a timed event, as RFC 5545 demands with a
    TZID start; a date for an all-day event), so the cap of ``MAX_OCCURRENCES`` holds too."""
    occurrences = list(event.occurrences.all())
    if event.repeat == Event.Repeat.NONE or len(occurrences) < 2:
        return None
    last = occurrences[-1].start
    until = last.astimezone(ZoneInfo(settings.TIME_ZONE)).date() if event.all_day else last.astimezone(datetime.UTC)
    if event.repeat == Event.Repeat.WEEKLY:
        return icalendar.vRecur(freq="WEEKLY", until=until)
    local = event.start.astimezone(ZoneInfo(settings.TIME_ZONE))
    nth = (local.day - 1) // 7 + 1
    return icalendar.vRecur(freq="MONTHLY", byday=f"{nth}{WEEKDAYS[local.weekday()]}", until=until)


def event_location(event):
    if event.office:
        office = event.office
        parts = [office.name, office.street, f"{office.postcode} {office.city}".strip()]
    else:
        parts = [event.venue, event.street, f"{event.postcode} {event.city}".strip()]
    return ", ".join(part for part in parts if part)


MARKDOWN_LINK = re.compile(r"\[([^\]\n]+)\]\((https?://[^)\s]+)\)")


def plain_text(text):
    """The staff's light markup as plain text: [text](url) becomes "text (url)", ** goes."""
    return MARKDOWN_LINK.sub(r"\1 (\2)", text).replace("**", "").strip()


def event_description(event, url):
    parts = [event.summary]
    if event.status_note:
        parts.append(event.status_note)
    if event.description:
        parts.append(plain_text(event.description))
    if event.cost:
        parts.append(_("Cost: %(cost)s") % {"cost": event.cost})
    parts.append(_("More information: %(url)s") % {"url": url})
    return "\n\n".join(part for part in parts if part)


def calendar_response(calendar, filename):
    response = HttpResponse(calendar.to_ical(), content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


# --- views ------------------------------------------------------------------------------


def all_events_calendar(request):
    name = _("Events – %(site)s") % {"site": settings.SITE_NAME}
    calendar = build_calendar(calendar_events(Event.objects.all()), name=name)
    return calendar_response(calendar, "termine.ics")


def district_calendar(request, slug):
    district = get_object_or_404(District.objects.published(), slug=slug)
    name = _("Events in %(district)s – %(site)s") % {"district": district.name, "site": settings.SITE_NAME}
    calendar = build_calendar(calendar_events(Event.objects.filter(districts=district)), name=name)
    return calendar_response(calendar, f"termine-{district.slug}.ics")


def event_calendar(request, slug):
    """One event ("In meinen Kalender"), past or upcoming, if it is published."""
    event = get_object_or_404(calendar_queryset(Event.objects.published()), slug=slug)
    calendar = build_calendar([event], name=event.title, subscription=False)
    return calendar_response(calendar, f"{event.slug}.ics")
