"""Public pages of the district app that need no other domain app: the list of districts,
the offices and the site pages. The page of one district combines projects, partners and
fundings, so it lives in the cross-app layer (``portal.views``)."""

from django.shortcuts import get_object_or_404, render
from django.utils.translation import gettext as _
from django.views.generic import ListView

from core.views import BreadcrumbsMixin, PublishedMixin
from quartier.maps import overview_map
from quartier.models import District, Office, SitePage


class DistrictListView(BreadcrumbsMixin, PublishedMixin, ListView):
    model = District
    context_object_name = "districts"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["map"] = overview_map(context["districts"], title=_("Map of the districts of the network"))
        return context

    def get_breadcrumbs(self):
        return [("", _("Districts"))]


class OfficeListView(BreadcrumbsMixin, ListView):
    template_name = "quartier/office_list.html"
    context_object_name = "offices"

    def get_breadcrumbs(self):
        return [("", _("Offices"))]

    def get_queryset(self):
        return Office.objects.for_pages(self.request.user).order_by("district__name", "name")


def site_page(request, slug):
    page = get_object_or_404(SitePage, slug=slug)
    return render(request, "quartier/sitepage_detail.html", {"page": page, "breadcrumbs": [("", page.title)]})
