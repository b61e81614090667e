"""Visibility in one place (the Django website's blog views): every public view gets its
objects through :class:`PublishedMixin` or ``visible_to(user)``; staff who may view the
model also see drafts, as a preview. The rule itself is
``quartier.content.PublishableQuerySet.visible_to``, and nowhere else is it decided."""

from quartier.content import can_preview


def visible_object(obj, user):
    """``obj`` if residents may see it (published) or ``user`` may preview its model; else None.
    For an object reached through a relation that the queryset did not filter (the
    organisation of a contact person)."""
    if obj is None or obj.published:
        return obj
    return obj if user is not None and can_preview(user, type(obj)) else None


class PublishedMixin:
    """For ListView/DetailView on a model whose queryset has ``visible_to()``
    (``quartier.content.PublishableQuerySet``)."""

    def get_queryset(self):
        return super().get_queryset().visible_to(self.request.user)
