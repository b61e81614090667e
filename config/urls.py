from django.conf import settings
from django.contrib import admin
from django.urls import include, path
from django.views.static import serve

from core.admin_access import view_on_site
from core.admin_search import NamedAutocompleteJsonView

admin.site.site_header = settings.SITE_NAME
admin.site.site_title = settings.SITE_NAME

urlpatterns = [
    # Before the admin's own shortcut of the same address: asks for the view permission.
    path(
        settings.ADMIN_URL + "r/<int:content_type_id>/<path:object_id>/",
        admin.site.admin_view(view_on_site),
        name="view_on_site_checked",
    ),
    # Before the admin's own autocomplete of the same address: names first, drafts marked.
    path(
        settings.ADMIN_URL + "autocomplete/",
        admin.site.admin_view(NamedAutocompleteJsonView.as_view(admin_site=admin.site)),
        name="autocomplete_named",
    ),
    path(settings.ADMIN_URL, admin.site.urls),
    path("projekte/", include("projects.urls")),
    path("", include("partners.urls")),  # partner/ and ansprechpersonen/
    path("mitmachen/", include("partners.membership.urls")),
    path("foerderprogramme/", include("funding.urls")),
    path("", include("news.urls")),  # aktuelles/, termine/
    path("", include("quartier.urls")),  # quartiere/, anlaufstellen/, the site pages
    path("", include("portal.urls")),  # start page, one district's page, suche/
]

if settings.DEBUG:
    urlpatterns += [path("media/<path:path>", serve, {"document_root": settings.MEDIA_ROOT})]
