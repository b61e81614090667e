"""The public news pages as residents and staff see them: /aktuelles/ and /termine/ with
their filters, a post's and an event's page, drafts and scheduled entries, bad query
strings, times across the clock changes. Query counts: test_pages_queries.py."""

import datetime
import json
import re
from urllib.parse import parse_qs, unquote, urlsplit
from zoneinfo import ZoneInfo

import pytest
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext

from core.tests.html import find_elements
from news.models import Event, EventOccurrence
from news.tests.factories import EventFactory, PostFactory, PostImageFactory
from partners.tests.factories import OrganisationFactory
from projects.tests.factories import ProjectFactory
from quartier.tests.factories import DistrictFactory, OfficeFactory

pytestmark = pytest.mark.django_db

BERLIN = ZoneInfo("Europe/Berlin")
TODAY = datetime.date(2026, 10, 6)  # a Tuesday; every test runs at its noon
POSTS = reverse("news:post_list")
EVENTS = reverse("news:event_list")


@pytest.fixture(autouse=True)
def _today(freeze_day):
    freeze_day(TODAY)


def local(day, hour=18, minute=0):
    return datetime.datetime.combine(day, datetime.time(hour, minute), tzinfo=BERLIN)


def days(n):
    return TODAY + datetime.timedelta(days=n)


def event_on(day, hour=18, hours=2, **kwargs):
    start = local(day, hour)
    return EventFactory(start=start, end=start + datetime.timedelta(hours=hours), **kwargs)


def german(text):
    with translation.override("de"):
        return gettext(text)


def page(response):
    assert response.status_code == 200
    return response.content.decode()


def listed(response):
    return list(response.context["page_obj"].object_list)


def json_ld(html):
    blocks = re.findall(r'<script type="application/ld\+json">(.*?)</script>', html, re.S)
    return [json.loads(block) for block in blocks]


# --- /aktuelles/ ------------------------------------------------------------------------


def test_post_list_newest_first_and_paginated_with_seite(resident):
    for n in range(12):
        PostFactory(title=f"Beitrag vom {n}", date=days(-n))
    first = listed(resident.get(POSTS))
    assert [post.date for post in first] == [days(-n) for n in range(10)]
    second = listed(resident.get(POSTS, {"seite": 2}))
    assert [post.date for post in second] == [days(-10), days(-11)]


def test_post_list_filters_by_district_project_organisation_and_month(resident):
    district, project, organisation = DistrictFactory(slug="heven"), ProjectFactory(slug="werkstatt"), None
    organisation = OrganisationFactory(slug="verein")
    in_district = PostFactory(title="Im Quartier", date=days(-40))
    in_district.districts.add(district)
    of_project = PostFactory(title="Zum Projekt")
    of_project.projects.add(project)
    of_organisation = PostFactory(title="Vom Verein")
    of_organisation.organisations.add(organisation)
    PostFactory(title="Sonst etwas")

    assert listed(resident.get(POSTS, {"quartier": "heven"})) == [in_district]
    assert listed(resident.get(POSTS, {"projekt": "werkstatt"})) == [of_project]
    assert listed(resident.get(POSTS, {"organisation": "verein"})) == [of_organisation]
    august = f"{days(-40):%Y-%m}"
    assert listed(resident.get(POSTS, {"monat": august})) == [in_district]
    html = page(resident.get(POSTS, {"monat": august}))
    assert find_elements(html, "option", value=august, selected="")


def test_post_list_offers_only_projects_and_organisations_with_posts(resident):
    ProjectFactory(slug="ohne-beitraege")
    with_post = ProjectFactory(slug="mit-beitrag")
    PostFactory().projects.add(with_post)
    html = page(resident.get(POSTS))
    assert find_elements(html, "option", value="mit-beitrag")
    assert not find_elements(html, "option", value="ohne-beitraege")


@pytest.mark.parametrize(
    "query",
    [
        "seite=x&monat=2026-13&quartier[]=",
        "monat=2026-00&quartier=gibt-es-nicht&projekt=%00&organisation=" + "x" * 5000,
        "monat=<script>&seite=99999999999999999999",
        "quartier=a&quartier=b&monat=9999-99",
    ],
)
@pytest.mark.parametrize("url", [POSTS, EVENTS, EVENTS + "?zeit=vergangen&"])
def test_hostile_query_strings_give_a_normal_page(resident, url, query):
    PostFactory()
    event_on(days(3))
    separator = "" if url.endswith("&") else "?"
    response = resident.get(f"{url}{separator}{query}")
    html = page(response)
    assert "<script>" not in html.split("</header>", 1)[1]


def test_unknown_filter_values_are_named_in_german_and_ignored(resident):
    post = PostFactory()
    response = resident.get(POSTS, {"monat": "2026-13", "quartier": "gibt-es-nicht"})
    assert listed(response) == [post]
    html = page(response)
    assert german("A month is written like 2026-10; all months are shown.") in html
    assert german("We do not know this district; all are shown.") in html


def test_a_month_without_posts_is_an_empty_list_not_an_error(resident):
    PostFactory(date=days(-1))
    response = resident.get(POSTS, {"monat": "2019-02"})
    assert listed(response) == []
    assert not response.context["invalid_fields"]


# --- drafts and scheduled posts -------------------------------------------------------


def test_drafts_and_scheduled_posts_are_invisible_to_residents(resident):
    PostFactory(title="Sichtbar", slug="sichtbar")
    draft = PostFactory(title="Entwurf", slug="entwurf", published=False)
    later = PostFactory(title="Später", slug="spaeter", publish_from=timezone.now() + datetime.timedelta(hours=2))
    gone = PostFactory(title="Vorbei", slug="vorbei", publish_until=timezone.now() - datetime.timedelta(hours=2))
    assert [post.slug for post in listed(resident.get(POSTS))] == ["sichtbar"]
    for post in (draft, later, gone):
        assert resident.get(post.get_absolute_url()).status_code == 404


def test_editor_previews_drafts_and_scheduled_posts_marked_as_such(client_for, editor):
    draft = PostFactory(title="Entwurf", published=False)
    later = PostFactory(title="Später", publish_from=timezone.now() + datetime.timedelta(hours=2))
    client = client_for(editor)
    assert {post.pk for post in listed(client.get(POSTS))} == {draft.pk, later.pk}
    assert german("Draft") in page(client.get(draft.get_absolute_url()))
    assert german("Scheduled") in page(client.get(later.get_absolute_url()))


def test_staff_without_view_permission_sees_no_draft(client_for, reviewer):
    draft = PostFactory(published=False)
    event = EventFactory(published=False)
    client = client_for(reviewer)
    assert client.get(draft.get_absolute_url()).status_code == 404
    assert client.get(event.get_absolute_url()).status_code == 404


def test_draft_events_are_invisible_to_residents_and_previewed_by_editors(resident, client_for, editor):
    draft = event_on(days(2), published=False, title="Geheimes Treffen")
    later = event_on(days(3), publish_from=timezone.now() + datetime.timedelta(days=1))
    assert listed(resident.get(EVENTS)) == []
    assert resident.get(draft.get_absolute_url()).status_code == 404
    assert resident.get(later.get_absolute_url()).status_code == 404
    client = client_for(editor)
    assert {date.event for date in listed(client.get(EVENTS))} == {draft, later}
    assert german("Draft") in page(client.get(draft.get_absolute_url()))


# --- a post's page ------------------------------------------------------------------


def test_post_page_shows_text_images_with_credit_and_links(resident):
    district, project = DistrictFactory(name="Heven-Ost"), ProjectFactory(title="Werkstatt")
    hidden_project = ProjectFactory(title="Entwurfsprojekt", published=False)
    organisation = OrganisationFactory(name="Nachbarschaftsverein")
    post = PostFactory(
        title="Erste Werkstatt", body="Es kamen **30** Leute.\n\n- Ideen\n- Pläne", author="Quartiersbüro"
    )
    post.districts.add(district)
    post.projects.add(project, hidden_project)
    post.organisations.add(organisation)
    PostImageFactory(post=post, alt_text="Menschen am Tisch", credit="Foto: Jana Beispiel", caption="Die Werkstatt")

    html = page(resident.get(post.get_absolute_url()))

    assert "<strong>30</strong>" in html and "<li>Ideen</li>" in html
    (image,) = find_elements(html, "img", alt="Menschen am Tisch")
    assert "Foto: Jana Beispiel" in html and "Die Werkstatt" in html
    assert find_elements(html, "a", href=district.get_absolute_url())
    assert find_elements(html, "a", href=project.get_absolute_url())
    assert find_elements(html, "a", href=organisation.get_absolute_url())
    assert "Entwurfsprojekt" not in html


def test_raw_html_in_a_post_never_reaches_the_page(resident):
    post = PostFactory(
        body='<script>alert("x")</script>\n\n[klick](javascript:alert(1))\n\n<img src=x onerror=alert(1)>'
    )
    html = page(resident.get(post.get_absolute_url()))
    article = html[html.index("<article") : html.index("</article>") + len("</article>")]
    assert "<script>alert" not in article and "javascript:" not in article
    assert not find_elements(article, "img")
    assert "&lt;script&gt;" in article


def test_post_page_has_canonical_opengraph_and_news_article(resident, settings):
    settings.SITE_URL = "https://quartiere.example.org"
    post = PostFactory(title="Fest im Park", teaser="Ein schöner Tag.", slug="fest", date=TODAY)
    PostImageFactory(post=post)
    html = page(resident.get(post.get_absolute_url()))
    url = "https://quartiere.example.org/aktuelles/fest/"
    assert find_elements(html, "link", rel="canonical", href=url)
    assert find_elements(html, "meta", property="og:title", content="Fest im Park")
    assert find_elements(html, "meta", property="og:url", content=url)
    assert find_elements(html, "meta", property="og:type", content="article")
    (image,) = find_elements(html, "meta", property="og:image")
    assert dict(image.attributes)["content"].startswith("https://quartiere.example.org/")
    (data,) = json_ld(html)
    assert data["@type"] == "NewsArticle"
    assert data["headline"] == "Fest im Park" and data["datePublished"] == TODAY.isoformat()
    assert data["mainEntityOfPage"] == url and data["image"][0].startswith("https://quartiere.example.org/")


def test_json_ld_cannot_be_closed_by_a_title(resident):
    post = PostFactory(title="</script><script>alert(1)</script>")
    html = page(resident.get(post.get_absolute_url()))
    (data,) = json_ld(html)
    assert data["headline"] == "</script><script>alert(1)</script>"
    assert "<script>alert(1)" not in html


def test_share_by_mail_is_a_mailto_link_with_subject_and_address(resident, settings):
    settings.SITE_URL = "https://quartiere.example.org"
    post = PostFactory(title="Fest & Feier", slug="fest")
    html = page(resident.get(post.get_absolute_url()))
    (link,) = [a for a in find_elements(html, "a") if dict(a.attributes).get("href", "").startswith("mailto:")]
    query = parse_qs(urlsplit(dict(link.attributes)["href"]).query)
    assert "Fest & Feier" in query["subject"][0]
    assert "https://quartiere.example.org/aktuelles/fest/" in query["body"][0]
    assert find_elements(html, "button", **{"data-print": ""})
    assert find_elements(html, "script", src="/static/js/print.js")


# --- /termine/ ------------------------------------------------------------------------


def test_event_list_shows_upcoming_dates_soonest_first_and_past_ones_in_the_archive(resident):
    later = event_on(days(10), title="Später")
    soon = event_on(days(1), title="Bald")
    today_all_day = EventFactory(title="Heute ganztägig", start=local(TODAY, 0), end=None, all_day=True)
    over = event_on(days(-3), title="Vorbei")
    long_ago = event_on(days(-30), title="Lange her")

    assert [date.event for date in listed(resident.get(EVENTS))] == [today_all_day, soon, later]
    archive = resident.get(EVENTS, {"zeit": "vergangen"})
    assert [date.event for date in listed(archive)] == [over, long_ago]
    assert archive.context["archive"]


def test_a_weekly_event_appears_on_each_of_its_days(resident):
    event_on(days(1), repeat=Event.Repeat.WEEKLY, repeat_until=days(22), title="Treff")
    dates = listed(resident.get(EVENTS))
    assert [timezone.localtime(date.start).date() for date in dates] == [days(1), days(8), days(15), days(22)]


def test_event_list_filters_by_district_project_organiser_and_month(resident):
    district, project, organiser = DistrictFactory(slug="heven"), ProjectFactory(slug="werkstatt"), None
    organiser = OrganisationFactory(slug="verein")
    in_district = event_on(days(2))
    in_district.districts.add(district)
    of_project = event_on(days(3), project=project)
    by_organiser = event_on(days(4), organiser=organiser)
    november = event_on(datetime.date(2026, 11, 1), hour=0, hours=1)  # 00:00 German time, still 31.10. UTC
    october_end = event_on(datetime.date(2026, 10, 31), hour=23, hours=2)  # 22:00 UTC

    def events(**query):
        return [date.event for date in listed(resident.get(EVENTS, query))]

    assert events(quartier="heven") == [in_district]
    assert events(projekt="werkstatt") == [of_project]
    assert events(organisation="verein") == [by_organiser]
    assert events(monat="2026-11") == [november]
    assert october_end in events(monat="2026-10") and november not in events(monat="2026-10")


def test_event_list_months_follow_upcoming_or_archive(resident):
    event_on(datetime.date(2026, 12, 1))
    event_on(datetime.date(2026, 8, 1))
    upcoming = page(resident.get(EVENTS))
    assert find_elements(upcoming, "option", value="2026-12") and not find_elements(upcoming, "option", value="2026-08")
    archive = page(resident.get(EVENTS, {"zeit": "vergangen"}))
    assert find_elements(archive, "option", value="2026-08") and not find_elements(archive, "option", value="2026-12")
    assert find_elements(archive, "input", type="hidden", name="zeit", value="vergangen")


def test_cancelled_and_postponed_are_said_in_words_in_the_list(resident):
    event_on(days(1), status=Event.Status.CANCELLED)
    event_on(days(2), status=Event.Status.POSTPONED)
    html = page(resident.get(EVENTS))
    assert german("Cancelled") in html and german("Postponed") in html


# --- an event's page --------------------------------------------------------------------


def test_event_page_shows_german_date_and_time(resident):
    event = EventFactory(start=local(datetime.date(2026, 10, 13), 18), end=local(datetime.date(2026, 10, 13), 20))
    html = page(resident.get(event.get_absolute_url()))
    assert "Di, 13.10.2026, 18:00–20:00" in html
    assert find_elements(html, "time", datetime="2026-10-13T18:00+02:00")


def test_all_day_event_shows_dates_only(resident):
    one_day = EventFactory(start=local(days(4), 0), end=None, all_day=True)
    two_days = EventFactory(
        start=local(datetime.date(2026, 10, 10), 0), end=local(datetime.date(2026, 10, 12), 0), all_day=True
    )
    html = page(resident.get(one_day.get_absolute_url()))
    assert "Sa, 10.10.2026" in html and "00:00" not in html
    html = page(resident.get(two_days.get_absolute_url()))
    assert "Sa, 10.10.2026 – So, 11.10.2026" in html and "00:00" not in html


@pytest.mark.parametrize(
    ("first", "changed"),
    [
        (datetime.date(2026, 10, 20), datetime.date(2026, 10, 27)),  # clocks go back on 25.10.2026
        (datetime.date(2027, 3, 23), datetime.date(2027, 3, 30)),  # clocks go forward on 28.03.2027
    ],
)
def test_weekly_event_stays_at_18_across_the_clock_change(resident, freeze_day, first, changed):
    freeze_day(first - datetime.timedelta(days=1))
    event = event_on(first, repeat=Event.Repeat.WEEKLY, repeat_until=changed + datetime.timedelta(weeks=1))
    starts = [timezone.localtime(date.start) for date in EventOccurrence.objects.filter(event=event)]
    assert {(start.hour, start.minute) for start in starts} == {(18, 0)}
    assert len({start.utcoffset() for start in starts}) == 2  # the offset changes, the time does not

    list_html = page(resident.get(EVENTS))
    detail_html = page(resident.get(event.get_absolute_url()))
    for day in (first, changed):
        line = f"{timezone.localtime(local(day)).strftime('%d.%m.%Y')}, 18:00–20:00"
        assert line in list_html and line in detail_html


def test_event_page_shows_place_accessibility_cost_and_registration(resident):
    office = OfficeFactory(name="Quartiersbüro Heven", street="Hevener Str. 3", postcode="58455", city="Witten")
    event = event_on(
        days(2),
        office=office,
        step_free=True,
        hearing_loop=True,
        sign_language=True,
        registration=Event.Registration.EMAIL,
        registration_email="anmeldung@example.org",
        registration_deadline=days(1),
    )
    html = page(resident.get(event.get_absolute_url()))
    assert "Quartiersbüro Heven" in html and "Hevener Str. 3" in html and "58455 Witten" in html
    for text in ("Step-free access", "Hearing loop", "Sign language interpreting on request", "free of charge"):
        assert german(text) in html
    assert find_elements(html, "a", href="mailto:anmeldung@example.org")


@pytest.mark.parametrize(
    ("registration", "fields", "expected"),
    [
        (
            Event.Registration.LINK,
            {"registration_url": "https://example.org/anmelden"},
            ("a", {"href": "https://example.org/anmelden"}),
        ),
        (Event.Registration.PHONE, {"registration_phone": "02302 581-1234"}, ("a", {"href": "tel:023025811234"})),
    ],
)
def test_registration_by_link_or_phone(resident, registration, fields, expected):
    event = event_on(days(2), registration=registration, cost="5 €", **fields)
    html = page(resident.get(event.get_absolute_url()))
    tag, attributes = expected
    assert find_elements(html, tag, **attributes)
    assert "5 €" in html and german("free of charge") not in html


@pytest.mark.parametrize(
    ("status", "text"),
    [(Event.Status.CANCELLED, "This event is cancelled."), (Event.Status.POSTPONED, "This event is postponed.")],
)
def test_cancelled_and_postponed_events_say_so_with_the_note(resident, status, text):
    event = event_on(days(2), status=status, status_note="Neuer Termin folgt im Frühjahr.")
    html = page(resident.get(event.get_absolute_url()))
    assert german(text) in html and "Neuer Termin folgt im Frühjahr." in html
    assert (german("Originally planned for") in html) == (status == Event.Status.POSTPONED)
    (data,) = json_ld(html)
    assert (
        data["eventStatus"]
        == {
            Event.Status.CANCELLED: "https://schema.org/EventCancelled",
            Event.Status.POSTPONED: "https://schema.org/EventPostponed",
        }[status]
    )


def test_repeating_event_page_shows_the_next_dates(resident):
    event = event_on(days(-14), repeat=Event.Repeat.WEEKLY, repeat_until=days(70))
    response = resident.get(event.get_absolute_url())
    html = page(response)
    assert timezone.localtime(response.context["date"].start).date() == days(0)
    assert len(response.context["later_dates"]) == 5 and response.context["more_dates"]
    assert f"{days(7):%d.%m.%Y}, 18:00" in html
    assert f"{days(-7):%d.%m.%Y}" not in html


def test_past_event_page_names_its_last_date_and_says_it_is_over(resident):
    event = event_on(days(-5))
    response = resident.get(event.get_absolute_url())
    assert response.context["is_past"]
    assert german("This event is over.") in page(response)


def test_event_page_json_ld_and_opengraph(resident, settings):
    settings.SITE_URL = "https://quartiere.example.org"
    organiser = OrganisationFactory(name="Verein", slug="verein")
    event = EventFactory(
        slug="fest",
        title="Fest",
        start=local(datetime.date(2026, 10, 13)),
        end=local(datetime.date(2026, 10, 13), 20),
        organiser=organiser,
        venue="Bürgerhaus",
        street="Marktstraße 1",
        postcode="58452",
        city="Witten",
    )
    html = page(resident.get(event.get_absolute_url()))
    url = "https://quartiere.example.org/termine/fest/"
    assert find_elements(html, "link", rel="canonical", href=url)
    assert find_elements(html, "meta", property="og:title", content="Fest")
    (data,) = json_ld(html)
    assert data["@type"] == "Event" and data["url"] == url
    assert data["startDate"] == "2026-10-13T18:00+02:00" and data["endDate"] == "2026-10-13T20:00+02:00"
    assert data["eventStatus"] == "https://schema.org/EventScheduled"
    assert data["location"] == {
        "@type": "Place",
        "name": "Bürgerhaus",
        "address": {
            "@type": "PostalAddress",
            "addressCountry": "DE",
            "streetAddress": "Marktstraße 1",
            "postalCode": "58452",
            "addressLocality": "Witten",
        },
    }
    assert data["organizer"]["name"] == "Verein" and data["isAccessibleForFree"] is True


def test_event_share_link_and_unpublished_organiser_left_out(resident):
    event = event_on(days(2), organiser=OrganisationFactory(name="Noch geheim", published=False))
    html = page(resident.get(event.get_absolute_url()))
    assert "Noch geheim" not in html
    (link,) = [a for a in find_elements(html, "a") if dict(a.attributes).get("href", "").startswith("mailto:?")]
    assert event.get_absolute_url() in unquote(dict(link.attributes)["href"])


def test_event_description_is_sanitised(resident):
    event = event_on(days(2), description="**Wichtig**\n\n<script>alert(1)</script> <a href='x' onclick='y()'>z</a>")
    html = page(resident.get(event.get_absolute_url()))
    assert "<strong>Wichtig</strong>" in html
    assert "<script>alert" not in html
    assert not [link for link in find_elements(html, "a") if "onclick" in dict(link.attributes)]
