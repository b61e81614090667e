from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PortalConfig(AppConfig):
    """Cross-app features on top of the domain apps: the start page, the page of a district,
    search, the demo network (``seed_demo``) and the old addresses of renamed entries
    (``redirects.py``, its one model ``SlugRedirect``)."""

    name = "portal"
    verbose_name = _("Portal")

    def ready(self):
        from portal import redirects

        redirects.connect_signals()
