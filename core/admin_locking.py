"""Nothing lost in the back office, part one: optimistic locking of every change form
(and inline row).

Each change form carries the ``updated_at`` its entry had when the page was loaded, in a
hidden field. Saving compares it with the row, locked with ``select_for_update`` (the
admin saves in one transaction, so the lock holds until the save). If someone saved in
between, the save is refused: the form comes back with everything typed and a message
naming who changed which field (their value, yours). The hidden field then carries the
new time, so saving again keeps the user's version on purpose. A POST without the hidden
field (no browser sends one) is not checked. Deleted entries: ``core.admin_restore``.
"""

from datetime import datetime

from django import forms
from django.contrib.admin.utils import flatten_fieldsets
from django.core.exceptions import ValidationError
from django.db import models, router, transaction
from django.forms.models import model_to_dict
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.text import Truncator
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from simple_history.utils import get_m2m_reverse_field_name

from core.history import has_history, latest_record, tracked_m2m, user_label

VERSION_FIELD = "_loaded_version"
VERSION_ATTRIBUTE = "updated_at"


def is_versioned(model):
    return any(field.name == VERSION_ATTRIBUTE for field in model._meta.concrete_fields)


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
        for field in tracked_m2m(type(self.instance)):
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
        latest = latest_record(model, current.pk) if has_history(model) else None
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
