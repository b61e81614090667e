"""Back office for districts, their offices and the site pages."""

from django.contrib import admin
from django.template.loader import render_to_string
from django.utils.translation import gettext_lazy as _

from core.admin_helpers import FORMFIELD_OVERRIDES, HistoryAdmin, PublishableAdmin, archive, image_preview, period
from core.admin_locking import OptimisticLockInlineMixin
from quartier import admin_editors, geo
from quartier.admin_editors import DistrictScopedAdminMixin, OwnDistrictsAutocompleteMixin
from quartier.forms import DistrictForm
from quartier.maps import outline_map
from quartier.models import District, Office, SitePage


class OfficeInline(OptimisticLockInlineMixin, admin.StackedInline):
    model = Office
    extra = 0
    show_change_link = True
    autocomplete_fields = ["contacts"]
    formfield_overrides = FORMFIELD_OVERRIDES
    fields = [
        ("name", "kind"),
        ("street", "postcode", "city"),
        "opening_hours",
        ("phone", "email"),
        "accessibility",
        "contacts",
        "published",
    ]


@admin.register(District)
class DistrictAdmin(OwnDistrictsAutocompleteMixin, PublishableAdmin):
    list_display = ["name", "kind", "programme_status_column", "programme_period", "archived", "published"]
    list_filter = ["kind", "published", "archived"]
    search_fields = ["name", "summary", "description"]
    slug_source = "name"
    actions = [*PublishableAdmin.actions, archive]
    inlines = [OfficeInline]
    # The district's history also lists the changes of its offices.
    history_related = [(Office, "district")]
    form = DistrictForm
    image_preview = image_preview("image", rendition_field="image_rendition", alt_field="image_alt")
    readonly_fields = ["image_preview", "boundary_preview", *PublishableAdmin.readonly_fields]
    fieldsets = [
        (None, {"fields": ["name", "slug", "kind", "summary", "description"]}),
        (_("Image"), {"fields": ["image", "image_preview", "image_alt", "image_credit"]}),
        (_("Map"), {"fields": ["boundary_preview", "boundary_file", "boundary"], "classes": ["boundary-fieldset"]}),
        (_("Funding programme"), {"fields": ["programme_name", ("programme_start", "programme_end")]}),
        (_("Publication"), {"fields": ["published", "archived", "archive_note", ("created_at", "updated_at")]}),
    ]

    class Media:
        js = ["js/admin-boundary-preview.js"]
        css = {"all": ["css/admin-boundary.css"]}

    @admin.display(description=_("preview"))
    def boundary_preview(self, obj):
        """The saved boundary among the other districts (server-side SVG); the script
        redraws it in the browser as soon as a file is chosen or GeoJSON pasted."""
        others = District.objects.filter(boundary__isnull=False).only("id", "name", "slug", "boundary")
        if obj is not None and obj.pk:
            others = others.exclude(pk=obj.pk)
        others = [d for d in others if isinstance(d.boundary, dict)]
        saved = ""
        if obj is not None and obj.pk and obj.boundary:
            saved = outline_map(obj, others=others, title=_("Saved boundary on the map"), map_id="boundary-map")
        context = {
            "saved_map": saved,
            "neighbours": [{"name": d.name, "boundary": d.boundary} for d in others],
            "max_bytes": geo.MAX_FILE_BYTES,
        }
        return render_to_string("admin/quartier/district/boundary_preview.html", context)

    @admin.display(description=_("programme status"))
    def programme_status_column(self, obj):
        return obj.programme_status().label

    @admin.display(description=_("programme period"), ordering="programme_start")
    def programme_period(self, obj):
        return period(obj.programme_start, obj.programme_end)


@admin.register(Office)
class OfficeAdmin(DistrictScopedAdminMixin, PublishableAdmin):
    list_display = ["name", "kind", "district", "street", "city", "published"]
    list_filter = ["kind", "published", "district"]
    list_select_related = ["district"]
    search_fields = ["name", "street", "city", "district__name"]
    autocomplete_fields = ["district", "contacts"]
    fieldsets = [
        (None, {"fields": ["name", "kind", "district"]}),
        (_("Address and hours"), {"fields": [("street", "postcode", "city"), "opening_hours", "accessibility"]}),
        (_("Contact"), {"fields": [("phone", "email"), "contacts"]}),
        (_("Publication"), {"fields": ["published", ("created_at", "updated_at")]}),
    ]


@admin.register(SitePage)
class SitePageAdmin(HistoryAdmin):
    list_display = ["title", "slug", "updated_at"]
    search_fields = ["title", "body"]
    readonly_fields = ["updated_at"]
    fields = ["slug", "title", "body", "updated_at"]

    def has_delete_permission(self, request, obj=None):
        # Every page's footer links to these three pages: they are edited, never deleted.
        return False


# The user admin lists the districts a district editor edits (quartier/admin_editors.py).
admin_editors.register()
