"""District editors in the back office (the rules: ``quartier/editors.py``).

- :class:`DistrictScopedAdminMixin`, for the admin of an entry that belongs to districts
  (projects, offices, contact persons, posts, events, their images and fundings): lists,
  actions (publish among them) and autocompletes hold the entries of the user's districts
  only; another district's entry is "not found" (404) on every page of its own (change,
  delete, history); the district field keeps at least one of the user's districts;
- :class:`OwnDistrictsAutocompleteMixin`, for the district admin: a district editor
  picks only their own districts for an entry;
- the user admin gets the districts a staff account edits (:func:`register`)."""

from django import forms
from django.contrib import admin
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.http import Http404
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _

from quartier import editors
from quartier.models import District, DistrictEditor


def _district_ids(value):
    if value is None:
        return set()
    if isinstance(value, District):
        return {value.pk}
    return {district.pk for district in value}


class DistrictScopedAdminMixin:
    """Put before the admin's base class: ``class ProjectAdmin(DistrictScopedAdminMixin,
    PublishableAdmin)``."""

    def get_queryset(self, request):
        return editors.scope(super().get_queryset(request), request.user)

    def get_object(self, request, object_id, from_field=None):
        obj = super().get_object(request, object_id, from_field)
        if obj is None and editors.is_limited(request.user):
            field = self.model._meta.pk if from_field is None else self.model._meta.get_field(from_field)
            try:
                value = field.to_python(object_id)
            except ValidationError:
                return None
            if self.model._default_manager.filter(**{field.attname: value}).exists():
                raise Http404  # another district's entry: as if there were none
        return obj

    def has_view_permission(self, request, obj=None):
        return super().has_view_permission(request, obj) and editors.in_scope(request.user, obj)

    def has_change_permission(self, request, obj=None):
        return super().has_change_permission(request, obj) and editors.in_scope(request.user, obj)

    def has_delete_permission(self, request, obj=None):
        return super().has_delete_permission(request, obj) and editors.in_scope(request.user, obj)

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        field = super().formfield_for_foreignkey(db_field, request, **kwargs)
        if field is not None and editors.is_limited(request.user):
            if db_field.name == editors.district_field(self.model):
                field.queryset = field.queryset.filter(pk__in=editors.edited_districts(request.user))
            elif db_field.name == editors.parent_field(self.model):
                field.queryset = editors.scope(field.queryset, request.user)
        return field

    def get_form(self, request, obj=None, **kwargs):
        form = super().get_form(request, obj, **kwargs)
        name = editors.district_field(self.model)
        if name is None or not editors.is_limited(request.user):
            return form
        user = request.user

        def clean(self):
            cleaned = form.clean(self)
            if name in self.fields and name in cleaned and not self.has_error(name):
                field = self.instance._meta.get_field(name)
                if self.instance.pk is None:
                    before = set()
                elif field.many_to_many:
                    before = _district_ids(getattr(self.instance, name).all())
                else:
                    before = {getattr(self.instance, field.attname)} - {None}
                error = editors.district_change_error(user, before, _district_ids(cleaned[name]))
                if error:
                    self.add_error(name, error)
            return cleaned

        return type(form.__name__, (form,), {"clean": clean})


class OwnDistrictsAutocompleteMixin:
    """For the district admin: the district autocomplete of an entry that belongs to
    districts offers a district editor their own districts only."""

    def get_search_results(self, request, queryset, search_term):
        queryset, may_have_duplicates = super().get_search_results(request, queryset, search_term)
        source = f"{request.GET.get('app_label')}.{request.GET.get('model_name')}"
        own = editors.edited_districts(request.user)
        if own is not None and source in editors.DISTRICT_PATHS:
            queryset = queryset.filter(pk__in=own)
        return queryset, may_have_duplicates


class DistrictEditorInline(admin.TabularInline):
    model = DistrictEditor
    extra = 0
    fields = ["district"]

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        # A table row's select has the column heading only: screen readers need a name.
        kwargs.setdefault("widget", forms.Select(attrs={"aria-label": capfirst(db_field.verbose_name)}))
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    def formfield_for_dbfield(self, db_field, request, **kwargs):
        field = super().formfield_for_dbfield(db_field, request, **kwargs)
        # Only a choice: no links to add, change or view a district beside each row.
        for link in ("can_add_related", "can_change_related", "can_view_related", "can_delete_related"):
            if hasattr(field.widget, link):
                setattr(field.widget, link, False)
        return field

    verbose_name_plural = _("Edited districts (group “Quartiersredaktion”: only the entries of these districts)")


def register(site=admin.site):
    """The user admin lists the districts a staff account edits (called from
    ``quartier/admin.py``; the user admin is the portal's own, ``core/admin_permissions``)."""
    User = get_user_model()
    if not site.is_registered(User):
        return
    base = type(site.get_model_admin(User))
    if DistrictEditorInline in base.inlines:
        return
    site.unregister(User)
    site.register(User, type(base.__name__, (base,), {"inlines": [*base.inlines, DistrictEditorInline]}))
