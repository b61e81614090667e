"""What happens in the districts: posts ("Aktuelles") and events ("Termine").

Both link to the directory (districts, projects, programmes, organisations) by string
references, so the directory apps do not import this one: their pages reach posts and
events through the reverse relations (``project.posts``, ``district.events``).

Times are stored in UTC and shown in Europe/Berlin (settings.TIME_ZONE). A repeating event
keeps its wall-clock time across the clock changes: its occurrences are computed in local
time (``occurrence_starts``) and stored as rows (``EventOccurrence``), so lists, filters and
pagination of /termine/ are plain SQL.
"""

import datetime
from zoneinfo import ZoneInfo

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from core.content import PublishableModel, PublishableQuerySet
from core.history import HISTORY
from core.images import WebImageField

# A repeating event is stored with at most this many occurrences (a weekly date for about
# two years): enough for consultation-like series, bounded for every page and file.
MAX_OCCURRENCES = 104


class PostQuerySet(PublishableQuerySet):
    def newest_first(self):
        return self.order_by("-date", "-pk")


class Post(PublishableModel):
    title = models.CharField(_("title"), max_length=200)
    slug = models.SlugField(_("URL name"), max_length=80, unique=True)
    date = models.DateField(_("date"), default=timezone.localdate, db_index=True)
    teaser = models.CharField(
        _("teaser"), max_length=400, help_text=_("One or two sentences for lists, feeds and search results.")
    )
    body = models.TextField(
        _("text"),
        blank=True,
        help_text=_(
            "Paragraphs separated by an empty line. Links as [text](https://...), lists with '- ' "
            "at the start of a line, **bold**. No HTML."
        ),
    )
    author = models.CharField(_("author"), max_length=150, blank=True, help_text=_("E.g. Quartiersbüro Heven-Ost."))
    districts = models.ManyToManyField(
        "quartier.District", verbose_name=_("districts"), blank=True, related_name="posts"
    )
    projects = models.ManyToManyField("projects.Project", verbose_name=_("projects"), blank=True, related_name="posts")
    programmes = models.ManyToManyField(
        "funding.FundingProgramme", verbose_name=_("funding programmes"), blank=True, related_name="posts"
    )
    organisations = models.ManyToManyField(
        "partners.Organisation", verbose_name=_("organisations"), blank=True, related_name="posts"
    )

    objects = PostQuerySet.as_manager()
    history = HistoricalRecords(m2m_fields=["districts", "projects", "programmes", "organisations"], **HISTORY)

    class Meta:
        verbose_name = _("post")
        verbose_name_plural = _("posts")
        ordering = ["-date", "-pk"]
        indexes = [models.Index(fields=["published", "-date"], name="news_post_published_date")]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("news:post_detail", kwargs={"slug": self.slug})


class PostImage(models.Model):
    post = models.ForeignKey(Post, verbose_name=_("post"), on_delete=models.CASCADE, related_name="images")
    image = WebImageField(
        _("image"),
        upload_to="posts/",
        rendition_field="rendition",
        width_field="width",
        height_field="height",
        help_text=_("JPEG, PNG or WebP, at most 10 MB and 40 megapixels. Location data and EXIF are removed."),
    )
    rendition = models.ImageField(_("web rendition"), upload_to="posts/web/", blank=True, editable=False)
    width = models.PositiveIntegerField(editable=False, null=True)
    height = models.PositiveIntegerField(editable=False, null=True)
    alt_text = models.CharField(
        _("alternative text"), max_length=250, help_text=_("What the image shows, for people who cannot see it.")
    )
    caption = models.CharField(_("caption"), max_length=300, blank=True)
    credit = models.CharField(_("photo credit"), max_length=200, help_text=_("E.g. Photo: Jana Beispiel."))
    position = models.PositiveSmallIntegerField(_("order"), default=0)
    updated_at = models.DateTimeField(_("last changed"), auto_now=True)

    history = HistoricalRecords(**HISTORY)

    class Meta:
        verbose_name = _("post image")
        verbose_name_plural = _("post images")
        ordering = ["position", "id"]

    def __str__(self):
        return self.alt_text

    @property
    def web_url(self):
        return (self.rendition or self.image).url


class EventQuerySet(PublishableQuerySet):
    pass


class Event(PublishableModel):
    class Status(models.TextChoices):
        SCHEDULED = "scheduled", _("takes place")
        CANCELLED = "cancelled", _("cancelled")
        POSTPONED = "postponed", _("postponed")

    class Repeat(models.TextChoices):
        NONE = "none", _("does not repeat")
        WEEKLY = "weekly", _("every week on the same weekday")
        MONTHLY = "monthly", _("every month on the same weekday (e.g. 2nd Tuesday)")

    class Registration(models.TextChoices):
        NONE = "none", _("no registration needed")
        LINK = "link", _("registration on a web page")
        EMAIL = "email", _("registration by e-mail")
        PHONE = "phone", _("registration by phone")

    title = models.CharField(_("title"), max_length=200)
    slug = models.SlugField(_("URL name"), max_length=80, unique=True)
    summary = models.CharField(_("short description"), max_length=400)
    description = models.TextField(
        _("description"),
        blank=True,
        help_text=_(
            "Paragraphs separated by an empty line. Links as [text](https://...), lists with '- ' "
            "at the start of a line, **bold**. No HTML."
        ),
    )
    start = models.DateTimeField(_("start"), help_text=_("Date and time in German time (Europe/Berlin)."))
    end = models.DateTimeField(_("end"), null=True, blank=True)
    all_day = models.BooleanField(_("all day"), default=False, help_text=_("Only the dates count, not the times."))
    repeat = models.CharField(_("repetition"), max_length=10, choices=Repeat.choices, default=Repeat.NONE)
    repeat_until = models.DateField(_("repeat until"), null=True, blank=True)
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.SCHEDULED)
    status_note = models.CharField(
        _("note on the status"), max_length=250, blank=True, help_text=_("E.g. the new date, or why it is cancelled.")
    )
    # The place: one of the network's offices, or a free address.
    office = models.ForeignKey(
        "quartier.Office",
        verbose_name=_("office"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="events",
        help_text=_("If the event takes place in one of the offices. Otherwise fill in the address below."),
    )
    venue = models.CharField(_("venue"), max_length=150, blank=True, help_text=_("E.g. Bürgerhaus, Saal 2."))
    street = models.CharField(_("street and number"), max_length=150, blank=True)
    postcode = models.CharField(_("postcode"), max_length=5, blank=True)
    city = models.CharField(_("city"), max_length=80, blank=True)
    step_free = models.BooleanField(_("step-free access"), default=False)
    hearing_loop = models.BooleanField(_("hearing loop"), default=False)
    sign_language = models.BooleanField(_("sign language on request"), default=False)
    accessibility_note = models.CharField(_("more on accessibility"), max_length=250, blank=True)
    cost = models.CharField(_("cost"), max_length=120, blank=True, help_text=_("Empty: free of charge."))
    registration = models.CharField(
        _("registration"), max_length=10, choices=Registration.choices, default=Registration.NONE
    )
    registration_url = models.URLField(_("registration page"), blank=True)
    registration_email = models.EmailField(_("registration e-mail"), blank=True)
    registration_phone = models.CharField(_("registration phone"), max_length=40, blank=True)
    registration_deadline = models.DateField(_("register by"), null=True, blank=True)
    organiser = models.ForeignKey(
        "partners.Organisation",
        verbose_name=_("organiser"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="events",
    )
    districts = models.ManyToManyField(
        "quartier.District", verbose_name=_("districts"), blank=True, related_name="events"
    )
    project = models.ForeignKey(
        "projects.Project",
        verbose_name=_("project"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="events",
    )

    objects = EventQuerySet.as_manager()
    history = HistoricalRecords(m2m_fields=["districts"], **HISTORY)

    class Meta:
        verbose_name = _("event")
        verbose_name_plural = _("events")
        ordering = ["start", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(end__isnull=True) | Q(end__gte=models.F("start")),
                name="event_end_after_start",
                violation_error_message=_("The event cannot end before it starts."),
            ),
        ]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("news:event_detail", kwargs={"slug": self.slug})

    def clean(self):
        errors = self.schedule_errors()
        if self.repeat != self.Repeat.NONE:
            if not self.repeat_until:
                errors["repeat_until"] = _("A repeating event needs a last date.")
            elif self.start and self.repeat_until < timezone.localtime(self.start).date():
                errors["repeat_until"] = _("The last date cannot lie before the first.")
            if self.repeat == self.Repeat.MONTHLY and self.start and _week_of_month(self._local_start()) > 4:
                errors["repeat"] = _(
                    "A monthly event repeats on the 1st to 4th weekday of a month; the 5th does not exist every month."
                )
        needed = {
            self.Registration.LINK: ("registration_url", _("Enter the address of the registration page.")),
            self.Registration.EMAIL: ("registration_email", _("Enter the e-mail address for registrations.")),
            self.Registration.PHONE: ("registration_phone", _("Enter the phone number for registrations.")),
        }
        if self.registration in needed:
            field, message = needed[self.registration]
            if not getattr(self, field):
                errors[field] = message
        if not self.office_id and not (self.street and self.city) and not self.venue:
            errors["office"] = _("Choose an office or enter the venue and its address.")
        if errors:
            raise ValidationError(errors)

    # --- time -------------------------------------------------------------------------

    def _local_start(self):
        return timezone.localtime(self.start)

    @property
    def duration(self):
        return (self.end - self.start) if self.end else None

    def occurrence_starts(self):
        """The starts of every occurrence, computed as wall-clock times in Europe/Berlin:
        a weekly 18:00 stays 18:00 in winter and in summer."""
        local = self._local_start()
        zone = ZoneInfo(settings.TIME_ZONE)
        wall = local.replace(tzinfo=None)
        if self.repeat == self.Repeat.NONE or not self.repeat_until:
            return [self.start]
        starts = []
        if self.repeat == self.Repeat.WEEKLY:
            day = wall
            while day.date() <= self.repeat_until and len(starts) < MAX_OCCURRENCES:
                starts.append(day)
                day += datetime.timedelta(weeks=1)
        else:
            nth, weekday = _week_of_month(local), wall.weekday()
            year, month = wall.year, wall.month
            while len(starts) < MAX_OCCURRENCES:
                first = datetime.date(year, month, 1)
                day = first + datetime.timedelta(days=(weekday - first.weekday()) % 7 + 7 * (nth - 1))
                if day > self.repeat_until:
                    break
                starts.append(datetime.datetime.combine(day, wall.time()))
                year, month = (year + 1, 1) if month == 12 else (year, month + 1)
        return [start.replace(tzinfo=zone) for start in starts]

    def save(self, *args, **kwargs):
        with transaction.atomic():
            super().save(*args, **kwargs)
            self.occurrences_rebuild()

    def occurrences_rebuild(self):
        duration = self.duration
        self.occurrences.all().delete()
        EventOccurrence.objects.bulk_create(
            EventOccurrence(event=self, start=start, end=start + duration if duration is not None else None)
            for start in self.occurrence_starts()
        )


def last_day(start, end):
    """The last calendar day (Europe/Berlin) of an all-day event: an end at midnight
    belongs to the day before (the calendar convention of an exclusive end)."""
    start, end = timezone.localtime(start), timezone.localtime(end)
    day = end.date()
    if end.time() == datetime.time() and end > start:
        day -= datetime.timedelta(days=1)
    return max(day, start.date())


def _week_of_month(moment):
    return (moment.day - 1) // 7 + 1


class EventOccurrenceQuerySet(models.QuerySet):
    def published(self):
        return self.filter(event__in=Event.objects.published())

    def visible_to(self, user):
        return self.filter(event__in=Event.objects.visible_to(user))

    def upcoming(self, now=None):
        """Not over yet: an occurrence still running counts (an all-day event all day)."""
        now = now or timezone.now()
        today_start = timezone.localtime(now).replace(hour=0, minute=0, second=0, microsecond=0)
        return self.filter(
            Q(end__gte=now) | Q(end__isnull=True, start__gte=today_start),
        )

    def past(self, now=None):
        now = now or timezone.now()
        return self.exclude(pk__in=self.upcoming(now).values("pk"))


class EventOccurrence(models.Model):
    """One date of an event, kept in step with the event on every save (never edited)."""

    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="occurrences")
    start = models.DateTimeField()
    end = models.DateTimeField(null=True)

    objects = EventOccurrenceQuerySet.as_manager()

    class Meta:
        ordering = ["start", "pk"]
        indexes = [models.Index(fields=["start"], name="news_occurrence_start")]

    def __str__(self):
        return f"{self.event} {timezone.localtime(self.start):%d.%m.%Y %H:%M}"
