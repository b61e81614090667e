"""The history ("Geschichte") and the delete confirmation of every content admin, readable
for staff: German titles, values as they read them (``core.history.shown_value``), one
history row per save and none for a save that changed nothing, and links between
entries (the rows of a many-to-many table) named by both ends instead of
"Project_responsible_organisations object (23)".
"""

import re

from django.contrib.admin.utils import NestedObjects, quote, unquote
from django.db import router
from django.urls import NoReverseMatch, reverse
from django.utils.html import format_html
from django.utils.text import capfirst
from django.utils.translation import gettext

from core.history import ReadableHistoryContext, has_history, history_squash, user_label

HISTORY_MARKS = "_history_marks"


def _link_ends(obj):
    """The two entries a row of an auto-created many-to-many table connects."""
    return [getattr(obj, field.name) for field in obj._meta.concrete_fields if field.is_relation][:2]


def link_label(obj):
    """ "Link: Project X – Organisation Y" for a row of a many-to-many table."""
    first, second = (f"{capfirst(end._meta.verbose_name)} {end}" for end in _link_ends(obj))
    return gettext("Link: %(first)s – %(second)s") % {"first": first, "second": second}


def links_label(model):
    """ "Links project – organisation" for the count of the rows of a many-to-many table."""
    ends = [field.related_model for field in model._meta.concrete_fields if field.is_relation][:2]
    first, second = (capfirst(end._meta.verbose_name) for end in ends)
    return gettext("Links %(first)s – %(second)s") % {"first": first, "second": second}


def deleted_objects(objs, request, admin_site):
    """Django's ``get_deleted_objects`` (django/contrib/admin/utils.py), with the link rows
    of many-to-many tables named by both ends."""
    try:
        obj = objs[0]
    except IndexError:
        return [], {}, set(), []
    collector = NestedObjects(using=router.db_for_write(obj._meta.model), origin=objs)
    collector.collect(objs)
    perms_needed = set()

    def format_callback(obj):
        opts = obj._meta
        if opts.auto_created:
            return link_label(obj)
        no_edit_link = f"{capfirst(opts.verbose_name)}: {obj}"
        if not admin_site.is_registered(obj.__class__):
            return no_edit_link
        if not admin_site.get_model_admin(obj.__class__).has_delete_permission(request, obj):
            perms_needed.add(opts.verbose_name)
        try:
            url = reverse(f"{admin_site.name}:{opts.app_label}_{opts.model_name}_change", None, (quote(obj.pk),))
        except NoReverseMatch:
            return no_edit_link
        return format_html('{}: <a href="{}">{}</a>', capfirst(opts.verbose_name), url, obj)

    to_delete = collector.nested(format_callback)
    protected = [format_callback(obj) for obj in collector.protected]
    model_count = {
        (links_label(model) if model._meta.auto_created else model._meta.verbose_name_plural): len(rows)
        for model, rows in collector.model_objs.items()
    }
    return to_delete, model_count, perms_needed, protected


RELATED_ROWS = 100


def related_history(model, fk_name, pk):
    """The newest history rows (at most ``RELATED_ROWS``) of the entries of ``model`` that
    belong to the entry ``pk`` through the key ``fk_name`` (a project's fundings), each
    with its changes against the row before it of the same entry."""
    history = model.history
    ids = history.filter(**{f"{fk_name}_id": pk}).values("id")
    newest = history.filter(id__in=ids).select_related("history_user").order_by("-history_date", "-history_id")
    rows = list(newest[:RELATED_ROWS])
    older = {}
    for row in reversed(rows):  # oldest first: each row is diffed against the one before
        before = older.get(row.id)
        if before is None and row.history_type != "+":
            before = row.prev_record
        if before is not None:
            delta = row.diff_against(before, foreign_keys_are_objs=True)
            row.history_delta_changes = ReadableHistoryContext(model, row).context_for_delta_changes(delta)
        known = row.history_user is not None or row.history_user_name
        row.user_label = user_label(row.history_user, row.history_user_name) if known else ""
        older[row.id] = row
    return rows


class ReadableHistoryAdminMixin:
    """For the ModelAdmin base (before ``SimpleHistoryAdmin``). ``history_related`` lists
    ``(model, key)`` pairs whose changes the history page shows below the entry's own,
    e.g. ``[(Funding, "project")]`` for a project's fundings."""

    history_related = ()

    def history_view(self, request, object_id, extra_context=None):
        extra_context = dict(extra_context or {})
        pk = unquote(object_id)
        sections = []
        for model, fk_name in self.history_related:
            model_admin = self.admin_site._registry.get(model)
            if model_admin is None or not model_admin.has_view_or_change_permission(request):
                continue
            if not re.fullmatch(r"[0-9]{1,18}", str(pk)):
                continue
            sections.append({"opts": model._meta, "rows": related_history(model, fk_name, pk)})
        extra_context["related_histories"] = sections
        return super().history_view(request, object_id, extra_context)

    def history_view_title(self, request, obj):
        # simple-history says "View history: ..." (not translated) to those who may only look.
        return gettext("Change history: %s") % obj

    def history_form_view_title(self, request, obj):
        if self.revert_disabled(request, obj):
            return gettext("Earlier version: %s") % obj
        return gettext("Restore an earlier version: %s") % obj

    def history_form_view(self, request, object_id, version_id, extra_context=None):
        # simple-history passes the historical model as ``opts``; the breadcrumb then
        # read "Historical Projekte". The template names the model's own.
        extra_context = {**(extra_context or {}), "entry_opts": self.model._meta}
        return super().history_form_view(request, object_id, version_id, extra_context)

    def get_historical_record_context_helper(self, request, historical_record):
        return ReadableHistoryContext(self.model, historical_record)

    def get_deleted_objects(self, objs, request):
        return deleted_objects(objs, request, self.admin_site)

    # One save, one history row (core.history.history_squash): the newest history id
    # before the save is noted, and the rows written since are folded once the form,
    # its many-to-many fields and inlines are saved (log_addition/log_change come last).
    def save_model(self, request, obj, form, change):
        if has_history(self.model):
            last = self.model.history.order_by("-history_id").values_list("history_id", flat=True).first()
            marks = getattr(request, HISTORY_MARKS, {})
            marks.setdefault(self.model, last or 0)
            setattr(request, HISTORY_MARKS, marks)
        super().save_model(request, obj, form, change)

    def _squash_history(self, request, obj):
        after = getattr(request, HISTORY_MARKS, {}).pop(self.model, None)
        if after is not None:
            history_squash(obj=obj, after=after)

    def log_addition(self, request, obj, message):
        self._squash_history(request, obj)
        return super().log_addition(request, obj, message)

    def log_change(self, request, obj, message):
        self._squash_history(request, obj)
        return super().log_change(request, obj, message)
