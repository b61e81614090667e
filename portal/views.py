"""Pages that combine several domain apps: the start page and the page of one district
(its projects, offices, partners, contact persons and fundings). Every query starts from
``visible_to(user)`` and fetches related rows with select_related/prefetch_related, so each
page runs a fixed number of queries whatever the amount of data."""

from django.db.models import Count, Q
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.generic import DetailView

from core.views import BreadcrumbsMixin, PublishedMixin
from funding.models import Funding
from partners.models import ContactPerson, Organisation
from projects.models import Project, Status
from quartier.maps import outline_map, overview_map
from quartier.models import District, Office

HOME_PROJECTS = 6


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
        "offices": list(Office.objects.for_pages(user)),
    }
    return render(request, "portal/home.html", context)


def funding_per_programme(district, user):
    """The money of the district's published projects, summed per programme in SQL,
    largest first. A project working in several districts counts fully in each."""
    projects = Project.objects.visible_to(user).filter(districts=district)
    rows = list(Funding.objects.in_published_programmes().filter(project__in=projects).totals_per_programme())
    largest = max((row["total"] for row in rows), default=0)
    for row in rows:
        row["percent"] = round(row["total"] * 100 / largest) if largest else 0
    return rows


class DistrictDetailView(BreadcrumbsMixin, PublishedMixin, DetailView):
    model = District
    context_object_name = "district"
    template_name = "portal/district_detail.html"

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
        others = District.objects.visible_to(user).only("id", "name", "slug", "boundary").exclude(pk=district.pk)
        context.update(
            {
                "map": outline_map(
                    district, others=others, title=_("Outline of %(name)s on the map") % {"name": district.name}
                ),
                "programme_status": district.programme_status(),
                "offices": list(Office.objects.for_pages(user).filter(district=district)),
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
        return context

    def get_breadcrumbs(self):
        return [(reverse("quartier:district_list"), _("Districts")), ("", self.object.name)]
