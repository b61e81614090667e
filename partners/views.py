"""Public pages of the partner organisations: the list with filters (partners/filters.py)
and one page per organisation. Published rows only (``PublishedMixin``/``visible_to(user)``),
a fixed number of queries per page."""

from django.db.models import Prefetch
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.views.generic import DetailView, ListView

from core.filters import FilteredListMixin, PublicListMixin
from core.views import BreadcrumbsMixin, PublishedMixin
from partners.filters import OrganisationFilterForm
from partners.models import ContactPerson, Organisation
from projects.models import Project
from quartier.models import District


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
    model = Organisation
    context_object_name = "organisation"

    def get_queryset(self):
        user = self.request.user
        projects = Project.objects.visible_to(user).only("id", "title", "slug", "code", "start", "end")
        return (
            super()
            .get_queryset()
            .prefetch_related(
                Prefetch("districts", queryset=District.objects.visible_to(user).only("id", "name", "slug")),
                Prefetch("responsible_for", queryset=projects.order_by("-start", "title")),
                Prefetch("partner_in", queryset=projects.order_by("-start", "title")),
                Prefetch("contacts", queryset=ContactPerson.objects.published()),
            )
        )

    def get_breadcrumbs(self):
        return [(reverse("partners:organisation_list"), _("Partners")), ("", self.object.name)]


class ContactListView(BreadcrumbsMixin, PublicListMixin, ListView):
    template_name = "partners/contactperson_list.html"
    context_object_name = "contacts"
    paginate_by = 50

    def get_breadcrumbs(self):
        return [("", _("Contact persons"))]

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
