"""Back office for funders, funding programmes and the fundings of projects."""

from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from core.admin_export import ExportImportAdminMixin
from core.admin_helpers import HistoryAdmin, PublishableAdmin
from core.admin_numbers import german_amount
from funding.models import Funder, Funding, FundingProgramme
from funding.resources import FundingResource
from quartier.admin_editors import DistrictScopedAdminMixin


@admin.register(Funder)
class FunderAdmin(HistoryAdmin):
    list_display = ["name", "short_name", "level", "website"]
    list_filter = ["level"]
    search_fields = ["name", "short_name"]
    slug_source = "name"
    fields = ["name", "short_name", "slug", "level", "website", "emblem_note"]


@admin.register(FundingProgramme)
class FundingProgrammeAdmin(PublishableAdmin):
    list_display = ["short_name", "name", "kind", "period_start", "period_end", "published"]
    list_filter = ["kind", "funders", "published"]
    search_fields = ["name", "short_name", "summary", "guideline_reference"]
    slug_source = "short_name"
    autocomplete_fields = ["funders"]
    # The programme's history also lists the changes of its fundings.
    history_related = [(Funding, "programme")]
    fieldsets = [
        (None, {"fields": ["name", "short_name", "slug", "kind", "funders"]}),
        (_("Description"), {"fields": ["summary", "description"]}),
        (
            _("Funding period and guideline"),
            {"fields": [("period_start", "period_end"), "guideline_reference", "website"]},
        ),
        (_("Publication"), {"fields": ["published", ("created_at", "updated_at")]}),
    ]


@admin.register(Funding)
class FundingAdmin(ExportImportAdminMixin, DistrictScopedAdminMixin, HistoryAdmin):
    resource_classes = [FundingResource]
    importable = True
    list_display = ["project", "programme", "amount_column", "share"]
    list_filter = ["programme"]
    list_select_related = ["project", "programme"]
    search_fields = ["project__title", "project__code", "programme__name", "programme__short_name", "note"]
    autocomplete_fields = ["project", "programme"]
    fields = ["project", "programme", ("amount", "share"), "note"]

    @admin.display(description=_("amount (EUR)"), ordering="amount")
    def amount_column(self, obj):
        return german_amount(obj.amount)
