"""Public pages of the partner organisations: the list with filters and one page per
organisation. Published rows only (``PublishedMixin``/``visible_to(user)``), a fixed number of
queries per page."""

from django import forms
from django.db.models import Prefetch
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.views.generic import DetailView, ListView

from core.views import ForgivingPaginationMixin, PublishedMixin
from partners.models import ContactPerson, Organisation, OrganisationKind
from projects.models import Project
from quartier.models import District


class OrganisationFilterForm(forms.Form):
    """GET filters of the partner list. Unknown values are reported and ignored, so a
    hand-edited address still shows a normal page."""

    kind = forms.ChoiceField(
        label=_("Kind of organisation"), required=False, choices=[("", _("all kinds")), *OrganisationKind.choices]
    )
    district = forms.ModelChoiceField(
        label=_("Active in district"),
        required=False,
        queryset=District.objects.none(),
        to_field_name="slug",
        empty_label=_("all districts"),
        error_messages={"invalid_choice": _("This district does not exist. All districts are shown.")},
    )
    members = forms.BooleanField(label=_("only members of the working group"), required=False)

    def __init__(self, *args, districts, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["district"].queryset = districts
        self.fields["kind"].error_messages["invalid_choice"] = _("This kind does not exist. All kinds are shown.")

    def filters(self):
        """The valid filters as queryset keyword arguments (invalid ones are left out)."""
        self.is_valid()
        data = getattr(self, "cleaned_data", {})
        lookups = {}
        if data.get("kind"):
            lookups["kind"] = data["kind"]
        if data.get("district"):
            lookups["districts"] = data["district"]
        if data.get("members"):
            lookups["is_member"] = True
        return lookups


class OrganisationListView(ForgivingPaginationMixin, PublishedMixin, ListView):
    model = Organisation
    context_object_name = "organisations"
    paginate_by = 20

    def get_queryset(self):
        user = self.request.user
        districts = District.objects.visible_to(user).only("id", "name", "slug")
        self.form = OrganisationFilterForm(self.request.GET or None, districts=districts)
        return (
            super()
            .get_queryset()
            .filter(**self.form.filters())
            .prefetch_related(Prefetch("districts", queryset=districts.order_by("name")))
            .order_by("name", "pk")
        )

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["form"] = self.form
        context["result_count"] = context["paginator"].count
        context["crumbs"] = [("", _("Partners"))]
        return context


class OrganisationDetailView(PublishedMixin, DetailView):
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

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["crumbs"] = [(reverse("partners:organisation_list"), _("Partners")), ("", self.object.name)]
        return context


class ContactListView(ForgivingPaginationMixin, ListView):
    template_name = "partners/contactperson_list.html"
    context_object_name = "contacts"
    paginate_by = 50
    extra_context = {"crumbs": [("", _("Contact persons"))]}

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
