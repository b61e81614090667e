"""Two doors of the back office that asked for less than the page behind them shows:

- simple-history's version page saves a posted form (a "revert") after checking only
  the view permission: :class:`HistoryRevertPermissionMixin` asks for the change
  permission on that entry, as the change page does;
- the "view on site" shortcut (``<admin>/r/<content type>/<id>/``) redirected any staff
  account to the public address of any entry, drafts included, so their slugs were no
  secret: :func:`view_on_site` asks for the view permission on the model first."""

from django.contrib import admin
from django.contrib.admin.utils import unquote
from django.contrib.auth import get_permission_codename
from django.contrib.contenttypes import views as contenttypes_views
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied
from django.http import Http404

SAFE_METHODS = ("GET", "HEAD", "OPTIONS")


class HistoryRevertPermissionMixin:
    """For a SimpleHistoryAdmin: an old version is read with the view permission and
    saved back only with the change permission on the entry (and, for an entry deleted
    since, the add permission too), and never where the "Revert" button is hidden."""

    def history_form_view(self, request, object_id, version_id, extra_context=None):
        if request.method not in SAFE_METHODS:
            current = self.get_object(request, unquote(object_id))
            allowed = self.has_change_permission(request, current) and (
                current is not None or self.has_add_permission(request)
            )
            if not allowed or self.revert_disabled(request, current):
                raise PermissionDenied
        return super().history_form_view(request, object_id, version_id, extra_context)


def may_view_model(request, model):
    """The rule of the admin itself: its view-or-change permission for a registered
    model, the user's model permissions otherwise."""
    model_admin = admin.site._registry.get(model)
    if model_admin is not None:
        return model_admin.has_view_or_change_permission(request)
    opts = model._meta
    return any(
        request.user.has_perm(f"{opts.app_label}.{get_permission_codename(action, opts)}")
        for action in ("view", "change")
    )


def view_on_site(request, content_type_id, object_id):
    """Django's shortcut, for those who may view that model."""
    try:
        model = ContentType.objects.get_for_id(content_type_id).model_class()
    except ContentType.DoesNotExist:
        raise Http404 from None
    if model is None:
        raise Http404
    if not may_view_model(request, model):
        raise PermissionDenied
    return contenttypes_views.shortcut(request, content_type_id, object_id)
