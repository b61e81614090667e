"""Hostile input to the back office is refused before any admin view runs, for every
registered admin, ours and third-party (users, groups, the login log) alike:

- a NUL byte in the query string or the form (PostgreSQL refuses it in a string: the
  database call would fail) gives 400, in the address 404;
- an object id that no row of that model can have (``abc``, ``1.5``, ``2**63`` on a
  64-bit column) in a change, delete or history address gives 404;
- such an id among the rows selected for an action gives 400.

The autocomplete widgets of a form sent back with an id that is no id (``abc``) show it
as not chosen instead of failing (:class:`SafeAutocompleteAdminMixin`).

Values that merely find nothing (a list filter with a number no column holds, a year
outside the calendar) are the ORM's business: ``core.lookups``."""

import datetime
import inspect

from django.conf import settings
from django.contrib.admin import ModelAdmin
from django.contrib.admin.helpers import ACTION_CHECKBOX_NAME
from django.contrib.admin.utils import unquote
from django.contrib.admin.widgets import AutocompleteSelect, AutocompleteSelectMultiple
from django.core.exceptions import BadRequest, ValidationError
from django.db import connections, models, router
from django.http import Http404

from core.lookups import FIRST_YEAR, LAST_YEAR


def checked_pk(model, value):
    """``value`` as a primary key of ``model``, or None if no row can have it."""
    return checked_value(model, model._meta.pk, value)


def checked_value(model, field, value):
    """``value`` as a value of ``field`` of ``model``, or None if no row can have it."""
    try:
        value = field.to_python(value)
    except ValidationError:
        return None
    if isinstance(value, str) and "\x00" in value:
        return None
    column = field.target_field if field.is_relation else field
    if isinstance(column, models.IntegerField) and isinstance(value, int):
        connection = connections[router.db_for_read(model)]
        low, high = connection.ops.integer_field_range(column.get_internal_type())
        if (low is not None and value < low) or (high is not None and value > high):
            return None
    return value


def _contains_nul(request):
    for query in (request.GET, request.POST):
        for key, values in query.lists():
            if "\x00" in key or any("\x00" in value for value in values):
                return True
    return False


def _check_date_hierarchy(request, model_admin):
    """Django builds the dates of the list's date navigation (``?start__year=2025``)
    itself and fails on a year it cannot hold (``10**30``: OverflowError, 9999: no
    following year)."""
    field = model_admin.date_hierarchy
    year = request.GET.get(f"{field}__year") if field else None
    if year is None:
        return
    try:
        day = datetime.date(
            int(year), int(request.GET.get(f"{field}__month", 1)), int(request.GET.get(f"{field}__day", 1))
        )
    except (ValueError, OverflowError):
        raise BadRequest("date outside the calendar") from None
    if not FIRST_YEAR <= day.year <= LAST_YEAR:
        raise BadRequest("date outside the calendar")


def _model_admin(view_func):
    """The ModelAdmin behind an admin view: Django's own views carry it, views wrapped
    only by ``admin_site.admin_view`` (simple-history's) are its bound methods."""
    owner = getattr(view_func, "model_admin", None) or getattr(inspect.unwrap(view_func), "__self__", None)
    return owner if isinstance(owner, ModelAdmin) else None


class AdminInputMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response
        self.prefix = "/" + settings.ADMIN_URL

    def __call__(self, request):
        return self.get_response(request)

    def process_view(self, request, view_func, view_args, view_kwargs):
        if not request.path_info.startswith(self.prefix):
            return None
        if "\x00" in request.path_info:
            raise Http404  # an address with a NUL byte names nothing
        if _contains_nul(request):
            raise BadRequest("NUL byte in the request")
        model_admin = _model_admin(view_func)
        if model_admin is None:
            return None
        _check_date_hierarchy(request, model_admin)
        model = model_admin.model
        ids = [(model, view_kwargs["object_id"])] if "object_id" in view_kwargs else []
        if inspect.unwrap(view_func).__name__ == "history_form_view" and len(view_args) == 2:
            # simple-history's version page: /<object id>/history/<version id>/
            ids = [(model, view_args[0]), (model.history.model, view_args[1])]
        for id_model, value in ids:
            if checked_pk(id_model, unquote(value)) is None:
                raise Http404
        selection = request.POST.getlist(ACTION_CHECKBOX_NAME) if request.method == "POST" else []
        if any(checked_pk(model, value) is None for value in selection):
            raise BadRequest("invalid selection")
        return None


class _SafeOptions:
    """Renders only the chosen values that can be ids (Django's autocomplete widgets
    query the database with whatever was posted)."""

    def optgroups(self, name, value, attr=None):
        field = self.field.remote_field
        model = field.model
        target = model._meta.get_field(field.field_name) if getattr(field, "field_name", None) else model._meta.pk
        value = [item for item in value if checked_value(model, target, item) is not None]
        return super().optgroups(name, value, attr)


class SafeAutocompleteSelect(_SafeOptions, AutocompleteSelect):
    pass


class SafeAutocompleteSelectMultiple(_SafeOptions, AutocompleteSelectMultiple):
    pass


class SafeAutocompleteAdminMixin:
    """For a ModelAdmin: its ``autocomplete_fields`` get the widgets above."""

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if "widget" not in kwargs and db_field.name in self.get_autocomplete_fields(request):
            kwargs["widget"] = SafeAutocompleteSelect(db_field, self.admin_site, using=kwargs.get("using"))
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    def formfield_for_manytomany(self, db_field, request, **kwargs):
        if "widget" not in kwargs and db_field.name in self.get_autocomplete_fields(request):
            kwargs["widget"] = SafeAutocompleteSelectMultiple(db_field, self.admin_site, using=kwargs.get("using"))
        return super().formfield_for_manytomany(db_field, request, **kwargs)
