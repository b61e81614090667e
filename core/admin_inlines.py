"""Inlines whose queries do not grow with their rows (issue 11: an organisation with 202
contact persons took 575 queries).

Per row, Django's admin asks the database for the row's related entries (a many-to-many
initial value), for each autocomplete's chosen entries (one query per widget, to print
their names) and for whatever the row's name (``__str__``) reads. :class:`BoundedInlineMixin`
loads the related entries once for all rows (``select_related``/``prefetch_related``) and
hands each row's autocomplete widgets the entries already in memory, so a page with 200
rows costs the same few queries as one with 5.
"""

from django.contrib.admin.widgets import AutocompleteSelect, AutocompleteSelectMultiple


class KnownChoicesMixin:
    """An autocomplete widget that prints its chosen entries from ``known`` (objects
    already loaded) instead of a query; it falls back to the query for any value it does
    not know (a value posted back after an error, say)."""

    known = None

    def optgroups(self, name, value, attr=None):
        selected = {str(v) for v in value if str(v) not in self.choices.field.empty_values}
        known = {str(obj.pk): obj for obj in self.known or ()}
        if self.known is None or not selected <= known.keys():
            return super().optgroups(name, value, attr)
        default = (None, [], 0)
        if not self.is_required and not self.allow_multiple_selected:
            default[1].append(self.create_option(name, "", "", False, 0))
        for key, obj in known.items():
            if key in selected:
                label = self.choices.field.label_from_instance(obj)
                default[1].append(self.create_option(name, obj.pk, label, selected, len(default[1])))
        return [default]


class KnownAutocompleteSelect(KnownChoicesMixin, AutocompleteSelect):
    pass


class KnownAutocompleteSelectMultiple(KnownChoicesMixin, AutocompleteSelectMultiple):
    pass


class BoundedInlineMixin:
    """Put before ``admin.TabularInline``/``StackedInline``. ``list_select_related`` and
    ``list_prefetch_related`` name what the rows read; the autocomplete fields among them
    are printed from memory."""

    list_select_related = ()
    list_prefetch_related = ()

    def get_queryset(self, request):
        queryset = super().get_queryset(request)
        if self.list_select_related:
            queryset = queryset.select_related(*self.list_select_related)
        if self.list_prefetch_related:
            queryset = queryset.prefetch_related(*self.list_prefetch_related)
        return queryset

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name in self.get_autocomplete_fields(request) and "widget" not in kwargs:
            kwargs["widget"] = KnownAutocompleteSelect(db_field, self.admin_site, using=kwargs.get("using"))
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    def formfield_for_manytomany(self, db_field, request, **kwargs):
        if db_field.name in self.get_autocomplete_fields(request) and "widget" not in kwargs:
            kwargs["widget"] = KnownAutocompleteSelectMultiple(db_field, self.admin_site, using=kwargs.get("using"))
        return super().formfield_for_manytomany(db_field, request, **kwargs)

    def get_formset(self, request, obj=None, **kwargs):
        formset = super().get_formset(request, obj, **kwargs)
        names = list(self.get_autocomplete_fields(request))

        class KnownChoicesFormSet(formset):
            def _construct_form(self, i, **kwargs):
                form = super()._construct_form(i, **kwargs)
                if form.instance.pk is not None:
                    for name in names:
                        if name in form.fields:
                            widget = getattr(form.fields[name].widget, "widget", form.fields[name].widget)
                            widget.known = _related(form.instance, name)
                return form

        return KnownChoicesFormSet


def _related(instance, name):
    field = instance._meta.get_field(name)
    if field.many_to_many:
        return list(getattr(instance, name).all())  # prefetched: no query
    related = getattr(instance, name)  # joined: no query
    return [related] if related is not None else []
