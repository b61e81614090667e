from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class QuartierConfig(AppConfig):
    """The districts domain: districts, their offices and the site pages."""

    name = "quartier"
    verbose_name = _("Districts and site")

    def ready(self):
        # District editors preview the drafts of their own districts only.
        from core import content
        from quartier import editors

        if editors.preview_scope not in content.PREVIEW_SCOPES:
            content.PREVIEW_SCOPES.append(editors.preview_scope)
