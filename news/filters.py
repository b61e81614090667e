"""The filters of /aktuelles/ and /termine/ (``?quartier=…&projekt=…&organisation=…&monat=2026-10``):
:class:`core.filters.FilterForm`\\ s like those of the project and partner lists. A value that
does not validate is reported in German and ignored; the others still filter.

District, project and organisation are chosen by slug from the rows the visitor may see
(projects and organisations only if they have posts or events); a month is ``YYYY-MM`` and
any real month is accepted, so a bookmarked month that has gone quiet shows an empty list,
not an error. Each select loads its choices in one query.
"""

import datetime
import re
from zoneinfo import ZoneInfo

from django import forms
from django.conf import settings
from django.utils import dateformat
from django.utils.translation import gettext_lazy as _

from core.filters import FilterForm
from partners.models import Organisation
from projects.models import Project
from quartier.models import District

SELECT = forms.Select(attrs={"class": "form-select"})

# The parameter value of the archive of past events (``/termine/?zeit=vergangen``).
ARCHIVE = "vergangen"

_MONTH = re.compile(r"^(\d{4})-(\d{2})$")


def parse_month(value):
    """``"2026-10"`` -> ``date(2026, 10, 1)``; None for anything else (``2026-13``, ``x``)."""
    match = _MONTH.match(value or "")
    if not match:
        return None
    year, month = int(match.group(1)), int(match.group(2))
    if not (1 <= month <= 12 and 1900 <= year <= 2999):
        return None
    return datetime.date(year, month, 1)


def next_month(first):
    return datetime.date(first.year + 1, 1, 1) if first.month == 12 else datetime.date(first.year, first.month + 1, 1)


def month_label(first):
    return dateformat.format(first, "F Y")  # "Oktober 2026"


class MonthField(forms.ChoiceField):
    """The months with entries are offered; every real month validates."""

    def valid_value(self, value):
        return parse_month(value) is not None


def _choice(label, **kwargs):
    return forms.ChoiceField(label=label, required=False, widget=SELECT, **kwargs)


class NewsFilterForm(FilterForm):
    """What posts and events share. ``user`` decides which districts, projects and
    organisations may be offered (drafts only in the staff preview); ``entries`` are the
    posts or events the user may see; ``months`` the ``date``\\ s (first days) to offer."""

    quartier = _choice(
        _("District"), error_messages={"invalid_choice": _("We do not know this district; all are shown.")}
    )
    projekt = _choice(_("Project"), error_messages={"invalid_choice": _("We do not know this project; all are shown.")})
    organisation = _choice(
        _("Organisation"), error_messages={"invalid_choice": _("We do not know this organisation; all are shown.")}
    )
    monat = MonthField(
        label=_("Month"),
        required=False,
        widget=SELECT,
        error_messages={"invalid_choice": _("A month is written like 2026-10; all months are shown.")},
    )

    # The relation from Project / Organisation to the entries (``posts`` or ``events``).
    related_name = None

    def __init__(self, data=None, *, user, entries, **kwargs):
        super().__init__(data, **kwargs)
        with_entries = {f"{self.related_name}__in": entries}
        self.fields["quartier"].choices = [
            ("", _("all districts")),
            *District.objects.visible_to(user).values_list("slug", "name"),
        ]
        self.fields["projekt"].choices = [
            ("", _("all projects")),
            *Project.objects.visible_to(user)
            .filter(**with_entries)
            .distinct()
            .order_by("title")
            .values_list("slug", "title"),
        ]
        self.fields["organisation"].choices = [
            ("", _("all organisations")),
            *Organisation.objects.visible_to(user)
            .filter(**with_entries)
            .distinct()
            .order_by("name")
            .values_list("slug", "name"),
        ]
        months = set(self.months(entries))
        chosen = parse_month(self.data.get("monat")) if self.is_bound else None
        if chosen:  # a month without entries stays selected
            months.add(chosen)
        months = sorted(months, reverse=self.newest_first())
        self.fields["monat"].choices = [
            ("", _("all months")),
            *((f"{first:%Y-%m}", month_label(first)) for first in months),
        ]

    def months(self, entries):
        """The first days of the months that have entries."""
        raise NotImplementedError

    def newest_first(self):
        return True

    def clean_monat(self):
        return parse_month(self.cleaned_data["monat"])


class PostFilterForm(NewsFilterForm):
    related_name = "posts"

    def months(self, entries):
        return list(entries.dates("date", "month", order="DESC"))

    def filter_quartier(self, queryset, value):
        return queryset.filter(districts__slug=value)

    def filter_projekt(self, queryset, value):
        return queryset.filter(projects__slug=value)

    def filter_organisation(self, queryset, value):
        return queryset.filter(organisations__slug=value)

    def filter_monat(self, queryset, first):
        return queryset.filter(date__gte=first, date__lt=next_month(first))


class EventFilterForm(NewsFilterForm):
    """Filters dates (``EventOccurrence``); ``entries`` are the events the user may see.
    ``zeit`` chooses upcoming dates (the default, soonest first) or the archive of past
    ones (latest first); the months offered are those of the chosen list."""

    related_name = "events"

    zeit = forms.ChoiceField(
        label=_("Time"),
        required=False,
        widget=forms.HiddenInput,
        choices=[("", _("upcoming")), (ARCHIVE, _("past"))],
        error_messages={"invalid_choice": _("We do not know this value; upcoming events are shown.")},
    )

    def __init__(self, data=None, *, occurrences, **kwargs):
        self.occurrences = occurrences
        super().__init__(data, **kwargs)

    def is_archive(self):
        return self.valid_filters().get("zeit") == ARCHIVE

    def newest_first(self):
        return self.is_bound and self.data.get("zeit") == ARCHIVE

    def _in_time(self, occurrences, archive):
        if archive:
            return occurrences.past().order_by("-start", "-pk")
        return occurrences.upcoming().order_by("start", "pk")

    def months(self, entries):
        zone = ZoneInfo(settings.TIME_ZONE)
        starts = self._in_time(self.occurrences, self.newest_first()).datetimes("start", "month", tzinfo=zone)
        return [moment.date() for moment in starts]

    def filter(self, queryset):
        return super().filter(self._in_time(queryset, self.is_archive()))

    def filter_zeit(self, queryset, value):
        return queryset  # applied in filter(): upcoming is the default list, not a filter

    def filter_quartier(self, queryset, value):
        return queryset.filter(event__districts__slug=value)

    def filter_projekt(self, queryset, value):
        return queryset.filter(event__project__slug=value)

    def filter_organisation(self, queryset, value):
        return queryset.filter(event__organiser__slug=value)

    def filter_monat(self, queryset, first):
        zone = ZoneInfo(settings.TIME_ZONE)
        start = datetime.datetime.combine(first, datetime.time(), tzinfo=zone)
        end = datetime.datetime.combine(next_month(first), datetime.time(), tzinfo=zone)
        return queryset.filter(start__gte=start, start__lt=end)
