"""What the portal keeps of its own: the old web addresses of renamed entries."""

from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.utils.translation import gettext_lazy as _


class SlugRedirect(models.Model):
    """An old URL name (slug) of a district, project, organisation or programme, kept when
    the entry gets a new one, so that links and bookmarks still lead there: a request for
    the old address answers with a permanent redirect (``portal/redirects.py``). Made and
    removed by signals alone; an entry renamed twice has a row for each old name, each
    pointing to the entry itself, so chains resolve in one step."""

    content_type = models.ForeignKey(ContentType, verbose_name=_("kind of entry"), on_delete=models.CASCADE)
    old_slug = models.SlugField(_("old URL name"), max_length=80)
    object_id = models.PositiveBigIntegerField(_("entry"))
    created = models.DateTimeField(_("renamed at"), auto_now_add=True)

    class Meta:
        verbose_name = _("old web address")
        verbose_name_plural = _("old web addresses")
        constraints = [
            models.UniqueConstraint(fields=["content_type", "old_slug"], name="slugredirect_one_target_per_slug")
        ]
        indexes = [models.Index(fields=["content_type", "object_id"], name="slugredirect_target")]

    def __str__(self):
        return self.old_slug
