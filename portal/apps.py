from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PortalConfig(AppConfig):
    """Cross-app features on top of the domain apps: the start page, the page of a district,
    search and the demo network (``seed_demo``). No models."""

    name = "portal"
    verbose_name = _("Portal")
