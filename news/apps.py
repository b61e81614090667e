from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class NewsConfig(AppConfig):
    """The network's "Aktuelles" (posts) and "Termine" (events)."""

    name = "news"
    verbose_name = _("News and events")
