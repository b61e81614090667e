from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class QuartierConfig(AppConfig):
    """The districts domain: districts, their offices and the site pages."""

    name = "quartier"
    verbose_name = _("Districts and site")
