"""Visibility in one place (the Django website's blog views): every public view gets its
objects through :class:`PublishedMixin`; staff who may view the model also see drafts,
as a preview, and nowhere else is this decided."""


def can_preview(user, model):
    opts = model._meta
    return user.is_active and user.is_staff and user.has_perm(f"{opts.app_label}.view_{opts.model_name}")


def visible(queryset, user):
    """``queryset.published()``, widened to all rows for staff with view permission."""
    return queryset if can_preview(user, queryset.model) else queryset.published()


def visible_object(obj, user):
    """``obj`` if residents may see it (published) or ``user`` may preview its model; else None.
    For an object reached through a relation that the queryset did not filter (the
    organisation of a contact person)."""
    if obj is None or obj.published:
        return obj
    return obj if user is not None and can_preview(user, type(obj)) else None


class PublishedMixin:
    """For ListView/DetailView on a model whose queryset has ``published()``."""

    def get_queryset(self):
        return visible(super().get_queryset(), self.request.user)
