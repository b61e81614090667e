from django.urls import path

from partners import views

app_name = "partners"

urlpatterns = [
    path("partner/", views.OrganisationListView.as_view(), name="organisation_list"),
    path("partner/<slug:slug>/", views.OrganisationDetailView.as_view(), name="organisation_detail"),
    path("ansprechpersonen/", views.ContactListView.as_view(), name="contact_list"),
]
