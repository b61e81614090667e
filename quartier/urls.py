from django.conf import settings
from django.contrib import admin
from django.urls import include, path
from django.views.static import serve

admin.site.site_header = settings.SITE_NAME
admin.site.site_title = settings.SITE_NAME

urlpatterns = [
    path(settings.ADMIN_URL, admin.site.urls),
    path("projekte/", include("projects.urls")),
    path("partner/", include("partners.urls")),
    path("mitmachen/", include("partners.membership.urls")),
    path("foerderprogramme/", include("funding.urls")),
    path("suche/", include("quartier.search_urls")),
    path("", include("quartier.public_urls")),
]

if settings.DEBUG:
    urlpatterns += [path("media/<path:path>", serve, {"document_root": settings.MEDIA_ROOT})]
