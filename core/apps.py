from axes.apps import AppConfig as AxesConfig
from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CoreConfig(AppConfig):
    """The shared toolkit every domain app builds on. No models of its own: it holds the
    template tags, the system checks, the lookups and the management commands of operations."""

    default = True  # this module holds a second app config, for django-axes
    name = "core"
    verbose_name = _("Toolkit")

    def ready(self):
        from core import checks  # noqa: F401 - registers the system checks
        from core.lookups import register_lookups
        from core.page_cache import connect_signals

        register_lookups()  # values no column holds find nothing instead of failing
        connect_signals()  # every edit of a public page's data invalidates the page cache


class LoginProtectionConfig(AxesConfig):
    """django-axes under a German heading in the back office (the package names it "Axes")."""

    default = False
    verbose_name = _("Login protection")
