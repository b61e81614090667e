"""The back office as a whole: the admin site's settings and django-axes' list of failed
logins. The admin classes of the models live in each domain app's ``admin.py``."""

from axes.admin import AccessAttemptAdmin
from axes.models import AccessAttempt
from django.contrib import admin
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from core import admin_permissions

# The back office lists are wide (status, dates, flags): the app list stays on the
# start page and in the breadcrumbs instead of a sidebar that halves every table.
admin.site.enable_nav_sidebar = False


class LoginAttemptAdmin(AccessAttemptAdmin):
    """django-axes' list of failed logins, with its clean-up action repaired: in
    django-axes 8.3 the action reads the attempt time that only the login handler sets
    on a request, so it failed with a 500 for every selection."""

    actions = ["cleanup_expired_attempts"]

    @admin.action(description=_("Clean up expired attempts"))
    def cleanup_expired_attempts(self, request, queryset):
        request.axes_attempt_time = timezone.now()  # the cool-off counts back from now
        count = self.handler.clean_expired_user_attempts(request=request)
        self.message_user(
            request,
            ngettext("%(count)d expired login attempt removed.", "%(count)d expired login attempts removed.", count)
            % {"count": count},
        )


if admin.site.is_registered(AccessAttempt):
    admin.site.unregister(AccessAttempt)
    admin.site.register(AccessAttempt, LoginAttemptAdmin)


# Groups and users: permission names in German (core/admin_permissions.py).
admin_permissions.register()
