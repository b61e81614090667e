"""The back office's start page (``templates/admin/index.html``): the dashboard's boxes
(``portal/dashboard.py``) and the app list with django-axes' section at its end."""

from django import template

from portal.dashboard import dashboard

register = template.Library()

# Sections that are seldom needed: after the content apps, not first because their
# German names ("Anmeldeschutz", "Authentifizierung") sort to the top.
LAST_APPS = ("auth", "axes")


@register.simple_tag(takes_context=True)
def dashboard_boxes(context):
    return dashboard(context["request"])


@register.filter
def seldom_used_last(app_list):
    """The app list with the login protection and user accounts last."""
    return sorted(app_list, key=lambda app: app["app_label"] in LAST_APPS)
