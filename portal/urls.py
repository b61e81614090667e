from django.contrib.sitemaps.views import sitemap
from django.urls import path

from core.views import favicon
from portal import search, sitemaps, views

app_name = "portal"

urlpatterns = [
    path("", views.home, name="home"),
    path("quartiere/<slug:slug>/", views.DistrictDetailView.as_view(), name="district_detail"),
    path("suche/", search.search_results, name="search"),
    path("sitemap.xml", sitemap, {"sitemaps": sitemaps.SITEMAPS}, name="sitemap"),
    path("robots.txt", sitemaps.robots_txt, name="robots_txt"),
    path("favicon.ico", favicon, name="favicon"),
]
