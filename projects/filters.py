"""The filters of the project list, validated like any other form input.

Every filter lives in the URL (a GET form), so a filtered list can be bookmarked and
shared. A value that does not validate (an unknown district, a 10,000-character string,
HTML) is ignored and reported; it never reaches the database as a lookup.
"""

from django import forms
from django.utils.translation import gettext_lazy as _

from funding.models import FundingProgramme
from projects.models import FieldOfAction, Status, TargetGroup
from quartier.models import District

# Longer values cannot be a slug or status of ours; they are cut before validation.
MAX_VALUE_LENGTH = 100
SELECT = forms.Select(attrs={"class": "form-select"})


class ProjectFilterForm(forms.Form):
    """GET parameters of /projekte/. The choices are loaded once per request (one query
    per select), so rendering and validating run a fixed number of queries."""

    quartier = forms.ChoiceField(label=_("District"), required=False, widget=SELECT)
    foerderprogramm = forms.ChoiceField(label=_("Funding programme"), required=False, widget=SELECT)
    status = forms.ChoiceField(label=_("Status"), required=False, widget=SELECT)
    zielgruppe = forms.ChoiceField(label=_("Target group"), required=False, widget=SELECT)
    handlungsfeld = forms.ChoiceField(label=_("Field of action"), required=False, widget=SELECT)
    ohne_archiv = forms.BooleanField(
        label=_("Hide archived projects"),
        required=False,
        widget=forms.CheckboxInput(attrs={"class": "form-check-input"}),
    )

    def __init__(self, data=None, **kwargs):
        if data is not None:
            data = {key: str(data.get(key, ""))[:MAX_VALUE_LENGTH] for key in self.base_fields}
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

    def valid_filters(self):
        """The filters that validated: invalid ones are dropped (and shown as errors)."""
        self.is_valid()
        return {name: value for name, value in self.cleaned_data.items() if value}

    def invalid_fields(self):
        self.is_valid()
        return [self.fields[name].label for name in self.errors]

    def filter(self, queryset, *, today=None):
        filters = self.valid_filters()
        if "quartier" in filters:
            queryset = queryset.filter(districts__slug=filters["quartier"], districts__published=True)
        if "foerderprogramm" in filters:
            queryset = queryset.filter(
                fundings__programme__slug=filters["foerderprogramm"], fundings__programme__published=True
            )
        if "zielgruppe" in filters:
            queryset = queryset.filter(target_groups__slug=filters["zielgruppe"])
        if "handlungsfeld" in filters:
            queryset = queryset.filter(field_of_action__slug=filters["handlungsfeld"])
        if "status" in filters:
            queryset = queryset.with_status(Status(filters["status"]), today)
        if filters.get("ohne_archiv"):
            queryset = queryset.filter(archived=False)
        return queryset

    def is_filtered(self):
        return bool(self.valid_filters())
