"""Public pages of posts ("Aktuelles") and events ("Termine"): the two filterable lists and
a page for each post and event.

Every page starts from ``visible_to(user)`` (drafts and scheduled entries only in the staff
preview) and fetches what its template shows with select_related/prefetch_related, so it
runs a fixed number of queries whatever the number of posts and events.
/termine/ lists dates (``EventOccurrence``), so a weekly meeting appears on each of its days.
"""

from urllib.parse import quote

from django.conf import settings
from django.db.models import Prefetch
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.generic import DetailView, ListView

from core.filters import FilteredListMixin
from core.images import stored_file
from core.views import BreadcrumbsMixin, PublishedMixin, visible_object
from funding.models import FundingProgramme
from news.filters import EventFilterForm, PostFilterForm
from news.models import Event, EventOccurrence, Post
from partners.models import Organisation
from projects.models import Project
from quartier.models import District

POSTS_PER_PAGE = 10
DATES_PER_PAGE = 20
# The next dates of a repeating event on its page; the calendar file has all of them.
NEXT_DATES = 6


def absolute_url(path):
    """The public address of ``path`` (``settings.SITE_URL``), also for canonical links."""
    return settings.SITE_URL + path


def share_mailto(*, subject, intro, title, url):
    """A ``mailto:`` link that opens the visitor's own mail program with subject and link:
    no third party learns what is shared."""
    body = f"{intro}\n{title}\n{url}"
    return f"mailto:?subject={quote(subject)}&body={quote(body)}"


def _published_districts(user):
    return District.objects.visible_to(user).only("id", "name", "slug").order_by("name")


class PostListView(BreadcrumbsMixin, FilteredListMixin, PublishedMixin, ListView):
    model = Post
    template_name = "news/post_list.html"
    context_object_name = "posts"
    paginate_by = POSTS_PER_PAGE
    filter_form_class = PostFilterForm

    def get_filter_form_kwargs(self):
        user = self.request.user
        return {"user": user, "entries": Post.objects.visible_to(user)}

    def get_queryset(self):
        return (
            super()
            .get_queryset()
            .newest_first()
            .prefetch_related(Prefetch("districts", queryset=_published_districts(self.request.user)), "images")
        )

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        count = context["paginator"].count
        context.update(
            count_text=ngettext("%(count)s post found", "%(count)s posts found", count) % {"count": count},
        )
        return context

    def get_breadcrumbs(self):
        return [("", _("News"))]


class PostDetailView(BreadcrumbsMixin, PublishedMixin, DetailView):
    model = Post
    template_name = "news/post_detail.html"
    context_object_name = "post"

    def get_queryset(self):
        user = self.request.user
        return (
            super()
            .get_queryset()
            .prefetch_related(
                "images",
                Prefetch("districts", queryset=_published_districts(user)),
                Prefetch("projects", queryset=Project.objects.visible_to(user).only("id", "title", "slug", "code")),
                Prefetch(
                    "programmes",
                    queryset=FundingProgramme.objects.visible_to(user).only("id", "name", "slug").order_by("name"),
                ),
                Prefetch(
                    "organisations",
                    queryset=Organisation.objects.visible_to(user).only("id", "name", "slug").order_by("name"),
                ),
            )
        )

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        post = self.object
        url = absolute_url(post.get_absolute_url())
        images = [(image, stored_file(image, ["rendition", "image"])) for image in post.images.all()]
        images = [(image, file.url) for image, file in images if file]
        context.update(
            images=images,
            canonical_url=url,
            og_image=absolute_url(images[0][1]) if images else "",
            share_url=share_mailto(
                subject=_("News: %(title)s") % {"title": post.title},
                intro=_("I would like to recommend this post to you:"),
                title=post.title,
                url=url,
            ),
            structured_data=self.structured_data(post, url, [absolute_url(src) for _image, src in images]),
        )
        return context

    def get_breadcrumbs(self):
        return [(reverse("news:post_list"), _("News")), ("", self.object.title)]

    def structured_data(self, post, url, image_urls):
        data = {
            "@context": "https://schema.org",
            "@type": "NewsArticle",
            "headline": post.title[:110],
            "description": post.teaser,
            "datePublished": post.date.isoformat(),
            "dateModified": timezone.localtime(post.updated_at).isoformat(timespec="seconds"),
            "url": url,
            "mainEntityOfPage": url,
            "inLanguage": "de",
            "author": {"@type": "Organization", "name": post.author or settings.SITE_NAME},
            "publisher": {"@type": "Organization", "name": settings.SITE_NAME, "url": absolute_url("/")},
        }
        if image_urls:
            data["image"] = image_urls
        return data


class EventListView(BreadcrumbsMixin, FilteredListMixin, PublishedMixin, ListView):
    """The dates of the events: upcoming (soonest first) or, with ``?zeit=vergangen``, the
    archive of past dates (latest first); news.filters.EventFilterForm decides."""

    model = EventOccurrence
    template_name = "news/event_list.html"
    context_object_name = "dates"
    paginate_by = DATES_PER_PAGE
    filter_form_class = EventFilterForm

    def get_filter_form_kwargs(self):
        user = self.request.user
        return {
            "user": user,
            "entries": Event.objects.visible_to(user),
            "occurrences": EventOccurrence.objects.visible_to(user),
        }

    def get_queryset(self):
        return (
            super()
            .get_queryset()
            .select_related("event", "event__office")
            .prefetch_related(Prefetch("event__districts", queryset=_published_districts(self.request.user)))
        )

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        count = context["paginator"].count
        archive = self.form.is_archive()
        if archive:
            text = ngettext("%(count)s past date found", "%(count)s past dates found", count)
        else:
            text = ngettext("%(count)s upcoming date found", "%(count)s upcoming dates found", count)
        heading = _("Past events") if archive else _("Events")
        is_filtered = any(name != "zeit" for name in self.form.valid_filters())  # the archive is no filter
        context.update(count_text=text % {"count": count}, archive=archive, heading=heading, is_filtered=is_filtered)
        return context

    def get_breadcrumbs(self):
        if self.form.is_archive():
            return [(reverse("news:event_list"), _("Events")), ("", _("Archive"))]
        return [("", _("Events"))]


class EventDetailView(BreadcrumbsMixin, PublishedMixin, DetailView):
    model = Event
    template_name = "news/event_detail.html"
    context_object_name = "event"

    def get_queryset(self):
        return (
            super()
            .get_queryset()
            .select_related("office", "organiser", "project")
            .prefetch_related(
                Prefetch("districts", queryset=_published_districts(self.request.user)),
                Prefetch(
                    "occurrences",
                    queryset=EventOccurrence.objects.upcoming().order_by("start", "pk")[: NEXT_DATES + 1],
                    to_attr="next_dates",
                ),
            )
        )

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        event, user = self.object, self.request.user
        next_dates = event.next_dates
        # Over: the page names its last date (one more query, only for an event in the past).
        date = next_dates[0] if next_dates else event.occurrences.order_by("-start", "-pk").first()
        url = absolute_url(event.get_absolute_url())
        context.update(
            date=date,
            is_past=not next_dates,
            later_dates=next_dates[1:NEXT_DATES],
            more_dates=len(next_dates) > NEXT_DATES,
            organiser=visible_object(event.organiser, user),
            project=visible_object(event.project, user),
            canonical_url=url,
            share_url=share_mailto(
                subject=_("Event: %(title)s") % {"title": event.title},
                intro=_("I would like to recommend this event to you:"),
                title=event.title,
                url=url,
            ),
        )
        context["structured_data"] = self.structured_data(event, date, url, context["organiser"])
        return context

    def get_breadcrumbs(self):
        return [(reverse("news:event_list"), _("Events")), ("", self.object.title)]

    def structured_data(self, event, date, url, organiser):
        status = {
            Event.Status.SCHEDULED: "https://schema.org/EventScheduled",
            Event.Status.CANCELLED: "https://schema.org/EventCancelled",
            Event.Status.POSTPONED: "https://schema.org/EventPostponed",
        }[event.status]
        start, end = (date.start, date.end) if date else (event.start, event.end)

        def moment(value):
            local = timezone.localtime(value)
            return local.date().isoformat() if event.all_day else local.isoformat(timespec="minutes")

        data = {
            "@context": "https://schema.org",
            "@type": "Event",
            "name": event.title,
            "description": event.summary,
            "url": url,
            "startDate": moment(start),
            "eventStatus": status,
            "eventAttendanceMode": "https://schema.org/OfflineEventAttendanceMode",
            "location": self.place(event),
            "isAccessibleForFree": not event.cost,
            "inLanguage": "de",
        }
        if end:
            data["endDate"] = moment(end)
        if organiser:
            data["organizer"] = {
                "@type": "Organization",
                "name": organiser.name,
                "url": absolute_url(organiser.get_absolute_url()),
            }
        return data

    @staticmethod
    def place(event):
        office = event.office
        if office:
            name, street, postcode, city = office.name, office.street, office.postcode, office.city
        else:
            name, street, postcode, city = event.venue, event.street, event.postcode, event.city
        address = {"@type": "PostalAddress", "addressCountry": "DE"}
        for key, value in (("streetAddress", street), ("postalCode", postcode), ("addressLocality", city)):
            if value:
                address[key] = value
        return {"@type": "Place", "name": name or city or street, "address": address}
