"""Back office for posts and events: the same rights, history, preview and publication
controls as projects (``PublishableAdmin``), plus "online from"/"offline from".

The lists say what staff need to know at a glance: when (an event's next date), whether an
entry is a draft, waiting for its "online from", online or offline again, and whether an
event is cancelled or postponed. Times are German time (Europe/Berlin, ``TIME_ZONE``) in
the lists and in the forms."""

import datetime

from django import forms
from django.contrib import admin
from django.db import models
from django.db.models import OuterRef, Subquery
from django.utils import formats, timezone
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext, ngettext
from django.utils.translation import gettext_lazy as _

from core.admin_helpers import FORMFIELD_OVERRIDES, HistoryAdmin, PublishableAdmin, SlugFromSourceForm, image_preview
from core.admin_locking import OptimisticLockInlineMixin
from core.admin_publication import PUBLICATION_HELP, MinuteSplitDateTime, PublicationListFilter
from news.models import Event, EventOccurrence, Post, PostImage
from news.templatetags.news_tags import when_text
from quartier.admin_editors import DistrictScopedAdminMixin

post_image_preview = image_preview("image", rendition_field="rendition", alt_field="alt_text")

PUBLICATION = (
    _("Publication"),
    {
        "fields": ["published", ("publish_from", "publish_until"), ("created_at", "updated_at")],
        "description": PUBLICATION_HELP,
    },
)
# The next dates of a repeating event on its change page (all of them are in its .ics file).
NEXT_DATES_SHOWN = 8
# The start of an event's next date that is not over yet (annotated by EventAdmin).
NEXT_START = models.F("next_start")


class ScheduledPublicationAdmin(PublishableAdmin):
    """Posts and events: the publication column, its filter and its order in SQL."""

    formfield_overrides = {
        **FORMFIELD_OVERRIDES,
        models.DateTimeField: {"form_class": forms.SplitDateTimeField, "widget": MinuteSplitDateTime},
    }

    def get_form(self, request, obj=None, **kwargs):
        # Our own form (publication dates checked beside the fields) with the slug rules.
        kwargs.setdefault("form", self.form)
        return super().get_form(request, obj, **kwargs)

    @admin.display(description=_("districts"))
    def districts_column(self, obj):
        return ", ".join(district.name for district in obj.districts.all()) or "–"


class ScheduledPublicationForm(SlugFromSourceForm):
    # "Offline from" after "online from": PublishableModel.schedule_errors(), beside the field.
    slug_source = "title"


# --- posts -----------------------------------------------------------------------------


class PostImageInline(OptimisticLockInlineMixin, admin.StackedInline):
    model = PostImage
    extra = 0
    formfield_overrides = FORMFIELD_OVERRIDES
    fields = ["image", "preview", "alt_text", ("caption", "credit"), "position"]
    readonly_fields = ["preview"]
    preview = post_image_preview


@admin.register(Post)
class PostAdmin(DistrictScopedAdminMixin, ScheduledPublicationAdmin):
    form = ScheduledPublicationForm
    list_display = ["title", "date", "publication_column", "districts_column", "author"]
    list_filter = [PublicationListFilter, "districts"]
    search_fields = ["title", "teaser", "body", "author", "projects__title"]
    slug_source = "title"
    date_hierarchy = "date"
    ordering = ["-date", "-pk"]
    autocomplete_fields = ["districts", "projects", "programmes", "organisations"]
    inlines = [PostImageInline]
    fieldsets = [
        (None, {"fields": ["title", "slug", "date", "teaser", "body", "author"]}),
        (_("Linked with"), {"fields": ["districts", "projects", "programmes", "organisations"]}),
        PUBLICATION,
    ]

    def get_queryset(self, request):
        return super().get_queryset(request).prefetch_related("districts")


@admin.register(PostImage)
class PostImageAdmin(DistrictScopedAdminMixin, HistoryAdmin):
    list_display = ["alt_text", "post", "credit", "position", "thumbnail"]
    list_select_related = ["post"]
    search_fields = ["alt_text", "caption", "credit", "post__title"]
    autocomplete_fields = ["post"]
    readonly_fields = ["preview"]
    fields = ["post", "image", "preview", "alt_text", "caption", "credit", "position"]
    preview = post_image_preview
    # The alternative text is the first column already: the thumbnail is decorative here.
    thumbnail = image_preview("image", rendition_field="rendition", width=96)


# --- events ----------------------------------------------------------------------------


class TimeOptionalSplitDateTimeField(forms.SplitDateTimeField):
    """Date and time in German time; the time may be left empty (an all-day event), the
    form then decides (``EventAdminForm.clean``)."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, require_all_fields=False, **kwargs)
        self.fields[1].required = False

    def compress(self, data_list):
        if data_list and data_list[0] not in self.empty_values and data_list[1] in self.empty_values:
            data_list = [data_list[0], datetime.time(0)]
        return super().compress(data_list)


class EventAdminForm(ScheduledPublicationForm):
    """An all-day event needs no times (start at 0:00, end at 23:59 of its last day);
    any other event does. An end before the start is named beside the end."""

    def _time_left_empty(self, name):
        return name in self.fields and not (self.data.get(self.add_prefix(f"{name}_1")) or "").strip()

    def clean(self):
        cleaned = super().clean()
        all_day = cleaned.get("all_day")
        start, end = cleaned.get("start"), cleaned.get("end")
        if start and self._time_left_empty("start") and not all_day:
            self.add_error("start", _("Enter a time, or tick “all day”."))
        if end and self._time_left_empty("end"):
            if all_day:
                cleaned["end"] = end = end.replace(hour=23, minute=59)
            else:
                self.add_error("end", _("Enter a time, or tick “all day”."))
        if start and end and end < start and "end" not in self.errors:
            self.add_error("end", _("The event cannot end before it starts."))
        return cleaned


class EventTimeListFilter(admin.SimpleListFilter):
    """Upcoming: at least one date not over yet (a running one counts); past: all over."""

    title = _("date")
    parameter_name = "when"

    def lookups(self, request, model_admin):
        return [("upcoming", _("upcoming")), ("past", _("past"))]

    def queryset(self, request, queryset):
        upcoming = EventOccurrence.objects.upcoming().values("event")
        if self.value() == "upcoming":
            return queryset.filter(pk__in=upcoming)
        if self.value() == "past":
            return queryset.exclude(pk__in=upcoming)
        return queryset


@admin.register(Event)
class EventAdmin(DistrictScopedAdminMixin, ScheduledPublicationAdmin):
    form = EventAdminForm
    list_display = [
        "title",
        "when_column",
        "next_date_column",
        "status_column",
        "publication_column",
        "districts_column",
    ]
    list_filter = [EventTimeListFilter, PublicationListFilter, "status", "repeat", "districts"]
    list_select_related = ["office"]
    search_fields = ["title", "summary", "description", "venue", "office__name"]
    slug_source = "title"
    date_hierarchy = "start"
    autocomplete_fields = ["office", "organiser", "districts", "project"]
    readonly_fields = ["occurrence_list", *ScheduledPublicationAdmin.readonly_fields]
    fieldsets = [
        (None, {"fields": ["title", "slug", "summary", "description"]}),
        (
            _("Date"),
            {
                "fields": [
                    ("start", "end"),
                    "all_day",
                    ("repeat", "repeat_until"),
                    "occurrence_list",
                    ("status", "status_note"),
                ],
                "description": _(
                    "Dates and times in German time (Europe/Berlin), whatever the clock of your "
                    "computer says. For an all-day event the times may stay empty. A repeating "
                    "event keeps its time of day across the clock changes."
                ),
            },
        ),
        (
            _("Place"),
            {
                "fields": [
                    "office",
                    "venue",
                    ("street", "postcode", "city"),
                    ("step_free", "hearing_loop", "sign_language"),
                    "accessibility_note",
                ]
            },
        ),
        (
            _("Cost and registration"),
            {
                "fields": [
                    "cost",
                    "registration",
                    ("registration_url", "registration_email", "registration_phone"),
                    "registration_deadline",
                ]
            },
        ),
        (_("Linked with"), {"fields": ["organiser", "districts", "project"]}),
        PUBLICATION,
    ]

    def formfield_for_dbfield(self, db_field, request, **kwargs):
        if db_field.name in ("start", "end"):
            kwargs["form_class"] = TimeOptionalSplitDateTimeField
        return super().formfield_for_dbfield(db_field, request, **kwargs)

    def get_ordering(self, request):
        # The next date first (a weekly series that began months ago among them), events
        # that are over after them, newest first. (Not in ``ordering``: the admin checks
        # look for a model field there, and ``next_start`` is an annotation.)
        return [NEXT_START.asc(nulls_last=True), "-start", "-pk"]

    def get_queryset(self, request):
        upcoming = EventOccurrence.objects.filter(event=OuterRef("pk")).upcoming().order_by("start")
        return (
            super()
            .get_queryset(request)
            .annotate(next_start=Subquery(upcoming.values("start")[:1]))
            .prefetch_related("districts")
        )

    @admin.display(description=_("when"), ordering="start")
    def when_column(self, obj):
        first = when_text(obj.start, obj.end, obj.all_day)
        if obj.repeat == Event.Repeat.NONE or not obj.repeat_until:
            return first
        until = formats.date_format(obj.repeat_until, "SHORT_DATE_FORMAT")
        if obj.repeat == Event.Repeat.WEEKLY:
            series = gettext("weekly until %(until)s") % {"until": until}
        else:
            series = gettext("monthly until %(until)s") % {"until": until}
        return format_html("{}<br>{}", first, series)

    @admin.display(description=_("next date"), ordering=NEXT_START.asc(nulls_last=True))
    def next_date_column(self, obj):
        if obj.next_start is None:
            return gettext("over")
        return formats.date_format(timezone.localtime(obj.next_start), "D, d.m.Y")

    @admin.display(description=_("status"), ordering="status")
    def status_column(self, obj):
        if obj.status == Event.Status.SCHEDULED:
            return obj.get_status_display()
        label = obj.get_status_display().upper()
        if obj.status_note:
            return format_html("<strong>{}</strong>: {}", label, obj.status_note)
        return format_html("<strong>{}</strong>", label)

    @admin.display(description=_("dates"))
    def occurrence_list(self, obj):
        if obj is None or obj.pk is None:
            return gettext("The dates are listed here after saving.")
        dates = list(obj.occurrences.all())
        upcoming = set(EventOccurrence.objects.filter(event=obj).upcoming().values_list("pk", flat=True))
        coming = [occurrence for occurrence in dates if occurrence.pk in upcoming]
        shown = coming[:NEXT_DATES_SHOWN] if coming else dates[-NEXT_DATES_SHOWN:]
        if coming:
            summary = ngettext(
                "%(count)d date in all, %(coming)d still to come; the next:",
                "%(count)d dates in all, %(coming)d still to come; the next:",
                len(dates),
            ) % {"count": len(dates), "coming": len(coming)}
        else:
            summary = ngettext(
                "%(count)d date in all, all of them past:", "%(count)d dates in all, all of them past:", len(dates)
            ) % {"count": len(dates)}
        items = format_html_join("", "<li>{}</li>", ((when_text(item.start, item.end, obj.all_day),) for item in shown))
        return format_html('<p>{}</p><ul class="news-occurrences">{}</ul>', summary, items)
