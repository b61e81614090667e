"""Where an entry stands for residents, in the back office of every publishable model:
draft, scheduled ("online from" still ahead), online, or offline again ("offline from"
passed). Derived from ``published``, ``publish_from`` and ``publish_until``
(:class:`core.content.PublishableModel`), never stored. Times are German time
(Europe/Berlin, ``TIME_ZONE``) in the lists and in the forms."""

from django import forms
from django.contrib import admin
from django.contrib.admin import widgets
from django.db import models
from django.db.models import Case, IntegerField, Q, Value, When
from django.utils import formats, timezone
from django.utils.text import capfirst, format_lazy
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from core.content import published_q

SCHEDULE_FIELDS = ("publish_from", "publish_until")
PUBLICATION_HELP = _(
    "Residents see the entry while “Published” is ticked, from “online from” on and "
    "until “offline from”; it goes online and offline at those moments by itself. "
    "Leave both empty to show it as soon as it is published. Times are German time "
    "(Europe/Berlin). Staff see drafts and scheduled entries with “View on site”."
)


def moment(value):
    """``03.12.2026 08:00`` in German time."""
    return formats.date_format(timezone.localtime(value), "SHORT_DATETIME_FORMAT")


class Publication(models.IntegerChoices):
    """The numbers order the list column."""

    DRAFT = 1, _("draft")
    SCHEDULED = 2, _("scheduled")
    ONLINE = 3, _("online")
    OFFLINE = 4, _("offline again")


def publication_conditions(now):
    return {
        Publication.DRAFT: Q(published=False),
        Publication.SCHEDULED: Q(published=True, publish_from__gt=now),
        Publication.OFFLINE: Q(published=True, publish_until__lte=now)
        & (Q(publish_from__isnull=True) | Q(publish_from__lte=now)),
        Publication.ONLINE: published_q(now=now),
    }


def with_publication(queryset, now=None):
    """Adds ``publication`` (a :class:`Publication` number) for sorting in SQL."""
    conditions = publication_conditions(now or timezone.now())
    return queryset.annotate(
        publication=Case(
            *(When(condition, then=Value(int(value))) for value, condition in conditions.items()),
            default=Value(int(Publication.ONLINE)),
            output_field=IntegerField(),
        )
    )


class PublicationListFilter(admin.SimpleListFilter):
    title = _("publication")
    parameter_name = "publication"

    def lookups(self, request, model_admin):
        return [(str(value), label) for value, label in Publication.choices]

    def queryset(self, request, queryset):
        conditions = publication_conditions(timezone.now())
        for value, condition in conditions.items():
            if self.value() == str(int(value)):
                return queryset.filter(condition)
        return queryset


def publication_text(obj, now=None):
    """``draft`` / ``scheduled: online from 03.12.2026 08:00`` / ``online`` /
    ``online until …`` / ``offline since …``."""
    now = now or timezone.now()
    if not obj.published:
        if obj.publish_from and obj.publish_from > now:
            return gettext("draft (online from %(moment)s once published)") % {"moment": moment(obj.publish_from)}
        return gettext("draft")
    if obj.publish_from and obj.publish_from > now:
        return gettext("scheduled: online from %(moment)s") % {"moment": moment(obj.publish_from)}
    if obj.publish_until and obj.publish_until <= now:
        return gettext("offline since %(moment)s") % {"moment": moment(obj.publish_until)}
    if obj.publish_until:
        return gettext("online until %(moment)s") % {"moment": moment(obj.publish_until)}
    return gettext("online")


class MinuteSplitDateTime(widgets.AdminSplitDateTime):
    """Date and time as staff write them: ``18:00``, not ``18:00:00``. With ``label`` (the
    field's name), each of the two inputs is named for screen readers ("online from:
    date"), since the one ``<label>`` can point at only one of them."""

    def __init__(self, attrs=None, label=None):
        super().__init__(attrs)
        self.widgets[1].format = "%H:%M"
        if label:
            self.widgets[0].attrs["aria-label"] = format_lazy("{}: {}", capfirst(label), _("date"))
            self.widgets[1].attrs["aria-label"] = format_lazy("{}: {}", capfirst(label), _("time"))


def with_schedule_fields(fieldsets):
    """``fieldsets`` with "online from"/"offline from" in a row right after ``published``
    (wherever an admin put that field), and the publication help on that fieldset."""
    result = []
    for name, options in fieldsets:
        fields = list(options.get("fields", ()))
        flat = [part for field in fields for part in (field if isinstance(field, (list, tuple)) else (field,))]
        if "published" in flat and not set(SCHEDULE_FIELDS) & set(flat):
            at = next(
                i
                for i, field in enumerate(fields)
                if "published" in (field if isinstance(field, (list, tuple)) else (field,))
            )
            fields.insert(at + 1, SCHEDULE_FIELDS)
            options = {**options, "fields": fields}
            options.setdefault("description", PUBLICATION_HELP)
        result.append((name, options))
    return result


class PublicationAdminMixin:
    """For a ``PublishableAdmin``: the schedule fields beside "published" in the form, a
    "publication" column instead of the bare flag, its filter, and its order in SQL."""

    def get_queryset(self, request):
        return with_publication(super().get_queryset(request))

    def get_fieldsets(self, request, obj=None):
        return with_schedule_fields(super().get_fieldsets(request, obj))

    def get_list_display(self, request):
        return ["publication_column" if name == "published" else name for name in super().get_list_display(request)]

    def get_list_filter(self, request):
        return [PublicationListFilter if name == "published" else name for name in super().get_list_filter(request)]

    def formfield_for_dbfield(self, db_field, request, **kwargs):
        if db_field.name in SCHEDULE_FIELDS:
            kwargs.update(form_class=forms.SplitDateTimeField, widget=MinuteSplitDateTime(label=db_field.verbose_name))
        return super().formfield_for_dbfield(db_field, request, **kwargs)

    @admin.display(description=_("publication"), ordering="publication")
    def publication_column(self, obj):
        return publication_text(obj)
