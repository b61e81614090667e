"""Public pages of the district app: start page, districts, offices, contact persons and
the site pages. Every view starts from the published querysets (``visible_to(user)``) and
fetches related rows with select_related/prefetch_related, so each page runs a fixed
number of queries whatever the amount of data."""

from django.db.models import Count, Prefetch, Q
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.generic import DetailView, ListView

from funding.models import Funding
from partners.models import ContactPerson, Organisation
from projects.models import Project, Status
from quartier.maps import outline_map, overview_map
from quartier.models import District, Office, SitePage
from quartier.views_mixins import PublishedMixin

HOME_PROJECTS = 6


class ForgivingPaginationMixin:
    """A page number that is not a number or out of range shows the first or last page
    instead of an error: pagination links are often copied and edited by hand."""

    def paginate_queryset(self, queryset, page_size):
        paginator = self.get_paginator(queryset, page_size)
        page = paginator.get_page(self.request.GET.get(self.page_kwarg))
        return paginator, page, page.object_list, page.has_other_pages()


def _map_districts(user):
    """The districts drawn on the maps: only what the drawing needs."""
    return District.objects.visible_to(user).only("id", "name", "slug", "boundary")


def _offices(user):
    return (
        Office.objects.visible_to(user)
        .filter(district__in=District.objects.visible_to(user))
        .select_related("district")
        .prefetch_related(Prefetch("contacts", queryset=ContactPerson.objects.published()))
    )


def home(request):
    user = request.user
    districts = list(District.objects.visible_to(user).only("id", "name", "slug", "boundary", "summary"))
    counts = Organisation.objects.visible_to(user).aggregate(
        partners=Count("id"), members=Count("id", filter=Q(is_member=True))
    )
    running = Project.objects.visible_to(user).running().for_cards().order_by("-start", "title")[:HOME_PROJECTS]
    context = {
        "districts": districts,
        "map": overview_map(districts, title=_("Map of the districts of the network")),
        "running_projects": list(running),
        "partner_count": counts["partners"],
        "member_count": counts["members"],
        "offices": list(_offices(user)),
    }
    return render(request, "quartier/home.html", context)


class DistrictListView(PublishedMixin, ListView):
    model = District
    context_object_name = "districts"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["map"] = overview_map(context["districts"], title=_("Map of the districts of the network"))
        context["crumbs"] = [("", _("Districts"))]
        return context


def funding_per_programme(district, user):
    """The money of the district's published projects, summed per programme in SQL,
    largest first. A project working in several districts counts fully in each."""
    projects = Project.objects.visible_to(user).filter(districts=district)
    rows = list(Funding.objects.in_published_programmes().filter(project__in=projects).totals_per_programme())
    largest = max((row["total"] for row in rows), default=0)
    for row in rows:
        row["percent"] = round(row["total"] * 100 / largest) if largest else 0
    return rows


class DistrictDetailView(PublishedMixin, DetailView):
    model = District
    context_object_name = "district"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        district, user = self.object, self.request.user
        projects = list(
            Project.objects.visible_to(user)
            .filter(districts=district)
            .for_cards()
            .annotate_status()
            .order_by("start", "title")
        )
        by_status = {status: [p for p in projects if p.status_code == status] for status in Status.values}
        others = _map_districts(user).exclude(pk=district.pk)
        context.update(
            {
                "map": outline_map(
                    district, others=others, title=_("Outline of %(name)s on the map") % {"name": district.name}
                ),
                "programme_status": district.programme_status(),
                "offices": list(_offices(user).filter(district=district)),
                "running_projects": by_status[Status.RUNNING],
                "planned_projects": by_status[Status.PLANNED],
                "completed_projects": list(reversed(by_status[Status.COMPLETED])),
                "partners": list(Organisation.objects.visible_to(user).filter(districts=district).order_by("name")),
                "contacts": list(
                    ContactPerson.objects.published().filter(districts=district).select_related("organisation")
                ),
                "funding": funding_per_programme(district, user),
            }
        )
        context["funding_total"] = sum(row["total"] for row in context["funding"])
        context["crumbs"] = [(reverse("quartier:district_list"), _("Districts")), ("", district.name)]
        return context


class OfficeListView(ListView):
    template_name = "quartier/office_list.html"
    context_object_name = "offices"

    extra_context = {"crumbs": [("", gettext_lazy("Offices"))]}

    def get_queryset(self):
        return _offices(self.request.user).order_by("district__name", "name")


class ContactListView(ForgivingPaginationMixin, ListView):
    template_name = "quartier/contactperson_list.html"
    context_object_name = "contacts"
    paginate_by = 50
    extra_context = {"crumbs": [("", gettext_lazy("Contact persons"))]}

    def get_queryset(self):
        user = self.request.user
        return (
            ContactPerson.objects.published()
            .select_related("organisation")
            .prefetch_related(
                Prefetch("districts", queryset=District.objects.visible_to(user).only("id", "name", "slug"))
            )
            .order_by("name", "pk")
        )


def site_page(request, slug):
    page = get_object_or_404(SitePage, slug=slug)
    return render(request, "quartier/sitepage_detail.html", {"page": page, "crumbs": [("", page.title)]})
