"""Visibility in one place (the Django website's blog views): every public view gets its
objects through :class:`PublishedMixin` or ``visible_to(user)``; staff who may view the
model also see drafts, as a preview. The rule itself is
``core.content.PublishableQuerySet.visible_to``, and nowhere else is it decided."""

from functools import cache
from pathlib import Path

from django.contrib import admin
from django.contrib.staticfiles import finders
from django.core.paginator import Page, Paginator
from django.db.models import Count, Window
from django.http import Http404, HttpResponse
from django.urls import reverse
from django.views.decorators.http import require_safe

from core.admin_publication import publication_text
from core.content import may_preview


def visible_object(obj, user):
    """``obj`` if residents may see it (published) or ``user`` may preview its model; else None.
    For an object reached through a relation that the queryset did not filter (the
    organisation of a contact person)."""
    if obj is None or obj.is_public:
        return obj
    return obj if may_preview(user, obj) else None


def preview_bar(obj, request):
    """What the bar above a page that residents do not see tells staff: the entry's state
    ("Entwurf", "geplant: online ab …") and, for those who may change it, the way back to
    its form in the back office."""
    model_admin = admin.site._registry.get(type(obj))
    may_edit = model_admin is not None and model_admin.has_change_permission(request, obj)
    opts = obj._meta
    return {
        "state": publication_text(obj),
        "edit_url": reverse(f"admin:{opts.app_label}_{opts.model_name}_change", args=[obj.pk]) if may_edit else "",
    }


class PublishedMixin:
    """For ListView/DetailView on a model whose queryset has ``visible_to()``
    (``core.content.PublishableQuerySet``). A detail page that only staff see (a preview)
    gets the "not public" bar (``preview_bar`` in base.html)."""

    def get_queryset(self):
        return super().get_queryset().visible_to(self.request.user)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        obj = getattr(self, "object", None)
        if obj is not None and not obj.is_public:
            context["preview_bar"] = preview_bar(obj, self.request)
        return context


def first_rows(queryset, limit):
    """``(rows, total)``: the first ``limit`` rows of ``queryset`` and how many it has in
    all, counted by the database in the same query (a window function over the rows before
    LIMIT), so a page shows a bounded part of a long list and its size at no extra query."""
    rows = list(queryset.annotate(total_rows=Window(Count("pk")))[:limit])
    return rows, rows[0].total_rows if rows else 0


class WindowPage(Page):
    """A page that knows the page numbers worth a link: ``window`` is the first and the
    last page and two on each side of this one, with ``None`` for each gap (an ellipsis),
    so 834 pages give at most 9 entries and the template never loops over all of them."""

    around = 2

    @property
    def window(self):
        gap = self.paginator.ELLIPSIS
        numbers = self.paginator.get_elided_page_range(self.number, on_each_side=self.around, on_ends=1)
        return [None if number == gap else number for number in numbers]


class WindowPaginator(Paginator):
    def _get_page(self, *args, **kwargs):
        return WindowPage(*args, **kwargs)


class ForgivingPaginationMixin:
    """A page number that is not a number or out of range shows the first or last page
    instead of an error: pagination links are often copied and edited by hand. The page
    offers a window of page numbers (``page_obj.window``, see :class:`WindowPage`)."""

    paginator_class = WindowPaginator
    # Sort only the ids, then fetch the page's rows by id: a deep page of a long list of
    # wide rows (texts, search columns) then sorts a few bytes a row in memory instead of
    # whole rows on disk. One query more; for lists of a model queryset.
    sort_ids_first = False

    def paginate_queryset(self, queryset, page_size):
        paginator = self.get_paginator(queryset, page_size)
        page = paginator.get_page(self.request.GET.get(self.page_kwarg))
        if self.sort_ids_first:
            ids = list(page.object_list.values_list("pk", flat=True))
            rows = {row.pk: row for row in queryset.order_by().filter(pk__in=ids)}
            page.object_list = [rows[pk] for pk in ids if pk in rows]
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


@cache
def _favicon_bytes():
    path = finders.find("favicon.ico")
    return Path(path).read_bytes() if path else None


@require_safe
def favicon(request):
    """``/favicon.ico``, which browsers and feed readers ask for whatever the page says
    (``base.html`` names ``favicon.svg`` and this one): the static file, read once."""
    data = _favicon_bytes()
    if data is None:
        raise Http404
    response = HttpResponse(data, content_type="image/vnd.microsoft.icon")
    response["Cache-Control"] = "public, max-age=86400"
    return response
