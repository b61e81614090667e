from django.urls import path
from django.utils.translation import gettext_lazy as _

from partners.membership import views

app_name = "membership"

urlpatterns = [
    path("", views.request_form, name="request"),
    path("danke/", views.message_page("partners/membership_thanks.html", _("Thank you")), name="thanks"),
    path("bestaetigen/<str:token>/", views.confirm, name="confirm"),
    path("bestaetigt/", views.message_page("partners/membership_confirmed.html", _("Confirmation")), name="confirmed"),
]
