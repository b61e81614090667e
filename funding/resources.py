"""Fundings as a table (export and import in the admin, ``core/admin_export.py``): one
row per project and programme, both named by URL name."""

from import_export.fields import Field

from core.admin_export import GermanDecimalWidget, PortalResource, SlugForeignKeyWidget
from funding.models import Funding, FundingProgramme
from quartier import editors

# The project model through the relation: funding sits below projects in the layers.
Project = Funding._meta.get_field("project").related_model


class FundingResource(PortalResource):
    # A district editor names only projects of their districts (quartier/editors.py).
    project = Field("project", "Projekt", widget=SlugForeignKeyWidget(Project, scope=editors.scope))
    project_title = Field("project__title", "Projekttitel", readonly=True)
    programme = Field("programme", "Förderprogramm", widget=SlugForeignKeyWidget(FundingProgramme))
    programme_name = Field("programme__name", "Programmname", readonly=True)
    amount = Field("amount", "Betrag (EUR)", widget=GermanDecimalWidget())
    share = Field("share", "Förderquote (%)", widget=GermanDecimalWidget())
    note = Field("note", "Anmerkung")

    class Meta(PortalResource.Meta):
        model = Funding
        fields = ["project", "project_title", "programme", "programme_name", "amount", "share", "note"]
        import_id_fields = ["project", "programme"]

    def filter_export(self, queryset, **kwargs):
        return queryset.select_related("project", "programme")
