"""Public pages of the funding programmes: what each programme is, who pays for it, and
which published projects it funds with how much (totals computed in SQL)."""

from urllib.parse import urlencode

from django.db.models import Count, Sum
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.generic import DetailView, ListView

from core.content import published_q
from core.views import BreadcrumbsMixin, PublishedMixin
from funding.models import FundingProgramme

# The most fundings a programme page lists; all of them are a link away (the project list).
PROGRAMME_FUNDINGS = 20


class ProgrammeListView(BreadcrumbsMixin, PublishedMixin, ListView):
    model = FundingProgramme
    template_name = "funding/fundingprogramme_list.html"
    context_object_name = "programmes"

    def get_queryset(self):
        funds_public_project = published_q("fundings__project")
        return (
            super()
            .get_queryset()
            .annotate(
                project_count=Count("fundings", filter=funds_public_project),
                funding_total=Sum("fundings__amount", filter=funds_public_project),
            )
            .prefetch_related("funders")
            .order_by("name")
        )

    def get_breadcrumbs(self):
        return [("", _("Funding programmes"))]


class ProgrammeDetailView(BreadcrumbsMixin, PublishedMixin, DetailView):
    model = FundingProgramme
    template_name = "funding/fundingprogramme_detail.html"
    context_object_name = "programme"

    def get_queryset(self):
        return super().get_queryset().prefetch_related("funders")

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        fundings = self.object.fundings.of_published_projects()
        # The first rows in the order of the project list they link to, whatever the total.
        context["fundings"] = fundings.select_related("project", "project__field_of_action").order_by(
            "project__archived", "-project__start", "project__title"
        )[:PROGRAMME_FUNDINGS]
        context["totals"] = fundings.aggregate(amount=Sum("amount"), projects=Count("project", distinct=True))
        query = urlencode({"foerderprogramm": self.object.slug})
        context["projects_url"] = f"{reverse('projects:project_list')}?{query}"
        return context

    def get_breadcrumbs(self):
        return [(reverse("funding:programme_list"), _("Funding programmes")), ("", self.object.short_name)]
