"""Template helpers of the news pages: when an event takes place, in German style
(``Di, 13.10.2026, 18:00–20:00 Uhr``), and JSON-LD data blocks."""

import json

from django import template
from django.db.models import OuterRef, Prefetch, Subquery
from django.utils import dateformat, timezone
from django.utils.html import format_html
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _

from news.models import Event, EventOccurrence, Post, last_day
from quartier.models import District

register = template.Library()

# On the start, district, project and organisation pages: this many posts and events.
TEASERS = 3

DAY_FORMAT = "D, d.m.Y"  # "Di, 13.10.2026"
TIME_FORMAT = "H:i"


def _day(moment):
    return dateformat.format(moment, DAY_FORMAT)


def _time(moment):
    return dateformat.format(moment, TIME_FORMAT)


def when_text(start, end=None, all_day=False):
    """``Di, 13.10.2026, 18:00–20:00 Uhr``; across midnight both days; all-day the dates
    only (``Di, 13.10.2026`` or ``Sa, 10.10.2026 – So, 11.10.2026``). Local time."""
    local_start = timezone.localtime(start)
    if all_day:
        last = last_day(start, end) if end else local_start.date()
        if last == local_start.date():
            return _day(local_start)
        return _("%(first)s – %(last)s") % {"first": _day(local_start), "last": _day(last)}
    if end is None:
        return _("%(day)s, %(time)s o'clock") % {"day": _day(local_start), "time": _time(local_start)}
    local_end = timezone.localtime(end)
    if local_end.date() == local_start.date():
        return _("%(day)s, %(start)s–%(end)s o'clock") % {
            "day": _day(local_start),
            "start": _time(local_start),
            "end": _time(local_end),
        }
    return _("%(start_day)s, %(start)s o'clock – %(end_day)s, %(end)s o'clock") % {
        "start_day": _day(local_start),
        "start": _time(local_start),
        "end_day": _day(local_end),
        "end": _time(local_end),
    }


@register.simple_tag
def when(start, end=None, all_day=False):
    return when_text(start, end, all_day)


@register.simple_tag
def iso_moment(moment, all_day=False):
    """For ``<time datetime>``: the local date of an all-day event, else the local time
    with its offset."""
    local = timezone.localtime(moment)
    return local.date().isoformat() if all_day else local.isoformat(timespec="minutes")


_JSON_ESCAPES = {ord("<"): "\\u003C", ord(">"): "\\u003E", ord("&"): "\\u0026"}


@register.filter
def json_ld(data):
    """A ``<script type="application/ld+json">`` block for ``data`` (a dict). ``<``, ``>``
    and ``&`` are escaped, so no value can end the block early."""
    text = json.dumps(data, ensure_ascii=False, separators=(",", ":"), default=str).translate(_JSON_ESCAPES)
    return format_html('<script type="application/ld+json">{}</script>', mark_safe(text))  # noqa: S308


@register.simple_tag
def repeat_text(event):
    """``every week on Tuesday until 30.03.2027`` (German in the catalogue); "" for a
    single date."""
    if event.repeat == event.Repeat.NONE or not event.repeat_until:
        return ""
    local = timezone.localtime(event.start)
    values = {"weekday": dateformat.format(local, "l"), "date": dateformat.format(event.repeat_until, "d.m.Y")}
    if event.repeat == event.Repeat.WEEKLY:
        return _("every week on %(weekday)s until %(date)s") % values
    return _("every %(nth)s. %(weekday)s of the month until %(date)s") % {**values, "nth": (local.day - 1) // 7 + 1}


@register.inclusion_tag("news/includes/teasers.html", takes_context=True)
def news_teasers(context, posts=None, events=None, parameter="", value=""):
    """The latest posts and the next events (``TEASERS`` each) with links to the lists,
    filtered by ``?parameter=value``. ``posts`` and ``events`` are related managers
    (``project.posts``, ``organisation.events``), so the directory apps' views need not
    import news; without them, all posts and events (the start page). Four queries at most.
    Each event appears once, with its next date."""
    user = context["request"].user
    districts = Prefetch("districts", queryset=District.objects.visible_to(user).only("id", "name", "slug"))
    latest = (posts if posts is not None else Post.objects).visible_to(user).newest_first()
    visible_events = (events if events is not None else Event.objects).visible_to(user)
    first_date = EventOccurrence.objects.filter(event=OuterRef("event")).upcoming().order_by("start", "pk")
    dates = (
        EventOccurrence.objects.filter(event__in=visible_events, pk=Subquery(first_date.values("pk")[:1]))
        .order_by("start", "pk")
        .select_related("event", "event__office")
        .prefetch_related(Prefetch("event__districts", queryset=districts.queryset))
    )
    query = f"?{parameter}={value}" if parameter and value else ""
    return {
        "request": context["request"],
        "teaser_posts": list(latest.prefetch_related(districts)[:TEASERS]),
        "teaser_dates": list(dates[:TEASERS]),
        "query": query,
        "parameter": parameter if query else "",
    }
