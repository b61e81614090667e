"""Searching the back office by name: a search (the autocomplete's above all) lists the
entries *named* like the term first, and an autocomplete marks the entries residents do
not see, so staff do not link a draft by mistake."""

from django.contrib.admin.views.autocomplete import AutocompleteJsonView
from django.db.models import Case, IntegerField, Q, Value, When
from django.utils.translation import gettext_lazy as _


def autocomplete_label(obj):
    """How an entry is named in an autocomplete: ``Heven-Ost (draft)`` when residents do
    not see it (a draft, or one outside its "online from"/"offline from" window)."""
    public = getattr(obj, "is_public", getattr(obj, "published", True))
    return str(obj) if public else str(_("%(name)s (draft)") % {"name": obj})


class RankedSearchMixin:
    """For a ModelAdmin: the exact name first, then names starting with the term, then
    names containing it, then entries that only mention it in another searched field (a
    summary). The name fields are ``rank_fields``, by default ``slug_source`` and the first
    search field. Only the autocomplete ranks (:class:`NamedAutocompleteJsonView`, which also
    names the entries with :func:`autocomplete_label`); the changelist keeps the order of
    its columns."""

    rank_fields = None

    def get_rank_fields(self):
        if self.rank_fields is not None:
            return list(self.rank_fields)
        names = [getattr(self, "slug_source", None), *self.search_fields[:1]]
        return [name for name in dict.fromkeys(names) if name and "__" not in name and name[0] not in "^=@"]

    def rank_by_name(self, queryset, search_term):
        term, fields = search_term.strip(), self.get_rank_fields()
        if not term or not fields:
            return queryset

        def any_field(lookup):
            return Q.create([(f"{field}__{lookup}", term) for field in fields], connector=Q.OR)

        rank = Case(
            When(any_field("iexact"), then=Value(0)),
            When(any_field("istartswith"), then=Value(1)),
            When(any_field("icontains"), then=Value(2)),
            default=Value(3),
            output_field=IntegerField(),
        )
        return queryset.annotate(search_rank=rank).order_by("search_rank", *fields, "pk")


class NamedAutocompleteJsonView(AutocompleteJsonView):
    """Django's autocomplete answer, with the labels of :func:`autocomplete_label` for
    the models whose admin is a :class:`RankedSearchMixin` (routed in ``config/urls.py``,
    before the admin's own view at the same address)."""

    def get_queryset(self):
        queryset = super().get_queryset()
        if isinstance(self.model_admin, RankedSearchMixin):
            queryset = self.model_admin.rank_by_name(queryset, self.term)
        return queryset

    def serialize_result(self, obj, to_field_name):
        result = super().serialize_result(obj, to_field_name)
        if isinstance(self.model_admin, RankedSearchMixin):
            result["text"] = autocomplete_label(obj)
        return result
