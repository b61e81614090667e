"""Change history that outlives staff accounts.

simple-history links each version to the user who made it (``history_user``, set to NULL
when the account is deleted). Every history table of the portal also stores the user
name as text (``history_user_name``), so a deleted account does not erase who changed
what. ``HISTORY`` is what every content model passes to ``HistoricalRecords``.
"""

import dataclasses
import datetime
import decimal

from django.db import models
from django.db.models import Max
from django.db.models.fields.files import FieldFile
from django.dispatch import receiver
from django.template.defaultfilters import yesno
from django.utils import timezone
from django.utils.formats import date_format, number_format
from django.utils.text import capfirst
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from simple_history.manager import HistoryManager
from simple_history.models import DeletedObject
from simple_history.signals import pre_create_historical_record
from simple_history.template_utils import HistoricalRecordContextHelper, ObjDiffDisplay


class StaffNameHistory(models.Model):
    """Abstract base of every historical model: the changing user's name, kept as text."""

    history_user_name = models.CharField(
        _("changed by (user name)"), max_length=150, blank=True, default="", db_default=""
    )

    class Meta:
        abstract = True


HISTORY = {"bases": [StaffNameHistory]}


@receiver(pre_create_historical_record)
def keep_user_name(sender, history_instance, history_user=None, **kwargs):
    if history_user is not None and hasattr(history_instance, "history_user_name"):
        history_instance.history_user_name = history_user.get_username()[:150]


def user_label(user, name):
    """The user if the account still exists, else the stored name (or "-")."""
    if user is not None:
        return str(user)
    return name or "-"


def has_history(model):
    return isinstance(getattr(model, "history", None), HistoryManager)


def latest_record(model, pk):
    """The newest history row of the entry ``pk`` (also of one deleted since)."""
    return model.history.filter(id=pk).order_by("-history_date", "-history_id").first()


def tracked_m2m(model):
    """The many-to-many fields whose relations the model's history records (``m2m_fields``)."""
    history = model.history.model
    return [model._meta.get_field(field.name) for field in getattr(history, "_history_m2m_fields", [])]


def m2m_history_model(model, field):
    return getattr(model.history.model, field.name).model


# --- Readable history (the back office's "Geschichte") ---------------------------------

EMPTY = "–"


class ShortDiff(ObjDiffDisplay):
    """Long values are cut in the middle with an ellipsis instead of "[130 chars]"."""

    def shortened_str(self, prefix, num_skipped_chars, suffix):
        return f"{prefix} … {suffix}"


def shown_value(field, value):
    """A field's value as staff read it: Ja/Nein, German dates and numbers, the label of
    a choice, names instead of ids, and "–" for nothing."""
    if isinstance(value, list | tuple):
        return ", ".join(shown_value(field, item) for item in value) or EMPTY
    if isinstance(value, DeletedObject):
        if value.pk is None:
            return EMPTY
        return gettext("%(type)s no. %(pk)s (deleted)") % {
            "type": capfirst(value.model._meta.verbose_name),
            "pk": value.pk,
        }
    if value is None or value == "":
        return EMPTY
    if isinstance(value, bool):
        return capfirst(yesno(value))
    choices = dict(field.flatchoices) if getattr(field, "flatchoices", None) else {}
    if value in choices:
        return str(choices[value])
    if isinstance(value, datetime.datetime):
        return date_format(timezone.localtime(value) if timezone.is_aware(value) else value, "SHORT_DATETIME_FORMAT")
    if isinstance(value, datetime.date):
        return date_format(value, "SHORT_DATE_FORMAT")
    if isinstance(value, decimal.Decimal):
        return number_format(value, decimal_pos=2 if value == value.quantize(CENT) else None, force_grouping=True)
    if isinstance(value, int | float):
        return number_format(value, force_grouping=True)
    if isinstance(value, FieldFile):
        return value.name or EMPTY
    return str(value)


CENT = decimal.Decimal("0.01")


def real_changes(delta):
    """The changes of a diff without those of line endings alone: a browser sends a text
    area's lines with CRLF, so the first save of a text written elsewhere (the demo, an
    import) would list it as changed, unchanged to the eye."""

    def same_text(change):
        old, new = change.old, change.new
        return isinstance(old, str) and isinstance(new, str) and old.replace("\r\n", "\n") == new.replace("\r\n", "\n")

    return [change for change in delta.changes if not same_text(change)]


class ReadableHistoryContext(HistoricalRecordContextHelper):
    """simple-history's formatting of one history row's changes, in German."""

    def __init__(self, model, historical_record, **kwargs):
        kwargs.setdefault("max_displayed_delta_change_chars", 200)
        super().__init__(model, historical_record, **kwargs)

    def context_for_delta_changes(self, delta):
        return super().context_for_delta_changes(dataclasses.replace(delta, changes=real_changes(delta)))

    def prepare_delta_change_value(self, change, value):
        field = self.model._meta.get_field(change.field)
        return shown_value(field, super().prepare_delta_change_value(change, value))

    def get_obj_diff_display(self):
        return ShortDiff(max_length=self.max_displayed_delta_change_chars)


def last_history_id(obj):
    """The newest history row of ``obj`` (``0`` if it has none yet): the mark before a save."""
    if obj.pk is None or not has_history(type(obj)):
        return 0
    return type(obj).history.filter(id=obj.pk).aggregate(last=Max("history_id"))["last"] or 0


def history_squash(*, obj, after):
    """One back-office save, one history row. Saving a form writes a row for the entry and
    one more per changed many-to-many field (two for a replaced set); only the last holds
    the whole new state. The rows after the history id ``after`` are folded into that last
    one (a new entry keeps its "created"); if it changes nothing against the row before, it
    goes too, so a save without changes leaves no empty line in the history."""
    if obj.pk is None or not has_history(type(obj)):
        return
    history = type(obj).history
    rows = list(history.filter(id=obj.pk, history_id__gt=after).order_by("history_id"))
    if not rows:
        return
    *folded, last = rows
    created = any(row.history_type == "+" for row in rows)
    if folded:
        history.filter(history_id__in=[row.history_id for row in folded]).delete()
    if created:
        if last.history_type != "+":
            history.filter(history_id=last.history_id).update(history_type="+")
        return
    before = history.filter(id=obj.pk, history_id__lte=after).order_by("-history_id").first()
    reason = last.history_change_reason
    if before is not None and not reason and not real_changes(last.diff_against(before)):
        history.filter(history_id=last.history_id).delete()
