"""Building blocks shared by the content models of all apps."""

from datetime import date

from django.core.exceptions import ValidationError
from django.db import DEFAULT_DB_ALIAS, models
from django.db.models import Case, F, Q, Value, When
from django.utils import formats, timezone
from django.utils.text import slugify
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

_UMLAUTS = str.maketrans({"ä": "ae", "ö": "oe", "ü": "ue", "Ä": "Ae", "Ö": "Oe", "Ü": "Ue", "ß": "ss"})


def german_slugify(text):
    """``Quartiersbüro Heven-Ost`` -> ``quartiersbuero-heven-ost`` (umlauts spelt out)."""
    return slugify(str(text).translate(_UMLAUTS))


def unique_slug(model, text, *, max_length=80):
    """A slug for ``text`` that no row of ``model`` has yet (``name``, ``name-2``, ...)."""
    base = german_slugify(text)[:max_length] or "eintrag"
    slug, n = base, 1
    while model._default_manager.filter(slug=slug).exists():
        n += 1
        slug = f"{base[: max_length - len(str(n)) - 1]}-{n}"
    return slug


class EndsAfterStart(models.CheckConstraint):
    """A check constraint whose violation ``full_clean()`` (and so the admin) reports on the
    field ``end``, beside that field, instead of above the form: the model needs no
    ``clean()`` repeating the rule. Same SQL and equal to the plain ``CheckConstraint`` in
    the migrations, so swapping it in needs no migration."""

    def __init__(self, *args, end, **kwargs):
        super().__init__(*args, **kwargs)
        self.end = end

    def validate(self, model, instance, exclude=None, using=DEFAULT_DB_ALIAS):
        try:
            super().validate(model, instance, exclude=exclude, using=using)
        except ValidationError as error:
            raise ValidationError({self.end: error}) from None

    def deconstruct(self):
        path, args, kwargs = super().deconstruct()
        return path, args, {**kwargs, "end": self.end}


def ends_after_start(start, end, *, name, message, start_required=False):
    """A check constraint: the date ``end`` (optional) is not before ``start``; a violation
    is reported on ``end`` (:class:`EndsAfterStart`)."""
    condition = Q(**{f"{end}__isnull": True})
    if not start_required:
        condition |= Q(**{f"{start}__isnull": True})
    condition |= Q(**{f"{end}__gte": F(start)})
    return EndsAfterStart(condition=condition, name=name, violation_error_message=message, end=end)


def can_preview(user, model):
    """Staff who may view ``model`` in the back office see its drafts on the public pages
    (some of them only: :data:`PREVIEW_SCOPES`)."""
    opts = model._meta
    return user.is_active and user.is_staff and user.has_perm(f"{opts.app_label}.view_{opts.model_name}")


# Functions ``(user, model) -> Q | None`` narrowing the drafts a user who may preview
# ``model`` sees (None: all of them). Registered by a higher layer that knows the rule
# (``quartier/editors.py``: a district editor previews the drafts of their districts only).
PREVIEW_SCOPES = []


def _preview_scope(user, model):
    for preview_scope in PREVIEW_SCOPES:
        condition = preview_scope(user, model)
        if condition is not None:
            return condition
    return None


def may_preview(user, obj):
    """Whether ``user`` sees the draft ``obj`` on the public pages."""
    if user is None or not can_preview(user, type(obj)):
        return False
    condition = _preview_scope(user, type(obj))
    return condition is None or type(obj)._default_manager.filter(condition, pk=obj.pk).exists()


def published_q(prefix="", *, now=None):
    """The one rule of visibility as a ``Q``, for this model (``prefix=""``) or across a
    relation (``prefix="districts"``): published, and "online from" / "offline from" (if
    set) around now. An entry goes online and offline at those moments without a cron job,
    because every public query asks."""
    path = f"{prefix}__" if prefix else ""
    now = now or timezone.now()
    return (
        Q(**{f"{path}published": True})
        & (Q(**{f"{path}publish_from__isnull": True}) | Q(**{f"{path}publish_from__lte": now}))
        & (Q(**{f"{path}publish_until__isnull": True}) | Q(**{f"{path}publish_until__gt": now}))
    )


class PublishableQuerySet(models.QuerySet):
    """Visibility in one place: public views, feeds and exports start from ``published()``;
    pages that staff may preview start from ``visible_to(user)``."""

    def published(self):
        return self.filter(published_q())

    def visible_to(self, user):
        """``published()``, widened to all rows for staff with view permission (a preview)."""
        if not can_preview(user, self.model):
            return self.published()
        condition = _preview_scope(user, self.model)
        return self if condition is None else self.published() | self.filter(condition)


class DateWindow(models.TextChoices):
    """Where today lies in a date window (a project's runtime, a district's programme, a
    funding period). Derived from the dates, never stored."""

    PLANNED = "planned", _("planned")
    RUNNING = "running", _("running")
    COMPLETED = "completed", _("completed")


def date_window_status(start, end, *, today=None) -> DateWindow | None:
    """The one rule: planned before ``start``, completed after ``end`` (an open end never
    completes), running in between, both days included. No ``start``: no window (None)."""
    if start is None:
        return None
    today = today or timezone.localdate()
    if start > today:
        return DateWindow.PLANNED
    if end and end < today:
        return DateWindow.COMPLETED
    return DateWindow.RUNNING


def period(start, end, *, date_format="SHORT_DATE_FORMAT"):
    """A date window as text, the one rule for public pages and back office:
    ``01.09.2023 – 30.06.2026``. An open end reads "open-ended" (it never completes, as in
    :func:`date_window_status`), an unknown start "…"; without any date, an empty string."""
    if not start and not end:
        return ""
    first = formats.date_format(start, date_format) if start else "…"
    last = formats.date_format(end, date_format) if end else gettext("open-ended")
    return f"{first} – {last}"


class DateWindowQuerySet(models.QuerySet):
    """``date_window_status`` in SQL, for a model whose window is the date fields named in
    ``window_fields`` (start, end). Rows without a start are in none of the three."""

    window_fields = ("start", "end")

    def _window(self, today: date | None):
        start, end = self.window_fields
        return start, end, today or timezone.localdate()

    def planned(self, today=None):
        start, _end, today = self._window(today)
        return self.filter(**{f"{start}__gt": today})

    def running(self, today=None):
        start, end, today = self._window(today)
        return self.filter(Q(**{f"{end}__isnull": True}) | Q(**{f"{end}__gte": today}), **{f"{start}__lte": today})

    def completed(self, today=None):
        start, end, today = self._window(today)
        return self.filter(**{f"{end}__lt": today, f"{start}__isnull": False})

    def with_status(self, status, today=None):
        by_status = {
            DateWindow.PLANNED: self.planned,
            DateWindow.RUNNING: self.running,
            DateWindow.COMPLETED: self.completed,
        }
        return by_status[status](today)

    def annotate_status(self, today=None):
        """Adds ``status_code`` (planned/running/completed, None without a start) for
        ordering and grouping in SQL."""
        start, end, today = self._window(today)
        return self.annotate(
            status_code=Case(
                When(**{f"{start}__isnull": True}, then=Value(None)),
                When(**{f"{start}__gt": today}, then=Value(DateWindow.PLANNED.value)),
                When(**{f"{end}__lt": today}, then=Value(DateWindow.COMPLETED.value)),
                default=Value(DateWindow.RUNNING.value),
                output_field=models.CharField(),
            )
        )


class PublishableModel(models.Model):
    # New entries start as drafts: staff fill in a page and publish it when it is ready
    # (checkbox or the "publish" action), so nothing half-written reaches the public pages.
    published = models.BooleanField(
        _("published"), default=False, help_text=_("Only published entries are shown on the public pages.")
    )
    # Scheduled publishing for every publishable model: honoured by ``published()``.
    publish_from = models.DateTimeField(
        _("online from"), null=True, blank=True, help_text=_("Empty: as soon as it is published.")
    )
    publish_until = models.DateTimeField(_("offline from"), null=True, blank=True, help_text=_("Empty: no end."))
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("last changed"), auto_now=True)

    objects = PublishableQuerySet.as_manager()

    class Meta:
        abstract = True

    @property
    def is_public(self):
        """Whether residents see this entry now (the row-level ``published()``)."""
        now = timezone.now()
        return (
            self.published
            and (self.publish_from is None or self.publish_from <= now)
            and (self.publish_until is None or self.publish_until > now)
        )

    def schedule_errors(self):
        """``{"publish_until": message}`` when "offline from" is not after "online from"."""
        if self.publish_from and self.publish_until and self.publish_until <= self.publish_from:
            return {"publish_until": _("“Offline from” has to lie after “online from”.")}
        return {}

    def clean(self):
        # Models with a clean() of their own start their errors from schedule_errors().
        super().clean()
        if errors := self.schedule_errors():
            raise ValidationError(errors)
