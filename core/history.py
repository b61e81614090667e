"""Change history that outlives staff accounts.

simple-history links each version to the user who made it (``history_user``, set to NULL
when the account is deleted). Every history table of the portal also stores the user
name as text (``history_user_name``), so a deleted account does not erase who changed
what. ``HISTORY`` is what every content model passes to ``HistoricalRecords``.
"""

from django.db import models
from django.dispatch import receiver
from django.utils.translation import gettext_lazy as _
from simple_history.manager import HistoryManager
from simple_history.signals import pre_create_historical_record


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
