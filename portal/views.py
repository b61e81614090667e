"""Pages that combine several domain apps: the start page and the page of one district
(its projects, offices, partners, contact persons and fundings). Every query starts from
``visible_to(user)`` and fetches related rows with select_related/prefetch_related, so each
page runs a fixed number of queries whatever the amount of data; and it shows a fixed
number of rows, whatever the amount of data: the first few of each kind, with the total
counted in SQL and a link to the full, filtered list."""

from urllib.parse import urlencode

from django.db.models import Case, Count, F, Q, Value, When
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.generic import DetailView

from core.views import BreadcrumbsMixin, PublishedMixin, first_rows
from funding.models import Funding
from partners.models import ContactPerson, Organisation
from projects.models import Project, Status
from quartier.maps import outline_map, overview_map
from quartier.models import District, Office

HOME_PROJECTS = 6

# The most rows of each kind a district page shows; the rest are a link away.
DISTRICT_PROJECTS = 12
DISTRICT_PARTNERS = 24
DISTRICT_CONTACTS = 12
DISTRICT_OFFICES = 12
DISTRICT_PROGRAMMES = 10

# Running projects first, then planned, then completed ones.
STATUS_ORDER = (Status.RUNNING, Status.PLANNED, Status.COMPLETED)


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
    largest first: ``(rows, rest, total)`` with the ``DISTRICT_PROGRAMMES`` largest rows,
    the others summed into ``rest`` (``{"count", "total"}``, or None) and the sum of all.
    A project working in several districts counts fully in each."""
    projects = Project.objects.visible_to(user).filter(districts=district)
    rows = list(Funding.objects.in_published_programmes().filter(project__in=projects).totals_per_programme())
    total = sum((row["total"] for row in rows), start=0)
    shown, others = rows[:DISTRICT_PROGRAMMES], rows[DISTRICT_PROGRAMMES:]
    largest = max((row["total"] for row in shown), default=0)
    for row in shown:
        row["percent"] = round(row["total"] * 100 / largest) if largest else 0
    rest = {"count": len(others), "total": sum(row["total"] for row in others)} if others else None
    return shown, rest, total


def projects_list_url(**filters):
    return f"{reverse('projects:project_list')}?{urlencode(filters)}"


def district_projects(district, user):
    """The district's projects in groups by status (running, planned, completed): the
    first ``DISTRICT_PROJECTS`` of them in that order (running and planned by start,
    completed ones latest end first) in one query, and the number of each status in a
    second. Each group: ``status``, ``projects`` (those shown), ``count`` and ``url`` (the
    filtered project list)."""
    projects = Project.objects.visible_to(user).filter(districts=district).annotate_status()
    rank = Case(*(When(status_code=status, then=Value(i)) for i, status in enumerate(STATUS_ORDER)), default=Value(9))
    ended = Case(When(status_code=Status.COMPLETED, then=F("end")))
    shown = list(projects.for_cards().order_by(rank, ended.desc(nulls_last=True), "start", "title")[:DISTRICT_PROJECTS])
    counts = dict(projects.order_by().values_list("status_code").annotate(count=Count("pk")))
    return [
        {
            "status": status,
            "projects": [project for project in shown if project.status_code == status],
            "count": counts.get(status, 0),
            "url": projects_list_url(quartier=district.slug, status=status),
        }
        for status in STATUS_ORDER
    ]


class DistrictDetailView(BreadcrumbsMixin, PublishedMixin, DetailView):
    model = District
    context_object_name = "district"
    template_name = "portal/district_detail.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        district, user = self.object, self.request.user
        others = District.objects.visible_to(user).only("id", "name", "slug", "boundary").exclude(pk=district.pk)
        groups = district_projects(district, user)
        partners, partner_count = first_rows(
            Organisation.objects.visible_to(user).filter(districts=district).order_by("name", "pk"), DISTRICT_PARTNERS
        )
        contacts, contact_count = first_rows(
            ContactPerson.objects.published()
            .filter(districts=district)
            .select_related("organisation")
            .order_by("name", "pk"),
            DISTRICT_CONTACTS,
        )
        offices, office_count = first_rows(
            Office.objects.for_pages(user).filter(district=district).order_by("name", "pk"), DISTRICT_OFFICES
        )
        funding, funding_rest, funding_total = funding_per_programme(district, user)
        context.update(
            {
                "map": outline_map(
                    district, others=others, title=_("Outline of %(name)s on the map") % {"name": district.name}
                ),
                "programme_status": district.programme_status(),
                "offices": offices,
                "office_count": office_count,
                "project_groups": groups,
                "project_count": sum(group["count"] for group in groups),
                "projects_shown": sum(len(group["projects"]) for group in groups),
                "projects_url": projects_list_url(quartier=district.slug),
                "partners": partners,
                "partner_count": partner_count,
                "partners_url": f"{reverse('partners:organisation_list')}?{urlencode({'quartier': district.slug})}",
                "contacts": contacts,
                "contact_count": contact_count,
                "funding": funding,
                "funding_rest": funding_rest,
                "funding_total": funding_total,
            }
        )
        return context

    def get_breadcrumbs(self):
        return [(reverse("quartier:district_list"), _("Districts")), ("", self.object.name)]
