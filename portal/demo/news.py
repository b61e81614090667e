"""Loads the posts of ``news_posts.py`` and the events of ``news_events.py``: dates relative
to today, times as German wall-clock times, relations by slug. Like the rest of the demo a
second run writes nothing (``upsert``), and pictures are only drawn when they are missing."""

import datetime
from zoneinfo import ZoneInfo

from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile

from news.models import Event, Post, PostImage
from portal.demo import news_events, news_posts
from portal.demo.base import set_m2m, upsert
from portal.demo.images import CREDIT, picture

CITY = "Ruhrbach"
PLACE_TEXTS = ("venue", "street", "postcode", "accessibility_note")
ACCESS_FLAGS = ("step_free", "hearing_loop", "sign_language")


def _at(day, clock):
    """``day`` at ``clock`` ("18:30"), German time."""
    hour, minute = (int(part) for part in clock.split(":"))
    return datetime.datetime.combine(day, datetime.time(hour, minute), tzinfo=ZoneInfo(settings.TIME_ZONE))


def posts_load(*, today, districts, projects, programmes, organisations):
    """Create or update the posts with their links; returns them by slug and the picture
    wishes ``{slug: [(scene, alt, caption), ...]}``."""
    posts, pictures = {}, {}
    for row in news_posts.rows():
        online_from = row.get("online_from")
        values = {
            "title": row["title"],
            "date": today - datetime.timedelta(days=row["days"]),
            "teaser": row["teaser"],
            "body": row["body"],
            "author": row.get("author", ""),
            "published": row.get("published", True),
            "publish_from": _at(today + datetime.timedelta(days=online_from[0]), online_from[1])
            if online_from
            else None,
            "publish_until": None,
        }
        post, _ = upsert(Post, {"slug": row["slug"]}, values)
        set_m2m(post.districts, [districts[slug] for slug in row.get("districts", [])])
        set_m2m(post.projects, [projects[slug] for slug in row.get("projects", [])])
        set_m2m(post.programmes, [programmes[slug] for slug in row.get("programmes", [])])
        set_m2m(post.organisations, [organisations[slug] for slug in row.get("organisations", [])])
        posts[row["slug"]] = post
        pictures[row["slug"]] = row.get("images", [])
    return posts, pictures


def _event_values(row, *, offices, organisations, projects):
    start_day = row["day"]
    end_day = row.get("end_day", start_day)
    if row.get("all_day"):
        start, end = _at(start_day, "00:00"), _at(end_day, "23:59")
    else:
        start = _at(start_day, row["start"])
        end = _at(end_day, row["end"]) if row.get("end") else None
    office = offices[row["office"]] if row.get("office") else None
    values = {
        "title": row["title"],
        "summary": row["summary"],
        "description": row.get("description", ""),
        "start": start,
        "end": end,
        "all_day": row.get("all_day", False),
        "repeat": row.get("repeat", Event.Repeat.NONE),
        "repeat_until": row.get("until"),
        "status": row.get("status", Event.Status.SCHEDULED),
        "status_note": row.get("status_note", ""),
        "office": office,
        "city": "" if office else CITY,
        "cost": row.get("cost", ""),
        "registration": row.get("registration", Event.Registration.NONE),
        "registration_url": row.get("registration_url", ""),
        "registration_email": row.get("registration_email", ""),
        "registration_phone": row.get("registration_phone", ""),
        "registration_deadline": row.get("deadline"),
        "organiser": organisations[row["organiser"]] if row.get("organiser") else None,
        "project": projects[row["project"]] if row.get("project") else None,
        "published": row.get("published", True),
        "publish_from": None,
        "publish_until": None,
    }
    values.update({name: row.get(name, "") for name in PLACE_TEXTS})
    values.update({name: row.get(name, False) for name in ACCESS_FLAGS})
    return values


def events_load(*, today, offices, districts, organisations, projects):
    """Create or update the events (their dates follow on save); returns them by slug."""
    offices = {office.name: office for office in offices}
    events = {}
    for row in news_events.rows(today):
        values = _event_values(row, offices=offices, organisations=organisations, projects=projects)
        event, _ = upsert(Event, {"slug": row["slug"]}, values)
        set_m2m(event.districts, [districts[slug] for slug in row.get("districts", [])])
        events[row["slug"]] = event
    return events


def post_images_load(*, posts, pictures):
    """The pictures of each post, by position; existing ones are left alone."""
    made = 0
    for slug, wishes in pictures.items():
        post = posts[slug]
        existing = set(post.images.values_list("position", flat=True))
        for position, (scene, alt_text, caption) in enumerate(wishes):
            if position in existing:
                continue
            name = f"{slug}-{position + 1}.jpg"
            image = PostImage(
                post=post,
                image=SimpleUploadedFile(name, picture(scene, f"post-{slug}-{position}"), content_type="image/jpeg"),
                alt_text=alt_text,
                caption=caption,
                credit=CREDIT,
                position=position,
            )
            image.full_clean()
            image.save()
            made += 1
    return made
