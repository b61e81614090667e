"""Nothing lost in the back office: optimistic locking of every change form (and inline
row) and a listing of deleted entries from which staff restore them.

Optimistic locking: each change form carries the ``updated_at`` its entry had when the
page was loaded, in a hidden field. Saving compares it with the row, locked with
``select_for_update`` (the admin saves in one transaction, so the lock holds until the
save). If someone saved in between, the save is refused: the form comes back with
everything typed and a message naming who changed which field (their value, yours). The
hidden field then carries the new time, so saving again keeps the user's version on
purpose. A POST without the hidden field (no browser sends one) is not checked.

Deleted entries: every admin with history gets ``deleted/`` (linked from its list) with
the entries whose last history row is a deletion, and ``deleted/<history id>/restore/``,
which needs add permission. A restore brings back the row as it was when deleted, its
many-to-many relations (tracked by simple-history's ``m2m_fields``), the relations other
entries had to it (their latest version names it) and the links of entries whose
reference was emptied by the deletion (``SET_NULL``). Files are not kept after a
deletion: an optional file that is gone is left empty; an entry whose required file is
gone (a project image) cannot be restored.
"""

from datetime import datetime, timedelta

from django import forms
from django.contrib import messages
from django.contrib.admin.utils import flatten_fieldsets
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, models, router, transaction
from django.forms.models import model_to_dict
from django.http import Http404, HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.urls import path, re_path, reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.text import Truncator
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from simple_history.manager import HistoryManager
from simple_history.utils import get_m2m_field_name, get_m2m_reverse_field_name

from quartier.history import user_label

VERSION_FIELD = "_loaded_version"
VERSION_ATTRIBUTE = "updated_at"
DELETED_LIMIT = 200
# Entries deleted along with another (CASCADE) get their deletion rows in the same
# transaction, moments before the other's.
CASCADE_WINDOW = timedelta(seconds=30)


def is_versioned(model):
    return any(field.name == VERSION_ATTRIBUTE for field in model._meta.concrete_fields)


def _latest_record(model, pk):
    return model.history.filter(id=pk).order_by("-history_date", "-history_id").first()


# --- optimistic locking ------------------------------------------------------------


class OptimisticLockForm(forms.ModelForm):
    """Mixed into the admin's form classes by :func:`with_version`."""

    _loaded_version = forms.CharField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        instance = self.instance
        if instance.pk is not None and not instance._state.adding:
            loaded = getattr(instance, VERSION_ATTRIBUTE, None)
            if hasattr(instance, "_history"):
                # An old version opened from the history: a revert replaces what is
                # stored now, so it is checked against the row, not the old version.
                loaded = self._stored_version()
                self._relations_of_version(instance._history)
            self.fields[VERSION_FIELD].initial = loaded.isoformat() if loaded else ""

    def _relations_of_version(self, record):
        """The version's many-to-many relations (from the history), not today's: reverting
        to it brings them back too."""
        for field in _tracked_m2m(type(self.instance)):
            if field.name in self.fields:
                target = get_m2m_reverse_field_name(field)
                self.initial[field.name] = [getattr(row, f"{target}_id") for row in getattr(record, field.name).all()]

    def _stored_version(self, lock=False):
        model = type(self.instance)
        rows = model._default_manager.filter(pk=self.instance.pk).order_by()
        if lock and transaction.get_connection(router.db_for_write(model)).in_atomic_block:
            rows = rows.select_for_update()
        return rows.values_list(VERSION_ATTRIBUTE, flat=True).first()

    def clean(self):
        cleaned = super().clean()
        self._check_version(cleaned.get(VERSION_FIELD))
        return cleaned

    def _check_version(self, loaded):
        if not loaded or self.instance.pk is None or self.instance._state.adding:
            return
        current = self._stored_version(lock=True)
        if current is None:
            return  # deleted meanwhile: the admin and the formsets answer that themselves
        try:
            unchanged = datetime.fromisoformat(loaded) == current
        except ValueError:
            unchanged = False
        if unchanged:
            return
        # The next save is meant: it carries the stored time (the form keeps all input).
        self.data = self.data.copy()
        self.data[self.add_prefix(VERSION_FIELD)] = current.isoformat()
        raise ValidationError(self._conflict_messages(loaded))

    def _conflict_messages(self, loaded):
        model = type(self.instance)
        current = model._default_manager.get(pk=self.instance.pk)
        latest = _latest_record(model, current.pk) if _has_history(model) else None
        who = user_label(latest.history_user, latest.history_user_name) if latest else "-"
        when = date_format(timezone.localtime(latest.history_date), "DATETIME_FORMAT") if latest else "-"
        names = [name for name in self.fields if name != VERSION_FIELD and not self.fields[name].disabled]
        meanwhile = self._changed_meanwhile(model, current, loaded, latest)
        if meanwhile is not None:
            names = [name for name in names if name in meanwhile]
        stored = model_to_dict(current, fields=names)
        lines = [
            ValidationError(
                _(
                    "%(user)s saved this entry at %(time)s, after you opened it. Your changes have not been "
                    "saved; everything you typed is still in the form. Please compare, then save again to "
                    "keep your version."
                ),
                code="conflict",
                params={"user": who, "time": when},
            )
        ]
        for name in names:
            field = self.fields[name]
            if not field.has_changed(stored.get(name), self[name].data):
                continue
            lines.append(
                ValidationError(
                    _("%(field)s – saved meanwhile: “%(theirs)s”; yours: “%(yours)s”"),
                    code="conflict",
                    params={
                        "field": field.label or name,
                        "theirs": self._shown(name, getattr(current, name, stored.get(name))),
                        "yours": self._shown(name, self.cleaned_data.get(name, self[name].data)),
                    },
                )
            )
        return lines

    @staticmethod
    def _changed_meanwhile(model, current, loaded, latest):
        """Names of the fields changed between the loaded and the stored version, from the
        history; ``None`` if the loaded version is not there (then every field differing
        from the stored value is named)."""
        if latest is None:
            return None
        try:
            loaded_at = datetime.fromisoformat(loaded)
        except ValueError:
            return None
        old = (
            model.history.filter(id=current.pk, **{VERSION_ATTRIBUTE: loaded_at})
            .order_by("-history_date", "-history_id")
            .first()
        )
        if old is None:
            return None
        return set(latest.diff_against(old).changed_fields)

    def _shown(self, name, value):
        if hasattr(value, "all") and callable(value.all):
            value = list(value.all())
        if isinstance(value, list | tuple | models.QuerySet):
            value = ", ".join(str(item) for item in value)
        elif isinstance(value, bool):
            value = gettext("yes") if value else gettext("no")
        elif isinstance(value, models.fields.files.FieldFile):
            value = value.name or ""
        else:
            choices = dict(getattr(self.fields[name], "flatchoices", None) or [])
            if not isinstance(self.fields[name], forms.ModelChoiceField) and value in choices:
                value = choices[value]
        text = "" if value is None else str(value)
        return Truncator(text).chars(120) if text else gettext("(empty)")


def with_version(form_class):
    if issubclass(form_class, OptimisticLockForm):
        return form_class
    return type(form_class.__name__, (OptimisticLockForm, form_class), {"__module__": form_class.__module__})


def _fieldsets_with_version(fieldsets):
    if not fieldsets or VERSION_FIELD in flatten_fieldsets(fieldsets):
        return fieldsets
    (name, options), *rest = fieldsets
    return [(name, {**options, "fields": [*options["fields"], VERSION_FIELD]}), *rest]


class OptimisticLockAdminMixin:
    """For the ModelAdmin base: the change form carries and checks the loaded version."""

    def get_form(self, request, obj=None, **kwargs):
        if is_versioned(self.model):
            kwargs["form"] = with_version(kwargs.get("form") or self.form)
        return super().get_form(request, obj, **kwargs)

    def get_fieldsets(self, request, obj=None):
        fieldsets = super().get_fieldsets(request, obj)
        if obj is None or not is_versioned(self.model) or not self.has_change_permission(request, obj):
            return fieldsets
        return _fieldsets_with_version(fieldsets)


class OptimisticLockInlineMixin:
    """For every inline of a content admin: each existing row carries and checks its version."""

    def get_formset(self, request, obj=None, **kwargs):
        if is_versioned(self.model):
            kwargs["form"] = with_version(kwargs.get("form") or self.form)
        return super().get_formset(request, obj, **kwargs)

    def get_fieldsets(self, request, obj=None):
        fieldsets = super().get_fieldsets(request, obj)
        if obj is None or not is_versioned(self.model) or not self.has_change_permission(request, obj):
            return fieldsets
        return _fieldsets_with_version(fieldsets)


# --- deleted entries ---------------------------------------------------------------


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


def _has_history(model):
    return isinstance(getattr(model, "history", None), HistoryManager)


def _tracked_m2m(model):
    history = model.history.model
    return [model._meta.get_field(field.name) for field in getattr(history, "_history_m2m_fields", [])]


def _m2m_history_model(model, field):
    return getattr(model.history.model, field.name).model


def _file_kept(field, name):
    """In the storage, or in the private media trash that deleted rows' files go to (saving
    the row brings them back, ``quartier.media_files``)."""
    if field.storage.exists(name):
        return True
    try:
        from quartier.media_files import trash_root
    except ImportError:
        return False
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
    for field in _tracked_m2m(model):
        target = get_m2m_reverse_field_name(field)
        ids = [getattr(row, f"{target}_id") for row in getattr(before, field.name).all()]
        getattr(obj, field.name).set(field.related_model._default_manager.filter(pk__in=ids))


def _restore_links_to(model, obj):
    """Relations other entries had to it: many-to-many fields tracked in their history,
    and references that the deletion emptied (SET_NULL)."""
    from django.apps import apps

    for other in apps.get_models():
        if not _has_history(other) or other._meta.proxy:
            continue
        for field in _tracked_m2m(other):
            if field.related_model is not model or (other is model and field.remote_field.symmetrical):
                continue
            source, target = get_m2m_field_name(field), get_m2m_reverse_field_name(field)
            rows = _m2m_history_model(other, field).objects.filter(**{f"{target}_id": obj.pk})
            for entry in other._default_manager.filter(pk__in=rows.values(f"{source}_id")):
                latest = _latest_record(other, entry.pk)
                if latest and getattr(latest, field.name).filter(**{f"{target}_id": obj.pk}).exists():
                    getattr(entry, field.name).add(obj)
        for field in other._meta.concrete_fields:
            if not (field.many_to_one and field.related_model is model and field.null):
                continue
            if field.remote_field.on_delete is not models.SET_NULL:
                continue
            candidates = other.history.filter(**{field.attname: obj.pk}).values("id")
            for entry in other._default_manager.filter(pk__in=candidates, **{field.attname: None}):
                latest = _latest_record(other, entry.pk)
                if latest and getattr(latest, field.attname) == obj.pk:
                    setattr(entry, field.attname, obj.pk)
                    entry._change_reason = gettext("Restored link")
                    entry.save()


def _deleted_with(model, obj, deletion):
    """Deletion rows of the entries deleted along with it (``CASCADE``, e.g. a project's
    images): they name it and were written in the moments before its own deletion row."""
    for related in model._meta.related_objects:
        child = related.related_model
        if related.on_delete is not models.CASCADE or not related.one_to_many or not _has_history(child):
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

    deleted_list_template = "admin/quartier/deleted_entries.html"
    restore_template = "admin/quartier/restore_deleted.html"
    change_list_template = "admin/quartier/change_list.html"

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
        entries = [
            {
                "record": record,
                "name": str(record.instance),
                "deleted_by": user_label(record.history_user, record.history_user_name),
                "restore_url": reverse(f"{self.admin_site.name}:{self._url_name('restore')}", args=[record.history_id]),
            }
            for record in deleted_records(self.model)
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
