"""Building blocks shared by the content models of all apps."""

from django.db import models
from django.db.models import F, Q
from django.utils.text import slugify
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


def ends_after_start(start, end, *, name, message, start_required=False):
    """A check constraint: the date ``end`` (optional) is not before ``start``."""
    condition = Q(**{f"{end}__isnull": True})
    if not start_required:
        condition |= Q(**{f"{start}__isnull": True})
    condition |= Q(**{f"{end}__gte": F(start)})
    return models.CheckConstraint(condition=condition, name=name, violation_error_message=message)


class PublishableQuerySet(models.QuerySet):
    """Visibility in one place: public views, feeds and exports start from ``published()``."""

    def published(self):
        return self.filter(published=True)


class PublishableModel(models.Model):
    # New entries start as drafts: staff fill in a page and publish it when it is ready
    # (checkbox or the "publish" action), so nothing half-written reaches the public pages.
    published = models.BooleanField(
        _("published"), default=False, help_text=_("Only published entries are shown on the public pages.")
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("last changed"), auto_now=True)

    objects = PublishableQuerySet.as_manager()

    class Meta:
        abstract = True
