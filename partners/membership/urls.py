from django.urls import path
from django.utils.translation import gettext_lazy as _

from partners.membership import views

app_name = "membership"

urlpatterns = [
    path("", views.request_form, name="request"),
    path("danke/", views.message_page("partners/membership_thanks.html", _("Thank you")), name="thanks"),
    path(
        "bereits-mitglied/",
        views.message_page("partners/membership_already_member.html", _("Already a member")),
        name="already_member",
    ),
    path(
        "in-bearbeitung/",
        views.message_page("partners/membership_already_pending.html", _("Request already received")),
        name="already_pending",
    ),
    path("bestaetigen/<str:token>/", views.confirm, name="confirm"),
    path("bestaetigt/", views.message_page("partners/membership_confirmed.html", _("Confirmation")), name="confirmed"),
]
