"""The filters of the project list (``/projekte/?quartier=…``): a
:class:`core.filters.FilterForm`, validated like any other form input. Unknown values are
ignored and named on the page; they never reach the database as a lookup.
"""

from django import forms
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from core.content import published_q
from core.filters import UNKNOWN_VALUE, FilterForm
from funding.models import FundingProgramme
from partners.filters import organisation_parameter
from projects.models import FieldOfAction, Project, Status, TargetGroup
from quartier.models import District

SELECT = forms.Select(attrs={"class": "form-select"})


class ProjectFilterForm(FilterForm):
    """GET parameters of /projekte/. The choices are loaded once per request (one query
    per select), so rendering and validating run a fixed number of queries."""

    quartier = forms.ChoiceField(label=_("District"), required=False, widget=SELECT, error_messages=UNKNOWN_VALUE)
    foerderprogramm = forms.ChoiceField(
        label=_("Funding programme"), required=False, widget=SELECT, error_messages=UNKNOWN_VALUE
    )
    status = forms.ChoiceField(label=_("Status"), required=False, widget=SELECT, error_messages=UNKNOWN_VALUE)
    zielgruppe = forms.ChoiceField(label=_("Target group"), required=False, widget=SELECT, error_messages=UNKNOWN_VALUE)
    handlungsfeld = forms.ChoiceField(
        label=_("Field of action"), required=False, widget=SELECT, error_messages=UNKNOWN_VALUE
    )
    # A thousand organisations make no select: the parameter is taken (from the links of
    # the organisation pages) and shown as an active filter with a link that removes it.
    partner = forms.SlugField(
        label=_("Organisation"),
        required=False,
        widget=forms.HiddenInput,
        error_messages={"invalid": UNKNOWN_VALUE["invalid_choice"]},
    )
    ohne_archiv = forms.BooleanField(
        label=_("Hide archived projects"),
        required=False,
        widget=forms.CheckboxInput(attrs={"class": "form-check-input"}),
    )

    def __init__(self, data=None, **kwargs):
        super().__init__(data, **kwargs)
        everything = ("", _("all"))
        self.fields["quartier"].choices = [everything, *District.objects.published().values_list("slug", "name")]
        self.fields["foerderprogramm"].choices = [
            everything,
            *FundingProgramme.objects.published().values_list("slug", "short_name"),
        ]
        self.fields["status"].choices = [everything, *Status.choices]
        self.fields["zielgruppe"].choices = [everything, *TargetGroup.objects.values_list("slug", "name")]
        self.fields["handlungsfeld"].choices = [
            everything,
            *((field.slug, str(field)) for field in FieldOfAction.objects.only("code", "name", "slug")),
        ]

    def clean_partner(self):
        return organisation_parameter(self.cleaned_data["partner"])

    def filter_quartier(self, queryset, value):
        return queryset.filter(published_q("districts"), districts__slug=value)

    def filter_foerderprogramm(self, queryset, value):
        return queryset.filter(published_q("fundings__programme"), fundings__programme__slug=value)

    def filter_status(self, queryset, value):
        return queryset.with_status(Status(value))

    def filter_zielgruppe(self, queryset, value):
        return queryset.filter(target_groups__slug=value)

    def filter_handlungsfeld(self, queryset, value):
        return queryset.filter(field_of_action__slug=value)

    def filter_partner(self, queryset, organisation):
        """Projects the organisation is responsible for or a partner in, each once."""
        projects = [
            getattr(Project, name).through.objects.filter(organisation=organisation).values("project_id")
            for name in ("responsible_organisations", "partners")
        ]
        return queryset.filter(Q(pk__in=projects[0]) | Q(pk__in=projects[1]))

    def filter_ohne_archiv(self, queryset, value):
        return queryset.filter(archived=False)
