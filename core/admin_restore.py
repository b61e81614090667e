"""Nothing lost in the back office, part two: a listing of deleted entries from which
staff restore them (optimistic locking: ``core.admin_locking``).

Every admin with history gets ``deleted/`` (linked from its list) with the entries whose
last history row is a deletion, and ``deleted/<history id>/restore/``, which needs add
permission. A restore brings back the row as it was when deleted, its many-to-many
relations (tracked by simple-history's ``m2m_fields``), the relations other entries had
to it (their latest version names it), the links of entries whose reference was emptied
by the deletion (``SET_NULL``) and the entries deleted along with it (a project's
images). The files of deleted images wait in the private media trash
(``core.media_files``) and move back when the row is saved again; an optional file
that is gone for good is left empty, and an entry whose required file is gone cannot be
restored.
"""

from datetime import timedelta

from django.contrib import messages
from django.core.exceptions import ObjectDoesNotExist, PermissionDenied, ValidationError
from django.db import IntegrityError, models, router, transaction
from django.db.models import prefetch_related_objects
from django.http import Http404, HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.urls import path, re_path, reverse
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from simple_history.utils import get_m2m_field_name, get_m2m_reverse_field_name

from core.history import has_history, latest_record, m2m_history_model, tracked_m2m, user_label
from core.media_files import trash_root

DELETED_LIMIT = 200
# Entries deleted along with another (CASCADE) get their deletion rows in the same
# transaction, moments before the other's.
CASCADE_WINDOW = timedelta(seconds=30)


class RestoreRefused(Exception):
    def __init__(self, message):
        super().__init__(message)
        self.message = message


def deleted_records(model):
    """The deletion history row of every entry that is gone, newest first."""
    existing = model._default_manager.values("pk")
    rows = (
        model.history.filter(history_type="-")
        .exclude(id__in=existing)
        .select_related("history_user")
        .order_by("-history_date", "-history_id")
    )
    seen, result = set(), []
    for record in rows[: DELETED_LIMIT * 5]:
        if record.id not in seen:
            seen.add(record.id)
            result.append(record)
        if len(result) >= DELETED_LIMIT:
            break
    return result


def entry_names(model, records):
    """The name of each deleted entry as it was, in a fixed number of queries: the entries
    their names refer to (a contact's organisation) are fetched together, and one that is
    gone as well leaves the name without it, never an error."""
    instances = [record.instance for record in records]
    relations = [field.name for field in model._meta.concrete_fields if field.many_to_one]
    if instances and relations:
        prefetch_related_objects(instances, *relations)
        for instance in instances:  # throw-away copies: a reference to a gone entry is left out
            for name in relations:
                field = model._meta.get_field(name)
                if field.get_cached_value(instance, None) is None:
                    setattr(instance, field.attname, None)
    names = []
    for record, instance in zip(records, instances, strict=True):
        try:
            names.append(str(instance))
        except ObjectDoesNotExist:
            names.append(f"{model._meta.verbose_name} {record.id}")
    return names


def _file_kept(field, name):
    """In the storage, or in the private media trash that deleted rows' files go to (saving
    the row brings them back, ``core.media_files``)."""
    if field.storage.exists(name):
        return True
    return (trash_root() / name).is_file()


def _check_files(obj):
    for field in obj._meta.concrete_fields:
        if not isinstance(field, models.FileField):
            continue
        name = getattr(obj, field.attname).name
        if name and not _file_kept(field, name):
            if not field.blank:
                raise RestoreRefused(
                    _("The file of “%(field)s” was deleted with the entry; it cannot be restored.")
                    % {"field": field.verbose_name}
                )
            setattr(obj, field.attname, "")


def _check_foreign_keys(obj):
    for field in obj._meta.concrete_fields:
        if not field.many_to_one:
            continue
        value = getattr(obj, field.attname)
        if value is None or field.related_model._default_manager.filter(pk=value).exists():
            continue
        if field.null:
            setattr(obj, field.attname, None)
        else:
            raise RestoreRefused(
                _("“%(field)s” of this entry no longer exists; restore that first.") % {"field": field.verbose_name}
            )


def _restore_relations(model, obj, deletion):
    """Its own many-to-many relations, from its last version before the deletion (the
    deletion row itself is written after the relation rows are gone)."""
    before = (
        model.history.filter(id=obj.pk, history_date__lte=deletion.history_date)
        .exclude(history_type="-")
        .order_by("-history_date", "-history_id")
        .first()
    )
    if before is None:
        return
    for field in tracked_m2m(model):
        target = get_m2m_reverse_field_name(field)
        ids = [getattr(row, f"{target}_id") for row in getattr(before, field.name).all()]
        getattr(obj, field.name).set(field.related_model._default_manager.filter(pk__in=ids))


def _restore_links_to(model, obj):
    """Relations other entries had to it: many-to-many fields tracked in their history,
    and references that the deletion emptied (SET_NULL)."""
    from django.apps import apps

    for other in apps.get_models():
        if not has_history(other) or other._meta.proxy:
            continue
        for field in tracked_m2m(other):
            if field.related_model is not model or (other is model and field.remote_field.symmetrical):
                continue
            source, target = get_m2m_field_name(field), get_m2m_reverse_field_name(field)
            rows = m2m_history_model(other, field).objects.filter(**{f"{target}_id": obj.pk})
            for entry in other._default_manager.filter(pk__in=rows.values(f"{source}_id")):
                latest = latest_record(other, entry.pk)
                if latest and getattr(latest, field.name).filter(**{f"{target}_id": obj.pk}).exists():
                    getattr(entry, field.name).add(obj)
        for field in other._meta.concrete_fields:
            if not (field.many_to_one and field.related_model is model and field.null):
                continue
            if field.remote_field.on_delete is not models.SET_NULL:
                continue
            candidates = other.history.filter(**{field.attname: obj.pk}).values("id")
            for entry in other._default_manager.filter(pk__in=candidates, **{field.attname: None}):
                latest = latest_record(other, entry.pk)
                if latest and getattr(latest, field.attname) == obj.pk:
                    setattr(entry, field.attname, obj.pk)
                    entry._change_reason = gettext("Restored link")
                    entry.save()


def _deleted_with(model, obj, deletion):
    """Deletion rows of the entries deleted along with it (``CASCADE``, e.g. a project's
    images): they name it and were written in the moments before its own deletion row."""
    for related in model._meta.related_objects:
        child = related.related_model
        if related.on_delete is not models.CASCADE or not related.one_to_many or not has_history(child):
            continue
        records = (
            child.history.filter(
                history_type="-",
                history_date__lte=deletion.history_date,
                history_date__gte=deletion.history_date - CASCADE_WINDOW,
                **{related.field.attname: obj.pk},
            )
            .exclude(id__in=child._default_manager.values("pk"))
            .order_by("-history_date", "-history_id")
        )
        seen = set()
        for record in records:
            if record.id not in seen:
                seen.add(record.id)
                yield child, record


def restore_deleted(model, deletion):
    """Bring back the entry of the deletion history row ``deletion``, with the entries
    deleted along with it; returns it. Raises :class:`RestoreRefused` with a message for
    staff."""
    if model._default_manager.filter(pk=deletion.id).exists():
        raise RestoreRefused(_("This entry exists already."))
    obj = deletion.instance
    _check_files(obj)
    _check_foreign_keys(obj)
    try:
        obj.validate_unique()
        obj.validate_constraints()
    except ValidationError as error:
        raise RestoreRefused(" ".join(error.messages)) from error
    obj._change_reason = gettext("Restored")
    try:
        with transaction.atomic(using=router.db_for_write(model)):
            obj.save(force_insert=True)
            _restore_relations(model, obj, deletion)
            _restore_links_to(model, obj)
            obj.restore_warnings = []
            for child, record in list(_deleted_with(model, obj, deletion)):
                try:
                    restore_deleted(child, record)
                except RestoreRefused as refused:
                    obj.restore_warnings.append(f"{record.instance}: {refused.message}")
    except IntegrityError as error:
        raise RestoreRefused(_("The entry could not be restored: it conflicts with the data stored now.")) from error
    return obj


class RestoreDeletedAdminMixin:
    """For the ModelAdmin base: the listing of deleted entries and their restore."""

    deleted_list_template = "admin/core/deleted_entries.html"
    restore_template = "admin/core/restore_deleted.html"
    change_list_template = "admin/core/change_list.html"

    def _url_name(self, suffix):
        return f"{self.opts.app_label}_{self.opts.model_name}_{suffix}"

    def get_urls(self):
        return [
            path("deleted/", self.admin_site.admin_view(self.deleted_view), name=self._url_name("deleted")),
            # At most 18 digits: a larger number is no id on any database (404, not a 500).
            re_path(
                r"^deleted/(?P<history_id>[0-9]{1,18})/restore/$",
                self.admin_site.admin_view(self.restore_view),
                name=self._url_name("restore"),
            ),
            *super().get_urls(),
        ]

    def changelist_view(self, request, extra_context=None):
        if self.has_view_or_change_permission(request):
            extra_context = {
                **(extra_context or {}),
                "deleted_entries_url": reverse(f"{self.admin_site.name}:{self._url_name('deleted')}"),
            }
        return super().changelist_view(request, extra_context)

    def deleted_view(self, request):
        if not self.has_view_or_change_permission(request):
            raise PermissionDenied
        can_restore = self.has_add_permission(request)
        records = deleted_records(self.model)
        entries = [
            {
                "record": record,
                "name": name,
                "deleted_by": user_label(record.history_user, record.history_user_name),
                "restore_url": reverse(f"{self.admin_site.name}:{self._url_name('restore')}", args=[record.history_id]),
            }
            for record, name in zip(records, entry_names(self.model, records), strict=True)
        ]
        context = {
            **self.admin_site.each_context(request),
            "opts": self.opts,
            "title": _("Deleted %(name)s") % {"name": self.opts.verbose_name_plural},
            "entries": entries,
            "can_restore": can_restore,
            "limit": DELETED_LIMIT,
        }
        return TemplateResponse(request, self.deleted_list_template, context)

    def restore_view(self, request, history_id):
        if not self.has_add_permission(request):
            raise PermissionDenied
        deletion = get_object_or_404(self.model.history.model, history_id=history_id, history_type="-")
        deleted_url = reverse(f"{self.admin_site.name}:{self._url_name('deleted')}")
        if request.method == "POST":
            try:
                obj = restore_deleted(self.model, deletion)
            except RestoreRefused as refused:
                self.message_user(request, refused.message, messages.ERROR)
                return HttpResponseRedirect(deleted_url)
            self.log_addition(request, obj, [{"added": {}}])
            self.message_user(
                request, _("“%(entry)s” has been restored with its relations.") % {"entry": obj}, messages.SUCCESS
            )
            for warning in obj.restore_warnings:
                self.message_user(request, warning, messages.WARNING)
            return HttpResponseRedirect(reverse(f"{self.admin_site.name}:{self._url_name('change')}", args=[obj.pk]))
        if request.method not in ("GET", "HEAD"):
            raise Http404
        context = {
            **self.admin_site.each_context(request),
            "opts": self.opts,
            "title": _("Restore %(entry)s") % {"entry": deletion.instance},
            "record": deletion,
            "name": str(deletion.instance),
            "deleted_by": user_label(deletion.history_user, deletion.history_user_name),
            "deleted_url": deleted_url,
        }
        return TemplateResponse(request, self.restore_template, context)
