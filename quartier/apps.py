from axes.apps import AppConfig as AxesConfig
from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class QuartierConfig(AppConfig):
    default = True  # this module holds a second app config, for django-axes
    name = "quartier"
    verbose_name = _("Districts and site")

    def ready(self):
        from quartier import checks  # noqa: F401 - registers the system checks
        from quartier.lookups import register_lookups

        register_lookups()  # values no column holds find nothing instead of failing


class LoginProtectionConfig(AxesConfig):
    """django-axes under a German heading in the back office (the package names it "Axes")."""

    default = False
    verbose_name = _("Login protection")
