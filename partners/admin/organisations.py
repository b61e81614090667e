"""Back office for organisations and contact persons."""

from django.contrib import admin
from django.utils import timezone
from django.utils.translation import gettext, ngettext
from django.utils.translation import gettext_lazy as _

from core.admin_export import ExportImportAdminMixin
from core.admin_filters import TextContainsFilter
from core.admin_helpers import HistoryAdmin, PublishableAdmin, image_preview
from core.admin_inlines import BoundedInlineMixin
from core.admin_locking import OptimisticLockInlineMixin
from partners.models import ContactPerson, Organisation
from partners.resources import ContactPersonResource, OrganisationResource
from quartier.admin_editors import DistrictScopedAdminMixin


class ContactPersonInline(BoundedInlineMixin, OptimisticLockInlineMixin, admin.StackedInline):
    model = ContactPerson
    # Each row's districts once for all rows: an organisation with 200 contact persons
    # costs the queries of one with 5 (core/admin_inlines.py).
    list_select_related = ["organisation"]  # each row's name reads it
    list_prefetch_related = ["districts"]
    extra = 0
    show_change_link = True
    autocomplete_fields = ["districts"]
    fields = [
        ("name", "role"),
        "unit",
        ("email", "phone"),
        "address",
        "office_hours",
        "districts",
        ("publication_consent", "last_checked"),
    ]


@admin.register(Organisation)
class OrganisationAdmin(ExportImportAdminMixin, PublishableAdmin):
    resource_classes = [OrganisationResource]
    list_display = ["name", "short_name", "kind", "is_member", "member_since", "city", "published"]
    list_filter = ["kind", "is_member", "published", "districts"]
    search_fields = ["name", "short_name", "description", "city"]
    slug_source = "name"
    autocomplete_fields = ["districts"]
    inlines = [ContactPersonInline]
    # The organisation's history also lists the changes of its contact persons.
    history_related = [(ContactPerson, "organisation")]
    logo_preview = image_preview("logo", rendition_field="logo_rendition", alt_field="logo_alt")
    readonly_fields = ["logo_preview", *PublishableAdmin.readonly_fields]
    fieldsets = [
        (None, {"fields": ["name", "short_name", "slug", "kind", "description"]}),
        (_("Contact"), {"fields": ["website", ("email", "phone"), ("street", "postcode", "city")]}),
        (_("Logo"), {"fields": ["logo", "logo_preview", "logo_alt"]}),
        (_("Network"), {"fields": [("is_member", "member_since"), "districts"]}),
        (_("Publication"), {"fields": ["published", ("created_at", "updated_at")]}),
    ]


@admin.action(description=_("Mark as checked"), permissions=["change"])
def mark_checked(modeladmin, request, queryset):
    """Sets "last checked" to today, row by row so that each change is in the history."""
    today = timezone.localdate()
    count = 0
    for contact in queryset:
        contact.last_checked = today
        contact._history_user = request.user
        contact._change_reason = gettext("Marked as checked")
        contact.save(update_fields=["last_checked", "updated_at"])
        count += 1
    modeladmin.message_user(
        request,
        ngettext(
            "%(count)d contact person marked as checked today.",
            "%(count)d contact persons marked as checked today.",
            count,
        )
        % {"count": count},
    )


class OrganisationNameFilter(TextContainsFilter):
    """Typed, not listed: a network has hundreds of organisations."""

    title = _("organisation")
    parameter_name = "organisation"
    fields = ["organisation__name", "organisation__short_name"]


@admin.register(ContactPerson)
class ContactPersonAdmin(ExportImportAdminMixin, DistrictScopedAdminMixin, HistoryAdmin):
    resource_classes = [ContactPersonResource]
    actions = [mark_checked]
    list_display = ["name", "role", "organisation", "email", "publication_consent", "last_checked"]
    list_filter = ["publication_consent", OrganisationNameFilter, "districts"]
    # Also needed with get_queryset below: without it the changelist would call a bare
    # select_related(), which follows only non-null keys and drops the organisation.
    list_select_related = ["organisation"]
    search_fields = ["name", "role", "unit", "email", "organisation__name", "organisation__short_name"]
    autocomplete_fields = ["organisation", "districts"]
    readonly_fields = ["created_at", "updated_at"]
    fieldsets = [
        (None, {"fields": ["name", "role", "organisation", "unit"]}),
        (_("Contact"), {"fields": [("email", "phone"), "address", "office_hours"]}),
        (_("Districts"), {"fields": ["districts"]}),
        (
            _("Publication"),
            {"fields": [("publication_consent", "last_checked"), ("created_at", "updated_at")]},
        ),
    ]

    def get_queryset(self, request):
        # __str__ names the organisation: one join instead of one query per row in the
        # autocomplete results (offices, projects) and wherever else this admin lists.
        return super().get_queryset(request).select_related("organisation")
