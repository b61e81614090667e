from django.urls import path

from quartier import views

app_name = "quartier"

urlpatterns = [
    path("quartiere/", views.DistrictListView.as_view(), name="district_list"),
    path("anlaufstellen/", views.OfficeListView.as_view(), name="office_list"),
    path("impressum/", views.site_page, {"slug": "impressum"}, name="impressum"),
    path("datenschutz/", views.site_page, {"slug": "datenschutz"}, name="datenschutz"),
    path("barrierefreiheit/", views.site_page, {"slug": "barrierefreiheit"}, name="barrierefreiheit"),
]
