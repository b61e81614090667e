"""The filters of the partner list (``/partner/?art=…``): a :class:`core.filters.FilterForm`.
Unknown values are reported in German and ignored, so a hand-edited address still shows a
normal page."""

from django import forms
from django.utils.translation import gettext_lazy as _

from core.filters import UNKNOWN_VALUE, FilterForm
from partners.models import Organisation, OrganisationKind

SELECT = forms.Select(attrs={"class": "form-select"})


def organisation_parameter(slug):
    """The published organisation a list parameter names by its slug (one query, only when
    given); an unknown slug is the filters' "unknown value" error."""
    if not slug:
        return None
    organisation = Organisation.objects.published().only("id", "name", "slug").filter(slug=slug).first()
    if organisation is None:
        raise forms.ValidationError(UNKNOWN_VALUE["invalid_choice"], code="invalid_choice")
    return organisation


class OrganisationFilterForm(FilterForm):
    """GET parameters of /partner/. ``districts`` are the districts the visitor may see
    (with ``slug`` and ``name``); their choices are loaded once, in one query."""

    art = forms.ChoiceField(
        label=_("Kind of organisation"),
        required=False,
        widget=SELECT,
        error_messages={"invalid_choice": _("This kind does not exist. All kinds are shown.")},
    )
    quartier = forms.ChoiceField(
        label=_("Active in district"),
        required=False,
        widget=SELECT,
        error_messages={"invalid_choice": _("This district does not exist. All districts are shown.")},
    )
    mitglieder = forms.BooleanField(
        label=_("only members of the working group"),
        required=False,
        widget=forms.CheckboxInput(attrs={"class": "form-check-input"}),
    )

    def __init__(self, data=None, *, districts, **kwargs):
        super().__init__(data, **kwargs)
        self.fields["art"].choices = [("", _("all kinds")), *OrganisationKind.choices]
        self.fields["quartier"].choices = [("", _("all districts")), *districts.values_list("slug", "name")]

    def filter_art(self, queryset, value):
        return queryset.filter(kind=value)

    def filter_quartier(self, queryset, value):
        return queryset.filter(districts__slug=value)

    def filter_mitglieder(self, queryset, value):
        return queryset.filter(is_member=True)


class ContactFilterForm(FilterForm):
    """GET parameters of /ansprechpersonen/: the district (a select: the districts are
    few) and the organisation (its slug, from the links of the organisation pages: a
    thousand organisations make no select; shown as an active filter instead)."""

    quartier = forms.ChoiceField(label=_("District"), required=False, widget=SELECT, error_messages=UNKNOWN_VALUE)
    organisation = forms.SlugField(
        label=_("Organisation"),
        required=False,
        widget=forms.HiddenInput,
        error_messages={"invalid": UNKNOWN_VALUE["invalid_choice"]},
    )

    def __init__(self, data=None, *, districts, **kwargs):
        super().__init__(data, **kwargs)
        self.fields["quartier"].choices = [("", _("all districts")), *districts.values_list("slug", "name")]

    def clean_organisation(self):
        return organisation_parameter(self.cleaned_data["organisation"])

    def filter_quartier(self, queryset, value):
        return queryset.filter(districts__slug=value)

    def filter_organisation(self, queryset, organisation):
        return queryset.filter(organisation=organisation)
