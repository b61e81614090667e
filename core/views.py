"""Visibility in one place (the Django website's blog views): every public view gets its
objects through :class:`PublishedMixin` or ``visible_to(user)``; staff who may view the
model also see drafts, as a preview. The rule itself is
``core.content.PublishableQuerySet.visible_to``, and nowhere else is it decided."""

from core.content import can_preview


def visible_object(obj, user):
    """``obj`` if residents may see it (published) or ``user`` may preview its model; else None.
    For an object reached through a relation that the queryset did not filter (the
    organisation of a contact person)."""
    if obj is None or obj.is_public:
        return obj
    return obj if user is not None and can_preview(user, type(obj)) else None


class PublishedMixin:
    """For ListView/DetailView on a model whose queryset has ``visible_to()``
    (``core.content.PublishableQuerySet``)."""

    def get_queryset(self):
        return super().get_queryset().visible_to(self.request.user)


class ForgivingPaginationMixin:
    """A page number that is not a number or out of range shows the first or last page
    instead of an error: pagination links are often copied and edited by hand."""

    def paginate_queryset(self, queryset, page_size):
        paginator = self.get_paginator(queryset, page_size)
        page = paginator.get_page(self.request.GET.get(self.page_kwarg))
        return paginator, page, page.object_list, page.has_other_pages()


class BreadcrumbsMixin:
    """The trail above the page ("Sie sind hier"), declared once per view and rendered once
    by ``base.html`` (``includes/breadcrumbs.html``) from the context variable
    ``breadcrumbs``: a list of ``(url, label)`` after the start page, the last one the
    current page (its url is not linked and may be empty). A view without a trail (the
    start page) has none. Function views put the same list under ``breadcrumbs`` in their
    context."""

    def get_breadcrumbs(self):
        return []

    def get_context_data(self, **kwargs):
        kwargs.setdefault("breadcrumbs", self.get_breadcrumbs())
        return super().get_context_data(**kwargs)
