"""The filters of the partner list (``/partner/?art=…``): a :class:`core.filters.FilterForm`.
Unknown values are reported in German and ignored, so a hand-edited address still shows a
normal page."""

from django import forms
from django.utils.translation import gettext_lazy as _

from core.filters import FilterForm
from partners.models import OrganisationKind

SELECT = forms.Select(attrs={"class": "form-select"})


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
