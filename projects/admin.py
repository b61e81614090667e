"""Back office for projects, laid out like the project fact sheet (Projektsteckbrief)."""

from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from core.admin_export import ExportImportAdminMixin
from core.admin_filters import TextContainsFilter
from core.admin_helpers import (
    FORMFIELD_OVERRIDES,
    HistoryAdmin,
    PublishableAdmin,
    archive,
    image_preview,
    period,
)
from core.admin_inlines import BoundedInlineMixin
from core.admin_locking import OptimisticLockInlineMixin
from funding.models import Funding
from projects.models import FieldOfAction, Project, ProjectImage, Status, TargetGroup
from projects.resources import ProjectResource
from quartier.admin_editors import DistrictScopedAdminMixin

project_image_preview = image_preview("image", rendition_field="rendition", alt_field="alt_text")


class StatusListFilter(admin.SimpleListFilter):
    """Planned, running or completed: derived from the runtime, never stored."""

    title = _("status")
    parameter_name = "status"

    def lookups(self, request, model_admin):
        return Status.choices

    def queryset(self, request, queryset):
        if self.value() in Status.values:
            return queryset.with_status(Status(self.value()))
        return queryset


class ResponsibleBodyFilter(TextContainsFilter):
    """Typed, not listed: a network has hundreds of organisations."""

    title = _("responsible body")
    parameter_name = "traeger"
    fields = ["responsible_organisations__name", "responsible_organisations__short_name"]


class ProjectImageInline(OptimisticLockInlineMixin, admin.StackedInline):
    model = ProjectImage
    extra = 0
    formfield_overrides = FORMFIELD_OVERRIDES
    fields = ["image", "preview", "alt_text", ("caption", "credit"), "position"]
    readonly_fields = ["preview"]
    preview = project_image_preview


class FundingInline(BoundedInlineMixin, OptimisticLockInlineMixin, admin.TabularInline):
    model = Funding
    # The programme autocomplete of each row, printed from memory; the row's name reads both.
    list_select_related = ["programme", "project"]
    extra = 0
    formfield_overrides = FORMFIELD_OVERRIDES  # amounts as 480.000,00
    autocomplete_fields = ["programme"]
    fields = ["programme", "amount", "share", "note"]


@admin.register(Project)
class ProjectAdmin(ExportImportAdminMixin, DistrictScopedAdminMixin, PublishableAdmin):
    resource_classes = [ProjectResource]
    importable = True
    list_display = ["title", "code", "field_of_action_code", "status_column", "runtime", "archived", "published"]
    list_display_links = ["title"]
    list_filter = [
        StatusListFilter,
        "field_of_action",
        ("fundings__programme", admin.RelatedOnlyFieldListFilter),
        ResponsibleBodyFilter,
        "published",
        "archived",
        "districts",
        "target_groups",
    ]
    list_select_related = ["field_of_action"]
    search_fields = ["title", "code", "summary", "description"]
    slug_source = "title"
    date_hierarchy = "start"
    actions = [*PublishableAdmin.actions, archive]
    autocomplete_fields = [
        "field_of_action",
        "responsible_organisations",
        "partners",
        "districts",
        "contacts",
        "target_groups",
        "related_projects",
    ]
    readonly_fields = ["status_column", *PublishableAdmin.readonly_fields]
    inlines = [FundingInline, ProjectImageInline]
    # The project's history also lists the changes of its fundings and images.
    history_related = [(Funding, "project"), (ProjectImage, "project")]
    fieldsets = [
        (None, {"fields": ["title", "slug", ("code", "field_of_action"), "summary"]}),
        (_("Goals"), {"fields": ["impact_goals", "result_goals"]}),
        (_("Description and tasks"), {"fields": ["description", "tasks"]}),
        (_("Runtime"), {"fields": [("start", "end"), "status_column", "staffing"]}),
        (
            _("Costs"),
            {
                "fields": ["total_cost", "further_funds"],
                "description": _("The fundings by programme are listed below the fact sheet."),
            },
        ),
        (_("Responsible bodies"), {"fields": ["responsible_organisations", "partners", "contacts"]}),
        (_("Where and for whom"), {"fields": ["districts", "target_groups"]}),
        (_("Cross-references"), {"fields": ["related_projects"]}),
        (_("Publication"), {"fields": ["published", ("archived", "archive_note"), ("created_at", "updated_at")]}),
    ]

    def get_queryset(self, request):
        return super().get_queryset(request).annotate_status()

    @admin.display(description=_("field of action"), ordering="field_of_action__code")
    def field_of_action_code(self, obj):
        field = obj.field_of_action
        return (field.code or field.name) if field else "-"

    @admin.display(description=_("runtime"), ordering="start")
    def runtime(self, obj):
        return period(obj.start, obj.end)

    @admin.display(description=_("status"), ordering="status_code")
    def status_column(self, obj):
        if obj.pk is None:
            return "-"
        return obj.status().label


@admin.register(ProjectImage)
class ProjectImageAdmin(DistrictScopedAdminMixin, HistoryAdmin):
    list_display = ["alt_text", "project", "credit", "position", "thumbnail"]
    list_select_related = ["project"]
    search_fields = ["alt_text", "caption", "credit", "project__title"]
    autocomplete_fields = ["project"]
    readonly_fields = ["preview"]
    fields = ["project", "image", "preview", "alt_text", "caption", "credit", "position"]
    preview = project_image_preview
    # The alternative text is the first column already: the thumbnail is decorative here.
    thumbnail = image_preview("image", rendition_field="rendition", width=96)


@admin.register(FieldOfAction)
class FieldOfActionAdmin(HistoryAdmin):
    list_display = ["code", "name", "slug"]
    list_display_links = ["code", "name"]
    search_fields = ["code", "name"]
    slug_source = "name"
    fields = ["code", "name", "slug"]


@admin.register(TargetGroup)
class TargetGroupAdmin(HistoryAdmin):
    list_display = ["name", "slug"]
    search_fields = ["name"]
    slug_source = "name"
    fields = ["name", "slug"]
