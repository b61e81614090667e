"""Public project pages: the filterable list and the project fact sheet (Projektsteckbrief).

Both run a fixed number of queries whatever the data size: everything a template shows
is fetched with select_related/prefetch_related here.
"""

from urllib.parse import quote

from django.db.models import Prefetch
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.generic import DetailView, ListView

from core.filters import FilteredListMixin
from core.views import BreadcrumbsMixin, PublishedMixin, first_rows
from funding.models import Funder, Funding
from partners.models import ContactPerson, Organisation
from projects.filters import ProjectFilterForm
from projects.models import Project
from quartier.models import District

PROJECTS_PER_PAGE = 12
# The most related projects a project's page lists.
RELATED_PROJECTS = 24


class ProjectListView(BreadcrumbsMixin, FilteredListMixin, PublishedMixin, ListView):
    model = Project
    template_name = "projects/project_list.html"
    context_object_name = "projects"
    paginate_by = PROJECTS_PER_PAGE
    filter_form_class = ProjectFilterForm
    sort_ids_first = True

    def get_queryset(self):
        # The order of the index project_list_order (projects/models.py), ending in the id so
        # that every row has one place and no project shows on two pages.
        return super().get_queryset().order_by("archived", "-start", "title", "id").for_cards()

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        count = context["paginator"].count
        context.update(
            count_text=ngettext("%(count)s project found", "%(count)s projects found", count) % {"count": count},
            partner_filter=self.form.valid_filters().get("partner"),
        )
        return context

    def get_breadcrumbs(self):
        return [("", _("Projects"))]


def share_mailto(*, title, url):
    """A ``mailto:`` link that opens the visitor's mail program with subject and link."""
    subject = _("Project: %(title)s") % {"title": title}
    body = _("I would like to recommend this project to you:\n%(title)s\n%(url)s") % {"title": title, "url": url}
    return f"mailto:?subject={quote(subject)}&body={quote(body)}"


class ProjectDetailView(BreadcrumbsMixin, PublishedMixin, DetailView):
    model = Project
    template_name = "projects/project_detail.html"
    context_object_name = "project"

    def get_queryset(self):
        published_orgs = Organisation.objects.published().only("id", "name", "slug")
        return (
            super()
            .get_queryset()
            .select_related("field_of_action")
            .prefetch_related(
                Prefetch(
                    "fundings",
                    queryset=Funding.objects.in_published_programmes()
                    .select_related("programme")
                    .prefetch_related("programme__funders"),
                ),
                Prefetch("responsible_organisations", queryset=published_orgs),
                Prefetch("partners", queryset=published_orgs),
                Prefetch("districts", queryset=District.objects.published().only("id", "name", "slug")),
                Prefetch("contacts", queryset=ContactPerson.objects.published().select_related("organisation")),
                "images",
                "target_groups",
            )
        )

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        project = self.object
        fundings = list(project.fundings.all())
        funders = {}
        for funding in fundings:
            for funder in funding.programme.funders.all():
                funders.setdefault(funder.pk, funder)
        related, related_count = first_rows(
            Project.objects.published()
            .filter(related_projects=project)
            .select_related("field_of_action")
            .order_by("code", "title", "id"),
            RELATED_PROJECTS,
        )
        funders = sorted(funders.values(), key=lambda funder: (funder.level != Funder.Level.EU, funder.name))
        context.update(
            fundings=fundings,
            funding_total=sum((funding.amount for funding in fundings), start=0) if fundings else None,
            funders=funders,
            eu_funded=any(funder.level == Funder.Level.EU for funder in funders),
            related_projects=related,
            related_count=related_count,
            share_url=share_mailto(title=str(project), url=self.request.build_absolute_uri(project.get_absolute_url())),
        )
        return context

    def get_breadcrumbs(self):
        return [(reverse("projects:project_list"), _("Projects")), ("", self.object.title)]
