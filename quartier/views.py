"""Public pages of the district app that need no other domain app: the list of districts,
the offices and the site pages. The page of one district combines projects, partners and
fundings, so it lives in the cross-app layer (``portal.views``)."""

from django.shortcuts import get_object_or_404, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.generic import ListView

from core.views import PublishedMixin
from quartier.maps import overview_map
from quartier.models import District, Office, SitePage


class DistrictListView(PublishedMixin, ListView):
    model = District
    context_object_name = "districts"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["map"] = overview_map(context["districts"], title=_("Map of the districts of the network"))
        context["crumbs"] = [("", _("Districts"))]
        return context


class OfficeListView(ListView):
    template_name = "quartier/office_list.html"
    context_object_name = "offices"

    extra_context = {"crumbs": [("", gettext_lazy("Offices"))]}

    def get_queryset(self):
        return Office.objects.for_pages(self.request.user).order_by("district__name", "name")


def site_page(request, slug):
    page = get_object_or_404(SitePage, slug=slug)
    return render(request, "quartier/sitepage_detail.html", {"page": page, "crumbs": [("", page.title)]})
