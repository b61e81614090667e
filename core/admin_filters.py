"""A changelist filter staff type into: "responsible body contains ...", for relations
with too many entries for Django's list of links (a thousand organisations)."""

from django.contrib import admin
from django.contrib.admin.views.main import PAGE_VAR
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

MAX_TYPED = 100


class TextContainsFilter(admin.SimpleListFilter):
    """Keeps the entries with a related entry whose ``fields`` contain the typed text.
    Subclass with ``title``, ``parameter_name`` and ``fields`` (lookups from the model of
    the changelist, e.g. ``["responsible_organisations__name"]``)."""

    template = "admin/core/input_filter.html"
    fields = ()

    def lookups(self, request, model_admin):
        # Django shows a filter only if it has choices; the one here is the typed text.
        return [("", "")]

    def value(self):
        value = (super().value() or "").strip()
        return value[:MAX_TYPED] or None

    def queryset(self, request, queryset):
        value = self.value()
        if value is None:
            return queryset
        matches = Q()
        for field in self.fields:
            matches |= Q(**{f"{field}__icontains": value})
        # A subquery, so an entry linked to several matching ones is listed once.
        return queryset.filter(pk__in=queryset.model._default_manager.filter(matches).values("pk"))

    def choices(self, changelist):
        kept = [
            (name, value)
            for name, values in changelist.params.items()
            if name not in (self.parameter_name, PAGE_VAR)
            for value in (values if isinstance(values, list) else [values])
        ]
        yield {
            "selected": self.value() is None,
            "query_string": changelist.get_query_string(remove=[self.parameter_name]),
            "display": _("All"),
            "parameter_name": self.parameter_name,
            "value": self.value() or "",
            "kept": kept,
            "label": _("Contains"),
            "submit": _("Filter"),
        }
