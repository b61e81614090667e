"""Public pages of the partner organisations: the list with filters (partners/filters.py)
and one page per organisation. Published rows only (``PublishedMixin``/``visible_to(user)``),
a fixed number of queries per page."""

from urllib.parse import urlencode

from django.db.models import Prefetch
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.views.generic import DetailView, ListView

from core.filters import FilteredListMixin
from core.views import BreadcrumbsMixin, PublishedMixin, first_rows
from partners.filters import ContactFilterForm, OrganisationFilterForm
from partners.models import ContactPerson, Organisation
from projects.models import Project
from quartier.models import District

# The most projects of each kind and contact persons an organisation's page shows.
ORGANISATION_PROJECTS = 12
ORGANISATION_CONTACTS = 12


class OrganisationListView(BreadcrumbsMixin, FilteredListMixin, PublishedMixin, ListView):
    model = Organisation
    context_object_name = "organisations"
    paginate_by = 20
    filter_form_class = OrganisationFilterForm
    renamed_parameters = {
        **FilteredListMixin.renamed_parameters,
        "kind": "art",
        "district": "quartier",
        "members": "mitglieder",
    }

    def get_filter_form_kwargs(self):
        return {"districts": self.districts}

    def get_queryset(self):
        self.districts = District.objects.visible_to(self.request.user).only("id", "name", "slug")
        return (
            super()
            .get_queryset()
            .prefetch_related(Prefetch("districts", queryset=self.districts.order_by("name")))
            .order_by("name", "pk")
        )

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["result_count"] = context["paginator"].count
        return context

    def get_breadcrumbs(self):
        return [("", _("Partners"))]


class OrganisationDetailView(BreadcrumbsMixin, PublishedMixin, DetailView):
    """One organisation with the first projects it is responsible for and a partner in, and
    its first contact persons: a bounded page whatever the organisation's size, the totals
    counted in SQL and the projects a link away (``/projekte/?partner=…``)."""

    model = Organisation
    context_object_name = "organisation"

    def get_queryset(self):
        user = self.request.user
        return (
            super()
            .get_queryset()
            .prefetch_related(
                Prefetch("districts", queryset=District.objects.visible_to(user).only("id", "name", "slug")),
            )
        )

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        organisation = self.object
        projects = (
            Project.objects.visible_to(self.request.user)
            .only("id", "title", "slug", "code", "start", "end", "published", "archived")
            .order_by("-start", "title")
        )
        responsible, responsible_count = first_rows(
            projects.filter(responsible_organisations=organisation), ORGANISATION_PROJECTS
        )
        partner_in, partner_count = first_rows(projects.filter(partners=organisation), ORGANISATION_PROJECTS)
        contacts, contact_count = first_rows(
            ContactPerson.objects.published()
            .filter(organisation=organisation)
            .select_related("organisation")
            .order_by("name", "pk"),
            ORGANISATION_CONTACTS,
        )
        query = urlencode({"partner": organisation.slug})
        context.update(
            responsible_projects=responsible,
            responsible_count=responsible_count,
            partner_projects=partner_in,
            partner_count=partner_count,
            projects_url=f"{reverse('projects:project_list')}?{query}",
            contacts=contacts,
            contact_count=contact_count,
        )
        return context

    def get_breadcrumbs(self):
        return [(reverse("partners:organisation_list"), _("Partners")), ("", self.object.name)]


class ContactListView(BreadcrumbsMixin, FilteredListMixin, ListView):
    template_name = "partners/contactperson_list.html"
    context_object_name = "contacts"
    paginate_by = 50
    filter_form_class = ContactFilterForm

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["organisation_filter"] = self.form.valid_filters().get("organisation")
        return context

    def get_breadcrumbs(self):
        return [("", _("Contact persons"))]

    def get_queryset(self):
        self.districts = District.objects.visible_to(self.request.user).only("id", "name", "slug")
        queryset = (
            ContactPerson.objects.published()
            .select_related("organisation")
            .prefetch_related(Prefetch("districts", queryset=self.districts))
            .order_by("name", "pk")
        )
        # The published contact persons are not a model's PublishedMixin queryset, so the
        # filter form is put in front here rather than by FilteredListMixin.get_queryset.
        self.form = self.filter_form_class(self.request.GET, districts=self.districts)
        return self.form.filter(queryset)
