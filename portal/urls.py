from django.urls import path

from portal import search, views

app_name = "portal"

urlpatterns = [
    path("", views.home, name="home"),
    path("quartiere/<slug:slug>/", views.DistrictDetailView.as_view(), name="district_detail"),
    path("suche/", search.search_results, name="search"),
]
